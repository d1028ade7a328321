"""Rasa actions for safety: read before anything else, proportionate, specific to the risk.

`safety_turn` runs first for every message the suggestion actions read. In order:
1. danger words in another language: the immediate-danger lines in English, nothing else;
2. "I screened him, no fear" (and no clear signal): recorded as screened, no concern;
3. a request for a joint session while separate rooms stand: a plain no, why, what instead;
4. a clear signal: the protocol for its risk type, speaking of the person at risk; the case
   is OPEN from then on (a later clear signal of another type gives that type's protocol);
5. while a concern is OPEN: "he's the one at risk" re-gives the protocol for him; "everyone is
   safe now" makes the case safe for now (shuttle only); a report on the concern ("got him into
   the corridor, she's crying but ok") gets what to see to next for that risk; anything else
   gets the next separate-room option;
6. an ambiguous signal (not already screened clear in this case, not asked in this
   situation): one screening question, asked by the `safety_screen_form` this turn activates
   and answered by a button or in words; `ActionSafetyScreenAnswer` reads the answer.
Otherwise the ordinary suggestion goes on (while SHUTTLE_ONLY, without joint-session steps).
The case's safety state is kept in the case store (mediator-only), so it holds for every
later session and conversation in the case.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import phrasing, store
from actions.playbook import SAFETY_CAUSE, Playbook
from actions.safety import assess, asks_joint_session, foreign_danger, named_at_risk, says_no_concern, screen_answer
from actions.safety import replies
from actions.safety.protocols import default_protocols
from actions.safety.signals import (CHILD, GONE_ALONE, PLAYED_DOWN, SELF_HARM, SUICIDE, TAKING_CHILDREN, acting_on_a_concern,
                                    asks_for_note, asks_go_on_or_end, other_language, read, reports_on_safety,
                                    safety_question, says_ending, says_safe_now)
from actions.safety.state import CaseSafety, other_party, party_for, person_at_risk
from actions.reading.people import named_pair
from actions.situation import Situation

logger = logging.getLogger(__name__)

VOICE_CHANNELS = frozenset({"twilio_voice", "voice", "signed_twilio_voice", "local_voice"})
SCREEN_FORM = "safety_screen_form"
SCREEN_SLOT = "safety_screen_answer"
SCREEN_PENDING = "safety_screen"
# A screening report at least this long also says more about the situation: it gets its answer.
LONG_ENOUGH_TO_GO_ON = 12


def is_voice(tracker: Tracker) -> bool:
    return tracker.get_latest_input_channel() in VOICE_CHANNELS


def say(dispatcher: CollectingDispatcher, reply: phrasing.Reply) -> None:
    dispatcher.utter_message(**reply.as_kwargs())


def in_background(use: Callable[["store.CaseStore"], Any], lost: str, default: Any = None) -> Any:
    """`use(case_store)` for what the mediator did not ask for (outcomes, offers, the safety
    state): when the case store is down, log what is `lost` and go on with `default`."""
    try:
        return use(store.get_store())
    except store.StoreUnavailable:
        logger.warning("case store unavailable: %s", lost)
        return default


def case_safety(tracker: Tracker) -> CaseSafety:
    """The case's safety state; without the case store, nothing recorded (the situation's
    own mark still keeps a concern raised in this conversation)."""
    state, risk, who = in_background(lambda db: db.safety(tracker.sender_id),
                                     "safety state read from the situation only", (None, None, None))
    return CaseSafety(state, risk, who)


def record_safety(tracker: Tracker, record: CaseSafety) -> None:
    in_background(lambda db: db.set_safety(tracker.sender_id, record.state, record.risk, record.who),
                  "safety state kept in the situation only")


def learned_safety(tracker: Tracker) -> Tuple[float, Dict[str, float]]:
    """The learned reader's concern probability and risk types for this message
    (nlu_components/safety_reader.py); without it, the classifier's safety probability."""
    message = tracker.latest_message or {}
    reading = message.get("safety")
    if isinstance(reading, dict):
        risks = reading.get("risks") if isinstance(reading.get("risks"), dict) else {}
        return float(reading.get("concern") or 0.0), {str(k): float(v) for k, v in risks.items()}
    for item in message.get("intent_ranking") or []:
        if item.get("name") == SAFETY_CAUSE:
            return float(item.get("confidence") or 0.0), {}
    return 0.0, {}


