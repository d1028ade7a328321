#!/usr/bin/env python3
"""Whisper tiny.en against pocketsphinx on the same audio, over many synthetic voices.

Every English voice flite and espeak-ng offer on this machine speaks held-out impasse
descriptions (tests/nlu/holdout.yml, the impasse_* and safety_concern intents: never trained
on, never used to build the language model or the prompt; voice_wer.held_out) at two speaking
rates, clean and with pink noise mixed in by sox at 10 dB SNR. Each clip (16 kHz mono, made by
sox) is transcribed by

* whisper: Whisper tiny.en in .venv-voice with the mediation vocabulary prompt (what the voice
  loop uses; scripts/voice_whisper.py),
* whisper-noprompt: the same without the prompt (unless --no-compare-prompt),
* pocketsphinx: pocketsphinx with the mediation language model (VOICE_ASR=pocketsphinx), a
  fresh decoder per clip as scripts/voice_wer.py does.

Printed: word error rate per voice / rate / noise and averaged (each voice and rate weighing
the same; Whisper's words as it wrote them), cause accuracy from speech against from text (the
trained Rasa model's top intent, as voice_wer.py classifies, on what the loop sends: Whisper's
figures through voice_text.normalise_figures), spoken figures read back by
actions/reading/money.read_figures, and the median time to transcribe a ~20-second
description (model loaded, as the loop runs).

    .venv/bin/python scripts/voice_eval.py                        # everything (make voice-eval)
    .venv/bin/python scripts/voice_eval.py --voices flite:slt,espeak-ng:en-us --rates normal \\
        --per-cause 1 --floor-wer-clean 0.08 --floor-wer-noisy 0.15   # the make voice-test floor

Voices: flite -lv without awb_time (a limited-domain voice that only says the time);
espeak-ng --voices=en without the MBROLA ones (mb/..., not installed: they need the mbrola
program and its voice data) and without the voice-quality variants (!v/..., not languages).
Rates: normal, and fast (1.25x: flite duration_stretch 0.8, espeak-ng 219 words a minute
against its 175). Noise: `sox -R` (repeatable) pink noise scaled to 10 dB below the clip's
RMS, the same every run. Exit status 1 if a --floor-* is missed.
"""
from __future__ import annotations

import argparse
import audioop
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from spoken_text import edit_distance  # noqa: E402
from voice_loop import RATE, VOICE_PYTHON, Whisper, decode_pcm, new_decoder, read_pcm  # noqa: E402
from voice_text import normalise_figures  # noqa: E402
from voice_wer import MODEL, held_out, load_agent, top_intents, words  # noqa: E402

RATES = {"normal": 1.0, "fast": 1.25}
ESPEAK_WPM = 175  # espeak-ng's default speed
SNR_DB = 10.0
NOISE = "pinknoise"
SYSTEMS = ("whisper", "whisper-noprompt", "pocketsphinx")
CONDITIONS = ("clean", "noisy")

# Money said in words, as a mediator says it: what read_figures must find in the transcript.
# Written for this check, not taken from the training or held-out data.
FIGURES: List[Tuple[str, List[float]]] = [
    ("The landlord says forty-two thousand five hundred is his final number.", [42500]),
    ("She came down to twelve thousand and he is still at eight thousand.", [12000, 8000]),
    ("They offered three hundred and fifty thousand for the house.", [350000]),
    ("He wants one point two million for his share of the business.", [1200000]),
    ("The contractor is owed nineteen thousand eight hundred dollars.", [19800]),
    ("The insurer put sixty-five thousand on the table yesterday.", [65000]),
    ("My client will accept two hundred and twenty-five thousand and not a penny less.", [225000]),
    ("The deposit was two thousand four hundred and the tenant wants all of it back.", [2400]),
]


# ---------------------------------------------------------------------------------------
# Voices and audio
# ---------------------------------------------------------------------------------------

def flite_voices() -> List[str]:
    out = subprocess.run(["flite", "-lv"], capture_output=True, text=True).stdout
    names = out.split(":", 1)[-1].split()
    return [f"flite:{v}" for v in names if v != "awb_time"]


