"""The signed Twilio Voice channel end to end: real action server + Rasa server.

Requests carry the form fields Twilio sends and an X-Twilio-Signature computed with
twilio's own RequestValidator, exactly as Twilio signs them. The servers are the
`assistant` fixture of tests/voice/conftest.py (ports 5505/5555, own databases,
channels/credentials.voice.yml), shared with test_offline_loop.py.
"""
from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from typing import Dict, List, Optional, Tuple

from twilio.request_validator import RequestValidator

FOLLOW_UP = "Want another idea, or the questions for caucus?"
IMPASSE = "they are yelling at each other and one of them just stormed out"


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
    assert gather.get("action") == assistant.webhook
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
    signature = RequestValidator(assistant.auth_token).compute_signature(assistant.base + assistant.webhook, params)
    params["SpeechResult"] = "something else entirely"
    status, _ = assistant.twilio(params, signature=signature)
    assert status == 403


def test_signature_over_the_public_url_behind_a_proxy(assistant):
    public = "https://voice.example.org" + assistant.webhook
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "voice.example.org"}
    params = call_params(IMPASSE, new_caller())
    status, twiml = assistant.twilio(params, url=public, headers=forwarded)
    assert status == 200, twiml
    # signed for the public URL but not forwarded: the URL Rasa sees differs -> rejected
    status, _ = assistant.twilio(call_params(IMPASSE, new_caller()), url=public)
    assert status == 403
