"""Start the real action server and Rasa server on their own ports and databases, and stop them.

One class for every suite and for the fuzz tool. By default it runs `rasa run actions` and
`rasa run --credentials ...` itself; with `serve_sh=True` it runs `scripts/serve.sh run`
with its environment (RASA_PORT, ACTIONS_PORT, ENDPOINTS, CREDENTIALS), as `make run` does.
"""
from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "current.tar.gz"
REST = "/webhooks/rest/webhook"
STARTUP_SECONDS = 240


class ServersDidNotStart(RuntimeError):
    """A server exited or did not answer in time; the message ends with the log's tail."""


def status(url: str) -> int:
    """HTTP status of a GET, or 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except (urllib.error.URLError, ConnectionError, OSError):
        return 0


def exchange(base: str, method: str, path: str, body: bytes = b"",
             headers: Optional[Dict[str, str]] = None, timeout: float = 120) -> Tuple[int, bytes]:
    """(status, body) of one request to the server at `base`; (0, b"") when nothing answers."""
    conn = connection(base, timeout)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, answer.read()
    except (OSError, http.client.HTTPException):
        return 0, b""
    finally:
        conn.close()


def connection(base: str, timeout: float) -> http.client.HTTPConnection:
    parsed = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(parsed.hostname, parsed.port or 80, timeout=timeout)


def say(base: str, sender: str, text: str, timeout: float = 120) -> List[Dict[str, Any]]:
    """The bot's messages for one REST message; AssertionError unless it answers 200."""
    status_code, body = exchange(base, "POST", REST,
                                 json.dumps({"sender": sender, "message": text}).encode(),
                                 {"Content-Type": "application/json"}, timeout)
    if status_code != 200:
        raise AssertionError(f"{text!r} got {status_code}: {body[:300]!r}")
    return json.loads(body)


class Servers:
    """Both servers in `workdir`: endpoints.yml, rasa.db, cases.db and servers.log live there.

    `env` is added to the caller's environment; a value of None removes that variable.
    """

    def __init__(self, workdir: Path, rasa_port: int, actions_port: int, *,
                 credentials: Optional[Path] = None, ready_path: str = "/",
                 what: str = "Rasa server", env: Optional[Mapping[str, Optional[str]]] = None,
                 rasa_args: Sequence[str] = (), serve_sh: bool = False) -> None:
        if serve_sh and rasa_args:
            raise ValueError("scripts/serve.sh takes its Rasa options from the environment")
        self.workdir = workdir
        self.rasa_port, self.actions_port = rasa_port, actions_port
        self.base = f"http://localhost:{rasa_port}"
        self.credentials, self.ready_path, self.what = credentials, ready_path, what
        self.rasa_args, self.serve_sh = list(rasa_args), serve_sh
        self.processes: List[subprocess.Popen] = []
        self.endpoints = workdir / "endpoints.yml"
        self.endpoints.write_text(
            f'action_endpoint:\n  url: "http://localhost:{actions_port}/webhook"\n'
            f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{workdir / "rasa.db"}"\n')
        self.log_path = workdir / "servers.log"
        self.env = dict(os.environ, RASA_TELEMETRY_ENABLED="false",
                        DATABASE_URL=f"sqlite:///{workdir / 'cases.db'}")
        if serve_sh:
            self.env.update(RASA_PORT=str(rasa_port), ACTIONS_PORT=str(actions_port),
                            ENDPOINTS=str(self.endpoints))
            if credentials is not None:
                self.env["CREDENTIALS"] = str(credentials)
        for name, value in (env or {}).items():
            if value is None:
                self.env.pop(name, None)
            else:
                self.env[name] = value

    def start(self) -> "Servers":
        if not MODEL.exists():
            raise ServersDidNotStart("no trained model: run `make train`")
        for port in (self.rasa_port, self.actions_port):
            if status(f"http://localhost:{port}/") or status(f"http://localhost:{port}/health"):
                raise ServersDidNotStart(f"port {port} is already in use")
        if self.serve_sh:
            rasa = self._spawn([str(ROOT / "scripts" / "serve.sh"), "run"])
        else:
            self.start_actions()
            credentials = ["--credentials", str(self.credentials)] if self.credentials else []
            rasa = self._spawn([str(BIN / "rasa"), "run", "--model", str(MODEL),
                                "--endpoints", str(self.endpoints), *credentials,
                                "--port", str(self.rasa_port), *self.rasa_args])
        self._wait(self.base + self.ready_path, rasa, self.what)
        return self

    def start_actions(self) -> subprocess.Popen:
        """`rasa run actions` alone (also to bring it back after a test stopped it)."""
        process = self._spawn([str(BIN / "rasa"), "run", "actions", "--port",
                               str(self.actions_port), "--actions", "actions.actions"])
        self._wait(f"http://localhost:{self.actions_port}/health", process, "action server")
        return process

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

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def say(self, sender: str, text: str) -> List[Dict[str, Any]]:
        return say(self.base, sender, text)

    def _spawn(self, args: List[str]) -> subprocess.Popen:
        with open(self.log_path, "a") as log:
            process = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def _wait(self, url: str, process: subprocess.Popen, what: str) -> None:
        deadline = time.time() + STARTUP_SECONDS
        while status(url) != 200:
            if process.poll() is not None or time.time() > deadline:
                tail = self.log()[-4000:]
                self.stop()
                raise ServersDidNotStart(f"{what} did not start:\n{tail}")
            time.sleep(1)
