"""What PostgreSQL holds after the load, compared with what the clients were told.

For every conversation the driver ran, read its events from the tracker store's `events`
table (ordered by id, the order Rasa itself reads them in) and check:

- one session: exactly one `action_session_start` (a second one means a replica started
  the conversation afresh, e.g. because it could not read it and fell back to an empty one);
- event order: timestamps never go backwards along the ids;
- user messages: exactly the acknowledged turns, each once, in the order they were sent,
  with the text that was sent (one more is allowed only for a turn that was never
  acknowledged in an abandoned conversation);
- replies: for every acknowledged turn, the `bot` events stored after its user message,
  rendered the way the REST channel renders them, equal the replies the client received
  (none lost, none duplicated, none from another turn);
- every turn ends with `action_listen` (it was handled to the end before the next one).

Each violation is reported with the conversation and turn; any violation fails the run.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Sequence

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from driver import Conversation  # noqa: E402


@dataclass
class CheckReport:
    conversations: int = 0
    events: int = 0
    user_events: int = 0
    bot_events: int = 0
    acked_turns: int = 0
    replies_received: int = 0
    replies_matched: int = 0
    stored_not_acked: int = 0
    matched_by_text: int = 0
    violations: List[str] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)

    def fail(self, kind: str, detail: str) -> None:
        self.kinds[kind] += 1
        self.violations.append(f"{kind}: {detail}")

    @property
    def ok(self) -> bool:
        return not self.violations


def load_events(url: str, senders: Sequence[str]) -> Dict[str, List[Dict[str, Any]]]:
    import psycopg2
    out: Dict[str, List[Dict[str, Any]]] = {s: [] for s in senders}
    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT sender_id, id, type_name, timestamp, action_name, data "
                           "FROM events WHERE sender_id = ANY(%s) ORDER BY sender_id, id",
                           (list(senders),))
            for sender, event_id, type_name, timestamp, action, data in cursor:
                out[sender].append({"id": event_id, "type": type_name, "timestamp": timestamp,
                                    "action": action, "data": json.loads(data)})
    finally:
        connection.close()
    return out


def _render(sender: str, bot_events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Rasa's own output channel does the rendering; it never really waits, so the
    coroutine is stepped once instead of starting an event loop per turn."""
    from scaling.rest import render_replies
    coroutine = render_replies(sender, bot_events)
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise RuntimeError("rendering replies unexpectedly waited for I/O")


def check_conversation(report: CheckReport, conversation: Conversation,
                       events: List[Dict[str, Any]]) -> None:
    who = conversation.sender
    report.conversations += 1
    report.events += len(events)
    starts = [e for e in events if e["type"] == "action" and e["action"] == "action_session_start"]
    if len(starts) != 1:
        report.fail("sessions", f"{who}: {len(starts)} action_session_start events, expected 1")
    for before, after in zip(events, events[1:]):
        if after["timestamp"] < before["timestamp"]:
            report.fail("order", f"{who}: event {after['id']} is older than event {before['id']}")
            break

    # Split the conversation into turns: a user event and everything up to the next one.
    blocks: List[List[Dict[str, Any]]] = []
    for event in events:
        if event["type"] == "user":
            blocks.append([event])
        elif blocks:
            blocks[-1].append(event)
    report.user_events += len(blocks)
    report.bot_events += sum(1 for e in events if e["type"] == "bot")

    stored_ids = [b[0]["data"].get("message_id") for b in blocks]
    sent_ids = {t.message_id for t in conversation.turns}
    if blocks and not sent_ids & set(stored_ids):
        # A channel that ignores the client's message_id (Rasa's own REST channel, in
        # `scale_run.py --stock`) stores ids of its own: match the turns by their text,
        # which is unique within one of the benchmark's conversations.
        by_text = {t.text: t.message_id for t in conversation.turns}
        stored_ids = [by_text.get(b[0]["data"].get("text"), "?") for b in blocks]
        for block, message_id in zip(blocks, stored_ids):
            block[0]["data"] = dict(block[0]["data"], message_id=message_id)
        report.matched_by_text += 1
    duplicates = [m for m, n in Counter(stored_ids).items() if n > 1]
    if duplicates:
        report.fail("duplicate user message", f"{who}: {duplicates}")
    acked = [t for t in conversation.turns if t.acked]
    report.acked_turns += len(acked)
    acked_ids = [t.message_id for t in acked]
    expected_ok = stored_ids == acked_ids
    if not expected_ok and conversation.abandoned and conversation.turns:
        last = conversation.turns[-1]
        if not last.acked and stored_ids == acked_ids + [last.message_id]:
            expected_ok = True
            report.stored_not_acked += 1
    if not expected_ok:
        missing = [m for m in acked_ids if m not in stored_ids]
        kind = "lost acknowledged turn" if missing else "unexpected user messages"
        report.fail(kind, f"{who}: stored {stored_ids}, acknowledged {acked_ids}")

    by_id = {b[0]["data"].get("message_id"): b for b in blocks}
    for turn in acked:
        block = by_id.get(turn.message_id)
        report.replies_received += len(turn.replies or [])
        if block is None:
            continue  # already reported above
        if block[0]["data"].get("text") != turn.text:
            report.fail("wrong text", f"{who} turn {turn.index}: stored text differs from sent")
        rendered = _render(who, [e["data"] for e in block if e["type"] == "bot"])
        if rendered == turn.replies:
            report.replies_matched += len(rendered)
        else:
            kind = ("lost reply" if len(rendered) < len(turn.replies or []) else
                    "duplicated reply" if len(rendered) > len(turn.replies or []) else
                    "different reply")
            report.fail(kind, f"{who} turn {turn.index}: stored {len(rendered)} replies, "
                              f"client received {len(turn.replies or [])}")
        last = block[-1]
        if not (last["type"] == "action" and last["action"] == "action_listen"):
            report.fail("unfinished turn", f"{who} turn {turn.index}: ends with {last['type']} "
                                           f"{last['action'] or ''}".strip())


def check(url: str, conversations: Sequence[Conversation]) -> CheckReport:
    report = CheckReport()
    events = load_events(url, [c.sender for c in conversations])
    for conversation in conversations:
        check_conversation(report, conversation, events[conversation.sender])
    return report
