"""A fake Slack Web API plus the real action server and Rasa server with the Slack connector."""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest
from rasa_servers import ROOT, RasaServers

RASA_PORT, ACTIONS_PORT = 5305, 5355
SLACK_TOKEN = "fake-bot-token-for-tests"
SIGNING_SECRET = "test-signing-secret"
BOT_USER = "UBOT"


class FakeSlack:
    """Records Web API calls; answers like Slack does for a granular bot token."""

    def __init__(self) -> None:
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

    def answer(self, method: str, body: Dict[str, Any], auth: str) -> Dict[str, Any]:
        if auth != f"Bearer {SLACK_TOKEN}":
            return {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "bot",
                    "team_id": "T1", "user_id": BOT_USER, "bot_id": "B1"}
        if method == "chat.postMessage":
            if "as_user" in body:  # what Slack says to a granular bot token
                error = {"ok": False, "error": "invalid_arguments"}
            elif not body.get("channel") or not (body.get("text") or body.get("blocks")):
                error = {"ok": False, "error": "no_text" if body.get("channel") else "channel_not_found"}
            else:
                error = None
            ts = f"1800000000.{next(self._ts):06d}"
            with self._lock:
                self.calls.append({"method": method, "body": body, "ts": ts, "error": error})
            if error:
                return error
            return {"ok": True, "channel": body["channel"], "ts": ts,
                    "message": {"type": "message", "text": body.get("text", ""), "bot_id": "B1",
                                "ts": ts, "thread_ts": body.get("thread_ts")}}
        return {"ok": False, "error": "unknown_method"}

    def posts(self, channel: Optional[str] = None, thread_ts: Optional[str] = None) -> List[Dict]:
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

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def sign(body: bytes, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    """Exactly as Slack signs a request: v0=HMAC-SHA256(secret, "v0:{ts}:{body}")."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackAssistant(RasaServers):
    """`rasa run actions` and `rasa run --credentials channels/credentials.slack.yml`."""

    def __init__(self, workdir: Path, fake: FakeSlack) -> None:
        super().__init__(workdir, RASA_PORT, ACTIONS_PORT, ROOT / "channels" / "credentials.slack.yml",
                         "/webhooks/slack/", "Rasa server with the Slack channel",
                         env={"SLACK_API_URL": fake.url, "SLACK_TOKEN": SLACK_TOKEN,
                              "SLACK_SIGNING_SECRET": SIGNING_SECRET},
                         rasa_args=["--enable-api"])
        self.fake = fake

    def post(self, path: str, body: bytes, headers: Dict[str, str]) -> Tuple[int, Dict, bytes]:
        request = urllib.request.Request(self.base + path, data=body, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def slack(self, body: bytes, content_type: str, *, timestamp: Optional[int] = None,
              secret: str = SIGNING_SECRET, headers: Optional[Dict[str, str]] = None):
        """POST to the Slack webhook, signed as Slack signs it (or not, if told otherwise)."""
        timestamp = int(time.time()) if timestamp is None else timestamp
        all_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": str(timestamp),
                       "X-Slack-Signature": sign(body, timestamp, secret),
                       "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)"}
        all_headers.update(headers or {})
        return self.post("/webhooks/slack/webhook", body, all_headers)

    def tracker(self, conversation_id: str) -> Dict[str, Any]:
        quoted = urllib.parse.quote(conversation_id, safe="")
        with urllib.request.urlopen(f"{self.base}/conversations/{quoted}/tracker", timeout=30) as r:
            return json.loads(r.read())


@pytest.fixture(scope="session")
def fake_slack():
    fake = FakeSlack()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def slack_assistant(tmp_path_factory, fake_slack):
    server = SlackAssistant(tmp_path_factory.mktemp("slack"), fake_slack).start()
    yield server
    server.stop()