def _sides(situation: Situation) -> List[str]:
    """The parties by role ("the husband"), or else the two people the description names as the
    sides ("Tom and Hannah"), so the protocol can say "let Hannah leave first"."""
    return list(situation.parties) or named_pair(" ".join(situation.texts))


def _who(text: str, situation: Situation, record: CaseSafety, risk: Optional[str]) -> Optional[str]:
    """The person at risk: named by the mediator, read from who the harm lands on, or kept."""
    named = named_at_risk(text)
    return (party_for(named, _sides(situation)) or person_at_risk(text, _sides(situation))
            or (record.who if risk in (None, record.risk) else None))


def give_protocol(dispatcher: CollectingDispatcher, tracker: Tracker, situation: Situation,
                  record: CaseSafety, risk: Optional[str], who: Optional[str], lead: str = "") -> List[EventType]:
    """The protocol for `risk`, speaking of `who`; the case is OPEN from now on."""
    other = other_party(who, _sides(situation)) if who else None
    say(dispatcher, replies.protocol_reply(default_protocols(), risk, who, other, voice=is_voice(tracker), lead=lead))
    record_safety(tracker, record.raised(risk, who))
    situation = situation.with_safety()
    return [SlotSet("situation", situation.as_slot()), SlotSet("current_cause", SAFETY_CAUSE),
            SlotSet("current_strategy", None)]


def ask_screening(dispatcher: CollectingDispatcher, tracker: Tracker, situation: Situation,
                  key: str, risk: Optional[str]) -> List[EventType]:
    """One short screening question, through the `safety_screen_form`: this turn activates
    it, the form asks the question (`ActionAskSafetyScreenAnswer`) and its answer is the
    next message, typed or a button. The question's key and likely risk ride in the situation."""
    asked = situation.asking(SCREEN_PENDING, (key, risk or ""))
    return [SlotSet("situation", asked.as_slot()), SlotSet(SCREEN_SLOT, None), ActiveLoop(SCREEN_FORM)]


def refuse_joint(dispatcher: CollectingDispatcher, situation: Situation, record: CaseSafety) -> List[EventType]:
    who = record.who
    say(dispatcher, replies.joint_refusal_reply(default_protocols(), record.risk, who,
                                                other_party(who, _sides(situation)) if who else None))
    return []


class SafetyTurn(NamedTuple):
    """What the safety reading did with a message."""

    events: Optional[List[EventType]]  # None: not a safety turn, the ordinary answer goes on
    record: CaseSafety
    lead: str = ""  # said before the ordinary answer ("Noted: screened, no concern.")
    situation: Optional[Situation] = None  # the situation the ordinary answer is for, if changed


