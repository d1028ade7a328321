"""Load driver for `make scale-test`: many concurrent conversations through nginx.

Each conversation has a unique sender id and sends its turns one after another (the
realistic 10-turn conversations of scripts/load.py). Every turn carries a `message_id`.
A turn is *acknowledged* when the answer is 200 with a non-empty list of messages. Any
other outcome (a 5xx, a refused or cut connection, a timeout, an empty list) is recorded
as a failed attempt and the same turn is sent again with the same `message_id`, after a
short back-off, until it is acknowledged or `retry_seconds` have passed (then the
conversation is abandoned and the run fails). The server treats a repeated `message_id`
as a retry (scaling/rest.py), so a retry never creates a second copy of a turn. With
`resend_every`, every n-th acknowledged turn is also sent once more (a client whose
answer got lost): it must come back as a replay with the same replies.

Everything the checks need is recorded: per attempt its start, end, status, error kind
and the replica that answered (nginx's `X-Upstream` header); per acknowledged turn the
replies exactly as received.
"""
from __future__ import annotations

import asyncio
import random
import time
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import aiohttp

REPLAY_HEADER = "X-Message-Replayed"


@dataclass
class Attempt:
    start: float
    end: float
    status: int          # HTTP status, 0 when no HTTP answer arrived
    error: str           # "" when acknowledged, else a short kind, e.g. "503 tracker_store_unavailable"
    upstream: str        # the replica that answered (last address in X-Upstream)


@dataclass
class Turn:
    index: int
    message_id: str
    text: str
    attempts: List[Attempt] = field(default_factory=list)
    replies: Optional[List[Dict[str, Any]]] = None
    upstream: str = ""
    replayed: bool = False
    # Sent once more after it was acknowledged, as a client does when an answer got lost:
    # (answered as a replay, same replies as the first time, replica of the second answer)
    resend: Optional[Tuple[bool, bool, str]] = None

    @property
    def acked(self) -> bool:
        return self.replies is not None

    @property
    def latency(self) -> float:
        """From the first attempt's start to the acknowledgement (retries included)."""
        return self.attempts[-1].end - self.attempts[0].start if self.acked else float("nan")


@dataclass
class Conversation:
    sender: str
    texts: Sequence[str]
    turns: List[Turn] = field(default_factory=list)
    abandoned: bool = False

    @property
    def complete(self) -> bool:
        return not self.abandoned and len(self.turns) == len(self.texts) and all(
            t.acked for t in self.turns)


@dataclass
class Hook:
    """Run `action` (blocking, in a thread) once `fraction` of all turns are acknowledged."""
    fraction: float
    name: str
    action: Callable[[], Any]
    started: float = 0.0
    finished: float = 0.0
    in_flight_at_start: int = 0
    acked_at_start: int = 0
    result: Any = None
    error: Optional[BaseException] = None


@dataclass
class RunResult:
    conversations: List[Conversation]
    started: float
    finished: float
    hooks: List[Hook]

    @property
    def wall(self) -> float:
        return self.finished - self.started

    def turns(self) -> List[Turn]:
        return [t for c in self.conversations for t in c.turns]

    def attempts(self) -> List[Attempt]:
        return [a for t in self.turns() for a in t.attempts]


def _upstream(header: Optional[str]) -> str:
    # "127.0.0.1:5802, 127.0.0.1:5801" when nginx had to try a second replica.
    return header.split(",")[-1].strip() if header else ""


