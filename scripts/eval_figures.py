"""`make eval-figures`: money in mediators' messages read by role and worked out right?

Over corpus/figures/ (written blind to the code: writer_a is the development part, writer_c a
second development part written later, writer_b the test part, never tuned on), each item's messages are read in turn into one case, as the
assistant reads them, and then its question is worked out. Printed per part:
- figures read right: the expected figures found with the right amount and role (and, for
  offers and demands, the right side: that is what pairing needs); also figures read that the
  writer did not list (extra), and side right over all figures that have one;
- arithmetic right: of the sums the writer expects (gap, midpoint, moves, buy-out, split in
  money, net of costs), those worked out to the same figure;
- invented gaps: a gap said where the writer expects none (no two opposing offers, or unclear
  who offered what). The target is 0.

Usage: .venv/bin/python scripts/eval_figures.py [--part dev|dev2|test|both] [--verbose (dev, dev2 only)]
       [--floor]   (fail below the floors; part of `make test`)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from actions.reading.ledger import worked  # noqa: E402
from actions.reading.money import read_figures, side_key  # noqa: E402

PARTS = {"dev": "writer_a.yml", "dev2": "writer_c.yml", "test": "writer_b.yml"}
# Floors `make test` keeps (below the targets of issue 18: figures 0.95, arithmetic 0.98, 0
# invented gaps); set from the first honest run so a change that reads worse fails.
FLOORS = {"figures": 0.60, "arithmetic": 0.42, "invented": 0}


def load(part: str) -> List[Dict]:
    return yaml.safe_load((ROOT / "corpus" / "figures" / PARTS[part]).read_text())["items"]


def close(a: Optional[float], b: Optional[float]) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= max(1.0, abs(b) * 0.002)


def same_side(said: Optional[str], expected: Optional[str]) -> bool:
    a, b = side_key(said), side_key(expected)
    if not a or not b:
        return a == b
    return a == b or a in b.split() or b in a.split() or a.startswith(b) or b.startswith(a)


def score_figures(item: Dict, read) -> Tuple[int, int, int, int, int, List[str]]:
    """(right, expected, extra, sides right, sides expected, notes)."""
    free = list(read)
    right = sides = sides_n = 0
    notes = []
    for fig in item["figures"]:
        match = next((r for r in free if close(r.value, float(fig["amount"]))), None)
        if match is None:
            notes.append(f"missed {fig['text']} ({fig['role']}, {fig.get('side')})")
            continue
        free.remove(match)
        role_ok = match.role == fig["role"]
        side_ok = fig["role"] not in ("offer", "demand") or same_side(match.who, fig.get("side"))
        if role_ok and side_ok:
            right += 1
        else:
            notes.append(f"{fig['text']}: read {match.role}/{match.who}, expected {fig['role']}/{fig.get('side')}")
        if fig.get("side"):
            sides_n += 1
            sides += same_side(match.who, fig.get("side"))
    for extra in free:
        notes.append(f"extra {extra.text} ({extra.role}, {extra.who})")
    return right, len(item["figures"]), len(free), sides, sides_n, notes


def _values(value) -> List[float]:
    if isinstance(value, dict):
        return sorted(float(v) for v in value.values() if v is not None)
    return [float(value)]


def score_arithmetic(item: Dict, result: Dict) -> Tuple[int, int, bool, List[str]]:
    """(right, expected, invented gap, notes)."""
    expected = {k: v for k, v in (item.get("arithmetic") or {}).items() if v is not None}
    right, notes = 0, []
    for key, value in expected.items():
        got = result.get(key)
        if key == "moves":
            got_values = sorted((got or {}).values())
            ok = len(got_values) == len(value) and all(close(a, b) for a, b in zip(got_values, _values(value)))
        elif got is None:
            ok = False
        else:
            a, b = _values(got), _values(value)
            ok = len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
        right += ok
        if not ok:
            notes.append(f"{key}: got {got}, expected {value}")
    invented = "gap" in result and ("gap" not in expected or item.get("unclear"))
    if invented:
        notes.append(f"INVENTED gap {result['gap']}")
    return right, len(expected), invented, notes


def report(part: str, verbose: bool) -> Dict[str, float]:
    items = load(part)
    totals = dict(right=0, expected=0, extra=0, sides=0, sides_n=0, a_right=0, a_expected=0, invented=0)
    for item in items:
        amounts = []
        for message in item["messages"]:
            amounts += read_figures(message, known=amounts)
        result = worked(amounts, item.get("question") or "", " ".join(item["messages"]))
        right, n, extra, sides, sides_n, notes = score_figures(item, amounts)
        a_right, a_n, invented, a_notes = score_arithmetic(item, result)
        for key, value in zip(("right", "expected", "extra", "sides", "sides_n", "a_right", "a_expected", "invented"),
                              (right, n, extra, sides, sides_n, a_right, a_n, invented)):
            totals[key] += value
        if verbose and (notes or a_notes):
            print(f"- {item['id']}: {' | '.join(item['messages'])}\n    Q: {item.get('question')}")
            for note in notes + a_notes:
                print(f"    {note}")
    figures = totals["right"] / max(1, totals["expected"])
    arithmetic = totals["a_right"] / max(1, totals["a_expected"])
    print(f"{part}: {len(items)} items")
    print(f"  figures read right   {figures:6.1%} ({totals['right']}/{totals['expected']}), "
          f"extra figures {totals['extra']}, side right {totals['sides'] / max(1, totals['sides_n']):.1%} "
          f"({totals['sides']}/{totals['sides_n']})")
    print(f"  arithmetic right     {arithmetic:6.1%} ({totals['a_right']}/{totals['a_expected']})")
    print(f"  invented gaps        {totals['invented']}")
    return {"figures": figures, "arithmetic": arithmetic, "invented": totals["invented"]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("dev", "dev2", "test", "both"), default="both",
                        help="dev = writer a, dev2 = writer c (a second development part), test = writer b; "
                             "both = all three")
    parser.add_argument("--verbose", action="store_true", help="list every miss (development part only)")
    parser.add_argument("--floor", action="store_true", help="fail below the floors")
    args = parser.parse_args(argv)
    if args.verbose and args.part not in ("dev", "dev2"):
        parser.error("--verbose lists misses: only for a development part (--part dev or dev2)")
    print("Targets (issue 18, test part): figures >= 95%, arithmetic >= 98%, invented gaps 0. "
          "Written blind: writer_a = dev, writer_b = test.")
    parts = ["dev", "dev2", "test"] if args.part == "both" else [args.part]
    failed = []
    for part in parts:
        result = report(part, args.verbose)
        if args.floor:
            if result["figures"] < FLOORS["figures"] or result["arithmetic"] < FLOORS["arithmetic"] \
                    or result["invented"] > FLOORS["invented"]:
                failed.append(part)
    if failed:
        print(f"Below the floors {FLOORS} on: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
