"""What the voice tests share: the servers with the signed Twilio voice channel, flite and
espeak-ng to speak, sox for the noise, and Whisper (in .venv-voice) and pocketsphinx to listen.

Missing speech tools skip the speech tests on a developer's machine and fail them in CI,
where `make voice-test` installs flite, espeak-ng and sox first and `make install` builds
.venv-voice.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Dict, Optional, Tuple

import pytest
from twilio.request_validator import RequestValidator

from harness.servers import ROOT, Servers


def _missing() -> str:
    missing = []
    if not shutil.which("flite"):
        missing.append("flite (apt-get install -y flite)")
    if importlib.util.find_spec("pocketsphinx") is None:
        missing.append("pocketsphinx (pip install 'pocketsphinx>=5.0,<5.1')")
    return ", ".join(missing)


def _missing_for_whisper() -> str:
    missing = [t for t in ("flite", "espeak-ng", "sox") if not shutil.which(t)]
    if not (ROOT / ".venv-voice" / "bin" / "python").is_file():
        missing.append(".venv-voice (make install)")
    return ", ".join(missing)


def _require(missing: str) -> None:
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"voice tools missing in CI: {missing}")
        pytest.skip(f"voice tools missing: {missing}")


@pytest.fixture(scope="module")
def speech_tools():
    _require(_missing())


@pytest.fixture(scope="module")
def whisper_tools():
    _require(_missing_for_whisper())


RASA_PORT, ACTIONS_PORT = 5505, 5555
AUTH_TOKEN = "test-twilio-auth-token"
WEBHOOK = "/webhooks/signed_twilio_voice/webhook"


class VoiceAssistant(Servers):
    """`rasa run actions` + `rasa run --credentials channels/credentials.voice.yml`."""

    auth_token = AUTH_TOKEN
    webhook = WEBHOOK

    def __init__(self, workdir: Path) -> None:
        super().__init__(workdir, RASA_PORT, ACTIONS_PORT,
                         credentials=ROOT / "channels" / "credentials.voice.yml",
                         ready_path="/webhooks/signed_twilio_voice/",
                         what="Rasa server with the signed Twilio voice channel",
                         env={"TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_PUBLIC_URL": None},
                         rasa_args=["--enable-api"])
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


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    """The servers, started once for every voice test that needs them."""
    server = VoiceAssistant(tmp_path_factory.mktemp("voice")).start()
    yield server
    server.stop()
