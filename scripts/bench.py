"""`make bench`: speed of the whole assistant, measured the way a mediator meets it.

Training time (a fresh `rasa train --force`), cold start (processes started until the first
real reply), reply latency p50/p95/p99 and messages per second for scripts/load.py's
realistic conversations at several concurrency levels, and the peak memory (VmHWM) of the
Rasa server and the action server.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import List

from load import DESCRIPTIONS, peak_memory_mb, run_load, say

ROOT = Path(__file__).resolve().parents[1]
RASA_PORT = int(os.environ.get("BENCH_RASA_PORT", "5205"))
ACTIONS_PORT = int(os.environ.get("BENCH_ACTIONS_PORT", "5255"))
URL = f"http://localhost:{RASA_PORT}/webhooks/rest/webhook"


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
                    say(URL, "bench-cold", "hello")
                    break
                except Exception:
                    if server.poll() is not None or time.perf_counter() - start > 300:
                        print("the assistant did not start")
                        return 1
                    time.sleep(0.2)
            results["cold_start_s"] = time.perf_counter() - start
            print(f"cold start to first reply: {results['cold_start_s']:.1f} s")
            say(URL, "bench-warm", DESCRIPTIONS[0])  # warm the action path once
            for level in [int(c) for c in args.concurrency.split(",")]:
                load = run_load(URL, level, max(args.conversations, 2 * level))  # every worker busy
                r = {"concurrency": level, **load.summary()}
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