def safety_turn(dispatcher: CollectingDispatcher, tracker: Tracker, playbook: Playbook,
                situation: Situation, text: str, screened_now: bool = False, only_who: bool = False
                ) -> "SafetyTurn":
    """Handle the message as a safety turn when it is one (see the module's docstring).
    Its `events` are None when the ordinary suggestion should go on (with `lead` said first,
    for `situation` when given). `situation` already holds this message."""
    record = case_safety(tracker)
    if not situation.safety and record.state == "open":
        situation = situation.with_safety()  # raised earlier in this case: it still stands
    if foreign_danger(text) and not read(text).clear:
        say(dispatcher, replies.other_language_reply(default_protocols()))
        return SafetyTurn([SlotSet("situation", situation.as_slot())], record)
    if other_language(text):  # a short message in another language the input check let through
        say(dispatcher, phrasing.fixed(replies.ENGLISH_ONLY))
        return SafetyTurn([], record)
    # A message that only names people ("her brother") carries no signal, whatever the classifier says.
    concern, risks = (0.0, {}) if only_who or text.startswith("/") else learned_safety(tracker)
    signal = assess(text, context=" ".join(situation.texts[:-1]), classifier=concern, risks=risks)
    if signal.cleared and not signal.clear:
        if record.state == "open" or not record.stands:
            record_safety(tracker, record.cleared())
            if len(text.split()) >= LONG_ENOUGH_TO_GO_ON and situation.parts:
                # "I spoke to her alone, she feels safe, she just worries about being a burden":
                # noted, and the description goes on to its answer.
                return SafetyTurn(None, record.cleared(), replies.SCREENED_CLEAR_SHORT, situation.without_safety())
            say(dispatcher, phrasing.fixed(replies.SCREENED_CLEAR))
            return SafetyTurn([SlotSet("situation", situation.without_safety().as_slot())], record.cleared())
    if record.stands and asks_joint_session(text) and not signal.clear:
        return SafetyTurn(refuse_joint(dispatcher, situation, record), record)
    if signal.clear and record.state == "open" and record.risk == signal.risk and not asks_for_note(text):
        # More of the same risk while its protocol stands ("he's booked flights for friday and has both
        # passports"): the steps that fit what was just said, not the whole protocol again.
        who = _who(text, situation, record, signal.risk) or record.who
        other = other_party(who, _sides(situation)) if who else None
        reply = (replies.urgent_steps(default_protocols(), record.risk, text, who, other)
                 or open_concern_reply(tracker, situation, record, text))
        say(dispatcher, reply)
        return SafetyTurn([SlotSet("situation", situation.with_safety().as_slot())], record)
    if signal.clear:
        who = _who(text, situation, record, signal.risk)
        lead = (replies.CHANGED_RISK if record.state == "open"
                and record.risk and record.risk != signal.risk else "")
        return SafetyTurn(give_protocol(dispatcher, tracker, situation, record, signal.risk, who, lead), record)
    topic = safety_question(text) if record.stands and record.risk else None
    if topic:  # "do i have to report it?", "how do i wrap today up without him twigging why"
        who = record.who
        other = other_party(who, _sides(situation)) if who else None
        say(dispatcher, replies.safety_question_reply(default_protocols(), record.risk, topic, who, other,
                                                      voice=is_voice(tracker)))
        return SafetyTurn([SlotSet("situation", situation.as_slot())], record)
    if record.state == "open" or situation.safety:
        named = named_at_risk(text)
        if named:
            who = party_for(named, _sides(situation))
            lead = f"Understood: {who or named} is the one at risk."
            record = CaseSafety(record.state, record.risk, None)
            return SafetyTurn(give_protocol(dispatcher, tracker, situation, record, record.risk or signal.risk, who, lead),
                              record)
        if says_safe_now(text):
            return SafetyTurn(safe_for_now(dispatcher, tracker, situation, record), record.safe_for_now())
        if about_open_concern(record, text):
            say(dispatcher, open_concern_reply(tracker, situation, record, text))
            return SafetyTurn([SlotSet("situation", situation.as_slot())], record)
        return SafetyTurn(None, record)  # the caller offers the next separate-room option
    if signal.ambiguous and may_screen(signal.screen or "general", situation, record, screened_now):
        return SafetyTurn(ask_screening(dispatcher, tracker, situation, signal.screen or "general", signal.risk), record)
    return SafetyTurn(None, record)


def open_concern_reply(tracker: Tracker, situation: Situation, record: CaseSafety, text: str) -> phrasing.Reply:
    """What the mediator says while a concern is open, answered for what it does: a note of what
    happened (kept for the mediator only), "should I go on or end it?", "ending it", or a report
    (the next steps, once; after that a short word, not the same steps again)."""
    reply = _open_concern_reply(tracker, situation, record, text)
    from actions.reading.acts import frustrated, shaken
    if shaken(text) or frustrated(text):  # "ok. ending it. i feel sick honestly": a word for the mediator too
        return phrasing.Reply(text=f"{replies.FOR_THE_MEDIATOR} {reply.text}", buttons=reply.buttons)
    return reply


def _open_concern_reply(tracker: Tracker, situation: Situation, record: CaseSafety, text: str) -> phrasing.Reply:
    protocols, who, voice = default_protocols(), record.who, is_voice(tracker)
    other = other_party(who, _sides(situation)) if who else None
    noted = ""
    if asks_for_note(text):
        words = re.sub(r"^.*?\b(?:note|record|log|document|write\s+(?:it|that|this)\s+(?:down|up))\b\s*(?:that|:|-|of)?\s*", "",
                       text, count=1, flags=re.I).strip(" .:-") or text.strip()
        saved = in_background(lambda db: db.add_note(tracker.sender_id, "incident", words), "safety note not saved")
        noted = replies.noted_incident(saved.text) if saved is not None else (
            "I couldn't save that note just now; please keep your own record of it.")
    if record.risk == SUICIDE and GONE_ALONE.search(text) and not noted:
        return replies.gone_alone_reply(protocols, who, text)  # "he's gone out to his ute. says he needs air"
    if PLAYED_DOWN.search(text) and not noted and not says_safe_now(text):
        return replies.played_down_reply(protocols, record.risk, who, other)  # "he says he was joking"
    if asks_go_on_or_end(text):
        reply = replies.go_on_or_end_reply(protocols, record.risk, who, other, voice=voice)
        return phrasing.Reply(text=" ".join(filter(None, [noted, reply.text])), buttons=reply.buttons)
    if says_ending(text):
        return replies.ending_reply(protocols, record.risk, who, other, noted=noted, voice=voice)
    urgent = replies.urgent_steps(protocols, record.risk, text, who, other) if read(text).clear or reports_on_safety(text) else None
    if urgent is not None and not noted:
        return urgent
    if noted or _follow_up_given(tracker):
        return replies.still_open_reply(protocols, record.risk, noted)
    return replies.follow_up_reply(protocols, record.risk, who, other, voice=voice)


