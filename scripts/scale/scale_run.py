"""`make scale-test`: the scaled-out topology on real parts, under load and under faults.

PostgreSQL (tracker store and case store), Redis (lock store), nginx (round robin), two
Rasa servers and two action servers, all on 127.0.0.1 (scripts/scale/topology.py). Then:

  A  load     200 concurrent conversations of 10 turns through nginx; consecutive turns
              of a conversation land on different replicas (counted from X-Upstream);
              every 20th acknowledged turn is delivered twice and must come back as a
              replay (same replies, stored once).
  B  kill     the same load again; at 30% one Rasa replica gets SIGKILL. Conversations go
              on through the other; every acknowledged turn must still be in PostgreSQL.
  C  postgres PostgreSQL is restarted under load: errors must be clear (503 with a
              reason), service must come back without restarting any Rasa server.
  D  redis    the same for Redis.
  E  speed    the load of `make bench` (scripts/load.py) through nginx at concurrency
              1, 8 and 32, with two replicas and then with one.

After A-D, PostgreSQL is checked conversation by conversation (scripts/scale/checks.py):
every acknowledged turn stored once, in order, with exactly the replies the client got.
Any lost, duplicated or out-of-order event, any abandoned conversation, or an unclear
error makes the run exit non-zero. The speed target is reported, not enforced (the
machine is shared; see deploy/README.md).

Run as root (PostgreSQL runs as the `postgres` user): `make scale-test`, or
`.venv/bin/python scripts/scale/scale_run.py --help` for smaller runs.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE), str(ROOT), str(ROOT / "scripts")]

import checks  # noqa: E402
import load  # noqa: E402  (the realistic conversations and the speed load of `make bench`)
import topology as topo_mod  # noqa: E402
from driver import Conversation, Hook, RunResult, drive  # noqa: E402

URL = f"http://{topo_mod.HOST}:{topo_mod.NGINX_PORT}/webhooks/rest/webhook"
REPLICA = {f"{topo_mod.HOST}:{p}": f"rasa{i + 1}" for i, p in enumerate(topo_mod.RASA_PORTS)}


class Stop(Exception):
    """SIGTERM/SIGINT/SIGHUP: stop everything and exit."""


def _on_signal(signum, _frame):
    raise Stop(f"signal {signum}")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def conversations(phase: str, count: int) -> List[Conversation]:
    stamp = f"{int(time.time()) % 100000:05d}"
    return [Conversation(f"scale-{phase}-{stamp}-{i:03d}", load.conversation(i))
            for i in range(count)]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def listen_overflows() -> int:
    """The kernel's count of connections dropped because a listen queue was full
    (TcpExt ListenOverflows; for the whole machine, other programs included)."""
    try:
        lines = Path("/proc/net/netstat").read_text().splitlines()
        for names, values in zip(lines[::2], lines[1::2]):
            if names.startswith("TcpExt:"):
                table = dict(zip(names.split()[1:], values.split()[1:]))
                return int(table.get("ListenOverflows", 0))
    except (OSError, ValueError):
        pass
    return -1


# ---------------------------------------------------------------------- statistics


def run_stats(result: RunResult) -> Dict[str, Any]:
    turns = result.turns()
    acked = [t for t in turns if t.acked]
    attempts = result.attempts()
    failed = [a for a in attempts if a.error]
    ok_latency = [t.attempts[-1].end - t.attempts[-1].start for t in acked]
    per_replica = Counter(REPLICA.get(t.upstream, t.upstream or "?") for t in acked)
    pairs = switched = both = 0
    for c in result.conversations:
        ups = [t.upstream for t in c.turns if t.acked]
        pairs += max(0, len(ups) - 1)
        switched += sum(1 for a, b in zip(ups, ups[1:]) if a != b)
        both += len(set(ups)) > 1
    return {
        "conversations": len(result.conversations),
        "complete": sum(1 for c in result.conversations if c.complete),
        "abandoned": sum(1 for c in result.conversations if c.abandoned),
        "turns_acked": len(acked),
        "attempts": len(attempts),
        "failed_attempts": len(failed),
        "errors": Counter(a.error for a in failed),
        "retried_turns": sum(1 for t in turns if len(t.attempts) > 1),
        "replayed_turns": sum(1 for t in acked if t.replayed),
        "wall_s": result.wall,
        "msgs_per_s": len(acked) / result.wall if result.wall else float("nan"),
        "p50_ms": load.percentile(ok_latency, 50) * 1000,
        "p95_ms": load.percentile(ok_latency, 95) * 1000,
        "p99_ms": load.percentile(ok_latency, 99) * 1000,
        "turn_max_s": max((t.latency for t in acked), default=float("nan")),
        "per_replica": dict(per_replica),
        "pairs": pairs, "switched": switched, "both_replicas": both,
    }


def error_text(errors: Counter) -> str:
    return ", ".join(f"{n} x {kind}" for kind, n in errors.most_common()) or "none"


# ---------------------------------------------------------------------- phases


class QueueSampler(threading.Thread):
    """The longest accept queue seen on each server's listening socket during a phase:
    requests waiting there are not yet seen by the server (and not served in order)."""

    PORTS = {**{p: f"rasa{i + 1}" for i, p in enumerate(topo_mod.RASA_PORTS)},
             **{p: f"actions{i + 1}" for i, p in enumerate(topo_mod.ACTION_PORTS)},
             topo_mod.NGINX_PORT: "nginx"}

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = {name: 0 for name in self.PORTS.values()}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.25):
            for port, length in topo_mod.accept_queues(list(self.PORTS)).items():
                name = self.PORTS[port]
                self.peak[name] = max(self.peak[name], length)

    def stop(self) -> None:
        self.done.set()
        self.join(timeout=2)


@dataclass
class Fault:
    """One service broken under load (phases B-D): what to stop, how to start it again
    (during the load after --outage-seconds, or after the load), and how to judge the
    phase (`judge` adds the phase's numbers and returns (holds, problem) pairs)."""
    phase: str
    service: str
    label: str
    conversations: int
    stop: Callable[[], Any]
    start: Callable[[], Any]
    back_during_load: bool
    judge: Callable[..., List[Tuple[bool, str]]]


class ScaleRun:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.queues: Dict[str, Dict[str, int]] = {}
        self.failures: List[str] = []
        self.results: Dict[str, Any] = {}
        self.all_conversations: List[Conversation] = []
        self.workdir = Path(tempfile.mkdtemp(prefix="scale-test-", dir="/tmp"))
        self.overflows_at_start = listen_overflows()
        model = self.workdir / "model.tar.gz"
        # A private copy: someone retraining models/current.tar.gz mid-run cannot disturb us.
        shutil.copy(ROOT / "models" / "current.tar.gz", model)
        self.topo = topo_mod.Topology(self.workdir, model, rasa_extra_env=dict(
            item.split("=", 1) for item in args.rasa_env), stock=args.stock)
        # Faults run in this one thread for the whole test: processes it (re)starts are
        # tied to it by PR_SET_PDEATHSIG and must not die when a load phase ends.
        self.fault_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="faults")

    def require(self, condition: bool, message: str) -> None:
        if not condition:
            self.failures.append(message)
            log(f"FAIL: {message}")

    # -- setup

    def setup(self) -> None:
        busy = self.topo.ports_in_use()
        if busy:
            raise RuntimeError(f"ports already in use on 127.0.0.1: {busy} (another scale-test?)")
        t0 = time.time()
        self.topo.init_postgres()
        self.topo.start_postgres()
        self.topo.create_databases()
        self.topo.migrate_case_store()
        self.topo.start_redis()
        log(f"PostgreSQL :{topo_mod.PG_PORT} and Redis :{topo_mod.REDIS_PORT} up; "
            "starting 2 action servers and 2 Rasa servers")
        replicas_s = self.topo.start_replicas([0, 1])
        self.topo.start_nginx()
        self.results["setup"] = {"total_s": time.time() - t0, "replicas_s": replicas_s}
        self.overflows_at_start = listen_overflows()
        log(f"all up in {time.time() - t0:.0f} s (replicas {replicas_s:.0f} s); workdir {self.workdir}")
        self.warm_up()

    def warm_up(self) -> None:
        for i in range(4):
            load.say(URL, f"scale-warmup-{int(time.time())}-{i}", load.DESCRIPTIONS[i])

    def run(self, phase: str, count: int, concurrency: int, hooks: Sequence[Hook] = (),
            resend_every: int = 0) -> RunResult:
        convs = conversations(phase, count)
        self.all_conversations.extend(convs)
        log(f"{phase}: {count} conversations x {len(convs[0].texts)} turns, "
            f"concurrency {concurrency}")
        sampler = QueueSampler()
        sampler.start()
        try:
            result = drive(URL, convs, concurrency, hooks, retry_seconds=self.args.retry_seconds,
                           executor=self.fault_thread, resend_every=resend_every)
        finally:
            sampler.stop()
        self.queues[phase] = sampler.peak
        stats = run_stats(result)
        log(f"{phase}: {stats['turns_acked']} turns acknowledged in {stats['wall_s']:.0f} s "
            f"({stats['msgs_per_s']:.1f}/s), failed attempts: {error_text(stats['errors'])}")
        self.require(stats["complete"] == count,
                     f"{phase}: {count - stats['complete']} conversations did not finish")
        for hook in result.hooks:
            if hook.error is not None:
                self.require(False, f"{phase}: fault '{hook.name}' failed: {hook.error!r}")
        return result

    def phase_load(self) -> None:
        n = self.args.conversations
        result = self.run("load", n, n, resend_every=self.args.resend_every)
        stats = run_stats(result)
        resent = [t.resend for t in result.turns() if t.resend is not None]
        stats.update(resent=len(resent), resent_replayed=sum(1 for r in resent if r[0] and r[1]),
                     resent_other_replica=sum(1 for t in result.turns() if t.resend
                                              and t.resend[2] and t.resend[2] != t.upstream))
        self.require(stats["resent_replayed"] == len(resent),
                     f"load: {len(resent) - stats['resent_replayed']} of {len(resent)} re-sent "
                     f"turns were not answered as replays with the same replies")
        self.results["load"] = stats
        self.require(stats["failed_attempts"] == 0,
                     f"load: {stats['failed_attempts']} failed requests without any fault")
        share = stats["switched"] / stats["pairs"] if stats["pairs"] else 0
        self.require(share >= 0.25, f"load: only {share:.0%} of consecutive turns changed replica")
        self.require(stats["both_replicas"] >= 0.9 * n,
                     f"load: only {stats['both_replicas']} of {n} conversations used both replicas")

    def faults(self) -> List[Fault]:
        topo, victim = self.topo, 1  # rasa2
        return [
            Fault("kill", "rasa2", "SIGKILL rasa2", self.args.conversations,
                  stop=lambda: topo.kill_rasa(victim),
                  start=lambda: (topo.start_rasa(victim), topo.wait_rasa(victim)),
                  back_during_load=False, judge=self.judge_kill),
            # SIGINT: PostgreSQL's fast shutdown, which cuts the open sessions.
            Fault("postgres", "postgres", "restart postgres", self.args.fault_conversations,
                  stop=lambda: topo.stop("postgres", signal.SIGINT),
                  start=topo.start_postgres, back_during_load=True, judge=self.judge_outage),
            Fault("redis", "redis", "restart redis", self.args.fault_conversations,
                  stop=lambda: topo.stop("redis", signal.SIGTERM),
                  start=topo.start_redis, back_during_load=True, judge=self.judge_outage),
        ]

    def server_pids(self) -> Dict[str, int]:
        return {k: v for k, v in self.topo.pids().items() if k.startswith(("rasa", "actions"))}

    def phase_fault(self, fault: Fault) -> None:
        """Phases B-D: `fault.conversations` concurrent conversations; once --fault-at of
        their turns are acknowledged the service is stopped (and, if it comes back during
        the load, started again after --outage-seconds); then the fault's own judgement."""
        servers = self.server_pids()

        def inject() -> Dict[str, float]:
            t = {"stop": time.time()}
            fault.stop()
            t["down"] = time.time()
            if fault.back_during_load:
                time.sleep(self.args.outage_seconds)
                fault.start()
                t["ready"] = time.time()
            return t
        hook = Hook(self.args.fault_at, fault.label, inject)
        result = self.run(fault.phase, fault.conversations, fault.conversations, [hook])
        stats = run_stats(result)
        self.results[fault.phase] = stats
        for holds, problem in fault.judge(fault, result, hook, stats, servers):
            self.require(holds, f"{fault.phase}: {problem}")
        if not fault.back_during_load:
            log(f"{fault.phase}: restarting {fault.service} for the next phases")
            t0 = time.time()
            fault.start()
            stats["restart_s"] = time.time() - t0
            time.sleep(11)  # nginx retries a failed server after fail_timeout (10 s)
            self.warm_up()

    def judge_kill(self, fault: Fault, result: RunResult, hook: Hook, stats: Dict[str, Any],
                   servers: Dict[str, int]) -> List[Tuple[bool, str]]:
        """A killed replica: conversations go on through the other, it answers nothing more."""
        killed_at = (hook.result or {}).get("stop", hook.started)
        acked = [t for t in result.turns() if t.acked]
        failed = [a for a in result.attempts() if a.error]
        after = [t for t in acked if t.attempts[-1].start > killed_at + 1]
        stats.update(
            in_flight_at_kill=hook.in_flight_at_start,
            acked_before_kill=sum(1 for t in acked if t.attempts[-1].end < killed_at),
            errors_after_kill_s=max((a.end for a in failed), default=killed_at) - killed_at,
            answered_by_victim_after=sum(1 for t in after
                                         if REPLICA.get(t.upstream) == fault.service),
            max_turn_after_kill_s=max((t.latency for t in acked if t.attempts[0].start <= killed_at
                                       <= t.attempts[-1].end), default=0.0),
        )
        return [(stats["answered_by_victim_after"] == 0, "a killed replica still answered")]

    def judge_outage(self, fault: Fault, result: RunResult, hook: Hook, stats: Dict[str, Any],
                     servers: Dict[str, int]) -> List[Tuple[bool, str]]:
        """A restarted dependency: clear 503s while it is down, service back within 10 s,
        no Rasa or action server restarted."""
        times = hook.result or {}
        ready = times.get("ready", hook.finished)
        failed = [a for a in result.attempts() if a.error]
        firsts = [a.end for t in result.turns() for a in t.attempts
                  if not a.error and a.start >= ready]
        stats.update(
            down_s=times.get("ready", 0) - times.get("stop", 0),
            in_flight=hook.in_flight_at_start,
            first_ok_after_ready_s=(min(firsts) - ready) if firsts else float("nan"),
            last_error_after_ready_s=max((a.end for a in failed), default=ready) - ready,
            same_pids=servers == self.server_pids(),
        )
        unclear = [e for e in stats["errors"] if not e.startswith("503 ")]
        return [(stats["same_pids"], "a Rasa or action server was restarted or died"),
                (not unclear, f"errors without a clear 503 reason: {unclear}"),
                (stats["first_ok_after_ready_s"] < 10,
                 f"no success within 10 s after {fault.service} was back")]

    def phase_check(self) -> None:
        log(f"checking {len(self.all_conversations)} conversations in PostgreSQL")
        report = checks.check(self.topo.tracker_url(), self.all_conversations)
        self.results["check"] = report
        self.require(report.ok, f"PostgreSQL check: {len(report.violations)} violations "
                                f"({dict(report.kinds)})")
        for line in report.violations[:20]:
            log(f"  {line}")

    def memory(self) -> None:
        self.results["listen_overflows"] = listen_overflows() - self.overflows_at_start
        self.results["memory"] = {name: load.peak_memory_mb(pid)
                                  for name, pid in self.server_pids().items()}

    def phase_speed(self) -> None:
        """Two replicas against one, measured in alternating rounds (2, 1, 2, 1, ...) so
        that load from anything else on the machine hits both alike. For "one replica"
        nginx sends everything to rasa1; rasa2 stays up but idle (its CPU time during
        those rounds is measured and reported)."""
        levels = [int(x) for x in self.args.speed_levels.split(",")]
        configs = {"2 replicas": topo_mod.RASA_PORTS, "1 replica": topo_mod.RASA_PORTS[:1]}
        merged = {label: {lv: load.Load() for lv in levels} for label in configs}
        idle_cpu = 0.0
        rasa2 = self.topo.children["rasa2"].pid
        for level in levels:
            count = max(self.args.speed_conversations, level)
            for round_no in range(self.args.speed_rounds):
                for label, ports in configs.items():
                    self.topo.restart_nginx(ports)
                    self.warm_up()
                    cpu0 = cpu_seconds(rasa2)
                    run = load.run_load(URL, level, count)
                    if label == "1 replica":
                        idle_cpu += cpu_seconds(rasa2) - cpu0
                    merged[label][level] += run
                    r = run.summary()
                    log(f"speed c={level} round {round_no + 1} {label}: "
                        f"{r['msgs_per_s']:.1f} msg/s, p50 {r['p50_ms']:.0f} ms")
        self.topo.restart_nginx(topo_mod.RASA_PORTS)
        for label, per_level in merged.items():
            for level, total in per_level.items():
                self.require(not total.errors, f"speed: {len(total.errors)} errors "
                                               f"({label}, c={level}): {total.errors[:3]}")
        self.results["speed"] = {label: {level: total.summary()
                                         for level, total in per_level.items()}
                                 for label, per_level in merged.items()}
        self.results["speed_idle_cpu_s"] = idle_cpu

    # -- report

    def summary(self) -> str:
        r = self.results
        lines = ["", "=" * 78, "make scale-test: 2 Rasa + 2 action servers behind nginx, "
                 "PostgreSQL + Redis", "=" * 78]
        if "setup" in r:
            lines.append(f"start-up: everything {r['setup']['total_s']:.0f} s "
                         f"(2+2 servers in parallel {r['setup']['replicas_s']:.0f} s)")
        row = "{:<10} {:>6} {:>7} {:>8} {:>7} {:>7} {:>7} {:>8}  {}"
        if any(k in r for k in ("load", "kill", "postgres", "redis")):
            lines += ["", row.format("phase", "convs", "turns", "msg/s", "p50 ms", "p95 ms",
                                     "p99 ms", "retried", "failed requests"),
                      "-" * 78]
            for phase in ("load", "kill", "postgres", "redis"):
                s = r.get(phase)
                if s:
                    lines.append(row.format(phase, f"{s['complete']}/{s['conversations']}",
                                            s["turns_acked"], f"{s['msgs_per_s']:.1f}",
                                            f"{s['p50_ms']:.0f}", f"{s['p95_ms']:.0f}",
                                            f"{s['p99_ms']:.0f}", s["retried_turns"],
                                            error_text(s["errors"])))
        if "load" in r:
            s = r["load"]
            lines += ["", f"replicas (load): turns answered {s['per_replica']}; consecutive turns "
                          f"on a different replica {s['switched']}/{s['pairs']} "
                          f"({s['switched'] / max(1, s['pairs']):.0%}); conversations that used "
                          f"both replicas {s['both_replicas']}/{s['conversations']}",
                      f"duplicate delivery (load): {s['resent']} acknowledged turns sent again with "
                      f"the same message_id, {s['resent_replayed']} answered as replays with "
                      f"identical replies ({s['resent_other_replica']} by the other replica); "
                      f"the check below finds each stored once"]
        if "kill" in r:
            s = r["kill"]
            lines.append(f"kill: SIGKILL rasa2 with {s['in_flight_at_kill']} requests in flight, "
                         f"{s['acked_before_kill']} turns acknowledged before; failed requests "
                         f"{s['failed_attempts']} ({error_text(s['errors'])}), all within "
                         f"{s['errors_after_kill_s']:.1f} s of the kill; {s['replayed_turns']} "
                         f"retries found their turn already stored and got the stored replies; "
                         f"slowest turn across the kill {s['max_turn_after_kill_s']:.1f} s; "
                         f"after the kill rasa2 answered {s['answered_by_victim_after']}; "
                         f"rasa2 restarted in {s.get('restart_s', float('nan')):.0f} s")
        for name in ("postgres", "redis"):
            if name in r:
                s = r[name]
                lines.append(f"{name} restart: down {s['down_s']:.1f} s with {s['in_flight']} "
                             f"requests in flight; errors {error_text(s['errors'])}; relative to "
                             f"{name} being back: last error ended {s['last_error_after_ready_s']:+.1f} s, "
                             f"first success {s['first_ok_after_ready_s']:+.2f} s; Rasa and "
                             f"action servers not restarted: {'yes' if s['same_pids'] else 'NO'}")
        if "check" in r:
            c = r["check"]
            lines += ["", f"PostgreSQL check: {c.conversations} conversations, {c.events} events, "
                          f"{c.user_events} user messages for {c.acked_turns} acknowledged turns, "
                          f"{c.replies_matched}/{c.replies_received} replies stored exactly as "
                          f"received, {c.stored_not_acked} stored but unacknowledged; violations: "
                          f"{len(c.violations)} {dict(c.kinds) if c.kinds else ''}"
                          + (f" ({c.matched_by_text} conversations matched by text: the channel "
                             f"ignored message_id)" if c.matched_by_text else "")]
        if self.queues:
            seen = "; ".join(f"{phase} " + ", ".join(f"{k} {v}" for k, v in q.items() if v)
                             for phase, q in self.queues.items() if any(q.values()))
            lines.append("longest accept queue (connections not yet taken by the server): "
                         + (seen or "0 everywhere"))
        if "listen_overflows" in r:
            lines.append(f"connections dropped by full listen queues during A-D (whole machine): "
                         f"{r['listen_overflows']}")
        if "memory" in r:
            lines.append("peak memory (MB): " + ", ".join(f"{k} {v:.0f}"
                                                          for k, v in sorted(r["memory"].items())))
        if "speed" in r:
            sp = r["speed"]
            lines += ["", f"speed (scripts/load.py conversations through nginx, "
                          f"{self.args.speed_rounds} alternating rounds each; rasa2 used "
                          f"{r.get('speed_idle_cpu_s', float('nan')):.1f} s CPU while idle "
                          f"in the 1-replica rounds):",
                      "{:<11} {:>4} {:>8} {:>8} {:>8} {:>8}".format("setup", "c", "p50 ms",
                                                                  "p95 ms", "p99 ms", "msg/s")]
            for label, levels in sp.items():
                for level, x in levels.items():
                    lines.append("{:<11} {:>4} {:>8.0f} {:>8.0f} {:>8.0f} {:>8.1f}".format(
                        label, level, x["p50_ms"], x["p95_ms"], x["p99_ms"], x["msgs_per_s"]))
            if "2 replicas" in sp and "1 replica" in sp:
                ratios = {lv: sp["2 replicas"][lv]["msgs_per_s"] / sp["1 replica"][lv]["msgs_per_s"]
                          for lv in sp["2 replicas"] if lv in sp["1 replica"]}
                met = all(v >= 1.0 for v in ratios.values())
                lines.append("2 replicas / 1 replica, msg/s: " + ", ".join(
                    f"c={lv} x{v:.2f}" for lv, v in ratios.items()) +
                    f"  -> target 'at least as fast': {'met' if met else 'NOT met'}")
        lines += ["", "RESULT: " + ("PASS" if not self.failures else
                                    f"FAIL ({len(self.failures)})")]
        lines += [f"  - {f}" for f in self.failures]
        return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=200,
                        help="concurrent conversations in the load and kill phases")
    parser.add_argument("--fault-conversations", type=int, default=100,
                        help="concurrent conversations while PostgreSQL / Redis restart")
    parser.add_argument("--fault-at", type=float, default=0.3,
                        help="inject each fault when this share of the turns is acknowledged")
    parser.add_argument("--outage-seconds", type=float, default=3,
                        help="how long PostgreSQL / Redis stay down before they start again")
    parser.add_argument("--resend-every", type=int, default=20,
                        help="in the load phase, send every n-th acknowledged turn a second time")
    parser.add_argument("--retry-seconds", type=float, default=180,
                        help="give a turn up (and fail the run) after retrying this long")
    parser.add_argument("--speed-levels", default="1,8,32")
    parser.add_argument("--speed-conversations", type=int, default=12,
                        help="conversations per round and concurrency level (at least the level)")
    parser.add_argument("--speed-rounds", type=int, default=2,
                        help="alternating rounds per configuration and level")
    parser.add_argument("--phases", default="load,kill,postgres,redis,speed",
                        help="comma-separated subset of load,kill,postgres,redis,speed")
    parser.add_argument("--rasa-env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment for the Rasa servers (experiments)")
    parser.add_argument("--stock", action="store_true",
                        help="Rasa's own REST channel and SQL tracker store instead of scaling/ "
                             "(shows what they do under the same faults; expected to fail)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    phases = set(args.phases.split(","))

    if os.geteuid() != 0:
        print("scale-test needs root: PostgreSQL runs as the postgres user, packages may be "
              "installed", file=sys.stderr)
        return 2
    if not (ROOT / "models" / "current.tar.gz").exists():
        print("no trained model: run `make train`", file=sys.stderr)
        return 2
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, _on_signal)

    started = time.time()
    topo_mod.ensure_debian_packages()
    test = ScaleRun(args)
    crashed: Optional[BaseException] = None
    try:
        test.setup()
        if "load" in phases:
            test.phase_load()
        for fault in test.faults():
            if fault.phase in phases:
                test.phase_fault(fault)
        if phases & {"load", "kill", "postgres", "redis"}:
            test.phase_check()
        test.memory()
        if "speed" in phases:
            test.phase_speed()
    except (Exception, Stop) as error:
        crashed = error
        test.failures.append(f"aborted: {error!r}")
        traceback.print_exc()
        for child in test.topo.children.values():
            if not child.alive():
                print(f"--- {child.name} exited; last log lines:\n{child.tail()}", file=sys.stderr)
    finally:
        t0 = time.time()
        test.topo.stop_all()
        test.fault_thread.shutdown(wait=False)
        log(f"everything stopped in {time.time() - t0:.1f} s")
    print(test.summary())
    print(f"total time {time.time() - started:.0f} s")
    if test.failures or args.keep:
        print(f"logs kept in {test.workdir}/logs")
    else:
        shutil.rmtree(test.workdir, ignore_errors=True)
    return 1 if test.failures or crashed else 0


if __name__ == "__main__":
    sys.exit(main())
