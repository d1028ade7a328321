"""Money figures in a message, each with the side it belongs to when said next to it, and
whether it was said as a gap ("five thousand apart"). Pure, no Rasa.
"""
from __future__ import annotations

import re
from typing import List, Optional

from actions.reading.issue import ISSUE_STOP
from actions.reading.people import NOT_A_PARTY
from actions.situation import Amount
from actions.words import ROLE_NOUNS

_SCALE = {"k": 1e3, "grand": 1e3, "thousand": 1e3, "m": 1e6, "mil": 1e6, "million": 1e6,
          "bn": 1e9, "billion": 1e9, "hundred": 1e2}
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                      "eighty": 80, "ninety": 90, "a": 1, "half": 0.5})
_CURRENCY = r"(?:[$£€]|usd|gbp|eur|aud|cad)"
_UNIT = r"(?:dollars?|bucks|pounds?|quid|euros?)"
_MONEY = re.compile(
    rf"(?P<cur>{_CURRENCY})\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s?(?P<scale>k|m|bn|grand|thousand|million|billion)?\b"
    rf"|\b(?P<num2>\d[\d,]*(?:\.\d+)?)\s?(?P<scale2>k|m|bn|grand|thousand|million|billion)?\s?(?P<unit>{_UNIT})\b"
    rf"|\b(?P<num3>\d[\d,]*(?:\.\d+)?)\s?(?P<scale3>k|grand|thousand|million)\b"
    rf"|\b(?P<num4>\d[\d,]*(?:\.\d+)?)(?=\s+(?:apart|gap)\b)"
    rf"|\b(?P<words>(?:(?:{'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})[\s-]+){{1,3}}"
    rf"(?:hundred|thousand|million|grand)(?:\s+(?:{_UNIT}))?)", re.I)
_GAP_AFTER = re.compile(r"^\W*(?:\w+\W+){0,2}?(?:apart|gap|between them|difference)\b", re.I)
_WHO_BEFORE = re.compile(
    r"(?P<who>\b(?:(?i:he|she|they|we|i|my client|our client|the other side|the [a-z]+)|[A-Z][a-z]+))\s+"
    r"(?:\S+\s+){0,4}$")


def _side(word: str) -> Optional[str]:
    """The side a figure belongs to, when the word before it names one ("the whole" does not)."""
    lower = word.lower()
    if lower.startswith("the ") and lower not in ("the other side",):
        noun = lower[4:]
        return word if noun in ROLE_NOUNS and noun not in NOT_A_PARTY else None
    if lower in ("he", "she", "they", "we", "i"):
        return word
    if word[:1].isupper() and lower in ISSUE_STOP | {"honestly", "maybe", "basically", "so", "um", "well"}:
        return None
    return word


def _words_value(phrase: str) -> Optional[float]:
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", phrase.lower()):
        if word in _NUMBER_WORDS:
            current += _NUMBER_WORDS[word]
        elif word in _SCALE:
            current = (current or 1) * _SCALE[word]
            if _SCALE[word] >= 1e3:
                total, current = total + current, 0.0
    value = total + current
    return value or None


def read_amounts(text: str) -> List[Amount]:
    """Money figures in a message, each with the side it belongs to when said next to it."""
    found: List[Amount] = []
    for match in _MONEY.finditer(text or ""):
        said = match.group(0).strip()
        if match.group("words"):
            if not re.search(_UNIT + r"|grand|thousand|million", said, re.I):
                continue
            value = _words_value(re.sub(_UNIT, "", said, flags=re.I))
        else:
            number = (match.group("num") or match.group("num2") or match.group("num3")
                      or match.group("num4"))
            scale = match.group("scale") or match.group("scale2") or match.group("scale3")
            try:
                value = float(number.replace(",", ""))
            except ValueError:
                value = None
            if value is not None and scale:
                value *= _SCALE[scale.lower()]
            if match.group("num3") and not match.group("cur") and value is not None and value < 1000:
                value = None  # "3 million" fine; a bare "5k run" is rare, keep the text only
        before = text[max(0, match.start() - 60): match.start()]
        clause = re.split(r"[.;!?]|\b(?:but|and|while|whereas)\b", before)[-1]
        who_match = _WHO_BEFORE.search(clause + " ")
        who = _side(who_match.group("who")) if who_match else None
        gap = bool(_GAP_AFTER.match(text[match.end(): match.end() + 30]))
        found.append(Amount(said, value, who, gap))
    return found
