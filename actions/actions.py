"""Rasa SDK actions: read the tracker, ask the recommender, say it through phrasing.

Actions stay thin on purpose: ranking lives in recommender.py, wording in phrasing.py,
knowledge in playbook.yml.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import phrasing
from actions.playbook import SAFETY_CAUSE, UNSPECIFIED_CAUSE, Playbook, default_playbook
from actions.recommender import assess, recommend

# Channels that speak replies aloud: one short strategy, no buttons or markup.
VOICE_CHANNELS = frozenset({"twilio_voice", "voice", "signed_twilio_voice", "local_voice"})


def _playbook() -> Playbook:
    return default_playbook()


def _is_voice(tracker: Tracker) -> bool:
    return tracker.get_latest_input_channel() in VOICE_CHANNELS


def _say(dispatcher: CollectingDispatcher, reply: phrasing.Reply) -> None:
    dispatcher.utter_message(**reply.as_kwargs())


def _cause_ranking(tracker: Tracker, playbook: Playbook) -> List[Tuple[str, float]]:
    """Causes from the latest message's intent ranking, most confident first."""
    message = tracker.latest_message or {}
    ranking = message.get("intent_ranking") or []
    pairs = [(r.get("name"), float(r.get("confidence") or 0.0)) for r in ranking]
    top = (message.get("intent") or {}).get("name")
    if top in playbook.causes and top not in dict(pairs):
        pairs.insert(0, (top, float((message.get("intent") or {}).get("confidence") or 1.0)))
    return [(c, p) for c, p in pairs if c in playbook.causes]


def _stored_ranking(tracker: Tracker) -> List[Tuple[str, float]]:
    stored = tracker.get_slot("cause_ranking") or {}
    if not isinstance(stored, dict):
        return []
    return sorted(((str(c), float(p)) for c, p in stored.items()), key=lambda cp: -cp[1])


def _entity(tracker: Tracker, name: str) -> Optional[str]:
    return next(tracker.get_latest_entity_values(name), None)


def _case_slots(tracker: Tracker) -> Tuple[Optional[str], Optional[str]]:
    """Party and issue for a new description: taken from that message, so names from an
    earlier dispute never leak into this one. A button click (a "/intent" payload) carries
    no words, so it keeps what the mediator said before."""
    text = (tracker.latest_message or {}).get("text") or ""
    if text.startswith("/"):
        return tracker.get_slot("party"), tracker.get_slot("issue")
    party = _entity(tracker, "party") or _entity(tracker, "PERSON")
    return party, _entity(tracker, "issue")


class ActionSuggestStrategy(Action):
    """Recognise why the parties are stuck and offer the best-fitting strategy."""

    def name(self) -> Text:
        return "action_suggest_strategy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        playbook = _playbook()
        ranking = _cause_ranking(tracker, playbook)
        assessment = assess(playbook, ranking)
        if assessment.primary is None:
            _say(dispatcher, phrasing.clarify_reply(playbook, voice=_is_voice(tracker)))
            return []
        if assessment.safety:
            _say(dispatcher, phrasing.safety_reply(playbook, voice=_is_voice(tracker)))
            return [SlotSet("current_cause", SAFETY_CAUSE), SlotSet("current_strategy", None)]
        if assessment.primary == UNSPECIFIED_CAUSE:
            likely = [c for c, _ in ranking[1:4]]
            _say(dispatcher, phrasing.clarify_reply(playbook, likely, voice=_is_voice(tracker)))
            return []

        party, issue = _case_slots(tracker)
        offered = list(tracker.get_slot("offered_strategies") or [])
        result = recommend(playbook, assessment.causes, offered)
        best = result.first
        opening = phrasing.recognised(playbook.causes[assessment.primary], party, issue)
        also = [c for c in assessment.secondary if c not in (UNSPECIFIED_CAUSE, SAFETY_CAUSE)]
        _say(dispatcher, phrasing.strategy_reply(
            playbook, best, party=party, issue=issue, opening=opening, also=also,
            repeated=result.repeated, voice=_is_voice(tracker)))
        return [
            SlotSet("party", party),
            SlotSet("issue", issue),
            SlotSet("cause_ranking", {c: round(p, 4) for c, p in assessment.causes}),
            SlotSet("current_cause", best.cause),
            SlotSet("current_strategy", best.strategy.id),
            SlotSet("offered_strategies", _offered_after(offered, best.strategy.id, result.repeated)),
        ]


