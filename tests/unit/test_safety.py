"""Safety: the reader of risk, the protocols per risk type, the case's states, and the actions.

The messages are the ones practising mediators sent in the trial that found the old check
reacting to words (issue 15), plus the forms of each risk mediators meet.
"""
import pytest
import yaml

from actions.safety import assess, asks_joint_session, foreign_danger, named_at_risk, read, says_no_concern, screen_answer
from actions.safety.protocols import PROTOCOLS_FILE, ProtocolError, default_protocols, fill, parse
from actions.safety.state import CaseSafety, party_for, person_at_risk
from actions.safety_turns import (ActionAskSafetyScreenAnswer, ActionJointSession, ActionOtherLanguage,
                                  ActionSafetyResolved, ActionSafetyScreenAnswer)
from actions.actions import ActionSaveNote, ActionSuggestStrategy


@pytest.fixture(autouse=True)
def _temporary_case_store(case_store):
    return case_store


# --- the reader ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "where were you when she was dying",
    "he threatened to take her to court",
    "they're threatening to sue the builder",
    "can i ask her to wait outside? shes not a party",
    "should phones be off in sessions?",
    "I did screen him privately, he says hes fine, no fear",
    "she's terrified of losing the house",
    "he's afraid the business will go under",
    "this is killing the deal",
    "shoot me now. theyre arguing about a lawnmower",
    "the driver who hit her was eighteen and uninsured",
    "my client lost her husband to suicide two years ago; the insurer won't pay",
    "fucking hell. 4 hrs and nothing",
    "they were shouting at each other about the invoice, both calmer now",
    "there's no violence, just a lot of door slamming years ago",
])
def test_grief_legal_threats_winning_and_room_questions_are_not_danger(text):
    assert not read(text).clear, text


@pytest.mark.parametrize("text,risk", [
    ("hes standing over her shouting now", "danger_now"),
    ("he's blocking the door and won't let her leave", "danger_now"),
    ("the husband just called her a stupid bitch and she threw her water at him", "danger_now"),
    ("he followed her out to the car park", "danger_now"),
    ("he'll kill himself if he loses the kids", "suicide_self_harm"),
    ("she said she'd be better off dead", "suicide_self_harm"),
    ("mum thinks he'll take the kids to pakistan and not bring them back", "child_at_risk"),
    ("the 6yo told the teacher daddy hurts her", "child_at_risk"),
    ("she says he hit her last year and she is scared of him", "domestic_abuse"),
    ("she has to ask him for money for petrol and he checks her phone every night", "domestic_abuse"),
    ("there's a non-mol order in place", "domestic_abuse"),
    ("the neighbour said he'd burn her fence down with her in the garden", "threats_harassment"),
    ("hes moved his chair right next to hers and keeps leaning in when she talks, she wont look up", "danger_now"),
    ("he's moved his chair right up next to hers and she's gone quiet, won't look up", "danger_now"),
    ("her manager told her colleague he would kill her if she went to HR", "threats_harassment"),
])
def test_clear_signals_get_their_own_risk_type(text, risk):
    signal = read(text)
    assert signal.clear and signal.risk == risk, (text, signal)


@pytest.mark.parametrize("text,screen", [
    ("its about beating her now", "physical_or_winning"),
    ("he threatened her", "threat_kind"),
    ("she looked terrified", "fear_kind"),
    ("i still cant believe this is happening", "general"),
    ("she's been bullied at work for months", "intimidation"),
    ("hes just said theres no point going on", "self_harm"),
])
def test_ambiguous_signals_ask_one_screening_question(text, screen):
    signal = read(text)
    assert signal.ambiguous and signal.screen == screen, (text, signal)


def test_the_classifier_alone_is_only_a_reason_to_ask():
    assert assess("her brother", classifier=0.2).level == "none"
    asked = assess("they are going round in circles", classifier=0.9)
    assert asked.ambiguous and asked.screen == "general"
    assert assess("I screened her, no fear at all", classifier=0.9).level == "none"


