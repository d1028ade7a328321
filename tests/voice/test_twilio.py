"""The signed Twilio Voice channel end to end: real action server + Rasa server.

Requests carry the form fields Twilio sends and an X-Twilio-Signature computed with
twilio's own RequestValidator, exactly as Twilio signs them. The servers are started
here (ports 5505/5555, own databases, channels/credentials.voice.yml) and shared with
test_offline_loop.py through `voice_assistant()`.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest
from twilio.request_validator import RequestValidator

from rasa_servers import BIN, ROOT, RasaServers

RASA_PORT, ACTIONS_PORT = 5505, 5555
AUTH_TOKEN = "test-twilio-auth-token"
WEBHOOK = "/webhooks/signed_twilio_voice/webhook"
FOLLOW_UP = "Want another idea, or the questions for caucus?"
IMPASSE = "they are yelling at each other and one of them just stormed out"


class VoiceAssistant(RasaServers):
    """`rasa run actions` + `rasa run --credentials channels/credentials.voice.yml`."""

    def __init__(self, workdir: Path) -> None:
        super().__init__(workdir, RASA_PORT, ACTIONS_PORT, ROOT / "channels" / "credentials.voice.yml",
                         "/webhooks/signed_twilio_voice/",
                         "Rasa server with the signed Twilio voice channel",
                         env={"TWILIO_AUTH_TOKEN": AUTH_TOKEN}, rasa_args=["--enable-api"])
        self.env.pop("TWILIO_PUBLIC_URL", None)
        self.rest_url = f"{self.base}/webhooks/rest/webhook"

    def twilio(self, params: Dict[str, str], *, url: Optional[str] = None,
               token: str = AUTH_TOKEN, signature: Optional[str] = "sign",
               headers: Optional[Dict[str, str]] = None) -> Tuple[int, str]:
        """POST form fields to the voice webhook, signed over `url` as Twilio signs them."""
        signed_url = url or self.base + WEBHOOK
        all_headers = {"Content-Type": "application/x-www-form-urlencoded",
                       "User-Agent": "TwilioProxy/1.1"}
        if signature == "sign":
            signature = RequestValidator(token).compute_signature(signed_url, params)
        if signature is not None:
            all_headers["X-Twilio-Signature"] = signature
        all_headers.update(headers or {})
        body = urllib.parse.urlencode(params).encode()
        request = urllib.request.Request(self.base + WEBHOOK, data=body, method="POST",
                                         headers=all_headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def tracker(self, sender: str) -> Dict:
        quoted = urllib.parse.quote(sender, safe="+")  # Rasa does not unquote %2B
        with urllib.request.urlopen(f"{self.base}/conversations/{quoted}/tracker", timeout=30) as r:
            return json.loads(r.read())


_shared: Dict[str, VoiceAssistant] = {}


def voice_assistant(request: pytest.FixtureRequest) -> VoiceAssistant:
    """Start the servers once per session, whichever voice test module asks first."""
    if "server" not in _shared:
        workdir = request.config._tmp_path_factory.mktemp("voice")  # type: ignore[attr-defined]
        server = VoiceAssistant(workdir).start()
        request.config.add_cleanup(server.stop)
        _shared["server"] = server
    return _shared["server"]


@pytest.fixture(scope="session")
def assistant(request):
    return voice_assistant(request)


def call_params(speech: Optional[str], caller: str, status: str = "in-progress") -> Dict[str, str]:
    """The fields Twilio POSTs to a voice webhook (after a <Gather input="speech">)."""
    params = {
        "AccountSid": "AC" + "0" * 32, "ApiVersion": "2010-04-01",
        "CallSid": "CA" + uuid.uuid4().hex, "CallStatus": status, "Direction": "inbound",
        "Called": "+15005550006", "To": "+15005550006", "ToCountry": "US",
        "Caller": caller, "From": caller, "FromCountry": "US",
    }
    if speech is not None:
        params.update(SpeechResult=speech, Confidence="0.9123")
    return params


def new_caller() -> str:
    return "+1555" + str(uuid.uuid4().int)[:7]


def says(twiml: str) -> Tuple[List[str], ET.Element]:
    root = ET.fromstring(twiml)
    assert root.tag == "Response"
    return [s.text or "" for s in root.iter("Say")], root


def spoken_starts(playbook) -> List[str]:
    """The opening words of every strategy's spoken form (before any {placeholder})."""
    return [s.spoken.split("{")[0][:40] for s in playbook.strategies.values()]


