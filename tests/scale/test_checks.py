"""The PostgreSQL checks of `make scale-test` must be able to fail.

scripts/scale/checks.py compares the events stored for a conversation with what the load
driver was told. Here the stored events are built by hand: a faithful copy passes, and
each kind of damage (a lost turn, a duplicated turn, a lost or extra reply, events out of
order, a second session, an unfinished turn) is reported.
"""
from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "scripts" / "scale"), str(ROOT)]

from checks import CheckReport, check_conversation  # noqa: E402
from driver import Attempt, Conversation, Turn  # noqa: E402

SENDER = "scale-test-0"


def _event(n: int, kind: str, t: float, **data: Any) -> Dict[str, Any]:
    return {"id": n, "type": kind, "timestamp": t, "action": data.pop("name", None),
            "data": {"event": kind, "timestamp": t, **data}}


def conversation_and_events(turns: int = 3):
    """A conversation the client finished, and the events Rasa would have stored."""
    conv = Conversation(SENDER, [f"text {i}" for i in range(turns)])
    events: List[Dict[str, Any]] = []
    n, t = 0, 1000.0

    def add(kind: str, **data: Any) -> None:
        nonlocal n, t
        n, t = n + 1, t + 0.01
        events.append(_event(n, kind, t, **data))

    add("action", name="action_session_start")
    add("session_started")
    add("action", name="action_listen")
    for i, text in enumerate(conv.texts):
        turn = Turn(i, f"{SENDER}-t{i}", text)
        turn.attempts.append(Attempt(t, t + 0.1, 200, "", "127.0.0.1:5801"))
        add("user", text=text, message_id=turn.message_id)
        add("action", name="utter_something")
        add("bot", text=f"reply {i}\n\nsecond paragraph {i}", data={})
        add("action", name="action_listen")
        # The REST channel splits a text on blank lines into separate messages.
        turn.replies = [{"recipient_id": SENDER, "text": f"reply {i}"},
                        {"recipient_id": SENDER, "text": f"second paragraph {i}"}]
        conv.turns.append(turn)
    return conv, events


def run(conv, events) -> CheckReport:
    report = CheckReport()
    check_conversation(report, conv, events)
    return report


def test_faithful_copy_passes():
    conv, events = conversation_and_events()
    report = run(conv, events)
    assert report.ok, report.violations
    assert report.acked_turns == report.user_events == 3
    assert report.replies_matched == report.replies_received == 6


def _without(events, predicate):
    return [e for e in events if not predicate(e)]


@pytest.mark.parametrize("damage, kind", [
    (lambda ev: _without(ev, lambda e: e["type"] == "user" and
                         e["data"]["message_id"].endswith("t1")), "lost acknowledged turn"),
    (lambda ev: ev[:7] + copy.deepcopy(ev[3:7]) + ev[7:], "duplicate user message"),
    (lambda ev: _without(ev, lambda e: e["type"] == "bot" and "reply 2" in e["data"]["text"]),
     "lost reply"),
    (lambda ev: ev[:6] + [copy.deepcopy(ev[5])] + ev[6:], "duplicated reply"),
    (lambda ev: [dict(e, timestamp=1.0) if e["id"] == 9 else e for e in ev], "order"),
    (lambda ev: ev + [_event(99, "action", 2000.0, name="action_session_start")], "sessions"),
    (lambda ev: ev[:-1], "unfinished turn"),
])
def test_damage_is_reported(damage, kind):
    conv, events = conversation_and_events()
    report = run(conv, damage(events))
    assert not report.ok
    assert kind in report.kinds, report.violations


def test_reply_text_must_match_what_the_client_got():
    conv, events = conversation_and_events()
    conv.turns[1].replies[0]["text"] = "something else"
    report = run(conv, events)
    assert "different reply" in report.kinds


def test_stored_but_unacknowledged_last_turn_of_abandoned_conversation_is_allowed():
    conv, events = conversation_and_events()
    last = conv.turns[-1]
    last.replies = None
    last.attempts[-1] = Attempt(0, 1, 502, "502 no JSON body", "")
    conv.abandoned = True
    report = run(conv, events)
    assert report.ok, report.violations
    assert report.stored_not_acked == 1


def test_channel_that_ignores_message_id_is_matched_by_text():
    """Rasa's own REST channel stores ids of its own; turns are then matched by text, so
    a turn the client saw answered but that is missing is still reported."""
    conv, events = conversation_and_events()
    for event in events:
        if event["type"] == "user":
            event["data"]["message_id"] = "server-" + event["data"]["message_id"][-2:]
    report = run(conv, events)
    assert report.ok and report.matched_by_text == 1, report.violations
    report = run(conv, _without(events, lambda e: e["type"] == "user" and
                                e["data"]["text"] == "text 1"))
    assert "lost acknowledged turn" in report.kinds
