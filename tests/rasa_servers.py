"""The real action server and Rasa server on their own ports and databases, for channel tests.

Shared by tests/channels (Slack), tests/web (web chat) and tests/voice (Twilio). tests/e2e
starts the servers through scripts/serve.sh instead, to test that script too.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
STARTUP_SECONDS = 240


def status(url: str) -> int:
    """HTTP status of a GET, or 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except (urllib.error.URLError, ConnectionError, OSError):
        return 0


class RasaServers:
    """`rasa run actions` + `rasa run --credentials ...`, logs in workdir/servers.log."""

    def __init__(self, workdir: Path, rasa_port: int, actions_port: int, credentials: Path,
                 ready_path: str, what: str, env: Optional[Dict[str, str]] = None,
                 rasa_args: Sequence[str] = ()) -> None:
        self.workdir = workdir
        self.rasa_port, self.actions_port = rasa_port, actions_port
        self.base = f"http://localhost:{rasa_port}"
        self.credentials, self.ready_path, self.what = credentials, ready_path, what
        self.rasa_args = list(rasa_args)
        self.processes: List[subprocess.Popen] = []
        self.endpoints = workdir / "endpoints.yml"
        self.endpoints.write_text(
            f'action_endpoint:\n  url: "http://localhost:{actions_port}/webhook"\n'
            f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{workdir / "rasa.db"}"\n')
        self.env = dict(os.environ, RASA_TELEMETRY_ENABLED="false",
                        DATABASE_URL=f"sqlite:///{workdir / 'cases.db'}", **(env or {}))
        self.log_path = workdir / "servers.log"

    def _spawn(self, args: List[str]) -> subprocess.Popen:
        log = open(self.log_path, "a")
        process = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def _wait(self, url: str, process: subprocess.Popen, what: str) -> None:
        deadline = time.time() + STARTUP_SECONDS
        while status(url) != 200:
            if process.poll() is not None or time.time() > deadline:
                tail = self.log_path.read_text()[-4000:]
                self.stop()
                pytest.fail(f"{what} did not start:\n{tail}")
            time.sleep(1)

    def start(self):
        model = ROOT / "models" / "current.tar.gz"
        if not model.exists():
            pytest.fail("no trained model: run `make train`")
        for port in (self.rasa_port, self.actions_port):
            if status(f"http://localhost:{port}/") or status(f"http://localhost:{port}/health"):
                pytest.fail(f"port {port} is already in use")
        actions = self._spawn([str(BIN / "rasa"), "run", "actions", "--port", str(self.actions_port),
                               "--actions", "actions.actions"])
        self._wait(f"http://localhost:{self.actions_port}/health", actions, "action server")
        rasa = self._spawn([str(BIN / "rasa"), "run", "--model", str(model),
                            "--endpoints", str(self.endpoints), "--credentials", str(self.credentials),
                            "--port", str(self.rasa_port), *self.rasa_args])
        self._wait(self.base + self.ready_path, rasa, self.what)
        return self

    def stop(self) -> None:
        for process in reversed(self.processes):
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.processes = []
