"""Progress notes keep the mediator's words; experiments get who and when."""
import pytest

from actions.notes import draft_note


@pytest.mark.parametrize("intent, text, kind, stored", [
    ("note_gain", "they agreed on the holiday schedule", "gain", "they agreed on the holiday schedule"),
    ("note_homework", "homework: she brings the bank statements", "homework", "she brings the bank statements"),
    ("note_gain", "Note - landlord fixes the boiler by Friday", "gain", "landlord fixes the boiler by Friday"),
    ("note_parked", "park the pension for now", "parked", "park the pension for now"),
])
def test_labels_are_stripped_and_words_kept(intent, text, kind, stored):
    draft = draft_note(intent, text)
    assert (draft.kind, draft.text) == (kind, stored)


def test_parked_issue_uses_the_issue_entity():
    assert draft_note("note_parked", "park the pension for now", issue="the pension").text == "the pension"


@pytest.mark.parametrize("text, review", [
    ("they'll try alternating weekends for a month", "for a month"),
    ("trial: tenant pays half rent until the repairs are done, review after", "until the repairs are done"),
    ("let's test the new rota for two weeks", "for two weeks"),
    ("they will try the new rota", None),
])
def test_experiment_review_from_words(text, review):
    assert draft_note("note_experiment", text, party="the tenant").review == review


def test_experiment_prefers_a_recognised_date():
    draft = draft_note("note_experiment", "try it until March 3", party="Dana", date="March 3")
    assert (draft.who, draft.review) == ("Dana", "March 3")
