"""scripts/forget_conversation.py on a tracker store written by Rasa's own SQLTrackerStore.

(test_api_off.py runs it against a live server's store as well.)
"""
from __future__ import annotations

import asyncio
import importlib.util
import sqlite3
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DAY = 86400


def _load_script():
    spec = importlib.util.spec_from_file_location("forget_conversation",
                                                  ROOT / "scripts" / "forget_conversation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


forget_conversation = _load_script()


@pytest.fixture
def store(tmp_path):
    """A SQLite tracker store with three conversations: fresh, 10 days idle, 100 days idle."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    db = tmp_path / "rasa.db"
    tracker_store = SQLTrackerStore(dialect="sqlite", db=str(db))
    now = time.time()
    for sender, age_days in (("fresh", 0), ("ten-days", 10), ("hundred-days", 100)):
        at = now - age_days * DAY
        events = [ActionExecuted("action_listen", timestamp=at),
                  UserUttered(f"secret words of {sender}", timestamp=at + 1)]
        asyncio.run(tracker_store.save(DialogueStateTracker.from_events(sender, events)))
    tracker_store.engine.dispose()
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{db}"\n')
    return db, endpoints


def senders(db: Path):
    connection = sqlite3.connect(db)
    try:
        return {s: n for s, n in connection.execute(
            "SELECT sender_id, count(*) FROM events GROUP BY sender_id")}
    finally:
        connection.close()


def test_sender_deletes_every_event_of_that_conversation_only(store, capsys):
    db, endpoints = store
    before = senders(db)
    assert before["ten-days"] == 2
    assert forget_conversation.main(["--endpoints", str(endpoints), "--sender", "ten-days"]) == 0
    assert "deleted: 2 in 1 conversation(s)" in capsys.readouterr().out
    after = senders(db)
    assert "ten-days" not in after
    assert after == {k: v for k, v in before.items() if k != "ten-days"}


def test_several_senders_and_an_unknown_one(store, capsys):
    db, endpoints = store
    forget_conversation.main(["--endpoints", str(endpoints), "--sender", "fresh",
                              "--sender", "hundred-days", "--sender", "never-seen"])
    assert "deleted: 4 in 2 conversation(s)" in capsys.readouterr().out
    assert set(senders(db)) == {"ten-days"}


def test_dry_run_deletes_nothing(store, capsys):
    db, endpoints = store
    before = senders(db)
    forget_conversation.main(["--endpoints", str(endpoints), "--sender", "fresh", "--dry-run"])
    assert "would delete: 2 in 1 conversation(s)" in capsys.readouterr().out
    assert senders(db) == before


def test_idle_days_deletes_conversations_idle_that_long(store, capsys):
    db, endpoints = store
    forget_conversation.main(["--endpoints", str(endpoints), "--idle-days", "30"])
    assert "deleted: 2 in 1 conversation(s)" in capsys.readouterr().out
    assert set(senders(db)) == {"fresh", "ten-days"}


def test_idle_days_defaults_to_case_retention_days(store, capsys, monkeypatch):
    db, endpoints = store
    monkeypatch.setenv("CASE_RETENTION_DAYS", "5")
    forget_conversation.main(["--endpoints", str(endpoints), "--idle-days"])
    assert set(senders(db)) == {"fresh"}
    monkeypatch.delenv("CASE_RETENTION_DAYS")  # default 90: nothing left to delete
    forget_conversation.main(["--endpoints", str(endpoints), "--idle-days"])
    assert set(senders(db)) == {"fresh"}


def test_a_recent_event_keeps_an_old_conversation(store, capsys):
    db, endpoints = store
    connection = sqlite3.connect(db)
    connection.execute("INSERT INTO events (sender_id, type_name, timestamp, data) "
                       "VALUES ('hundred-days', 'user', ?, '{}')", (time.time(),))
    connection.commit()
    connection.close()
    forget_conversation.main(["--endpoints", str(endpoints), "--idle-days", "30"])
    assert set(senders(db)) == {"fresh", "ten-days", "hundred-days"}


def test_refuses_anything_but_a_sql_tracker_store(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text('action_endpoint:\n  url: "http://localhost:5055/webhook"\n')
    with pytest.raises(SystemExit, match="only type SQL"):
        forget_conversation.main(["--endpoints", str(endpoints), "--sender", "x"])
    endpoints.write_text("tracker_store:\n  type: redis\n  url: localhost\n")
    with pytest.raises(SystemExit, match="only type SQL"):
        forget_conversation.main(["--endpoints", str(endpoints), "--sender", "x"])


def test_relative_sqlite_path_is_taken_from_the_repository_root(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text('tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "rasa.db"\n')
    assert forget_conversation.tracker_store_url(endpoints) == f"sqlite:///{ROOT / 'rasa.db'}"
