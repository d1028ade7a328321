"""Slack connector: Rasa's SlackInput with the fixes this assistant needs.

Register it in a credentials file by module path (see channels/credentials.slack.yml):

    channels.slack.SlackInput:
      slack_token: ${SLACK_TOKEN}
      slack_signing_secret: ${SLACK_SIGNING_SECRET}

Differences from rasa.core.channels.slack (Rasa 3.6.21), and why:

* Web API base URL from $SLACK_API_URL (default Slack's), so tests can run a fake Slack.
* No `as_user` on chat.postMessage: apps created from a manifest get granular bot tokens,
  for which Slack answers `invalid_arguments` when `as_user` is sent (Rasa always sends it).
* Signature: Rasa's own check is kept (v0 HMAC-SHA256 over "v0:{timestamp}:{body}",
  timestamps more than 5 minutes from now refused). Refusals answer 401, not 400.
* Retries (X-Slack-Retry-Num) never produce a second reply: an event already seen
  (event_id) is acknowledged and dropped; a retry of an unseen event is processed only
  when Slack says the first attempt never reached us (connection_failed, ssl_error,
  too_many_websockets). One message delivered twice as app_mention and as
  message.channels/message.im (same channel + ts) is answered once.
* Conversations: one per user per thread (conversation_granularity "thread", use_threads
  on), so two mediators in one channel never share a conversation and every thread is its
  own conversation (and its own case in the case store).
* Channels: answers direct messages and @-mentions, and plain replies in a thread where
  this process has already answered a mention (so a mediator need not mention the bot on
  every reply). Edits, joins and other message subtypes are ignored.
* The url_verification challenge is answered as {"challenge": ...}.

The dedup memory is per process. With several Rasa replicas behind one URL, a retry that
lands on another replica is still dropped unless Slack says it never arrived (see above).
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import OrderedDict
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot as RasaSlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

import settings
from channels.startup import start_channel

logger = logging.getLogger(__name__)

# Slack's retry reasons that mean the first attempt never reached any server of ours.
NEVER_ARRIVED_REASONS = frozenset({"connection_failed", "ssl_error", "too_many_websockets"})
# Limits of Block Kit: section text and button text.
MAX_SECTION_CHARS = 3000
MAX_BUTTON_TITLE_CHARS = 75
# Message subtypes that are still a person speaking.
USER_SUBTYPES = frozenset({"thread_broadcast", "file_share"})


class _Seen:
    """A bounded, time-limited set of keys (Slack retries within minutes)."""

    def __init__(self, max_items: int = 10000, ttl_seconds: float = 3600.0) -> None:
        self._items: "OrderedDict[Text, float]" = OrderedDict()
        self.max_items, self.ttl = max_items, ttl_seconds

    def _expire(self) -> None:
        now = time.monotonic()
        while self._items:
            key, stamp = next(iter(self._items.items()))
            if now - stamp <= self.ttl and len(self._items) <= self.max_items:
                break
            self._items.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        self._expire()
        return key in self._items

    def add(self, key: Text) -> None:
        self._items[key] = time.monotonic()
        self._items.move_to_end(key)
        self._expire()


class SlackBot(RasaSlackBot):
    """Rasa's SlackBot (Block Kit buttons, threads) posting to a configurable Web API."""

    def __init__(self, token: Text, slack_channel: Optional[Text] = None,
                 thread_id: Optional[Text] = None, proxy: Optional[Text] = None,
                 base_url: Optional[Text] = None) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, base_url=base_url or settings.slack_api_url(), proxy=proxy)

    async def _post_message(self, channel: Text, **kwargs: Any) -> None:
        kwargs.pop("as_user", None)  # invalid_arguments for granular bot tokens
        kwargs.pop("type", None)  # not a chat.postMessage argument; text is mrkdwn anyway
        await super()._post_message(channel, **kwargs)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        buttons = [dict(b, title=str(b.get("title", ""))[:MAX_BUTTON_TITLE_CHARS])
                   for b in buttons]
        if len(text) > MAX_SECTION_CHARS and len(buttons) <= 5:
            # A section holds at most 3000 characters: send the text plainly, then the buttons.
            await self.send_text_message(recipient_id, text, **kwargs)
            text = "What next?"
        await super().send_text_with_buttons(recipient_id, text, buttons, **kwargs)


