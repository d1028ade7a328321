"""The situation: one stuck point, described over one or more messages. Pure, no Rasa.

A mediator rarely says everything at once: "the husband won't sign", then "he says she hid
an account in 2019". Each message's cause ranking is folded into the situation, weighted by
how much it says, and the cause is re-recognised from all of it. The situation also keeps
who is involved, what is fought over, the money figures and any open question the assistant
asked ("is it more that ... or that ...?"), so the answer can settle the cause.

It travels in the `situation` slot as a plain dict (`as_slot` / `from_slot`), so a restart
or another replica continues where the last message left off.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from actions.playbook import SAFETY_CAUSE
from actions.words import ROLE_NOUNS

CauseRanking = Sequence[Tuple[str, float]]

# Keep the latest messages of a description, up to this many characters in all.
MAX_DESCRIPTION_CHARS = 4000
MAX_PARTS = 12
MAX_PARTIES = 4
MAX_AMOUNTS = 6
# A description shorter than this many words that says nothing pointing to its likeliest
# cause is too thin to tell why they are stuck ("the husband won't sign", "she refuses"):
# ask one question first. "They're yelling" is short but says it: it gets an answer.
THIN_WORDS = 8
# A message shorter than this still counts, but as if it had this many words.
MIN_WEIGHT_WORDS = 3
# Below this a cause missing from a message's ranking is taken to have this probability.
FLOOR = 5e-3
# A new, fully described dispute after an answer starts a new situation when it names
# other people than this one and is at least this long.
NEW_DISPUTE_WORDS = 12


@dataclass(frozen=True)
class Amount:
    text: str  # as the mediator said it: "$150,000", "5k", "five thousand dollars"
    value: Optional[float]  # 150000.0, or None when it could not be read as a number
    who: Optional[str] = None  # the side it belongs to, when said next to it ("she wants 150k")
    gap: bool = False  # said as a difference ("five thousand apart")

    def as_dict(self) -> Dict:
        return {"text": self.text, "value": self.value, "who": self.who, "gap": self.gap}


@dataclass(frozen=True)
class Situation:
    texts: Tuple[str, ...] = ()
    parts: Tuple[Tuple[int, Tuple[Tuple[str, float], ...]], ...] = ()  # (words, ranking) per message
    parties: Tuple[str, ...] = ()
    # The side the description makes the subject of a stance ("Mary wants...", "the husband
    # won't..."): the one replies speak of. None when nobody is: replies then stay neutral,
    # since naming the wrong person costs more than naming no one.
    party: Optional[str] = None
    issue: Optional[str] = None
    amounts: Tuple[Amount, ...] = ()
    pending: Optional[str] = None  # "thin", "clarify" or "tell_apart": the question asked last
    pending_causes: Tuple[str, ...] = ()
    settled: Optional[str] = None  # a cause the mediator chose or confirmed
    answered: bool = False  # a strategy was offered for it
    safety: bool = False  # a safety concern was raised in it: it stays raised
    thin_asked: bool = False
    screen_asked: bool = False  # a safety screening question was asked: never twice

    # --- the description ---------------------------------------------------------------

    @property
    def words(self) -> int:
        return sum(w for w, _ in self.parts)

    @property
    def text(self) -> str:
        """The description so far, each message its own sentence."""
        return " ".join(t if t[-1:] in ".!?;" else t + "." for t in self.texts if t)

    def add(self, text: str, ranking: CauseRanking, parties: Iterable[str] = (),
            issue: Optional[str] = None, amounts: Iterable[Amount] = (),
            party: Optional[str] = None) -> "Situation":
        """This situation with one more message of the mediator's description."""
        text = " ".join((text or "").split())
        texts = _cap_texts(self.texts + (text,))
        part = (len(text.split()), tuple((c, round(float(p), 4)) for c, p in ranking))
        parts = (self.parts + (part,))[-MAX_PARTS:]
        known = list(self.parties)
        for name in parties:
            if name and name.lower() not in (k.lower() for k in known):
                known.append(name)
        new_amounts = (self.amounts + tuple(amounts))[-MAX_AMOUNTS:]
        return replace(self, texts=texts, parts=parts, parties=tuple(known[:MAX_PARTIES]),
                       party=self.party or party, issue=issue or self.issue, amounts=new_amounts)

    @property
    def other(self) -> Optional[str]:
        """The other side, when the stuck party is known and someone else was named too."""
        if not self.party:
            return None
        return next((p for p in self.parties if p.lower() != self.party.lower()), None)

    def ranking(self) -> List[Tuple[str, float]]:
        """Causes for the whole description, most likely first (a settled cause leads)."""
        pooled = pool([r for _, r in self.parts], [w for w, _ in self.parts])
        if self.settled:
            top = max((p for _, p in pooled), default=0.0)
            pooled = [(self.settled, max(top, 0.5) + 0.01)] + [(c, p) for c, p in pooled if c != self.settled]
        return pooled

    def is_thin(self, cues: Sequence[str]) -> bool:
        """Short, and none of its words point to the likeliest cause (`cues` of that cause)."""
        return not self.settled and self.words < THIN_WORDS and not evidence(self.text, cues, 1)

    # --- questions and answers -----------------------------------------------------------

    def asking(self, kind: str, causes: Sequence[str] = ()) -> "Situation":
        return replace(self, pending=kind, pending_causes=tuple(causes),
                       thin_asked=self.thin_asked or kind == "thin",
                       screen_asked=self.screen_asked or kind == "safety_screen")

    def answered_screen(self) -> "Situation":
        return replace(self, pending=None, pending_causes=())

    def settle(self, cause: str) -> "Situation":
        return replace(self, settled=cause, pending=None, pending_causes=())

    def settle_from_answer(self, ranking: CauseRanking) -> "Situation":
        """The mediator answered "is it more A or B?" in words: the likelier of the two wins."""
        if self.pending != "tell_apart" or len(self.pending_causes) != 2:
            return self
        scores = dict(ranking)
        a, b = self.pending_causes
        return self.settle(a if scores.get(a, 0.0) >= scores.get(b, 0.0) else b)

    def moved_on(self) -> "Situation":
        """After an answer, a message that is clear on its own says where things stand now:
        its reading replaces the earlier one (people, issue, figures and safety stay)."""
        return replace(self, texts=(), parts=(), settled=None, pending=None, pending_causes=(),
                       answered=False)

    def answered_with(self) -> "Situation":
        return replace(self, answered=True, pending=None, pending_causes=())

    def with_safety(self) -> "Situation":
        return replace(self, safety=True, pending=None, pending_causes=())

    def without_safety(self) -> "Situation":
        """Resolved by the mediator: the safety signals in its messages no longer count, and
        what else each message pointed to keeps that message's weight."""
        parts = []
        for words, ranking in self.parts:
            total = sum(p for _, p in ranking)
            rest = [(c, p) for c, p in ranking if c != SAFETY_CAUSE]
            kept = sum(p for _, p in rest)
            scale = total / kept if kept else 0.0
            parts.append((words, tuple((c, round(p * scale, 4)) for c, p in rest)))
        return replace(self, safety=False, parts=tuple(parts))

    def is_new_dispute(self, words: int, parties: Sequence[str]) -> bool:
        """After an answer, a full description naming only other people is another dispute."""
        if not self.answered or words < NEW_DISPUTE_WORDS or not parties or not self.parties:
            return False
        known = {p.lower() for p in self.parties}
        return not any(p.lower() in known for p in parties)

    # --- money ---------------------------------------------------------------------------

    @property
    def gap(self) -> Optional[float]:
        """The money between the two sides: said as a gap, or the last two different figures."""
        for amount in reversed(self.amounts):
            if amount.gap and amount.value is not None:
                return amount.value
        values: List[float] = []
        for amount in reversed(self.amounts):
            if amount.value is not None and not amount.gap and amount.value not in values:
                values.append(amount.value)
            if len(values) == 2:
                return abs(values[0] - values[1])
        return None

    # --- the slot ------------------------------------------------------------------------

    def as_slot(self) -> Dict:
        return {
            "texts": list(self.texts),
            "parts": [[w, [[c, p] for c, p in r]] for w, r in self.parts],
            "parties": list(self.parties),
            "party": self.party,
            "issue": self.issue,
            "amounts": [a.as_dict() for a in self.amounts],
            "pending": self.pending,
            "pending_causes": list(self.pending_causes),
            "settled": self.settled,
            "answered": self.answered,
            "safety": self.safety,
            "thin_asked": self.thin_asked,
            "screen_asked": self.screen_asked,
        }

    @classmethod
    def from_slot(cls, value: object) -> "Situation":
        """A situation from the slot; anything malformed reads as a fresh situation."""
        if not isinstance(value, dict):
            return cls()
        try:
            return cls(
                texts=tuple(str(t) for t in value.get("texts") or ()),
                parts=tuple((int(w), tuple((str(c), float(p)) for c, p in r))
                            for w, r in value.get("parts") or ()),
                parties=tuple(str(p) for p in value.get("parties") or ()),
                party=value.get("party") or None,
                issue=value.get("issue") or None,
                amounts=tuple(Amount(str(a["text"]), None if a.get("value") is None else float(a["value"]),
                                     a.get("who"), bool(a.get("gap")))
                              for a in value.get("amounts") or ()),
                pending=value.get("pending") or None,
                pending_causes=tuple(value.get("pending_causes") or ()),
                settled=value.get("settled") or None,
                answered=bool(value.get("answered")),
                safety=bool(value.get("safety")),
                thin_asked=bool(value.get("thin_asked")),
                screen_asked=bool(value.get("screen_asked")),
            )
        except (TypeError, ValueError, KeyError):
            return cls()


