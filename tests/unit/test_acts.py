"""What the mediator does with a message: corrections, notes changed or taken back, practice
questions, venting, questions about the assistant (actions/reading/acts.py, conversation.py)."""
import pytest

from knowledge import default_base

from actions.actions import ActionAnotherStrategy, ActionSaveNote, ActionSuggestStrategy
from actions.conversation import (ActionAboutAssistant, ActionAmendNote, ActionCorrectReading,
                                  ActionPracticeQuestion, ActionRemoveNote, ActionVent)
from actions.reading.acts import act_of, amended, assistant_topic, frustrated, pick_note, read_correction, shaken


@pytest.fixture(autouse=True)
def _temporary_case_store(case_store):
    return case_store


@pytest.mark.parametrize("text, asked, last, named, ruled_out", [
    ("no its not about being ready. its distrust + she doesnt have the info", (), "impasse_not_ready",
     "impasse_distrust", ("impasse_not_ready",)),
    ("neither. he feels pressured by his wife", ("impasse_vindictive", "impasse_anger"), None,
     "impasse_coerced", ("impasse_vindictive", "impasse_anger")),
    ("not anger, more that hes scared about money", (), None, "impasse_needs_anxiety", ("impasse_anger",)),
    ("nope, she trusts him fine, she just cant see any option", (), None, "impasse_no_options", ("impasse_distrust",)),
    ("wrong", (), "impasse_anger", None, ("impasse_anger",)),
])
def test_a_correction_names_a_cause_and_rules_others_out(text, asked, last, named, ruled_out):
    correction = read_correction(text, asked, last)
    assert correction.named == named and set(correction.ruled_out) == set(ruled_out)


class Note:
    def __init__(self, id, kind, text):
        self.id, self.kind, self.text = id, kind, text


def test_the_note_a_message_points_to_and_its_new_wording():
    notes = [Note(1, "gain", "christmas with mum"), Note(2, "gain", "dad has 2 weeks in august")]
    assert pick_note("actually scratch the christmas one, mum just changed her mind", notes).id == 1
    assert pick_note("undo that", notes).id == 2
    assert pick_note("remove the pension", notes) is None
    assert amended("actually its 3 weeks not 2", notes[1].text) == "dad has 3 weeks in august"
    assert amended("change the christmas one to boxing day", notes[0].text) == "boxing day with mum"
    assert amended("hmm", notes[0].text) is None


def test_frustration_and_questions_about_the_assistant():
    assert frustrated("fucking hell. 4 hrs and nothing") and not frustrated("they agreed the car goes to her")
    assert assistant_topic("who sees what i type here?") == "who_reads"
    from actions.reading.acts import assistant_topics
    assert assistant_topics("is this confidential? can i put real names in") == ("who_reads", "names")
    assert assistant_topic("how long do you keep my notes") == "retention"
    assert assistant_topic("how do i delete everything") == "delete"


def _run(action, dispatcher, domain, tracker):
    events = action.run(dispatcher, tracker, domain)
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_a_correction_wins_and_stays(dispatcher, tracker_for, domain):
    asked = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "the wife won't sign off on the house, she keeps saying he'll regret it and bringing up the affair",
        [("impasse_vindictive", 0.45), ("impasse_anger", 0.35)]))
    assert asked["situation"]["pending"] == "tell_apart"
    slots = _run(ActionCorrectReading(), dispatcher, domain, tracker_for(
        "neither. she feels pressured by her mother", [("correct_reading", 0.8)], slots=asked))
    reply = dispatcher.messages[-1]["text"]
    assert "pressure" in reply.split("\n")[0] and "set aside" in reply.split("\n")[0]
    assert "Try this:" in reply and slots["current_cause"] == "impasse_coerced"
    # A later message adds to the situation; it does not replace the corrected reading.
    later = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "and now she says she won't even look at the valuation, she's furious about the affair",
        [("impasse_anger", 0.9)], slots={**asked, **slots}))
    assert later["current_cause"] == "impasse_coerced"
    assert "impasse_anger" in later["situation"]["ruled_out"]


