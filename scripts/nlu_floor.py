"""NLU accuracy floor, part of `make test`: the trained model on held-out text it never saw.

tests/nlu/holdout.yml was written separately from data/ and is never trained on.
Fails (exit 1) when macro-F1 over the impasse intents drops below the floor.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nlu_tools import ROOT, Parser, impasse_intents, load_examples, report

FLOOR = 0.92  # measured 0.973 (README "NLU quality"); the floor catches real regressions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(ROOT / "models" / "current.tar.gz"))
    parser.add_argument("--holdout", default=str(ROOT / "tests" / "nlu" / "holdout.yml"))
    parser.add_argument("--floor", type=float, default=FLOOR)
    args = parser.parse_args()

    examples = [(t, i) for t, i in load_examples([Path(args.holdout)]) if i in impasse_intents()]
    model = Parser(Path(args.model))
    predicted = [model.top_intent(text)[0] for text, _ in examples]
    gold = [intent for _, intent in examples]
    macro = report(gold, predicted, impasse_intents(), f"Held-out set ({len(examples)} examples)")
    accuracy = sum(g == p for g, p in zip(gold, predicted)) / len(gold)
    print(f"accuracy {accuracy:.3f}; floor for macro-F1 {args.floor:.2f}")
    if macro < args.floor:
        print(f"FAIL: macro-F1 {macro:.3f} is below the floor {args.floor:.2f}")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
