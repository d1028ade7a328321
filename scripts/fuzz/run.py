"""A whole fuzz run against a target: a known conversation, the cases in parallel, the checks."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Dict, List, Optional

from harness import slack
from harness.servers import Servers
from scripts.fuzz.cases import Case, generate
from scripts.fuzz.checks import Target, check_after, start_known_conversation
from scripts.fuzz.report import Report
from scripts.fuzz.send import Result, judge, send

# Fake credentials for a fuzz run; nothing here reaches Slack.
FAKE_SLACK_TOKEN = "fake-bot-token-for-fuzz"
FAKE_SIGNING_SECRET = "fuzz-signing-secret"


def run(target: Target, cases: List[Case], concurrency: int = 4,
        progress: Optional[Callable[[int], None]] = None) -> Report:
    started = time.perf_counter()
    results: List[Result] = []
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for done, result in enumerate(pool.map(lambda c: send(target.base, c), cases), 1):
            result.problem = judge(result)
            results.append(result)
            if progress and done % 250 == 0:
                progress(done)
    failures = [f"#{r.case.index} {r.case.category} ({r.case.what}): {r.problem}"
                for r in results if r.problem]
    return Report(results, failures, time.perf_counter() - started)


def fuzz(target: Target, count: int, seed: int, concurrency: int = 4,
         progress: Optional[Callable[[int], None]] = None) -> Report:
    """The whole check: a known conversation, the fuzz, then everything `check_after` looks at."""
    known = start_known_conversation(target.base, seed)
    cases = generate(seed, count, slack_secret=target.slack_secret)
    report = run(target, cases, concurrency, progress)
    threads = [r.case.slack_thread for r in report.results
               if r.case.slack_thread and r.status == 200]
    report.failures += check_after(target, known, threads if target.slack else [])
    return report


def slack_servers(workdir: Path, rasa_port: int, actions_port: int, fake: slack.FakeSlack,
                  what: str, env: Optional[Dict[str, str]] = None) -> Servers:
    """Action server + Rasa server with channels/credentials.slack.yml (REST and Slack), the
    Slack channel pointed at `fake` and signing with FAKE_SIGNING_SECRET."""
    return Servers(workdir, rasa_port, actions_port, credentials=slack.CREDENTIALS,
                   ready_path="/webhooks/rest/", what=what,
                   env=dict(fake.env(FAKE_SIGNING_SECRET), **(env or {})))