def test_a_note_taken_back_or_changed_says_what_changed(dispatcher, tracker_for, domain, case_store):
    case_store.add_note("mediator-1", "gain", "christmas with mum")
    case_store.add_note("mediator-1", "gain", "dad has 2 weeks in august")
    _run(ActionRemoveNote(), dispatcher, domain, tracker_for(
        "actually scratch the christmas one, mum just changed her mind", [("remove_note", 0.9)]))
    assert dispatcher.messages[-1]["text"].startswith("Taken out of the agreements: \u201cchristmas with mum\u201d")
    _run(ActionAmendNote(), dispatcher, domain, tracker_for("actually its 3 weeks not 2", [("amend_note", 0.9)]))
    assert "is now \u201cdad has 3 weeks in august\u201d" in dispatcher.messages[-1]["text"]
    assert [n.text for n in case_store.notes("mediator-1")] == ["dad has 3 weeks in august"]
    _run(ActionRemoveNote(), dispatcher, domain, tracker_for("remove the pension one", [("remove_note", 0.9)]))
    assert dispatcher.messages[-1]["text"].startswith("Which one should I take back?")


def test_an_agreement_brings_back_what_was_parked(dispatcher, tracker_for, domain, case_store):
    case_store.add_note("mediator-1", "parked", "the pension")
    _run(ActionSaveNote(), dispatcher, domain, tracker_for(
        "they agreed dad gets 2 weeks in aug + 1 wk at easter, review next yr", [("note_gain", 0.8)]))
    assert "come back to what's parked: \u201cthe pension\u201d" in dispatcher.messages[-1]["text"]


@pytest.mark.parametrize("action, text, expected", [
    (ActionPracticeQuestion(), "should i get a forensic accountant in?", "isn't in my practice notes"),
    (ActionVent(), "fucking hell. 4 hrs and nothing", "That's a long, hard stretch"),
    (ActionAboutAssistant(), "is this confidential? can i put real names in", "REDACT_NAMES"),
    (ActionAboutAssistant(), "who sees what i type here?", "The parties can't see"),
])
def test_questions_and_venting_get_their_own_answer(dispatcher, tracker_for, domain, action, text, expected):
    _run(action, dispatcher, domain, tracker_for(text, [("x", 0.9)]))
    reply = dispatcher.messages[-1]["text"]
    assert expected in reply and "Try this:" not in reply and "holding them back" not in reply


def test_a_practice_question_is_answered_only_when_one_entry_clearly_fits(dispatcher, tracker_for, domain):
    def asked(text, ranked, entities=None):
        tracker = tracker_for(text, [("practice_question", 0.9)], entities=entities)
        tracker.latest_message["practice"] = {"ranked": ranked}
        return _run(ActionPracticeQuestion(), dispatcher, domain, tracker)
    asked("should i get a forensic accountant in?", [["fam-forensic-accountant", 0.93], ["fam-single-joint-expert", 0.6]])
    answer = dispatcher.messages[-1]
    assert "From my practice notes on \u201cShould I bring in a forensic accountant?\u201d" in answer["text"]
    assert "Sources:" in answer["text"] and "You could say:" in answer["text"]
    # Two entries about as near as each other: no answer said with confidence, both offered.
    asked("experts?", [["fam-single-joint-expert", 0.5], ["civ-joint-medical-expert", 0.49]])
    unsure = dispatcher.messages[-1]
    assert "not sure my practice notes answer exactly that" in unsure["text"] and "From my practice notes" not in unsure["text"]
    # Each button sends that entry's own question, which the notes then answer.
    assert unsure["buttons"][0]["payload"] == default_base().get("fam-single-joint-expert").question


def test_venting_with_a_danger_in_it_gets_safety_first(dispatcher, tracker_for, domain):
    _run(ActionVent(), dispatcher, domain, tracker_for("ffs he's standing over her shouting now", [("vent", 0.6)]))
    assert dispatcher.messages[-1]["text"].startswith("Safety first")


