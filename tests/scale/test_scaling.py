"""scaling/: the strict tracker store and the idempotent REST channel, without a model.

The tracker store is the real `ResilientSQLTrackerStore` on a SQLite file, wrapped the way
Rasa wraps every tracker store (`FailSafeTrackerStore`). The channel's `handle` is called
with a stand-in agent whose processor stores a user message and one reply, so retries,
conflicts and every failure path can be checked in milliseconds.
"""
from __future__ import annotations

import json
import sys
from contextlib import asynccontextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from rasa.core.lock_store import InMemoryLockStore, LockError  # noqa: E402
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402

from scaling.rest import (IdempotentRestInput, REPLAY_HEADER, classify,  # noqa: E402
                          render_replies, stored_replies)
from scaling.tracker_store import (ResilientSQLTrackerStore, TrackerStoreUnavailable,  # noqa: E402
                                   make_fail_safe_strict)

ODD_ID = 'id with % and _ and "quotes" \\ and é'


@pytest.fixture
def sql_store(tmp_path):
    store = ResilientSQLTrackerStore(domain=Domain.empty(), dialect="sqlite",
                                     db=str(tmp_path / "rasa.db"))
    yield store
    store.engine.dispose()


async def _conversation(store, sender="s1"):
    tracker = DialogueStateTracker.from_events(sender, [
        ActionExecuted("action_listen"),
        UserUttered("hi", message_id="m1"),
        BotUttered("Hello.\n\nHow can I help?"),
        ActionExecuted("action_listen"),
        UserUttered("another", message_id=ODD_ID),
        BotUttered("Here is one.", data={"buttons": [{"title": "Why?", "payload": "/why"}]}),
        ActionExecuted("action_listen"),
        UserUttered("bye", message_id="m3"),
        ActionExecuted("action_listen"),
    ])
    await store.save(tracker)


def test_engine_checks_connections_and_hides_parameters(sql_store):
    assert sql_store.engine.pool._pre_ping is True
    assert sql_store.engine.hide_parameters is True


async def test_replies_to_finds_the_turn_and_only_its_replies(sql_store):
    await _conversation(sql_store)
    text, replies = sql_store.replies_to("s1", "m1")
    assert text == "hi" and [r["text"] for r in replies] == ["Hello.\n\nHow can I help?"]
    text, replies = sql_store.replies_to("s1", ODD_ID)
    assert text == "another" and replies[0]["data"]["buttons"][0]["payload"] == "/why"
    assert sql_store.replies_to("s1", "m3") == ("bye", [])
    assert sql_store.replies_to("s1", "m4") is None
    assert sql_store.replies_to("other", "m1") is None
    assert sql_store.replies_to("s1", "%") is None  # LIKE wildcards are escaped


async def test_stored_replies_same_through_wrapper_and_without_sql(sql_store):
    await _conversation(sql_store)
    memory = InMemoryTrackerStore(Domain.empty())
    await _conversation(memory)
    for store in (FailSafeTrackerStore(sql_store), memory):
        text, replies = await stored_replies(store, "s1", "m1")
        assert text == "hi"
        assert await render_replies("s1", replies) == [
            {"recipient_id": "s1", "text": "Hello."},
            {"recipient_id": "s1", "text": "How can I help?"}]
        assert await stored_replies(store, "s1", "nope") is None


class Broken(InMemoryTrackerStore):
    async def retrieve(self, sender_id):
        raise ConnectionError("database down")

    async def save(self, tracker):
        raise ConnectionError("database down")


async def test_fail_safe_store_is_lenient_until_made_strict():
    wrapped = FailSafeTrackerStore(Broken(Domain.empty()))
    assert await wrapped.retrieve("s1") is None  # Rasa's default: a silent fresh start
    make_fail_safe_strict(wrapped)
    make_fail_safe_strict(wrapped)  # idempotent
    with pytest.raises(TrackerStoreUnavailable):
        await wrapped.retrieve("s1")
    with pytest.raises(TrackerStoreUnavailable):
        await wrapped.save(DialogueStateTracker("s1", []))
    assert wrapped._fallback_tracker_store is None  # nothing went to memory


def test_classify():
    import redis
    assert classify(TrackerStoreUnavailable())["error"] == "tracker_store_unavailable"
    assert classify(LockError("x"))["error"] == "lock_store_unavailable"
    assert classify(redis.exceptions.ConnectionError())["error"] == "lock_store_unavailable"
    assert classify(ValueError())["error"] == "internal_error"


# ---------------------------------------------------------------- the channel


class Processor:
    """Stands in for Rasa's MessageProcessor: stores the message and one reply."""

    def __init__(self, store, fail=None):
        self.store, self.fail, self.calls = store, fail, 0

    async def handle_message(self, message):
        self.calls += 1
        if self.fail:
            raise self.fail
        tracker = await self.store.get_or_create_tracker(message.sender_id)
        tracker.update(UserUttered(message.text, message_id=message.message_id))
        reply = f"you said {message.text}"
        tracker.update(BotUttered(reply))
        tracker.update(ActionExecuted("action_listen"))
        await message.output_channel.send_text_message(message.sender_id, reply)
        await self.store.save(tracker)