@pytest.mark.parametrize("text,expected", [
    ("physically", True), ("winning the argument", False), ("afraid of the person", True),
    ("afraid of the outcome", False), ("no, just upset", False), ("yes", True), ("not sure", True),
    ("a legal threat, no danger", False), ("he means in court", False), ("he hit her before", True),
    ("the weather", None),
    ("his lawyer threatened to sue the company if we dont settle today", None),
])
def test_screening_answers(text, expected):
    assert screen_answer(text) is expected


def test_joint_session_requests_and_who_is_at_risk():
    assert asks_joint_session("can i just bring them together for 5 minutes?")
    assert asks_joint_session("can i just do a quick joint session to confirm the school bit")
    assert not asks_joint_session("he wants the kids every other weekend")
    assert named_at_risk("he's the one at risk, not her") == "he"
    assert says_no_concern("false alarm, nobody is in danger") and not says_no_concern("everyone is safe now")


@pytest.mark.parametrize("text", ["ella le tiene miedo", "il me frappe", "ele disse que vai matá-la",
                                  "on ją bije", "هو يضربها", "他打她"])
def test_danger_words_in_other_languages(text):
    assert foreign_danger(text)


def test_harmless_other_language_is_not_danger():
    assert not foreign_danger("no entiendo el acuerdo")
    assert not foreign_danger("elle a peur de perdre la maison")


# --- the protocols -----------------------------------------------------------------------------

def test_every_risk_has_its_own_protocol_and_suicide_never_sends_the_person_away():
    protocols = default_protocols()
    assert len({p.label for p in protocols.risks.values()}) == 5
    suicide = " ".join(protocols.get("suicide_self_harm").steps).lower()
    assert "leave first" not in suicide and "alone" in suicide and "116 123" in suicide
    assert "domestic abuse" not in " ".join(protocols.get("threats_harassment").referrals).lower()
    assert fill("Ask {who} alone.", None, None) == "Ask the person at risk alone."


def test_a_broken_protocols_file_fails_at_load():
    data = yaml.safe_load(PROTOCOLS_FILE.read_text())
    data["risks"]["suicide_self_harm"]["steps"][0] = "Let {who} leave first."
    with pytest.raises(ProtocolError):
        parse(data)
    data = yaml.safe_load(PROTOCOLS_FILE.read_text())
    data["risks"]["child_at_risk"]["heard"] = "About {child}."
    with pytest.raises(ProtocolError):
        parse(data)


def test_states_and_people():
    record = CaseSafety().raised("domestic_abuse", "the wife")
    assert record.stands and record.safe_for_now().stands and record.safe_for_now().who == "the wife"
    assert not record.cleared().stands and record.cleared().screened_clear
    assert party_for("he", ["the wife", "the husband"]) == "the husband"
    assert person_at_risk("he'll kill himself if he loses the kids", ["the wife", "the husband"]) == "the husband"


# --- the actions -------------------------------------------------------------------------------

def _run(action, dispatcher, domain, tracker):
    events = action.run(dispatcher, tracker, domain)
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, events


WIFE_HUSBAND = [{"entity": "party", "value": "the wife", "start": 0, "end": 8},
                {"entity": "party", "value": "the husband", "start": 0, "end": 11}]


def test_a_threat_of_suicide_gets_the_suicide_protocol_about_him(dispatcher, tracker_for, domain, case_store):
    _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "the husband says he'll kill himself if he loses the kids, the wife wants them",
        [("safety_concern", 0.6)], entities=WIFE_HUSBAND))
    text = dispatcher.messages[0]["text"]
    assert "harming or killing himself" in text and "the husband" in text
    assert "leave first" not in text and "Are you thinking of killing yourself?" in text
    assert case_store.safety("mediator-1")[:2] == ("open", "suicide_self_harm")