def _offered_after(offered: List[str], strategy_id: str, repeated: bool) -> List[str]:
    """Strategies offered so far; a new round starts once every fitting one was offered."""
    if repeated:
        return [strategy_id]
    return offered + [strategy_id] if strategy_id not in offered else offered


class ActionAnotherStrategy(Action):
    """Offer the next best strategy for the situation already described."""

    def name(self) -> Text:
        return "action_another_strategy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        playbook = _playbook()
        ranking = _stored_ranking(tracker)
        if not ranking:
            dispatcher.utter_message(response="utter_describe_first")
            return []
        offered = list(tracker.get_slot("offered_strategies") or [])
        result = recommend(playbook, ranking, offered)
        best = result.first
        party, issue = tracker.get_slot("party"), tracker.get_slot("issue")
        _say(dispatcher, phrasing.strategy_reply(
            playbook, best, party=party, issue=issue, repeated=result.repeated,
            voice=_is_voice(tracker)))
        return [
            SlotSet("current_cause", best.cause),
            SlotSet("current_strategy", best.strategy.id),
            SlotSet("offered_strategies", _offered_after(offered, best.strategy.id, result.repeated)),
        ]


class ActionExplainStrategy(Action):
    """Explain why the last strategy fits the cause it was offered for."""

    def name(self) -> Text:
        return "action_explain_strategy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        playbook = _playbook()
        strategy, cause = tracker.get_slot("current_strategy"), tracker.get_slot("current_cause")
        if strategy not in playbook.strategies or cause not in playbook.causes:
            dispatcher.utter_message(response="utter_describe_first")
            return []
        _say(dispatcher, phrasing.explain_reply(
            playbook, strategy, cause, tracker.get_slot("party"), tracker.get_slot("issue"),
            voice=_is_voice(tracker)))
        return []


class ActionCaucusQuestions(Action):
    """Questions to ask one party in private, for the cause at hand."""

    def name(self) -> Text:
        return "action_caucus_questions"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        playbook = _playbook()
        cause = tracker.get_slot("current_cause")
        if cause not in playbook.causes:
            cause = UNSPECIFIED_CAUSE
        _say(dispatcher, phrasing.caucus_reply(
            playbook, cause, tracker.get_slot("party"), tracker.get_slot("issue"),
            voice=_is_voice(tracker)))
        return []


class ActionClarifyCause(Action):
    """Ask one short question when the reason for the impasse is unclear."""

    def name(self) -> Text:
        return "action_clarify_cause"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        playbook = _playbook()
        ranking = _cause_ranking(tracker, playbook)
        if assess(playbook, ranking).safety:
            # Even an unsure reading of danger gets the safety protocol, never a guess.
            _say(dispatcher, phrasing.safety_reply(playbook, voice=_is_voice(tracker)))
            return [SlotSet("current_cause", SAFETY_CAUSE), SlotSet("current_strategy", None)]
        likely = [c for c, p in ranking if p >= 0.1][:4]
        _say(dispatcher, phrasing.clarify_reply(playbook, likely, voice=_is_voice(tracker)))
        return [SlotSet("party", _case_slots(tracker)[0] or tracker.get_slot("party")),
                SlotSet("issue", _case_slots(tracker)[1] or tracker.get_slot("issue"))]


class ActionSafetyProtocol(Action):
    """Safety first: pause, separate, check, refer. Never negotiation tactics."""

    def name(self) -> Text:
        return "action_safety_protocol"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        _say(dispatcher, phrasing.safety_reply(_playbook(), voice=_is_voice(tracker)))
        return [SlotSet("current_cause", SAFETY_CAUSE), SlotSet("current_strategy", None)]


class ActionRespondAffirm(Action):
    """A bare "yes": after a strategy it means another idea; otherwise, show what I can do."""

    def name(self) -> Text:
        return "action_respond_affirm"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        if tracker.get_slot("current_strategy"):
            return ActionAnotherStrategy().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_help")
        return []
