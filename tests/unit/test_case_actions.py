"""Case memory through the actions: notes, summary, outcomes, role, export, forget."""
import pytest

from actions.actions import (ActionAnotherStrategy, ActionAskForgetCase, ActionCaucusQuestions,
                             ActionExportCase, ActionNewCase, ActionRecordOutcome,
                             ActionRespondAffirm, ActionRespondDeny, ActionSaveNote,
                             ActionSetRole, ActionSuggestStrategy, ActionSummariseGains)


def slots_of(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def run(action, tracker, domain):
    from rasa_sdk.executor import CollectingDispatcher
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, domain)
    return dispatcher.messages, events


def note(tracker_for, intent, text, **kw):
    return tracker_for(text, [(intent, 0.95)], **kw)


def test_each_kind_of_note_is_stored_and_confirmed(case_store, tracker_for, domain):
    for intent, text in [("note_gain", "they agreed on the holiday schedule"),
                         ("note_parked", "park the pension for now"),
                         ("note_homework", "homework: she brings the bank statements")]:
        messages, _ = run(ActionSaveNote(), note(tracker_for, intent, text), domain)
        assert "Noted as" in messages[0]["text"]
    kinds = [n.kind for n in case_store.notes("mediator-1")]
    assert kinds == ["gain", "parked", "homework"]
    assert case_store.notes("mediator-1", "homework")[0].text == "she brings the bank statements"


def test_experiment_is_written_as_temporary(case_store, tracker_for, domain):
    tracker = note(tracker_for, "note_experiment", "they'll try alternating weekends for a month",
                   entities=[{"entity": "issue", "value": "alternating weekends", "start": 14, "end": 34}])
    messages, _ = run(ActionSaveNote(), tracker, domain)
    text = messages[0]["text"]
    assert "temporary: not the final agreement" in text
    assert "Review: for a month" in text and "By whom: both parties" in text
    assert case_store.notes("mediator-1", "experiment")[0].review_date == "for a month"


@pytest.mark.parametrize("text, expected", [("", "empty"), ("x" * 20000, "too long")])
def test_bad_notes_are_refused_and_nothing_is_stored(case_store, tracker_for, domain, text, expected):
    messages, _ = run(ActionSaveNote(), note(tracker_for, "note_gain", text), domain)
    assert expected in messages[0]["text"]
    assert case_store.notes("mediator-1") == []


def test_database_down_says_the_note_was_not_saved(store_down, tracker_for, domain):
    messages, _ = run(ActionSaveNote(), note(tracker_for, "note_gain", "they agreed on the car"), domain)
    assert "nothing was stored" in messages[0]["text"]


def test_suggestions_still_work_with_the_database_down(store_down, tracker_for, domain):
    messages, events = run(ActionSuggestStrategy(),
                           tracker_for("they're yelling", [("impasse_anger", 0.9)]), domain)
    assert "Try this:" in messages[0]["text"]
    assert slots_of(events)["current_strategy"]


def test_summary_lists_gains_next_step_and_parked(case_store, tracker_for, domain):
    case_store.add_note("mediator-1", "gain", "holiday schedule agreed")
    case_store.add_note("mediator-1", "parked", "the pension")
    messages, _ = run(ActionSummariseGains(), tracker_for("summarise", [("summarise_gains", 1.0)]), domain)
    text = messages[0]["text"]
    assert "- holiday schedule agreed" in text and "Suggested next step" in text
    assert "Parked, to come back to:\n- the pension" in text


def test_summary_brings_up_homework_and_experiments_due_for_review(case_store, tracker_for, domain):
    case_store.add_note("mediator-1", "homework", "bring the bank statements", who="Dana")
    case_store.add_note("mediator-1", "experiment", "alternating weekends", review_date="for a month")
    messages, _ = run(ActionSummariseGains(), tracker_for("summarise", [("summarise_gains", 1.0)]), domain)
    text = messages[0]["text"]
    assert "No agreements are noted yet." in text
    assert "- bring the bank statements (Dana)" in text
    assert "- alternating weekends (review: for a month)" in text


@pytest.mark.parametrize("question, expected, absent", [
    ("what's parked?", "Parked so far:\n- the lake house", "bank statements"),
    ("remind me what homework we gave", "Homework given:\n- bring the bank statements", "lake house"),
    ("what's left?", "Parked, to come back to:\n- the lake house", None),
])
def test_case_questions_are_answered_and_never_stored(case_store, tracker_for, domain, question, expected, absent):
    from actions.actions import ActionAnswerCaseQuestion
    case_store.add_note("mediator-1", "parked", "the lake house")
    case_store.add_note("mediator-1", "homework", "bring the bank statements")
    before = case_store.snapshot("mediator-1")
    messages, events = run(ActionAnswerCaseQuestion(), tracker_for(question, [("ask_case", 0.9)]), domain)
    assert expected in messages[0]["text"]
    if absent:
        assert absent not in messages[0]["text"]
    after = case_store.snapshot("mediator-1")
    assert (after.parked, after.homework, after.gains) == (before.parked, before.homework, before.gains)


