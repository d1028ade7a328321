"""Rasa SDK actions: read the tracker, ask the recommender, say it through phrasing.

Actions stay thin on purpose: reading a message into the situation lives in reading.py,
when to answer and which strategy in recommender.py, every sentence in phrasing.py, the
knowledge in playbook.yml, and case memory in store/. What is here is the order of things
per intent. What the mediator asks of the case store goes through `_from_case` (they hear it
plainly when the store is down); the background reads and writes (outcomes, offers, the
safety mark) go through `_in_background`: they only log, and suggestions carry on.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Callable, List, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

import settings
from actions import money_talk, phrasing, reading, store, talk
from actions.hearing import hears_the_act_first, plain_act
from actions.reading.acts import act_of, frustrated, is_agreement, is_task, split_notes
from actions.reading.kind import default_kinds
from actions.notes import case_question, draft_note, redact_names
from actions.playbook import SAFETY_CAUSE, UNSPECIFIED_CAUSE, WORKSHEET_KEYS, Playbook, default_playbook
from actions.recommender import Decision, Recommendation, assess, decide, recommend
from actions.safety import foreign_danger, replies
from actions.safety import read as read_safety
from actions.safety.protocols import default_protocols
from actions.safety.state import CaseSafety
from actions.safety_turns import (asks_joint_session, case_safety, in_background, is_voice, needs_safety_reading,
                                  reads_safety_first, refuse_joint, safety_turn, say)
from actions.situation import Situation, evidence

logger = logging.getLogger(__name__)

# Channels that speak replies aloud: one short strategy, no buttons or markup.
def _playbook() -> Playbook:
    return default_playbook()


# One definition of the voice channels and of saying a reply, shared with the safety actions.
_is_voice, _say = is_voice, say


class ActionSuggestStrategy(Action):
    """Fold the message into the situation, hear safety first (safety_turns.py), then
    re-recognise the cause from all of it and answer: a strategy when the cause is clear,
    else one question (see `decide`)."""

    # Set when another action hands over a message it found to be a description after all:
    # it is read as one, never handed back (no loop between the two).
    as_description: bool = False

    def name(self) -> Text:
        return "action_suggest_strategy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        playbook = _playbook()
        text = (tracker.latest_message or {}).get("text") or ""
        handed = None if self.as_description else _plain_act(dispatcher, tracker, domain, text)
        if handed is not None:
            return handed
        read = reading.updated_situation(tracker, playbook)
        situation, events = read.situation, read.events
        turn = safety_turn(dispatcher, tracker, playbook, situation, text, only_who=read.only_who)
        if turn.events is not None:
            return events + reading.situation_events(situation) + turn.events
        lead = " ".join(filter(None, [talk.VENT_SHORT if frustrated(text) else "", turn.lead]))  # a word first
        return events + _ordinary(dispatcher, tracker, playbook, turn.situation or situation, turn.record, lead,
                                  events=events)


NOTE_KINDS_OF_INTENT = ("note_gain", "note_parked", "note_homework", "note_experiment")


def _plain_act(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
               text: str, act: Optional[str] = None) -> Optional[List[EventType]]:
    """A message read as an impasse whose words plainly do something else (a note said in
    passing, feedback or "why X?" right after a suggestion, a correction, "new situation"):
    handed to the action for that act. Safety always comes first."""
    if needs_safety_reading(tracker, text) or asks_joint_session(text):
        return None  # safety, and a joint session asked for, are the safety reading's to answer
    situation = Situation.from_slot(tracker.get_slot("situation"))
    act = act or plain_act(tracker, text)  # read already by the caller when it handed the message on
    if act is None and text.rstrip().endswith("?") and _answers_a_practice_question(tracker):
        act = "practice_question"  # a question the practice notes clearly answer, whatever its wording
    if act == "money_question":
        from actions.conversation import answer_money
        return answer_money(dispatcher, tracker)
    if act is None and situation.answered:
        from actions.conversation import note_money_move
        moved = note_money_move(dispatcher, tracker, situation, text)
        if moved is not None:
            return moved  # "insurer now at 17.5k": a move noted, the strategy stands
    if act is None:
        return None
    if act == "chitchat":
        if frustrated(text):  # "ok thanks. heavy one this": a word for the mediator, not small talk
            from actions.conversation import ActionVent
            return ActionVent().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_chitchat")
        return []
    if act == "ask_notes":
        return ActionAnswerCaseQuestion().run(dispatcher, tracker, domain)
    if act in ("practice_question", "amend_note", "remove_note"):
        from actions import conversation as acts_module
        chosen = {"practice_question": acts_module.ActionPracticeQuestion, "amend_note": acts_module.ActionAmendNote,
                  "remove_note": acts_module.ActionRemoveNote}[act]
        return chosen().run(dispatcher, tracker, domain)
    if act == "caucus_questions":
        return ActionCaucusQuestions().run(dispatcher, tracker, domain)
    if act == "another_idea":
        return ActionAnotherStrategy().run(dispatcher, tracker, domain)
    if act == "new_case":
        return ActionNewCase().run(dispatcher, tracker, domain)
    if act == "export":
        return ActionExportCase().run(dispatcher, tracker, domain)
    if act in NOTE_KINDS_OF_INTENT:
        action: Action = ActionSaveNote()
        action.intent = act
    elif act in ("feedback_worked", "feedback_failed"):
        action = ActionRecordOutcome()
        action.intent = act
    else:
        from actions.conversation import ActionCorrectReading
        action = {"why_this": ActionExplainStrategy, "correct": ActionCorrectReading,
                  "new_situation": ActionNewSituation}[act]()
    return action.run(dispatcher, tracker, domain)


# Acts another action may hand a message to when the NLU read it as "another idea", "why this?"
# or "questions for caucus" ("do i tell him why we're stopping" is a practice question).
HANDED_ACTS = frozenset({"practice_question", "money_question", "ask_notes", "amend_note", "remove_note",
                         "note_gain", "note_parked", "note_homework", "note_experiment", "new_situation"})


def handed_elsewhere(dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> Optional[List[EventType]]:
    """The message plainly does one of HANDED_ACTS: its action's reply, else None."""
    text = tracker.latest_message.get("text") or ""
    if act_of(text, after_strategy=False, after_question=False) not in HANDED_ACTS:
        return None
    return _plain_act(dispatcher, tracker, domain, text)