def espeak_voices() -> List[str]:
    out = subprocess.run(["espeak-ng", "--voices=en"], capture_output=True, text=True).stdout
    found: List[str] = []
    for line in out.splitlines()[1:]:
        cols = line.split()
        if len(cols) >= 5 and cols[1].startswith("en") and cols[4].startswith("gmw/"):
            if f"espeak-ng:{cols[1]}" not in found:
                found.append(f"espeak-ng:{cols[1]}")
    return found


def all_voices() -> List[str]:
    voices = []
    if shutil.which("flite"):
        voices += flite_voices()
    if shutil.which("espeak-ng"):
        voices += espeak_voices()
    return voices


def run(cmd: Sequence[str]) -> None:
    subprocess.run(list(cmd), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def synthesise(voice: str, rate: float, text: str, out: Path) -> Path:
    """text spoken by voice ('flite:slt', 'espeak-ng:en-gb') at rate x normal speed, as a
    16 kHz mono 16-bit WAV (resampled by sox)."""
    engine, name = voice.split(":", 1)
    raw = out.with_suffix(".raw.wav")
    if engine == "flite":
        run(["flite", "-voice", name, "--setf", f"duration_stretch={1 / rate:.3f}",
             "-t", text, "-o", str(raw)])
    elif engine == "espeak-ng":
        run(["espeak-ng", "-v", name, "-s", str(round(ESPEAK_WPM * rate)), "-w", str(raw), text])
    else:
        raise ValueError(voice)
    run(["sox", "-R", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out)])
    raw.unlink()
    return out


def rms(path: Path) -> int:
    with wave.open(str(path), "rb") as w:
        return audioop.rms(w.readframes(w.getnframes()), w.getsampwidth())


def add_noise(clean: Path, out: Path, snr_db: float = SNR_DB, kind: str = NOISE) -> Path:
    """clean with sox's `kind` noise (repeatable: sox -R) mixed in at snr_db below its RMS."""
    with wave.open(str(clean), "rb") as w:
        seconds = w.getnframes() / w.getframerate()
    noise = out.with_suffix(".noise.wav")
    run(["sox", "-R", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(noise),
         "synth", f"{seconds:.4f}", kind])
    gain = rms(clean) / max(rms(noise), 1) / (10 ** (snr_db / 20))
    # both halved so that the sum does not clip; the ratio, and so the SNR, is unchanged
    run(["sox", "-R", "-m", "-v", "0.5", str(clean), "-v", f"{0.5 * gain:.6f}", str(noise), str(out)])
    noise.unlink()
    return out


# ---------------------------------------------------------------------------------------
# Transcription in worker processes: each has its own Whisper (one CTranslate2 thread)
# ---------------------------------------------------------------------------------------

_whisper: Optional[Whisper] = None


def _start_worker(threads: int) -> None:
    global _whisper
    import atexit

    _whisper = Whisper(threads=threads)
    atexit.register(_whisper.close)


def _pocketsphinx(path: Path) -> str:
    return decode_pcm(new_decoder(True), read_pcm(path))  # fresh decoder, as voice_wer.py


def _hear(job: Tuple[str, str, float, int, str, str, bool, bool]) -> Dict:
    """Speak one text with one voice and rate; transcribe it clean and noisy with each system."""
    voice, rate_name, rate, index, text, tmp, compare_prompt, with_pocketsphinx = job
    stem = Path(tmp) / f"{voice.replace(':', '_')}-{rate_name}-{index}"
    clean = synthesise(voice, rate, text, stem.with_suffix(".clean.wav"))
    noisy = add_noise(clean, stem.with_suffix(".noisy.wav"))
    result: Dict = {"voice": voice, "rate": rate_name, "index": index}
    with wave.open(str(clean), "rb") as w:
        result["audio_seconds"] = w.getnframes() / w.getframerate()
    for condition, wav in (("clean", clean), ("noisy", noisy)):
        heard = {"whisper": _whisper.transcribe(wav, True)}
        if compare_prompt:
            heard["whisper-noprompt"] = _whisper.transcribe(wav, False)
        if with_pocketsphinx:
            heard["pocketsphinx"] = _pocketsphinx(wav)
        result[condition] = heard
        wav.unlink()
    return result


