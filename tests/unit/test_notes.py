"""Progress notes keep the item in the mediator's words; experiments get who and when;
questions about the case are recognised, never stored."""
import pytest

from actions.notes import case_question, draft_note, redact_names


@pytest.mark.parametrize("intent, text, kind, stored", [
    ("note_gain", "they agreed on the holiday schedule", "gain", "the holiday schedule"),
    ("note_homework", "homework: she brings the bank statements", "homework", "she brings the bank statements"),
    ("note_gain", "Note - landlord fixes the boiler by Friday", "gain", "landlord fixes the boiler by Friday"),
    ("note_parked", "park the pension for now", "parked", "the pension"),
])
def test_labels_are_stripped_and_words_kept(intent, text, kind, stored):
    draft = draft_note(intent, text)
    assert (draft.kind, draft.text) == (kind, stored)


@pytest.mark.parametrize("intent, text, stored", [
    ("note_parked", "let's park the question of the lake house for now", "the lake house"),
    ("note_parked", "can we park the issue of who keeps the dog", "who keeps the dog"),
    ("note_parked", "so um let's just leave the dog aside for now and move on", "the dog"),
    ("note_parked", "put the house on the back burner", "the house"),
    ("note_parked", "hold off on spousal support for the moment, we'll pick it up later", "spousal support"),
    ("note_parked", "Could you note that we've parked the question of the second car?", "the second car"),
    ("note_parked", "ok shelve the bonus dispute for later", "the bonus dispute"),
    ("note_parked", "can we mark the garden shed as on hold", "the garden shed"),
    ("note_gain", "they've agreed to stop texting about money", "stop texting about money"),
    ("note_gain", "we agreed that dad pays for the braces", "dad pays for the braces"),
    ("note_gain", "so um write down that they both agreed the kids stay at the same school",
     "the kids stay at the same school"),
    ("note_gain", "log a win: the employer accepts a neutral reference", "the employer accepts a neutral reference"),
    ("note_gain", "they shook hands on the buyout figure, record it", "the buyout figure"),
    ("note_gain", "Maria agreed that Tom keeps the car", "Maria agreed that Tom keeps the car"),
    ("note_homework", "he's going to ask his accountant about the tax, put it as homework",
     "he's going to ask his accountant about the tax"),
    ("note_homework", "um the wife talks to her financial advisor before the next meeting put that down",
     "the wife talks to her financial advisor before the next meeting"),
    ("note_homework", "to do before next session: the contractor prices up the work",
     "to do before next session: the contractor prices up the work"),
])
def test_the_item_is_kept_without_the_framing(intent, text, stored):
    assert draft_note(intent, text).text == stored


@pytest.mark.parametrize("intent, text", [
    ("note_parked", "Park that one."),
    ("note_gain", "ok they agreed on it"),
    ("note_experiment", "let's try it"),
])
def test_nothing_but_framing_keeps_the_whole_note(intent, text):
    assert draft_note(intent, text).text == text


def test_homework_for_someone_names_who():
    draft = draft_note("note_homework", "homework for Dave: get the house valued by Friday")
    assert (draft.kind, draft.text, draft.who) == ("homework", "get the house valued by Friday", "Dave")


def test_homework_prefers_the_recognised_party():
    draft = draft_note("note_homework", "homework for the husband - get the pension valued", party="Mr Okafor")
    assert (draft.text, draft.who) == ("get the pension valued", "Mr Okafor")


def test_parked_issue_uses_the_issue_entity():
    assert draft_note("note_parked", "park the pension for now", issue="the pension").text == "the pension"


def test_a_slash_payload_is_an_empty_note():
    assert draft_note("note_gain", "/note_gain").text == ""


@pytest.mark.parametrize("text, review", [
    ("they'll try alternating weekends for a month", "for a month"),
    ("trial: tenant pays half rent until the repairs are done, review after", "until the repairs are done"),
    ("let's test the new rota for two weeks", "for two weeks"),
    ("they will try the new rota", None),
])
def test_experiment_review_from_words(text, review):
    assert draft_note("note_experiment", text, party="the tenant").review == review


