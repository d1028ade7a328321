"""Generated wording reads naturally with or without names, for text and for voice."""
import re

import pytest

from actions import phrasing
from actions.recommender import recommend


@pytest.mark.parametrize("raw, expected", [
    ("my client", "your client"),
    ("My client", "your client"),
    ("husband", "the husband"),
    ("Husband", "the husband"),
    ("The landlord", "the landlord"),
    ("Dana", "Dana"),
    ("her brother", "her brother"),
    (None, phrasing.DEFAULT_PARTY),
    ("", phrasing.DEFAULT_PARTY),
    ("<script>", phrasing.DEFAULT_PARTY),
    ("x" * 200, phrasing.DEFAULT_PARTY),
])
def test_party_phrase(raw, expected):
    assert phrasing.party_phrase(raw) == expected


def test_fill_reads_naturally_with_empty_slots():
    text = phrasing.fill("What would it take for you to let go of {issue}?")
    assert text == "What would it take for you to let go of this issue?"
    assert phrasing.fill("{party} won't move", None, None) == "One side won't move"
    assert phrasing.fill("Let go of {issue}?", issue="The house") == "Let go of the house?"


def test_every_template_in_the_playbook_fills_with_and_without_slots(playbook):
    templates = [c.recognised for c in playbook.causes.values()]
    templates += [q for c in playbook.causes.values() for q in c.caucus_questions]
    for s in playbook.strategies.values():
        templates += list(s.why.values()) + list(s.how) + list(s.questions) + [s.spoken]
    for template in templates:
        for party, issue in [(None, None), ("my client", "the pension"), ("Dana", "severance")]:
            text = phrasing.fill(template, party, issue)
            assert "{" not in text and "}" not in text
            assert "  " not in text
            assert text[0].isupper()


def test_strategy_reply_has_why_how_question_and_buttons(playbook):
    rec = recommend(playbook, [("impasse_distrust", 0.9)]).first
    reply = phrasing.strategy_reply(playbook, rec.strategy, rec.cause, party="Husband", issue="the custody schedule",
                                    opening="It sounds like trust is gone.")
    assert reply.text.startswith("It sounds like trust is gone.")
    assert f"Try this: {rec.strategy.title}" in reply.text
    assert "Why it helps here:" in reply.text and "How to run it:\n1." in reply.text
    assert "the custody schedule" in reply.text
    assert [b["payload"] for b in reply.buttons] == ["/another_strategy", "/explain_strategy",
                                                     "/caucus_questions"]


def test_a_private_meeting_asks_the_question_that_fits_the_cause(playbook):
    caucus = playbook.strategies["caucus"]
    for cause in ("impasse_coerced", "impasse_anger"):
        reply = phrasing.strategy_reply(playbook, caucus, cause, issue="the house")
        first = phrasing.fill(playbook.causes[cause].caucus_questions[0], None, "the house")
        assert f'"{first}"' in reply.text
    second = phrasing.strategy_reply(playbook, caucus, "impasse_coerced", turn=1)
    assert playbook.causes["impasse_coerced"].caucus_questions[1].split()[0] in second.text


def test_voice_reply_is_short_plain_and_ends_with_a_question(playbook):
    rec = recommend(playbook, [("impasse_positional", 0.9)]).first
    reply = phrasing.strategy_reply(playbook, rec.strategy, rec.cause, party="the buyer", issue="the price", voice=True)
    assert not reply.buttons
    assert "\n" not in reply.text and not re.search(r"[*_#<>\[\]]", reply.text)
    assert reply.text.endswith("?")
    assert len(reply.text.split()) < 90


def test_secondary_causes_are_named(playbook):
    rec = recommend(playbook, [("impasse_distrust", 0.6), ("impasse_needs_anxiety", 0.3)]).first
    reply = phrasing.strategy_reply(playbook, rec.strategy, rec.cause, also=["impasse_needs_anxiety"])
    assert playbook.causes["impasse_needs_anxiety"].label in reply.text


def test_clarify_offers_likely_causes_first_and_never_safety_as_a_button(playbook):
    reply = phrasing.clarify_reply(playbook, ["impasse_coerced", "safety_concern"])
    payloads = [b["payload"] for b in reply.buttons]
    assert payloads[0] == "/impasse_coerced"
    assert "/safety_concern" not in payloads and len(payloads) == 4


def test_the_export_shares_nothing_about_safety(playbook):
    from datetime import datetime, timezone
    from actions.store import CaseSnapshot, NoteView
    now = datetime(2026, 12, 7, tzinfo=timezone.utc)
    note = lambda i, kind, text: NoteView(i, kind, text, None, None, now)
    snapshot = CaseSnapshot(
        case_id=3, created_at=now, gains=(note(1, "gain", "dad has 2 weeks in august"),),
        parked=(note(2, "parked", "the pension"),),
        homework=(note(3, "homework", "she brings the non-mol order to the next session"),),
        experiments=(), offers=(), safety_state="shuttle_only", safety_risk="domestic_abuse",
        safety_who="the wife")
    whole = phrasing.export_markdown(snapshot, playbook)
    shared = phrasing.export_markdown(snapshot, playbook, shared=True)
    assert "dad has 2 weeks in august" in shared and "the pension" in shared
    for word in ("safety", "shuttle", "non-mol", "domestic", "screen", "risk", "mediator only", "strategies"):
        assert word not in shared.lower(), word
    shared_part, mediator_only = whole.split("## For the mediator only")
    assert "shuttle only" in mediator_only and "domestic abuse" in mediator_only and "the wife" in mediator_only
    assert "non-mol order" in mediator_only  # a note that mentions safety is held back, not lost
    assert "non-mol" not in shared_part
