"""Helpers for tests/security: servers through scripts/serve.sh, plain HTTP, a socket.io client."""
from __future__ import annotations

import asyncio
import json
import os
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import socketio

from harness.servers import Servers

# Test values only; serve.sh wants at least 32 characters, as RFC 7518 asks of HMAC keys.
API_TOKEN = "test-api-token-not-a-real-secret-0001"
JWT_SECRET = "test-jwt-secret-not-a-real-secret-0001"
WEBCHAT_JWT_KEY = "test-jwt-key-for-the-web-chat-not-a-real-one"
SECRETS = ("RASA_API_TOKEN", "RASA_JWT_SECRET", "RASA_CORS")
PAGE_ORIGIN = "https://mediation-office.example"
IMPASSE = "the landlord won't give back the deposit, he says she'll wreck the next flat too"
CONNECT_SECONDS = 20
REPLY_SECONDS = 90

# REST plus the web chat with tokens required (what SECURITY.md tells a deployment to add).
REST_AND_WEBCHAT_WITH_JWT = f"""rest:
channels.webchat.WebChatInput:
  user_message_evt: user_uttered
  bot_message_evt: bot_uttered
  session_persistence: true
  jwt_key: {WEBCHAT_JWT_KEY}
  jwt_method: HS256
"""


def served_assistant(workdir: Path, rasa_port: int, actions_port: int, credentials: str,
                     secrets: Optional[Dict[str, str]] = None) -> Servers:
    """Both servers as `make run` starts them: scripts/serve.sh with its environment, with
    only the secrets given here (never the caller's) and `credentials` as credentials.yml."""
    credentials_path = workdir / "credentials.yml"
    credentials_path.write_text(credentials)
    env: Dict[str, Optional[str]] = {name: None for name in SECRETS}
    env.update(secrets or {})
    return Servers(workdir, rasa_port, actions_port, credentials=credentials_path,
                   what="scripts/serve.sh", env=env, serve_sh=True)


def http(url: str, method: str = "GET", body: Optional[dict] = None,
         headers: Optional[Dict[str, str]] = None) -> Tuple[int, bytes]:
    """(status, body) of one request; (0, b"") when nothing listens."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, ConnectionError, OSError):
        return 0, b""


def cors_origin(url: str, origin: str, method: str = "POST") -> Optional[str]:
    """Access-Control-Allow-Origin answered to a browser on `origin`: the preflight for a
    JSON POST, or the GET itself."""
    headers = {"Origin": origin}
    if method == "POST":
        method = "OPTIONS"
        headers.update({"Access-Control-Request-Method": "POST",
                        "Access-Control-Request-Headers": "content-type"})
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.headers.get("Access-Control-Allow-Origin")
    except urllib.error.HTTPError as error:
        return error.headers.get("Access-Control-Allow-Origin")


def clean_env(**extra: str) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    env.update(extra)
    return env


class ChatClient:
    """A python-socketio client speaking the widget's events."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.confirmed: "asyncio.Queue[str]" = asyncio.Queue()
        self.refusals: "asyncio.Queue[object]" = asyncio.Queue()
        self.texts: List[str] = []
        self.sio.on("session_confirm", self._confirm)
        self.sio.on("bot_uttered", self._bot)
        self.sio.on("connect_error", self._refused)

    async def _refused(self, data=None) -> None:
        await self.refusals.put(data)

    async def _confirm(self, data) -> None:
        await self.confirmed.put(data["session_id"] if isinstance(data, dict) else data)

    async def _bot(self, data) -> None:
        self.texts.append((data or {}).get("text") or "")

    async def connect(self, base: str, auth: Optional[dict]) -> None:
        # Long-polling: python-engineio 4.15's websocket client needs a newer aiohttp than
        # Rasa 3.6 allows. The server side is the same for both transports.
        await self.sio.connect(base, auth=auth, socketio_path="/socket.io",
                               transports=["polling"], wait_timeout=CONNECT_SECONDS)

    async def refusal(self, base: str, auth: Optional[dict]) -> object:
        """Connect and return the server's refusal; fails (timeout) if the server accepts."""
        await self.sio.connect(base, auth=auth, socketio_path="/socket.io",
                               transports=["polling"], wait=False)
        reason = await asyncio.wait_for(self.refusals.get(), CONNECT_SECONDS)
        assert "/" not in self.sio.namespaces
        return reason

    async def raw_event(self, event: str, data: dict) -> None:
        """Send an event packet on "/" even when the client does not consider it connected.

        The engine.io transport must be up, or the client would drop the packet silently.
        """
        assert self.sio.eio.state == "connected", self.sio.eio.state
        packet = self.sio.packet_class(socketio.packet.EVENT, data=[event, data], namespace="/")
        await self.sio.eio.send(packet.encode())

    async def session(self, asked: Optional[str]) -> str:
        await self.sio.emit("session_request", {"session_id": asked})
        return await asyncio.wait_for(self.confirmed.get(), CONNECT_SECONDS)

    async def say(self, text: str, session_id: str) -> None:
        # Raw, like the refused clients' attempts: a reply here shows such packets do arrive.
        await self.raw_event("user_uttered", {"message": text, "session_id": session_id})

    async def wait_for_strategy(self) -> None:
        deadline = time.time() + REPLY_SECONDS
        while not any("Try this:" in t for t in self.texts):
            assert time.time() < deadline, f"no strategy within {REPLY_SECONDS}s: {self.texts}"
            await asyncio.sleep(0.2)

    async def close(self) -> None:
        if self.sio.connected:
            await self.sio.disconnect()