def test_another_idea_right_after_a_question_gives_the_best_reading_so_far(dispatcher, tracker_for, domain):
    asked = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "the wife won't sign off on the house, she keeps saying he'll regret it and bringing up the affair",
        [("impasse_vindictive", 0.45), ("impasse_anger", 0.35)]))
    _run(ActionAnotherStrategy(), dispatcher, domain, tracker_for("another idea", [("another_strategy", 0.9)], slots=asked))
    assert "Try this:" in dispatcher.messages[-1]["text"]


@pytest.mark.parametrize("text, after_strategy, after_question, act", [
    ("they agreed dad gets 2 weeks in aug + 1 wk at easter, review next yr", False, False, "note_gain"),
    ("agreed alternate weekends, starting this sat. 6 week trial", False, False, "note_experiment"),
    ("ok they agreed the car goes to her", True, False, "note_gain"),
    ("and the pension split is parked till the report", True, False, "note_parked"),
    ("lawyers to draft heads of terms by friday", True, False, "note_homework"),
    ("didnt work, she just cried", True, False, "feedback_failed"),
    ("that landed", True, False, "feedback_worked"),
    ("why not just caucus", True, False, "why_this"),
    ("its not the past really, shes just really angry", True, False, "correct"),
    ("actually its 3 weeks not 2", True, False, "amend_note"),
    ("scratch the christmas one, mum just changed her mind", True, False, "remove_note"),
    ("should i get a forensic accountant in?", True, False, "practice_question"),
    ("notes pls", True, False, "ask_notes"),
    ("ok caucus", True, False, "caucus_questions"),
    ("new situation - same couple, now the dog", True, False, "new_situation"),
    ("ok ill offer her one", True, False, "chitchat"),
    # Descriptions stay descriptions.
    ("Husband won't agree to any schedule, he says she'll move the kids", False, False, None),
    ("the builder says the variations were agreed verbally and wants the final 22k", False, False, None),
    ("the landlord parked his van across her drive again", False, False, None),
    ("he wont remove his stuff from the garage", True, False, None),
    ("didnt work", False, False, None),  # no suggestion yet: not feedback
])
def test_what_a_message_plainly_does_read_with_what_was_just_said(text, after_strategy, after_question, act):
    from actions.reading.acts import act_of
    assert act_of(text, after_strategy, after_question) == act


def test_an_answer_in_words_that_names_a_cause_settles_it(dispatcher, tracker_for, domain):
    asked = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "the wife won't sign off on the house, she keeps saying he'll regret it and bringing up the affair",
        [("impasse_vindictive", 0.45), ("impasse_anger", 0.35)]))
    answered = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "she's just furious, super angry", [("impasse_vindictive", 0.6), ("impasse_anger", 0.3)], slots=asked))
    assert answered["current_cause"] == "impasse_anger"


def test_a_safety_signal_goes_first_whatever_act_the_nlu_gave(dispatcher, tracker_for, domain):
    events = ActionCorrectReading().run(dispatcher, tracker_for("hes just said theres no point going on",
                                                                [("correct_reading", 0.7)]), domain)
    assert any(e.get("event") == "active_loop" and e.get("name") == "safety_screen_form" for e in events)


@pytest.mark.parametrize("text, agreement", [
    ("they agreed alternate saturdays", True),
    ("she keeps the dog, he gets walks on sundays", True),
    ("also xmas day visit for an hour", True),
    ("yes record it", True),
    ("mum offered every other weekend + she pays the travel + all of summer", False),
    ("both r super angry yes", False),
    ("phil wants a date today, HR is on his back", False),
])
def test_an_offer_or_a_feeling_is_not_an_agreement(text, agreement):
    from actions.reading.acts import is_agreement
    assert is_agreement(text) is agreement


