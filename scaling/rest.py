"""The REST channel for several Rasa servers behind a load balancer.

Same URL and body as Rasa's `rest` channel (POST /webhooks/rest/webhook with
`{"sender": ..., "message": ...}`), so clients do not change. Three differences:

- **Failures are not disguised as success.** Rasa's REST channel logs any exception and
  answers 200 with an empty list, and Rasa's `FailSafeTrackerStore` hides tracker store
  errors (a failed read starts an empty conversation, a failed write lands in memory).
  Here the tracker store is made strict (scaling/tracker_store.py) and a failure answers
  503 with `{"error": "tracker_store_unavailable" | "lock_store_unavailable"}`: nothing of
  that message was stored, the client may send it again.
- **A client may retry safely.** With `"message_id"` in the body, a message whose id is
  already in the conversation is not handled again: the answer is the replies stored
  for it (header `X-Message-Replayed: 1`). The check and the handling run under the
  conversation lock, so a retry that races the original cannot slip through. The same id
  with a different text is refused (409). A request
  may fail after its message was stored (e.g. the replica died before answering); this
  is what makes the retry harmless. Retries are matched within the current conversation
  session (`session_expiration_time` in domain.yml).
- **Releasing the lock may fail without losing the answer.** If the message was handled
  and stored but the lock store broke just before the lock was released, the replies
  are still returned (200) and a warning is logged; the stale ticket expires after
  TICKET_LOCK_LIFETIME seconds (Rasa's default 60).

Streaming (`?stream=true`) is not supported here (answers 400).
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import LockError
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.guard import injectable_intents, neutralise_command, request_intents
from channels.rest import BadRequest, RestInput, decode_body, read_body, validate_fields
from channels.startup import start_channel
from scaling.tracker_store import TrackerStoreUnavailable, make_fail_safe_strict

logger = logging.getLogger(__name__)

MAX_MESSAGE_ID_CHARS = 255
REPLAY_HEADER = "X-Message-Replayed"


def _lock_store_error(error: BaseException) -> bool:
    if isinstance(error, LockError):
        return True
    try:
        import redis.exceptions
    except ImportError:  # pragma: no cover - redis comes with Rasa
        return False
    return isinstance(error, redis.exceptions.RedisError)


def classify(error: BaseException) -> Dict[Text, Text]:
    """The JSON body of the 503/500 answer for `error` (no message text in it)."""
    if isinstance(error, TrackerStoreUnavailable):
        return {"error": "tracker_store_unavailable",
                "message": "The conversation store could not be reached; this message was "
                           "not stored. Send it again."}
    if _lock_store_error(error):
        return {"error": "lock_store_unavailable",
                "message": "The conversation lock could not be taken; this message was not "
                           "handled. Send it again."}
    return {"error": "internal_error",
            "message": "The message could not be handled; it was not stored."}


async def render_replies(sender_id: Text, bot_events: List[Dict[Text, Any]]) -> List[Dict]:
    """Stored `bot` events as the REST channel sends them (same splitting and fields)."""
    out = CollectingOutputChannel()
    for event in bot_events:
        uttered = BotUttered(event.get("text"), event.get("data") or {}, event.get("metadata"))
        await out.send_response(sender_id, uttered.message())
    return out.messages


async def stored_replies(tracker_store: Any, sender_id: Text,
                         message_id: Text) -> Optional[Tuple[Text, List[Dict[Text, Any]]]]:
    """(text, bot events) stored for the user message `message_id`, or None if not stored."""
    store = tracker_store
    if isinstance(store, FailSafeTrackerStore):
        store = store._tracker_store
    finder = getattr(store, "replies_to", None)
    if finder is not None:
        try:
            return finder(sender_id, message_id)
        except Exception as error:  # same policy as the fail-safe wrapper: be loud
            raise TrackerStoreUnavailable(f"{type(error).__name__} in the tracker store") from error
    tracker = await tracker_store.retrieve(sender_id)
    if tracker is None:
        return None
    found: Optional[Text] = None
    replies: List[Dict[Text, Any]] = []
    for event in tracker.events:
        if isinstance(event, UserUttered):
            if found is not None:
                break
            if event.message_id == message_id:
                found = event.text or ""
        elif found is not None and isinstance(event, BotUttered):
            replies.append(event.as_dict())
    return None if found is None else (found, replies)


class IdempotentRestInput(RestInput):
    """Rasa's REST channel with honest errors and safe retries (module docstring)."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @staticmethod
    def _message_id(body: Dict[Text, Any]) -> Optional[Text]:
        raw = body.get("message_id")
        if raw is None:
            return None
        message_id = str(raw).strip()
        if not message_id or len(message_id) > MAX_MESSAGE_ID_CHARS:
            raise ValueError("message_id must be 1-255 characters")
        return message_id

    async def handle(self, request: Request, body: Dict[Text, Any]) -> HTTPResponse:
        # The same input checks and "/command" handling as the single-server channel.
        try:
            payload = validate_fields(body)
        except BadRequest as refused:
            return refused.as_response()
        sender_id = payload.sender
        text = neutralise_command(payload.text, injectable_intents(request_intents(request)))
        try:
            message_id = self._message_id(body)
        except ValueError as error:
            return response.json({"error": "bad_request", "message": str(error)}, status=400)

        agent = getattr(request.app.ctx, "agent", None)
        if agent is None or not agent.is_ready():
            return response.json({"error": "not_ready", "message": "no model loaded yet"},
                                 status=503)
        make_fail_safe_strict(agent.tracker_store)

        collector = CollectingOutputChannel()
        message = UserMessage(text, collector, sender_id, input_channel=self.name(),
                              metadata=payload.metadata, message_id=message_id)
        messages: Optional[List[Dict[Text, Any]]] = None
        replayed = conflict = False
        try:
            async with agent.lock_store.lock(sender_id):
                if message_id is not None:
                    stored = await stored_replies(agent.tracker_store, sender_id, message_id)
                    if stored is not None:
                        if stored[0] != text:
                            conflict = True
                            messages = []
                        else:
                            messages, replayed = await render_replies(sender_id, stored[1]), True
                if messages is None:
                    await agent.processor.handle_message(message)
                    # Never an empty answer (channels.rest.RestInput does the same).
                    messages = collector.messages or [self.fallback(sender_id, False)]
        except Exception as error:
            if messages is None:
                body_out = classify(error)
                status = 500 if body_out["error"] == "internal_error" else 503
                logger.error("REST message not handled: sender=%s message_id=%s %s: %s",
                             sender_id, message_id, body_out["error"], _describe(error),
                             exc_info=status == 500)
                return response.json(body_out, status=status)
            # Handled and stored; only giving the conversation lock back failed.
            logger.warning("Message handled and stored, but releasing the conversation lock "
                           "failed (it expires by itself): sender=%s %s", sender_id,
                           _describe(error))
        if conflict:
            return response.json({"error": "message_id_conflict",
                                  "message": "this message_id was already used for another "
                                             "message in this conversation"}, status=409)
        headers = {REPLAY_HEADER: "1"} if replayed else None
        return response.json(messages, headers=headers)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        start_channel(on_new_message, guard=False)  # the resilience patch; handle() neutralises
        webhook = self.webhook_blueprint()

        @webhook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            if request.args.get("stream", "").lower() == "true":
                return response.json({"error": "bad_request",
                                      "message": "streaming is not supported by this channel"},
                                     status=400)
            try:  # the same 413 and JSON checks as the single-server channel
                body = decode_body(await read_body(request))
            except BadRequest as refused:
                return refused.as_response()
            return await self.handle(request, body)

        return webhook


def _describe(error: BaseException) -> Text:
    """Exception class names along the cause chain, never their text (it may quote SQL)."""
    names, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        names.append(type(error).__name__)
        error = error.__cause__ or error.__context__
    return " <- ".join(names)
