"""Choose, on the development part only, when the learned safety reader's risk type should
replace the type the rules gave a clear signal (the rules type it from the relationship and the
tense, and those guesses fail between neighbours: danger now told as threats at work, a child's
risk told as domestic abuse).

Five folds over the development part (as scripts/tune_safety.py): in each fold the risk-type
reader (TF-IDF + MiniLM, logistic regression, as nlu_components/safety_reader.py) is trained on
the other folds' concerns and reads the held-out fold. For a grid of thresholds T it prints the
share of found concerns given the right protocol type when the reader's top type replaces the
rules' type at probability >= T (never replacing a threat of suicide: its protocol is the one
that must not be missed). The test part is never read.

    .venv/bin/python scripts/tune_safety_type.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from actions.safety.signals import read  # noqa: E402
from nlu_components.linear_intent import build_pipeline  # noqa: E402
from scripts.safety_set import load  # noqa: E402
from scripts.tune_safety import FOLDS, fold_of  # noqa: E402


def main() -> int:
    items = [i for i in load() if i.part == "dev" and i.concern and i.risk and i.kind != "hint"]
    learned = {}
    for k in range(FOLDS):
        train = [i for i in items if fold_of(i) != k]
        test = [i for i in items if fold_of(i) == k]
        risk = build_pipeline(10.0, 42, 0.75, "chunks")
        risk.fit([i.text for i in train], [i.risk for i in train])
        probs = risk.predict_proba(np.array([i.text for i in test], dtype=object))
        for item, row in zip(test, probs):
            best = int(np.argmax(row))
            learned[item.id] = (str(risk.classes_[best]), float(row[best]))
        print(f"fold {k}: {len(test)} held out", flush=True)
    clear = [(i, read(i.text)) for i in items]
    clear = [(i, s) for i, s in clear if s.clear]
    print(f"\n{len(clear)} concerns the rules call clear; reader alone right on "
          f"{sum(learned[i.id][0] == i.risk for i, _ in clear) / len(clear):.3f}")
    print(f"{'T':>5} {'right type':>10} {'replaced':>8} {'replaced right':>14} {'suicide lost':>12}")
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01):
        right = replaced = replaced_right = lost = 0
        for item, signal in clear:
            kind, p = learned[item.id]
            chosen = signal.risk
            if signal.risk != "suicide_self_harm" and p >= t and kind != signal.risk:
                chosen, replaced = kind, replaced + 1
                replaced_right += kind == item.risk
            right += chosen == item.risk
            lost += item.risk == "suicide_self_harm" and chosen != item.risk
        print(f"{t:5.2f} {right / len(clear):10.3f} {replaced:8d} {replaced_right:14d} {lost:12d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