def transcribe_grid(voices: Sequence[str], rates: Sequence[str], texts: Sequence[str], workers: int,
                    compare_prompt: bool, with_pocketsphinx: bool, progress: bool = True) -> List[Dict]:
    with tempfile.TemporaryDirectory(prefix="voice-eval-") as tmp:
        jobs = [(v, r, RATES[r], i, t, tmp, compare_prompt, with_pocketsphinx)
                for v in voices for r in rates for i, t in enumerate(texts)]
        results = []
        threads = 1 if workers > 1 else 0
        with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                                 initargs=(threads,)) as pool:
            for n, result in enumerate(pool.map(_hear, jobs, chunksize=1), 1):
                results.append(result)
                if progress and (n % 50 == 0 or n == len(jobs)):
                    print(f"  {n}/{len(jobs)} clips", file=sys.stderr, flush=True)
    return results


# ---------------------------------------------------------------------------------------
# Figures and timing
# ---------------------------------------------------------------------------------------

def sent(system: str, heard: str) -> str:
    """What the voice loop sends the assistant for a transcript."""
    return normalise_figures(heard) if system.startswith("whisper") else heard


def figures_read(text: str) -> List[float]:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from actions.reading.money import read_figures  # the assistant's own reader

    return sorted(float(a.value) for a in read_figures(text) if getattr(a, "kind", "money") == "money")


def check_figures(voices: Sequence[str], with_pocketsphinx: bool, tmp: Path,
                  whisper: Whisper, compare_prompt: bool = True) -> Dict:
    """Each FIGURES sentence by each voice at normal rate, clean and noisy: is every figure read
    from the transcript (read_figures) the one said?"""
    decoder = new_decoder(True) if with_pocketsphinx else None
    out: Dict = {"text": 0, "items": []}
    for text, expected in FIGURES:
        out["text"] += figures_read(text) == sorted(map(float, expected))
    for voice in voices:
        for index, (text, expected) in enumerate(FIGURES):
            clean = synthesise(voice, 1.0, text, tmp / f"fig-{index}.wav")
            noisy = add_noise(clean, tmp / f"fig-{index}.noisy.wav")
            for condition, wav in (("clean", clean), ("noisy", noisy)):
                heard = {"whisper": whisper.transcribe(wav, True)}
                if compare_prompt:
                    heard["whisper-noprompt"] = whisper.transcribe(wav, False)
                if decoder is not None:
                    heard["pocketsphinx"] = decode_pcm(new_decoder(True), read_pcm(wav))
                for system, said in heard.items():
                    got = figures_read(sent(system, said))
                    raw = figures_read(said)
                    out["items"].append({"voice": voice, "condition": condition, "system": system,
                                         "said": text, "heard": said, "figures": got,
                                         "right": got == sorted(map(float, expected)),
                                         "right_unnormalised": raw == sorted(map(float, expected))})
    return out


def long_description(target_seconds: float = 20.0) -> str:
    """Held-out descriptions joined until flite slt would take about target_seconds."""
    items = held_out()
    parts, n_words = [], 0
    for _, text in items:
        parts.append(text.rstrip(".") + ".")
        n_words += len(text.split())
        if n_words >= target_seconds * 2.75:  # slt says about 2.75 words a second
            break
    return " ".join(parts)


def time_twenty_seconds(tmp: Path, repeats: int, with_pocketsphinx: bool) -> Dict:
    """Median seconds to transcribe a ~20 s description, each recogniser loaded once, as in
    the voice loop (Whisper: the round trip to its subprocess, 2 threads)."""
    wav = synthesise("flite:slt", 1.0, long_description(), tmp / "twenty.wav")
    with wave.open(str(wav), "rb") as w:
        seconds = w.getnframes() / w.getframerate()
    out: Dict = {"audio_seconds": seconds}
    whisper = Whisper(threads=0)
    try:
        whisper.transcribe(wav)  # warm-up
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            text = whisper.transcribe(wav)
            times.append(time.perf_counter() - started)
        out["whisper"] = {"median": statistics.median(times), "all": times, "text": text}
    finally:
        whisper.close()
    if with_pocketsphinx:
        decoder, pcm, times = new_decoder(True), read_pcm(wav), []
        for _ in range(repeats):
            started = time.perf_counter()
            text = decode_pcm(decoder, pcm)
            times.append(time.perf_counter() - started)
        out["pocketsphinx"] = {"median": statistics.median(times), "all": times, "text": text}
    return out


