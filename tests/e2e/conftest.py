"""Start the real action server and Rasa server for the end-to-end tests."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 240


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except (urllib.error.URLError, ConnectionError, OSError):
        return 0


class Assistant:
    """Both servers, started by scripts/serve.sh with their own ports and databases."""

    def __init__(self, workdir: Path, rasa_port: int, actions_port: int) -> None:
        self.workdir = workdir
        self.rasa_port, self.actions_port = rasa_port, actions_port
        self.base = f"http://localhost:{rasa_port}"
        self.process = None
        endpoints = workdir / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://localhost:{actions_port}/webhook"\n'
            f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{workdir / "rasa.db"}"\n')
        self.env = dict(os.environ, RASA_PORT=str(rasa_port), ACTIONS_PORT=str(actions_port),
                        ENDPOINTS=str(endpoints), RASA_TELEMETRY_ENABLED="false",
                        DATABASE_URL=f"sqlite:///{workdir / 'cases.db'}")

    def start(self) -> "Assistant":
        model = ROOT / "models" / "current.tar.gz"
        if not model.exists():
            pytest.fail("no trained model: run `make train` (make e2e does it for you)")
        log = open(self.workdir / "servers.log", "a")
        self.process = subprocess.Popen([str(ROOT / "scripts" / "serve.sh"), "run"], cwd=ROOT,
                                        env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.time() + STARTUP_SECONDS
        while _get(f"{self.base}/") != 200:
            if self.process.poll() is not None or time.time() > deadline:
                tail = (self.workdir / "servers.log").read_text()[-3000:]
                self.stop()
                pytest.fail(f"assistant did not start:\n{tail}")
            time.sleep(1)
        return self

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process = None

    def post(self, path: str, body: bytes, content_type: str = "application/json"):
        request = urllib.request.Request(self.base + path, data=body, method="POST",
                                         headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def say(self, sender: str, text: str):
        status, body = self.post("/webhooks/rest/webhook",
                                 json.dumps({"sender": sender, "message": text}).encode())
        assert status == 200, (status, body[:300])
        return json.loads(body)


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    server = Assistant(tmp_path_factory.mktemp("e2e"), 5105, 5155).start()
    yield server
    server.stop()


@pytest.fixture
def fresh_assistant(tmp_path):
    """Servers of this test's own, to stop and start again."""
    server = Assistant(tmp_path, 5106, 5156)
    yield server
    server.stop()
