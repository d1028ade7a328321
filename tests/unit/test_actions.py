"""Actions read the tracker, call the recommender and set slots for what was offered."""
import pytest as _pytest
import pytest
from rasa_sdk.events import SlotSet

from actions.actions import (ActionAnotherStrategy, ActionCaucusQuestions, ActionClarifyCause,
                             ActionExplainStrategy, ActionRespondAffirm, ActionSafetyProtocol,
                             ActionSuggestStrategy)

@_pytest.fixture(autouse=True)
def _temporary_case_store(case_store):
    """Every action test writes to its own temporary database."""
    return case_store


DISTRUST = "Husband won't agree, says she'll move the kids the minute it's signed"


def slots_of(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def party(value):
    return {"entity": "party", "value": value, "start": 0, "end": len(value)}


def test_suggest_sets_slots_and_offers_the_top_strategy(dispatcher, tracker_for, domain, playbook):
    tracker = tracker_for(DISTRUST, [("impasse_distrust", 0.91), ("greet", 0.02)],
                          entities=[party("Husband")])
    events = ActionSuggestStrategy().run(dispatcher, tracker, domain)
    slots = slots_of(events)
    top = max(playbook.weights["impasse_distrust"].items(), key=lambda kv: kv[1])[0]
    assert slots["current_strategy"] == top
    assert slots["current_cause"] == "impasse_distrust"
    assert slots["offered_strategies"] == [top]
    assert slots["party"] == "Husband" and slots["issue"] is None
    assert slots["cause_ranking"] == {"impasse_distrust": 0.91}
    message = dispatcher.messages[0]
    assert "the husband" in message["text"] and len(message["buttons"]) == 3


def test_suggest_weighs_a_secondary_cause(dispatcher, tracker_for, domain):
    tracker = tracker_for("She won't sign because she doesn't trust him and she's scared about the rent",
                          [("impasse_distrust", 0.7), ("impasse_needs_anxiety", 0.25)])
    slots = slots_of(ActionSuggestStrategy().run(dispatcher, tracker, domain))
    assert set(slots["cause_ranking"]) == {"impasse_distrust", "impasse_needs_anxiety"}
    assert "fear that their own needs" in dispatcher.messages[0]["text"]


def test_suggest_puts_safety_first_even_when_secondary(dispatcher, tracker_for, domain):
    tracker = tracker_for("He's shouting and she says she's scared of what he'll do after",
                          [("impasse_anger", 0.55), ("safety_concern", 0.4)])
    slots = slots_of(ActionSuggestStrategy().run(dispatcher, tracker, domain))
    assert slots["current_cause"] == "safety_concern"
    assert "call emergency services now" in dispatcher.messages[0]["text"]


def test_another_skips_what_was_offered(dispatcher, tracker_for, domain):
    tracker = tracker_for("/another_strategy", [("another_strategy", 1.0)], slots={
        "cause_ranking": {"impasse_anger": 0.9}, "offered_strategies": ["take_break"],
        "current_strategy": "take_break", "current_cause": "impasse_anger"})
    slots = slots_of(ActionAnotherStrategy().run(dispatcher, tracker, domain))
    assert slots["current_strategy"] == "caucus"
    assert slots["offered_strategies"] == ["take_break", "caucus"]
    assert "Try this: Meet each side separately" in dispatcher.messages[0]["text"]


def test_another_without_a_situation_asks_for_one(dispatcher, tracker_for, domain):
    events = ActionAnotherStrategy().run(dispatcher, tracker_for("another", []), domain)
    assert events == []
    assert dispatcher.messages[0]["response"] == "utter_describe_first"


def test_explain_quotes_the_description_and_does_not_repeat_the_why(dispatcher, tracker_for, domain, playbook):
    situation = {"texts": ["they were yelling across the table", "then she stormed out of the room"],
                 "parts": [[6, [["impasse_anger", 0.9]]], [7, [["impasse_anger", 0.9]]]]}
    tracker = tracker_for("why", [("explain_strategy", 1.0)], slots={
        "current_strategy": "take_break", "current_cause": "impasse_anger", "situation": situation})
    ActionExplainStrategy().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "\u201cthey were yelling across the table\u201d" in text
    assert "\u201cthen she stormed out of the room\u201d" in text
    assert playbook.causes["impasse_anger"].needs in text
    assert playbook.strategies["take_break"].why["impasse_anger"] not in text


def test_caucus_questions_fill_the_issue(dispatcher, tracker_for, domain):
    tracker = tracker_for("caucus", [("caucus_questions", 1.0)], slots={
        "current_cause": "impasse_distrust", "issue": "the schedule"})
    ActionCaucusQuestions().run(dispatcher, tracker, domain)
    assert "the schedule" in dispatcher.messages[0]["text"]


def test_clarify_offers_the_likely_causes(dispatcher, tracker_for, domain):
    tracker = tracker_for("I don't know, they just keep going round in circles on the whole thing",
                          [("nlu_fallback", 0.4), ("impasse_coerced", 0.3),
                                  ("impasse_positional", 0.25)])
    ActionClarifyCause().run(dispatcher, tracker, domain)
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert payloads[:2] == ["/impasse_coerced", "/impasse_positional"]


def test_voice_channel_gets_the_spoken_form(dispatcher, tracker_for, domain, playbook):
    tracker = tracker_for("they're screaming", [("impasse_anger", 0.95)], channel="twilio_voice")
    ActionSuggestStrategy().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert not message["buttons"] and "\n" not in message["text"]
    assert message["text"].endswith("?")


def test_button_payload_keeps_the_names_already_given(dispatcher, tracker_for, domain):
    tracker = tracker_for("/impasse_past_focus", [("impasse_past_focus", 1.0)],
                          slots={"situation": {"texts": ["the sister won't discuss the cottage"],
                                               "parts": [[6, [["impasse_past_focus", 0.3]]]],
                                               "parties": ["the sister"], "party": "the sister",
                                               "issue": "the cottage",
                                               "pending": "clarify"}})
    slots = slots_of(ActionSuggestStrategy().run(dispatcher, tracker, domain))
    assert slots["party"] == "the sister" and slots["issue"] == "the cottage"


@pytest.mark.parametrize("has_strategy, expected", [(True, "slot"), (False, None)])
def test_affirm_means_another_idea_after_a_strategy(dispatcher, tracker_for, domain,
                                                    has_strategy, expected):
    slots = {"cause_ranking": {"impasse_anger": 0.9}, "offered_strategies": ["take_break"],
             "current_strategy": "take_break"} if has_strategy else {}
    events = ActionRespondAffirm().run(dispatcher, tracker_for("yes", [("affirm", 1.0)], slots=slots),
                                       domain)
    if expected:
        assert any(e["event"] == "slot" for e in events)
    else:
        assert dispatcher.messages[0]["response"] == "utter_help"


def test_safety_action_clears_the_strategy(dispatcher, tracker_for, domain):
    events = ActionSafetyProtocol().run(dispatcher, tracker_for("he hit her last week", [("safety_concern", 0.9)]), domain)
    assert SlotSet("current_strategy", None) in events


def test_the_classifier_alone_never_gives_the_protocol(dispatcher, tracker_for, domain):
    """'her brother' read as a safety concern at 0.88 is no signal; 'x' at 0.9 gets one question at most."""
    events = ActionSafetyProtocol().run(dispatcher, tracker_for("her brother", [("safety_concern", 0.88)]), domain)
    assert "Safety first" not in dispatcher.messages[0]["text"]
    assert not any(e.get("event") == "active_loop" for e in events)


# --- A description over several messages (actions.situation) ----------------------------

def _run(action, dispatcher, domain, tracker):
    events = action.run(dispatcher, tracker, domain)
    return slots_of(events)


def test_thin_message_gets_one_question_not_a_strategy(dispatcher, tracker_for, domain):
    slots = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "the husband won't sign", [("impasse_vindictive", 0.56), ("impasse_distrust", 0.22)],
        entities=[party("the husband")]))
    assert "Try this:" not in dispatcher.messages[0]["text"]
    assert "what reason does the husband give" in dispatcher.messages[0]["text"]
    assert slots["situation"]["pending"] == "thin" and "current_strategy" not in slots


