"""The kind of case: read from the description, one more step where practice differs, and a
strategy that doesn't fit the facts kept from being offered first."""
import pytest
import yaml

from actions.playbook import default_playbook
from actions.reading.kind import KINDS_FILE, KindsError, default_kinds, load, parse


@pytest.mark.parametrize("text, kind", [
    ("divorce, she wants half his pension and he wants to keep the family home", "separation_finances"),
    ("HR sent them, two team leads fighting over the shift rota", "workplace"),
    ("boundary dispute, his fence is a foot over onto her garden", "neighbours"),
    ("tenant wants the deposit back, landlord says the damp was her fault", "landlord_tenant"),
    ("claimant wants 95k, the insurer says liability is disputed after the accident", "personal_injury"),
    ("they just won't budge", None),
])
def test_the_kind_of_case_is_read_from_the_description(text, kind):
    assert default_kinds().kind_of([text]) == kind


def test_every_step_names_a_real_strategy_and_setting():
    kinds = load(KINDS_FILE, strategies=default_playbook().strategies)
    assert kinds.step("expert_perspective", "neighbours").startswith("For a boundary")
    assert kinds.step("expert_perspective", None) == "" and kinds.step("take_break", "workplace") == ""


def test_a_broken_file_names_what_is_wrong():
    data = yaml.safe_load(KINDS_FILE.read_text())
    data["steps"]["gather_information"]["mars"] = "x"
    with pytest.raises(KindsError, match="steps.gather_information.mars: unknown setting"):
        parse(data)
    data = yaml.safe_load(KINDS_FILE.read_text())
    data["not_first"]["no_such_strategy"] = ["x"]
    with pytest.raises(KindsError, match="no_such_strategy"):
        load_from(data)


def load_from(data, tmp=None):
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "k.yml"
        path.write_text(yaml.safe_dump(data))
        return load(path, strategies=default_playbook().strategies)


def test_a_trial_is_not_the_first_idea_for_a_clean_break():
    assert "short_term_experiment" in default_kinds().poor_first(["she wants a clean break, nothing ongoing"])
    assert default_kinds().poor_first(["they keep arguing about the holidays"]) == ()


def test_the_setting_step_reaches_the_reply(dispatcher, tracker_for, domain):
    from actions.actions import ActionSuggestStrategy
    slots = {}
    events = ActionSuggestStrategy().run(dispatcher, tracker_for(
        "boundary dispute between neighbours. he says the fence line on the title plan is wrong and neither "
        "of them knows where the boundary really is", [("impasse_unclear_rights", 0.9)]), domain)
    reply = dispatcher.messages[-1]["text"]
    chosen = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}.get("current_strategy")
    # Unclear rights between neighbours: the first idea is one with a neighbours' step (more
    # information or an expert), and the reply carries it.
    assert chosen in ("gather_information", "expert_perspective")
    assert default_kinds().step(chosen, "neighbours") in reply