def safety_first(dispatcher: CollectingDispatcher, tracker: Tracker,
                 domain: DomainDict) -> Optional[List[EventType]]:
    """A safety signal in a message the NLU read as another act goes through the safety
    reading first; None when there is none."""
    if needs_safety_reading(tracker, tracker.latest_message.get("text") or ""):
        return ActionSuggestStrategy().run(dispatcher, tracker, domain)
    return None


def describe_first(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
    """Nothing described yet: the message's own act if it has one, else ask for the impasse."""
    handed = handed_elsewhere(dispatcher, tracker, domain)
    if handed is not None:
        return handed
    dispatcher.utter_message(response="utter_describe_first")
    return []


def _answers_a_practice_question(tracker: Tracker) -> bool:
    from actions.conversation import practice_decision
    return practice_decision(tracker).kind == "answer"


def suggest_for(dispatcher: CollectingDispatcher, tracker: Tracker, situation: Situation,
                lead: str = "", add_latest: bool = False) -> List[EventType]:
    """The ordinary answer for `situation` (after a screening question was answered); with
    `add_latest`, the latest message is read into it first, as any description is."""
    playbook = _playbook()
    events: List[EventType] = []
    if add_latest:
        read = reading.updated_situation(tracker, playbook, base=situation)
        situation, events = read.situation, read.events
        text = (tracker.latest_message or {}).get("text") or ""
        turn = safety_turn(dispatcher, tracker, playbook, situation, text, screened_now=True)
        if turn.events is not None:
            return events + reading.situation_events(situation) + turn.events
        record, situation = turn.record, turn.situation or situation
        lead = " ".join(filter(None, [lead, turn.lead]))
    else:
        record = case_safety(tracker)
    return events + _ordinary(dispatcher, tracker, playbook, situation, record, lead, events)


def _ordinary(dispatcher: CollectingDispatcher, tracker: Tracker, playbook: Playbook,
              situation: Situation, record: CaseSafety, lead: str = "",
              events: Sequence[EventType] = ()) -> List[EventType]:
    """A strategy, or one question, for the situation. While a concern is open only the
    separate-room options come; while the case is shuttle only, no joint-session step."""
    voice = _is_voice(tracker)
    if situation.safety or record.state == "open":
        return _safe_option(dispatcher, tracker, playbook, situation.with_safety(), record)
    ranking = [(c, p) for c, p in situation.ranking() if c != SAFETY_CAUSE]
    decision = (Decision("answer", (situation.settled,)) if situation.settled
                else decide(playbook, ranking))
    party = situation.party
    top = ranking[0][0] if ranking else UNSPECIFIED_CAUSE
    cues = playbook.causes[top].cues if top in playbook.causes else ()
    if situation.is_thin(cues) and not situation.thin_asked:
        _say(dispatcher, _led(lead, phrasing.thin_reply(party, voice=voice)))
        return reading.situation_events(situation.asking("thin"))
    if decision.kind == "clarify":
        _say(dispatcher, _led(lead, phrasing.clarify_reply(playbook, decision.causes, voice=voice,
                                                             ruled_out=situation.ruled_out)))
        return reading.situation_events(situation.asking("clarify", decision.causes))
    if decision.kind == "discriminate":
        _say(dispatcher, _led(lead, phrasing.tell_apart_reply(playbook, decision.causes, party, voice=voice)))
        return reading.situation_events(situation.asking("tell_apart", decision.causes))

    assessment = assess(playbook, ranking)
    causes = [(c, p) for c, p in assessment.causes if c not in (UNSPECIFIED_CAUSE, SAFETY_CAUSE)]
    primary = causes[0][0]
    offered = list(tracker.get_slot("offered_strategies") or [])
    kinds = default_kinds()
    # A strategy the facts make a poor first idea (a trial when one side wants a clean break) waits.
    held_back = [s for s in kinds.poor_first(situation.texts) if not offered]
    result = recommend(playbook, causes, offered + held_back, _outcomes(tracker), boost=_boost(playbook, situation),
                       allowed=_allowed(playbook, record))
    if result.repeated and held_back:  # nothing else fits: the held-back idea after all
        result = recommend(playbook, causes, offered, _outcomes(tracker), boost=_boost(playbook, situation),
                           allowed=_allowed(playbook, record))
    best = result.first
    opening = phrasing.recognised(playbook.causes[primary], party, situation.issue)
    screening = (phrasing.screening_text(playbook)
                 if any(c in playbook.safety.screen_for for c, _ in causes) and not record.screened_clear else "")
    also = [c for c, _ in causes[1:]]
    _say(dispatcher, _with_role(tracker, best, phrasing.strategy_reply(
        playbook, best.strategy, best.cause, party=party, issue=situation.issue, opening=opening, also=also,
        repeated=result.repeated, voice=voice, turn=len(offered),
        money_line=_money_line(situation), other=situation.other, before=screening,
        preface="\n\n".join(filter(None, [lead, _shuttle_line(record)])), apart=record.stands,
        kind_step=kinds.step(best.strategy.id, kinds.kind_of(situation.texts))), events))
    _remember_offer(tracker, best)
    return reading.situation_events(situation.answered_with()) + [
        SlotSet("cause_ranking", {c: round(p, 4) for c, p in causes}),
        SlotSet("current_cause", best.cause),
        SlotSet("current_strategy", best.strategy.id),
        SlotSet("offered_strategies", _offered_after(offered, best.strategy.id, result.repeated)),
    ]


def _led(lead: str, reply: phrasing.Reply) -> phrasing.Reply:
    return phrasing.Reply(text=f"{lead}\n\n{reply.text}", buttons=reply.buttons) if lead else reply


def _allowed(playbook: Playbook, record: CaseSafety) -> Optional[List[str]]:
    """While separate rooms stand for the case, no strategy that needs a joint session."""
    if not record.stands:
        return None
    return [sid for sid, s in playbook.strategies.items() if s.setting != "joint"]


def _shuttle_line(record: CaseSafety) -> str:
    return replies.shuttle_line(default_protocols()) if record.state == "shuttle_only" else ""


def _boost(playbook: Playbook, situation: Situation):
    """With a money gap on the table, the tools made for a gap come first more often."""
    return playbook.gap_tools if situation.gap is not None else None


def _money_line(situation: Situation) -> str:
    return money_talk.money_line(situation.amounts)


def _safe_option(dispatcher: CollectingDispatcher, tracker: Tracker, playbook: Playbook,
                 situation: Situation, record: Optional[CaseSafety] = None) -> List[EventType]:
    """While a safety concern is open: the playbook's safe options in their order (shuttle or
    ending safely, separate rooms, what the person at risk needs), each with why it helps
    under the concern and what to ask, whatever the cause of the impasse."""
    safety = playbook.safety
    record = record or case_safety(tracker)
    offered = list(tracker.get_slot("offered_strategies") or [])
    fresh = [sid for sid in safety.safe_strategies if sid not in offered]
    chosen = Recommendation(playbook.strategies[(fresh or safety.safe_strategies)[0]], SAFETY_CAUSE, 1.0)
    label = default_protocols().get(record.risk).label if record.risk else "a safety concern"
    opening = safety.reminder.replace("Safety still comes first in this case",
                                      f"Safety still comes first in this case ({label})")
    _say(dispatcher, phrasing.strategy_reply(
        playbook, chosen.strategy, SAFETY_CAUSE, party=record.who or situation.party, issue=situation.issue,
        opening=opening, repeated=not fresh, voice=_is_voice(tracker),
        safe=safety.safe_options[chosen.strategy.id]))
    _remember_offer(tracker, chosen)
    return reading.situation_events(situation) + [
        SlotSet("current_cause", SAFETY_CAUSE), SlotSet("current_strategy", chosen.strategy.id),
        SlotSet("offered_strategies", _offered_after(offered, chosen.strategy.id, not fresh))]


def _outcomes(tracker: Tracker):
    """This mediator's recorded outcomes; without the case store, rank by the playbook alone."""
    return in_background(lambda db: db.outcome_counts(tracker.sender_id),
                          "ranking without recorded outcomes")


def _remember_offer(tracker: Tracker, rec: Recommendation) -> None:
    in_background(lambda db: db.record_offer(tracker.sender_id, rec.cause, rec.strategy.id),
                   "offer not recorded")


def _with_role(tracker: Tracker, rec: Recommendation, reply: phrasing.Reply,
               events: Sequence[EventType] = ()) -> phrasing.Reply:
    """An advocate also hears what they can do with their own client (a role said in this
    very message counts already)."""
    slots = {"role": tracker.get_slot("role"), "represented_party": tracker.get_slot("represented_party")}
    slots.update({e["name"]: e["value"] for e in events if e.get("event") == "slot"})
    if slots["role"] != "advocate" or _is_voice(tracker):
        return reply
    line = phrasing.advocate_line(rec.strategy, slots["represented_party"])
    return phrasing.Reply(text=f"{reply.text}\n\n{line}", buttons=reply.buttons)


def _offered_after(offered: List[str], strategy_id: str, repeated: bool) -> List[str]:
    """Strategies offered so far; a new round starts once every fitting one was offered."""
    if repeated:
        return [strategy_id]
    return offered + [strategy_id] if strategy_id not in offered else offered


@hears_the_act_first("another_idea")
class ActionAnotherStrategy(Action):
    """Offer the next best strategy for the situation already described."""

    def name(self) -> Text:
        return "action_another_strategy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        playbook = _playbook()
        situation = Situation.from_slot(tracker.get_slot("situation"))
        record = case_safety(tracker)
        if situation.safety or record.state == "open":
            return _safe_option(dispatcher, tracker, playbook, situation, record)
        first = safety_first(dispatcher, tracker, domain)
        if first is not None:
            return first
        handed = handed_elsewhere(dispatcher, tracker, domain)
        if handed is not None:
            return handed
        ranking = reading.stored_ranking(tracker)
        if not ranking and situation.parts:  # "another idea" right after a question: the best reading so far
            ranking = [(c, p) for c, p in situation.ranking() if c not in (SAFETY_CAUSE, UNSPECIFIED_CAUSE)][:3]
        if not ranking:
            return describe_first(dispatcher, tracker, domain)
        offered = list(tracker.get_slot("offered_strategies") or [])
        result = recommend(playbook, ranking, offered, _outcomes(tracker), boost=_boost(playbook, situation),
                           allowed=_allowed(playbook, record))
        best = result.first
        party, issue = tracker.get_slot("party"), tracker.get_slot("issue")
        _say(dispatcher, _with_role(tracker, best, phrasing.strategy_reply(
            playbook, best.strategy, best.cause, party=party, issue=issue, repeated=result.repeated,
            voice=_is_voice(tracker), turn=len(offered), preface=_shuttle_line(record), apart=record.stands)))
        _remember_offer(tracker, best)
        return [
            SlotSet("current_cause", best.cause),
            SlotSet("current_strategy", best.strategy.id),
            SlotSet("offered_strategies", _offered_after(offered, best.strategy.id, result.repeated)),
        ]


@reads_safety_first
class ActionDescribeFirst(Action):
    """"Another idea" or "why this?" before anything was described: the message's own act if
    it plainly has one, else a request for the impasse."""

    def name(self) -> Text:
        return "action_describe_first"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        return describe_first(dispatcher, tracker, domain)


@hears_the_act_first("why_this")
class ActionExplainStrategy(Action):
    """Explain why the last strategy fits the cause it was offered for."""

    def name(self) -> Text:
        return "action_explain_strategy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        first = safety_first(dispatcher, tracker, domain)
        if first is not None:
            return first
        handed = handed_elsewhere(dispatcher, tracker, domain)
        if handed is not None:
            return handed  # "do i tell him why we're stopping?" is a question, not "why this?"
        playbook = _playbook()
        strategy, cause = tracker.get_slot("current_strategy"), tracker.get_slot("current_cause")
        named = phrasing.strategy_named(tracker.latest_message.get("text") or "", playbook)
        if named and named != strategy:  # "why future tho", "why would asking what each would offer help?"
            _say(dispatcher, phrasing.why_named_reply(playbook, named, cause if cause in playbook.causes else None,
                                                      tracker.get_slot("party"), tracker.get_slot("issue"),
                                                      voice=_is_voice(tracker)))
            return []
        if strategy not in playbook.strategies or cause not in playbook.causes:
            return describe_first(dispatcher, tracker, domain)
        text = Situation.from_slot(tracker.get_slot("situation")).text
        _say(dispatcher, phrasing.explain_reply(
            playbook, strategy, cause, tracker.get_slot("party"), tracker.get_slot("issue"),
            quotes=evidence(text, playbook.causes[cause].cues), voice=_is_voice(tracker)))
        return []


@hears_the_act_first("caucus_questions")
class ActionCaucusQuestions(Action):
    """Questions to ask one party in private, for the cause at hand."""

    def name(self) -> Text:
        return "action_caucus_questions"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        first = safety_first(dispatcher, tracker, domain)
        if first is not None:
            return first  # "she said in caucus she's going to finish him" is the safety reading's
        handed = handed_elsewhere(dispatcher, tracker, domain)
        if handed is not None:
            return handed
        playbook = _playbook()
        cause = tracker.get_slot("current_cause")
        if cause not in playbook.causes:
            cause = UNSPECIFIED_CAUSE
        reply = phrasing.caucus_reply(playbook, cause, tracker.get_slot("party"),
                                      tracker.get_slot("issue"), voice=_is_voice(tracker))
        if tracker.get_slot("role") == "advocate" and not _is_voice(tracker):
            reply = phrasing.advocate_prep_reply(playbook, reply, tracker.get_slot("issue"))
        _say(dispatcher, reply)
        return []


class ActionClarifyCause(ActionSuggestStrategy):
    """When the NLU is unsure, the message still adds to the description; the situation as a
    whole decides between a strategy and one question."""

    def name(self) -> Text:
        return "action_clarify_cause"


class ActionSafetyProtocol(ActionSuggestStrategy):
    """The classifier heard a safety concern: the message goes through the same safety
    reading as any other (a clear signal gets its protocol, an ambiguous one a screening
    question; the classifier alone never gives the protocol, since it reacts to words)."""

    def name(self) -> Text:
        return "action_safety_protocol"


@reads_safety_first
class ActionRespondAffirm(Action):
    """A bare "yes": after a strategy it means another idea; otherwise, show what I can do."""

    def name(self) -> Text:
        return "action_respond_affirm"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        if tracker.get_slot("pending_confirmation") == "forget_case":
            return _forget(dispatcher, tracker)
        if tracker.get_slot("current_strategy"):
            return ActionAnotherStrategy().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_help")
        return []


@reads_safety_first
class ActionRespondDeny(Action):
    """A bare "no": cancels a pending deletion, otherwise invites more detail."""

    def name(self) -> Text:
        return "action_respond_deny"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        if tracker.get_slot("pending_confirmation") == "forget_case":
            _say(dispatcher, phrasing.fixed(phrasing.FORGET_CANCELLED))
            return [SlotSet("pending_confirmation", None)]
        _say(dispatcher, phrasing.fixed(phrasing.DENY))
        return []


# --- Case memory ---------------------------------------------------------------------

_DOWN = object()  # what _from_case returns when the case store could not be reached
_NOT_DELETED = "delete anything: nothing was deleted"


def _from_case(dispatcher: CollectingDispatcher, use: Callable[["store.CaseStore"], Any],
               failed: Optional[str] = None) -> Any:
    """`use(case_store)`; when the case store is down the mediator hears what didn't happen
    (a note not saved, unless `failed` says otherwise) and _DOWN comes back."""
    try:
        return use(store.get_store())
    except store.StoreUnavailable:
        _say(dispatcher, phrasing.store_down_reply(failed))
        return _DOWN

_CASE_SLOTS_RESET = ("cause_ranking", "current_cause", "current_strategy", "party", "issue",
                     "situation", "parties", "amounts", "money_gap")


def _person_spans(tracker: Tracker):
    """Where spaCy found people's names in the latest message (for redaction)."""
    return [(e["start"], e["end"]) for e in (tracker.latest_message or {}).get("entities", [])
            if e.get("entity") == "PERSON" and e.get("start") is not None]


@hears_the_act_first("note_gain", "note_parked", "note_homework", "note_experiment")
class ActionSaveNote(Action):
    """Store a gain, a parked issue, homework or a short-term experiment, and confirm it."""

    # Set when another action hands a message over (a note said in passing, read as an impasse).
    intent: Optional[str] = None

    def name(self) -> Text:
        return "action_save_note"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        intent = self.intent or (tracker.latest_message.get("intent") or {}).get("name")
        plain = act_of(text, False, False)
        if plain == "another_idea" and self.intent is None:
            return ActionAnotherStrategy().run(dispatcher, tracker, domain)  # "another idea for next time?"
        if plain in ("amend_note", "remove_note") and self.intent is None:
            # "actually that's a trial not forever, 2 weeks" read as a new note: it changes one
            from actions import conversation
            chosen = conversation.ActionAmendNote if plain == "amend_note" else conversation.ActionRemoveNote
            return chosen().run(dispatcher, tracker, domain)
        if plain in NOTE_KINDS_OF_INTENT and plain != intent and intent in NOTE_KINDS_OF_INTENT:
            intent = plain  # "they agreed ... review in march" is an experiment, not a plain gain
        if intent not in NOTE_KINDS_OF_INTENT:  # reached some other way: store what the words say
            intent = plain if plain in NOTE_KINDS_OF_INTENT else "note_gain"
        situation = Situation.from_slot(tracker.get_slot("situation"))
        record = case_safety(tracker)
        if (record.stands or situation.safety) and asks_joint_session(text):
            return refuse_joint(dispatcher, situation, record)  # "a quick joint session for the school bit"
        if read_safety(text).clear or foreign_danger(text) or (
                intent != "note_parked" and needs_safety_reading(tracker, text)):
            return ActionSuggestStrategy().run(dispatcher, tracker, domain)  # a disclosure or report is not a note
        if (intent == "note_gain" and not is_agreement(text)) or (
                intent == "note_homework" and self.intent is None and not is_task(text)):
            # an offer or a feeling, not an agreement; a side's circumstances or a threat, not a task
            description = ActionSuggestStrategy()
            description.as_description = True
            return description.run(dispatcher, tracker, domain)
        if case_question(text):  # "what's parked?" read as a note: answer it, store nothing
            return ActionAnswerCaseQuestion().run(dispatcher, tracker, domain)
        if settings.redact_names():
            text = redact_names(text, _person_spans(tracker))
        parts = split_notes(text)
        if parts:  # "park the 12 hrs, both check timesheets": a parked issue and homework
            return _save_notes(dispatcher, tracker, parts)
        draft = draft_note(intent, text, party=reading.entity(tracker, "party"),
                           issue=reading.entity(tracker, "issue"), date=reading.entity(tracker, "DATE"))
        try:
            saved = _from_case(dispatcher, lambda db: db.add_note(
                tracker.sender_id, draft.kind, draft.text, who=draft.who, review_date=draft.review))
        except store.NoteRejected as rejected:
            _say(dispatcher, phrasing.note_rejected_reply(rejected.reason))
            return []
        if saved is _DOWN:
            return []
        reply = phrasing.note_saved_reply(saved.kind, saved.text, saved.who, saved.review_date)
        if saved.kind == "gain":  # as promised when they were parked: after the next agreement
            parked = in_background(lambda db: db.notes(tracker.sender_id, "parked"), "parked issues not read", [])
            reminder = talk.parked_reminder(parked)
            reply = phrasing.Reply(text=f"{reply.text} {reminder}".strip(), buttons=reply.buttons)
        _say(dispatcher, reply)
        return []


def _save_notes(dispatcher: CollectingDispatcher, tracker: Tracker, parts) -> List[EventType]:
    """Several notes of different kinds from one message, each confirmed on its own line."""
    lines = []
    for intent, words in parts:
        draft = draft_note(intent, words, date=reading.entity(tracker, "DATE"))
        try:
            saved = _from_case(dispatcher, lambda db, d=draft: db.add_note(
                tracker.sender_id, d.kind, d.text, who=d.who, review_date=d.review))
        except store.NoteRejected:
            continue
        if saved is _DOWN:
            return []
        lines.append(phrasing.note_saved_reply(saved.kind, saved.text, saved.who, saved.review_date).text)
    if lines:
        _say(dispatcher, phrasing.Reply(text="\n".join(lines)))
    return []


@reads_safety_first
class ActionSummariseGains(Action):
    """Read back the gains made so far, a next step, and parked issues."""

    def name(self) -> Text:
        return "action_summarise_gains"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        snapshot = _from_case(dispatcher, lambda db: db.snapshot(tracker.sender_id), "read back the case")
        if snapshot is not _DOWN:
            _say(dispatcher, phrasing.summary_reply(snapshot))
        return []


@hears_the_act_first("ask_notes")
@reads_safety_first
class ActionAnswerCaseQuestion(Action):
    """"What's parked?", "what homework did we give?": answered from the notes, never stored."""

    def name(self) -> Text:
        return "action_answer_case_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        if act_of(tracker.latest_message.get("text") or "", False, False) == "money_question":
            from actions.conversation import answer_money
            return answer_money(dispatcher, tracker)  # "how far apart are they now?"
        part = case_question(tracker.latest_message.get("text") or "") or "all"
        snapshot = _from_case(dispatcher, lambda db: db.snapshot(tracker.sender_id), "look that up")
        if snapshot is not _DOWN:
            _say(dispatcher, phrasing.case_answer(snapshot, part))
        return []


class _AskWorksheetStep(Action):
    """Asks one step of the BATNA/WATNA worksheet (the form `batna_form` calls these)."""

    key = "best"

    def name(self) -> Text:
        return f"action_ask_batna_{self.key}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        _say(dispatcher, phrasing.worksheet_question(
            _playbook(), WORKSHEET_KEYS.index(self.key), tracker.get_slot("party"), tracker.get_slot("issue")))
        return []


