"""What is spoken and what is heard, as words: the text a recogniser would write for a
sentence (markup stripped, numbers and contractions as flite says them), and the word edit
distance between two such texts. Shared by the language-model builder and the WER measure.
"""
from __future__ import annotations

import re
from typing import List, Sequence


ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORDINAL = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
           "nine": "ninth", "twelve": "twelfth"}


def cardinal(n: int) -> str:
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return ONES[n // 100] + " hundred" + ("" if rest == 0 else " " + cardinal(rest))
    for size, name in ((10 ** 9, "billion"), (10 ** 6, "million"), (1000, "thousand")):
        if n >= size:
            rest = n % size
            return cardinal(n // size) + " " + name + ("" if rest == 0 else " " + cardinal(rest))
    raise ValueError(n)


def year(n: int) -> str:
    """Four digits read as flite reads a year: 2019 twenty nineteen, 1905 nineteen oh five."""
    if 2000 <= n <= 2009 or n % 1000 == 0:
        return cardinal(n)
    hi, lo = divmod(n, 100)
    if lo == 0:
        return cardinal(hi) + " hundred"
    return cardinal(hi) + " " + (cardinal(lo) if lo >= 10 else "oh " + ONES[lo])


def ordinal(n: int) -> str:
    words = cardinal(n).split()
    last = words[-1]
    if last in ORDINAL:
        words[-1] = ORDINAL[last]
    elif last.endswith("y"):
        words[-1] = last[:-1] + "ieth"
    else:
        words[-1] = last + "th"
    return " ".join(words)


def plural(words: str) -> str:
    head, _, last = words.rpartition(" ")
    last = last[:-1] + "ies" if last.endswith("y") else last + ("es" if last.endswith("x") else "s")
    return (head + " " + last).strip()


def _number(match: re.Match) -> str:
    """One number as flite reads it: 2019 twenty nineteen, 5k five k, $300 three hundred dollars."""
    cur, body, suffix = match.group("cur"), match.group("num"), (match.group("suf") or "").lower()
    if "." in body:
        whole, _, frac = body.partition(".")
        spoken = cardinal(int(whole.replace(",", "") or 0)) + " point " + " ".join(ONES[int(d)] for d in frac)
    else:
        digits = body.replace(",", "")
        n = int(digits)
        if suffix in ("st", "nd", "rd", "th"):
            return " " + ordinal(n) + " "
        if len(digits) == 4 and "," not in body and 1100 <= n <= 2099:
            spoken = year(n)
        elif len(digits) > 1 and digits.startswith("0"):
            spoken = " ".join(ONES[int(d)] for d in digits)
        else:
            spoken = cardinal(n)
    if suffix == "s":
        spoken = plural(spoken)
    elif suffix in ("k", "m"):
        spoken += " " + suffix
    elif suffix == "%":
        spoken += " percent"
    elif suffix in ("am", "pm"):
        spoken += " " + " ".join(suffix)
    if cur == "$":
        spoken += " dollars"
    elif cur == "£":
        spoken += " pounds"
    elif cur == "€":
        spoken += " euros"
    return " " + spoken + " "


NUMBER = re.compile(r"(?P<cur>[$£€])?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)"
                    r"(?P<suf>st|nd|rd|th|s|k|m|%|am|pm)?(?![a-z])", re.I)
ABBREVIATIONS = {"mr": "mister", "mrs": "missus", "dr": "doctor", "vs": "versus"}

# Contractions typed without the apostrophe ("dont", "isnt"): a recogniser writes them with it.
CONTRACTIONS = {w.replace("'", ""): w for w in (
    "aren't can't couldn't didn't doesn't don't hadn't hasn't haven't isn't shouldn't wasn't "
    "weren't won't wouldn't i'm i've i'll you're you've you'll they're they've they'll we've "
    "that's there's what's she's he's he'd it'll nobody's everyone's let's").split()
    if w.replace("'", "") not in ("its", "well", "were", "ill", "shell", "hell", "id", "lets")}
CONTRACTIONS["ok"] = "okay"

MARKUP = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def strip_markup(text: str) -> str:
    """'[the landlord](party) wants' -> 'the landlord wants'."""
    return MARKUP.sub(r"\1", text)


def normalize(text: str) -> List[str]:
    """Lower-case words the way a recogniser would write what flite says."""
    text = strip_markup(text).replace("’", "'").replace("‘", "'")
    text = re.sub(r"(\d):(\d\d)", lambda m: m.group(1) + " " + m.group(2), text)
    text = NUMBER.sub(_number, text)
    text = text.replace("&", " and ").replace("%", " percent ").replace("/", " slash ").lower()
    words = []
    for token in re.sub(r"[^a-z' ]", " ", text).split():
        token = token.strip("'")
        if not token:
            continue
        token = CONTRACTIONS.get(token, token)
        words.extend(ABBREVIATIONS.get(token, token).split())
    return words


def edit_distance(ref: Sequence[str], hyp: Sequence[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]