def test_a_description_read_as_an_agreement_gets_a_reading_not_a_note(dispatcher, tracker_for, domain, case_store):
    _run(ActionSaveNote(), dispatcher, domain, tracker_for(
        "mum offered every other weekend + she pays the travel + all of summer, dad still says no",
        [("note_gain", 0.7), ("impasse_options_unacceptable", 0.3)]))
    assert case_store.notes("mediator-1") == []
    assert "Noted as" not in dispatcher.messages[-1]["text"]


def test_an_agreement_retold_as_a_trial_moves_to_the_experiments(dispatcher, tracker_for, domain, case_store):
    case_store.add_note("mediator-1", "gain", "van parks on the street weekdays 7-9am")
    _run(ActionSaveNote(), dispatcher, domain, tracker_for(
        "actually thats a trial not agreed forever. 2 weeks", [("note_experiment", 0.6)]))
    notes = case_store.notes("mediator-1")
    assert [(n.kind, n.text) for n in notes] == [("experiment", "van parks on the street weekdays 7-9am (trial: 2 weeks)")]
    assert "now in the experiments" in dispatcher.messages[-1]["text"]


def test_a_parked_issue_agreed_later_leaves_the_parked_list(dispatcher, tracker_for, domain, case_store):
    case_store.add_note("mediator-1", "parked", "notice period")
    _run(ActionAmendNote(), dispatcher, domain, tracker_for(
        "actually CEO just accepted 6 months notice if the reference is agreed. so not parked", [("amend_note", 0.6)]))
    notes = case_store.notes("mediator-1")
    assert [n.kind for n in notes] == ["gain"] and "6 months notice" in notes[0].text


def test_a_short_addition_goes_onto_the_latest_note(dispatcher, tracker_for, domain, case_store):
    case_store.add_note("mediator-1", "homework", "both send bank statements")
    _run(ActionAmendNote(), dispatcher, domain, tracker_for("by jan 31", [("amend_note", 0.5)]))
    assert case_store.notes("mediator-1")[0].text == "both send bank statements by jan 31"


def test_a_cause_ruled_out_is_never_offered_again_as_a_button(dispatcher, tracker_for, domain):
    slots = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "neighbours, boundary dispute, neither will move on the fence", [("impasse_distrust", 0.5), ("impasse_positional", 0.4)]))
    _run(ActionCorrectReading(), dispatcher, domain, tracker_for(
        "no its not trust, not that", [("correct_reading", 0.9)], slots=slots))
    titles = [b["title"] for b in dispatcher.messages[-1].get("buttons") or []]
    assert titles and "Distrust" not in titles


@pytest.mark.parametrize("text, vents", [
    ("fucking hell. 4 hrs and nothing", True), ("ugh. they've gone back to the start", True),
    ("we've been at this since 9 and it's hopeless", True), ("brutal day", True),
    ("Long session. Husband wants the house, wife says it's pointless talking to him", False),
    ("he told her to fuck off and walked out, now neither will move on the pension", False),
    ("She thinks mediation is a waste of time and he is sick of them both", False),
])
def test_only_the_mediators_own_frustration_gets_a_word_first(text, vents):
    assert frustrated(text) is vents


@pytest.mark.parametrize("text, act", [
    ("fair. another idea for the maintenance thing for next time?", "another_idea"),
    ("mortgage advisor idea good, she'll book one", "note_homework"),
    ("good idea w the data, manager will pull it", "note_homework"),
    ("she will get the house", None),
    ("wife wont sign, she will check with her lawyer first", None),
    ("neither. he feels pressured by his mum, she keeps saying dont let her take everything", "correct"),
])
def test_what_a_message_plainly_does_after_a_suggestion(text, act):
    from actions.reading.acts import act_of
    assert act_of(text, after_strategy=True, after_question=False) == act


def test_a_note_asked_for_in_a_later_sentence():
    from actions.reading.acts import wants_a_note
    assert wants_a_note("ok shuttle. note review to be reconsidered by HR not him")
    assert not wants_a_note("scratch that - its 110 over 4 not 5")