# One ask action per worksheet step: action_ask_batna_best, ..._worst, ..._likely, ...
for _key in WORKSHEET_KEYS[1:]:
    globals()[f"ActionAskBatna{_key.title()}"] = type(
        f"ActionAskBatna{_key.title()}", (_AskWorksheetStep,), {"key": _key, "__doc__": _AskWorksheetStep.__doc__})


class ActionBatnaSummary(Action):
    """The worksheet's answers read back as one summary; the answers are then cleared."""

    def name(self) -> Text:
        return "action_batna_summary"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        from actions.worksheet import breaks_off_for_safety
        if breaks_off_for_safety(tracker, tracker.latest_message.get("text") or ""):
            return [SlotSet(f"batna_{k}", None) for k in WORKSHEET_KEYS]  # ended by the safety protocol
        answers = {k: tracker.get_slot(f"batna_{k}") for k in WORKSHEET_KEYS}
        _say(dispatcher, phrasing.worksheet_summary(_playbook(), answers, tracker.get_slot("party"),
                                                    tracker.get_slot("issue")))
        return [SlotSet(f"batna_{k}", None) for k in WORKSHEET_KEYS]


class ActionStopWorksheet(Action):
    """The worksheet stopped part-way (or asked to stop when none runs): what was said so far
    is read back, then the answers are cleared."""

    def name(self) -> Text:
        return "action_stop_worksheet"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        answers = {k: tracker.get_slot(f"batna_{k}") for k in WORKSHEET_KEYS}
        _say(dispatcher, phrasing.worksheet_stopped(_playbook(), answers))
        return [SlotSet(f"batna_{k}", None) for k in WORKSHEET_KEYS] + [SlotSet("requested_slot", None)]


