"""What the latest message says, folded into the situation the mediator is describing.

The cause ranking the NLU gave it, the people, issue and amounts it names, the role it
reveals ("I'm representing the employer"), and whether it answers the question asked before.
Safety is read apart, before anything else (actions/safety_turns.py). `actions.situation` holds the pure model; this module reads the
Rasa tracker into it and writes it back as slot events.
"""
from __future__ import annotations

from typing import List, NamedTuple, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.playbook import SAFETY_CAUSE, UNSPECIFIED_CAUSE, Playbook
from actions.recommender import decide
from actions.reading.acts import read_correction
from actions.reading.money import read_figures
from actions.reading.issue import read_issue
from actions.reading.people import read_parties, read_role, says_only_who, stuck_party
from actions.situation import Situation
from actions.words import ROLE_NOUNS


def cause_ranking(tracker: Tracker, playbook: Playbook) -> List[Tuple[str, float]]:
    """Causes from the latest message's intent ranking, most confident first."""
    message = tracker.latest_message or {}
    ranking = message.get("intent_ranking") or []
    pairs = [(r.get("name"), float(r.get("confidence") or 0.0)) for r in ranking]
    top = (message.get("intent") or {}).get("name")
    if top in playbook.causes and top not in dict(pairs):
        pairs.insert(0, (top, float((message.get("intent") or {}).get("confidence") or 1.0)))
    return [(c, p) for c, p in pairs if c in playbook.causes]


def stored_ranking(tracker: Tracker) -> List[Tuple[str, float]]:
    stored = tracker.get_slot("cause_ranking") or {}
    if not isinstance(stored, dict):
        return []
    return sorted(((str(c), float(p)) for c, p in stored.items()), key=lambda cp: -cp[1])


def entity(tracker: Tracker, name: str) -> Optional[str]:
    return next(tracker.get_latest_entity_values(name), None)


def entities(tracker: Tracker, name: str) -> List[str]:
    return [str(v) for v in tracker.get_latest_entity_values(name) if v]


class Reading(NamedTuple):
    """The latest message folded into the situation."""

    situation: Situation
    events: List[EventType]  # the role it reveals ("I'm representing the employer")
    only_who: bool  # it only names people ("her brother"): no signal of any cause, danger included


def updated_situation(tracker: Tracker, playbook: Playbook, base: Optional[Situation] = None) -> Reading:
    """The situation with the latest message folded in.

    A button click ("/impasse_distrust") carries no words: it settles the cause. Words are
    added to the description; when they answer the question "is it more A or B?", they
    settle it too. A full description of a dispute between other people, after an answer,
    starts a new situation.
    """
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    situation = base if base is not None else Situation.from_slot(tracker.get_slot("situation"))
    ranking = cause_ranking(tracker, playbook)
    if text.startswith("/"):
        top = (message.get("intent") or {}).get("name")
        if top in playbook.causes and top not in (UNSPECIFIED_CAUSE, SAFETY_CAUSE):
            return Reading(situation.settle(top), [], False)
        return Reading(situation, [], False)
    events: List[EventType] = []
    role = read_role(text)
    if role:
        events += [SlotSet("role", role[0]),
                   SlotSet("represented_party", role[1] or tracker.get_slot("represented_party")
                           if role[0] == "advocate" else None)]
    # Names first (a role spaCy took for a name, "Mum", is read as a role), then roles.
    names = [n for n in entities(tracker, "PERSON") if n.lower() not in ROLE_NOUNS]
    parties = entities(tracker, "party") + names + read_parties(text)
    only_who = says_only_who(text, names)
    if only_who:
        ranking = []  # "the wife": who, not why
    # Safety is read apart (actions/safety): here the safety cause only keeps its share.
    causes_only = [(c, p) for c, p in ranking if c != SAFETY_CAUSE]
    alone = decide(playbook, causes_only).kind if causes_only else None  # this message on its own
    if situation.is_new_dispute(len(text.split()), parties):
        situation = Situation(safety=situation.safety)
    elif situation.answered and alone == "answer":
        situation = situation.moved_on()
    pending = situation.pending
    issue = entity(tracker, "issue") or read_issue(text)
    # A bare name answering "who is holding out?" names the stuck party.
    answered_who = only_who and pending == "thin" and parties
    situation = situation.add(text, ranking, parties, issue, read_figures(text, known=situation.amounts),
                              party=stuck_party(text, parties) or (parties[0] if answered_who else None))
    if pending in ("tell_apart", "clarify") and situation.pending_causes is not None:
        # The answer in words: a cause named ("both r super angry yes", "it's dad's legacy to
        # him") settles it; one of the two ruled out settles the other; else the likelier.
        said = read_correction(text, situation.pending_causes if pending == "tell_apart" else ())
        asked = list(situation.pending_causes)
        if said.named:
            situation = situation.corrected_to(said.named, said.ruled_out)
        elif pending == "tell_apart" and len(asked) == 2 and len(set(said.ruled_out) & set(asked)) == 1:
            situation = situation.corrected_to(next(c for c in asked if c not in said.ruled_out), said.ruled_out)
        elif pending == "tell_apart":
            situation = situation.settle_from_answer(ranking)
    return Reading(situation, events, only_who)


def situation_events(situation: Situation) -> List[EventType]:
    party = situation.party
    return [SlotSet("situation", situation.as_slot()),
            SlotSet("party", party),
            SlotSet("issue", situation.issue),
            SlotSet("parties", list(situation.parties)),
            SlotSet("amounts", [a.as_dict() for a in situation.amounts]),
            SlotSet("money_gap", situation.gap)]
