"""Twilio Voice, with every webhook call checked against X-Twilio-Signature.

Rasa's own `twilio_voice` channel trusts whoever POSTs to it. This subclass keeps its
configuration (initial_prompt, assistant_voice, speech_timeout, ...) and TwiML replies
(<Say> inside <Gather input="speech">) but answers 403 before doing anything when the
signature is missing or wrong.

The signature is HMAC-SHA1 over the public URL Twilio called plus the sorted form
params, keyed with the account's auth token (env TWILIO_AUTH_TOKEN). Behind a proxy or
tunnel the URL Rasa sees differs from the one Twilio called: X-Forwarded-Proto and
X-Forwarded-Host are honoured, or set TWILIO_PUBLIC_URL (e.g. https://bot.example.org)
to fix the scheme and host outright.

credentials.yml:   channels.twilio_voice.SignedTwilioVoiceInput: {initial_prompt: hello, ...}
Twilio number's voice webhook:  POST https://<public host>/webhooks/signed_twilio_voice/webhook
"""
from __future__ import annotations

import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.twilio_voice import (
    TwilioVoiceCollectingOutputChannel,
    TwilioVoiceInput,
)
from rasa.shared.core.events import BotUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

import settings
from channels.startup import start_channel

logger = logging.getLogger(__name__)

_MARKUP = re.compile(r"[*_`#>\[\]]|<[^>]*>")

# Words a mediator says that a general speech model mishears, sent as `hints` on <Gather> so
# Twilio's recogniser expects them (Twilio: up to 500 phrases of at most 100 characters).
HINTS = (
    "mediation", "mediator", "co-mediator", "caucus", "impasse", "another idea", "why this",
    "questions for caucus", "that worked", "that didn't work", "park the issue", "homework",
    "summarise gains", "new situation", "new case", "my client", "I'm representing",
    "custody", "visitation", "parenting plan", "child support", "spousal support", "alimony",
    "pension", "401k", "escrow", "deposit", "landlord", "tenant", "eviction", "executor",
    "estate", "inheritance", "probate", "trustee", "power of attorney", "insurer", "adjuster",
    "claimant", "policy limits", "settlement", "severance", "non-compete", "reference letter",
    "grievance", "union", "IEP", "special education", "contractor", "subcontractor",
    "change order", "retainage", "buyout", "partnership", "shareholder", "HOA", "easement",
    "boundary", "fence line", "bracketing", "mediator's proposal", "BATNA",
)


def hints() -> Text:
    return ", ".join(HINTS)


def speakable(text: Text) -> Text:
    """Plain words for a speech engine: no markdown, tags, list markers or line breaks."""
    text = _MARKUP.sub("", text or "")
    text = re.sub(r"(?m)^\s*(?:\d+\.|-)\s+", "", text)
    return re.sub(r"\s+", " ", text).strip()


class SpokenCollectingOutputChannel(TwilioVoiceCollectingOutputChannel):
    """Collects replies as plain spoken text; buttons are never read out."""

    @classmethod
    def name(cls) -> Text:
        return SignedTwilioVoiceInput.name()

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        spoken = speakable(text)
        if spoken:
            await self._persist_message(self._message(recipient_id, text=spoken))

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, text)

    async def send_quick_replies(self, recipient_id: Text, text: Text,
                                 quick_replies: List[Dict[Text, Any]], **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, text)


class SignedTwilioVoiceInput(TwilioVoiceInput):
    """Twilio Voice that rejects unsigned or wrongly signed requests with 403."""

    @classmethod
    def name(cls) -> Text:
        return "signed_twilio_voice"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        token = credentials.get("auth_token") or settings.twilio_auth_token()
        if not token:
            # Refuse to start rather than run an endpoint nobody can reach (or everyone can).
            raise ValueError("signed_twilio_voice needs TWILIO_AUTH_TOKEN in the environment")
        channel.validator = RequestValidator(token)
        channel.public_url = (credentials.get("public_url")
                              or settings.twilio_public_url()).rstrip("/")
        return channel

    def public_request_url(self, request: Request) -> Text:
        """The URL Twilio called, as it signed it."""
        path = request.path + (f"?{request.query_string}" if request.query_string else "")
        if self.public_url:
            return self.public_url + path
        proto = (request.headers.get("X-Forwarded-Proto") or request.scheme).split(",")[0].strip()
        host = (request.headers.get("X-Forwarded-Host") or request.headers.get("Host")
                or request.host).split(",")[0].strip()
        return f"{proto}://{host}{path}"

    def is_signed(self, request: Request) -> bool:
        signature = request.headers.get("X-Twilio-Signature")
        if not signature:
            return False
        return self.validator.validate(self.public_request_url(request), request.form or {},
                                       signature)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        on_new_message = start_channel(on_new_message)
        webhook = Blueprint("signed_twilio_voice_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.is_signed(request):
                logger.warning("Twilio voice request with a missing or invalid signature "
                               "for %s", self.public_request_url(request))
                return response.text("invalid signature", status=403)

            form = request.form
            sender_id = form.get("From") or form.get("CallSid")
            text = form.get("SpeechResult")
            collector = SpokenCollectingOutputChannel()

            if text is None and form.get("CallStatus") == "ringing":
                text = self.initial_prompt  # answer the call with a greeting

            if text is not None:
                await on_new_message(UserMessage(
                    text, collector, sender_id, input_channel=self.name(),
                    metadata={"call_sid": form.get("CallSid")}))
                messages = collector.messages or [{"text": self.reprompt_fallback_phrase}]
            else:
                # Silence: say the last bot utterance again (or the fallback phrase).
                tracker = await request.app.ctx.agent.tracker_store.retrieve(sender_id)
                last = next((e for e in reversed(tracker.events) if isinstance(e, BotUttered)),
                            None) if tracker else None
                messages = [{"text": speakable(last.text) if last and last.text
                             else self.reprompt_fallback_phrase}]
            twiml = self._build_twilio_voice_response(messages)
            return response.text(str(twiml), content_type="text/xml")

        return webhook

    def _build_twilio_voice_response(self, messages):
        """Rasa's TwiML, with mediation words as speech hints on the <Gather>."""
        twiml = super()._build_twilio_voice_response(messages)
        for verb in getattr(twiml, "verbs", []):
            if verb.name == "Gather":
                verb.attrs["hints"] = hints()
        return twiml
