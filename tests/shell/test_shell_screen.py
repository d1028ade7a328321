"""What a new user sees in the terminal: `make shell` and `make run` (scripts/serve.sh).

Each test runs scripts/serve.sh in a pseudo-terminal (pexpect), as a person at a terminal
would, answering the terminal's cursor-position requests as a real terminal does, and reads
the screen. The shell shows only the conversation: its first line names the log file and no
warning or INFO line reaches the screen; an error shows as one line that says where the full
log is; `run` prints where to talk to it once REST answers. Every process a test starts (its
whole process group) is stopped at the end, also when the test fails.
"""
from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Dict, List, Optional

import pexpect
import pytest

from harness.servers import MODEL, ROOT, status

SERVE = ROOT / "scripts" / "serve.sh"
IMPASSE = "they have been stuck on the house for an hour, she doesnt trust anything he says"
PROMPT = "Your input ->"
# After the bot's messages rasa shell asks for the next one: a new prompt, or the reply's
# buttons as a list (questionary's select) that ends with Rasa's own choice.
NEXT_TURN = r"Your input ->|Type out your own message"
INPUT_DONE = "\x1b[?2004l"  # prompt_toolkit turns bracketed paste off once the line is entered
CURSOR_POSITION_REQUEST = "\x1b[6n"
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])")
NOISE = re.compile(r"Warning|WARNING|Deprecat|\bINFO\b|Traceback|alembic")
STARTUP_SECONDS = 180


def plain(raw: str) -> str:
    """The screen's text: escape sequences and carriage returns out."""
    return ANSI.sub("", raw).replace("\r", "")


def lines_of(raw: str) -> List[str]:
    return [line.strip() for line in plain(raw).split("\n") if line.strip()]


class Terminal:
    """One command in a pseudo-terminal; `screen` is everything it printed. The terminal is
    wide so that prompt_toolkit never wraps a reply (a wrap cuts words with escape sequences)."""

    def __init__(self, args: List[str], env: Dict[str, str]) -> None:
        self.child = pexpect.spawn(args[0], args[1:], cwd=str(ROOT), env=env, encoding="utf-8",
                                   codec_errors="replace", dimensions=(50, 500), timeout=30)
        self.screen = ""

    def read_until(self, pattern: str, timeout: float) -> str:
        """What it printed until `pattern` (a regex), inclusive; cursor-position requests are
        answered as a terminal answers them, so prompt_toolkit never falls back to a warning."""
        start = len(self.screen)
        deadline = time.time() + timeout
        while True:
            index = self.child.expect([re.escape(CURSOR_POSITION_REQUEST), pattern, pexpect.EOF],
                                      timeout=max(deadline - time.time(), 0.1))
            self.screen += self.child.before + (self.child.after if index < 2 else "")
            if index == 0:
                self.child.send("\x1b[1;1R")
                continue
            if index == 2:
                raise AssertionError(f"it exited before {pattern!r}:\n{plain(self.screen)}")
            return self.screen[start:]

    def read_to_end(self, timeout: float) -> str:
        start = len(self.screen)
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.screen += self.child.before
        self.child.close()
        return self.screen[start:]

    def stop(self) -> None:
        """Its whole process group (serve.sh and both servers): TERM, then KILL."""
        group = self.child.pid
        for sig, seconds in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
            try:
                os.killpg(group, sig)
            except ProcessLookupError:
                break
            deadline = time.time() + seconds
            while time.time() < deadline:
                self.child.isalive()  # reaps serve.sh once it exited (a zombie stays in the group)
                if not _group_alive(group):
                    break
                time.sleep(0.2)
            if not _group_alive(group):
                break
        self.child.close(force=True)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


@pytest.fixture
def terminal():
    """Starts scripts/serve.sh <mode> in a pseudo-terminal; stops everything at the end."""
    started: List[Terminal] = []

    def start(mode: str, env: Dict[str, str]) -> Terminal:
        started.append(Terminal([str(SERVE), mode], env))
        return started[-1]

    yield start
    for term in started:
        term.stop()