def test_second_message_adds_to_the_description_and_converges(dispatcher, tracker_for, domain):
    first = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "the husband won't sign", [("impasse_vindictive", 0.56), ("impasse_distrust", 0.22),
                                   ("impasse_past_focus", 0.01)], entities=[party("the husband")]))
    slots = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "he says she lied about the money before, hid an account in 2019",
        [("impasse_distrust", 0.62), ("impasse_past_focus", 0.35)], slots=first))
    assert next(iter(slots["cause_ranking"])) == "impasse_distrust"
    assert slots["situation"]["texts"] == ["the husband won't sign",
                                           "he says she lied about the money before, hid an account in 2019"]
    assert "doesn't believe the other side will keep its word" in dispatcher.messages[1]["text"]
    assert slots["party"] == "the husband"


def test_close_call_asks_the_question_that_tells_them_apart(dispatcher, tracker_for, domain):
    text = "She keeps saying no to the buyout figure for the house, and she says he's hidden money before"
    slots = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        text, [("impasse_distrust", 0.42), ("impasse_options_unacceptable", 0.38)]))
    asked = dispatcher.messages[0]
    assert asked["text"].count("Is it more that") == 1 and "Try this:" not in asked["text"]
    assert [b["payload"] for b in asked["buttons"]] == ["/impasse_distrust", "/impasse_options_unacceptable"]
    assert slots["situation"]["pending"] == "tell_apart"

    # The answer in words settles it, although on its own it would read otherwise.
    answer = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "it's the number, it leaves her short", [("impasse_needs_anxiety", 0.5),
                                                 ("impasse_options_unacceptable", 0.3),
                                                 ("impasse_distrust", 0.05)], slots=slots))
    assert answer["current_cause"] == "impasse_options_unacceptable"
    assert "Try this:" in dispatcher.messages[1]["text"]


