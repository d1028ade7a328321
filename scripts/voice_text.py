"""What Whisper writes, made into what the assistant reads: figures only.

Whisper tiny.en writes spoken money in digits ("forty-two thousand five hundred" ->
"$42,500"), which actions/reading/money.read_figures reads. Two of its habits it does not:

* digits without thousands separators ("The deposit was 2400", "put 65000 on the table"):
  read_figures takes a bare comma-less number for a year, a count or a code unless a money
  word is next to it. Separators are put in for 5 digits and more, and for 4 digits outside
  1900-2099 (so years stay years: "in 2019").
* British "two hundred and twenty-five thousand" split in two: "200 and 25,000" ->
  "225,000" (a whole hundred, "and", then two digits of thousands; "500 and 2,000" stays
  two figures).

Everything else is left as Whisper wrote it. Used by scripts/voice_loop.py on Whisper's
transcripts before they go to the assistant, and by scripts/voice_eval.py.
"""
from __future__ import annotations

import re

_SPLIT_HUNDREDS = re.compile(r"(?<![\d,.])([$£€]?)([1-9])00 and ([1-9]\d),000(?![\d,])")
_BARE = re.compile(r"(?<![\d,.])(\d{4,})(?![\d,]|\.\d)")


def _separators(match: re.Match) -> str:
    digits = match.group(1)
    if digits.startswith("0") or (len(digits) == 4 and 1900 <= int(digits) <= 2099):
        return digits
    return f"{int(digits):,}"


def normalise_figures(text: str) -> str:
    """Whisper's figures in the forms read_figures reads (see the module's docstring)."""
    text = _SPLIT_HUNDREDS.sub(lambda m: f"{m.group(1)}{int(m.group(2)) * 100 + int(m.group(3))},000", text)
    return _BARE.sub(_separators, text)
