"""Every action a free-text message can reach reads safety first, whatever act the NLU read.

A mediator types danger in whatever words come: "... said in caucus 'i won't be around to see it
anyway'" was read as a request for caucus questions at the start of a case and answered "tell
me about the impasse first". Here each such action gets a clear signal of each kind as its
latest message and must answer with that risk's protocol, never its own reply.
"""
import inspect

import pytest
from rasa_sdk import Action

from actions import actions as actions_module
from actions import conversation, safety_turns, worksheet

# Reached only by their own flows, never by a free-text message read as their act: the safety
# actions themselves, the forms and their helpers, and the actions that change or export the case
# on a button or a plain command (a new case is created before its description is read).
EXEMPT = {
    "ActionSafetyScreenAnswer", "ActionSafetyResolved", "ActionJointSession", "ActionOtherLanguage",
    "ActionAskSafetyScreenAnswer", "ActionSafetyProtocol", "ActionBatnaSummary", "ActionStopWorksheet",
    "ActionNewCase", "ActionNewSituation", "ActionExportCase", "ActionAskForgetCase",
    # The worksheet's questions, asked by its form: the answers go through ValidateBatnaForm (below).
    "_AskWorksheetStep", "ActionAskBatnaWorst", "ActionAskBatnaLikely", "ActionAskBatnaCost", "ActionAskBatnaTime",
}

DANGER = [
    ("estate, 2 brothers. the older one said in caucus 'doesnt matter what we agree, i wont be around to see it anyway'",
     "Safety first: risk of suicide or self-harm"),
    ("hes just stood up and is shouting right over her face, shes backed into the wall",
     "Safety first: danger in the room now"),
]


def free_text_actions():
    found = {}
    for module in (actions_module, conversation, safety_turns, worksheet):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Action) and cls is not Action and cls.__module__ == module.__name__ \
                    and name.startswith("Action") and name not in EXEMPT:
                found[name] = cls
    return sorted(found.items())


def test_the_exempt_list_names_real_actions():
    names = {name for module in (actions_module, conversation, safety_turns, worksheet)
             for name, _ in inspect.getmembers(module, inspect.isclass)}
    assert EXEMPT <= names


@pytest.mark.parametrize("name, cls", free_text_actions())
@pytest.mark.parametrize("text, opening", DANGER)
def test_a_clear_signal_gets_its_protocol_from_every_action(name, cls, text, opening, dispatcher, tracker_for,
                                                           domain, case_store):
    cls().run(dispatcher, tracker_for(text, [("chitchat", 0.6)]), domain)
    said = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    assert said.startswith(opening), f"{name}: {said[:120]!r}"


def test_danger_typed_as_a_worksheet_answer_ends_the_worksheet_with_the_protocol(dispatcher, tracker_for, domain,
                                                                                 case_store):
    import asyncio
    from actions.worksheet import ValidateBatnaForm
    tracker = tracker_for(DANGER[1][0], [("inform", 0.6)], slots={"requested_slot": "batna_worst"})
    events = asyncio.run(ValidateBatnaForm().run(dispatcher, tracker, domain))
    said = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    assert said.startswith(DANGER[1][1])
    assert {"event": "slot", "name": "requested_slot", "value": None} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]
    assert not any(e.get("name", "").startswith("batna_") and e.get("value") for e in events)


def test_an_unclear_signal_typed_as_a_worksheet_answer_is_not_written_down(dispatcher, tracker_for, domain):
    from actions.worksheet import ValidateBatnaForm
    validate = ValidateBatnaForm().validate_batna_worst
    kept = validate("it's about beating her now, whatever it takes", dispatcher, tracker_for("x"), domain)
    assert kept == {"batna_worst": None} and "may be about safety" in dispatcher.messages[-1]["text"]
    kept = validate("losing in court and paying both sides' costs", dispatcher, tracker_for("x"), domain)
    assert kept == {"batna_worst": "losing in court and paying both sides' costs"}


def test_while_a_concern_is_open_the_worksheet_waits(dispatcher, tracker_for, domain, case_store):
    import asyncio
    from actions.safety.state import CaseSafety
    from actions.safety_turns import record_safety
    from actions.worksheet import ValidateBatnaForm
    tracker = tracker_for("she says hes already booked flights for friday", [("inform", 0.6)],
                          slots={"requested_slot": "batna_best"})
    record_safety(tracker, CaseSafety().raised("child_at_risk", None))
    events = asyncio.run(ValidateBatnaForm().run(dispatcher, tracker, domain))
    said = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    assert said.startswith("Safety still comes first in this case (a child at risk")
    assert not any(e.get("name", "").startswith("batna_") and e.get("value") for e in events)
