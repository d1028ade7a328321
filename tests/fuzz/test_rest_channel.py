"""channels/rest.py, guard.py and resilience.py without a model: validation, neutralised
commands, the size limit, the fallback replies, streaming, and the wrapped RemoteAction.

The HTTP tests run the channel's blueprint in an in-process Sanic app whose message handler
is a stand-in, so each behaviour can be forced (a bot that says nothing, a handler that raises).
"""
from __future__ import annotations

import asyncio
import json
import uuid
from types import SimpleNamespace
from typing import Any, Callable, List, Optional

import aiohttp
import pytest
from channels import guard, resilience
from channels import rest
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import ClientResponseError, EndpointConfig
from sanic import Sanic

DOMAIN_INTENTS = ["greet", "another_strategy", "impasse_distrust", "impasse_anger", "affirm",
                  "restart", "back", "session_start", "out_of_scope", "nlu_fallback",
                  "unusable_input"]


def body(**fields: Any) -> bytes:
    return json.dumps(fields).encode()


# --- parse_body -------------------------------------------------------------------------

@pytest.mark.parametrize("raw, error", [
    (b"", "empty_body"),
    (b"  \n ", "empty_body"),
    (b"{", "invalid_json"),
    (b"{'sender': 'a'}", "invalid_json"),
    (b'{"sender": "a", "message": "hi"}{}', "invalid_json"),
    (b"[" * 30000 + b"]" * 30000, "invalid_json"),  # nested too deeply for json (60 KB)
    (b'{"sender": "a", "message": "caf\xe9"}', "invalid_encoding"),
    (b"\xff\xfe\x00", "invalid_encoding"),  # a UTF-16 BOM and half a character
    (b"[]", "not_an_object"),
    (b'"text"', "not_an_object"),
    (b"null", "not_an_object"),
    (body(message="hi"), "missing_sender"),
    (body(sender="a"), "missing_message"),
    (body(sender=None, message="hi"), "invalid_sender"),
    (body(sender=7, message="hi"), "invalid_sender"),
    (body(sender=" ", message="hi"), "invalid_sender"),
    (body(sender="s" * (rest.MAX_SENDER_CHARS + 1), message="hi"), "invalid_sender"),
    (body(sender="a\x00b", message="hi"), "invalid_sender"),
    (body(sender="a\nb", message="hi"), "invalid_sender"),
    (body(sender="a\u200bb", message="hi"), "invalid_sender"),
    (body(sender="a\u202eb", message="hi"), "invalid_sender"),
    (b'{"sender": "a\\ud800", "message": "hi"}', "invalid_sender"),
    (body(sender="a", message=None), "invalid_message"),
    (body(sender="a", message=["hi"]), "invalid_message"),
    (body(sender="a", message={"text": "hi"}), "invalid_message"),
    (b'{"sender": "a", "message": "x\\udc00y"}', "invalid_message"),
    (body(sender="a", message="hi", metadata="x"), "invalid_metadata"),
    (body(sender="a", message="hi", metadata=[1]), "invalid_metadata"),
    (body(sender="a", message="hi", input_channel=5), "invalid_input_channel"),
    (body(sender="a", message="hi", input_channel="a b"), "invalid_input_channel"),
    (body(sender="a", message="hi", input_channel="x" * 65), "invalid_input_channel"),
])
def test_bad_bodies_are_refused_with_a_named_error(raw, error):
    with pytest.raises(rest.BadRequest) as refused:
        rest.parse_body(raw)
    assert refused.value.error == error
    assert refused.value.status == 400
    assert refused.value.message.endswith((".", ")"))


def test_too_large_is_413():
    raw = body(sender="a", message="x" * rest.MAX_BODY_BYTES)
    with pytest.raises(rest.BadRequest) as refused:
        rest.parse_body(raw)
    assert (refused.value.status, refused.value.error) == (413, "body_too_large")