class Locks(InMemoryLockStore):
    def __init__(self, fail_on_enter=False, fail_on_exit=False):
        super().__init__()
        self.fail_on_enter, self.fail_on_exit = fail_on_enter, fail_on_exit

    @asynccontextmanager
    async def lock(self, conversation_id, *args, **kwargs):
        if self.fail_on_enter:
            raise LockError("Error while acquiring lock.")
        yield None
        if self.fail_on_exit:
            raise ConnectionError("redis went away")


def _request(agent, body):
    # json=None as on the real route, which streams the body (Sanic leaves request.json unset).
    return SimpleNamespace(app=SimpleNamespace(ctx=SimpleNamespace(agent=agent)), json=None,
                           args={})


def _agent(store, processor=None, locks=None):
    return SimpleNamespace(is_ready=lambda: True, tracker_store=store,
                           processor=processor or Processor(store), lock_store=locks or Locks())


async def _post(agent, **body):
    reply = await IdempotentRestInput().handle(_request(agent, body), body)
    return reply.status, json.loads(reply.body), reply.headers


async def test_retry_with_the_same_message_id_is_answered_from_the_store(sql_store):
    store = FailSafeTrackerStore(sql_store)
    agent = _agent(store)
    first = await _post(agent, sender="s9", message="hello", message_id="a1")
    again = await _post(agent, sender="s9", message="hello", message_id="a1")
    assert first[0] == again[0] == 200
    assert first[1] == again[1] == [{"recipient_id": "s9", "text": "you said hello"}]
    assert REPLAY_HEADER not in first[2] and again[2][REPLAY_HEADER] == "1"
    assert agent.processor.calls == 1
    user = [e for e in (await sql_store.retrieve("s9")).events if isinstance(e, UserUttered)]
    assert [u.message_id for u in user] == ["a1"]


async def test_same_message_id_with_another_text_is_refused(sql_store):
    agent = _agent(FailSafeTrackerStore(sql_store))
    await _post(agent, sender="s9", message="hello", message_id="a1")
    status, body, _ = await _post(agent, sender="s9", message="other", message_id="a1")
    assert status == 409 and body["error"] == "message_id_conflict"


async def test_without_message_id_every_post_is_a_new_message(sql_store):
    agent = _agent(FailSafeTrackerStore(sql_store))
    for _ in range(2):
        assert (await _post(agent, sender="s9", message="hello"))[0] == 200
    assert agent.processor.calls == 2


async def test_tracker_store_down_answers_503_and_stores_nothing_in_memory():
    store = FailSafeTrackerStore(Broken(Domain.empty()))
    status, body, _ = await _post(_agent(store), sender="s9", message="hi", message_id="x")
    assert status == 503 and body["error"] == "tracker_store_unavailable"
    assert store._fallback_tracker_store is None


async def test_lock_store_down_answers_503(sql_store):
    agent = _agent(FailSafeTrackerStore(sql_store), locks=Locks(fail_on_enter=True))
    status, body, _ = await _post(agent, sender="s9", message="hi", message_id="x")
    assert status == 503 and body["error"] == "lock_store_unavailable"
    assert agent.processor.calls == 0


async def test_failed_lock_release_after_storing_still_answers(sql_store):
    agent = _agent(FailSafeTrackerStore(sql_store), locks=Locks(fail_on_exit=True))
    status, body, _ = await _post(agent, sender="s9", message="hi", message_id="x")
    assert status == 200 and body[0]["text"] == "you said hi"


async def test_unexpected_error_is_500_not_an_empty_200(sql_store):
    store = FailSafeTrackerStore(sql_store)
    agent = _agent(store, processor=Processor(store, fail=RuntimeError("bug")))
    status, body, _ = await _post(agent, sender="s9", message="hi")
    assert status == 500 and body["error"] == "internal_error"


@pytest.mark.parametrize("body, error", [
    ({"message": "hi"}, "missing_sender"),  # the single-server channel's checks apply too
    ({"sender": "s", "message": 3}, "invalid_message"),
    ({"sender": "s\x00", "message": "hi"}, "invalid_sender"),
    ({"sender": "s", "message": "hi", "message_id": "x" * 300}, "bad_request")])
async def test_bad_requests_are_400(sql_store, body, error):
    status, payload, _ = await _post(_agent(FailSafeTrackerStore(sql_store)), **body)
    assert status == 400 and payload["error"] == error


class SilentProcessor(Processor):
    """Handles and stores the message but says nothing (as Rasa can for some input)."""

    async def handle_message(self, message):
        self.calls += 1
        tracker = await self.store.get_or_create_tracker(message.sender_id)
        tracker.update(UserUttered(message.text, message_id=message.message_id))
        await self.store.save(tracker)


async def test_a_turn_without_replies_still_gets_an_answer_and_commands_are_words(sql_store):
    store = FailSafeTrackerStore(sql_store)
    agent = _agent(store, processor=SilentProcessor(store))
    status, body, _ = await _post(agent, sender="s10", message="/restart")
    assert status == 200 and len(body) == 1 and body[0]["recipient_id"] == "s10"
    assert body[0]["text"].startswith("Sorry, I have nothing useful to say")
    tracker = await store.get_or_create_tracker("s10")
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["restart"]