def _follow_up_given(tracker: Tracker) -> bool:
    """The next steps for this concern were said since the protocol was given."""
    for event in reversed(tracker.events or []):
        if event.get("event") != "bot":
            continue
        said = str(event.get("text") or "")
        if said.startswith(replies.STILL_FIRST) and replies.NEXT_STEPS in said:
            return True
        if said.startswith(replies.PROTOCOL_FIRST) or replies.CHANGED_RISK in said:
            return False
    return False


# After an all-clear, only a new and sharper signal is asked about again ("she said in caucus
# 'i'm going to finish him'" after "he feels bullied" was screened).
RESCREEN = frozenset({"physical_or_winning", "self_harm"})


def may_screen(key: str, situation: Situation, record: CaseSafety, screened_now: bool) -> bool:
    """One screening question for an ambiguous signal: never the same one twice in a
    situation, and after a screening (or "screened, no concern") only a sharper one."""
    if screened_now or situation.pending == SCREEN_PENDING or key in situation.screens:
        return False
    if not situation.screen_asked and not record.screened_clear:
        return True
    return key in RESCREEN


def answered_risk(answer: str, description: str, key: str, guessed: Optional[str]) -> Optional[str]:
    """The risk a "yes" to a screening question confirms: what the answer itself says
    ("yes, he said he'd take the kids abroad"), a fear for the children ("she's scared he'll
    just take them"), what the description and the answer say together; else the question's guess."""
    said = read(answer, description)
    if said.clear:
        return said.risk
    if TAKING_CHILDREN.search(answer) or (TAKING_CHILDREN.search(description) and not said.risk):
        return CHILD  # "she's scared he'll just take them", said now or as what the question was about
    together = read(f"{description} {answer}")
    if together.clear and together.risk and key != SELF_HARM:
        return together.risk
    return SUICIDE if key == SELF_HARM else guessed or None


# Someone leaving, or shutting down, right after a hint of suicide was asked about.
_LEAVING = re.compile(r"\b(?:putting|put|got|getting|grabbed|grabbing)\s+(?:his|her|their)\s+(?:coat|jacket|bag|keys)|"
                      r"\b(?:walked|walking|storm\w*|gone|went)\s+out\b|\b(?:about|trying|going)\s+to\s+leave\b|"
                      r"\bwon'?t\s+(?:say|talk)\s+(?:any\s?more|about\s+it)\b|\bshut\s+down\b", re.I)