@hears_the_act_first("feedback_worked", "feedback_failed")
class ActionRecordOutcome(Action):
    """"That worked" / "that didn't work": recorded against the cause it was offered for."""

    intent: Optional[str] = None  # set when another action hands plain feedback over

    def name(self) -> Text:
        return "action_record_outcome"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        if needs_safety_reading(tracker, tracker.latest_message.get("text") or ""):
            return ActionSuggestStrategy().run(dispatcher, tracker, domain)  # "tried a break, he hit the wall"
        text = tracker.latest_message.get("text") or ""
        if self.intent is None and act_of(text, True, False) not in ("feedback_worked", "feedback_failed") \
                and money_talk.reads_as_move(text):
            from actions.conversation import ActionNoteOffer
            return ActionNoteOffer().run(dispatcher, tracker, domain)  # "defence came up to 65k" is a move
        intent = self.intent or (tracker.latest_message.get("intent") or {}).get("name")
        outcome = "worked" if intent in ("strategy_worked", "feedback_worked") else "failed"
        offer = _from_case(dispatcher, lambda db: db.record_outcome(tracker.sender_id, outcome))
        if offer is _DOWN:
            return []
        if offer is None:
            if self.intent is None and Situation.from_slot(tracker.get_slot("situation")).parts and re.search(
                    r"\b(?:hasn'?t|has\s+not|have\s+not|haven'?t|never|not)\s+worked\s+(?:since|for|in|a\s+day|outside|full|part)\b",
                    tracker.latest_message.get("text") or "", re.I):
                # "she hasn't worked since the twins" is about a job, not about a suggestion: it adds to the description.
                description = ActionSuggestStrategy()
                description.as_description = True
                return description.run(dispatcher, tracker, domain)
            _say(dispatcher, phrasing.fixed(phrasing.NOTHING_OFFERED))
            return []
        playbook = _playbook()
        if offer.strategy not in playbook.strategies or offer.cause not in playbook.causes:
            _say(dispatcher, phrasing.fixed(phrasing.NOTHING_OFFERED))
            return []
        _say(dispatcher, phrasing.outcome_reply(playbook, offer.strategy, offer.cause, outcome))
        return []


