#!/usr/bin/env python3
"""Word error rate of the offline speech path: flite (slt) speaks, pocketsphinx transcribes."""
from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from voice_loop import speak, transcribe  # noqa: E402

SENTENCES = [
    "the landlord will not return the deposit because he says she damaged the apartment",
    "they are yelling at each other and one of them just walked out of the room",
    "he refuses to pay child support until he can see the kids every weekend",
    "neither side will move on the price and they keep repeating the same numbers",
    "she does not trust anything he says since he lied about the money last year",
    "the business partners cannot agree on who keeps the customer list",
]


def words(text: str) -> list:
    return re.sub(r"[^a-z' ]", " ", text.lower()).split()


def edit_distance(ref: list, hyp: list) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def main() -> int:
    errors = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, sentence in enumerate(SENTENCES):
            wav = speak(sentence, Path(tmp) / f"s{i}.wav")
            heard = transcribe(wav)
            e, n = edit_distance(words(sentence), words(heard)), len(words(sentence))
            errors, total = errors + e, total + n
            print(f"{e / n:5.2f}  said:  {sentence}\n       heard: {heard}")
    print(f"WER {errors / total:.2f} ({errors} errors / {total} words, flite slt -> pocketsphinx)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