def test_outcomes_are_recorded_and_change_the_next_ranking(case_store, tracker_for, domain, playbook):
    ranking = [("impasse_anger", 0.9)]
    first, events = run(ActionSuggestStrategy(), tracker_for("shouting", ranking), domain)
    top = slots_of(events)["current_strategy"]
    for _ in range(3):
        case_store.record_offer("mediator-1", "impasse_anger", top)
        messages, _ = run(ActionRecordOutcome(), tracker_for("that didn't work",
                                                             [("strategy_failed", 0.9)]), domain)
        assert "didn't work" in messages[0]["text"]
    assert case_store.outcome_counts("mediator-1")[("impasse_anger", top)] == (0, 3)
    _, events = run(ActionSuggestStrategy(), tracker_for("shouting again", ranking), domain)
    assert slots_of(events)["current_strategy"] != top


def test_outcome_with_nothing_offered(case_store, tracker_for, domain):
    messages, _ = run(ActionRecordOutcome(), tracker_for("that worked", [("strategy_worked", 0.9)]), domain)
    assert "haven't suggested anything" in messages[0]["text"]


def test_advocate_role_adds_the_advocate_view(case_store, tracker_for, domain, playbook):
    tracker = tracker_for("I'm representing the wife", [("set_role_advocate", 0.9)],
                          entities=[{"entity": "party", "value": "the wife", "start": 17, "end": 25}])
    messages, events = run(ActionSetRole(), tracker, domain)
    assert slots_of(events) == {"role": "advocate", "represented_party": "the wife"}
    assert "representing the wife" in messages[0]["text"]
    slots = {"role": "advocate", "represented_party": "the wife"}
    messages, events = run(ActionSuggestStrategy(),
                           tracker_for("he's dug in", [("impasse_positional", 0.9)], slots=slots), domain)
    strategy = playbook.strategies[slots_of(events)["current_strategy"]]
    assert f"As the wife's advocate: {strategy.advocate}" in messages[0]["text"]
    messages, _ = run(ActionCaucusQuestions(), tracker_for("caucus", [("caucus_questions", 1.0)],
                                                           slots={**slots, "current_cause": "impasse_positional"}), domain)
    assert "Preparing your client for caucus" in messages[0]["text"]
    _, events = run(ActionSetRole(), tracker_for("I'm the mediator", [("set_role_mediator", 0.9)]), domain)
    assert slots_of(events) == {"role": "mediator", "represented_party": None}


def test_new_case_separates_notes_and_resets_offers(case_store, tracker_for, domain):
    case_store.add_note("mediator-1", "gain", "old gain")
    _, events = run(ActionNewCase(), tracker_for("new case", [("new_case", 1.0)]), domain)
    assert slots_of(events)["offered_strategies"] == []
    assert case_store.notes("mediator-1") == []


def test_export_is_markdown_with_everything(case_store, tracker_for, domain):
    case_store.add_note("mediator-1", "gain", "holiday schedule agreed")
    case_store.add_note("mediator-1", "experiment", "alternating weekends", who="both", review_date="May 1")
    case_store.record_offer("mediator-1", "impasse_distrust", "short_term_experiment")
    case_store.record_outcome("mediator-1", "worked")
    messages, _ = run(ActionExportCase(), tracker_for("export", [("export_case", 1.0)]), domain)
    markdown = messages[0]["custom"]["markdown"]
    assert markdown.startswith("# Case notes")
    assert "### Agreed so far\n- holiday schedule agreed" in markdown
    assert "alternating weekends (by both; review: May 1; temporary)" in markdown
    assert "Try a short-term experiment (for distrust): worked" in markdown.split("For the mediator only")[1]
    assert "### Parked issues\n- (none)" in markdown
    # "for the parties": the shareable part alone, no strategies, no safety.
    messages, _ = run(ActionExportCase(), tracker_for("export for the parties", [("export_case", 1.0)]), domain)
    shared = messages[0]["custom"]["markdown"]
    assert "holiday schedule agreed" in shared and "Strategies tried" not in shared
    assert messages[0]["custom"]["filename"].endswith("-to-share.md")


def test_forget_needs_confirmation_then_deletes(case_store, tracker_for, domain):
    case_store.add_note("mediator-1", "gain", "something agreed")
    messages, events = run(ActionAskForgetCase(), tracker_for("forget this case", [("forget_case", 1.0)]), domain)
    assert "can't be undone" in messages[0]["text"]
    assert slots_of(events) == {"pending_confirmation": "forget_case"}
    messages, events = run(ActionRespondAffirm(), tracker_for("yes", [("affirm", 1.0)],
                                                             slots={"pending_confirmation": "forget_case"}), domain)
    assert "deleted" in messages[0]["text"]
    assert not case_store.case_exists("mediator-1")