def test_close_call_answered_with_a_button(dispatcher, tracker_for, domain):
    text = "She keeps saying no to the buyout figure for the house, and she says he's hidden money before"
    slots = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        text, [("impasse_distrust", 0.42), ("impasse_options_unacceptable", 0.38)]))
    answer = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "/impasse_distrust", [("impasse_distrust", 1.0)], slots=slots))
    assert answer["current_cause"] == "impasse_distrust"
    assert answer["situation"]["texts"] == [text]  # a click adds no words


def test_advocate_role_is_set_from_inside_a_description(dispatcher, tracker_for, domain):
    slots = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "I'm representing the employer; the former manager wants a reference and twelve months' "
        "pay and my people won't go past six", [("impasse_positional", 0.8)]))
    assert slots["role"] == "advocate" and slots["represented_party"] == "the employer"
    assert "the employer" in dispatcher.messages[0]["text"].split("\n\n")[-1]


def test_parties_issue_and_amounts_land_in_slots(dispatcher, tracker_for, domain):
    text = ("Sarah says her brother Tom always got everything growing up and she won't give him "
            "another cent; she wants $150,000 from mom's estate and Tom is offering 120k")
    person = lambda name: {"entity": "PERSON", "value": name, "start": text.index(name),
                           "end": text.index(name) + len(name)}
    slots = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        text, [("impasse_past_focus", 0.7), ("impasse_vindictive", 0.2)],
        entities=[person("Sarah"), person("Tom"),
                  {"entity": "issue", "value": "mom's estate", "start": 0, "end": 1}]))
    assert slots["parties"] == ["Sarah", "Tom"] and slots["issue"] == "mom's estate"
    assert [a["value"] for a in slots["amounts"]] == [150000.0, 120000.0]
    assert slots["money_gap"] == 30000.0


def test_safety_stays_with_the_situation(dispatcher, tracker_for, domain, playbook):
    first = _run(ActionSafetyProtocol(), dispatcher, domain, tracker_for(
        "he grabbed her arm and she is scared to be in the same room", [("safety_concern", 0.9)]))
    later = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "ok they calmed down, now he's yelling at her about the money", [("impasse_anger", 0.8)],
        slots=first))
    # Three later messages: never a joint-session tactic, always the safety reminder.
    slots = {**first, **later}
    for text, ranking, action in [
            ("another idea", [("another_strategy", 0.99)], ActionAnotherStrategy()),
            ("he says she's lying about the savings account", [("impasse_distrust", 0.8)], ActionSuggestStrategy()),
            ("another idea", [("another_strategy", 0.99)], ActionAnotherStrategy())]:
        slots.update(_run(action, dispatcher, domain, tracker_for(text, ranking, slots=slots)))
    for message in dispatcher.messages[1:]:
        assert "Safety still comes first in this case (domestic abuse or coercive control)" in message["text"]
        assert "(in joint session)" not in message["text"]
    # A report on the concern ("they calmed down") gets what to see to next for this risk;
    # "another idea" and a new part of the dispute get the next separate-room option.
    report, *others = dispatcher.messages[1:]
    assert "Next:" in report["text"] and "leave first" in report["text"]
    for message in others:
        assert "Try this:" in message["text"] and "(in caucus)" in message["text"]


