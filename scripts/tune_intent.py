"""Choose the intent classifier's C and embedding weight without looking at the test fold.

`make eval` reports fold 0 of a stratified 5-way split (seed 42) as its test set. This script
never touches fold 0: for each validation fold k in --folds (default 1 and 2) it trains on the
folds other than 0 and k and scores fold k, for every (embedding weight, C) in the grid.
Pick the best mean here, write it into config.yml, then run `make eval` once.

    .venv/bin/python scripts/tune_intent.py --weights 0.75 1.0 1.5 --cs 10 30
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict

from nlu_tools import impasse_intents

from evaluate import _macro, load_messages, stratified_folds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", type=float, nargs="+", default=[0.75, 1.0, 1.5])
    parser.add_argument("--cs", type=float, nargs="+", default=[10.0, 30.0])
    parser.add_argument("--folds", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    if 0 in args.folds:
        parser.error("fold 0 is the reported test set; tune on the others")

    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    from nlu_components.linear_intent import build_pipeline
    from nlu_components.minilm import shared_encoder

    causes = impasse_intents()
    messages = load_messages()
    texts = [m.get("text") for m in messages]
    labels = [m.get("intent") for m in messages]
    start = time.time()
    vectors = shared_encoder().embed(texts)
    print(f"embedded {len(texts)} examples in {time.time() - start:.0f}s")
    folds = stratified_folds(messages, 5)
    scores = defaultdict(list)
    for k in args.folds:
        test = folds[k]
        train = [i for f, fold in enumerate(folds) if f not in (0, k) for i in fold]
        tfidf = build_pipeline().steps[0][1]  # the same TF-IDF blocks the component uses
        x_train = tfidf.fit_transform([texts[i] for i in train])
        x_test = tfidf.transform([texts[i] for i in test])
        gold = [labels[i] for i in test]
        for weight in args.weights:
            a = hstack([x_train, csr_matrix(weight * vectors[train])]).tocsr()
            b = hstack([x_test, csr_matrix(weight * vectors[test])]).tocsr()
            for c in args.cs:
                model = LogisticRegression(C=c, max_iter=5000).fit(a, [labels[i] for i in train])
                score = _macro(gold, list(model.predict(b)), causes)
                scores[(weight, c)].append(score)
                print(f"fold {k}  weight {weight:<5} C {c:<5} macro-F1 {score:.3f}", flush=True)
    print("\nmean over validation folds")
    for (weight, c), values in sorted(scores.items(), key=lambda kv: -statistics.mean(kv[1])):
        print(f"  weight {weight:<5} C {c:<5} {statistics.mean(values):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
