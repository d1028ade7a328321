"""REST channel: Rasa's RestInput, hardened so that every request gets a clear answer.

Register it in a credentials file by module path, in place of a plain `rest:` entry:

    channels.rest.RestInput:

It keeps Rasa's URLs and wire format: POST /webhooks/rest/webhook with
{"sender": "...", "message": "..."} (optional "metadata" object and "input_channel"
string) answers a JSON list of bot messages; GET /webhooks/rest/ answers {"status": "ok"};
`?stream=true` streams the messages as JSON lines, as the stock channel does.

Differences from rasa.core.channels.rest.RestInput (Rasa 3.6.21), and why:

* Bad requests get a 400 with a JSON body {"status": 400, "error": <code>, "message":
  <sentence>} instead of a 500, an empty list or a dropped connection. Refused: an empty
  body, a body that is not JSON (or not UTF-8/16/32, or nested too deeply to parse), JSON
  that is not an object, a missing or non-string "message" or "sender", a sender that is
  blank, longer than MAX_SENDER_CHARS or holds control or invisible characters, text with
  unpaired surrogates, "metadata" that is not an object, and an "input_channel" that is
  not a short name. Stock Rasa answers an empty body or a JSON list with a 500, and files
  a message without "sender" under the shared conversation "default". Worse, a sender id
  with an unpaired surrogate (valid JSON: "\\ud800") makes the SQL tracker store raise a
  ValueError, which Rasa 3.6 takes for a missing PostgreSQL schema and answers with
  sys.exit: one request stops the server. psycopg2 refuses NUL in a string with a
  ValueError as well, so a NUL in a sender id should do the same on PostgreSQL (not tried
  here: no PostgreSQL on the development machine).
* Bodies over MAX_BODY_BYTES (64 KB) get a 413, counted while the body streams in, so a
  huge upload is refused without being held in memory (Sanic's own limit is 100 MB). Why
  64 KB: the NLU pipeline's InputGuard answers anything over 4,000 characters with "give
  me the gist", and 4,000 characters of any script fit even when every one is JSON-escaped
  as a surrogate pair (12 bytes each: 48 KB), with room left for metadata. A 20,000
  character paste in plain text (20 KB) still gets the friendly "too long" answer.
* The Content-Type is not checked: a JSON object is accepted under any label, as Rasa
  does (curl without -H labels it form data); anything that is not a JSON object is a 400.
* Control characters other than tab and newlines are dropped from the message text before
  it reaches Rasa: they carry no meaning, and NUL cannot be stored in PostgreSQL (tracker
  or case store).
* Never an empty reply: when Rasa produced no message for an accepted request (for example
  stock `/restart`, `/back` and `/session_start`, whose responses are not defined, an
  action that utters nothing, or the agent not ready), the reply is NO_REPLY_TEXT; when
  handling the message raised, it is ERROR_TEXT (and the error is logged). Both are plain
  bot messages in the usual list, with status 200.
* Intent injection through "/" is neutralised (channels/guard.py): a bare "/<intent>"
  of the loaded domain (the assistant's buttons) is kept, anything else starting with "/"
  is read as words. A mediator who wants a fresh start says "new case", which keeps the
  case store in step. Slack and the web chat apply the same guard.
* Streaming (`?stream=true`) is kept, with the same validation and the same fallback
  line when nothing was said; the stock version also waits forever if handling the
  message raises, this one always ends the stream. Rasa's separate `callback` channel is
  not registered by this project and is not touched.

When Rasa builds the blueprint at start-up, `channels.startup.start_channel` installs the
resilience patch (a plain sentence instead of silence when the action server is unreachable).
"""
from __future__ import annotations

import asyncio
import inspect
import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import rasa.utils.endpoints
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import QueueOutputChannel
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.guard import injectable_intents, neutralise_command, request_intents
from channels.startup import start_channel

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
MAX_SENDER_CHARS = 128  # Slack thread conversations are ~40; the case store allows 255
MAX_INPUT_CHANNEL_CHARS = 64
NO_REPLY_TEXT = ("Sorry, I have nothing useful to say to that. Tell me what's happening in "
                 "the session: who won't move, and on what?")
