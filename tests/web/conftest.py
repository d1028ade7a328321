"""The real action server and Rasa server with the web chat channel, for browser tests."""
from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import List

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
STARTUP_SECONDS = 240
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


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except (urllib.error.URLError, ConnectionError, OSError):
        return 0


class WebAssistant:
    """`rasa run actions` and `rasa run` with channels.webchat.WebChatInput, own ports and DBs."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.base = f"http://localhost:{RASA_PORT}"
        self.processes: List[subprocess.Popen] = []
        self.endpoints = workdir / "endpoints.yml"
        self.endpoints.write_text(
            f'action_endpoint:\n  url: "http://localhost:{ACTIONS_PORT}/webhook"\n'
            f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{workdir / "rasa.db"}"\n')
        self.credentials = workdir / "credentials.yml"
        self.credentials.write_text(CREDENTIALS)
        self.env = dict(os.environ, RASA_TELEMETRY_ENABLED="false",
                        DATABASE_URL=f"sqlite:///{workdir / 'cases.db'}")
        self.log_path = workdir / "servers.log"

    def _spawn(self, args: List[str]) -> subprocess.Popen:
        log = open(self.log_path, "a")
        process = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def _wait(self, url: str, process: subprocess.Popen, what: str) -> None:
        deadline = time.time() + STARTUP_SECONDS
        while _status(url) != 200:
            if process.poll() is not None or time.time() > deadline:
                tail = self.log_path.read_text()[-4000:]
                self.stop()
                pytest.fail(f"{what} did not start:\n{tail}")
            time.sleep(1)

    def start(self) -> "WebAssistant":
        model = ROOT / "models" / "current.tar.gz"
        if not model.exists():
            pytest.fail("no trained model: run `make train`")
        if not (ROOT / "node_modules" / "rasa-webchat" / "lib" / "index.js").is_file():
            pytest.fail("rasa-webchat is not installed: run `npm ci`")
        actions = self._spawn([str(BIN / "rasa"), "run", "actions", "--port", str(ACTIONS_PORT),
                               "--actions", "actions.actions"])
        self._wait(f"http://localhost:{ACTIONS_PORT}/health", actions, "action server")
        rasa = self._spawn([str(BIN / "rasa"), "run", "--model", str(model),
                            "--endpoints", str(self.endpoints),
                            "--credentials", str(self.credentials),
                            "--port", str(RASA_PORT), "--cors", "*"])
        self._wait(f"{self.base}/webchat/health", rasa, "Rasa server with the web chat channel")
        return self

    def stop(self) -> None:
        for process in reversed(self.processes):
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.processes = []


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
