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
* Optional JWT (off unless `jwt_key` is set; SECURITY.md). Rasa checks the token's signature
  at connect and then ignores what is in it, so any holder of a valid token could talk as
  any session id. Here the token must also name its conversation in `sub` and carry an
  `exp`; that `sub` becomes the session id, whatever session id the client asks for, so a
  token for one mediator never reads or writes another one's conversation or case.
  Connections without such a token are refused. An empty `jwt_key` (an unset variable) is
  an error at start rather than silently leaving the channel open.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import jwt
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio.exceptions import ConnectionRefusedError as SocketRefused

from channels.startup import start_channel

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


def sender_from_token(token: Any, key: Text, method: Text) -> Optional[Text]:
    """The conversation id (`sub`) of a valid, unexpired JWT signed with `key`, else None."""
    if not isinstance(token, str) or not token:
        return None
    if token.startswith("Bearer "):
        token = token[len("Bearer "):]
    try:
        claims = jwt.decode(token, key, algorithms=[method], options={"require": ["exp", "sub"]})
    except jwt.PyJWTError as error:
        # The reason only (expired, bad signature, ...), never the token itself.
        logger.info("web chat token refused: %s", type(error).__name__)
        return None
    sender = claims.get("sub")
    return sender if isinstance(sender, str) and sender.strip() else None


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
        if "jwt_key" in credentials:
            key = credentials["jwt_key"]
            if not isinstance(key, str) or not key.strip():
                raise ValueError("channels.webchat: jwt_key is empty; set the variable it names "
                                 "or remove jwt_key to leave the web chat without tokens")
            method = str(credentials.get("jwt_method") or "HS256")
            if method.lower() == "none":
                raise ValueError("channels.webchat: jwt_method 'none' would accept unsigned tokens")
        return super().from_credentials(credentials)

    def url_prefix(self) -> Text:
        # Absolute, so Rasa's urljoin("/webhooks/", ...) keeps it: the page is at /webchat/.
        return MOUNT

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # Rasa's blueprint registers the socket.io event handlers on self.sio; keep those and
        # give the server a blueprint of our own (same sio, attached at socketio_path).
        # Typed "/restart" or "/intent{...}" is read as words, as on REST (channels/guard.py).
        super().blueprint(start_channel(on_new_message))
        assert self.sio is not None
        if self.jwt_key:
            self._bind_conversation_to_token()
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

    def _bind_conversation_to_token(self) -> None:
        """Replace Rasa's connect check and pin session_request and user messages to the
        token's `sub` (Rasa's own handlers still do the work)."""
        sio, namespace = self.sio, self.namespace or "/"
        handlers = sio.handlers[namespace]
        rasa_session_request = handlers["session_request"]
        rasa_user_message = handlers[self.user_message_evt]

        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            token = auth.get("token") if isinstance(auth, dict) else None
            sender = sender_from_token(token, self.jwt_key, self.jwt_algorithm or "HS256")
            if sender is None:
                raise SocketRefused("a valid token is required")
            await sio.save_session(sid, {"sender": sender}, namespace=namespace)
            return True

        async def sender_of(sid: Text) -> Optional[Text]:
            return (await sio.get_session(sid, namespace=namespace)).get("sender")

        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            sender = await sender_of(sid)
            if sender is None:
                return
            await rasa_session_request(sid, dict(data or {}, session_id=sender))

        async def user_message(sid: Text, data: Dict) -> None:
            sender = await sender_of(sid)
            if sender is None or not isinstance(data, dict):
                return
            # Without session persistence Rasa uses the socket id, which no one else holds.
            if self.session_persistence:
                data = dict(data, session_id=sender)
            await rasa_user_message(sid, data)

        sio.on("connect", connect, namespace=namespace)
        sio.on("session_request", session_request, namespace=namespace)
        sio.on(self.user_message_evt, user_message, namespace=namespace)