def _cap_texts(texts: Tuple[str, ...]) -> Tuple[str, ...]:
    kept: List[str] = []
    total = 0
    for text in reversed(texts):
        if total + len(text) > MAX_DESCRIPTION_CHARS and kept:
            break
        kept.append(text[-MAX_DESCRIPTION_CHARS:])
        total += len(text)
    return tuple(reversed(kept))


def pool(rankings: Sequence[Sequence[Tuple[str, float]]], words: Sequence[int]) -> List[Tuple[str, float]]:
    """One ranking for several messages: a weighted geometric mean of their probabilities.

    Each message weighs by how many words it has (a one-line aside counts little next to a
    paragraph). A cause has to be plausible in every message to lead, so "won't sign" plus
    "she hid an account before" favours the cause both support. The pooled probabilities
    are rescaled to the messages' average total for causes, so a single message keeps
    exactly its own confidences. A message with no ranking (one that only named people)
    is left out.
    """
    kept = [(r, w) for r, w in zip(rankings, words) if r]  # a message that only said who adds nothing
    if not kept:
        return []
    rankings = [r for r, _ in kept]
    weights = [max(w, MIN_WEIGHT_WORDS) for _, w in kept]
    total_weight = float(sum(weights))
    causes = sorted({c for r in rankings for c, _ in r})
    if len(rankings) == 1:
        return sorted(((c, float(p)) for c, p in rankings[0]), key=lambda cp: -cp[1])
    logs = {c: 0.0 for c in causes}
    mass = 0.0
    for ranking, weight in zip(rankings, weights):
        probs = dict(ranking)
        mass += weight * sum(probs.values())
        for c in causes:
            logs[c] += weight * math.log(max(probs.get(c, 0.0), FLOOR))
    geometric = {c: math.exp(v / total_weight) for c, v in logs.items()}
    scale = (mass / total_weight) / (sum(geometric.values()) or 1.0)
    return sorted(((c, round(p * scale, 4)) for c, p in geometric.items()), key=lambda cp: -cp[1])