@pytest.mark.parametrize("raw, sender, text", [
    (body(sender="mediator-1", message="they won't move"), "mediator-1", "they won't move"),
    (body(sender="médiatrice é", message=""), "médiatrice é", ""),
    (body(sender="m" * rest.MAX_SENDER_CHARS, message="hi"), "m" * rest.MAX_SENDER_CHARS, "hi"),
    (body(sender="a", message="he\x00 said\x07 no\x1b[31m\x7f\x85"), "a", "he said no[31m"),
    (body(sender="a", message="line one\n\tline two\r\n"), "a", "line one\n\tline two\r\n"),
    (body(sender="a", message="مرحبا \u200f שלום 你好 👨‍👩‍👧"), "a", "مرحبا \u200f שלום 你好 👨‍👩‍👧"),
    ("\ufeff".encode() + body(sender="a", message="hi"), "a", "hi"),
    (json.dumps({"sender": "a", "message": "hi"}).encode("utf-16"), "a", "hi"),
])
def test_good_bodies_are_accepted_and_control_characters_dropped(raw, sender, text):
    parsed = rest.parse_body(raw)
    assert (parsed.sender, parsed.text) == (sender, text)


def test_metadata_and_input_channel_pass_through():
    parsed = rest.parse_body(body(sender="a", message="hi", metadata={"k": [1]},
                                  input_channel="local_voice"))
    assert parsed.metadata == {"k": [1]} and parsed.input_channel == "local_voice"


# --- "/" commands -------------------------------------------------------------------------

ALLOWED = guard.injectable_intents(DOMAIN_INTENTS)


def test_injectable_intents_are_the_domain_minus_controls_and_pipeline_markers():
    assert ALLOWED == {"greet", "another_strategy", "impasse_distrust", "impasse_anger",
                       "affirm", "out_of_scope"}


@pytest.mark.parametrize("text, expected", [
    ("/another_strategy", "/another_strategy"),
    ("  /impasse_distrust \n", "/impasse_distrust"),
    ("/affirm", "/affirm"),
    ("/restart", "restart"),
    ("/back", "back"),
    ("/session_start", "session_start"),
    ("/nlu_fallback", "nlu_fallback"),
    ("/unusable_input", "unusable_input"),
    ('/impasse_anger{"party": "Zebulon"}', 'impasse_anger{"party": "Zebulon"}'),
    ("/greet@0.99", "greet@0.99"),
    ("/not_an_intent", "not_an_intent"),
    ("//restart", "restart"),
    ("/ /restart", "restart"),
    ("\u3000/restart", "restart"),  # str.strip() removes it, and so does Rasa
    ("/", ""),
    ("they said /restart", "they said /restart"),
    ("\u200b/restart", "\u200b/restart"),  # not stripped by Rasa either: plain text there
    ("no slash", "no slash"),
])
def test_only_bare_payloads_of_allowed_intents_stay_commands(text, expected):
    out = guard.neutralise_command(text, ALLOWED)
    assert out == expected
    stripped = out.strip()
    if stripped.startswith("/"):
        assert stripped[1:] in ALLOWED


def test_without_a_domain_every_command_is_words():
    assert guard.neutralise_command("/another_strategy", guard.injectable_intents([])) == "another_strategy"


# --- the blueprint in a real Sanic app ------------------------------------------------------

class Bot:
    """Stands in for Rasa: records messages, says what it is told to, or raises."""

    def __init__(self) -> None:
        self.received: List[UserMessage] = []
        self.replies: List[str] = ["hello back"]
        self.error: Optional[Exception] = None

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        if self.error:
            raise self.error
        for reply in self.replies:
            await message.output_channel.send_text_message(message.sender_id, reply)


@pytest.fixture
async def channel():
    Sanic.test_mode = True
    app = Sanic(f"rest_test_{uuid.uuid4().hex[:8]}")
    app.ctx.agent = SimpleNamespace(domain=SimpleNamespace(intents=DOMAIN_INTENTS))
    bot = Bot()
    app.blueprint(rest.RestInput().blueprint(bot), url_prefix="/webhooks/rest")
    server = await app.create_server(host="127.0.0.1", port=0, return_asyncio_server=True)
    await server.startup()
    await server.before_start()
    await server.after_start()
    port = server.server.sockets[0].getsockname()[1]
    async with aiohttp.ClientSession() as session:
        async def post(data: Any, path: str = "/webhooks/rest/webhook", **kw: Any):
            async with session.post(f"http://127.0.0.1:{port}{path}", data=data, **kw) as answer:
                return answer.status, await answer.read()
        yield SimpleNamespace(post=post, bot=bot, port=port, session=session)
    await server.before_stop()
    await server.close()
    await server.after_stop()


