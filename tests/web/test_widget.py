"""The web chat widget in real headless Chromium against the real servers.

Set CI=true to make a missing Chromium or Playwright a failure instead of a skip.
"""
from __future__ import annotations

import http.client
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
IMPASSE = "the landlord won't give back the deposit, he says she'll wreck the next flat too"
BUTTONS = ["Another idea", "Why this?", "Questions for caucus"]
SCREENSHOT = ROOT / "artifacts" / "widget.png"
TIMEOUT_MS = 60_000


def _raw_get(port: int, path: str):
    """GET a path exactly as written (no client-side normalisation of '..')."""
    connection = http.client.HTTPConnection("localhost", port, timeout=10)
    try:
        connection.request("GET", path)
        reply = connection.getresponse()
        return reply.status, reply.getheader("Content-Type") or "", reply.read()
    finally:
        connection.close()


def test_page_and_assets_are_served_and_nothing_else(web_assistant):
    port = urlparse(web_assistant.base).port
    status, content_type, body = _raw_get(port, "/webchat/")
    assert status == 200 and content_type.startswith("text/html")
    assert b'name="viewport"' in body and b"/webchat/static/rasa-webchat/index.js" in body
    assert b"{{SOCKETIO_PATH}}" not in body and b'socketPath: "/socket.io/"' in body
    status, content_type, body = _raw_get(port, "/webchat/static/rasa-webchat/index.js")
    assert status == 200 and "javascript" in content_type and b"WebChat" in body[:2000]
    assert _raw_get(port, "/webchat/static/app/webchat.css")[0] == 200
    for path in ["/webchat/static/app/../../channels/webchat.py",
                 "/webchat/static/app/%2e%2e/channels/webchat.py",
                 "/webchat/static/app/..%2f..%2fcredentials.yml",
                 "/webchat/static/rasa-webchat/../package.json",
                 "/webchat/static/rasa-webchat/%2e%2e/%2e%2e/%2e%2e/package.json",
                 "/webchat/static/rasa-webchat/..%2F..%2F..%2Fpackage.json",
                 "/webchat/static/app/%2fetc%2fpasswd",
                 "/webchat/static/node_modules/rasa-webchat/package.json",
                 "/webchat/static/app/",
                 "/webchat/static/app/missing.js"]:
        status, _, body = _raw_get(port, path)
        assert status in (400, 404), (path, status)
        assert b"rasa" not in body.lower() and b"root:" not in body, path
    # Rasa's own routes are untouched.
    assert _raw_get(port, "/")[0] == 200
    assert _raw_get(port, "/webhooks/rest/")[0] == 200


def _bot_texts(page):
    return [t.strip() for t in page.locator(".rw-response").all_inner_texts()]


def _wait_for_strategies(page, count: int) -> None:
    page.wait_for_function(
        """n => Array.from(document.querySelectorAll('.rw-response'))
                 .filter(e => e.innerText.includes('Try this:')).length >= n""",
        arg=count, timeout=TIMEOUT_MS)


def test_widget_conversation_buttons_and_reload(chromium, web_assistant):
    external = []
    context = chromium.new_context(viewport={"width": 390, "height": 844},
                                   device_scale_factor=2, is_mobile=True, has_touch=True)

    def offline_only(route):  # the page must work with no internet: refuse anything remote
        host = urlparse(route.request.url).hostname
        if host in ("localhost", "127.0.0.1"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", offline_only)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{web_assistant.base}/webchat/", wait_until="load")
        box = page.locator(".rw-new-message")
        box.wait_for(state="visible", timeout=TIMEOUT_MS)
        # initPayload /greet: the assistant introduces itself on a first visit.
        page.locator(".rw-response", has_text="I help when a mediation gets stuck").wait_for(
            timeout=TIMEOUT_MS)

        box.fill(IMPASSE)
        box.press("Enter")
        page.locator(".rw-client", has_text=IMPASSE).wait_for(timeout=TIMEOUT_MS)
        _wait_for_strategies(page, 1)
        first = [t for t in _bot_texts(page) if "Try this:" in t][0]

        for title in BUTTONS:
            button = page.locator(".rw-reply", has_text=title)
            button.wait_for(state="visible", timeout=TIMEOUT_MS)
            size = button.bounding_box()
            assert size and size["height"] >= 40, (title, size)  # a thumb-sized target
        header = page.locator(".rw-header").bounding_box()
        assert header and header["y"] >= 0, header  # the title stays on screen
        # Nothing wider than the phone's screen.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

        page.locator(".rw-reply", has_text="Another idea").click()
        _wait_for_strategies(page, 2)
        strategies = [t for t in _bot_texts(page) if "Try this:" in t]
        assert strategies[1] != first, strategies
        before_reload = _bot_texts(page)

        page.reload(wait_until="load")
        page.locator(".rw-new-message").wait_for(state="visible", timeout=TIMEOUT_MS)
        page.locator(".rw-client", has_text=IMPASSE).wait_for(timeout=TIMEOUT_MS)
        _wait_for_strategies(page, 2)
        after_reload = _bot_texts(page)
        for text in before_reload:
            assert text in after_reload, (text, after_reload)
        # The same Rasa conversation goes on after the reload (session persistence).
        box = page.locator(".rw-new-message")
        box.fill("why this?")
        box.press("Enter")
        page.wait_for_function("n => document.querySelectorAll('.rw-response').length > n",
                               arg=len(after_reload), timeout=TIMEOUT_MS)
        last = page.locator(".rw-response").last
        assert "Tell me about the impasse first" not in last.inner_text()
        page.wait_for_timeout(1000)  # let the widget finish drawing before the screenshot

        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=False)
        assert not errors, errors
        # Only the widget's optional web font may be asked for remotely; it must not matter.
        assert all(re.match(r"https://fonts\.(googleapis|gstatic)\.com/", u) for u in external), \
            external
    finally:
        context.close()
