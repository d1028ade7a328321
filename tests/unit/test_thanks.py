"""'Thanks' and 'bye' that say more: feedback after a suggestion, or a long day (issue 16)."""
from actions.conversation import ActionGoodbye, ActionThanks
from actions.situation import Situation


def test_plain_thanks_gets_the_short_reply(dispatcher, tracker_for, domain):
    ActionThanks().run(dispatcher, tracker_for("thanks, that's useful", [("thanks", 0.9)]), domain)
    assert dispatcher.messages[-1]["response"] == "utter_thanks"


def test_a_long_day_gets_a_word_for_the_mediator(dispatcher, tracker_for, domain):
    ActionGoodbye().run(dispatcher, tracker_for("thats us. long day", [("goodbye", 0.9)]), domain)
    from actions.talk import VENT
    assert dispatcher.messages[-1]["text"].startswith(VENT)


def test_praise_right_after_a_suggestion_is_feedback(dispatcher, tracker_for, domain, case_store):
    slots = {"current_strategy": "caucus", "situation": Situation().add("x", []).answered_with().as_slot()}
    ActionThanks().run(dispatcher, tracker_for("that was brilliant thank you", [("thanks", 0.9)], slots=slots), domain)
    from actions.phrasing import NOTHING_OFFERED
    assert dispatcher.messages[-1]["text"] == NOTHING_OFFERED  # went to the outcome, which finds none stored


def test_a_question_read_as_why_this_is_heard_as_a_question(dispatcher, tracker_for, domain):
    from actions.actions import ActionDescribeFirst, ActionExplainStrategy
    ActionExplainStrategy().run(dispatcher, tracker_for("do i tell him why we're stopping", [("explain_strategy", 0.8)]),
                                domain)
    said = dispatcher.messages[-1]
    assert said.get("response") != "utter_describe_first" and "practice notes" in said["text"]
    ActionDescribeFirst().run(dispatcher, tracker_for("why would that help", [("explain_strategy", 0.9)]), domain)
    assert dispatcher.messages[-1]["response"] == "utter_describe_first"


def test_a_flat_no_then_what_it_is_instead_is_a_correction():
    from actions.reading.acts import act_of
    assert act_of("nah they're not even reading the offers. vendor thinks every proposal is a trap", True, False) == "correct"
    assert act_of("no one is moving at all on the house, it is hopeless", True, False) is None
    assert act_of("no thanks", True, False) is None


def test_a_safety_signal_read_as_caucus_or_thanks_gets_the_safety_reading(dispatcher, tracker_for, domain, case_store):
    from actions.actions import ActionCaucusQuestions
    events = ActionCaucusQuestions().run(dispatcher, tracker_for("she said in caucus im going to finish him",
                                                                 [("caucus_questions", 0.8)]), domain)
    assert any(e.get("event") == "active_loop" and e.get("name") == "safety_screen_form" for e in events)
    assert not dispatcher.messages  # the screening form asks its one question next, no caucus questions
    ActionThanks().run(dispatcher, tracker_for("thanks. he just punched the wall next to her head",
                                               [("thanks", 0.8)]), domain)
    assert dispatcher.messages[-1]["text"].startswith("Safety first")
