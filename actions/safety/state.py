"""What the mediator arranged about safety in a case: more than on and off. Pure.

- OPEN: a concern was raised and its protocol given; only separate-room options are offered.
- SHUTTLE_ONLY: safe for now (the person at risk got away safely, the mediator went on by
  shuttle); the case stays in separate rooms for every later session and conversation, so a
  joint-session step is never suggested and a request for one is refused with a reason.
- SCREENED_CLEAR: the mediator screened and found no concern (or said it was a false alarm):
  the same ambiguous words don't raise the alarm again in this case; a clear new signal still
  does.
Kept in the case record (mediator-only, never in what is shared).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional, Sequence, Tuple

from actions.words import ROLE_NOUNS

OPEN, SHUTTLE_ONLY, SCREENED_CLEAR = "open", "shuttle_only", "screened_clear"
STATES = (OPEN, SHUTTLE_ONLY, SCREENED_CLEAR)

_MALE = frozenset("""husband father dad daddy son brother boyfriend uncle grandfather grandpa man
nephew stepfather stepdad ex-husband fiance""".split())
_FEMALE = frozenset("""wife mother mum mom mummy mommy daughter sister girlfriend aunt grandmother
grandma woman niece stepmother stepmum stepmom ex-wife fiancee widow""".split())


@dataclass(frozen=True)
class CaseSafety:
    state: Optional[str] = None
    risk: Optional[str] = None  # the risk type whose protocol was given last
    who: Optional[str] = None  # the person at risk, as the replies name them

    @property
    def stands(self) -> bool:
        """A concern stands: separate rooms only."""
        return self.state in (OPEN, SHUTTLE_ONLY)

    @property
    def screened_clear(self) -> bool:
        return self.state == SCREENED_CLEAR

    def raised(self, risk: Optional[str], who: Optional[str]) -> "CaseSafety":
        return CaseSafety(OPEN, risk or self.risk, who or self.who)

    def safe_for_now(self) -> "CaseSafety":
        return replace(self, state=SHUTTLE_ONLY)

    def cleared(self) -> "CaseSafety":
        return CaseSafety(SCREENED_CLEAR, None, None)


def gender(party: str) -> Optional[str]:
    first = (party or "").lower().replace(".", "").split()[:1]
    if first and first[0] in ("mr", "mister", "sir", "lord"):
        return "he"  # "mr hale"
    if first and first[0] in ("mrs", "ms", "miss", "madam", "dame", "lady"):
        return "she"  # "mrs obi"
    word = (party or "").lower().split()[-1:] or [""]
    word = word[0].rstrip("s") if word[0] not in _MALE | _FEMALE else word[0]
    return "he" if word in _MALE else "she" if word in _FEMALE else None


def party_for(pronoun: Optional[str], parties: Sequence[str]) -> Optional[str]:
    """The party a pronoun stands for ("he" -> "the husband"), when exactly one fits."""
    if not pronoun:
        return None
    if pronoun not in ("he", "she"):
        return pronoun if pronoun.split()[-1:] and pronoun.split()[-1] in ROLE_NOUNS else None
    fits = [p for p in parties if gender(p) == pronoun]
    return fits[0] if len(fits) == 1 else None


_AT_RISK_OBJECT = re.compile(
    r"\b(?:hit|hits|hitting|punch\w*|slap\w*|kick\w*|strangl\w*|chok\w*|grab\w*|assault\w*|threat\w*|"
    r"follow\w*|stand\w*\s+over|block\w*|control\w*|check\w*|scream\w*\s+at|shout\w*\s+at|stalk\w*)\s+(?P<o>her|him)\b"
    r"|\b(?P<s>she|he)\s*(?:'s|is|was|feels|seems)?\s*(?:\w+\s+)?(?:scared|afraid|frightened|terrified|shaking)"
    r"|\b(?:kill|harm|hurt|cut)\w*\s+(?P<r>herself|himself)"
    # control of her things: "moves her things around", "goes through her phone", "reads her texts"
    r"|\b(?:moves?|moving|goes\s+through|went\s+through|reads?|reading|checks?|checking|took|takes|taking|hides?|hid)\s+"
    r"(?P<p>her|his)\s+(?:things|stuff|phone|texts|messages|post|mail|bank|cards?|passport|keys|money)\b", re.I)


# What the other party does to the one at risk, said with the doer's name: "Tom has the passwords
# to her bank", "Darren 'looks after' her pension card", "Ryan turned up outside her flat".
_ACTOR_VERBS = (r"(?:has|holds|keeps|kept|took|takes|reads|read|checks|checked|controls|controlled|won'?t\s+let|['\u2018]?looks\s+after"
                r"['\u2019]?|hit|hits|pushed|shoved|grabbed|threatened|threatens|follows|followed|turned\s+up|turns\s+up|"
                r"(?:is|'s|has)\s+(?:been\s+)?(?:parked|parking|standing|waiting|texting|messaging|calling)|made\s+(?:her|him)|"
                r"makes\s+(?:her|him)|stands|stood)\b")


def _the_other_of_the_actor(text: str, parties: Sequence[str]) -> Optional[str]:
    """With two parties named, when the message names one of them doing the harm, the other."""
    if len(parties) != 2:
        return None
    doing = [p for p in parties if re.search(rf"\b{re.escape(p)}(?:'s)?\s+(?:\w+\s+)?{_ACTOR_VERBS}", text or "", re.I)]
    return next(p for p in parties if p not in doing) if len(doing) == 1 else None


def person_at_risk(text: str, parties: Sequence[str]) -> Optional[str]:
    """The party at risk, read from who the harm lands on ("hit her", "he'll kill himself",
    "she's scared"), when one party of that gender was named, or as the other of two named
    parties when the message names one doing the harm; else None."""
    match = _AT_RISK_OBJECT.search(text or "")
    word = (match.group("o") or match.group("s") or match.group("r") or match.group("p") or "").lower() if match else ""
    by_pronoun = party_for({"her": "she", "herself": "she", "him": "he", "himself": "he", "his": "he"}.get(word, word) or None,
                           parties)
    if by_pronoun:
        return by_pronoun
    other = _the_other_of_the_actor(text, parties)
    if other or match:
        return other
    # "kerry just showed me a text from him ...": the one who shows or tells of a threat from
    # someone else is the one it was aimed at.
    if re.search(r"\b(?:from|by)\s+(?:him|her)\b|\b(?:his|her)\s+(?:text|message|email|voicemail|note)", text or "", re.I):
        for party in parties:
            if re.search(rf"\b{re.escape(party)}\s+(?:\w+\s+)?(?:showed|shows|told|tells|said|says|disclosed|forwarded|played)\b",
                         text or "", re.I):
                return party
    return None


def other_party(who: Optional[str], parties: Sequence[str]) -> Optional[str]:
    others = [p for p in parties if not who or p.lower() != who.lower()]
    return others[0] if len(others) == 1 or (others and who) else None


def who_and_other(who: Optional[str], parties: Sequence[str]) -> Tuple[Optional[str], Optional[str]]:
    return who, other_party(who, parties) if who else None