@reads_safety_first
class ActionSetRole(Action):
    """Switch between the mediator's view and an advocate's view of one party."""

    def name(self) -> Text:
        return "action_set_role"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "set_role_advocate":
            represented = reading.entity(tracker, "party") or reading.entity(tracker, "PERSON")
            who = phrasing.party_phrase(represented) if represented else "your client"
            _say(dispatcher, phrasing.fixed(phrasing.role_advocate_text(who)))
            return [SlotSet("role", "advocate"), SlotSet("represented_party", represented)]
        _say(dispatcher, phrasing.fixed(phrasing.ROLE_MEDIATOR))
        return [SlotSet("role", "mediator"), SlotSet("represented_party", None)]


class ActionNewCase(Action):
    """Start a fresh case: new notes, and no strategies counted as offered."""

    def name(self) -> Text:
        return "action_new_case"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        if _from_case(dispatcher, lambda db: db.new_case(tracker.sender_id)) is _DOWN:
            return []
        _say(dispatcher, phrasing.fixed(phrasing.NEW_CASE))
        return [SlotSet(name, None) for name in _CASE_SLOTS_RESET] + [SlotSet("offered_strategies", [])]


@hears_the_act_first("new_situation")
class ActionNewSituation(Action):
    """Another stuck point in the same case: a fresh description, the case notes stay."""

    def name(self) -> Text:
        return "action_new_situation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        try:
            snapshot = store.get_store().snapshot(tracker.sender_id)
        except store.StoreUnavailable:
            snapshot = None
        _say(dispatcher, phrasing.fixed(phrasing.new_situation_text(snapshot)))
        return [SlotSet(name, None) for name in _CASE_SLOTS_RESET]


