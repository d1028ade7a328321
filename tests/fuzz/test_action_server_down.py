"""The action server goes away mid-conversation and comes back; Rasa is never restarted.

While it is away, an impasse description gets the plain sentence from channels/resilience.py,
over REST and over Slack (it is a bot event, so every channel hears it, and the tracker
keeps it). Once it is back, the next message gets a real strategy from the same Rasa process.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import time
import uuid

import pytest
from conftest import DOWN_PORTS

from harness.servers import say, status
from harness.slack import FakeSlack, envelope
from scripts.fuzz.cases import IMPASSES, SLACK, Case
from scripts.fuzz.checks import texts
from scripts.fuzz.run import FAKE_SIGNING_SECRET, FAKE_SLACK_TOKEN, slack_servers
from scripts.fuzz.send import send

UNREACHABLE = "I can't reach my suggestions right now, try again in a moment."


@pytest.fixture
def assistant(tmp_path):
    fake = FakeSlack(FAKE_SLACK_TOKEN)
    servers = slack_servers(tmp_path, *DOWN_PORTS, fake, "Rasa server (action server to stop)").start()
    yield servers, fake, tmp_path
    servers.stop()
    fake.stop()


def stop_action_server(servers) -> None:
    actions = servers.processes[0]
    os.killpg(actions.pid, signal.SIGTERM)
    actions.wait(timeout=30)
    assert status(f"http://localhost:{servers.actions_port}/health") == 0


def start_action_server(servers) -> None:
    servers.start_actions()  # the same command Servers.start uses; stop() ends it with the others


def slack_dm(servers, fake, text: str):
    channel, ts = f"D{uuid.uuid4().hex[:8]}", f"{int(time.time())}.{uuid.uuid4().int % 10**6:06d}"
    event = {"type": "message", "channel": channel, "channel_type": "im", "user": "U7",
             "text": text, "ts": ts, "event_ts": ts}
    case = Case(0, "slack", "dm", body=envelope(event, f"Ev{uuid.uuid4().hex}"),
                     path=SLACK, headers={"Content-Type": "application/json"},
                     sign_secret=FAKE_SIGNING_SECRET)
    assert send(servers.base, case).status == 200
    deadline = time.time() + 60
    while time.time() < deadline:
        if fake.texts(channel):
            time.sleep(1)  # anything else said in the same turn
            return fake.texts(channel)
        time.sleep(0.3)
    raise AssertionError("no Slack reply")


def bot_texts_in_tracker(workdir, sender: str):
    db = sqlite3.connect(f"file:{workdir / 'rasa.db'}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'bot'",
                          (sender,)).fetchall()
    finally:
        db.close()
    return [json.loads(data).get("text") for (data,) in rows]


def test_unreachable_action_server_gets_a_plain_reply_and_recovers_without_restart(assistant):
    servers, fake, workdir = assistant
    rasa = servers.processes[1]
    sender = f"mediator-{uuid.uuid4().hex[:8]}"
    assert "Try this:" in texts(say(servers.base, sender, IMPASSES[0]))

    stop_action_server(servers)
    reply = say(servers.base, sender, IMPASSES[1])
    assert [m.get("text") for m in reply] == [UNREACHABLE]
    # A button needing the action server, and a turn that runs no custom action at all.
    assert [m.get("text") for m in say(servers.base, sender, "/another_strategy")] == [UNREACHABLE]
    assert "I help when a mediation gets stuck" in texts(say(servers.base, sender, "hello"))
    # Not a REST-only reply: a bot event, stored in the tracker and sent over Slack too.
    assert bot_texts_in_tracker(workdir, sender).count(UNREACHABLE) == 2
    assert slack_dm(servers, fake, IMPASSES[2]) == [UNREACHABLE]

    start_action_server(servers)
    back = texts(say(servers.base, sender, IMPASSES[1]))
    assert "Try this:" in back and UNREACHABLE not in back
    assert any("Try this:" in text for text in slack_dm(servers, fake, IMPASSES[2]))
    assert rasa.poll() is None and servers.processes[1] is rasa  # the same Rasa process throughout
