"""Who is speaking and who is involved: the role ("I'm representing the wife"), the people
named by role, a message that only names people, and the side a description makes the
subject of a stance ("the husband won't sign"). Pure, no Rasa.
"""
from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from actions.words import ROLE_NOUNS

_ADVOCATE = re.compile(
    r"\b(?:i\s*(?:'|’)?\s*m|i am|we\s*(?:'|’)?\s*re|we are)\s+(?:here\s+)?(?:representing|acting for|"
    r"(?:the\s+)?(?:lawyer|attorney|solicitor|advocate|counsel)\s+for|counsel to)\s+(?P<who>[^,.;:!?()]{2,60})"
    r"|\b(?:i|we)\s+(?:represent|act for)\s+(?P<who2>[^,.;:!?()]{2,60})", re.I)
_MY_CLIENT = re.compile(r"\b(?:my|our)\s+clients?\b(?:\s+is|,)?\s*(?P<who>(?:the|a)\s+[a-z]+)?", re.I)
_MEDIATOR = re.compile(r"\b(?:i\s*(?:'|’)?\s*m|i am)\s+(?:the|a|their)\s+(?:co-?)?mediator\b", re.I)
_WHO_STOP = re.compile(r"\s+(?:and|but|who|which|in|on|at|here|today|so|because|that|with|,)\b.*$", re.I)


def read_role(text: str) -> Optional[Tuple[str, Optional[str]]]:
    """("advocate", who) or ("mediator", None) when the message says who is speaking."""
    if not text:
        return None
    match = _ADVOCATE.search(text)
    if match:
        who = _WHO_STOP.sub("", (match.group("who") or match.group("who2") or "").strip())
        words = who.split()
        return "advocate", " ".join(words[:5]) if words else None
    if _MEDIATOR.search(text):
        return "mediator", None
    client = _MY_CLIENT.search(text)
    if client:
        who = client.group("who")
        return "advocate", who if who and who.split()[-1].lower() in ROLE_NOUNS else None
    return None


# Common role nouns: "husband" is a party as "the husband", and a phrase needs "the" in front.
# A role followed by a name ("her brother Tom") is that person: the name stands for them.
_PARTY = re.compile(r"\b(?:the|her|his|their)\s+(?P<role>(?:ex-?)?[a-z]+)\b(?!,?\s+(?-i:[A-Z][a-z]+))", re.I)
# Not parties even when named as such: what they fight over, or who decides.
NOT_A_PARTY = frozenset({"estate", "school", "hospital", "church", "club", "family", "kids", "children"})


def read_parties(text: str) -> List[str]:
    """People named by role in a description ("the husband", "her brother" -> "the brother")."""
    found: List[str] = []
    for match in _PARTY.finditer(text or ""):
        role = match.group("role").lower()
        if role in ROLE_NOUNS and role not in NOT_A_PARTY and f"the {role}" not in found:
            found.append(f"the {role}")
    return found


# Two people named as the sides: "Tom and Hannah", "mr hale and mrs obi", "Leanne v Craig".
_NAME = r"(?:(?:[Mm](?:r|rs|s)|Miss|Dr)\.?\s+[A-Za-z][a-z'-]+|(?-i:[A-Z][a-z'-]{2,}))"
_PAIR = re.compile(rf"\b(?P<a>{_NAME})\s+(?:and|&|v|vs\.?|versus)\s+(?P<b>{_NAME})\b")
_NOT_NAMES = frozenset({"The", "She", "He", "They", "His", "Her", "Their", "And", "But", "Then", "Both", "Mum", "Dad",
                        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Christmas",
                        "Easter", "January", "February", "March", "April", "May", "June", "July", "August",
                        "September", "October", "November", "December", "HR", "I"})


def named_pair(text: str) -> List[str]:
    """The two sides when a description names them as a pair ("Tom and Hannah"), else []."""
    for match in _PAIR.finditer(text or ""):
        pair = [" ".join(w[:1].upper() + w[1:] for w in n.split()) for n in (match.group("a"), match.group("b"))]
        if not any(p in _NOT_NAMES for p in pair) and pair[0].lower() != pair[1].lower():
            return pair
    return []


# Words of a message that only says who: pronouns, articles, fillers, "side", "client".
_ONLY_WHO = frozenset("""
he she they him her them his hers their theirs we us our i me my you your it's its that's
the a an both each either and or um uh er so well mostly mainly probably just really
side sides party parties other client clients one
""".split())
MAX_WHO_WORDS = 8


def says_only_who(text: str, names: Sequence[str] = ()) -> bool:
    """A message that only names people ("the wife", "her brother", "Tom, mostly"): none of
    its words can point to why anyone is stuck, so what the classifier reads into it (often a
    safety concern, from the pronouns of the safety examples) means nothing."""
    words = [w.lower() for w in re.findall(r"[A-Za-z']+", (text or "").replace("\u2019", "'"))]
    if not words or len(words) > MAX_WHO_WORDS:
        return False
    named = {w.lower() for name in names for w in name.split()}
    return all(w in _ONLY_WHO or w in named or w in ROLE_NOUNS or w.rstrip("s") in ROLE_NOUNS
               for w in words)


# What makes someone the subject of a stance: "won't", "wants", "insists", "is convinced", ...
_STANCE = re.compile(
    r"\s*(?:(?:just|still|now|really|also|even|simply|flatly|basically|absolutely)\s+)?"
    r"(?:won'?t|will not|would not|wouldn'?t|refuses?|refused|wants?|wanted|insists?|insisted|says|said|"
    r"thinks|believes|is|was|keeps|kept|can'?t|cannot|doesn'?t|does not|didn'?t|isn'?t|feels|fears|"
    r"demands|needs|has|had|digs|dug|blames|accuses|claims)\b", re.I)


def stuck_party(text: str, candidates: Sequence[str]) -> Optional[str]:
    """Of the people named, the first the text makes the subject of a stance ("Mary wants to
    stay", "the husband won't sign", "her brother insists"); None when nobody is."""
    text = (text or "").replace("\u2019", "'")
    best: Optional[Tuple[int, str]] = None
    for candidate in candidates:
        words = candidate.split()
        if words and words[0].lower() == "the" and len(words) > 1:
            pattern = r"\b(?:the|her|his|their|my|our|your)\s+" + re.escape(" ".join(words[1:])) + r"\b"
        else:
            pattern = r"\b" + re.escape(candidate) + r"\b"
        for match in re.finditer(pattern, text, re.I):
            if _STANCE.match(text, match.end()) and (best is None or match.start() < best[0]):
                best = (match.start(), candidate)
                break
    return best[1] if best else None
