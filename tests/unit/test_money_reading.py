"""Money read by role and side (issue 18), the second round: pronouns put to their side, the
mediator's own guesses, figures restated, spoken decimals, "lost profits", and questions about
what a side nets. Sentences written for the tests, not taken from corpus/figures/."""
import pytest

from actions.reading.ledger import Ledger, worked
from actions.reading.money import read_figures, side_key


def _case(*messages):
    amounts = []
    for message in messages:
        amounts += read_figures(message, known=amounts)
    return amounts


def _read(*messages):
    return [(a.value, a.role, side_key(a.who)) for a in _case(*messages)]


def test_she_is_the_person_named_before_her_not_the_company():
    assert _read("the insurer came up to 20k and the claimant's solicitor says she won't go below 35k") == [
        (20000, "offer", "insurer"), (35000, "demand", "claimant")]


def test_they_is_the_group_not_the_person_named_last():
    assert _read("the council offered 12k and the tenant wants 30k", "now they've gone to 15k") == [
        (12000, "offer", "council"), (30000, "demand", "tenant"), (15000, "offer", "council")]


def test_he_never_stands_for_a_woman_or_a_side_holding_the_other_position():
    told = _read("the wife wants 150k and the husband says he'll pay 90k")
    assert told == [(150000, "demand", "wife"), (90000, "offer", "husband")]
    # the nearest side named already asks, so "he" offering is the one who offers
    told = _read("the employer offered 20k", "the employee wants 40k, he'd take 38k")
    assert told[-1] == (38000, "demand", "employee")


def test_a_pronoun_with_nothing_that_fits_is_left_as_said():
    assert _read("she wants 40k")[0][2] == "she"


def test_the_mediators_guess_is_not_a_position():
    told = _read("the trust are at 90k and the family at 200k but I think they'd settle around 150")
    assert [t[:2] for t in told] == [(90000, "offer"), (200000, "demand"), (150000, "other")]
    assert worked(_case("the trust are at 90k and the family at 200k but my guess is they'd take 150k"))["gap"] == 110000


def test_a_figure_restated_with_the_is_the_one_said_before():
    amounts = _case("landlord offering one hundred and five thousand, tenant wants two hundred",
                    "the tenant's costs are 40k and she asked what she'd be left with out of the hundred and five")
    restated = [a for a in amounts if a.value == 105000]
    assert [(a.role, side_key(a.who)) for a in restated] == [("offer", "landlord"), ("offer", "landlord")]
    assert Ledger.of(amounts).gap() == 95000


@pytest.mark.parametrize("text, value", [
    ("they'd take one point five", 1.5e6), ("valued at two point four mil", 2.4e6),
])
def test_spoken_decimals_and_mil(text, value):
    known = _case("the offer is 300k and the claim is 2m")
    assert read_figures(text, known=known)[0].value == value


def test_lost_profits_after_a_figure_make_it_a_loss():
    told = read_figures("the distributor says it cost them 2.4m in lost profits")
    assert [(a.value, a.role) for a in told] == [(2.4e6, "loss")]


@pytest.mark.parametrize("question", [
    "what would she be left with", "what would she net at 150", "what's left after our costs",
    "what does she net if costs aren't paid",
])
def test_questions_about_what_a_side_nets(question):
    amounts = _case("claimant wants 200k, insurer offering 150k. claimant's costs are 40k")
    assert worked(amounts, question)["net_of_costs"] == 110000


def test_a_side_holding_the_other_position_later_in_the_message_is_not_she():
    told = _read("Ann says she wants 150k from the estate and Bob is offering 120k")
    assert told == [(150000, "demand", "ann"), (120000, "offer", "bob")]
    assert Ledger.of(_case("Ann says she wants 150k from the estate and Bob is offering 120k")).gap() == 30000


def test_percentage_positions_of_a_bill_are_worked_out_in_money():
    amounts = _case("the gutter bill is 8,000. unit 2 says unit 5 should pay 60%, unit 5 says 20%",
                    "unit 5 now says 30%, unit 2 at 50%")
    splits = [(a.value, a.role, side_key(a.who)) for a in amounts if a.kind == "percent"]
    assert splits == [(60, "split", "unit 2"), (20, "split", "unit 5"), (30, "split", "unit 5"), (50, "split", "unit 2")]
    result = worked(amounts, "how far apart in money")
    assert result["gap"] == pytest.approx(1600) and result["midpoint"] == pytest.approx(3200)
    assert sorted(result["moves"].values()) == pytest.approx([800, 800])


def test_no_pot_is_guessed_for_one_share_alone():
    amounts = _case("the repair bill is 8,000 and the freeholder wants 60%")
    assert Ledger.of(amounts).gap() is None


@pytest.mark.parametrize("text, sides", [
    ("number twelve says 4k, number fourteen offering 1k", ["number twelve", "number fourteen"]),
    ("ee wants 30k, er at 10k", ["ee", "er"]),
    ("the tour op offering 200, the family want 900", ["tour op", "family"]),
])
def test_parties_named_by_number_letter_or_short_form(text, sides):
    assert [side_key(a.who) for a in read_figures(text)] == sides


def test_a_total_is_the_position_and_its_parts_heads_of_claim():
    told = _read("C wants 9k for the roof + 2k for distress so 11k total. insurer offered 4k all in")
    assert told == [(9000, "loss", "c"), (2000, "loss", "c"), (11000, "demand", "c"), (4000, "offer", "insurer")]
    amounts = _case("C wants 9k for the roof + 2k for distress so 11k total. insurer offered 4k all in",
                    "the roof quote is really 9.6k so C's total is 11.6k")
    assert [(a.value, a.role) for a in amounts[-2:]] == [(9600, "loss"), (11600, "demand")]
    assert Ledger.of(amounts).gap() == 7600


def test_money_back_in_a_total_is_not_a_head_and_a_product_is_not_a_sum():
    told = _read("tenant wants the 1,500 deposit back plus 500 for the stress, so 2,000 all in")
    assert told == [(1500, "other", "tenant"), (500, "loss", "tenant"), (2000, "demand", "tenant")]
    told = _read("the agent claims 5% on 2m of sales = 100k")
    assert told[1:] == [(2e6, "other", "agent"), (100000, "demand", "agent")]


def test_a_share_held_or_left_is_no_ones_proposal_and_never_paired():
    amounts = _case("the company is worth 900k. the son owns 70% and the daughter holds 30%")
    assert [(a.value, a.role, a.who) for a in amounts if a.kind == "percent"] == [(70, "split", None), (30, "split", None)]
    assert Ledger.of(amounts).gap() is None
    left = _case("the will leaves 50% to the son and 25% each to the two daughters, estate 600k")
    assert Ledger.of(left).gap() is None


def test_a_sum_a_year_or_a_month_held_by_a_side_is_its_position_not_income():
    assert _read("H at 20k pa, W wants 30k pa") == [(20000, "offer", "h"), (30000, "demand", "w")]
    assert _read("she's asking for 900 a month and he says 500 a month")[1][:2] == (500, "offer")
    assert Ledger.of(_case("H at 20k pa, W wants 30k pa")).gap() == 10000
    # what someone earns stays income; instalments are not set against a lump sum
    assert _read("he's on 50k a year")[0][1] == "income"
    amounts = _case("creditor will take 50k in one go. debtor proposes 2,000 a month for 24 months")
    assert Ledger.of(amounts).gap() is None
