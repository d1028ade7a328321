#!/usr/bin/env python3
"""Choose the classifier for real descriptions on the DEVELOPMENT part of the real-case corpus.

Cross-validation grouped by website: in each of --folds folds, the situations of some websites
are held out and the model trains on all invented examples (data/nlu, minus the exported real
cases) plus the real situations of the other websites. The real-case TEST part is never read.

For each variant (features, weight of real examples, C) it prints macro-F1, accuracy, top-2,
"acceptable" (primary or secondary), and, for the assistant's answer rule at several
thresholds, how many it answers outright and how often those answers are right.

    .venv/bin/python scripts/tune_real.py
    .venv/bin/python scripts/tune_real.py --variants tfidf+head tfidf+chunks --real-weights 1 3 --cs 10 30
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np

from nlu_tools import ROOT, impasse_intents, load_examples, real_case_metrics, print_real_metrics

import real_cases
from actions.situation import pool

CACHE = ROOT / "results" / "embedding-cache"
SENTENCE_WORDS = 25  # a "sentence" reading: chunks of whole sentences up to this many words


def cached_embed(kind: str, texts: Sequence[str]) -> np.ndarray:
    """Sentence vectors for `texts`, cached on disk per text (results/ is git-ignored)."""
    from nlu_components.linear_intent import embed_texts
    CACHE.mkdir(parents=True, exist_ok=True)
    keys = [hashlib.sha1(f"{kind}\0{t}".encode()).hexdigest() for t in texts]
    missing = [i for i, k in enumerate(keys) if not (CACHE / f"{k}.npy").exists()]
    if missing:
        vectors = embed_texts([texts[i] for i in missing], kind)
        for i, v in zip(missing, vectors):
            np.save(CACHE / f"{keys[i]}.npy", v)
    return np.stack([np.load(CACHE / f"{k}.npy") for k in keys])


def sweep(situations, rankings, causes) -> None:
    """How the answer rule's two thresholds trade answering against being right."""
    from actions.recommender import decide
    print("    threshold  close-ratio  answered  right-when-answered")
    for threshold in (0.3, 0.4, 0.5, 0.6):
        for ratio in (0.5, 0.6, 0.75, 0.9):
            rule = lambda playbook, ranking: decide(playbook, ranking, threshold, ratio)  # noqa: E731
            m = real_case_metrics(situations, rankings, causes, decide=rule)
            print(f"    {threshold:9.2f}  {ratio:11.2f}  {m['answered']:8.0%}  {m['right_when_answered']:8.0%}")


