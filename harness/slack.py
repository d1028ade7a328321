"""A fake Slack Web API, and Slack's request signing and event envelope, for Slack tests and fuzz.

The fake answers auth.test and chat.postMessage as Slack does for a granular bot token and
records every post; Rasa's Slack channel is pointed at it with `env()` (SLACK_API_URL).
"""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple

from harness.servers import ROOT

BOT_USER = "UBOT"  # the bot user id auth.test reports
CREDENTIALS = ROOT / "channels" / "credentials.slack.yml"  # REST and Slack


def sign(body: bytes, timestamp: int, secret: str) -> str:
    """Exactly as Slack signs a request: v0=HMAC-SHA256(secret, "v0:{ts}:{body}")."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def envelope(event: Dict[str, Any], event_id: str = "") -> bytes:
    """An Events API event_callback body carrying `event`."""
    return json.dumps({
        "token": "deprecated-verification-token", "team_id": "T1", "api_app_id": "A1",
        "event": event, "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [{"enterprise_id": None, "team_id": "T1", "user_id": BOT_USER,
                            "is_bot": True, "is_enterprise_install": False}],
        "is_ext_shared_channel": False,
    }).encode()


class FakeSlack:
    """Records Web API calls in `calls`; answers like Slack does for a granular bot token."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: List[Dict[str, Any]] = []
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw or b"{}")
                else:
                    body = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode()).items()}
                method = self.path.rsplit("/", 1)[-1]
                answer = fake.answer(method, body, self.headers.get("Authorization", ""))
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def env(self, signing_secret: str) -> Dict[str, str]:
        """The environment that points channels/credentials.slack.yml at this fake."""
        return {"SLACK_API_URL": self.url, "SLACK_TOKEN": self.token,
                "SLACK_SIGNING_SECRET": signing_secret}

    def answer(self, method: str, body: Dict[str, Any], auth: str) -> Dict[str, Any]:
        if auth != f"Bearer {self.token}":
            return {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "bot",
                    "team_id": "T1", "user_id": BOT_USER, "bot_id": "B1"}
        if method != "chat.postMessage":
            return {"ok": False, "error": "unknown_method"}
        error = None
        if "as_user" in body:  # what Slack says to a granular bot token
            error = "invalid_arguments"
        elif not body.get("channel"):
            error = "channel_not_found"
        elif not (body.get("text") or body.get("blocks")):
            error = "no_text"
        ts = f"1900000000.{next(self._ts):06d}"
        with self._lock:
            self.calls.append({"method": method, "body": body, "ts": ts, "error": error})
        if error:
            return {"ok": False, "error": error}
        return {"ok": True, "channel": body["channel"], "ts": ts,
                "message": {"type": "message", "text": body.get("text", ""), "bot_id": "B1",
                            "ts": ts, "thread_ts": body.get("thread_ts")}}

    def posts(self, channel: Optional[str] = None, thread_ts: Optional[str] = None) -> List[Dict]:
        """chat.postMessage calls (refused ones too), optionally to one channel or thread."""
        with self._lock:
            calls = [c for c in self.calls if c["method"] == "chat.postMessage"]
        return [c for c in calls
                if (channel is None or c["body"].get("channel") == channel)
                and (thread_ts is None or c["body"].get("thread_ts") == thread_ts)]

    def wait_for(self, predicate: Callable[[List[Dict]], bool], timeout: float = 60,
                 **where: Any) -> List[Dict]:
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = self.posts(**where)
            if predicate(found):
                return found
            time.sleep(0.2)
        raise AssertionError(f"fake Slack never got the expected posts {where}: {self.posts(**where)}")

    def threads(self) -> Dict[Tuple[str, str], int]:
        """Accepted posts per (channel, thread_ts)."""
        return dict(Counter((p["body"].get("channel"), p["body"].get("thread_ts"))
                            for p in self.posts() if not p["error"]))

    def texts(self, channel: str) -> List[str]:
        """What was posted to a channel, as text (the section text of Block Kit messages)."""
        found = []
        for post in self.posts(channel=channel):
            blocks = post["body"].get("blocks")
            blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
            section = (blocks or [{}])[0].get("text") or {}
            found.append(section.get("text") or post["body"].get("text") or "")
        return found

    def errors(self) -> List[Dict[str, Any]]:
        """The posts the fake refused."""
        return [p for p in self.posts() if p["error"]]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