# "export for the parties", "a version I can share": only the part that may be shared.
_FOR_THE_PARTIES = re.compile(
    r"\b(?:for|to|with)\s+(?:the\s+|both\s+)?(?:parties|sides|clients|couple|family|other\s+side|"
    r"them\s+both|both\s+of\s+them|mum\s+and\s+dad|each\s+side)\b|\b(?:shareable|share-?able)\b|"
    r"\bhand\s+(?:out|over|it\s+to\s+them)|\bcopy\s+for\s+(?:each|both|them)\b|"
    # anything to send, share or read out leaves the mediator's hands: only the shareable part
    r"\b(?:send|email|e-mail|share|forward|circulate|read\s+(?:it\s+)?out)\b|\b(?:solicitors?|lawyers?|insurers?|hr|gc|counsel|"
    r"referrer|court)\b", re.I)


class ActionExportCase(Action):
    """The case as Markdown: the shareable part and the mediator-only part, or ("for the
    parties") the shareable part alone."""

    def name(self) -> Text:
        return "action_export_case"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        snapshot = _from_case(dispatcher, lambda db: db.snapshot(tracker.sender_id)
                              if db.case_exists(tracker.sender_id) else None, "export them")
        if snapshot is _DOWN:
            return []
        if snapshot is None:
            _say(dispatcher, phrasing.fixed(phrasing.NO_CASE))
            return []
        shared = bool(_FOR_THE_PARTIES.search(tracker.latest_message.get("text") or ""))
        markdown = phrasing.export_markdown(snapshot, _playbook(), shared=shared)
        name = f"case-{snapshot.case_id}-to-share.md" if shared else f"case-{snapshot.case_id}.md"
        dispatcher.utter_message(text=markdown, custom={"markdown": markdown, "filename": name})
        return []