def test_a_parked_issue_and_homework_in_one_message_are_two_notes(dispatcher, tracker_for, domain, case_store):
    _run(ActionSaveNote(), dispatcher, domain, tracker_for("park the 12 hrs, both check timesheets",
                                                            [("note_parked", 0.8)]))
    notes = case_store.notes("mediator-1")
    assert sorted(n.kind for n in notes) == ["homework", "parked"]
    said = dispatcher.messages[-1]["text"]
    assert "Noted as a parked issue" in said and "Noted as homework" in said


@pytest.mark.parametrize("text, is_shaken", [
    ("ok. ending it. i feel sick honestly", True), ("shaking a bit tbh", True),
    ("ugh i feel like i missed it, she was so quiet all morning", True),
    ("she is shaking", False), ("he feels sick about the offer", False),
])
def test_the_mediator_shaken_after_an_incident(text, is_shaken):
    from actions.reading.acts import shaken
    assert shaken(text) is is_shaken


def test_feedback_words_before_any_suggestion_add_to_the_description(dispatcher, tracker_for, domain, case_store):
    from actions.actions import ActionRecordOutcome
    from actions.situation import Situation
    described = Situation().add("she wants spousal maintenance, he says shes capable of working",
                                [("impasse_needs_anxiety", 0.5)])
    ActionRecordOutcome().run(dispatcher, tracker_for("she hasnt worked since the twins, 12 years",
                                                      [("feedback_failed", 0.6)],
                                                      slots={"situation": described.as_slot()}), domain)
    said = dispatcher.messages[-1]["text"]
    assert "nothing to mark" not in said and ("Try this:" in said or "?" in said)


def test_no_to_an_either_or_question_sets_both_aside():
    correction = read_correction("no, its more that she doesnt trust him, he promised repairs and never did them",
                                 ("impasse_vindictive", "impasse_coerced"))
    assert correction.named == "impasse_distrust"
    assert set(correction.ruled_out) == {"impasse_vindictive", "impasse_coerced"}


@pytest.mark.parametrize("text, act", [
    # a new issue in the same case, said any way
    ("ok different issue, pensions. his is a police pension worth a fair bit", "new_situation"),
    ("different issue same case, the nurse they both employ, who keeps her?", "new_situation"),
    # another idea, in other words
    ("give me something else, they're totally stuck on hours", "another_idea"),
    ("i cant stop every session though. whats something small we can do today", "another_idea"),
    # yes/no practice questions, with or without a question mark, and "... sensible?"
    ("should the LA be at the review? they fund the EHCP", "practice_question"),
    ("would asking for a prognosis report just look like we're stalling", "practice_question"),
    ("can the site manager apologise without it being an admission of liability", "practice_question"),
    ("mediator's adjourned. we might do the rest in writing through solicitors. sensible?", "practice_question"),
    # weighing the reading is not a practice question
    ("is it anger or is she just scared?", None),
    # notes said plainly
    ("settled 27.5k inclusive of costs, paid within 28 days", "note_gain"),
    ("ok put that down, him and his lawyer come back with a figure by the 21st", "note_homework"),
    ("he's agreed ops manager does the rota for the next 8 weeks, then we look at it again", "note_experiment"),
    # changes to a note
    ("actually make the valuer 60/40, him 60, he offered cos he earns more", "amend_note"),
    ("correction on the surveyor, not binding, its advisory", "amend_note"),
    ("not read only access, the bank wont do it, monthly statements posted to her instead", "amend_note"),
    # feedback on the last suggestion
    ("he laughed and said worth every penny to beat her", "feedback_failed"),
    ("site manager came on video and said sorry, claimants counsel says it landed", "feedback_worked"),
    # the session closed for the day; off to try it
    ("ok closed for today, told them we need more paperwork before next time. thanks", "chitchat"),
    ("ask what he needs - ok trying that", "chitchat"),
    # the next step asked for; an advocate going into caucus
    ("ok break done. mum calmer. now what", "another_idea"),
    ("he wont say what now", None),
    ("mediator agreed to caucus. what should my client say", "caucus_questions"),
])
def test_more_ways_of_saying_what_a_message_does(text, act):
    assert act_of(text, True, False) == act


