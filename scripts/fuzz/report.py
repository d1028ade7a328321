"""The fuzz report: statuses per category, latency, fallbacks, and the failures."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Dict, List, Tuple

from scripts.fuzz.cases import REST
from scripts.fuzz.send import Result
from scripts.load import percentile

NO_REPLY_PREFIX = "Sorry, I have nothing useful to say"  # channels/rest.py NO_REPLY_TEXT


@dataclass
class Report:
    results: List[Result]
    failures: List[str]
    seconds: float

    def by_category(self) -> Dict[str, Counter]:
        table: Dict[str, Counter] = defaultdict(Counter)
        for result in self.results:
            table[result.case.category][result.status] += 1
        return table

    def statuses(self) -> Counter:
        return Counter(r.status for r in self.results)

    def no_reply_fallbacks(self) -> Counter:
        """Per category: accepted messages the bot had nothing for (the channel's fallback)."""
        found: Counter = Counter()
        for result in self.results:
            if result.status == 200 and result.case.path == REST \
                    and NO_REPLY_PREFIX.encode() in result.body:
                found[result.case.category] += 1
        return found

    def latency(self, accepted_only: bool = False) -> Tuple[float, float]:
        values = [r.seconds for r in self.results
                  if r.case.path == REST and (not accepted_only or r.status == 200)]
        if not values:
            return 0.0, 0.0
        return percentile(values, 50), percentile(values, 95)


def print_report(report: Report, seed: int, count: int) -> None:
    table = report.by_category()
    codes = sorted({code for row in table.values() for code in row})
    width = max(len(c) for c in table) + 2
    print(f"\n{'category':<{width}}" + "".join(f"{c:>7}" for c in codes) + f"{'total':>8}")
    for category in sorted(table):
        row = table[category]
        print(f"{category:<{width}}" + "".join(f"{row.get(c, 0):>7}" for c in codes)
              + f"{sum(row.values()):>8}")
    totals = report.statuses()
    print(f"{'all':<{width}}" + "".join(f"{totals.get(c, 0):>7}" for c in codes)
          + f"{sum(totals.values()):>8}")
    p50, p95 = report.latency()
    a50, a95 = report.latency(accepted_only=True)
    server_errors = sum(n for code, n in totals.items() if code >= 500 or code == 0)
    print(f"\n{len(report.results)} requests in {report.seconds:.1f} s "
          f"({len(report.results) / max(report.seconds, 1e-9):.1f}/s); 5xx or no answer: {server_errors}")
    print(f"REST latency, all: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; "
          f"answered (200): p50 {a50 * 1000:.0f} ms, p95 {a95 * 1000:.0f} ms")
    fallbacks = report.no_reply_fallbacks()
    print(f"REST replies that were the channel's no-reply fallback: {sum(fallbacks.values())}"
          + (f" ({', '.join(f'{k} {v}' for k, v in sorted(fallbacks.items()))})" if fallbacks else ""))
    if report.failures:
        print(f"\nFAILED: {len(report.failures)} problems (repeat with --seed {seed} --count {count}):")
        for line in report.failures[:40]:
            print("  " + line)
    else:
        print("\nOK: every request answered as expected; servers and stored data intact afterwards.")
