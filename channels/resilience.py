"""When the action server cannot be reached, the mediator is told so instead of getting silence.

Stock Rasa 3.6.21: `RemoteAction.run` (rasa/core/actions/action.py) raises a RasaException
when the POST to the action server fails (connection refused, DNS, timeout, a non-2xx
answer, a reply that does not match the response schema), and `MessageProcessor._run_action`
(rasa/core/processor.py) catches every exception, logs a traceback, records the action with
no events and carries on. The mediator who just described an impasse hears nothing at all.

What this module changes: `install()` wraps `RemoteAction.run` once per process. If the
remote call fails for any reason other than `ActionExecutionRejection` (which is Rasa's
own control flow: the action declines and another policy picks the next action), the
wrapper logs one warning line (action name and error, no message text) and returns a
`BotUttered` event carrying UNREACHABLE_TEXT. The processor then sends that event through
the conversation's own output channel, exactly as it sends any bot message, so REST,
Slack, the web chat, Twilio voice and anything else hear it, and it is stored in the
tracker like every other bot turn. When several custom actions fail in the same turn, the
sentence is said once.

Recovery needs nothing from us: `EndpointConfig.request` (rasa/utils/endpoints.py) opens a
fresh aiohttp session for every call, so the first message after the action server is
back reaches it. No retry loop, no circuit breaker, no Rasa restart.

Why a wrapper and not a cleaner extension point: Rasa 3.6 has none for this. The failure
is swallowed inside the processor; the processor is built by the Agent with no hook to
substitute it; the action endpoint is a plain URL with no pluggable client; policies and
rules only see what happened after the fact, and the plugin hooks around custom actions
(`prefix_stripping_for_custom_actions` and its pair) run only on a successful call. The
feature was asked for upstream (RasaHQ/rasa#5588 "Default message if action server throws
an exception", RasaHQ/rasa#7630 "Action server failure handling", still open), and the
workaround people used there, a base class in the action server that catches its own
errors, cannot help when the action server is not running. So this is one small,
idempotent monkeypatch, kept in one file and installed at start-up by
`channels.startup.start_channel`, which every channel of this project calls when Rasa builds
its blueprint. `rasa shell` loads no custom channel and so keeps Rasa's stock behaviour.

The wait is Rasa's: a refused connection fails at once; an action server that accepts the
connection and then hangs is given Rasa's DEFAULT_REQUEST_TIMEOUT (5 minutes) before the
sentence is sent. It is not shortened here, because cancelling a call the action server
may still complete (for example one that saves a note) would tell the mediator something
failed when it did not.
"""
from __future__ import annotations

import functools
import logging
from typing import Any, List

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered, Event, UserUttered

logger = logging.getLogger(__name__)

UNREACHABLE_TEXT = "I can't reach my suggestions right now, try again in a moment."
_INSTALLED_FLAG = "_impasse_resilient"


def _already_said_this_turn(tracker: Any) -> bool:
    """True if the sentence was already uttered since the latest user message."""
    for event in reversed(list(getattr(tracker, "events", []) or [])):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered) and event.text == UNREACHABLE_TEXT:
            return True
    return False


def unreachable_events(action_name: str, tracker: Any, error: BaseException) -> List[Event]:
    """What a failed remote action returns instead of raising: the plain sentence, once."""
    logger.warning("Custom action '%s' failed, the mediator is told suggestions are "
                   "unreachable: %s: %s", action_name, type(error).__name__, error)
    if _already_said_this_turn(tracker):
        return []
    return [BotUttered(UNREACHABLE_TEXT)]


def install() -> None:
    """Wrap RemoteAction.run (once per process) so a failed call yields UNREACHABLE_TEXT."""
    original = RemoteAction.run
    if getattr(original, _INSTALLED_FLAG, False):
        return

    @functools.wraps(original)
    async def run(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any,
                  domain: Any) -> List[Event]:
        try:
            return await original(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise
        except Exception as error:  # noqa: BLE001 - any failure of the remote call
            return unreachable_events(self.name(), tracker, error)

    setattr(run, _INSTALLED_FLAG, True)
    RemoteAction.run = run  # type: ignore[method-assign]


def installed() -> bool:
    return bool(getattr(RemoteAction.run, _INSTALLED_FLAG, False))