def test_what_now_at_the_start_is_a_description_asking_for_help():
    assert act_of("we're stuck in the landlord mediation, what now", False, False) is None


def test_the_mediators_own_words_of_despair_and_shock_are_theirs():
    assert frustrated("third adjournment on this one, im losing the will to live")
    assert frustrated("committee chair is an absolute nightmare, rules are rules, i could strangle him")
    assert not frustrated("she says she's losing the will to live")
    assert shaken("feel quite shaken tbh")
    assert shaken("bit shaken tbh. didn't see that coming at all") and shaken("my hands are still shaking")
    assert shaken("wow. didn't expect it to get that raw. had to step out for a sec")
    assert frustrated("this is killing me. 3rd time this month w this dept")
    assert frustrated("site's a bloodbath honestly, the builder's going to murder me when I tell him she won't budge")
    assert not frustrated("she says the builder is going to murder her when she tells him")


def test_what_the_words_plainly_do_wins_over_the_intent_the_nlu_gave(dispatcher, tracker_for, domain, case_store):
    from actions.conversation import ActionAmendNote, ActionCorrectReading
    # A practice question the NLU took for a change to a note: answered as a question.
    _run(ActionAmendNote(), dispatcher, domain, tracker_for("should the LA be at the review? they fund the EHCP",
                                                             [("amend_note", 0.7)]))
    reply = dispatcher.messages[-1]["text"]
    assert "Which note should I change" not in reply and ("practice notes" in reply or "From my" in reply)
    # An agreement the NLU took for a correction: stored as a gain, nothing corrected.
    _run(ActionCorrectReading(), dispatcher, domain, tracker_for("settled 27.5k inclusive of costs, paid within 28 days",
                                                                  [("correct_reading", 0.6)]))
    assert dispatcher.messages[-1]["text"].startswith("Noted as a gain")
    assert [n.text for n in case_store.notes("mediator-1")] == ["settled 27.5k inclusive of costs, paid within 28 days"]


@pytest.mark.parametrize("text", [
    "actually ive read her wrong. she doesnt think hes stealing, shes frightened theres not enough for the care fees",
    "actually its less the deeds, they both know roughly where the line is. she's sure he moved the fence posts",
    "actually she admitted in caucus she knows its in the safe. she just wants to make things hard for her sister",
])
def test_the_mediator_taking_their_own_account_back_is_a_correction(text):
    assert act_of(text, True, False) == "correct"
    assert act_of("actually they agreed to sell the car", True, False) == "note_gain"


@pytest.mark.parametrize("text, task", [
    ("mr k works nights so needs to get out at 9pm", False),
    ("oh and grandad muttered on the way out 'she'll regret this, we'll see her in court'", False),
    ("ok asked. underneath it their CEO got embarrassed and they need something to show by end of quarter", False),
    ("dad to send the school reports by friday", True),
    ("he needs to get his payslips to her by monday", True),
    ("valuations by the 14th", True),
])
def test_a_task_is_told_apart_from_a_sides_circumstances(text, task):
    from actions.reading.acts import is_task
    assert is_task(text) is task


def test_a_description_read_as_homework_gets_a_reading_not_a_note(dispatcher, tracker_for, domain, case_store):
    _run(ActionSaveNote(), dispatcher, domain, tracker_for("mr k works nights so needs to get out at 9pm",
                                                            [("note_homework", 0.7)]))
    assert not dispatcher.messages[-1]["text"].startswith("Noted as homework")
    assert case_store.notes("mediator-1") == []


