"""Rasa actions for what the mediator does with a message other than describing an impasse:
correct the reading, ask a practice question, change or take back a note, let off steam,
ask about the assistant. Thin: the reading is in actions/reading/acts.py, the wording in
actions/talk.py.
"""
from __future__ import annotations

from typing import List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import phrasing, reading, store, talk
from actions.hearing import hears_the_act_first
from actions.playbook import SAFETY_CAUSE, UNSPECIFIED_CAUSE, default_playbook
from actions.reading.acts import (act_of, amended, amendment_of, assistant_topics, frustrated, pick_note, wants_a_note, without_part,
                                  read_correction)
from actions.safety_turns import is_voice, reads_safety_first, say
from knowledge import default_base
from knowledge.retrieve import decide, question_part
from actions.situation import Situation

# Words of situation before a practice question that are kept as part of the situation.
SITUATION_WORDS = 6


def _ranked(tracker: Tracker, base):
    """The NLU's ranking of the knowledge base for this message (PracticeRetriever), known entries only."""
    reading_ = ((tracker.latest_message or {}).get("practice") or {}).get("ranked") or []
    return [(str(i), float(s)) for i, s in reading_ if str(i) in base.entries]


def practice_decision(tracker: Tracker):
    """Answer with a practice-notes entry, or not (knowledge/retrieve.py's rule)."""
    return decide(_ranked(tracker, default_base()))