ERROR_TEXT = ("Something went wrong on my side and I couldn't take that in. "
              "Please send it again in a moment.")

_INPUT_CHANNEL = re.compile(r"[A-Za-z0-9_.:-]+")
_KEPT_CONTROLS = frozenset("\t\n\r")
_DONE = object()


class BadRequest(Exception):
    """A request this channel refuses; becomes a JSON error response."""

    def __init__(self, error: str, message: str, status: int = HTTPStatus.BAD_REQUEST) -> None:
        super().__init__(message)
        self.error, self.message, self.status = error, message, int(status)

    def as_response(self) -> HTTPResponse:
        return response.json({"status": self.status, "error": self.error,
                               "message": self.message}, status=self.status)


@dataclass(frozen=True)
class WebhookMessage:
    """A validated request: what goes into Rasa's UserMessage."""

    sender: str
    text: str
    input_channel: Optional[str] = None
    metadata: Optional[Dict[str, Any]] = None


def _has_surrogates(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _invisible_or_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in text)


def clean_text(text: str) -> str:
    """The message without control characters (tab, CR and LF are kept)."""
    return "".join(ch for ch in text
                   if ch in _KEPT_CONTROLS or unicodedata.category(ch) != "Cc")


def parse_body(body: bytes) -> WebhookMessage:
    """Validate a webhook body; raises BadRequest with a sentence saying what is wrong."""
    return validate_fields(decode_body(body))


def decode_body(body: bytes) -> Dict[str, Any]:
    """The body as a JSON object (also used by scaling.rest); raises BadRequest."""
    example = 'send a JSON object like {"sender": "mediator-1", "message": "..."}'
    if len(body) > MAX_BODY_BYTES:
        raise too_large()
    if not body.strip():
        raise BadRequest("empty_body", f"The request body is empty: {example}.")
    try:
        data = json.loads(body)
    except UnicodeDecodeError:
        raise BadRequest("invalid_encoding", "The body is not UTF-8 (or UTF-16/32) text.")
    except ValueError as error:
        raise BadRequest("invalid_json", f"The body is not valid JSON ({error}).")
    except RecursionError:
        raise BadRequest("invalid_json", "The body is nested too deeply to read.")
    if not isinstance(data, dict):
        raise BadRequest("not_an_object", f"The body is JSON but not an object: {example}.")
    return data


def validate_fields(data: Dict[str, Any]) -> WebhookMessage:
    """Check a decoded body's fields (also used by scaling.rest); raises BadRequest."""
    if "sender" not in data:
        raise BadRequest("missing_sender", 'The "sender" field is missing: a string that '
                                           "names the conversation, e.g. the mediator's id.")
    sender = data["sender"]
    if not isinstance(sender, str):
        raise BadRequest("invalid_sender", 'The "sender" field must be a string.')
    if not sender.strip():
        raise BadRequest("invalid_sender", 'The "sender" field is blank.')
    if len(sender) > MAX_SENDER_CHARS:
        raise BadRequest("invalid_sender", f'The "sender" field is longer than '
                                           f"{MAX_SENDER_CHARS} characters.")
    if _has_surrogates(sender) or _invisible_or_control(sender):
        raise BadRequest("invalid_sender", 'The "sender" field holds control, invisible or '
                                           "invalid characters.")

    if "message" not in data:
        raise BadRequest("missing_message", 'The "message" field is missing: the text the '
                                            "mediator wrote.")
    text = data["message"]
    if not isinstance(text, str):
        raise BadRequest("invalid_message", 'The "message" field must be a string.')
    if _has_surrogates(text):
        raise BadRequest("invalid_message", 'The "message" field holds unpaired surrogates, '
                                            "which are not valid Unicode text.")

    channel = data.get("input_channel")
    if channel is not None and not (isinstance(channel, str)
                                    and len(channel) <= MAX_INPUT_CHANNEL_CHARS
                                    and _INPUT_CHANNEL.fullmatch(channel)):
        raise BadRequest("invalid_input_channel", f'"input_channel" must be a name of at most '
                                                  f"{MAX_INPUT_CHANNEL_CHARS} letters, digits "
                                                  f"or _.:- characters.")
    metadata = data.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest("invalid_metadata", '"metadata" must be a JSON object.')
    return WebhookMessage(sender=sender, text=clean_text(text), input_channel=channel,
                          metadata=metadata)