@pytest.mark.parametrize("text, named, ruled_out", [
    ("hmm actually i dont think its really about trust now. she just cant afford her rent, shes panicking about money",
     "impasse_needs_anxiety", ("impasse_distrust",)),
    ("mgr now calm. not anger i think. hes terrified complaint goes on his file", None, ("impasse_anger",)),
    ("ok I don't think dad is angry at us really. they just don't believe anything the district says",
     "impasse_distrust", ("impasse_anger",)),
    ("it's not really resentment, she's just knackered and worried she'll get ill", "impasse_needs_anxiety", ()),
])
def test_corrections_said_as_doubts_are_corrections(text, named, ruled_out):
    assert act_of(text, True, False) == "correct"
    correction = read_correction(text)
    assert correction.named == named and correction.ruled_out == ruled_out
    for other in ("thats the wrong read i think. she's frightened she'll have nothing to retire on",
                  "btw earlier you had it as both sides hating the options, it's really that the buyer doesn't trust them",
                  "not a standoff exactly. the homeowner just doesnt trust him to come back once he's paid"):
        assert act_of(other, True, False) == "correct"
    assert act_of("i dont think he will sign today", True, False) is None


@pytest.mark.parametrize("text, after_strategy, act", [
    # reports back on what was tried, worked or failed by what happened
    ("update 2 wks later. no contractor came. tenant furious", False, "feedback_failed"),
    ("update after the month, troughs fine, both happy with it", False, "feedback_worked"),
    ("asked the supplier what he'd put on the table. he said a free replacement run. buyer's interested", True,
     "feedback_worked"),
    ("vicar apologised properly, she actually cried, they shook hands", True, "feedback_worked"),
    ("tried summarising the gains, the son said dont thank them for doing their job", True, "feedback_failed"),
    ("update: she has agreed to sell the car", False, "note_gain"),
    ("asked her about the house, she wants to stay", True, None),
    # trials, agreements and homework said plainly
    ("they'll try 2 weeks: drums only 4-7pm weekdays, white noise machine comes off the ceiling", True, "note_experiment"),
    ("they agreed to try: landlord gets a contractor out by friday, we check in in 2 weeks", True, "note_experiment"),
    ("hang on, that £800 thing is a trial not a deal, they'll look at it again in september", True, "amend_note"),
    ("done: GC pays $75k undisputed by the 15th, rest of the change orders get reviewed", True, "note_gain"),
    ("they agree the older lad carries on farming as now and pays his brother £800 a month", True, "note_gain"),
    ("they agree on nothing", True, None),
    ("mum marks up sections F and I by next thursday, caseworker answers her questions by email", True, "note_homework"),
    # small talk
    ("morning. third one today, fuelled by bad coffee", False, "chitchat"),
    ("do you ever get sick of neighbor disputes lol", True, "chitchat"),
    ("hi, separating couple, she says he hides money", False, None),
])
def test_reports_back_trials_and_small_talk(text, after_strategy, act):
    assert act_of(text, after_strategy, False) == act


def test_a_trial_called_a_trial_again_says_it_already_is_one(dispatcher, tracker_for, domain, case_store):
    case_store.add_note("mediator-1", "experiment", "he cuts it to 2.5m by the 30th, she pays 60%")
    _run(ActionAmendNote(), dispatcher, domain, tracker_for(
        "hang on, that's a trial not a deal, they'll look at it again in march", [("amend_note", 0.6)]))
    assert dispatcher.messages[-1]["text"].startswith("That one is already written down as a short-term experiment")
    assert [n.kind for n in case_store.notes("mediator-1")] == ["experiment"]