def test_who_is_at_risk_changes_the_person_the_protocol_speaks_of(dispatcher, tracker_for, domain, case_store):
    slots, _ = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "the wife says the husband hit her last year", [("safety_concern", 0.8)], entities=WIFE_HUSBAND))
    assert "the wife" in dispatcher.messages[0]["text"].split("\n")[0]
    _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "no, he's the one at risk, not her", [("safety_concern", 0.5)], slots=slots))
    again = dispatcher.messages[-1]["text"]
    assert again.startswith("Understood: the husband is the one at risk.")
    assert case_store.safety("mediator-1")[2] == "the husband"


def test_an_ambiguous_word_gets_one_question_then_the_answer_decides(dispatcher, tracker_for, domain, case_store):
    slots, events = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "its about beating her now, whatever it costs", [("impasse_vindictive", 0.6), ("safety_concern", 0.3)]))
    assert {"event": "active_loop", "name": "safety_screen_form", "timestamp": None} in events
    assert dispatcher.messages == []  # the form asks, with the question this turn chose
    ActionAskSafetyScreenAnswer().run(dispatcher, tracker_for("", [], slots=slots), domain)
    asked = dispatcher.messages[0]
    assert "Do you mean physically, or winning the argument?" in asked["text"] and "Safety first" not in asked["text"]
    assert [b["title"] for b in asked["buttons"]] == ["Physically", "Winning the argument"]
    # "winning the argument": recorded as screened, no concern; the description gets its answer.
    _run(ActionSafetyScreenAnswer(), dispatcher, domain, tracker_for(
        "winning the argument", [("impasse_positional", 0.5)], slots={**slots, "safety_screen_answer": "winning the argument"}))
    answer = dispatcher.messages[-1]["text"]
    assert answer.startswith("Thanks: no safety concern") and "Safety first" not in answer
    assert case_store.safety("mediator-1")[0] == "screened_clear"
    # The same words later in this case do not raise the alarm again.
    _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "honestly it's just about beating her at this point", [("impasse_vindictive", 0.7)]))
    assert "physically" not in dispatcher.messages[-1]["text"]


def test_a_yes_to_the_screening_question_gets_the_protocol(dispatcher, tracker_for, domain, case_store):
    slots, _ = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "she looked terrified when he came back in", [("impasse_anger", 0.6)]))
    _run(ActionSafetyScreenAnswer(), dispatcher, domain, tracker_for(
        "afraid of the person", [("safety_concern", 0.5)], slots={**slots, "safety_screen_answer": "afraid of the person"}))
    assert dispatcher.messages[-1]["text"].startswith("Safety first")
    assert case_store.safety("mediator-1")[0] == "open"


def test_the_yes_to_a_screening_question_sets_the_risk_it_tells_of(dispatcher, tracker_for, domain, case_store):
    # Asked because she looked terrified; the answer says what she fears: the children taken.
    slots, _ = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "two kids, 4 and 6. she looked terrified when he came back in", [("impasse_anger", 0.6)]))
    _run(ActionSafetyScreenAnswer(), dispatcher, domain, tracker_for(
        "yes she's scared he'll just take them", [("safety_concern", 0.5)],
        slots={**slots, "safety_screen_answer": "yes she's scared he'll just take them"}))
    assert dispatcher.messages[-1]["text"].startswith("Safety first")
    assert case_store.safety("mediator-1")[:2] == ("open", "child_at_risk")


def test_a_threat_to_take_the_children_abroad_for_good_is_clear():
    for said in ("he said he would take the kids abroad and she would never see them",
                 "he threatened to take them back to poland and she won't see them again"):
        signal = read(said)
        assert (signal.level, signal.risk) == ("clear", "child_at_risk"), said
    # A summer abroad with a contact question is ordinary business.
    assert read("she is going to take the kids to spain for the summer, he will not see them at weekends").level == "none"


