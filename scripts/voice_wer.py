#!/usr/bin/env python3
"""How well the offline speech path hears held-out impasse descriptions.

flite (slt voice) speaks each held-out description of tests/nlu/holdout.yml (the impasse_*
and safety_concern intents: never trained on, never used to build the language model);
pocketsphinx transcribes it twice, with its bundled en-US language model and with the
mediation language model of voice/ (scripts/build_voice_lm.py). Reported side by side:

* word error rate against the words flite was asked to say (numbers as flite reads them);
* cause accuracy: the trained Rasa model's top intent on the original text, and on each
  transcript, against the labelled intent (needs models/current.tar.gz: `make train`).

    .venv/bin/python scripts/voice_wer.py                          # all held-out descriptions
    .venv/bin/python scripts/voice_wer.py --limit 100 --floor-wer 0.12 --json results/voice.json

--limit N takes N descriptions round-robin over the causes, so every cause is represented.
Each description is decoded by a fresh decoder, so results do not depend on the order or the
number of worker processes. Exit status 1 if --floor-wer is given and the mediation LM's
WER is above it.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import shutil
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from spoken_text import edit_distance, normalize, strip_markup  # noqa: E402
from voice_loop import decode_pcm, domain_lm_available, new_decoder, read_pcm, speak  # noqa: E402

HOLDOUT = ROOT / "tests" / "nlu" / "holdout.yml"
MODEL = ROOT / "models" / "current.tar.gz"


def held_out(limit: Optional[int] = None, path: Path = HOLDOUT) -> List[Tuple[str, str]]:
    """(intent, description) for the impasse_* and safety_concern held-out examples,
    interleaved cause by cause (first of each cause, then second of each...)."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    by_intent: Dict[str, List[str]] = {}
    for item in data.get("nlu") or []:
        intent = str(item.get("intent", ""))
        if not (intent.startswith("impasse_") or intent == "safety_concern"):
            continue
        for line in str(item.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                by_intent.setdefault(intent, []).append(strip_markup(line[2:].strip()))
    out = []
    for i in range(max((len(v) for v in by_intent.values()), default=0)):
        for intent in sorted(by_intent):
            if i < len(by_intent[intent]):
                out.append((intent, by_intent[intent][i]))
    return out[:limit] if limit else out


def words(text: str) -> List[str]:
    """The words to score: lower case, numbers as flite says them, contractions with apostrophes."""
    return normalize(text)


def _hear(job: Tuple[int, str, str, bool]) -> Tuple[int, str, Optional[str], float]:
    """Speak one description and transcribe it with both language models (fresh decoders)."""
    index, text, tmp, with_domain = job
    wav = speak(text, Path(tmp) / f"d{index}.wav")
    pcm = read_pcm(wav)
    started = time.perf_counter()
    bundled = decode_pcm(new_decoder(False), pcm)
    domain = decode_pcm(new_decoder(True), pcm) if with_domain else None
    return index, bundled, domain, time.perf_counter() - started


def transcribe_all(texts: Sequence[str], workers: int = 2,
                   with_domain: bool = True) -> List[Tuple[str, Optional[str], float]]:
    """(bundled transcript, mediation transcript or None, decoding seconds) per text."""
    with tempfile.TemporaryDirectory(prefix="voice-wer-") as tmp:
        jobs = [(i, t, tmp, with_domain) for i, t in enumerate(texts)]
        if workers <= 1:
            results = list(map(_hear, jobs))
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = list(pool.map(_hear, jobs, chunksize=1))
    out: List = [None] * len(texts)
    for index, bundled, domain, seconds in results:
        out[index] = (bundled, domain, seconds)
    return out


def load_agent(model: Path):
    """The trained Rasa model, quietly."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # custom NLU components (nlu_components/)
    logging.getLogger().setLevel(logging.WARNING)
    warnings.filterwarnings("ignore")  # deprecation chatter from Rasa's dependencies,
    warnings.showwarning = lambda *args, **kwargs: None  # which Rasa's own filters let through
    try:
        from rasa.utils.log_utils import configure_structlog
        configure_structlog(logging.WARNING)
    except Exception:  # older/newer Rasa: its debug lines are only noise here
        pass
    from rasa.core.agent import Agent

    return Agent.load(str(model))


def top_intents(agent, texts: Sequence[str], cache: Optional[Dict[str, str]] = None) -> List[str]:
    """The model's top intent for each text (each distinct text parsed once)."""
    cache = {} if cache is None else cache

    async def parse_all() -> List[str]:
        for text in texts:
            if text not in cache:
                parsed = await agent.parse_message(text)
                cache[text] = (parsed.get("intent") or {}).get("name") or ""
        return [cache[text] for text in texts]

    return asyncio.run(parse_all())


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only this many descriptions (round-robin over causes)")
    parser.add_argument("--floor-wer", type=float, help="fail if the mediation LM's WER is above this")
    parser.add_argument("--json", type=Path, help="write the numbers and every transcript here")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--model", type=Path, default=MODEL, help="trained Rasa model for cause accuracy")
    parser.add_argument("--no-intents", action="store_true", help="skip cause accuracy")
    parser.add_argument("--show", type=int, default=5, help="print the N worst transcripts")
    parser.add_argument("--warp", help="frequency warp for both models (speaker adaptation, "
                                       "e.g. 1.4 for flite's high slt voice; off by default)")
    args = parser.parse_args(argv)
    if args.warp:
        os.environ["VOICE_WARP"] = args.warp  # read by voice_loop.decoder_options, in each worker

    if not shutil.which("flite"):
        print("flite is missing: apt-get install -y flite", file=sys.stderr)
        return 2
    with_domain = domain_lm_available()
    if not with_domain:
        print("voice/mediation.lm.bin is missing (scripts/build_voice_lm.py): bundled model only",
              file=sys.stderr)
    items = held_out(args.limit)
    texts = [t for _, t in items]
    labels = [i for i, _ in items]

    started = time.perf_counter()
    heard = transcribe_all(texts, args.workers, with_domain)
    speech_seconds = time.perf_counter() - started

    refs = [words(t) for t in texts]
    n_words = sum(len(r) for r in refs)
    systems = {"bundled": [h[0] for h in heard]}
    if with_domain:
        systems["mediation"] = [h[1] for h in heard]
    errors = {name: [edit_distance(r, words(h)) for r, h in zip(refs, hyps)]
              for name, hyps in systems.items()}
    wer = {name: sum(e) / n_words for name, e in errors.items()}

    accuracy: Dict[str, float] = {}
    intents: Dict[str, List[str]] = {}
    intent_seconds = 0.0
    if not args.no_intents:
        if args.model.is_file():
            started = time.perf_counter()
            agent = load_agent(args.model)
            cache: Dict[str, str] = {}
            intents["text"] = top_intents(agent, texts, cache)
            for name, hyps in systems.items():
                intents[name] = top_intents(agent, hyps, cache)
            intent_seconds = time.perf_counter() - started
            for name, predicted in intents.items():
                accuracy[name] = sum(p == l for p, l in zip(predicted, labels)) / len(labels)
        else:
            print(f"{args.model} is missing (make train): no cause accuracy", file=sys.stderr)

    # ---- report ------------------------------------------------------------------------
    names = list(systems)
    head = {"bundled": "bundled en-US LM", "mediation": "mediation LM"}
    print(f"\n{len(texts)} held-out descriptions ({len(set(labels))} causes, {n_words} words), "
          f"flite -voice slt -> pocketsphinx{', warp ' + args.warp if args.warp else ''}, "
          f"{args.workers} workers")
    print(f"{'':26}{'text':>10}" + "".join(f"{head[n]:>20}" for n in names))
    print(f"{'word error rate':26}{'-':>10}" + "".join(f"{wer[n]:>20.3f}" for n in names))
    exact = {n: sum(e == 0 for e in errors[n]) / len(texts) for n in names}
    print(f"{'descriptions heard exactly':26}{'-':>10}" + "".join(f"{exact[n]:>20.2f}" for n in names))
    if accuracy:
        print(f"{'cause accuracy':26}{accuracy['text']:>10.3f}"
              + "".join(f"{accuracy[n]:>20.3f}" for n in names))
        if accuracy["text"]:
            print(f"{'  speech / text':26}{'':>10}"
                  + "".join(f"{accuracy[n] / accuracy['text']:>20.3f}" for n in names))
    decode_cpu = sum(h[2] for h in heard)
    print(f"time: speaking + decoding {speech_seconds:.0f} s ({decode_cpu:.0f} s of decoding CPU)"
          + (f", cause accuracy {intent_seconds:.0f} s" if intents else ""))
    best = names[-1]
    if args.show:
        worst = sorted(range(len(texts)), key=lambda i: (-errors[best][i] / max(len(refs[i]), 1), i))
        print(f"\nworst {min(args.show, len(texts))} ({head[best]}):")
        for i in worst[: args.show]:
            print(f"  {errors[best][i]:2d} said:  {' '.join(refs[i])}\n     heard: {systems[best][i]}")

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "descriptions": len(texts), "words": n_words, "wer": wer, "exact": exact,
            "cause_accuracy": accuracy, "seconds": {"speech": speech_seconds, "intents": intent_seconds},
            "items": [{"intent": labels[i], "text": texts[i],
                       **{f"heard_{n}": systems[n][i] for n in names},
                       **{f"errors_{n}": errors[n][i] for n in names},
                       **{f"intent_{n}": intents[n][i] for n in intents}}
                      for i in range(len(texts))],
        }, indent=1) + "\n", encoding="utf-8")

    if args.floor_wer is not None:
        if not with_domain:
            print("FAIL: no mediation LM to check against --floor-wer", file=sys.stderr)
            return 1
        if wer["mediation"] > args.floor_wer:
            print(f"FAIL: mediation LM WER {wer['mediation']:.3f} > floor {args.floor_wer}", file=sys.stderr)
            return 1
        print(f"OK: mediation LM WER {wer['mediation']:.3f} <= floor {args.floor_wer}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