def test_safety_resolved_brings_back_ordinary_suggestions(dispatcher, tracker_for, domain):
    from actions.safety_turns import ActionSafetyResolved
    first = _run(ActionSafetyProtocol(), dispatcher, domain, tracker_for(
        "he grabbed her arm and she is scared to be in the same room",
        [("safety_concern", 0.8), ("impasse_anger", 0.15), ("impasse_coerced", 0.03)]))
    resolved = _run(ActionSafetyResolved(), dispatcher, domain, tracker_for(
        "everyone is safe now, he has left", [("safety_resolved", 0.9)], slots=first))
    assert resolved["situation"]["safety"] is False
    after = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "they are shouting at each other about the money now and she walked out", [("impasse_anger", 0.9)],
        slots={**first, **resolved}))
    # Safe for now is not "no concern": ordinary ideas come back, but only in separate rooms.
    assert after["current_strategy"] == "take_break"
    assert "(in separate rooms)" in dispatcher.messages[-1]["text"]
    assert "shuttle only" in dispatcher.messages[-1]["text"]


@pytest.mark.parametrize("text", ["he grabbed her by the arm in the car park",
                                  "she has a protective order against him",
                                  "he threatened to hurt her if she doesn't sign"])
def test_danger_words_get_the_protocol_even_when_the_classifier_is_unsure(dispatcher, tracker_for, domain, text):
    slots = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        text, [("impasse_anger", 0.45), ("impasse_positional", 0.2)]))
    assert slots["current_cause"] == "safety_concern"
    assert "call emergency services now" in dispatcher.messages[0]["text"]


def test_pressure_gets_a_private_screening_before_any_tactic(dispatcher, tracker_for, domain, playbook):
    _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "her brother keeps telling her to just sign tonight or he'll stop helping with the kids",
        [("impasse_coerced", 0.8)]))
    text = dispatcher.messages[0]["text"]
    assert playbook.safety.screening[0] in text
    assert text.index("Ask each party privately") < text.index("Try this:")


def test_new_situation_clears_the_description(dispatcher, tracker_for, domain):
    from actions.actions import ActionNewSituation
    slots = _run(ActionNewSituation(), dispatcher, domain, tracker_for(
        "new situation", [("new_situation", 0.97)], slots={"situation": {"texts": ["x"]}}))
    assert slots["situation"] is None and slots["parties"] is None
    assert "new situation" in dispatcher.messages[0]["text"]


def test_after_an_answer_a_clear_new_message_says_where_things_stand_now(dispatcher, tracker_for, domain):
    first = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "Husband won't agree to any schedule, he says she'll just move the kids out of state the minute it's signed",
        [("impasse_distrust", 0.88), ("impasse_vindictive", 0.05)], entities=[party("Husband")]))
    later = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "they are yelling at each other and one of them just stormed out",
        [("impasse_anger", 0.98), ("impasse_distrust", 0.01)], slots=first))
    assert next(iter(later["cause_ranking"])) == "impasse_anger"
    assert later["party"] == "Husband", "the people of the situation stay"
    # An unclear follow-up still adds to the description instead.
    unclear = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "and now nobody is saying anything at all, it's been ten minutes of silence",
        [("impasse_not_ready", 0.3), ("impasse_anger", 0.25)], slots={**first, **later}))
    assert len(unclear["situation"]["texts"]) == 2


def test_safety_is_a_state_of_the_case_across_situations_and_conversations(
        dispatcher, tracker_for, domain, playbook, case_store):
    from actions.actions import ActionNewSituation
    from actions.safety_turns import ActionSafetyResolved
    _run(ActionSafetyProtocol(), dispatcher, domain, tracker_for(
        "he grabbed her arm and she is scared to be in the same room", [("safety_concern", 0.9)]))
    assert case_store.safety("mediator-1")[0] == "open"
    # A new situation in the same case: the reply says the concern stands...
    _run(ActionNewSituation(), dispatcher, domain, tracker_for("new situation", [("new_situation", 0.97)]))
    assert "safety concern raised earlier in this case still stands" in dispatcher.messages[-1]["text"]
    # ...and a description with no slots at all (a new conversation) gets separate-room options.
    slots = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "they are shouting at each other about the money and she walked out", [("impasse_anger", 0.95)]))
    assert "Safety still comes first in this case" in dispatcher.messages[-1]["text"]
    assert slots["current_strategy"] in playbook.safety.safe_strategies
    # Resolved: the case is clear again, ordinary suggestions come back.
    _run(ActionSafetyResolved(), dispatcher, domain, tracker_for(
        "everyone is safe now, he has left", [("safety_resolved", 0.9)]))
    assert case_store.safety("mediator-1")[0] == "shuttle_only"
    slots = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "they are shouting at each other about the money and she walked out", [("impasse_anger", 0.95)]))
    assert slots["current_strategy"] == "take_break" and "(in separate rooms)" in dispatcher.messages[-1]["text"]


def test_another_mediators_safety_concern_does_not_spill_over(dispatcher, tracker_for, domain, case_store):
    case_store.set_safety("someone-else", "open", "domestic_abuse")
    slots = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "they are shouting at each other about the money and she walked out", [("impasse_anger", 0.95)]))
    assert slots["current_strategy"] == "take_break"


