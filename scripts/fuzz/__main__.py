"""Fuzz a running assistant over HTTP: thousands of odd requests, zero 5xx, always an answer.

    .venv/bin/python -m scripts.fuzz --start-servers --count 5000 --seed 1
    .venv/bin/python -m scripts.fuzz --url http://localhost:5005 --count 500

(from the repository root). With --start-servers it starts its own action server and Rasa
server (ports 5605/5655 by default, a fresh temporary folder for the tracker and case
databases) with channels/credentials.slack.yml, a fake Slack Web API in this process and a
fake signing secret, so the Slack webhook is fuzzed as well. With --url it fuzzes a server
someone else started; add --slack-secret to fuzz its Slack webhook too, and
--tracker-db/--cases-db to check those SQLite files afterwards. The exit status is 1 if
anything failed; what passes is in docs/fuzz.md.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import List, Optional, Tuple

from harness.servers import Servers, ServersDidNotStart
from harness.slack import FakeSlack
from scripts.fuzz.report import print_report
from scripts.fuzz.checks import Target
from scripts.fuzz.run import FAKE_SIGNING_SECRET, FAKE_SLACK_TOKEN, fuzz, slack_servers


def _start_servers(args: argparse.Namespace, fake: FakeSlack) -> Tuple[Servers, Path]:
    workdir = Path(tempfile.mkdtemp(prefix="fuzz-"))
    servers = slack_servers(workdir, args.rasa_port, args.actions_port, fake,
                            "Rasa server for the fuzz")
    print(f"starting the action server and the Rasa server in {workdir} (logs: servers.log) ...",
          flush=True)
    try:
        servers.start()
    except ServersDidNotStart as error:
        raise SystemExit(f"servers did not start: {error}")
    return servers, workdir


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.fuzz",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--url", default="http://localhost:5005", help="a running Rasa server")
    parser.add_argument("--start-servers", action="store_true",
                        help="start an action server and a Rasa server (with Slack) for the run")
    parser.add_argument("--rasa-port", type=int, default=5605)
    parser.add_argument("--actions-port", type=int, default=5655)
    parser.add_argument("--slack-secret", help="fuzz /webhooks/slack/webhook with this signing secret "
                                               "(with --url; replies are not checked)")
    parser.add_argument("--tracker-db", type=Path)
    parser.add_argument("--cases-db", type=Path)
    args = parser.parse_args(argv)

    servers = fake = workdir = None
    failed = True
    try:
        if args.start_servers:
            fake = FakeSlack(FAKE_SLACK_TOKEN)
            servers, workdir = _start_servers(args, fake)
            target = Target(f"http://localhost:{args.rasa_port}", FAKE_SIGNING_SECRET, fake,
                            workdir / "rasa.db", workdir / "cases.db")
        else:
            target = Target(args.url.rstrip("/"), args.slack_secret, None,
                            args.tracker_db, args.cases_db)
        print(f"fuzzing {target.base} with {args.count} requests, seed {args.seed}, "
              f"concurrency {args.concurrency}{', Slack too' if target.slack_secret else ''}",
              flush=True)
        report = fuzz(target, args.count, args.seed, args.concurrency,
                      progress=lambda n: print(f"  {n}/{args.count}", flush=True))
        if servers is not None and any(p.poll() is not None for p in servers.processes):
            report.failures.append("a server process exited during the fuzz")
        print_report(report, args.seed, args.count)
        failed = bool(report.failures)
        return 1 if failed else 0
    finally:
        if servers is not None:
            servers.stop()
        if fake is not None:
            fake.stop()
        if workdir is not None:
            if failed:
                print(f"server logs and databases kept in {workdir}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
