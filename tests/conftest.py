"""Shared fixtures: the playbook, a fresh dispatcher, trackers and the domain."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # actions, channels, harness, scripts

from actions.playbook import default_playbook  # noqa: E402


@pytest.fixture(scope="session")
def playbook():
    return default_playbook()


@pytest.fixture
def dispatcher():
    from rasa_sdk.executor import CollectingDispatcher
    return CollectingDispatcher()


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    import yaml
    return yaml.safe_load((ROOT / "domain.yml").read_text())


def make_tracker(text: str = "", ranking: Optional[List[Tuple[str, float]]] = None,
                 entities: Optional[List[Dict[str, Any]]] = None,
                 slots: Optional[Dict[str, Any]] = None, channel: str = "rest"):
    """A tracker whose latest message is `text` with the given intent ranking and entities."""
    from rasa_sdk import Tracker
    ranking = ranking or []
    latest = {
        "text": text,
        "intent": {"name": ranking[0][0], "confidence": ranking[0][1]} if ranking else {},
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
        "entities": entities or [],
    }
    events = [{"event": "user", "text": text, "parse_data": latest,
               "input_channel": channel}]
    return Tracker(sender_id="mediator-1", slots=dict(slots or {}), latest_message=latest,
                   events=events, paused=False, followup_action=None,
                   active_loop={}, latest_action_name="action_listen")


@pytest.fixture
def tracker_for():
    return make_tracker


@pytest.fixture
def case_store(tmp_path, monkeypatch):
    """The process-wide case store, pointed at a fresh, migrated SQLite file."""
    from actions import store
    from actions.store import engine
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    store.migrate(url)
    case_store = store.CaseStore(store.make_engine(url))
    monkeypatch.setattr(engine, "_store", case_store)
    yield case_store
    case_store._engine.dispose()


@pytest.fixture
def store_down(monkeypatch):
    """The case store cannot be reached at all."""
    from actions import store

    def unavailable():
        raise store.StoreUnavailable("database down (test)")
    monkeypatch.setattr(store, "get_store", unavailable)