# --- reading the description ---------------------------------------------------------

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
_NOT_A_PARTY = frozenset({"estate", "school", "hospital", "church", "club", "family", "kids", "children"})


def read_parties(text: str) -> List[str]:
    """People named by role in a description ("the husband", "her brother" -> "the brother")."""
    found: List[str] = []
    for match in _PARTY.finditer(text or ""):
        role = match.group("role").lower()
        if role in ROLE_NOUNS and role not in _NOT_A_PARTY and f"the {role}" not in found:
            found.append(f"the {role}")
    return found


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
        return word if noun in ROLE_NOUNS and noun not in _NOT_A_PARTY else None
    if lower in ("he", "she", "they", "we", "i"):
        return word
    if word[:1].isupper() and lower in _ISSUE_STOP | {"honestly", "maybe", "basically", "so", "um", "well"}:
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


_ISSUE = re.compile(
    r"\b(?:over|about|from|split|divide|dividing|keep|keeps|sell|selling|sale of|return|returning|"
    r"refund|refunding|withhold|withheld|withholding|holding back|hold back|holds back)\s+"
    r"(?P<det>the|his|her|their|our|my|mom's|mum's|dad's|grandma's|grandpa's|[A-Z][a-z]+'s)\s+"
    r"(?:(?:whole|full|entire|remaining)\s+)?(?:[$£€]?\d[\d,]*(?:\.\d+)?k?\s+)?"
    r"(?P<issue>[a-z]+(?:[- ][a-z]+){0,2})\b")
_ISSUE_STOP = frozenset("""
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
            if word.lower() in _ISSUE_STOP:
                break
            kept.append(word)
        issue = " ".join(kept)
        if len(kept) > 1 and kept[-1].lower() not in _NOT_AN_ISSUE and len(issue) <= 40:
            return issue
    return None


# --- what pointed to the cause ----------------------------------------------------------

_CLAUSE = re.compile(r"(?<=[.!?;:])\s+|\s+[-–—]\s+|,\s+(?=(?:but|and|so|because|although|though|while)\b)")
MAX_QUOTE_WORDS = 16


def evidence(text: str, cues: Sequence[str], limit: int = 2) -> List[str]:
    """Up to `limit` short passages of the mediator's own words that contain a cue for the
    cause, most cue-dense first, each cut to at most MAX_QUOTE_WORDS words around the cue."""
    scored = []
    for position, clause in enumerate(_CLAUSE.split(text or "")):
        lowered = clause.lower()
        hits = [c for c in cues if re.search(r"\b" + re.escape(c), lowered)]
        if not hits:
            continue
        words = clause.split()
        quote = clause.strip(" ,;:.")
        if len(words) > MAX_QUOTE_WORDS:
            first = next(i for i, w in enumerate(words)
                         if any(re.search(r"\b" + re.escape(c.split()[0]), w.lower()) for c in hits))
            start = max(0, min(first - MAX_QUOTE_WORDS // 2, len(words) - MAX_QUOTE_WORDS))
            cut = " ".join(words[start: start + MAX_QUOTE_WORDS]).strip(" ,;:.")
            # The dots say the quote is cut (they used to be stripped off again).
            quote = ("..." if start else "") + cut + ("..." if start + MAX_QUOTE_WORDS < len(words) else "")
        scored.append((-len(hits), position, quote))
    scored.sort()
    return [quote for _, _, quote in scored[:limit]]