def _text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def _safety_first(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
    """Any message with a safety signal goes through the safety reading first, whatever act
    the NLU gave it ("there's no point going on" read as a correction); None otherwise."""
    from actions.actions import safety_first  # actions.py imports this module
    return safety_first(dispatcher, tracker, domain)


@hears_the_act_first("correct")
class ActionCorrectReading(Action):
    """"No, it's distrust", "neither, he feels pressured by his wife": the corrected cause
    stands for the rest of the situation and what was ruled out never comes back."""

    def name(self) -> Text:
        return "action_correct_reading"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        first = _safety_first(dispatcher, tracker, domain)
        if first is not None:
            return first
        from actions.actions import suggest_for  # actions.py imports the safety path this uses
        plain = act_of(_text(tracker), False, False)
        if plain in ("amend_note", "remove_note"):  # "scratch that - its 110 over 4 not 5" changes a note
            return (ActionAmendNote if plain == "amend_note" else ActionRemoveNote)().run(dispatcher, tracker, domain)
        playbook = default_playbook()
        situation = Situation.from_slot(tracker.get_slot("situation"))
        asked = situation.pending_causes if situation.pending in ("tell_apart", "clarify") else ()
        last = tracker.get_slot("current_cause")
        correction = read_correction(_text(tracker), asked, last if last in playbook.causes else None)
        named = correction.named
        if named is None:  # the words name no cause: the classifier's reading of them, if clear
            ranking = [(c, p) for c, p in reading.cause_ranking(tracker, playbook)
                       if c not in correction.ruled_out and c not in (SAFETY_CAUSE, UNSPECIFIED_CAUSE)]
            named = ranking[0][0] if ranking and ranking[0][1] >= 0.5 else None
        if not situation.texts and named is None:
            from actions.actions import describe_first
            return describe_first(dispatcher, tracker, domain)
        corrected = situation.corrected_to(named, correction.ruled_out)
        lead = talk.correction_lead(playbook, named, correction.ruled_out)
        if named is None:
            choices = [c for c in playbook.clarify_causes if c not in corrected.ruled_out]
            say(dispatcher, phrasing.Reply(
                text=f"{lead} What is it, then, in your words? Or pick one:",
                buttons=phrasing.clarify_reply(playbook, choices, ruled_out=corrected.ruled_out).buttons))
            return reading.situation_events(corrected.asking("clarify", choices))
        return suggest_for(dispatcher, tracker, corrected, lead=lead)


@hears_the_act_first("practice_question")
class ActionPracticeQuestion(Action):
    """A practice question is a question, not an impasse: said plainly, with what can be done."""

    def name(self) -> Text:
        return "action_practice_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        first = _safety_first(dispatcher, tracker, domain)
        if first is not None:
            return first
        text = _text(tracker)
        if act_of(text, False, False) == "money_question":
            return answer_money(dispatcher, tracker)  # "whats the midpoint?" is this case's sum
        voice = is_voice(tracker)
        base = default_base()
        decision = practice_decision(tracker)
        if decision.kind != "answer":
            say(dispatcher, talk.practice_not_found([base.get(i) for i in decision.nearest], voice=voice))
            return []
        # "she won't sign til she sees his pension valuation. do i get an expert in?": the
        # answer, and the situation told with it is kept for the next suggestion.
        events: List[EventType] = []
        told = text[: len(text) - len(question_part(text))].strip() if question_part(text) != text.strip() else ""
        if len(told.split()) >= SITUATION_WORDS:
            read = reading.updated_situation(tracker, default_playbook())
            events = read.events + reading.situation_events(read.situation)
        say(dispatcher, talk.practice_answer(base.get(decision.entry), voice=voice, kept=bool(events)))
        return events


@reads_safety_first
class ActionVent(Action):
    """A word for the mediator first; then what can help."""

    def name(self) -> Text:
        return "action_vent"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        from actions.safety import foreign_danger, read
        if read(_text(tracker)).clear or foreign_danger(_text(tracker)):
            from actions.actions import ActionSuggestStrategy
            return ActionSuggestStrategy().run(dispatcher, tracker, domain)
        say(dispatcher, talk.vent_reply())
        return []


class ActionThanks(Action):
    """"Thanks" is sometimes more: "that was brilliant thank you" right after a suggestion is
    feedback that it worked; "ok thanks. heavy one this" wants a word for the mediator."""

    response = "utter_thanks"

    def name(self) -> Text:
        return "action_thanks"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        first = _safety_first(dispatcher, tracker, domain)
        if first is not None:
            return first  # "thanks. he just punched the wall"
        text = _text(tracker)
        if frustrated(text):
            return ActionVent().run(dispatcher, tracker, domain)
        if tracker.get_slot("current_strategy") and act_of(text, True, False) == "feedback_worked":
            from actions.actions import ActionRecordOutcome
            action = ActionRecordOutcome()
            action.intent = "feedback_worked"
            return action.run(dispatcher, tracker, domain)
        dispatcher.utter_message(response=self.response)
        return []


class ActionChitchat(ActionThanks):
    """Small talk, unless it is a long day talking."""

    response = "utter_chitchat"

    def name(self) -> Text:
        return "action_chitchat"


class ActionGoodbye(ActionThanks):
    """"Thats us. long day": a word for the mediator with the goodbye."""

    response = "utter_goodbye"

    def name(self) -> Text:
        return "action_goodbye"


class ActionAboutAssistant(Action):
    """Who can read this, what is kept and for how long, names, deleting, what it can't do."""

    def name(self) -> Text:
        return "action_about_assistant"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        first = _safety_first(dispatcher, tracker, domain)
        if first is not None:
            return first
        say(dispatcher, talk.about_reply(assistant_topics(_text(tracker))))
        return []


@hears_the_act_first("remove_note", "amend_note")
class ActionRemoveNote(Action):
    """"Scratch the christmas one", "remove christmas from the gains": one line says what
    went. (ActionAmendNote changes a note instead.)"""

    change = False

    def name(self) -> Text:
        return "action_remove_note"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        first = _safety_first(dispatcher, tracker, domain)
        if first is not None:
            return first
        text = _text(tracker)
        plain = act_of(text, False, False)
        if plain in ("note_gain", "note_parked", "note_homework", "note_experiment"):
            from actions.actions import ActionSaveNote  # "kev to send his whatsapps by monday" is a new note
            saving = ActionSaveNote()
            saving.intent = plain
            return saving.run(dispatcher, tracker, domain)
        try:
            db = store.get_store()
            notes = db.notes(tracker.sender_id)
        except store.StoreUnavailable:
            say(dispatcher, phrasing.store_down_reply("change the notes"))
            return []
        if not notes and self.change and wants_a_note(text):
            # "note review to be reconsidered by HR not him" with nothing noted yet: nothing to
            # change, so it is a new note, not "nothing to change".
            from actions.actions import ActionSaveNote
            saving = ActionSaveNote()
            saving.intent = "note_homework" if plain == "note_homework" else "note_gain"
            return saving.run(dispatcher, tracker, domain)
        amendment = amendment_of(text) if self.change else None
        if amendment is not None and notes:
            return _apply(dispatcher, tracker, db, notes, amendment)
        note = pick_note(text, notes)
        if note is None:
            say(dispatcher, talk.which_note(notes, self.change))
            return []
        try:
            kept = without_part(text, note.text) if not self.change else None
            if kept:  # "scratch the easter one": only that part of "2 weeks in aug and 1 at easter" goes
                changed = db.update_note(tracker.sender_id, note.id, kept)
                say(dispatcher, talk.note_changed(note.text, changed.text) if changed else talk.which_note(notes, False))
                return []
            if not self.change:
                removed = db.remove_note(tracker.sender_id, note.id)
                say(dispatcher, talk.note_removed(removed.kind, removed.text) if removed
                    else talk.which_note(notes, False))
                return []
            new_text = amended(text, note.text)
            if not new_text or new_text == note.text:
                say(dispatcher, talk.which_note(notes, True))
                return []
            changed = db.update_note(tracker.sender_id, note.id, new_text)
            say(dispatcher, talk.note_changed(note.text, changed.text) if changed else talk.which_note(notes, True))
        except store.NoteRejected as rejected:
            say(dispatcher, phrasing.note_rejected_reply(rejected.reason))
        except store.StoreUnavailable:
            say(dispatcher, phrasing.store_down_reply("change the notes"))
        return []


def _apply(dispatcher: CollectingDispatcher, tracker: Tracker, db, notes, amendment) -> List[EventType]:
    """"That's a trial, 2 weeks": the latest agreement becomes an experiment; "so not parked"
    after an agreement: the parked issue goes and the agreement is stored; "by jan 31": added to
    the latest note. One line says what changed."""
    try:
        if amendment.kind == "unparked":
            parked = [n for n in notes if n.kind == "parked"]
            if not parked:
                say(dispatcher, talk.which_note(notes, True))
                return []
            gone = pick_note(amendment.words, parked) or parked[-1]
            db.remove_note(tracker.sender_id, gone.id)
            saved = db.add_note(tracker.sender_id, "gain", amendment.words or gone.text)
            say(dispatcher, talk.note_moved(gone.text, "parked", saved.text, "gain"))
            return []
        latest = notes[-1]
        if amendment.kind == "trial":
            gains = [n for n in notes if n.kind == "gain"]
            if not gains and latest.kind == "experiment":
                # "hang on, that's a trial not a deal" when it was written down as one already
                say(dispatcher, phrasing.fixed(f"That one is already written down as a short-term experiment, not an "
                                               f"agreement: \u201c{latest.text}\u201d."))
                return []
            if not gains:
                say(dispatcher, talk.which_note(notes, True))
                return []
            latest = gains[-1]
            db.remove_note(tracker.sender_id, latest.id)
            text = f"{latest.text} (trial: {amendment.words})" if amendment.words else latest.text
            saved = db.add_note(tracker.sender_id, "experiment", text, who=latest.who, review_date=amendment.words or None)
            say(dispatcher, talk.note_moved(latest.text, "gain", saved.text, "experiment"))
            return []
        changed = db.update_note(tracker.sender_id, latest.id, f"{latest.text} {amendment.words}")
        say(dispatcher, talk.note_changed(latest.text, changed.text) if changed else talk.which_note(notes, True))
    except store.NoteRejected as rejected:
        say(dispatcher, phrasing.note_rejected_reply(rejected.reason))
    except store.StoreUnavailable:
        say(dispatcher, phrasing.store_down_reply("change the notes"))
    return []


@hears_the_act_first("amend_note", "remove_note")
class ActionAmendNote(ActionRemoveNote):
    """"Actually it's 3 weeks not 2": one line says what changed."""

    change = True

    def name(self) -> Text:
        return "action_amend_note"


# --- money -------------------------------------------------------------------------------

class ActionAnswerMoney(Action):
    """"Whats the gap now?", "is 45 the middle?": the case's sums, from its figures."""

    def name(self) -> Text:
        return "action_answer_money"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        first = _safety_first(dispatcher, tracker, domain)
        if first is not None:
            return first
        if act_of(_text(tracker), False, False) not in (None, "money_question"):
            return _as_description(dispatcher, tracker, domain)
        return answer_money(dispatcher, tracker)


class ActionNoteOffer(Action):
    """"Insurer now at 17.5k": the move noted in the case's figures, the new gap said; a
    message with more in it than a move is read as a description."""

    def name(self) -> Text:
        return "action_note_offer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        first = _safety_first(dispatcher, tracker, domain)
        if first is not None:
            return first
        situation = Situation.from_slot(tracker.get_slot("situation"))
        moved = note_money_move(dispatcher, tracker, situation, _text(tracker)) if situation.texts else None
        return moved if moved is not None else _as_description(dispatcher, tracker, domain)


def _as_description(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
    from actions.actions import ActionSuggestStrategy
    return ActionSuggestStrategy().run(dispatcher, tracker, domain)


def answer_money(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """A question about the case's figures, answered from them ("whats the gap now", "how far
    has each side moved", "whats a third of the house"); what can't be worked out is said."""
    from actions import money_talk
    situation = Situation.from_slot(tracker.get_slot("situation"))
    dispatcher.utter_message(text=money_talk.answer(situation.amounts, _text(tracker), situation.text))
    return []


def note_money_move(dispatcher: CollectingDispatcher, tracker: Tracker, situation: Situation,
                    text: str) -> Optional[List[EventType]]:
    """A short message that only moves an offer or demand: noted in the case's figures and
    said back with the new gap. None when the message does more than that."""
    from dataclasses import replace
    from actions import money_talk
    from actions.reading.money import read_figures
    if not money_talk.reads_as_move(text, situation.amounts):
        return None
    new = read_figures(text, known=situation.amounts)
    moved = replace(situation, amounts=(situation.amounts + tuple(new))[-24:])
    dispatcher.utter_message(text=money_talk.update_reply(moved.amounts, new))
    return reading.situation_events(moved)