class SlackInput(RasaSlackInput):
    """Rasa's SlackInput with retries deduplicated, 401 on bad signatures and threads."""

    @classmethod
    def name(cls) -> Text:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SlackInput":
        if not credentials:
            cls.raise_missing_credentials_exception()
        credentials = dict(credentials)
        credentials.setdefault("use_threads", True)
        credentials.setdefault("conversation_granularity", "thread")
        return super().from_credentials(credentials)  # type: ignore[return-value]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._seen_events = _Seen()
        self._seen_messages = _Seen()
        self._active_threads = _Seen(ttl_seconds=24 * 3600)

    def get_output_channel(self, channel: Optional[Text] = None,
                           thread_id: Optional[Text] = None) -> OutputChannel:
        channel = channel or self.slack_channel
        return SlackBot(self.slack_token, channel, thread_id, self.proxy)

    # --- which events to answer -------------------------------------------------------

    @staticmethod
    def _is_user_message(slack_event: Dict[Text, Any]) -> bool:
        event = slack_event.get("event") or {}
        subtype = event.get("subtype")
        return bool(RasaSlackInput._is_user_message(slack_event)
                    and (not subtype or subtype in USER_SUBTYPES))

    def _is_supported_channel(self, slack_event: Dict, metadata: Dict) -> bool:
        if super()._is_supported_channel(slack_event, metadata):
            return True
        event = slack_event.get("event") or {}
        thread = event.get("thread_ts")
        return bool(thread) and f"{event.get('channel')}:{thread}" in self._active_threads

    def get_metadata(self, request: Request) -> Dict[Text, Any]:
        """Rasa's metadata, also when Slack adds "; charset=utf-8" to the content type."""
        content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if content_type == "application/json":
            slack_event = json.loads(request.body)
            event = slack_event.get("event", {})
            users = list(slack_event.get("authed_users") or [])
            if not users and slack_event.get("authorizations"):
                users.append(slack_event["authorizations"][0].get("user_id"))
            return {"out_channel": event.get("channel"),
                    "thread_id": event.get("thread_ts", event.get("ts")), "users": users}
        if content_type == "application/x-www-form-urlencoded":
            payload = json.loads(request.form["payload"][0])
            message = payload.get("message", {})
            user = (payload.get("user") or {}).get("id")
            return {"out_channel": (payload.get("channel") or {}).get("id"),
                    "thread_id": message.get("thread_ts", message.get("ts")),
                    "users": [user] if user else []}
        return {}

    # --- retries and duplicates -------------------------------------------------------

    def _is_duplicate(self, request: Request, slack_event: Dict[Text, Any]) -> bool:
        """True if answering this event could give a second reply; remembers it if not."""
        event = slack_event.get("event") or {}
        event_id = slack_event.get("event_id")
        message_key = f"{event.get('channel')}:{event.get('ts')}" if event.get("ts") else None
        retry_num = request.headers.get(self.retry_num_header or "x-slack-retry-num")
        retry_reason = request.headers.get(self.retry_reason_header or "x-slack-retry-reason")

        if event_id and event_id in self._seen_events:
            return True
        if message_key and message_key in self._seen_messages:
            return True
        if retry_num and retry_reason not in NEVER_ARRIVED_REASONS:
            # The first attempt reached a server (maybe another replica, maybe before a
            # restart) that may have answered already: a missed reply beats a double one.
            return True
        if event_id:
            self._seen_events.add(event_id)
        if message_key:
            self._seen_messages.add(message_key)
        return False

    @staticmethod
    def _ack_no_retry(reason: Text) -> HTTPResponse:
        return response.text(reason, status=HTTPStatus.OK, headers={"X-Slack-No-Retry": "1"})

    async def _handle(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                      text: Text, sender_id: Optional[Text], metadata: Dict) -> HTTPResponse:
        thread_id = metadata.get("thread_id") if self.use_threads else None
        user_msg = UserMessage(text, self.get_output_channel(metadata.get("out_channel"), thread_id),
                               sender_id, input_channel=self.name(), metadata=metadata)
        task: asyncio.Task = asyncio.create_task(on_new_message(user_msg))
        self._background_tasks.add(task)
        task.add_done_callback(self._task_done)
        return response.text("")

    def _task_done(self, task: asyncio.Task) -> None:
        self._background_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("Handling a Slack message failed", exc_info=task.exception())

    # --- the webhook ------------------------------------------------------------------

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = start_channel(on_new_message)  # "/restart" typed in Slack is just words
        slack_webhook = Blueprint("slack_webhook", __name__)

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @slack_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.is_request_from_slack_authentic(request):
                return response.text("Bad or stale Slack signature.", status=HTTPStatus.UNAUTHORIZED)

            content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
            if content_type == "application/json":
                return await self._on_event(request, on_new_message)
            if content_type == "application/x-www-form-urlencoded":
                return await self._on_interaction(request, on_new_message)
            return response.text("Unsupported content type.", status=HTTPStatus.BAD_REQUEST)

        return slack_webhook

    async def _on_event(self, request: Request,
                        on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        try:
            output = json.loads(request.body)
        except ValueError:
            return response.text("Body is not JSON.", status=HTTPStatus.BAD_REQUEST)
        if not isinstance(output, dict):
            return response.text("Body is not a JSON object.", status=HTTPStatus.BAD_REQUEST)
        if output.get("type") == "url_verification" or "challenge" in output:
            return response.json({"challenge": output.get("challenge")})
        if not self._is_user_message(output):
            return response.text("Not a user message: skipped.")

        metadata = self.get_metadata(request)
        if not self._is_supported_channel(output, metadata):
            return response.text("Channel not supported: skipped.")
        if self._is_duplicate(request, output):
            logger.info("Slack retry or duplicate of event %s dropped", output.get("event_id"))
            return self._ack_no_retry("Duplicate: already handled.")

        event = output["event"]
        if not self._is_direct_message(output) and metadata.get("thread_id"):
            self._active_threads.add(f"{metadata.get('out_channel')}:{metadata['thread_id']}")
        sender_id = self._get_conversation_id(event.get("user", ""), metadata.get("out_channel"),
                                              metadata.get("thread_id"))
        text = self._sanitize_user_message(event.get("text", ""), metadata.get("users"))
        return await self._handle(request, on_new_message, text, sender_id, metadata)

    async def _on_interaction(self, request: Request,
                              on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        try:
            payload = json.loads(request.form["payload"][0])
        except (KeyError, IndexError, ValueError):
            return response.text("No JSON payload.", status=HTTPStatus.BAD_REQUEST)
        if not self._is_interactive_message(payload):
            return response.text("Interaction not supported: skipped.")
        text = self._get_interactive_response(payload["actions"][0])
        if text is None:
            return response.text("Link button clicked.")  # link buttons have no value
        metadata = self.get_metadata(request)
        # The same click delivered twice (a replayed request) is answered once.
        action = payload["actions"][0]
        click_key = f"{payload.get('trigger_id')}:{action.get('action_ts')}"
        if payload.get("trigger_id") and click_key in self._seen_events:
            return self._ack_no_retry("Duplicate click.")
        self._seen_events.add(click_key)
        sender_id = self._get_conversation_id((payload.get("user") or {}).get("id"),
                                              metadata.get("out_channel"), metadata.get("thread_id"))
        return await self._handle(request, on_new_message, text, sender_id, metadata)