@pytest.mark.parametrize("text, stored, review", [
    ("they'll try alternating weekends for a month", "alternating weekends", "for a month"),
    ("trial: tenant pays half rent until the repairs are done, review after", "tenant pays half rent",
     "until the repairs are done"),
    ("let's test the new rota for two weeks", "the new rota", "for two weeks"),
    ("they will try the new rota", "the new rota", None),
    ("um they want to try the shared calendar app for a couple of weeks and see if it helps",
     "the shared calendar app", "for a couple of weeks"),
    ("Temporary arrangement: the brother manages mum's care for one month, then we review how it went.",
     "the brother manages mum's care", "for one month"),
    ("so they're doing a trial run of splitting the school runs for a month and then we'll look at how it went",
     "splitting the school runs", "for a month"),
    ("short trial: the HOA lets her keep the planters, revisit in september",
     "the HOA lets her keep the planters, revisit in september", None),
])
def test_experiment_keeps_the_item_and_the_review_apart(text, stored, review):
    draft = draft_note("note_experiment", text)
    assert (draft.kind, draft.text, draft.review) == ("experiment", stored, review)


def test_experiment_prefers_a_recognised_date():
    draft = draft_note("note_experiment", "try it until March 3", party="Dana", date="March 3")
    assert (draft.who, draft.review) == ("Dana", "March 3")
    assert draft.text == "try it until March 3"  # only "it" would be left: the whole note is kept


def test_experiment_keeps_a_duration_that_is_not_the_recognised_date():
    draft = draft_note("note_experiment", "they'll try the rota for two weeks", date="March 3")
    assert (draft.text, draft.review) == ("the rota for two weeks", "March 3")


@pytest.mark.parametrize("text, part", [
    ("what's parked?", "parked"),
    ("what issues did we park?", "parked"),
    ("which items are on hold at the moment?", "parked"),
    ("parked?", "parked"),
    ("sorry quick question what did we shelve", "parked"),
    ("what homework did we give?", "homework"),
    ("remind me what homework we gave", "homework"),
    ("who has homework before next session?", "homework"),
    ("what did they agree?", "gain"),
    ("what have they agreed so far", "gain"),
    ("have both sides signed off on the car yet?", "gain"),
    ("what experiments are running?", "experiment"),
    ("where are we with the trial arrangement", "experiment"),
    ("when's the review for the new rota?", "experiment"),
    ("what's left?", "left"),
    ("what's left to agree?", "left"),
    ("what haven't they agreed yet", "left"),
    ("is anything still outstanding?", "left"),
    ("where are we?", "all"),
    ("read me the case so far", "all"),
    ("where did we leave things last time?", "all"),
    ("what's parked and what's agreed so far", "all"),
    ("before I go back in, what's still open and who owes homework?", "all"),
    ("what’s parked?", "parked"),  # a typographic apostrophe
])
def test_questions_about_the_case(text, part):
    assert case_question(text) == part


@pytest.mark.parametrize("text", [
    "park the pension",
    "park the pension for now",
    "they agreed on the holiday schedule",
    "homework: she brings the bank statements",
    "homework for Dave: get the house valued by Friday",
    "they'll try alternating weekends for a month",
    "can we park the issue of who keeps the dog",
    "Could you note that we've parked the question of the second car?",
    "should we park the pension?",
    "what if we park the pension?",
    "how do I park an issue?",
    "what does parked mean?",
    "where are we meeting next week?",
    "they agreed on the car, what a relief",
    "what's the weather like?",
    "what happens if this goes to trial?",
    "Four siblings agreed she'd take their mum, who has dementia. Now she wants out.",
    "They agreed to no contact, but one asked me \"who's gonna check?\" and won't sign",
    "",
    "/ask_case",
])
def test_not_questions_about_the_case(text):
    assert case_question(text) is None


# --- redaction ----------------------------------------------------------------------------


def test_redact_names_replaces_each_span():
    text_in = "Anna said Ben should bring the statements"
    spans = [(10, 13), (0, 4)]  # unsorted on purpose
    assert redact_names(text_in, spans) == "[name] said [name] should bring the statements"


def test_redact_names_merges_overlaps_and_ignores_bad_spans():
    assert redact_names("Mary Ann Smith agreed", [(0, 8), (5, 14)]) == "[name] agreed"
    assert redact_names("ok Bo", [(3, 99), (2, 2), (4, 1)]) == "ok [name]"
    assert redact_names("no names here", []) == "no names here"