def test_safe_for_now_keeps_separate_rooms_and_refuses_a_joint_session(dispatcher, tracker_for, domain, case_store):
    _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "he pushed her against the wall in the car park last month, she disclosed it in caucus. he grabbed her arm",
        [("safety_concern", 0.9)], entities=WIFE_HUSBAND))
    _run(ActionSafetyResolved(), dispatcher, domain, tracker_for(
        "she left first, he waited 20 mins, everyone is safe now", [("safety_resolved", 0.9)]))
    assert case_store.safety("mediator-1")[0] == "shuttle_only"
    assert "shuttle only" in dispatcher.messages[-1]["text"]
    # Asked outright, and hidden in a note: a plain no, with why and what instead.
    _run(ActionJointSession(), dispatcher, domain, tracker_for(
        "can I just bring them together for 5 minutes?", [("ask_joint_session", 0.9)]))
    assert dispatcher.messages[-1]["text"].startswith("No, I wouldn't bring them together")
    _run(ActionSaveNote(), dispatcher, domain, tracker_for(
        "can i just do a quick joint session to confirm the school bit", [("note_homework", 0.7)]))
    assert dispatcher.messages[-1]["text"].startswith("No, I wouldn't bring them together")
    assert case_store.notes("mediator-1") == []
    # Ordinary ideas again, never a joint-session step.
    slots, _ = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "they're stuck on the school holidays, both dug in on the same two weeks", [("impasse_positional", 0.9)]))
    from actions.playbook import default_playbook
    assert default_playbook().strategies[slots["current_strategy"]].setting != "joint"


def test_a_false_alarm_is_recorded_as_screened(dispatcher, tracker_for, domain, case_store):
    _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for("he threatened to hit her", [("safety_concern", 0.9)]))
    _run(ActionSafetyResolved(), dispatcher, domain, tracker_for(
        "what?? nobody is in danger", [("safety_no_concern", 0.9)]))
    assert case_store.safety("mediator-1")[0] == "screened_clear"
    assert "screened, no safety concern" in dispatcher.messages[-1]["text"]


def test_joint_session_is_the_mediators_call_without_a_concern(dispatcher, tracker_for, domain):
    _run(ActionJointSession(), dispatcher, domain, tracker_for("can I bring them together?", [("ask_joint_session", 0.9)]))
    assert dispatcher.messages[-1]["text"].startswith("No safety concern stands")


def test_other_language_with_danger_words_gets_the_emergency_lines(dispatcher, tracker_for, domain, case_store):
    _run(ActionOtherLanguage(), dispatcher, domain, tracker_for("ella le tiene miedo", [("unusable_input", 1.0)]))
    assert "999" in dispatcher.messages[-1]["text"] and "English" in dispatcher.messages[-1]["text"]
    _run(ActionOtherLanguage(), dispatcher, domain, tracker_for("no entiendo el acuerdo", [("unusable_input", 1.0)]))
    assert "999" not in dispatcher.messages[-1]["text"] and "English" in dispatcher.messages[-1]["text"]
    assert case_store.safety("mediator-1") == (None, None, None)  # nothing else changes


@pytest.mark.parametrize("text", ["", " ", "x" * 20000, "ella le tiene miedo but he's standing over her",
                                  "\u0000\u202e", "🙂🙂🙂", "she is scared " * 500])
def test_the_safety_path_never_crashes_or_stays_silent(dispatcher, tracker_for, domain, text):
    events = ActionSuggestStrategy().run(dispatcher, tracker_for(text, [("safety_concern", 0.7)]), domain)
    # Either it answered, or it handed the turn to the screening form, which asks.
    asks = any(e.get("event") == "active_loop" and e.get("name") == "safety_screen_form" for e in events)
    assert asks or (dispatcher.messages and dispatcher.messages[-1].get("text"))


def test_the_action_server_registers_every_action_the_domain_names(domain):
    """What `rasa run actions --actions actions.actions` (scripts/serve.sh) does at start: every
    action the domain names is found from that module, and every Action subclass has a name."""
    from rasa_sdk.executor import ActionExecutor
    executor = ActionExecutor()
    executor.register_package("actions.actions")
    custom = [a for a in domain["actions"] if a.startswith("action_")]
    assert not set(custom) - set(executor.actions), set(custom) - set(executor.actions)


