"""`make eval`: how well the NLU model recognises impasse causes, against a simple baseline.

1. A stratified 80/20 split of data/nlu (seed 42): the model is trained on the 80% only and
   scored on the 20%, per intent, next to TF-IDF + logistic regression trained on the same 80%.
2. The same split-trained model on tests/nlu/holdout.yml, written apart from data/ and never
   trained on (a harder, more honest test of generalisation).
3. k-fold cross-validation (default 5) of both, over all of data/nlu.
4. Coverage and accuracy above confidence thresholds, to choose the clarify threshold.
5. REAL text first: the model trained on everything it is served with (data/nlu, which holds
   the development part of the real-case corpus) scored on the real-case TEST part
   (corpus/real_cases, split by website, never trained or tuned on), next to the baseline
   trained on the same data, with the targets of the real-case issue.

`--real-only` runs part 5 alone (one training, about 4 minutes).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import List, Sequence, Tuple

from nlu_tools import ROOT, Parser, impasse_intents, load_examples, report

SEED = 42


def load_messages():
    from rasa.shared.nlu.training_data.loading import load_data
    data = load_data(str(ROOT / "data" / "nlu"))
    return [m for m in data.training_examples if m.get("intent")]


def stratified_folds(messages, k: int) -> List[List[int]]:
    by_intent = defaultdict(list)
    for i, m in enumerate(messages):
        by_intent[m.get("intent")].append(i)
    folds: List[List[int]] = [[] for _ in range(k)]
    rng = random.Random(SEED)
    for intent in sorted(by_intent):
        idx = by_intent[intent]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            folds[j % k].append(i)
    return folds


CONFIG = ROOT / "config.yml"


def train_model(messages, workdir: Path, name: str) -> Path:
    from rasa.model_training import train_nlu
    from rasa.shared.nlu.training_data.training_data import TrainingData
    data_file = workdir / f"{name}.yml"
    data_file.write_text(TrainingData(training_examples=list(messages)).nlu_as_yaml())
    start = time.time()
    path = train_nlu(config=str(CONFIG), nlu_data=str(data_file),
                     output=str(workdir), fixed_model_name=name,
                     domain=str(ROOT / "domain.yml"))
    print(f"  trained {name} on {len(messages)} examples in {time.time() - start:.0f}s")
    return Path(path)


def baseline_predict(train: Sequence[Tuple[str, str]], test: Sequence[str]) -> List[str]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1),
                          LogisticRegression(max_iter=3000, C=10.0))
    model.fit([t for t, _ in train], [i for _, i in train])
    return list(model.predict(list(test)))


def thresholds(gold, predicted, confidences) -> None:
    print("\nConfidence threshold: share answered directly, accuracy of those answered")
    for threshold in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        kept = [(g, p) for g, p, c in zip(gold, predicted, confidences) if c >= threshold]
        accuracy = sum(g == p for g, p in kept) / len(kept) if kept else 0.0
        print(f"  {threshold:.1f}: answered {len(kept) / len(gold):6.1%}  accuracy {accuracy:6.1%}")


def text_of(message) -> str:
    return message.get("text")


def main() -> int:
    global CONFIG
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (0: skip)")
    parser.add_argument("--config", default=str(ROOT / "config.yml"), help="pipeline to evaluate")
    parser.add_argument("--real-only", action="store_true", help="only the real-case test part")
    parser.add_argument("--model", help="for part 5, a model already trained on all of data/nlu "
                                        "(make eval-real passes the served model) instead of training one")
    args = parser.parse_args()
    CONFIG = Path(args.config)
    if args.real_only:
        return real_case_evaluation(args.model)
    causes = impasse_intents()
    messages = load_messages()
    holdout = [(t, i) for t, i in load_examples([ROOT / "tests" / "nlu" / "holdout.yml"])
               if i in causes]
    print(f"{len(messages)} training examples, {len(holdout)} held-out descriptions")

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        folds = stratified_folds(messages, 5)
        test_idx = set(folds[0])
        train = [m for i, m in enumerate(messages) if i not in test_idx]
        test = [m for i, m in enumerate(messages) if i in test_idx]
        model = Parser(train_model(train, workdir, "split"))

        gold = [m.get("intent") for m in test]
        scored = [model.top_intent(text_of(m)) for m in test]
        predicted = [p for p, _ in scored]
        ours = report(gold, predicted, causes, f"1. Split: our pipeline on {len(test)} test examples")
        base_pred = baseline_predict([(text_of(m), m.get("intent")) for m in train],
                                     [text_of(m) for m in test])
        base = report(gold, base_pred, causes, "   Split: TF-IDF + logistic regression baseline")
        thresholds(gold, predicted, [c for _, c in scored])

        h_gold = [i for _, i in holdout]
        h_scored = [model.top_intent(t) for t, _ in holdout]
        h_ours = report(h_gold, [p for p, _ in h_scored], causes, "2. Held-out descriptions: our pipeline")
        h_base = report(h_gold, baseline_predict([(text_of(m), m.get("intent")) for m in train],
                                                 [t for t, _ in holdout]),
                        causes, "   Held-out descriptions: baseline")
        thresholds(h_gold, [p for p, _ in h_scored], [c for _, c in h_scored])

        cv_ours, cv_base = [], []
        if args.folds:
            print(f"\n3. {args.folds}-fold cross-validation")
            for k, fold in enumerate(stratified_folds(messages, args.folds)):
                held = set(fold)
                tr = [m for i, m in enumerate(messages) if i not in held]
                te = [m for i, m in enumerate(messages) if i in held]
                fold_model = Parser(train_model(tr, workdir, f"fold{k}"))
                g = [m.get("intent") for m in te]
                cv_ours.append(_macro(g, [fold_model.top_intent(text_of(m))[0] for m in te], causes))
                cv_base.append(_macro(g, baseline_predict([(text_of(m), m.get("intent")) for m in tr],
                                                          [text_of(m) for m in te]), causes))
                print(f"  fold {k}: ours {cv_ours[-1]:.3f}  baseline {cv_base[-1]:.3f}")

    print("\nSummary (macro-F1 over the 14 impasse intents)")
    print(f"  split:      ours {ours:.3f}   baseline {base:.3f}   difference {100 * (ours - base):+.1f} points")
    print(f"  held-out:   ours {h_ours:.3f}   baseline {h_base:.3f}   difference {100 * (h_ours - h_base):+.1f} points")
    if cv_ours:
        print(f"  {len(cv_ours)}-fold CV: ours {statistics.mean(cv_ours):.3f} +/- {statistics.pstdev(cv_ours):.3f}"
              f"   baseline {statistics.mean(cv_base):.3f} +/- {statistics.pstdev(cv_base):.3f}")
    target = ours >= 0.90 and ours - base >= 0.05
    print(f"  target (split macro-F1 >= 0.90 and >= 5 points above baseline): {'met' if target else 'NOT met'}")
    return real_case_evaluation()


def real_case_evaluation(model_path=None) -> int:
    """Part 5: the served model on real descriptions it never saw, against the baseline."""
    import real_cases
    from nlu_tools import print_real_metrics, real_case_metrics
    causes = [c for c in impasse_intents() if c != "impasse_unspecified"]
    situations = real_cases.load()
    dev, test = real_cases.split(situations)
    messages = load_messages()
    print(f"\n5. Real descriptions: {len(test)} situations of the real-case TEST part "
          f"({len({s.domain for s in test})} websites, never trained or tuned on); training: "
          f"{len(messages)} examples, {len(dev)} of them real development situations")
    with tempfile.TemporaryDirectory() as tmp:
        model = Parser(Path(model_path) if model_path else train_model(messages, Path(tmp), "served"))
        ours = [_cause_probabilities(model.parse(s.text)) for s in test]
    weights = _real_weights(messages)
    base = baseline_rankings([(text_of(m), m.get("intent")) for m in messages], [s.text for s in test], weights)
    m_ours = real_case_metrics(test, ours, causes)
    m_base = real_case_metrics(test, base, causes)
    print()
    print_real_metrics("our pipeline", m_ours)
    print_real_metrics("baseline (TF-IDF + logistic regression)", m_base)
    report([s.primary for s in test], [max(r, key=r.get) if r else "" for r in ours], causes,
           "   Real-case test part, per cause (our pipeline)")
    _safety_catch(test, ours)
    targets = [
        ("macro-F1 >= 0.85", m_ours["macro_f1"] >= 0.85),
        ("top-2 >= 0.93", m_ours["top2"] >= 0.93),
        (">= 5 points above the baseline (macro-F1)", m_ours["macro_f1"] - m_base["macro_f1"] >= 0.05),
        ("answers >= 70% outright", m_ours["answered"] >= 0.70),
        ("right >= 90% when it answers outright", m_ours["right_when_answered"] >= 0.90),
    ]
    print("\nReal-case targets")
    for name, met in targets:
        print(f"  {name:45} {'met' if met else 'NOT met'}")
    return 0


def _safety_catch(test, rankings) -> None:
    """Safety as the assistant reads it (actions.safety: the situation's signals, with the
    classifier's safety probability as a weak signal); `make eval-safety` has the full table."""
    from actions.safety import assess
    signals = [assess(s.text, classifier=float(r.get("safety_concern", 0.0))) for s, r in zip(test, rankings)]
    real = [s.primary == "safety_concern" or "safety_concern" in s.secondary for s in test]
    print(f"\nSafety: {sum(real)} test situations carry a safety concern (primary or secondary). "
          f"Protocol at once for {sum(g.clear and r for g, r in zip(signals, real))} of them, a screening "
          f"question for {sum(g.ambiguous and r for g, r in zip(signals, real))}; protocol for "
          f"{sum(g.clear and not r for g, r in zip(signals, real))} situations without one "
          f"(make eval-safety for risk types and conversational messages).")


def _cause_probabilities(parse: dict) -> dict:
    return {r["name"]: float(r["confidence"]) for r in parse.get("intent_ranking") or []
            if r["name"] != "nlu_fallback"}


def _real_weights(messages) -> List[float]:
    """The same weight per example as the served classifier gives (real cases count more)."""
    import yaml
    from nlu_components.linear_intent import is_real_case
    config = yaml.safe_load(CONFIG.read_text())
    component = next(c for c in config["pipeline"] if c["name"].endswith("LinearIntentClassifier"))
    weight = float(component.get("real_case_weight", 1.0))
    return [weight if is_real_case(m) else 1.0 for m in messages]


def baseline_rankings(train: Sequence[Tuple[str, str]], test: Sequence[str],
                      weights: Sequence[float]) -> List[dict]:
    """The baseline's probabilities, trained on the same examples with the same weights."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1),
                          LogisticRegression(max_iter=3000, C=10.0))
    model.fit([t for t, _ in train], [i for _, i in train], logisticregression__sample_weight=list(weights))
    return [dict(zip(model.classes_, map(float, p))) for p in model.predict_proba(list(test))]


def _macro(gold, predicted, labels) -> float:
    from sklearn.metrics import f1_score
    return float(f1_score(gold, predicted, labels=list(labels), average="macro", zero_division=0))


if __name__ == "__main__":
    sys.exit(main())
