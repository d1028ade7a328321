"""Before and after the fuzz: a known conversation, the servers, Slack replies, the SQLite files."""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Tuple

from harness.slack import FakeSlack
from harness.servers import exchange, say
from scripts.fuzz.cases import IMPASSES, load_json


@dataclass
class Target:
    """What to fuzz, and where to check afterwards."""

    base: str
    slack_secret: Optional[str] = None  # fuzz the Slack webhook, signed with this
    slack: Optional[FakeSlack] = None  # the fake Slack Web API to check replies at
    tracker_db: Optional[Path] = None
    cases_db: Optional[Path] = None


def texts(messages: Iterable[Dict[str, Any]]) -> str:
    """The text of a reply's messages, one per line."""
    return "\n".join(str(m.get("text", "")) for m in messages)


KNOWN_NOTE = "they agreed on the holiday schedule"


def start_known_conversation(base: str, seed: int) -> str:
    """A conversation with a stored note, to read back after the fuzz."""
    sender = f"fuzz-known-{seed}"
    first = texts(say(base, sender, IMPASSES[0]))
    if "Try this:" not in first:
        raise AssertionError(f"no strategy before the fuzz: {first[:300]}")
    noted = texts(say(base, sender, KNOWN_NOTE))
    if "holiday schedule" not in noted.lower() and "gain" not in noted.lower():
        raise AssertionError(f"the note was not acknowledged: {noted[:300]}")
    return sender


def check_after(target: Target, known_sender: str, slack_threads: List[Tuple[str, str]],
                slack_wait: float = 120) -> List[str]:
    """What is broken after the fuzz (empty when all is well)."""
    problems = []
    status, body = exchange(target.base, "GET", "/", timeout=10)
    if status != 200 or b"Hello from Rasa" not in body:
        problems.append(f"GET / answered {status}")
    status, body = exchange(target.base, "GET", "/webhooks/rest/", timeout=10)
    if status != 200 or load_json(body) != {"status": "ok"}:
        problems.append(f"REST health answered {status}")
    try:
        reply = texts(say(target.base, f"fuzz-after-{time.time_ns()}", IMPASSES[1]))
        if "Try this:" not in reply:
            problems.append(f"a normal impasse got no strategy after the fuzz: {reply[:200]}")
        summary = texts(say(target.base, known_sender, "summarise gains"))
        if "holiday schedule" not in summary:
            problems.append(f"the note from before the fuzz is gone: {summary[:300]}")
    except (AssertionError, ValueError) as error:
        problems.append(f"the assistant stopped answering normally: {error}")

    if target.slack is not None:
        status, body = exchange(target.base, "GET", "/webhooks/slack/", timeout=10)
        if status != 200:
            problems.append(f"Slack health answered {status}")
        deadline = time.time() + slack_wait
        missing = list(slack_threads)
        while missing and time.time() < deadline:
            answered = target.slack.threads()
            missing = [t for t in missing if t not in answered]
            if missing:
                time.sleep(1)
        if missing:
            problems.append(f"{len(missing)} Slack messages got no reply, e.g. {missing[:3]}")
        for post in target.slack.errors()[:5]:
            problems.append(f"fake Slack refused a post ({post['error']}): {str(post['body'])[:200]}")

    for label, path in (("tracker store", target.tracker_db), ("case store", target.cases_db)):
        if path is None:
            continue
        problems += _check_sqlite(label, path, known_sender)
    return problems


def _check_sqlite(label: str, path: Path, known_sender: str) -> List[str]:
    if not path.exists():
        return [f"{label} {path} does not exist"]
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                return [f"{label} {path} fails its integrity check"]
            if label == "tracker store":
                rows = db.execute("SELECT data FROM events WHERE sender_id = ?", (known_sender,)).fetchall()
                events = [json.loads(r[0]) for r in rows]
                if not any(e.get("event") == "user" and e.get("text") == KNOWN_NOTE for e in events):
                    return [f"{label}: the known conversation lost its messages"]
                for (data,) in db.execute("SELECT data FROM events"):
                    json.loads(data)
            else:
                notes = [r[0] for r in db.execute("SELECT text FROM notes")]
                if not any("holiday schedule" in n for n in notes):
                    return [f"{label}: the known note is gone"]
        finally:
            db.close()
    except (sqlite3.Error, ValueError) as error:
        return [f"{label} {path} is not readable: {error}"]
    return []