def test_off_topic_or_hostile_still_checks_for_danger(dispatcher, tracker_for, domain):
    from actions.safety_turns import ActionHostile, ActionOutOfScope
    ActionOutOfScope().run(dispatcher, tracker_for("ella le tiene miedo", [("out_of_scope", 0.8)]), domain)
    assert "999" in dispatcher.messages[-1]["text"]
    ActionHostile().run(dispatcher, tracker_for("fucking hell. 4 hrs and nothing", [("hostile", 0.8)]), domain)
    assert "rough session" in dispatcher.messages[-1]["text"]
    ActionOutOfScope().run(dispatcher, tracker_for("he's got a knife in his bag", [("out_of_scope", 0.6)]), domain)
    assert dispatcher.messages[-1]["text"].startswith("Safety first")


def test_a_screening_report_that_says_more_gets_its_answer_too(dispatcher, tracker_for, domain, case_store):
    first = ActionSuggestStrategy().run(dispatcher, tracker_for(
        "elderly mum lives with her son, the other son wants her in sheltered housing, she keeps looking at him",
        [("impasse_needs_anxiety", 0.7)]), domain)
    slots = {e["name"]: e["value"] for e in first if e.get("event") == "slot"}
    ActionSuggestStrategy().run(dispatcher, tracker_for(
        "i spoke to her alone. she says she really wants to stay, feels safe, just worries about being a burden",
        [("impasse_needs_anxiety", 0.8)], slots=slots), domain)
    reply = dispatcher.messages[-1]["text"]
    assert reply.startswith("Noted in the case record, for you only: screened, no safety concern.")
    assert "Try this:" in reply or "?" in reply
    assert case_store.safety("mediator-1")[0] == "screened_clear"


def test_short_messages_in_another_language_get_the_english_note(dispatcher, tracker_for, domain):
    ActionSuggestStrategy().run(dispatcher, tracker_for("no entiendo el acuerdo", [("impasse_no_options", 0.4)]), domain)
    assert dispatcher.messages[-1]["text"].startswith("Sorry, I can only work in English")


def test_a_note_about_the_safety_arrangements_stays_out_of_what_is_shared():
    from actions.phrasing import mentions_safety
    assert mentions_safety("next session in 2 wks by shuttle") and mentions_safety("she leaves first, staggered")
    assert not mentions_safety("dad has 2 weeks in august")


@pytest.mark.parametrize("text", [
    "got him into the corridor, colleague with him. she's crying but ok",
    "his brother is coming to pick him up, he rang the crisis number with me sitting there",
    "shes shaken but says she doesnt want police",
    "she agreed her daughter can take the tablets home and GP tomorrow morning",
])
def test_reports_on_an_open_concern_are_recognised(text):
    from actions.safety.signals import reports_on_safety
    assert reports_on_safety(text)


@pytest.mark.parametrize("text", ["they agreed alternate saturdays", "park the pension for now",
                                  "he wants the house, she wants it sold"])
def test_ordinary_progress_is_not_a_safety_report(text):
    from actions.safety.signals import reports_on_safety
    assert not reports_on_safety(text)


def test_a_report_while_the_concern_is_open_gets_what_to_see_to_next(dispatcher, tracker_for, domain, case_store):
    slots, _ = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "the husband says he'll kill himself if he loses the kids, the wife wants them",
        [("safety_concern", 0.6)], entities=WIFE_HUSBAND))
    # Read as a plain agreement by the NLU, but it is a report on the concern: never stored as a gain.
    _run(ActionSaveNote(), dispatcher, domain, tracker_for(
        "he agreed his brother takes him home and he'll ring the GP tomorrow", [("note_gain", 0.8)], slots=slots))
    reply = dispatcher.messages[-1]["text"]
    assert reply.startswith("Safety still comes first in this case (risk of suicide or self-harm)")
    assert "Samaritans 116 123" in reply and "leave first" not in reply
    assert case_store.notes("mediator-1") == []
    # "everyone is safe now" said in a report: safe for now, shuttle only.
    _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "brother came, they left together, everyone safe now", [("impasse_not_ready", 0.5)], slots=slots))
    assert case_store.safety("mediator-1")[0] == "shuttle_only"
    assert "shuttle only" in dispatcher.messages[-1]["text"]