def too_large() -> BadRequest:
    return BadRequest("body_too_large", f"The body is larger than {MAX_BODY_BYTES} bytes; "
                                        "describe the situation in a few sentences.",
                      HTTPStatus.REQUEST_ENTITY_TOO_LARGE)


async def read_body(request: Request) -> bytes:
    """The request body, refusing (413) as soon as it is known to exceed MAX_BODY_BYTES."""
    declared = (request.headers.get("content-length") or "").strip()
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise too_large()
    if request.body or request.stream is None:  # already read (a route without streaming)
        return request.body or b""
    chunks: List[bytes] = []
    size = 0
    async for chunk in request.stream:
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise too_large()  # Sanic drains the rest before answering
        chunks.append(chunk)
    return b"".join(chunks)


class RestInput(RasaRestInput):
    """Rasa's REST channel with validated input and a reply to every accepted message."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def to_user_message(self, request: Request, payload: WebhookMessage,
                        output_channel: Any) -> UserMessage:
        text = neutralise_command(payload.text, injectable_intents(request_intents(request)))
        if text != payload.text and text.strip() != payload.text.strip():
            logger.info("A '/' command from a REST client was read as plain text "
                        "(intent injection is refused).")
        return UserMessage(text, output_channel, payload.sender,
                           input_channel=payload.input_channel or self.name(),
                           metadata=payload.metadata)

    @staticmethod
    def fallback(sender: str, failed: bool) -> Dict[str, Any]:
        return {"recipient_id": sender, "text": ERROR_TEXT if failed else NO_REPLY_TEXT}

    async def _collect(self, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                       message: UserMessage) -> bool:
        """Run the message through Rasa; False if handling it raised."""
        try:
            await on_new_message(message)
            return True
        except asyncio.CancelledError:
            logger.error("Handling a REST message timed out")
        except Exception:  # noqa: BLE001 - the client gets ERROR_TEXT, the log the traceback
            logger.exception("Handling a REST message failed")
        return False

    def _streamed(self, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                  request: Request, payload: WebhookMessage) -> Callable[[Any], Awaitable[None]]:
        async def stream(resp: Any) -> None:
            queue: asyncio.Queue = asyncio.Queue()
            message = self.to_user_message(request, payload, QueueOutputChannel(queue))

            async def run() -> None:
                ok = await self._collect(on_new_message, message)
                await queue.put((_DONE, ok))

            task = asyncio.ensure_future(run())
            sent = 0
            while True:
                item = await queue.get()
                if isinstance(item, tuple) and item and item[0] is _DONE:
                    ok = item[1]
                    break
                await resp.write(json.dumps(item) + "\n")
                sent += 1
            await task
            if not sent:
                await resp.write(json.dumps(self.fallback(payload.sender, not ok)) + "\n")

        return stream

    def webhook_blueprint(self) -> Blueprint:
        """Rasa's blueprint name for custom channels, with the health route (GET /)."""
        module = inspect.getmodule(self)
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}",
                            module.__name__ if module else None)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        return webhook

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        on_new_message = start_channel(on_new_message, guard=False)  # neutralised per request
        webhook = self.webhook_blueprint()

        @webhook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> Any:
            try:
                payload = parse_body(await read_body(request))
            except BadRequest as refused:
                return refused.as_response()

            if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
                return response.stream(self._streamed(on_new_message, request, payload),
                                       content_type="text/event-stream")

            collector = CollectingOutputChannel()
            ok = await self._collect(on_new_message,
                                     self.to_user_message(request, payload, collector))
            return response.json(collector.messages or [self.fallback(payload.sender, not ok)])

        return webhook
