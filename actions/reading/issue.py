"""What the parties are stuck on, when the mediator names it ("over the house", "from mom's
estate"). Pure, no Rasa.
"""
from __future__ import annotations

import re
from typing import Optional

_ISSUE = re.compile(
    r"\b(?:over|about|from|split|divide|dividing|keep|keeps|sell|selling|sale of|return|returning|"
    r"refund|refunding|withhold|withheld|withholding|holding back|hold back|holds back)\s+"
    r"(?P<det>the|his|her|their|our|my|mom's|mum's|dad's|grandma's|grandpa's|[A-Z][a-z]+'s)\s+"
    r"(?:(?:whole|full|entire|remaining)\s+)?(?:[$£€]?\d[\d,]*(?:\.\d+)?k?\s+)?"
    r"(?P<issue>[a-z]+(?:[- ][a-z]+){0,2})\b")
ISSUE_STOP = frozenset("""
for and but with to in at of on or so because that which who when while if as by from is are was
were has have had will would won't can can't could he she they we it this these those there
since until after before last yet now today again all just still any every
got get gets lost telling told tells said says went been being did does do made make came took
gave kept left saying asking going doing
""".split())
# Nouns after "on the", "for the" that are never what the parties are fighting over.
_NOT_AN_ISSUE = frozenset("""
table phone way moment day week month year hour hours time end other same first last record
break floor room call meeting session mediation mediator lawyer lawyers side sides point
number numbers offer offers idea ideas rest past future whole thing things problem case
calls emails messages texts favour favor bench start beginning outset top judge court tribunal
years weekend weekends summer holidays
""".split())


# "over" introduces what is fought over, except after these ("tripped over the dog").
_NOT_BEFORE_OVER = frozenset("""
trip trips tripped tripping fall falls fell falling went go goes going gone look looks looked
all hand hands handed sign signs signed get gets got think thought mull mulled pore pored come
came run ran turn turned take took taken pass passed watch watched hung hang knocked knock
""".split())


_FOUGHT = frozenset("""
fight fights fought fighting argue argues argued arguing row rowing rowed dispute disputing
clash clashing battle battling squabble squabbling bicker bickering feud feuding stuck deadlocked
""".split())


def _tripped_over(before: str) -> bool:
    """The few words before "over" say it is not a fight over something ("trip on the stairs
    or over the dog"), unless a word of fighting comes first ("fought over")."""
    for word in reversed(re.findall(r"[a-z']+", before.lower())[-5:]):
        if word in _FOUGHT:
            return False
        if word in _NOT_BEFORE_OVER:
            return True
    return False


def read_issue(text: str) -> Optional[str]:
    """What the parties are stuck on, when said as "over the house", "from mom's estate".
    Only words that introduce what is fought over count: "on", "for", "of" and "with" too
    often lead elsewhere ("out on the street", "for an hour"), and a wrong issue in a
    question ("let go of the street?") costs more than none."""
    for match in _ISSUE.finditer(text or ""):
        if match.group(0).lower().startswith("over") and _tripped_over(text[:match.start()]):
            continue
        words = [match.group("det")] + re.split(r"(?<=\w)\s+", match.group("issue"))
        kept = words[:1]
        for word in words[1:]:
            if word.lower() in ISSUE_STOP:
                break
            kept.append(word)
        issue = " ".join(kept)
        if len(kept) > 1 and kept[-1].lower() not in _NOT_AN_ISSUE and len(issue) <= 40:
            return issue
    return None