class ActionSafetyScreenAnswer(Action):
    """The mediator's answer to the screening question: a concern gets its protocol; no
    concern is recorded (mediator-only) and the description gets its ordinary answer."""

    def name(self) -> Text:
        return "action_safety_screen_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        from actions.actions import suggest_for  # the ordinary suggestion (actions.py imports this module)
        answer = str(tracker.get_slot(SCREEN_SLOT) or tracker.latest_message.get("text") or "")
        situation = Situation.from_slot(tracker.get_slot("situation"))
        key, risk = (tuple(situation.pending_causes) + ("", ""))[:2]
        situation = situation.answered_screen()
        record = case_safety(tracker)
        verdict = screen_answer(answer)
        if verdict is None and acting_on_a_concern(answer) and not says_no_concern(answer):
            verdict = True  # "no GP yet. dad doesn't know": the mediator is already dealing with it
        if verdict is None and key == SELF_HARM and _LEAVING.search(answer):
            verdict = True  # asked about self-harm: "he won't say any more and he's putting his coat on to leave"
        events: List[EventType] = [SlotSet(SCREEN_SLOT, None)]
        if verdict:
            chosen = answered_risk(answer, " ".join(situation.texts), key, risk)
            who = _who(f"{' '.join(situation.texts)} {answer}", situation, record, chosen)
            return events + give_protocol(dispatcher, tracker, situation, record, chosen, who)
        if verdict is False:
            record_safety(tracker, record.cleared())
            lead = "Thanks: no safety concern, noted for this case (for you only)."
            return events + suggest_for(dispatcher, tracker, situation, lead=lead)
        # Not an answer but a new, different signal ("she said in caucus 'im going to finish him'"
        # while asked whether a solicitor's manner was meant to frighten): that one is asked about.
        fresh = read(answer)
        if fresh.ambiguous and fresh.screen and fresh.screen != key and may_screen(fresh.screen, situation, record, False):
            return events + ask_screening(dispatcher, tracker, situation, fresh.screen, fresh.risk)
        # Not an answer. "its not the past really, she's just angry": a correction of the reading,
        # taken as one (the question is settled, nothing was raised); else the mediator went on
        # describing, and the message is read as any other.
        from actions.reading.acts import act_of
        if act_of(answer, after_strategy=False, after_question=True) == "correct":
            from actions.conversation import ActionCorrectReading
            tracker.slots["situation"] = situation.as_slot()  # the question is answered for what follows
            return events + ActionCorrectReading().run(dispatcher, tracker, domain)
        # "they agreed alternate saturdays", "whats the gap?": the mediator moved on to something
        # else; the question is left (nothing raised, nothing cleared) and the message is heard.
        from actions.actions import _plain_act
        tracker.slots["situation"] = situation.as_slot()
        handed = _plain_act(dispatcher, tracker, domain, answer)
        if handed is not None:
            return events + [SlotSet("situation", situation.as_slot())] + handed
        return events + suggest_for(dispatcher, tracker, situation, add_latest=True)


# "supervisor says shuttle only from now", "separate rooms, she's leaving first": the mediator
# arranged separate rooms, whether or not a concern was recorded here first.
_ARRANGED_APART = re.compile(r"\bshuttle|\bseparate\s+rooms?|\bleaving\s+first|\bleft\s+first|\bnot\s+in\s+the\s+same\s+room|"
                             r"\bsecurity\s+(?:is\s+)?walk", re.I)