def website_folds(situations, k: int) -> List[List[int]]:
    domains = sorted({s.domain for s in situations})
    order = sorted(domains, key=lambda d: hashlib.sha1(d.encode()).hexdigest())
    fold_of = {d: i % k for i, d in enumerate(order)}
    folds: List[List[int]] = [[] for _ in range(k)]
    for i, s in enumerate(situations):
        folds[fold_of[s.domain]].append(i)
    return folds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", nargs="+", default=["tfidf", "tfidf+head", "tfidf+chunks"])
    parser.add_argument("--real-weights", type=float, nargs="+", default=[1.0, 3.0])
    parser.add_argument("--cs", type=float, nargs="+", default=[100.0])
    parser.add_argument("--embedding-weight", type=float, default=0.75)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--readings", nargs="+", default=["whole"],
                        help="whole: classify the description at once; sentences: classify each "
                             "chunk of whole sentences and pool them as the situation pools messages")
    parser.add_argument("--sweep", action="store_true",
                        help="also print answered / right-when-answered for a grid of answer thresholds")
    args = parser.parse_args()

    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    from nlu_components.linear_intent import build_pipeline

    causes = impasse_intents()
    invented = [(t, i) for t, i in load_examples(p for p in sorted((ROOT / "data" / "nlu").glob("*.yml"))
                                                   if p != real_cases.DEV_EXPORT)]
    dev, _ = real_cases.split(real_cases.load())
    print(f"{len(invented)} invented examples, {len(dev)} real development situations "
          f"from {len({s.domain for s in dev})} websites; test part not read")
    inv_texts, inv_labels = [t for t, _ in invented], [i for _, i in invented]
    real_texts = [s.text for s in dev]

    vectors = {}
    for kind in ("head", "chunks"):
        if any(kind in v for v in args.variants):
            start = time.time()
            vectors[kind] = (cached_embed(kind, inv_texts), cached_embed(kind, real_texts))
            print(f"embedded ({kind}) in {time.time() - start:.0f}s", flush=True)

    from nlu_components.linear_intent import chunks
    pieces = [chunks(t, SENTENCE_WORDS) for t in real_texts] if "sentences" in args.readings else []
    flat = [c for p in pieces for c in p]
    piece_vectors = {kind: cached_embed("head", flat) for kind in vectors} if flat else {}
    folds = website_folds(dev, args.folds)
    results = {}
    for variant in args.variants:
        kind = variant.split("+")[1] if "+" in variant else None
        for rw in args.real_weights:
            for c in args.cs:
                rankings: List[Dict[str, float]] = [dict() for _ in dev]
                sentence_rankings: List[Dict[str, float]] = [dict() for _ in dev]
                mixed_rankings: List[Dict[str, float]] = [dict() for _ in dev]
                for held in folds:
                    held_set = set(held)
                    train_real = [i for i in range(len(dev)) if i not in held_set]
                    texts = inv_texts + [real_texts[i] for i in train_real]
                    labels = inv_labels + [dev[i].primary for i in train_real]
                    weights = [1.0] * len(inv_texts) + [rw] * len(train_real)
                    tfidf = build_pipeline().steps[0][1]
                    x_train = tfidf.fit_transform(texts)
                    x_test = tfidf.transform([real_texts[i] for i in held])
                    if kind:
                        inv_v, real_v = vectors[kind]
                        emb_train = np.vstack([inv_v, real_v[train_real]]) * args.embedding_weight
                        x_train = hstack([x_train, csr_matrix(emb_train)]).tocsr()
                        x_test = hstack([x_test, csr_matrix(real_v[held] * args.embedding_weight)]).tocsr()
                    model = LogisticRegression(C=c, max_iter=5000, random_state=42)
                    model.fit(x_train, labels, sample_weight=weights)
                    for i, probs in zip(held, model.predict_proba(x_test)):
                        rankings[i] = dict(zip(model.classes_, map(float, probs)))
                    if "sentences" in args.readings:
                        for i in held:
                            start = sum(len(p) for p in pieces[:i])
                            xs = tfidf.transform(pieces[i])
                            if kind:
                                xs = hstack([xs, csr_matrix(piece_vectors[kind][start:start + len(pieces[i])]
                                                            * args.embedding_weight)]).tocsr()
                            parts = [list(zip(model.classes_, map(float, pr))) for pr in model.predict_proba(xs)]
                            pooled = dict(pool(parts, [len(p.split()) for p in pieces[i]]))
                            sentence_rankings[i] = pooled
                            whole = rankings[i]
                            mixed_rankings[i] = {k: 0.5 * whole.get(k, 0.0) + 0.5 * pooled.get(k, 0.0)
                                                 for k in set(whole) | set(pooled)}
                readings = [("whole", rankings)]
                if "sentences" in args.readings:
                    readings += [("sentences", sentence_rankings), ("whole+sentences", mixed_rankings)]
                for reading, ranked in readings:
                    metrics = real_case_metrics(dev, ranked, causes)
                    results[(variant + "/" + reading, rw, c)] = metrics
                    print_real_metrics(f"{variant}/{reading}  rw {rw:g}  C {c:g}", metrics)
                    if args.sweep:
                        sweep(dev, ranked, causes)
    print("\nBest by macro-F1 (development part, grouped by website):")
    for key, m in sorted(results.items(), key=lambda kv: -kv[1]["macro_f1"])[:5]:
        print(f"  {key[0]:14} rw {key[1]:<4g} C {key[2]:<5g} macro-F1 {m['macro_f1']:.3f} "
              f"acc {m['accuracy']:.3f} top-2 {m['top2']:.3f}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