def serve_env(tmp_path: Path, rasa_port: int, actions_port: int, *,
              action_url_port: Optional[int] = None, **extra: Optional[str]) -> Dict[str, str]:
    """As `make shell` / `make run` run serve.sh, on ports and databases of the test's own.

    The quiet settings the Makefile exports are left out on purpose: serve.sh sets its own.
    `action_url_port` points the Rasa server at another port than the action server's.
    """
    for port in (rasa_port, actions_port):
        if status(f"http://localhost:{port}/") or status(f"http://localhost:{port}/health"):
            pytest.fail(f"port {port} is already in use")
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train`")
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://localhost:{action_url_port or actions_port}/webhook"\n'
        f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{tmp_path / "rasa.db"}"\n')
    env = {name: value for name, value in os.environ.items()
           if name not in {"SQLALCHEMY_SILENCE_UBER_WARNING", "TF_CPP_MIN_LOG_LEVEL", "LOG_LEVEL",
                           "LOG_FILE", "PYTHONWARNINGS", "MODEL", "CREDENTIALS", "RASA_API_TOKEN",
                           "RASA_JWT_SECRET", "RASA_CORS"}}
    env.update(RASA_TELEMETRY_ENABLED="false", TERM="xterm-256color",
               RASA_PORT=str(rasa_port), ACTIONS_PORT=str(actions_port),
               ENDPOINTS=str(endpoints),
               # A fresh case store: the action server migrates it during the first turn.
               DATABASE_URL=f"sqlite:///{tmp_path / 'cases.db'}")
    env.update({name: value for name, value in extra.items() if value is not None})
    return env


def test_shell_shows_only_the_conversation(terminal, tmp_path):
    term = terminal("shell", serve_env(tmp_path, 5805, 5855))

    first = lines_of(term.read_until(r"\n", 30))[0]
    assert "logs/shell.log" in first, first
    before_prompt = term.read_until(re.escape(PROMPT), STARTUP_SECONDS)
    assert not NOISE.search(plain(before_prompt)), plain(before_prompt)

    term.child.sendline(IMPASSE)
    term.read_until(re.escape(INPUT_DONE), 30)
    turn = term.read_until(NEXT_TURN, 120)
    reply = plain(turn)
    assert not NOISE.search(reply), reply
    assert "Error" not in reply, reply
    words = re.findall(r"[A-Za-z']{2,}", reply)
    assert len(words) >= 12 and "trust" in reply.lower(), reply  # the assistant's own words

    log = (ROOT / "logs" / "shell.log").read_text(errors="replace")
    assert "Rasa server is up and running" in log  # the servers' logs went to the file
    assert "Action endpoint is up and running" in log
    assert "DeprecationWarning" not in log and "alembic" not in log, log[-3000:]
    # ... though the action server did migrate the fresh case store during that turn.
    with sqlite3.connect(tmp_path / "cases.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall()


@pytest.mark.parametrize("model", ["broken", "missing"])
def test_an_error_is_one_line_on_the_screen(terminal, tmp_path, model):
    log = tmp_path / "logs" / "shell.log"
    if model == "broken":
        path = tmp_path / "broken.tar.gz"
        path.write_text("not a model\n")
    else:
        path = tmp_path / "nonexistent.tar.gz"
    term = terminal("shell", serve_env(tmp_path, 5807, 5857, MODEL=str(path), LOG_FILE=str(log)))

    screen = lines_of(term.read_to_end(STARTUP_SECONDS))
    assert term.child.exitstatus not in (0, None), screen
    assert "Traceback" not in "\n".join(screen) and len(screen) <= 3, screen
    if model == "broken":
        # The first line names the log; the error is one line that says where the full log is.
        assert str(log) in screen[0], screen
        errors = [line for line in screen[1:] if str(log) in line]
        assert len(errors) == 1 and errors[0].startswith("Error:"), screen
        assert "not a gzip file" in errors[0], screen
        assert "Traceback" in log.read_text()  # the whole story is in the log
    else:
        # Nothing is started without a model: one line, and no log to point at.
        assert screen == [f"No trained model at {path} (`make train` builds it). "
                          "Nothing was started."], screen
    assert status("http://localhost:5857/health") == 0


def test_an_error_during_the_conversation_reaches_the_screen(terminal, tmp_path):
    """The Rasa server cannot reach the action server: its ERROR records show as short lines."""
    log = tmp_path / "shell.log"
    term = terminal("shell", serve_env(tmp_path, 5807, 5857, action_url_port=5859,
                                       LOG_FILE=str(log)))
    term.read_until(re.escape(PROMPT), STARTUP_SECONDS)
    term.child.sendline(IMPASSE)
    term.read_until(re.escape(INPUT_DONE), 30)
    turn = lines_of(term.read_until(NEXT_TURN, 120))
    errors = [line for line in turn if line.startswith("Error:")]
    assert errors and all(line.endswith(f"Full log: {log}") for line in errors), turn
    assert any("Failed to run custom action" in line for line in errors), turn
    assert "Traceback" not in "\n".join(turn), turn


def test_run_says_where_to_talk_to_it(terminal, tmp_path):
    term = terminal("run", serve_env(tmp_path, 5806, 5856))

    term.read_until(r"Ready\.", STARTUP_SECONDS)
    block = plain(term.read_until(r"Logs +\S+", 30))
    screen = plain(term.screen)
    assert not NOISE.search(screen), screen
    lines = lines_of(term.screen)
    assert "logs/run.log" in lines[0], lines

    assert "Web chat  http://localhost:5806/webchat/" in block, block
    assert re.search(r"Logs +logs/run\.log", block), block
    command = re.search(r"curl [^\n]*", block.replace("\\\n", " "))  # one line, as a shell reads it
    assert command and "/webhooks/rest/webhook" in command.group(0), block
    # The curl line works as printed.
    result = subprocess.run(["bash", "-c", command.group(0)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    replies = json.loads(result.stdout)
    assert any(len(r.get("text") or "") > 40 for r in replies), replies
    assert status("http://localhost:5806/webchat/") == 200

    # Ctrl-C stops both servers, without an error.
    term.child.sendintr()
    after = plain(term.read_to_end(60))
    assert "Error" not in after and "Traceback" not in after, after
    assert status("http://localhost:5806/webhooks/rest/") == 0
    assert status("http://localhost:5856/health") == 0
    assert "Rasa server is up and running" in (ROOT / "logs" / "run.log").read_text()

