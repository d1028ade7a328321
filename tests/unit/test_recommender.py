"""The recommender is a pure function: ranking in, ordered strategies out."""
import pytest

from actions.recommender import (SAFETY_THRESHOLD, SECONDARY_THRESHOLD, assess, blended_weight,
                                 recommend)


def ids(result):
    return [r.strategy.id for r in result.items]


@pytest.mark.parametrize("cause", [
    "impasse_distrust", "impasse_needs_anxiety", "impasse_options_unacceptable",
    "impasse_no_options", "impasse_vindictive", "impasse_foot_dragging",
    "impasse_unclear_rights", "impasse_anger", "impasse_coerced", "impasse_positional",
    "impasse_past_focus", "impasse_not_ready", "impasse_unspecified",
])
def test_single_cause_follows_playbook_weights(playbook, cause):
    result = recommend(playbook, [(cause, 0.95)])
    weights = playbook.weights[cause]
    assert ids(result) == sorted(weights, key=lambda s: (-weights[s], s))
    assert all(r.cause == cause for r in result.items)


def test_secondary_cause_above_threshold_brings_its_strategies(playbook):
    alone = ids(recommend(playbook, [("impasse_distrust", 0.9)]))
    mixed = recommend(playbook, [("impasse_distrust", 0.55), ("impasse_needs_anxiety", 0.40)])
    assert "gather_information" not in alone
    assert "gather_information" in ids(mixed) and "underlying_interests" in ids(mixed)
    # ask_what_they_need serves both causes, so it rises to the top.
    assert ids(mixed)[0] == "ask_what_they_need"
    assert {r.cause for r in mixed.items} == {"impasse_distrust", "impasse_needs_anxiety"}


def test_secondary_cause_below_threshold_is_ignored(playbook):
    low = SECONDARY_THRESHOLD / 2
    assert ids(recommend(playbook, [("impasse_distrust", 0.9), ("impasse_anger", low)])) == \
        ids(recommend(playbook, [("impasse_distrust", 0.9)]))


def test_already_offered_are_skipped_until_all_were_offered(playbook):
    ranking = [("impasse_anger", 0.9)]
    everything = ids(recommend(playbook, ranking))
    seen = []
    for expected in everything:
        result = recommend(playbook, ranking, seen)
        assert not result.repeated
        assert result.first.strategy.id == expected
        assert expected not in seen
        seen.append(expected)
    again = recommend(playbook, ranking, seen)
    assert again.repeated and ids(again) == everything


def test_non_cause_intents_are_ignored_and_empty_ranking_gives_nothing(playbook):
    assert not recommend(playbook, [("greet", 0.9), ("nlu_fallback", 0.4)])
    assert recommend(playbook, [("greet", 0.9), ("impasse_anger", 0.05)]).first.cause == "impasse_anger"
    assert not recommend(playbook, [])


def test_safety_wins_even_as_a_secondary_cause(playbook):
    assert assess(playbook, [("impasse_anger", 0.6), ("safety_concern", SAFETY_THRESHOLD)]).safety
    assert not assess(playbook, [("impasse_anger", 0.9), ("safety_concern", 0.05)]).safety
    assert not recommend(playbook, [("safety_concern", 0.99)])


def test_outcomes_move_rankings(playbook):
    ranking = [("impasse_anger", 0.9)]
    top = recommend(playbook, ranking).first.strategy.id
    failing = {("impasse_anger", top): (0, 4)}
    assert recommend(playbook, ranking, outcomes=failing).first.strategy.id != top
    before = ids(recommend(playbook, ranking))
    rising = {("impasse_anger", "focus_future"): (8, 0)}
    after = ids(recommend(playbook, ranking, outcomes=rising))
    assert after.index("focus_future") < before.index("focus_future")


def test_blended_weight_is_the_prior_without_evidence():
    assert blended_weight(0.7, 0, 0) == pytest.approx(0.7)
    assert blended_weight(0.7, 10, 0) > 0.9
    assert blended_weight(0.7, 0, 10) < 0.2
