"""Every sentence the assistant generates is worded here, for text and for voice.

Fixed wording lives in domain.yml responses; this module handles wording that depends on
the case: the parties, the issue, the cause recognised and the strategy offered.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from actions.playbook import Cause, Playbook, Strategy
from actions.recommender import Recommendation

DEFAULT_PARTY = "one side"
DEFAULT_ISSUE = "this issue"
MAX_SLOT_CHARS = 60

# Common role nouns that need "the" in front ("husband" -> "the husband").
_ROLE_NOUNS = frozenset("""
husband wife father mother dad mum mom son daughter brother sister ex employer employee
landlord tenant contractor homeowner owner builder seller buyer insurer claimant
plaintiff defendant partner partners company school district board hoa association
neighbour neighbor manager supervisor worker union estate executor trustee beneficiary
hospital doctor patient family parents kids children siblings client customer vendor
supplier developer council church club agency adjuster
""".split())
_DETERMINERS = ("the ", "a ", "an ", "his ", "her ", "their ", "our ", "your ", "its ",
                "both ", "each ", "this ", "that ")

SETTING_WORDS = {"joint": "in joint session", "caucus": "in caucus", "either": "jointly or in caucus"}

BUTTONS_AFTER_STRATEGY = (
    ("Another idea", "/another_strategy"),
    ("Why this?", "/explain_strategy"),
    ("Questions for caucus", "/caucus_questions"),
)
VOICE_FOLLOW_UP = "Want another idea, or the questions for caucus?"


@dataclass(frozen=True)
class Reply:
    """What one bot turn says: text plus optional quick-reply buttons."""

    text: str
    buttons: Sequence[Dict[str, str]] = field(default_factory=tuple)

    def as_kwargs(self) -> Dict:
        kwargs: Dict = {"text": self.text}
        if self.buttons:
            kwargs["buttons"] = list(self.buttons)
        return kwargs


def _buttons(pairs) -> List[Dict[str, str]]:
    return [{"title": title, "payload": payload} for title, payload in pairs]


def _clean(value: Optional[str]) -> str:
    if not value or not isinstance(value, str):
        return ""
    value = re.sub(r"<[^>]*>", "", value)  # never echo markup back into a chat or a page
    value = re.sub(r"[<>{}\[\]`*_~|\\]", "", value)
    value = re.sub(r"\s+", " ", value).strip(" .,;:!?\"'")
    if len(value) > MAX_SLOT_CHARS or not re.search(r"[A-Za-z]", value):
        return ""
    return value


def _second_person(value: str) -> str:
    """An advocate's "my client" is "your client" when the assistant speaks."""
    return re.sub(r"\b(?:my|My)\b", "your", value)


def party_phrase(raw: Optional[str]) -> str:
    """Turn a party as the mediator wrote it into a noun phrase that fits mid-sentence."""
    value = _clean(raw)
    if not value:
        return DEFAULT_PARTY
    value = _second_person(value)
    first, _, rest = value.partition(" ")
    if (value.lower() + " ").startswith(_DETERMINERS):
        return " ".join(filter(None, [first.lower(), rest]))
    if first.lower() in _ROLE_NOUNS:
        return "the " + value.lower()
    return value  # a name: keep its capitals


def issue_phrase(raw: Optional[str]) -> str:
    value = _clean(raw)
    if not value:
        return DEFAULT_ISSUE
    value = _second_person(value)
    first, _, rest = value.partition(" ")
    if (value.lower() + " ").startswith(_DETERMINERS):
        return " ".join(filter(None, [first.lower(), rest]))
    return value


def fill(template: str, party: Optional[str] = None, issue: Optional[str] = None) -> str:
    """Fill {party}/{issue}; empty slots read naturally ("one side", "this issue")."""
    text = template.format(party=party_phrase(party), issue=issue_phrase(issue))
    return text[0].upper() + text[1:] if text else text


def recognised(cause: Cause, party: Optional[str], issue: Optional[str]) -> str:
    return fill(cause.recognised, party, issue)


