"""scripts/serve.sh without secrets and with the repository's credentials.yml, as `make run`
starts it: the HTTP API is off, the web chat needs no token, the action server listens on
loopback only, message text stays out of the log, and scripts/forget_conversation.py removes
a conversation from the live tracker store.
"""
from __future__ import annotations

import json
import sqlite3
import subprocess
import uuid

import pytest

from harness.servers import ROOT
from served_assistant import (IMPASSE, PAGE_ORIGIN, ChatClient, clean_env, cors_origin, http,
                              served_assistant)

# Distinctive words that must never reach the log at the default level.
SECRET_WORDS = "quartz-umbrella-zebra"
PRIVATE = (f"Dana and Lee are stuck on the {SECRET_WORDS} pension split, "
           "she says he hid money from the start")
API_ROUTES = ["/conversations/{sender}/tracker", "/conversations/{sender}/story", "/status",
              "/domain"]


@pytest.fixture(scope="module")
def api_off(tmp_path_factory):
    server = served_assistant(tmp_path_factory.mktemp("api-off"), 5905, 5955,
                              (ROOT / "credentials.yml").read_text()).start()
    yield server
    server.stop()


def test_http_api_is_off_and_the_webhook_answers(api_off):
    sender = f"off-{uuid.uuid4().hex[:8]}"
    replies = api_off.say(sender, IMPASSE)
    assert any("Try this:" in (r.get("text") or "") for r in replies), replies
    for route in API_ROUTES:
        status, _ = http(api_off.base + route.format(sender=sender))
        assert status == 404, (route, status)
    # Nor does a token open it: the routes are not there at all.
    status, _ = http(api_off.base + f"/conversations/{sender}/tracker?token=anything")
    assert status == 404
    status, _ = http(api_off.base + f"/conversations/{sender}/messages", method="POST",
                     body={"text": "hello", "sender": "user"})
    assert status == 404
    assert b"Hello from Rasa" in http(api_off.base + "/")[1]


def test_no_other_site_may_read_the_answers(api_off):
    # A page on another site, open in the mediator's browser, must not read replies such as
    # an exported case from a local `make run`.
    for origin in ("https://evil.example", PAGE_ORIGIN, "null"):
        assert cors_origin(api_off.base + "/webhooks/rest/webhook", origin) is None, origin
        assert cors_origin(api_off.base + "/", origin, method="GET") is None, origin


async def test_web_chat_needs_no_token_by_default(api_off):
    assert "jwt_key" not in (ROOT / "credentials.yml").read_text()
    client = ChatClient()
    try:
        await client.connect(api_off.base, auth=None)
        session = await client.session(None)
        assert session  # a random id chosen by Rasa
        await client.say(IMPASSE, session_id=session)
        await client.wait_for_strategy()
    finally:
        await client.close()


def _listening_addresses(port: int):
    """Local addresses of sockets listening on `port` (Linux /proc/net/tcp and tcp6)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            next(lines)
            for line in lines:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.rsplit(":", 1)
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.append(address)
    return found


def test_action_server_listens_on_loopback_only(api_off):
    addresses = _listening_addresses(api_off.actions_port)
    assert addresses == ["0100007F"], addresses  # 127.0.0.1, nothing on 0.0.0.0 or ::
    assert "00000000" in _listening_addresses(api_off.rasa_port) or \
        "00000000000000000000000000000000" in _listening_addresses(api_off.rasa_port)
    assert http(f"http://127.0.0.1:{api_off.actions_port}/health")[0] == 200


def test_message_text_is_not_logged_at_the_default_level(api_off):
    assert api_off.say(f"log-{uuid.uuid4().hex[:8]}", PRIVATE)
    assert api_off.say(f"log-{uuid.uuid4().hex[:8]}", f"park the {SECRET_WORDS} question for now")
    log = api_off.log()
    assert "Assistant starting" in log and "HTTP API off" in log  # the log is the right one
    assert SECRET_WORDS not in log


def _forget(api_off, *args):
    return subprocess.run([str(ROOT / ".venv" / "bin" / "python"),
                           str(ROOT / "scripts" / "forget_conversation.py"),
                           "--endpoints", str(api_off.endpoints), *args],
                          cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=120)


def _user_texts(api_off, sender):
    connection = sqlite3.connect(api_off.workdir / "rasa.db")
    try:
        rows = connection.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'",
                                  (sender,)).fetchall()
    finally:
        connection.close()
    return [json.loads(data).get("text") for (data,) in rows]


def test_forget_conversation_deletes_one_senders_tracker_from_the_running_store(api_off):
    gone, kept = f"gone-{uuid.uuid4().hex[:8]}", f"kept-{uuid.uuid4().hex[:8]}"
    api_off.say(gone, PRIVATE)
    api_off.say(kept, PRIVATE)
    assert _user_texts(api_off, gone) == [PRIVATE] and _user_texts(api_off, kept) == [PRIVATE]

    result = _forget(api_off, "--sender", gone)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "in 1 conversation(s)" in result.stdout
    assert _user_texts(api_off, gone) == []
    assert _user_texts(api_off, kept) == [PRIVATE]

    # The server carries on: the same sender starts afresh, the other conversation is intact.
    replies = api_off.say(gone, IMPASSE)
    assert any("Try this:" in (r.get("text") or "") for r in replies)
    assert _user_texts(api_off, gone) == [IMPASSE]


def test_serve_refuses_a_short_secret_before_starting_anything(tmp_path):
    for name in ("RASA_API_TOKEN", "RASA_JWT_SECRET"):
        result = subprocess.run([str(ROOT / "scripts" / "serve.sh"), "run"], cwd=ROOT,
                                env=clean_env(**{name: "short", "RASA_PORT": "5906",
                                                 "ACTIONS_PORT": "5956"}),
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 2, (name, result.stdout, result.stderr)
        assert name in result.stderr and "Nothing was started" in result.stderr
        assert http("http://localhost:5956/health")[0] == 0
