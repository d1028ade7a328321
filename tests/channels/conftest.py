"""A fake Slack Web API plus the real action server and Rasa server with the Slack connector."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Optional, Tuple

import pytest

from harness import slack
from harness.servers import Servers

RASA_PORT, ACTIONS_PORT = 5305, 5355
SLACK_TOKEN = "fake-bot-token-for-tests"
SIGNING_SECRET = "test-signing-secret"


class SlackAssistant(Servers):
    """`rasa run actions` and `rasa run --credentials channels/credentials.slack.yml`."""

    def __init__(self, workdir, fake: slack.FakeSlack) -> None:
        super().__init__(workdir, RASA_PORT, ACTIONS_PORT, credentials=slack.CREDENTIALS,
                         ready_path="/webhooks/slack/", what="Rasa server with the Slack channel",
                         env=fake.env(SIGNING_SECRET), rasa_args=["--enable-api"])
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
                       "X-Slack-Signature": slack.sign(body, timestamp, secret),
                       "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)"}
        all_headers.update(headers or {})
        return self.post("/webhooks/slack/webhook", body, all_headers)

    def tracker(self, conversation_id: str) -> Dict[str, Any]:
        quoted = urllib.parse.quote(conversation_id, safe="")
        with urllib.request.urlopen(f"{self.base}/conversations/{quoted}/tracker", timeout=30) as r:
            return json.loads(r.read())


@pytest.fixture(scope="session")
def fake_slack():
    fake = slack.FakeSlack(SLACK_TOKEN)
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def slack_assistant(tmp_path_factory, fake_slack):
    server = SlackAssistant(tmp_path_factory.mktemp("slack"), fake_slack).start()
    yield server
    server.stop()