def test_under_a_safety_concern_the_safe_options_come_in_order_with_their_own_reasons(
        dispatcher, tracker_for, domain, playbook):
    slots = _run(ActionSafetyProtocol(), dispatcher, domain, tracker_for(
        "he grabbed her arm and she is scared to be in the same room", [("safety_concern", 0.9)]))
    chosen = []
    for _ in range(4):
        slots.update(_run(ActionAnotherStrategy(), dispatcher, domain, tracker_for(
            "another idea", [("another_strategy", 0.99)], slots=slots)))
        chosen.append(slots["current_strategy"])
    assert chosen == ["shuttle_or_end", "caucus", "ask_what_they_need", "shuttle_or_end"]
    assert slots["current_cause"] == "safety_concern"
    first = dispatcher.messages[1]["text"]
    option = playbook.safety.safe_options["shuttle_or_end"]
    assert option.why in first and option.question in first
    assert "A question for the person at risk, in private:" in first
    caucus = dispatcher.messages[2]["text"]
    assert playbook.safety.safe_options["caucus"].how[0] in caucus and "back to the table" not in caucus
    assert "every idea I have" not in first and "every idea I have" in dispatcher.messages[4]["text"]
    # "Why this?" and the caucus questions speak to the concern, not to a negotiation tactic.
    _run(ActionExplainStrategy(), dispatcher, domain, tracker_for("why this?", [("explain_strategy", 0.99)], slots=slots))
    assert dispatcher.messages[-1]["text"].startswith("A safety concern stands in this case")
    _run(ActionCaucusQuestions(), dispatcher, domain, tracker_for("caucus questions", [("caucus_questions", 0.99)], slots=slots))
    assert "Do you feel safe being here today" in dispatcher.messages[-1]["text"]


def test_pressure_on_voice_gets_the_screening_in_one_spoken_sentence(dispatcher, tracker_for, domain):
    from actions.phrasing import SCREENING_SPOKEN
    _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "her brother keeps telling her to just sign tonight or he'll stop helping with the kids",
        [("impasse_coerced", 0.8)], channel="twilio_voice"))
    text = dispatcher.messages[0]["text"]
    assert SCREENING_SPOKEN in text and "\n" not in text and "- Do you feel free" not in text


def test_one_figure_alone_is_not_said_back_but_two_and_a_gap_are(dispatcher, tracker_for, domain):
    _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "the number on the table is about $268,000 and both sides are dug in, neither will move an inch",
        [("impasse_positional", 0.9)]))
    assert "$268,000" not in dispatcher.messages[0]["text"]
    _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "she wants $150,000 and he offers 120k and both sides are dug in, neither will move an inch",
        [("impasse_positional", 0.9)]))
    assert "They're $30,000 apart: she $150,000, he 120k. The midpoint is $135,000." in dispatcher.messages[1]["text"]


def test_figures_of_other_roles_are_never_paired_into_a_gap(dispatcher, tracker_for, domain):
    """A house value and a sister's savings are not two offers: no "apart" line at all."""
    _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "the house is worth 420k and his sister has 90k in savings, neither will move an inch",
        [("impasse_positional", 0.9)]))
    assert "apart" not in dispatcher.messages[0]["text"]


def test_unsure_who_offered_what_asks_instead_of_pairing(dispatcher, tracker_for, domain):
    _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "two numbers on the table 45k and 60k, not sure which side put forward which, both dug in",
        [("impasse_positional", 0.9)]))
    text = dispatcher.messages[0]["text"]
    assert "apart" not in text and "I can't tell who put forward 45k and 60k" in text


def test_naming_who_after_the_thin_question_is_no_safety_concern(dispatcher, tracker_for, domain, case_store):
    """The classifier reads "her brother" as a safety concern at 0.88 (the safety examples are
    full of "her"); a message that only names people carries no such signal."""
    from actions.actions import ActionSafetyProtocol
    first = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "they're stuck on the pension", [("impasse_positional", 0.4), ("impasse_needs_anxiety", 0.3)]))
    assert first["situation"]["pending"] == "thin"
    who = _run(ActionSafetyProtocol(), dispatcher, domain, tracker_for(
        "her brother", [("safety_concern", 0.88), ("impasse_vindictive", 0.07)], slots=first))
    assert who["situation"]["safety"] is False and who.get("current_cause") != "safety_concern"
    assert case_store.safety("mediator-1")[0] is None
    assert "call emergency services" not in dispatcher.messages[-1]["text"]
    assert who["party"] == "the brother"
