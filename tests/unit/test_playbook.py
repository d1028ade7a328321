"""The playbook loads, covers the article's techniques, and rejects bad edits clearly."""
from pathlib import Path

import pytest
import yaml

from actions.playbook import PLAYBOOK_PATH, TEMPLATE_SLOTS, PlaybookError, load_playbook

IMPASSE_INTENTS = {
    "impasse_distrust", "impasse_needs_anxiety", "impasse_options_unacceptable",
    "impasse_no_options", "impasse_vindictive", "impasse_foot_dragging",
    "impasse_unclear_rights", "impasse_anger", "impasse_coerced", "impasse_positional",
    "impasse_past_focus", "impasse_not_ready", "safety_concern", "impasse_unspecified",
}
# Every technique of the reference article, by the id it has in the playbook.
ARTICLE_TECHNIQUES = {
    "caucus", "take_break", "summarise_gains", "focus_future", "park_issue",
    "expert_perspective", "gather_information", "adjourn_with_homework", "ask_what_they_need",
    "short_term_experiment", "underlying_interests", "cost_of_not_settling", "keep_control",
    "what_would_you_offer",
}
# Tools of the trade beyond the article (practice notes: bracketing, mediator's proposal, ...).
PRACTICE_TOOLS = {
    "bracketing", "hypothetical_offer", "mediators_proposal", "trade_across_issues",
    "single_negotiating_text", "brainstorm_options", "bring_in_decision_maker",
    "reactive_devaluation", "batna_worksheet", "partial_agreement_close",
}
# What a safety concern allows: going on only by shuttle, or ending the session safely.
SAFETY_OPTIONS = {"shuttle_or_end"}


def test_causes_are_exactly_the_domain_intents(playbook, domain):
    assert set(playbook.causes) == IMPASSE_INTENTS
    assert IMPASSE_INTENTS <= set(domain["intents"])


def test_every_article_technique_and_practice_tool_is_a_strategy(playbook):
    assert set(playbook.strategies) == ARTICLE_TECHNIQUES | PRACTICE_TOOLS | SAFETY_OPTIONS


def test_safe_options_come_in_order_each_with_its_own_reason_and_question(playbook):
    safety = playbook.safety
    assert safety.safe_strategies[0] == "shuttle_or_end"
    for sid in safety.safe_strategies:
        assert playbook.strategies[sid].setting != "joint"
        option = safety.safe_options[sid]
        assert option.why and option.question.endswith("?")
        assert not any("table" in step or "proposal" in step for step in option.how)


def test_weights_cover_every_cause_and_safety_has_no_tactics(playbook):
    for cause in playbook.causes:
        assert cause in playbook.weights
    assert dict(playbook.weights["safety_concern"]) == {}
    for cause in IMPASSE_INTENTS - {"safety_concern"}:
        assert len(playbook.weights[cause]) >= 3, cause


@pytest.mark.parametrize("sid", sorted(ARTICLE_TECHNIQUES))
def test_strategy_is_complete(playbook, sid):
    s = playbook.strategies[sid]
    assert 2 <= len(s.how) <= 4
    assert s.questions and s.spoken and s.title
    assert s.setting in {"joint", "caucus", "either"}
    assert len(s.spoken.split(". ")) <= 3, "spoken form should be one or two sentences"
    for cause in s.why:
        assert cause in playbook.causes


def test_objects_are_immutable(playbook):
    with pytest.raises(Exception):
        playbook.strategies["caucus"].title = "x"
    with pytest.raises(TypeError):
        playbook.weights["impasse_anger"]["caucus"] = 0.1


def _broken(tmp_path: Path, mutate) -> Path:
    raw = yaml.safe_load(PLAYBOOK_PATH.read_text())
    mutate(raw)
    path = tmp_path / "playbook.yml"
    path.write_text(yaml.safe_dump(raw))
    return path


@pytest.mark.parametrize("mutate, expected", [
    (lambda r: r["weights"]["impasse_anger"].update({"dance_it_out": 0.5}),
     "weights.impasse_anger.dance_it_out: unknown strategy"),
    (lambda r: r["weights"].update({"impasse_boredom": {"caucus": 0.5}}),
     "weights.impasse_boredom: unknown cause"),
    (lambda r: r["strategies"]["caucus"]["why"].update({"impasse_boredom": "x"}),
     "strategies.caucus.why.impasse_boredom: unknown cause"),
    (lambda r: r["strategies"]["caucus"]["questions"].append("What about {mediator}?"),
     "strategies.caucus.questions[3]: unknown template slot {mediator}"),
    (lambda r: r["causes"]["impasse_anger"].update({"recognised": "Hot {topic}"}),
     "causes.impasse_anger.recognised: unknown template slot {topic}"),
    (lambda r: r["weights"].pop("impasse_anger"),
     "weights.impasse_anger: missing"),
    (lambda r: r["weights"]["impasse_anger"].update({"caucus": 7}),
     "weights.impasse_anger.caucus: weight must be a number in (0, 1]"),
    (lambda r: r["strategies"]["take_break"]["why"].pop("impasse_anger"),
     "strategies.take_break.why: has no reason for cause impasse_anger"),
    (lambda r: r["strategies"]["caucus"].update({"setting": "hallway"}),
     "strategies.caucus.setting: must be one of"),
    (lambda r: r["weights"]["safety_concern"].update({"caucus": 0.5}),
     "weights.safety_concern: must be empty"),
    (lambda r: r["strategies"]["caucus"].update({"how": ["only one step"]}),
     "strategies.caucus.how: must be a list of 2 to 4 strings"),
    (lambda r: r["safety"]["safe_strategies"].update({"summarise_gains": {"why": "x", "question": "y?"}}),
     "safety.safe_strategies.summarise_gains: is a joint-session strategy"),
    (lambda r: r["safety"]["safe_strategies"]["caucus"].pop("question"),
     "safety.safe_strategies.caucus.question"),
    (lambda r: r["strategies"]["caucus"].update({"asks_cause_questions": "yes"}),
     "strategies.caucus.asks_cause_questions: must be true or false"),
    (lambda r: r.update({"clarify_causes": ["impasse_distrust", "impasse_boredom"]}),
     "clarify_causes.impasse_boredom: is not an impasse cause"),
    (lambda r: r["safety"].update({"screen_for": ["safety_concern"]}),
     "safety.screen_for.safety_concern: is not an impasse cause"),
])
def test_bad_edits_fail_naming_file_and_entry(tmp_path, mutate, expected):
    path = _broken(tmp_path, mutate)
    with pytest.raises(PlaybookError) as error:
        load_playbook(path)
    assert str(path) in str(error.value)
    assert expected in str(error.value)


def test_unreadable_and_invalid_yaml_are_reported(tmp_path):
    with pytest.raises(PlaybookError, match="cannot be read"):
        load_playbook(tmp_path / "missing.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("causes: [unclosed")
    with pytest.raises(PlaybookError, match="not valid YAML"):
        load_playbook(bad)


def test_template_slots_are_the_documented_ones():
    assert TEMPLATE_SLOTS == {"party", "issue"}
