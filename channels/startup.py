"""What each of this project's input channels does once, when the Rasa server starts.

Rasa 3.6 builds every channel named in the credentials file by calling its
`blueprint(on_new_message)` before the server accepts a request. That call is the first
moment our code runs inside the Rasa server, so it is the one place the resilience patch
is installed (`channels/resilience.py`: a plain sentence instead of silence when the
action server is unreachable), and where the handler gets the command guard
(`channels/guard.py`). Installing is idempotent: several channels in one credentials file
install it once.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage

from channels import resilience
from channels.guard import guard_commands

Handler = Callable[[UserMessage], Awaitable[Any]]


def start_channel(on_new_message: Handler, *, guard: bool = True) -> Handler:
    """Install the resilience patch and return the handler, guarded unless the channel
    neutralises commands itself (the REST channels do, per request, with its domain)."""
    resilience.install()
    return guard_commands(on_new_message) if guard else on_new_message
