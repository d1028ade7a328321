"""Every environment variable the assistant reads at run time, in one place.

Values are read when asked for, not at import, so a test or a deployment can set them
before the first use. Secrets (tokens, signing keys) are read here and nowhere else in
Python; scripts/serve.sh checks the ones Rasa itself takes on its command line.

    DATABASE_URL             case store; default sqlite:///<repo root>/cases.db
    REDACT_NAMES             on: person names become [name] before a note is stored
    CASE_RETENTION_DAYS      cases idle this long are purged (default 90)
    CASE_STORE_AUTO_MIGRATE  off: the action server does not run migrations on first use
    SLACK_API_URL            Slack Web API base (a fake one in tests)
    TWILIO_AUTH_TOKEN        signs Twilio's requests (voice channel)
    TWILIO_PUBLIC_URL        the public URL Twilio calls, when behind a proxy
    MINILM_THREADS           BLAS threads per message for the sentence encoder (0: default)

On/off values: "1", "true", "yes", "on" are on; "0", "false", "no", "off" are off; empty or
anything else is the default.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent
DEFAULT_SQLITE_PATH = ROOT / "cases.db"
DEFAULT_RETENTION_DAYS = 90
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
_ON = {"1", "true", "yes", "on"}
_OFF = {"0", "false", "no", "off"}


def _text(name: str) -> str:
    return (os.environ.get(name) or "").strip()


def flag(name: str, default: bool) -> bool:
    """An on/off variable, parsed one way everywhere."""
    value = _text(name).lower()
    if value in _ON:
        return True
    if value in _OFF:
        return False
    return default


def database_url() -> str:
    return _text("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def redact_names() -> bool:
    return flag("REDACT_NAMES", False)


def retention_days() -> int:
    raw = _text("CASE_RETENTION_DAYS")
    if not raw:
        return DEFAULT_RETENTION_DAYS
    days = int(raw)
    if days < 1:
        raise ValueError("CASE_RETENTION_DAYS must be a positive number of days")
    return days


def auto_migrate() -> bool:
    return flag("CASE_STORE_AUTO_MIGRATE", True)


def slack_api_url() -> str:
    url = _text("SLACK_API_URL") or DEFAULT_SLACK_API_URL
    return url if url.endswith("/") else url + "/"


def twilio_auth_token() -> Optional[str]:
    return _text("TWILIO_AUTH_TOKEN") or None


def twilio_public_url() -> str:
    return _text("TWILIO_PUBLIC_URL")


def minilm_threads() -> int:
    return int(_text("MINILM_THREADS") or "0")