class Driver:
    def __init__(self, url: str, retry_seconds: float = 180.0, timeout: float = 120.0,
                 resend_every: int = 0) -> None:
        self.url = url
        self.resend_every = resend_every  # every n-th turn overall is sent twice (0: none)
        self.turn_counter = 0
        self.retry_seconds = retry_seconds
        self.timeout = timeout
        self.in_flight = 0
        self.acked = 0

    async def _attempt(self, session: aiohttp.ClientSession, sender: str,
                       turn: Turn) -> Tuple[Attempt, Optional[List[Dict[str, Any]]], bool]:
        body = {"sender": sender, "message": turn.text, "message_id": turn.message_id}
        start = time.time()
        self.in_flight += 1
        status, error, upstream, replies, replayed = 0, "", "", None, False
        try:
            async with session.post(self.url, json=body) as reply:
                status = reply.status
                upstream = _upstream(reply.headers.get("X-Upstream"))
                replayed = reply.headers.get(REPLAY_HEADER) == "1"
                try:
                    payload = await reply.json(content_type=None)
                except ValueError:
                    payload = None
                if status == 200 and isinstance(payload, list) and payload:
                    replies = payload
                elif status == 200:
                    error = "200 empty reply"
                else:
                    kind = payload.get("error") if isinstance(payload, dict) else None
                    error = f"{status} {kind or 'no JSON body'}"
        except asyncio.TimeoutError:
            error = "timeout"
        except aiohttp.ClientConnectorError:
            error = "connection refused"
        except aiohttp.ServerDisconnectedError:
            error = "connection cut"
        except aiohttp.ClientError as exc:
            error = type(exc).__name__
        finally:
            self.in_flight -= 1
        return Attempt(start, time.time(), status, error, upstream), replies, replayed

    async def converse(self, session: aiohttp.ClientSession, conversation: Conversation) -> None:
        for index, text in enumerate(conversation.texts):
            turn = Turn(index, f"{conversation.sender}-t{index}", text)
            conversation.turns.append(turn)
            deadline = time.time() + self.retry_seconds
            pause = 0.25
            while True:
                attempt, replies, replayed = await self._attempt(session, conversation.sender, turn)
                turn.attempts.append(attempt)
                if replies is not None:
                    turn.replies, turn.upstream, turn.replayed = replies, attempt.upstream, replayed
                    self.acked += 1
                    break
                if time.time() > deadline:
                    conversation.abandoned = True
                    return
                await asyncio.sleep(pause * (0.5 + random.random()))
                pause = min(pause * 2, 2.0)
            self.turn_counter += 1
            if self.resend_every and self.turn_counter % self.resend_every == 0:
                again, replies, replayed = await self._attempt(session, conversation.sender, turn)
                turn.resend = (replayed, replies == turn.replies, again.upstream)

    async def _watch(self, hooks: Sequence[Hook], total_turns: int, done: asyncio.Event,
                     executor: Optional[Executor]) -> None:
        pending = sorted(hooks, key=lambda h: h.fraction)
        running: List[asyncio.Task] = []
        while pending and not done.is_set():
            if self.acked >= pending[0].fraction * total_turns:
                hook = pending.pop(0)
                hook.started, hook.in_flight_at_start, hook.acked_at_start = (
                    time.time(), self.in_flight, self.acked)

                async def run(h: Hook = hook) -> None:
                    try:
                        h.result = await asyncio.get_running_loop().run_in_executor(
                            executor, h.action)
                    except BaseException as exc:  # reported by the caller
                        h.error = exc
                    h.finished = time.time()
                running.append(asyncio.create_task(run()))
            await asyncio.sleep(0.05)
        if running:
            await asyncio.gather(*running)

    async def run(self, conversations: Sequence[Conversation], concurrency: int,
                  hooks: Sequence[Hook] = (), executor: Optional[Executor] = None) -> RunResult:
        """Drive `conversations`, at most `concurrency` at a time. Hooks run in `executor`:
        pass one that outlives the run if a hook starts processes that must keep running
        (a child started with PR_SET_PDEATHSIG dies with the *thread* that started it)."""
        limit = asyncio.Semaphore(concurrency)
        total = sum(len(c.texts) for c in conversations)
        done = asyncio.Event()
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        connector = aiohttp.TCPConnector(limit=0, force_close=False)

        async def one(conversation: Conversation) -> None:
            async with limit:
                await self.converse(session, conversation)

        started = time.time()
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            watcher = asyncio.create_task(self._watch(hooks, total, done, executor))
            await asyncio.gather(*(one(c) for c in conversations))
            done.set()
            await watcher
        return RunResult(list(conversations), started, time.time(), list(hooks))


def drive(url: str, conversations: Sequence[Conversation], concurrency: int,
          hooks: Sequence[Hook] = (), retry_seconds: float = 180.0,
          executor: Optional[Executor] = None, resend_every: int = 0) -> RunResult:
    driver = Driver(url, retry_seconds, resend_every=resend_every)
    return asyncio.run(driver.run(conversations, concurrency, hooks, executor))