def strategy_reply(playbook: Playbook, rec: Recommendation, *, party: Optional[str] = None,
                   issue: Optional[str] = None, opening: Optional[str] = None,
                   also: Sequence[str] = (), repeated: bool = False, voice: bool = False) -> Reply:
    """One strategy, with why it fits, how to run it and a reframing question."""
    strategy = rec.strategy
    question = fill(strategy.questions[0], party, issue)
    lead = []
    if opening:
        lead.append(opening)
    if also:
        labels = [playbook.causes[c].label for c in also]
        lead.append("I'm also hearing " + _join(labels) + ", so I've weighed that too.")
    if repeated:
        lead.append("That's every idea I have for this one, so here is the first again.")

    if voice:
        spoken = " ".join(lead + [fill(strategy.spoken, party, issue),
                                  f"You could ask: {question}", VOICE_FOLLOW_UP])
        return Reply(text=spoken)

    steps = "\n".join(f"{i}. {fill(step, party, issue)}" for i, step in enumerate(strategy.how, 1))
    body = (
        f"Try this: {strategy.title} ({SETTING_WORDS[strategy.setting]}).\n"
        f"Why it helps here: {fill(strategy.why[rec.cause], party, issue)}\n"
        f"How to run it:\n{steps}\n"
        f"A question to reframe it: \"{question}\""
    )
    text = "\n\n".join([" ".join(lead), body]) if lead else body
    return Reply(text=text, buttons=_buttons(BUTTONS_AFTER_STRATEGY))


def explain_reply(playbook: Playbook, strategy_id: str, cause_id: str,
                  party: Optional[str], issue: Optional[str], voice: bool = False) -> Reply:
    strategy = playbook.strategies[strategy_id]
    cause = playbook.causes[cause_id]
    reason = fill(strategy.why.get(cause_id) or next(iter(strategy.why.values())), party, issue)
    text = (f"I suggested {strategy.title.lower()} because the impasse looks like "
            f"{cause.label}. {reason}")
    if voice:
        return Reply(text=f"{text} {VOICE_FOLLOW_UP}")
    return Reply(text=text, buttons=_buttons(BUTTONS_AFTER_STRATEGY[:1] + BUTTONS_AFTER_STRATEGY[2:]))


def caucus_reply(playbook: Playbook, cause_id: str, party: Optional[str], issue: Optional[str],
                 voice: bool = False) -> Reply:
    cause = playbook.causes[cause_id]
    questions = [fill(q, party, issue) for q in cause.caucus_questions]
    if voice:
        return Reply(text="In private, you could ask: " + " ".join(questions[:2]) +
                     " Want another idea?")
    listed = "\n".join(f"- {q}" for q in questions)
    return Reply(text=f"Questions to ask in caucus, for {cause.label}:\n{listed}",
                 buttons=_buttons(BUTTONS_AFTER_STRATEGY[:2]))


def safety_reply(playbook: Playbook, voice: bool = False) -> Reply:
    protocol = playbook.safety
    if voice:
        return Reply(text=protocol.spoken + " Tell me when everyone is safe, and we can talk about next steps.")
    steps = "\n".join(f"{i}. {s}" for i, s in enumerate(protocol.steps, 1))
    return Reply(text=f"{protocol.title}. {protocol.intro}\n{steps}\n\n"
                      "When everyone is safe, tell me how you'd like to go on.")


# Causes offered as quick replies when the assistant can't tell why the parties are stuck.
CLARIFY_DEFAULTS = ("impasse_distrust", "impasse_needs_anxiety", "impasse_positional", "impasse_anger")


def clarify_reply(playbook: Playbook, likely: Sequence[str] = (), voice: bool = False) -> Reply:
    """One short question, with the likeliest causes as quick replies."""
    choices: List[str] = [c for c in likely if c in playbook.causes
                          and c not in ("impasse_unspecified", "safety_concern")]
    for cause in CLARIFY_DEFAULTS:
        if len(choices) >= 4:
            break
        if cause not in choices:
            choices.append(cause)
    choices = choices[:4]
    labels = [playbook.causes[c].label for c in choices]
    if voice:
        return Reply(text="What seems to be holding them back? For example " + _join(labels, "or") + "?")
    buttons = [{"title": label[0].upper() + label[1:], "payload": f"/{cid}"}
               for cid, label in zip(choices, labels)]
    return Reply(text="What seems to be holding them back? Pick the closest, or tell me in your own words.",
                 buttons=buttons)


def _join(items: Sequence[str], word: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]