# ---------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------

def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voices", help="comma-separated, e.g. flite:slt,espeak-ng:en-us (default: all)")
    parser.add_argument("--rates", default="normal,fast", help="normal,fast")
    parser.add_argument("--per-cause", type=int, default=1,
                        help="held-out descriptions per cause (14 causes; round-robin as voice_wer.py)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--no-compare-prompt", action="store_true", help="skip Whisper without the prompt")
    parser.add_argument("--no-pocketsphinx", action="store_true")
    parser.add_argument("--no-intents", action="store_true", help="skip cause accuracy")
    parser.add_argument("--no-figures", action="store_true", help="skip the spoken figures check")
    parser.add_argument("--timing", type=int, default=7, help="repeats for the 20 s timing (0: skip)")
    parser.add_argument("--timing-only", action="store_true", help="only the 20 s timing")
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--json", type=Path, help="write every number and transcript here")
    parser.add_argument("--show", type=int, default=5, help="print the N worst Whisper transcripts")
    parser.add_argument("--floor-wer-clean", type=float, help="fail if Whisper's clean WER is above")
    parser.add_argument("--floor-wer-noisy", type=float, help="fail if Whisper's noisy WER is above")
    parser.add_argument("--floor-cause", type=float, help="fail if Whisper's cause accuracy from "
                        "speech / from text (clean) is below")
    parser.add_argument("--floor-figures", type=float, help="fail if Whisper's share of spoken "
                        "figures read right (clean) is below")
    args = parser.parse_args(argv)

    missing = [t for t in ("flite", "espeak-ng", "sox") if not shutil.which(t)]
    if missing:
        print(f"missing: {', '.join(missing)} (apt-get install -y flite espeak-ng sox)", file=sys.stderr)
        return 2
    if not VOICE_PYTHON.is_file():
        print(f"no {VOICE_PYTHON}: make install", file=sys.stderr)
        return 2
    if args.timing_only:
        with tempfile.TemporaryDirectory(prefix="voice-eval-") as tmp_name:
            load = os.getloadavg()[0]
            timing = time_twenty_seconds(Path(tmp_name), args.timing or 7, not args.no_pocketsphinx)
        print(f"time to transcribe a {timing['audio_seconds']:.1f} s description (flite slt), "
              f"median of {args.timing or 7}, model loaded, {os.cpu_count()} cores, load average "
              f"{load:.1f} at start:")
        for s in ("whisper", "pocketsphinx"):
            if s in timing:
                print(f"  {s:14} {timing[s]['median']:.2f} s (min {min(timing[s]['all']):.2f}, "
                      f"max {max(timing[s]['all']):.2f})")
        return 0
    voices = args.voices.split(",") if args.voices else all_voices()
    rates = args.rates.split(",")
    with_ps = not args.no_pocketsphinx
    systems = [s for s in SYSTEMS if (s != "whisper-noprompt" or not args.no_compare_prompt)
               and (s != "pocketsphinx" or with_ps)]
    items = held_out(args.per_cause * 14)
    texts, labels = [t for _, t in items], [i for i, _ in items]
    refs = [words(t) for t in texts]
    n_words = sum(len(r) for r in refs)
    report: Dict = {"voices": voices, "rates": rates, "descriptions": len(texts), "words": n_words,
                    "snr_db": SNR_DB, "noise": NOISE, "load_average": os.getloadavg()}
    print(f"{len(voices)} voices x {len(rates)} rates x clean/noisy ({NOISE}, {SNR_DB:.0f} dB SNR), "
          f"{len(texts)} held-out descriptions ({len(set(labels))} causes, {n_words} words) each: "
          f"{len(voices) * len(rates) * len(texts) * 2} clips, systems {', '.join(systems)}",
          flush=True)

    with tempfile.TemporaryDirectory(prefix="voice-eval-") as tmp_name:
        tmp = Path(tmp_name)
        timing = {}
        if args.timing:
            timing = time_twenty_seconds(tmp, args.timing, with_ps)
            report["timing"] = timing
        started = time.perf_counter()
        grid = transcribe_grid(voices, rates, texts, args.workers, not args.no_compare_prompt, with_ps)
        report["grid_seconds"] = time.perf_counter() - started
        figures = {}
        if not args.no_figures:
            whisper = Whisper(threads=0)
            try:
                figures = check_figures(voices, with_ps, tmp, whisper, not args.no_compare_prompt)
            finally:
                whisper.close()

    # word error rate per (voice, rate, condition, system)
    errors: Dict[Tuple[str, str, str, str], int] = {}
    for r in grid:
        for c in CONDITIONS:
            for s in systems:
                key = (r["voice"], r["rate"], c, s)
                errors[key] = errors.get(key, 0) + edit_distance(refs[r["index"]], words(r[c][s]))
    wer = {k: e / n_words for k, e in errors.items()}

    def average(condition: str, system: str, voice: Optional[str] = None, rate: Optional[str] = None) -> float:
        values = [wer[(v, r, condition, system)] for v in voices for r in rates
                  if (voice is None or v == voice) and (rate is None or r == rate)]
        return sum(values) / len(values)

    short = {"whisper": "whisper", "whisper-noprompt": "w/o prompt", "pocketsphinx": "psphinx"}
    head = "".join(f"{c + ' ' + short[s]:>19}" for c in CONDITIONS for s in systems)
    print(f"\nword error rate ({n_words} words per cell)\n{'voice':26}{'rate':>7}{head}")
    for v in voices:
        for r in rates:
            print(f"{v:26}{r:>7}" + "".join(f"{wer[(v, r, c, s)]:>19.3f}" for c in CONDITIONS for s in systems))
    for r in rates:
        print(f"{'average over voices':26}{r:>7}"
              + "".join(f"{average(c, s, rate=r):>19.3f}" for c in CONDITIONS for s in systems))
    print(f"{'AVERAGE (voices x rates)':26}{'all':>7}"
          + "".join(f"{average(c, s):>19.3f}" for c in CONDITIONS for s in systems))
    report["wer"] = {f"{v}|{r}|{c}|{s}": x for (v, r, c, s), x in wer.items()}
    report["wer_average"] = {c: {s: average(c, s) for s in systems} for c in CONDITIONS}
    report["wer_average_by_rate"] = {r: {c: {s: average(c, s, rate=r) for s in systems}
                                         for c in CONDITIONS} for r in rates}
    engines = sorted({v.split(":")[0] for v in voices})
    report["wer_average_by_engine"] = {}
    for e in engines:
        mine = [v for v in voices if v.startswith(e + ":")]
        report["wer_average_by_engine"][e] = {
            c: {s: sum(average(c, s, voice=v) for v in mine) / len(mine) for s in systems}
            for c in CONDITIONS}
        print(f"{'average, ' + e + ' voices':26}{'all':>7}"
              + "".join(f"{report['wer_average_by_engine'][e][c][s]:>19.3f}"
                        for c in CONDITIONS for s in systems))

    # cause accuracy: the trained model's top intent, from text and from every transcript
    accuracy: Dict[str, float] = {}
    if not args.no_intents:
        if args.model.is_file():
            agent = load_agent(args.model)
            cache: Dict[str, str] = {}
            text_intents = top_intents(agent, texts, cache)
            accuracy["text"] = sum(p == l for p, l in zip(text_intents, labels)) / len(labels)
            for c in CONDITIONS:
                for s in systems:
                    heard = [sent(s, r[c][s]) for r in grid]
                    predicted = top_intents(agent, heard, cache)
                    accuracy[f"{c}|{s}"] = sum(p == labels[r["index"]] for p, r in zip(predicted, grid)) / len(grid)
            print(f"\ncause accuracy (top intent against the label; {len(grid)} clips per cell)")
            print(f"{'from text':26}{accuracy['text']:>7.3f}")
            for c in CONDITIONS:
                for s in systems:
                    a = accuracy[f"{c}|{s}"]
                    ratio = a / accuracy["text"] if accuracy["text"] else 0.0
                    print(f"{'from speech, ' + c + ', ' + s:42}{a:>7.3f}   {ratio:.3f}x text")
        else:
            print(f"{args.model} is missing (make train): no cause accuracy", file=sys.stderr)
    report["cause_accuracy"] = accuracy

    if figures:
        print(f"\nspoken figures read by read_figures ({len(FIGURES)} sentences x {len(voices)} voices, normal rate); "
              f"from the text: {figures['text']}/{len(FIGURES)}")
        report["figures"] = {}
        print(f"{'':42}{'read right':>11}{'without normalising':>21}")
        for c in CONDITIONS:
            for s in systems:
                cell = [i for i in figures["items"] if i["condition"] == c and i["system"] == s]
                share = sum(i["right"] for i in cell) / len(cell)
                raw = sum(i["right_unnormalised"] for i in cell) / len(cell)
                report["figures"][f"{c}|{s}"] = share
                report["figures"][f"{c}|{s}|unnormalised"] = raw
                print(f"{'  ' + c + ', ' + s:42}{share:>11.3f}{raw:>21.3f}")
        wrong = [i for i in figures["items"] if i["system"] == "whisper" and not i["right"]]
        for i in wrong[:8]:
            print(f"    {i['voice']} {i['condition']}: heard {i['heard']!r} -> {i['figures']}")
        report["figures_items"] = figures["items"]

    if timing:
        print(f"\ntime to transcribe a {timing['audio_seconds']:.1f} s description (flite slt), "
              f"median of {args.timing}, model loaded, {os.cpu_count()} cores, load average "
              f"{report['load_average'][0]:.1f} at start:")
        for s in ("whisper", "pocketsphinx"):
            if s in timing:
                print(f"  {s:14} {timing[s]['median']:.2f} s (min {min(timing[s]['all']):.2f}, "
                      f"max {max(timing[s]['all']):.2f})")
    print(f"grid: {report['grid_seconds']:.0f} s with {args.workers} workers")

    if args.show:
        per_item = []
        for r in grid:
            e = edit_distance(refs[r["index"]], words(r["noisy"]["whisper"]))
            per_item.append((-e / max(len(refs[r["index"]]), 1), r["voice"], r["rate"], r["index"], r))
        print(f"\nworst {args.show} Whisper transcripts (noisy):")
        for _, v, rate, i, r in sorted(per_item, key=lambda x: x[:4])[: args.show]:
            print(f"  {v} {rate}\n     said:  {' '.join(refs[i])}\n     heard: {r['noisy']['whisper']}")

    if args.json:
        report["texts"], report["labels"], report["grid"] = texts, labels, grid
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")

    failed = []
    avg = report["wer_average"]
    if args.floor_wer_clean is not None and avg["clean"]["whisper"] > args.floor_wer_clean:
        failed.append(f"Whisper clean WER {avg['clean']['whisper']:.3f} > {args.floor_wer_clean}")
    if args.floor_wer_noisy is not None and avg["noisy"]["whisper"] > args.floor_wer_noisy:
        failed.append(f"Whisper noisy WER {avg['noisy']['whisper']:.3f} > {args.floor_wer_noisy}")
    if args.floor_cause is not None:
        if "text" not in accuracy:
            failed.append("no cause accuracy to check against --floor-cause")
        elif accuracy["clean|whisper"] < args.floor_cause * accuracy["text"]:
            failed.append(f"Whisper cause accuracy {accuracy['clean|whisper']:.3f} < "
                          f"{args.floor_cause} x text {accuracy['text']:.3f}")
    if args.floor_figures is not None:
        share = report.get("figures", {}).get("clean|whisper")
        if share is None or share < args.floor_figures:
            failed.append(f"Whisper figures read right {share} < {args.floor_figures}")
    for line in failed:
        print(f"FAIL: {line}", file=sys.stderr)
    if any(a is not None for a in (args.floor_wer_clean, args.floor_wer_noisy, args.floor_cause,
                                   args.floor_figures)) and not failed:
        print("OK: every floor met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