def test_call_is_answered_with_a_greeting_and_a_speech_gather(assistant):
    status, twiml = assistant.twilio(call_params(None, new_caller(), status="ringing"))
    assert status == 200, twiml
    spoken, root = says(twiml)
    assert any("mediation" in s for s in spoken), twiml
    gather = root.find("Gather")
    assert gather is not None and gather.get("input") == "speech"
    assert gather.get("action") == WEBHOOK
    hints = gather.get("hints").split(", ")
    assert "caucus" in hints and "my client" in hints and len(hints) <= 500


def test_signed_speech_gets_a_spoken_strategy(assistant, playbook):
    caller = new_caller()
    status, twiml = assistant.twilio(call_params(IMPASSE, caller))
    assert status == 200, twiml
    spoken, root = says(twiml)
    text = " ".join(spoken)
    gather = root.find("Gather")
    assert gather is not None and gather.get("input") == "speech", twiml
    assert gather.find("Say") is not None  # the caller can answer while it speaks
    assert any(start in text for start in spoken_starts(playbook)), text
    assert "Try this:" not in text and "How to run it" not in text
    assert "\n" not in text and "*" not in text and "/another_strategy" not in text
    assert text.strip().endswith(FOLLOW_UP), text
    assert len(text) < 600, "a spoken reply must stay short"
    # the channel name reaches the action server as the input channel
    tracker = assistant.tracker(caller)
    assert tracker["latest_input_channel"] == "signed_twilio_voice"
    users = [e for e in tracker["events"] if e["event"] == "user"]
    assert users[-1]["text"] == IMPASSE and users[-1]["input_channel"] == "signed_twilio_voice"
    bots = [e for e in tracker["events"] if e["event"] == "bot"]
    assert not any((b.get("data") or {}).get("buttons") for b in bots)


def test_wrong_signature_is_rejected_and_not_processed(assistant):
    caller = new_caller()
    status, body = assistant.twilio(call_params(IMPASSE, caller), token="not-the-auth-token")
    assert status == 403, body
    assert "<Say" not in body
    tracker = assistant.tracker(caller)
    assert not [e for e in tracker["events"] if e["event"] in ("user", "bot")]


def test_missing_signature_is_rejected(assistant):
    caller = new_caller()
    status, body = assistant.twilio(call_params(IMPASSE, caller), signature=None)
    assert status == 403, body
    assert not [e for e in assistant.tracker(caller)["events"] if e["event"] == "user"]


def test_tampered_form_is_rejected(assistant):
    params = call_params(IMPASSE, new_caller())
    signature = RequestValidator(AUTH_TOKEN).compute_signature(assistant.base + WEBHOOK, params)
    params["SpeechResult"] = "something else entirely"
    status, _ = assistant.twilio(params, signature=signature)
    assert status == 403


def test_signature_over_the_public_url_behind_a_proxy(assistant):
    public = "https://voice.example.org" + WEBHOOK
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "voice.example.org"}
    params = call_params(IMPASSE, new_caller())
    status, twiml = assistant.twilio(params, url=public, headers=forwarded)
    assert status == 200, twiml
    # signed for the public URL but not forwarded: the URL Rasa sees differs -> rejected
    status, _ = assistant.twilio(call_params(IMPASSE, new_caller()), url=public)
    assert status == 403
