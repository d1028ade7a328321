"""The command guard every channel shares: typed "/..." is read as words, not as an NLU result.

Rasa treats text starting with "/" as a ready-made NLU result: "/restart" wipes the
conversation, `/impasse_anger{"party": "x"}` sets an intent and entities of the sender's
choosing, "/greet@0.1" fakes a confidence. The assistant's own buttons do send
"/<intent>" payloads ("/another_strategy", "/impasse_distrust", "/affirm", ...), so exactly
one form stays accepted: a bare "/<intent>" naming an intent of the loaded model's domain,
except Rasa's conversation controls and the intents only the NLU pipeline may set. Anything
else that starts with "/" loses its leading slashes and is understood as ordinary words.
"""
from __future__ import annotations

import re
from typing import Any, Awaitable, Callable, FrozenSet, Iterable, List, Optional

from rasa.core.channels.channel import UserMessage
from sanic.exceptions import SanicException
from sanic.request import Request

# Rasa's conversation controls: "/restart" and friends would reset or rewind the tracker.
CONTROL_INTENTS: FrozenSet[str] = frozenset({"restart", "back", "session_start"})
# Set only by the NLU pipeline (FallbackClassifier, nlu_components.input_guard.InputGuard).
PIPELINE_INTENTS: FrozenSet[str] = frozenset({"nlu_fallback", "unusable_input"})
_BUTTON_PAYLOAD = re.compile(r"/([A-Za-z0-9_]+)")


def injectable_intents(domain_intents: Iterable[str]) -> FrozenSet[str]:
    """The intents a bare "/<intent>" payload may name (the assistant's own buttons)."""
    return frozenset(domain_intents) - CONTROL_INTENTS - PIPELINE_INTENTS


def neutralise_command(text: str, allowed: FrozenSet[str]) -> str:
    """`text`, unless Rasa would read it as a forged NLU result; then the words without "/".

    Rasa strips the text (str.strip) and treats it as an intent if it then starts with "/".
    A bare "/<intent>" with an allowed intent is kept; for anything else the leading
    slashes go, so Rasa's NLU reads it as words.
    """
    stripped = text.strip()
    if not stripped.startswith("/"):
        return text
    match = _BUTTON_PAYLOAD.fullmatch(stripped)
    if match and match.group(1) in allowed:
        return stripped
    while stripped.startswith("/"):
        stripped = stripped[1:].strip()
    return stripped


def request_intents(request: Request) -> List[str]:
    """The loaded model's intents, seen from an HTTP request (REST channels)."""
    agent = getattr(request.app.ctx, "agent", None)
    domain = getattr(agent, "domain", None)
    return list(getattr(domain, "intents", None) or [])


def _running_domain_intents() -> Optional[List[str]]:
    """The loaded model's intents, for channels whose handlers see no request (socket.io)."""
    from sanic import Sanic
    try:
        app = Sanic.get_app()
    except SanicException:
        return None
    domain = getattr(getattr(app.ctx, "agent", None), "domain", None)
    intents = getattr(domain, "intents", None)
    return list(intents) if intents else None


def guard_commands(on_new_message: Callable[[UserMessage], Awaitable[Any]]
                   ) -> Callable[[UserMessage], Awaitable[Any]]:
    """`on_new_message` with neutralise_command applied first: for Slack and the web chat.

    When the domain is not known yet (no model loaded), any bare "/<word>" except Rasa's
    controls and the pipeline's own intents is kept, so buttons still work.
    """
    async def handler(message: UserMessage) -> Any:
        text = message.text or ""
        intents = _running_domain_intents()
        if intents is None:
            match = _BUTTON_PAYLOAD.fullmatch(text.strip())
            intents = [match.group(1)] if match else []
        message.text = neutralise_command(text, injectable_intents(intents))
        return await on_new_message(message)

    return handler
