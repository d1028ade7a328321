"""Start the real action server and Rasa server once for the end-to-end tests."""
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
RASA_PORT = int(os.environ.get("E2E_RASA_PORT", "5105"))
ACTIONS_PORT = int(os.environ.get("E2E_ACTIONS_PORT", "5155"))
STARTUP_SECONDS = 240


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except (urllib.error.URLError, ConnectionError, OSError):
        return 0


class Assistant:
    def __init__(self, base: str) -> None:
        self.base = base

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
    model = ROOT / "models" / "current.tar.gz"
    if not model.exists():
        pytest.fail("no trained model: run `make train` (make e2e does it for you)")
    workdir = tmp_path_factory.mktemp("e2e")
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://localhost:{ACTIONS_PORT}/webhook"\n')
    env = dict(os.environ, RASA_PORT=str(RASA_PORT), ACTIONS_PORT=str(ACTIONS_PORT),
               ENDPOINTS=str(endpoints), RASA_TELEMETRY_ENABLED="false")
    log = open(workdir / "servers.log", "w")
    process = subprocess.Popen([str(ROOT / "scripts" / "serve.sh"), "run"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + STARTUP_SECONDS
    try:
        while _get(f"http://localhost:{RASA_PORT}/") != 200:
            if process.poll() is not None or time.time() > deadline:
                log.flush()
                tail = (workdir / "servers.log").read_text()[-3000:]
                pytest.fail(f"assistant did not start:\n{tail}")
            time.sleep(1)
        yield Assistant(f"http://localhost:{RASA_PORT}")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
