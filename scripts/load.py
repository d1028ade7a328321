"""The speed load shared by `make bench` and the scale run's speed phase.

Realistic 10-turn conversations that run the custom actions, sent over REST by
`concurrency` threads that each take the next conversation and send its turns one after
another; then the latency percentiles, messages per second and peak memory measured.

Why not a load tool such as locust: its gevent monkey-patching would take over the threads
the scale run's fault phases rely on (they stop and restart services from a real OS thread),
it would bring gevent, Flask and pyzmq into the Rasa environment, its percentiles are
rounded from a histogram where these are exact nearest-rank values, and it would replace
about thirty lines.
"""
from __future__ import annotations

import json
import statistics
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Sequence

DESCRIPTIONS = [
    "Husband won't agree to any schedule, he says she'll move the kids out of state once it's signed",
    "my client is scared she can't cover the rent if she takes the lump sum instead of support",
    "the contractor keeps cancelling and still hasn't sent the change orders we asked for in March",
    "they're shouting over each other about the deposit and the landlord just slammed the table",
    "seller is at 410 and buyer at 380, each says they moved last and won't go again",
    "the brother keeps bringing up how dad always favoured her, twenty years of it",
    "um so the employee doesnt know if shes even entitled to severance under her contract",
    "she's still hoping he'll come back, she can't face dividing anything yet",
]
FOLLOW_UPS = ["/another_strategy", "why this?", "/caucus_questions", "another idea",
              "that makes sense", "/explain_strategy"]


def conversation(i: int) -> List[str]:
    first = DESCRIPTIONS[i % len(DESCRIPTIONS)]
    second = DESCRIPTIONS[(i + 3) % len(DESCRIPTIONS)]
    return ["hi", first, FOLLOW_UPS[0], FOLLOW_UPS[1], FOLLOW_UPS[2], second, FOLLOW_UPS[3],
            FOLLOW_UPS[5], "thanks", "bye"]


def say(url: str, sender: str, text: str) -> float:
    """Send one turn to a REST webhook; seconds until the (non-empty) replies arrived."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        replies = json.loads(response.read())
    elapsed = time.perf_counter() - start
    if not replies:
        raise RuntimeError(f"empty reply to {text!r}")
    return elapsed


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


@dataclass
class Load:
    """What a load run measured: each acknowledged turn's latency in seconds, each failed
    turn's error, and the wall-clock seconds. Runs add up (`+=`) to be summarised together."""
    latencies: List[float] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)
    wall: float = 0.0

    def __iadd__(self, other: "Load") -> "Load":
        self.latencies += other.latencies
        self.errors += other.errors
        self.wall += other.wall
        return self

    def summary(self) -> Dict[str, Any]:
        ms = [x * 1000 for x in self.latencies]
        return {"messages": len(ms), "errors": len(self.errors),
                "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95),
                "p99_ms": percentile(ms, 99),
                "mean_ms": statistics.mean(ms) if ms else float("nan"),
                "msgs_per_s": len(ms) / self.wall if self.wall else float("nan")}


def run_load(url: str, concurrency: int, conversations: int) -> Load:
    """`conversations` conversations, `concurrency` threads each taking the next one; a
    failed turn is recorded (not retried) and the conversation goes on."""
    result = Load()
    lock = threading.Lock()
    todo = list(range(conversations))

    def worker() -> None:
        while True:
            with lock:
                if not todo:
                    return
                i = todo.pop()
            sender = f"bench-{uuid.uuid4().hex[:10]}"
            for text in conversation(i):
                try:
                    latency = say(url, sender, text)
                except Exception as error:  # report, don't hide
                    with lock:
                        result.errors.append(repr(error))
                    continue
                with lock:
                    result.latencies.append(latency)

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.wall = time.perf_counter() - start
    return result


def peak_memory_mb(pid: int) -> float:
    """A process's peak resident memory (VmHWM) so far; NaN if it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")