async def test_health_and_a_normal_message(channel):
    async with channel.session.get(f"http://127.0.0.1:{channel.port}/webhooks/rest/") as answer:
        assert answer.status == 200 and await answer.json() == {"status": "ok"}
    status, raw = await channel.post(body(sender="m1", message="hi"))
    assert status == 200
    assert json.loads(raw) == [{"recipient_id": "m1", "text": "hello back"}]
    message = channel.bot.received[-1]
    assert (message.sender_id, message.text, message.input_channel) == ("m1", "hi", "rest")


async def test_refusal_is_a_json_400_and_never_reaches_rasa(channel):
    status, raw = await channel.post(b"")
    assert status == 400
    assert json.loads(raw)["error"] == "empty_body"
    assert channel.bot.received == []


@pytest.mark.parametrize("extra, status", [(0, 200), (1, 413)])
async def test_the_size_limit_is_exact(channel, extra, status):
    empty = len(body(sender="m1", message=""))
    raw = body(sender="m1", message="x" * (rest.MAX_BODY_BYTES - empty + extra))
    assert len(raw) == rest.MAX_BODY_BYTES + extra
    got, answer = await channel.post(raw)
    assert got == status
    if status == 413:
        assert json.loads(answer)["error"] == "body_too_large"


async def test_a_chunked_upload_is_cut_off_at_the_limit(channel):
    async def chunks():
        yield b'{"sender": "m1", "message": "'
        for _ in range(100):
            yield b"y" * 10_000  # 1 MB, no Content-Length
        yield b'"}'
    status, answer = await channel.post(chunks())
    assert status == 413 and channel.bot.received == []


async def test_a_silent_bot_gets_the_friendly_fallback(channel):
    channel.bot.replies = []
    status, raw = await channel.post(body(sender="m1", message="/whatever"))
    assert status == 200
    assert json.loads(raw) == [{"recipient_id": "m1", "text": rest.NO_REPLY_TEXT}]


async def test_a_failing_handler_gets_the_error_sentence_not_a_500(channel):
    channel.bot.error = RuntimeError("tracker store down")
    status, raw = await channel.post(body(sender="m1", message="hi"))
    assert status == 200
    assert json.loads(raw) == [{"recipient_id": "m1", "text": rest.ERROR_TEXT}]


async def test_commands_reach_rasa_neutralised_and_payloads_intact(channel):
    for text in ("/restart", '/impasse_anger{"party": "x"}', "/another_strategy"):
        await channel.post(body(sender="m1", message=text))
    assert [m.text for m in channel.bot.received] == [
        "restart", 'impasse_anger{"party": "x"}', "/another_strategy"]


async def test_metadata_and_input_channel_reach_rasa(channel):
    await channel.post(body(sender="v1", message="hi", input_channel="local_voice",
                            metadata={"call": 1}))
    message = channel.bot.received[-1]
    assert message.input_channel == "local_voice" and message.metadata == {"call": 1}


def stream_lines(raw: bytes) -> List[dict]:
    return [json.loads(line) for line in raw.decode().splitlines() if line.strip()]


@pytest.mark.parametrize("setup, expected", [
    (lambda bot: None, ["hello back"]),
    (lambda bot: setattr(bot, "replies", ["one", "two"]), ["one", "two"]),
    (lambda bot: setattr(bot, "replies", []), [rest.NO_REPLY_TEXT]),
    (lambda bot: setattr(bot, "error", RuntimeError("boom")), [rest.ERROR_TEXT]),
])
async def test_streaming_sends_lines_and_always_ends(channel, setup: Callable, expected):
    setup(channel.bot)
    status, raw = await asyncio.wait_for(
        channel.post(body(sender="m1", message="hi"), path="/webhooks/rest/webhook?stream=true"), 30)
    assert status == 200
    assert [m["text"] for m in stream_lines(raw)] == expected


async def test_streaming_refuses_bad_bodies_too(channel):
    status, raw = await channel.post(b"nope", path="/webhooks/rest/webhook?stream=true")
    assert status == 400 and json.loads(raw)["error"] == "invalid_json"


