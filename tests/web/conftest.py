"""The real action server and Rasa server with the web chat channel, for browser tests."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness.servers import ROOT, Servers

RASA_PORT, ACTIONS_PORT = 5405, 5455
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# The channel as credentials.yml registers it (REST stays on too).
CREDENTIALS = """rest:
channels.webchat.WebChatInput:
  user_message_evt: user_uttered
  bot_message_evt: bot_uttered
  session_persistence: true
"""


class WebAssistant(Servers):
    """`rasa run actions` and `rasa run` with channels.webchat.WebChatInput, own ports and DBs."""

    def __init__(self, workdir: Path) -> None:
        credentials = workdir / "credentials.yml"
        credentials.write_text(CREDENTIALS)
        super().__init__(workdir, RASA_PORT, ACTIONS_PORT, credentials=credentials,
                         ready_path="/webchat/health", what="Rasa server with the web chat channel",
                         rasa_args=["--cors", "*"])

    def start(self) -> "WebAssistant":
        if not (ROOT / "node_modules" / "rasa-webchat" / "lib" / "index.js").is_file():
            pytest.fail("rasa-webchat is not installed: run `npm ci`")
        return super().start()


@pytest.fixture(scope="session")
def web_assistant(tmp_path_factory):
    server = WebAssistant(tmp_path_factory.mktemp("web")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (never `playwright install`)."""
    ci = os.environ.get("CI", "").lower() == "true"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if ci:
            pytest.fail("playwright is not installed (pip install -r requirements-dev.txt)")
        pytest.skip("playwright is not installed (pip install -r requirements-dev.txt)")
    if not CHROMIUM.is_file():
        if ci:
            pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
