"""`make bench`: speed of the whole assistant, measured the way a mediator meets it.

Training time (a fresh `rasa train --force`), cold start (processes started until the first
real reply), reply latency p50/p95/p99 over REST for realistic 10-turn conversations that run
the custom actions, at several concurrency levels, messages per second, and the peak memory
(VmHWM) of the Rasa server and the action server.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parents[1]
RASA_PORT = int(os.environ.get("BENCH_RASA_PORT", "5205"))
ACTIONS_PORT = int(os.environ.get("BENCH_ACTIONS_PORT", "5255"))

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


def say(sender: str, text: str) -> float:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(f"http://localhost:{RASA_PORT}/webhooks/rest/webhook",
                                     data=body, headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        replies = json.loads(response.read())
    elapsed = time.perf_counter() - start
    if not replies:
        raise RuntimeError(f"empty reply to {text!r}")
    return elapsed


def percentile(values: List[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def run_load(concurrency: int, conversations: int) -> dict:
    latencies: List[float] = []
    lock = threading.Lock()
    errors: List[str] = []
    todo = list(range(conversations))

    def worker():
        while True:
            with lock:
                if not todo:
                    return
                i = todo.pop()
            sender = f"bench-{uuid.uuid4().hex[:10]}"
            for text in conversation(i):
                try:
                    t = say(sender, text)
                except Exception as error:  # report, don't hide
                    with lock:
                        errors.append(repr(error))
                    continue
                with lock:
                    latencies.append(t)

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    ms = [x * 1000 for x in latencies]
    return {"concurrency": concurrency, "messages": len(ms), "errors": len(errors),
            "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95),
            "p99_ms": percentile(ms, 99), "mean_ms": statistics.mean(ms),
            "msgs_per_s": len(ms) / wall}


def peak_memory_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> List[int]:
    out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(pid)], capture_output=True,
                         text=True).stdout
    return [int(line.split()[0]) for line in out.splitlines() if line.strip()]


def find(pattern: str, root: int) -> int:
    stack = [root]
    while stack:
        pid = stack.pop()
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if pattern in args:
            return pid
        stack.extend(children(pid))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-train", action="store_true", help="don't time a fresh training")
    parser.add_argument("--conversations", type=int, default=24)
    parser.add_argument("--concurrency", default="1,8,32")
    args = parser.parse_args()
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
    results = {}

    if not args.skip_train:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            subprocess.run([str(ROOT / ".venv/bin/rasa"), "train", "--force", "--out", tmp,
                            "--fixed-model-name", "bench"], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            results["training_s"] = time.perf_counter() - start
            print(f"training: {results['training_s']:.0f} s")

    with tempfile.TemporaryDirectory() as tmp:
        endpoints = Path(tmp) / "endpoints.yml"
        endpoints.write_text(f'action_endpoint:\n  url: "http://localhost:{ACTIONS_PORT}/webhook"\n')
        env.update(RASA_PORT=str(RASA_PORT), ACTIONS_PORT=str(ACTIONS_PORT), ENDPOINTS=str(endpoints))
        start = time.perf_counter()
        server = subprocess.Popen([str(ROOT / "scripts/serve.sh"), "run"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        try:
            while True:
                try:
                    say("bench-cold", "hello")
                    break
                except Exception:
                    if server.poll() is not None or time.perf_counter() - start > 300:
                        print("the assistant did not start")
                        return 1
                    time.sleep(0.2)
            results["cold_start_s"] = time.perf_counter() - start
            print(f"cold start to first reply: {results['cold_start_s']:.1f} s")
            say("bench-warm", DESCRIPTIONS[0])  # warm the action path once
            for level in [int(c) for c in args.concurrency.split(",")]:
                r = run_load(level, max(args.conversations, 2 * level))  # every worker busy
                results[f"c{level}"] = r
                print(f"concurrency {level:2d}: {r['messages']} msgs, p50 {r['p50_ms']:.0f} ms, "
                      f"p95 {r['p95_ms']:.0f} ms, p99 {r['p99_ms']:.0f} ms, "
                      f"{r['msgs_per_s']:.1f} msg/s, errors {r['errors']}")
            rasa_pid = find("rasa run --model", server.pid)
            actions_pid = find("rasa run actions", server.pid)
            results["rasa_peak_mb"] = peak_memory_mb(rasa_pid)
            results["actions_peak_mb"] = peak_memory_mb(actions_pid)
            print(f"peak memory: Rasa server {results['rasa_peak_mb']:.0f} MB, "
                  f"action server {results['actions_peak_mb']:.0f} MB")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