class ActionSafetyResolved(Action):
    """The mediator says everyone is safe (safe for now: separate rooms stay for the case),
    or that there was never a concern (screened, no concern)."""

    def name(self) -> Text:
        return "action_safety_resolved"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        situation = Situation.from_slot(tracker.get_slot("situation"))
        record = case_safety(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = tracker.latest_message.get("text") or ""
        if named_at_risk(text) or read(text).clear:
            # "no, he's the one at risk", "she's safe but he said he'd kill himself": not resolved
            from actions.actions import ActionSuggestStrategy  # actions.py imports this module
            return ActionSuggestStrategy().run(dispatcher, tracker, domain)
        no_concern = intent == "safety_no_concern" or says_no_concern(text)
        if no_concern:
            record_safety(tracker, record.cleared())
            say(dispatcher, phrasing.fixed(replies.SCREENED_CLEAR if (record.stands or situation.safety)
                                           else replies.NOTHING_STOOD))
            return [SlotSet("situation", situation.without_safety().as_slot())]
        if not record.stands and not situation.safety and not _ARRANGED_APART.search(text):
            say(dispatcher, phrasing.fixed(phrasing.NO_SAFETY_FLAG))
            return []
        return safe_for_now(dispatcher, tracker, situation, record)


def safe_for_now(dispatcher: CollectingDispatcher, tracker: Tracker, situation: Situation,
                 record: CaseSafety) -> List[EventType]:
    """Everyone is safe for now: separate rooms stay for the case (shuttle only)."""
    record_safety(tracker, record.safe_for_now())
    say(dispatcher, replies.safe_for_now_reply(default_protocols()))
    return [SlotSet("situation", situation.without_safety().as_slot()), SlotSet("current_cause", None),
            SlotSet("current_strategy", None)]


def reads_safety_first(cls):
    """Class decorator for an action a free-text message can reach: a safety signal in the
    message (or a report on an open concern) goes to the safety reading before the action's own
    reply, whatever act the NLU read ("... said in caucus 'i won't be around to see it anyway'"
    read as a request for caucus questions at the start of a case)."""
    own_run = cls.run

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        from actions.actions import safety_first  # actions.py imports this module
        first = safety_first(dispatcher, tracker, domain)
        return first if first is not None else own_run(self, dispatcher, tracker, domain)

    run.__doc__ = own_run.__doc__
    cls.run = run
    return cls


def needs_safety_reading(tracker: Tracker, text: str) -> bool:
    """Whatever act the NLU gave it, this message is the safety reading's: a signal, danger
    words in another language, or a report on a concern that is open in this case."""
    if read(text).level != "none" or foreign_danger(text):
        return True
    record = case_safety(tracker)
    if record.stands and asks_joint_session(text):
        return True  # "he's asking to do the last bit together so they can shake on it", whatever else it says
    if record.stands and record.risk and safety_question(text):
        return True  # "do i have to report it?" while the concern stands: the protocol answers it
    return (record.state == "open" and says_safe_now(text)) or about_open_concern(record, text)


def about_the_concern(text: str) -> bool:
    """While a concern is open: a report on it, "go on or end it?", "ending it", or a note of it."""
    from actions.reading.acts import shaken
    return reports_on_safety(text) or asks_go_on_or_end(text) or says_ending(text) or asks_for_note(text) or shaken(text) \
        or bool(PLAYED_DOWN.search(text))


def about_open_concern(record: CaseSafety, text: str) -> bool:
    """A message about the concern open in this case; for a risk of suicide, also the person
    at risk going off on their own ("he's gone out to his ute")."""
    return record.state == "open" and (about_the_concern(text) or bool(_CHECKING_A_STEP.search(text)) or (
        record.risk == SUICIDE and bool(GONE_ALONE.search(text))))


# While a concern is open, "is that ok, or am I overstepping?" asks about the step just told of.
_CHECKING_A_STEP = re.compile(r"\bam\s+i\s+(?:overstepping|overreacting|over-reacting|doing\s+the\s+right\s+thing)\b|"
                              r"\bis\s+that\s+(?:ok|okay|alright|all\s+right|enough|right)\s*(?:\?|$)", re.I)


class ActionJointSession(Action):
    """"Can I bring them back together?": a plain no while separate rooms stand."""

    def name(self) -> Text:
        return "action_joint_session"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        record = case_safety(tracker)
        situation = Situation.from_slot(tracker.get_slot("situation"))
        if record.stands or situation.safety:
            return refuse_joint(dispatcher, situation, record)
        say(dispatcher, replies.joint_allowed_reply())
        return []


class ActionOtherLanguage(Action):
    """A message in another language: the immediate-danger lines in English when it has
    danger words, else the usual note that the assistant works in English."""

    def name(self) -> Text:
        return "action_other_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        if foreign_danger(tracker.latest_message.get("text") or ""):
            say(dispatcher, replies.other_language_reply(default_protocols()))
        else:
            say(dispatcher, phrasing.fixed(replies.ENGLISH_ONLY))
        return []


@reads_safety_first
class ActionOutOfScope(Action):
    """Off-topic: say what the assistant is for, once the message is checked for danger:
    "he has a gun" or "ella le tiene miedo" read as off-topic still get safety first."""

    fixed_text = replies.OUT_OF_SCOPE

    def name(self) -> Text:
        return "action_out_of_scope"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        if read(text).clear or foreign_danger(text):
            from actions.actions import ActionSuggestStrategy  # actions.py imports this module
            return ActionSuggestStrategy().run(dispatcher, tracker, domain)
        say(dispatcher, phrasing.fixed(self.fixed_text))
        return []


class ActionHostile(ActionOutOfScope):
    """Hostile or sweary: a word for the mediator, once the message is checked for danger."""

    fixed_text = replies.HOSTILE

    def name(self) -> Text:
        return "action_hostile"


class ActionAskSafetyScreenAnswer(Action):
    """The screening question, asked by the form (its key is in the situation)."""

    def name(self) -> Text:
        return "action_ask_safety_screen_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        situation = Situation.from_slot(tracker.get_slot("situation"))
        key = (tuple(situation.pending_causes) + ("general",))[0] or "general"
        say(dispatcher, replies.screening_reply(default_protocols(), key, voice=is_voice(tracker)))
        return []
