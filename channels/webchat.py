"""Web chat: Rasa's socket.io channel plus the page with the chat widget.

Register it in credentials.yml by module path (it replaces a plain `socketio:` entry;
the two must not both be on, they would share the /socket.io path):

    channels.webchat.WebChatInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true

What it serves, on the Rasa server's own port:

* http://localhost:5005/webchat/            the page (web/index.html)
* /webchat/static/app/<file>                files of web/ (the page's own CSS/JS)
* /webchat/static/rasa-webchat/<file>       node_modules/rasa-webchat/lib/ (the widget's UMD
                                            build, from `npm ci`; nothing from a CDN)
* /webchat/health                           {"status": "ok"}
* /socket.io/                               Rasa's socket.io channel (SocketIOInput), unchanged

Only regular files inside those two folders are served; anything else is a 404.

Differences from rasa.core.channels.socketio.SocketIOInput (Rasa 3.6.21), and why:

* The blueprint is mounted at /webchat (Rasa's server already owns "/"), and carries
  the page and its assets as well as the socket.io server.
* rasa-webchat 1.0.1 always emits `user_uttered` and listens for `bot_uttered`; other
  event names in the credentials are refused at start rather than failing silently.
* Session persistence needs python-socketio < 5.10 (see docs/webchat.md): Rasa 3.6 does
  not await `enter_room`, which became a coroutine in 5.10.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
WEB_DIR = ROOT / "web"
PAGE = WEB_DIR / "index.html"
# URL folder under /webchat/static/ -> the only directory whose files it may serve.
ASSET_DIRS: Dict[Text, Path] = {
    "app": WEB_DIR,
    "rasa-webchat": ROOT / "node_modules" / "rasa-webchat" / "lib",
}
MOUNT = "/webchat"
WIDGET_EVENTS = {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered"}
MIME_TYPES = {".js": "application/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
              ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
              ".json": "application/json", ".map": "application/json"}


def safe_asset(folder: Text, relative: Text) -> Optional[Path]:
    """The file for /webchat/static/<folder>/<relative>, or None if it is not an allowed file."""
    base = ASSET_DIRS.get(folder)
    if base is None or not relative or "\x00" in relative:
        return None
    base = base.resolve()
    try:
        candidate = (base / relative).resolve()
        candidate.relative_to(base)  # raises if outside (.., absolute paths, symlinks out)
    except (ValueError, OSError):
        return None
    return candidate if candidate.is_file() else None


class WebChatInput(SocketIOInput):
    """Rasa's socket.io channel, mounted at /webchat with the widget page."""

    @classmethod
    def name(cls) -> Text:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = dict(credentials or {})
        for key, expected in WIDGET_EVENTS.items():
            value = credentials.setdefault(key, expected)
            if value != expected:
                raise ValueError(f"channels.webchat: {key} must be {expected!r} "
                                 f"(rasa-webchat's fixed event name), not {value!r}")
        return super().from_credentials(credentials)

    def url_prefix(self) -> Text:
        # Absolute, so Rasa's urljoin("/webhooks/", ...) keeps it: the page is at /webchat/.
        return MOUNT

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # Rasa's blueprint registers the socket.io event handlers on self.sio; keep those and
        # give the server a blueprint of our own (same sio, attached at socketio_path).
        super().blueprint(on_new_message)
        assert self.sio is not None
        webchat = SocketBlueprint(self.sio, self.socketio_path, "webchat", MOUNT)
        socketio_path = self.socketio_path or "/socket.io"

        @webchat.route("/", methods=["GET"])
        async def page(_: Request) -> HTTPResponse:
            if not PAGE.is_file():
                return response.text("web/index.html is missing", status=500)
            html = PAGE.read_text(encoding="utf-8")
            html = html.replace("{{SOCKETIO_PATH}}", socketio_path.rstrip("/") + "/")
            return response.html(html, headers={"Cache-Control": "no-cache"})

        @webchat.route("/health", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webchat.route("/static/<folder>/<relative:path>", methods=["GET"])
        async def static(_: Request, folder: Text, relative: Text) -> HTTPResponse:
            path = safe_asset(folder, relative)
            if path is None:
                if folder == "rasa-webchat" and not ASSET_DIRS[folder].is_dir():
                    logger.error("node_modules/rasa-webchat is missing: run `npm ci`")
                    return response.text("widget not installed: run `npm ci`", status=404)
                return response.text("not found", status=404)
            mime = MIME_TYPES.get(path.suffix.lower(), "application/octet-stream")
            return await response.file(path, mime_type=mime,
                                       headers={"Cache-Control": "no-cache"})

        return webchat