def test_every_risk_has_follow_up_steps_for_its_own_kind():
    from actions.safety.replies import follow_up_reply
    protocols = default_protocols()
    threats = follow_up_reply(protocols, "threats_harassment", "Kerry", "Dean").text
    assert "HR" in threats and "domestic abuse" not in threats
    child = follow_up_reply(protocols, "child_at_risk", None, None).text
    assert "safeguarding" in child
    spoken = follow_up_reply(protocols, "danger_now", "the wife", "the husband", voice=True)
    assert spoken.buttons == [] or not spoken.buttons


def test_leaving_after_a_hint_of_suicide_was_asked_about_is_a_yes(dispatcher, tracker_for, domain, case_store):
    slots, _ = _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "in caucus he said 'dont worry about the hearing, it wont matter by then, ive made my arrangements'",
        [("impasse_not_ready", 0.6)]))
    assert dispatcher.messages == []  # the screening form asks its question (self-harm) this turn
    said = "he wont say any more and hes putting his coat on to leave"
    _run(ActionSafetyScreenAnswer(), dispatcher, domain, tracker_for(
        said, [("impasse_not_ready", 0.5)], slots={**slots, "safety_screen_answer": said}))
    assert dispatcher.messages[-1]["text"].startswith("Safety first")
    assert case_store.safety("mediator-1")[:2] == ("open", "suicide_self_harm")


def test_a_joint_session_asked_for_inside_feedback_is_still_refused(dispatcher, tracker_for, domain, case_store):
    from actions.actions import ActionRecordOutcome
    _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "he pushed her against the wall in the car park last month, she disclosed it in caucus",
        [("safety_concern", 0.9)], entities=WIFE_HUSBAND))
    _run(ActionSafetyResolved(), dispatcher, domain, tracker_for(
        "she left first, everyone is safe now, separate rooms from here", [("safety_resolved", 0.9)]))
    _run(ActionRecordOutcome(), dispatcher, domain, tracker_for(
        "he's asking to do the last bit together so they can 'shake on it'. would make him calmer honestly",
        [("strategy_worked", 0.7)]))
    assert dispatcher.messages[-1]["text"].startswith("No, I wouldn't bring them together")


def test_more_of_the_same_risk_while_its_protocol_stands_gets_the_fitting_steps(dispatcher, tracker_for, domain, case_store):
    _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "two kids 4 and 7. he said he would take the kids abroad and she would never see them",
        [("safety_concern", 0.9)], entities=WIFE_HUSBAND))
    assert dispatcher.messages[-1]["text"].startswith("Safety first")
    _run(ActionSuggestStrategy(), dispatcher, domain, tracker_for(
        "she just told me he's booked flights for friday and has both passports", [("safety_concern", 0.9)]))
    again = dispatcher.messages[-1]["text"]
    assert again.startswith("Safety still comes first") and "urgent" in again and "port alert" in again
    assert case_store.safety("mediator-1")[:2] == ("open", "child_at_risk")


def test_two_sides_named_as_a_pair_are_the_parties_the_protocol_speaks_of():
    from actions.reading.people import named_pair
    assert named_pair("finances, Tom and Hannah, married 12 years") == ["Tom", "Hannah"]
    assert named_pair("neighbours. mr hale and mrs obi, shared drive") == ["Mr Hale", "Mrs Obi"]
    assert named_pair("Mum and Dad both want Christmas") == [] and named_pair("the house and the car") == []
    assert person_at_risk("he followed her car to the school twice this week", ["Mr Hale", "Mrs Obi"]) == "Mrs Obi"


def test_control_of_her_things_says_who_is_at_risk():
    text = "in caucus she told me he lets himself in when she's at work and moves her things around"
    assert person_at_risk(text, ["Mrs Achebe", "Mr Lowe"]) == "Mrs Achebe"