def test_forget_cancelled_keeps_everything(case_store, tracker_for, domain):
    case_store.add_note("mediator-1", "gain", "something agreed")
    messages, events = run(ActionRespondDeny(), tracker_for("no", [("deny", 1.0)],
                                                           slots={"pending_confirmation": "forget_case"}), domain)
    assert "kept everything" in messages[0]["text"]
    assert case_store.case_exists("mediator-1")


def test_forget_without_a_case(case_store, tracker_for, domain):
    messages, events = run(ActionAskForgetCase(), tracker_for("forget", [("forget_case", 1.0)]), domain)
    assert "no saved case" in messages[0]["text"] and events == []


def test_offers_are_recorded_for_the_case(case_store, tracker_for, domain):
    _, events = run(ActionSuggestStrategy(), tracker_for("they are shouting at each other", [("impasse_anger", 0.9)]), domain)
    slots = slots_of(events)
    _, more = run(ActionAnotherStrategy(), tracker_for("/another_strategy", [("another_strategy", 1.0)],
                                                       slots=slots), domain)
    offers = case_store.snapshot("mediator-1").offers
    assert [o.strategy for o in offers] == [slots["current_strategy"], slots_of(more)["current_strategy"]]


def test_names_are_redacted_when_the_setting_is_on(case_store, tracker_for, domain, monkeypatch):
    text = "Maria agreed that Tom keeps the car"
    entities = [{"entity": "PERSON", "value": "Maria", "start": 0, "end": 5},
                {"entity": "PERSON", "value": "Tom", "start": 18, "end": 21}]
    monkeypatch.setenv("REDACT_NAMES", "1")
    run(ActionSaveNote(), note(tracker_for, "note_gain", text, entities=entities), domain)
    monkeypatch.setenv("REDACT_NAMES", "0")
    run(ActionSaveNote(), note(tracker_for, "note_gain", text, entities=entities), domain)
    stored = [n.text for n in case_store.notes("mediator-1")]
    assert stored == ["[name] agreed that [name] keeps the car", text]


def test_a_question_read_as_a_note_is_answered_not_stored(case_store, tracker_for, domain):
    from actions.actions import ActionSaveNote
    case_store.add_note("mediator-1", "parked", "the lake house")
    messages, _ = run(ActionSaveNote(), tracker_for("what issues did we park?", [("note_parked", 0.7)]), domain)
    assert "Parked so far:\n- the lake house" in messages[0]["text"]
    assert [n.text for n in case_store.snapshot("mediator-1").parked] == ["the lake house"]


def test_worksheet_asks_each_step_and_reads_back_a_summary(tracker_for, domain, playbook):
    from actions.actions import ActionBatnaSummary
    from rasa_sdk import Action
    mine = [cls for cls in _all_actions(Action) if cls.__module__ == "actions.actions"]
    asks = {cls().name(): cls for cls in mine if cls().name().startswith("action_ask_batna_")}
    assert set(asks) == {f"action_ask_batna_{k}" for k in ("best", "worst", "likely", "cost", "time")}
    slots = {"party": "the tenant", "issue": "the deposit"}
    first, _ = run(asks["action_ask_batna_best"](), tracker_for("", [], slots=slots), domain)
    assert first[0]["text"].startswith("Let's write down the alternatives")
    assert "1 of 5" in first[0]["text"] and "the deposit" in first[0]["text"]
    answers = {"batna_best": "the court orders the whole deposit back", "batna_worst": "she gets nothing",
               "batna_likely": "about half", "batna_cost": "two days off work and a filing fee",
               "batna_time": "four months"}
    messages, events = run(ActionBatnaSummary(), tracker_for("", [], slots={**slots, **answers}), domain)
    text = messages[0]["text"]
    for said in answers.values():
        assert said in text
    assert "about the deposit, as you see it." in text and text.rstrip().endswith("and why?")
    assert {e["name"]: e["value"] for e in events} == {k: None for k in answers}


def test_stopping_the_worksheet_part_way_reads_back_what_was_said(tracker_for, domain):
    from actions.actions import ActionStopWorksheet
    answers = {"batna_best": "the court orders the whole deposit back", "batna_worst": "she gets nothing"}
    messages, events = run(ActionStopWorksheet(), tracker_for("stop the worksheet", [("stop_worksheet", 0.9)],
                                                              slots=answers), domain)
    text = messages[0]["text"]
    assert "- best outcome: the court orders the whole deposit back" in text
    assert "- worst outcome: she gets nothing" in text and "most likely" not in text
    assert {e["name"]: e["value"] for e in events} == {
        **{f"batna_{k}": None for k in ("best", "worst", "likely", "cost", "time")}, "requested_slot": None}
    nothing, _ = run(ActionStopWorksheet(), tracker_for("stop the worksheet", [("stop_worksheet", 0.9)]), domain)
    assert nothing[0]["text"].startswith("All right, I've stopped the worksheet.")


def _all_actions(base):
    for cls in base.__subclasses__():
        yield cls
        yield from _all_actions(cls)