class ActionAskForgetCase(Action):
    """Deleting a case needs a yes first."""

    def name(self) -> Text:
        return "action_ask_forget_case"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        exists = _from_case(dispatcher, lambda db: db.case_exists(tracker.sender_id), _NOT_DELETED)
        if exists is _DOWN:
            return []
        if not exists:
            _say(dispatcher, phrasing.fixed(phrasing.NO_CASE))
            return []
        _say(dispatcher, phrasing.confirm_forget_reply())
        return [SlotSet("pending_confirmation", "forget_case")]


def _forget(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    deleted = _from_case(dispatcher, lambda db: db.forget_case(tracker.sender_id), _NOT_DELETED)
    if deleted is _DOWN:
        return [SlotSet("pending_confirmation", None)]
    _say(dispatcher, phrasing.fixed(phrasing.CASE_FORGOTTEN if deleted else phrasing.NO_CASE))
    return ([SlotSet("pending_confirmation", None), SlotSet("offered_strategies", [])]
            + [SlotSet(name, None) for name in _CASE_SLOTS_RESET])


# The action server is started with `--actions actions.actions` (scripts/serve.sh, harness/):
# the actions of the other modules are registered by being imported here.
from actions import conversation  # noqa: E402,F401
from actions import worksheet  # noqa: E402,F401

# The issue reader's parser loads as the action server starts, not on the first description.
reading.issue.warm()