# --- channels.resilience --------------------------------------------------------------------

class Endpoint(EndpointConfig):
    """An action endpoint whose request fails (or answers) as told, with no network."""

    def __init__(self, outcome: Any) -> None:
        super().__init__(url="http://action-server.invalid/webhook")
        self.outcome = outcome

    async def request(self, *args: Any, **kwargs: Any) -> Any:
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


def run_action(outcome: Any, events: Optional[list] = None) -> list:
    domain = Domain.empty()
    tracker = DialogueStateTracker.from_events("m1", events or [UserUttered("they won't move")])
    action = RemoteAction("action_suggest_strategy", Endpoint(outcome))
    return asyncio.run(action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}),
                                  tracker, domain))


def test_the_wrapper_is_installed_once_at_start_up_not_by_an_import(monkeypatch):
    stock = getattr(RemoteAction.run, "__wrapped__", RemoteAction.run)
    monkeypatch.setattr(RemoteAction, "run", stock)
    import importlib
    importlib.reload(rest)  # importing the channel changes nothing in Rasa
    assert not resilience.installed()

    async def on_new_message(message):
        return None

    rest.RestInput().blueprint(on_new_message)  # what Rasa does for each channel at start-up
    assert resilience.installed()
    wrapped = RemoteAction.run
    rest.RestInput().blueprint(on_new_message)  # a second channel in the same server
    assert RemoteAction.run is wrapped
    assert RemoteAction.run.__wrapped__ is stock


@pytest.mark.parametrize("failure", [
    aiohttp.ClientConnectionError("connection refused"),
    aiohttp.ServerDisconnectedError(),
    ClientResponseError(500, "Internal Server Error", "boom"),
    ClientResponseError(404, "Not Found", '{"error": "No registered action"}'),
    asyncio.TimeoutError(),
])
def test_a_failed_call_becomes_the_plain_sentence(failure):
    events = run_action(failure)
    assert len(events) == 1 and isinstance(events[0], BotUttered)
    assert events[0].text == resilience.UNREACHABLE_TEXT


def test_an_invalid_answer_becomes_the_plain_sentence_too():
    events = run_action({"events": "not a list"})
    assert [e.text for e in events] == [resilience.UNREACHABLE_TEXT]


def test_a_rejection_is_still_rasas_to_handle():
    rejection = ClientResponseError(400, "Bad Request",
                                    json.dumps({"action_name": "action_suggest_strategy",
                                                "error": "not now"}))
    with pytest.raises(ActionExecutionRejection):
        run_action(rejection)


def test_a_working_call_is_untouched():
    events = run_action({"events": [], "responses": [{"text": "Try this: a break"}]})
    assert [e.text for e in events] == ["Try this: a break"]


def test_the_sentence_is_said_once_per_turn():
    said = [UserUttered("hi"), BotUttered(resilience.UNREACHABLE_TEXT)]
    assert run_action(aiohttp.ClientConnectionError("down"), said) == []
    next_turn = said + [UserUttered("again")]
    assert [e.text for e in run_action(aiohttp.ClientConnectionError("down"), next_turn)] == [
        resilience.UNREACHABLE_TEXT]


# --- the credentials files ----------------------------------------------------------------

@pytest.mark.parametrize("path", ["credentials.yml", "channels/credentials.slack.yml",
                                  "channels/credentials.voice.yml"])
def test_every_credentials_file_registers_this_channel_not_the_stock_one(path):
    import yaml
    from harness.servers import ROOT
    channels = yaml.safe_load((ROOT / path).read_text())
    assert "channels.rest.RestInput" in channels
    assert "rest" not in channels


def test_guard_commands_neutralises_before_the_message_reaches_rasa():
    seen = []

    async def on_new_message(message):
        seen.append(message.text)

    handler = guard.guard_commands(on_new_message)
    for text in ("/restart", '/impasse_anger{"party": "x"}', "/another_strategy", "he said /no"):
        asyncio.run(handler(UserMessage(text, None, "s1")))
    # No app is running here, so the domain is unknown: bare "/<word>" payloads (buttons)
    # pass, Rasa's controls and anything carrying entities are read as words.
    assert seen == ["restart", 'impasse_anger{"party": "x"}', "/another_strategy", "he said /no"]
