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

CauseRanking = Sequence[Tuple[str, float]]

# Keep the latest messages of a description, up to this many characters in all.
MAX_DESCRIPTION_CHARS = 4000
MAX_PARTS = 12
MAX_PARTIES = 4
MAX_AMOUNTS = 24
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
    # offer, demand, value, cost, loss, income, saving, debt, split, gap or other
    # (actions/reading/money.py); "money", "split" (60 for "60/40") or "percent" (30 for "30%")
    role: str = "other"
    kind: str = "money"
    unsure: bool = False  # the mediator said they don't know who put it forward: never paired

    def as_dict(self) -> Dict:
        return {"text": self.text, "value": self.value, "who": self.who, "gap": self.gap,
                "role": self.role, "kind": self.kind, "unsure": self.unsure}

    @classmethod
    def from_dict(cls, value: Dict) -> "Amount":
        return cls(str(value["text"]), None if value.get("value") is None else float(value["value"]),
                   value.get("who"), bool(value.get("gap")), str(value.get("role") or "other"),
                   str(value.get("kind") or "money"), bool(value.get("unsure")))


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
    corrected: bool = False  # the mediator corrected the reading: it stands for the situation
    ruled_out: Tuple[str, ...] = ()  # causes the mediator said it is not: never offered again
    answered: bool = False  # a strategy was offered for it
    safety: bool = False  # a safety concern was raised in it: it stays raised
    thin_asked: bool = False
    screen_asked: bool = False  # a safety screening question was asked
    screens: Tuple[str, ...] = ()  # which ones ("physical_or_winning", ...): the same one never twice

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
        pooled = [(c, p) for c, p in pool([r for _, r in self.parts], [w for w, _ in self.parts])
                  if c not in self.ruled_out]
        if self.settled:
            top = max((p for _, p in pooled), default=0.0)
            pooled = [(self.settled, max(top, 0.5) + 0.01)] + [(c, p) for c, p in pooled if c != self.settled]
        return pooled

    def is_thin(self, cues: Sequence[str]) -> bool:
        """Short, and none of its words point to the likeliest cause (`cues` of that cause)."""
        return not self.settled and self.words < THIN_WORDS and not evidence(self.text, cues, 1)

    # --- questions and answers -----------------------------------------------------------

    def asking(self, kind: str, causes: Sequence[str] = ()) -> "Situation":
        screens = self.screens + (str(causes[0]),) if kind == "safety_screen" and causes else self.screens
        return replace(self, pending=kind, pending_causes=tuple(causes),
                       thin_asked=self.thin_asked or kind == "thin",
                       screen_asked=self.screen_asked or kind == "safety_screen", screens=screens)

    def answered_screen(self) -> "Situation":
        return replace(self, pending=None, pending_causes=())

    def settle(self, cause: str) -> "Situation":
        return replace(self, settled=cause, pending=None, pending_causes=())

    def corrected_to(self, cause: Optional[str], ruled_out: Sequence[str] = ()) -> "Situation":
        """The mediator's correction: `cause` stands for the rest of the situation (later
        messages add to it, never replace it) and `ruled_out` never comes back."""
        ruled = tuple(dict.fromkeys(tuple(self.ruled_out) + tuple(c for c in ruled_out if c != cause)))
        settled = cause or (self.settled if self.settled not in ruled else None)
        return replace(self, settled=settled, corrected=bool(settled) or self.corrected, ruled_out=ruled,
                       pending=None, pending_causes=(), answered=False)

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
        if self.corrected:  # a correction stands: the new message adds to the situation
            return replace(self, answered=False, pending=None, pending_causes=())
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
        """The money between the two sides' standing offer and demand, or a gap said as such;
        None when no two opposing positions are known (actions/reading/ledger.py)."""
        from actions.reading.ledger import Ledger
        return Ledger.of(self.amounts).gap()

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
            "screens": list(self.screens),
            "corrected": self.corrected,
            "ruled_out": list(self.ruled_out),
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
                amounts=tuple(Amount.from_dict(a) for a in value.get("amounts") or ()),
                pending=value.get("pending") or None,
                pending_causes=tuple(value.get("pending_causes") or ()),
                settled=value.get("settled") or None,
                answered=bool(value.get("answered")),
                safety=bool(value.get("safety")),
                thin_asked=bool(value.get("thin_asked")),
                screen_asked=bool(value.get("screen_asked")),
                screens=tuple(str(k) for k in value.get("screens") or ()),
                corrected=bool(value.get("corrected")),
                ruled_out=tuple(str(c) for c in value.get("ruled_out") or ()),
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