@pytest.mark.parametrize("text, after_strategy, act", [
    ("summary i can send both solicitors", False, "export"),
    ("can you write it up as short heads of terms I can share with their GC", False, "export"),
    ("ok different case entirely. a housing co-op, member hasn't paid service charges", True, "new_case"),
    ("ok thats done. next one in 20 min, commercial lease, cafe owner vs landlord over a rent review", True, "new_case"),
    ("other thing. tenant wants to put up a grain store", True, "new_situation"),
    ("diff issue same family. joanne has power of attorney", True, "new_situation"),
    ("theyve brainstormed. another", True, "another_idea"),
    ("they won't go for a joint expert, say it'll add 4 months. what else", True, "another_idea"),
    ("builder fixes just the flashing tmrw. if it holds thru this weeks rain they talk money for the rest", True,
     "note_experiment"),
    ("experiment: she pays £150 a month into a holding account for 2 months", False, "note_experiment"),
    ("gareth to do a list of the contents by next thursday", False, "note_homework"),
    ("ravi keeps 3%, sells 5% now at the 409A. done", False, "note_gain"),
    ("asked for till Friday and framed it as 'she wants to keep to it'. he went for it", True, "feedback_worked"),
    ("she sent a summary of her outgoings to him", False, None),
    ("another thing he said was that she lies", True, None),
    ("she wants something else", True, None),
])
def test_more_acts_said_plainly(text, after_strategy, act):
    assert act_of(text, after_strategy, False) == act


@pytest.mark.parametrize("text", [
    "four hours and we've moved 3 grand. this is killing me",
    "these people have spent more on lawyers than it would cost to repaint the house twice. kill me",
    "their HR lady said they'll bury her in paperwork. charming. sorry, just needed to say that to someone",
    "if I don't get this settled she will murder me haha",
])
def test_the_mediator_venting_in_other_words(text):
    assert frustrated(text)


def test_a_figure_amended_keeps_the_words_around_it():
    note = "smaller clients go to whoever has been the lead contact for the last 2 years"
    assert amended("tweak that, last 3 years not 2", note).endswith("for the last 3 years")


def test_when_a_parked_issue_comes_back_is_part_of_the_parked_note():
    from actions.reading.acts import split_notes
    assert split_notes("parking the wedding money, come back to it after valuation") == []


def test_why_a_named_strategy_is_explained_even_when_it_was_not_the_last_one():
    from actions import phrasing
    from actions.playbook import default_playbook
    playbook = default_playbook()
    assert phrasing.strategy_named("why future tho. rhys will say im brushing him off", playbook) == "focus_future"
    assert phrasing.strategy_named("why package? its just money", playbook) == "trade_across_issues"
    reply = phrasing.why_named_reply(playbook, "focus_future", "impasse_past_focus", "Rhys", "the farm").text
    assert reply.startswith("I read it as") and "\u201cTurn to the future\u201d fits that" in reply and "blame game" in reply
    assert phrasing.strategy_named("why would provisional damages help us?", playbook) is None


@pytest.mark.parametrize("text", [
    "not craig so much now. last complaint she made went to HR and vanished. she doesnt believe anything agreed will happen",
    "hmm no i talked to her. she's scared she cant live on whats left. never handled money, he did it all",
    "actually just talked to the elders alone. its not time they need. regional body says the offer goes today",
    "hmm more that she doesnt know if he can even do 40. never read the rent review clause. no solicitor",
])
def test_a_correction_that_describes_the_new_reading(text):
    assert act_of(text, True, False) == "correct"
    assert act_of("no progress at all, they just sat there and glared at each other for an hour", True, False) is None


def test_taking_back_one_part_of_a_note_keeps_the_rest():
    from actions.reading.acts import without_part
    note = "dad gets 2 weeks in aug and 1 at easter, review next yr"
    assert without_part("actually scratch the easter one, mum just changed her mind", note) == \
        "dad gets 2 weeks in aug, review next yr"
    assert without_part("scratch the christmas one", "mum has christmas day, dad boxing day") is None
    assert without_part("scratch that", note) is None


def test_the_reason_given_for_taking_a_part_back_does_not_take_more():
    from actions.reading.acts import without_part
    note = "Sue gets the desk by the window and Karen the one by the door, and no post-its on shared screens"
    assert without_part("scratch the post-its bit, Karen wants to think about it", note) == \
        "Sue gets the desk by the window, Karen the one by the door"
