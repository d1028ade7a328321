"""The situation folds several messages into one description (pure, no Rasa)."""
import pytest

from actions.playbook import default_playbook
from actions.recommender import decide
from actions.reading.money import read_figures as read_amounts
from actions.reading.people import read_role
from actions.situation import Situation, pool
from actions.words import money

PLAYBOOK = default_playbook()
# What the model said for each message alone (rounded from the trained model's rankings).
WONT_SIGN = [("impasse_vindictive", 0.56), ("impasse_distrust", 0.22), ("impasse_not_ready", 0.08),
             ("impasse_coerced", 0.05), ("impasse_past_focus", 0.01)]
LIED_BEFORE = [("impasse_past_focus", 0.57), ("impasse_distrust", 0.41), ("safety_concern", 0.01)]


def test_one_message_keeps_its_own_confidences():
    assert pool([WONT_SIGN], [4])[0] == ("impasse_vindictive", 0.56)


def test_two_messages_favour_the_cause_both_support():
    situation = (Situation().add("the husband won't sign", WONT_SIGN)
                 .add("he says she lied about the money before, hid an account in 2019", LIED_BEFORE))
    ranking = situation.ranking()
    assert ranking[0][0] == "impasse_distrust"
    assert situation.words == 4 + 13
    assert situation.text.startswith("the husband won't sign. he says")


def test_a_thin_message_is_thin_and_a_full_one_is_not():
    distrust, anger = (PLAYBOOK.causes[c].cues for c in ("impasse_distrust", "impasse_anger"))
    thin = Situation().add("the husband won't sign", WONT_SIGN)
    assert thin.is_thin(distrust)
    full = thin.add("he says she lied about the money before, hid an account in 2019", LIED_BEFORE)
    assert not full.is_thin(distrust)
    assert not Situation().add("they're screaming", [("impasse_anger", 0.98)]).is_thin(anger)
    assert Situation().add("she refuses", [("impasse_anger", 0.98)]).is_thin(anger)


def test_answer_in_words_settles_the_closer_of_the_two_causes():
    asked = Situation().add("x y z", WONT_SIGN).asking("tell_apart", ("impasse_distrust", "impasse_options_unacceptable"))
    settled = asked.settle_from_answer([("impasse_options_unacceptable", 0.3), ("impasse_distrust", 0.1)])
    assert settled.settled == "impasse_options_unacceptable" and settled.pending is None
    assert settled.ranking()[0][0] == "impasse_options_unacceptable"
    assert decide(PLAYBOOK, settled.ranking()).causes[0] == "impasse_options_unacceptable"


def test_slot_round_trip_and_malformed_slot():
    situation = (Situation().add("Sarah wants $150,000, Tom offers 120k", [("impasse_positional", 0.7)],
                                 parties=["Sarah", "Tom"], issue="the estate",
                                 amounts=read_amounts("Sarah wants $150,000, Tom offers 120k"))
                 .asking("thin").answered_with())
    again = Situation.from_slot(situation.as_slot())
    assert again == situation
    assert Situation.from_slot({"parts": [["x", "y"]]}) == Situation()
    assert Situation.from_slot("nonsense") == Situation()


def test_new_dispute_needs_an_answer_a_long_message_and_other_people():
    answered = Situation().add("Sarah and Tom fight over the estate", [("impasse_past_focus", 0.8)],
                               parties=["Sarah", "Tom"]).answered_with()
    assert answered.is_new_dispute(15, ["the landlord"])
    assert not answered.is_new_dispute(15, ["Tom"])
    assert not answered.is_new_dispute(5, ["the landlord"])
    assert not Situation().add("x", [], parties=["Sarah"]).is_new_dispute(15, ["the landlord"])


@pytest.mark.parametrize("text, values, who, gap", [
    ("she wants $150,000 and he is offering 120k", [150000, 120000], ["she", "he"], 30000),
    ("Sarah and Tom are five thousand dollars apart on mom's estate", [5000], [None], 5000),
    ("My client won't take less than 40 grand, the insurer is at 25,000 dollars",
     [40000, 25000], ["My client", "the insurer"], 15000),
    ("they're 3 million apart", [3e6], [None], 3e6),
    ("£2,800 for the repair", [2800], [None], None),
    ("the landlord kept the whole $2,400 and my client offered half, they're 1,200 apart",
     [2400, 1200], [None, None], 1200),
])
def test_amounts_are_read_with_their_side_and_the_gap(text, values, who, gap):
    amounts = read_amounts(text)
    assert [a.value for a in amounts] == values
    assert all(w is None or a.who == w for a, w in zip(amounts, who))
    situation = Situation().add(text, [], amounts=amounts)
    assert situation.gap == gap


def test_a_word_before_a_figure_is_a_side_only_when_it_names_one():
    kept, offer = read_amounts("the landlord is holding back the whole $2,400 and the tenant offers 1,200 dollars")
    assert kept.who == "the landlord"  # "the whole" is no one: the landlord is
    assert offer.who == "the tenant" and offer.role == "offer"
    assert [a.who for a in read_amounts("She wants $150,000. Honestly 120k is his limit")] == ["She", "his"]
    assert [a.who for a in read_amounts("She wants $150,000. Honestly 120k is the amount")] == ["She", None]


def test_no_amounts_in_plain_words():
    assert read_amounts("they won't move on the schedule for the kids") == []
    assert money(5000.0) == "5,000" and money(None) == ""


@pytest.mark.parametrize("text, role", [
    ("I'm representing the employer and they won't budge on the reference", ("advocate", "the employer")),
    ("we act for the insurer, and the claimant wants 40k", ("advocate", "the insurer")),
    ("my client just won't sign anything today", ("advocate", None)),
    ("I'm the mediator here, both of them are dug in", ("mediator", None)),
    ("the husband won't sign", None),
])
def test_role_is_read_from_inside_a_description(text, role):
    assert read_role(text) == role


@pytest.mark.parametrize("text, issue", [
    ("Sarah wants $150,000 from mom's estate and Tom offers 120k", "mom's estate"),
    ("fighting over the lake house for an hour", "the lake house"),
    ("the brothers argue about the family farm since dad died", "the family farm"),
    ("they won't move on the table", None),
    ("half the tenants are scared they'll be out on the street by christmas", None),
    ("husband won't sign", None),
    ("The landlord is holding back the whole $2,400 deposit", "the deposit"),
    ("he won't return the car until she pays", "the car"),
    ("they're withholding the final payment on the kitchen", "the final payment"),
    ("she won't return my calls", None),
    ("The judge already told them from the bench this should have settled long ago", None),
    ("they've argued about the court costs from the start", "the court costs"),
    ("they're afraid she'll trip on the stairs or over the dog", None),
    ("the sisters have fought over the cottage for years", "the cottage"),
    ("He's on the office phone from the next room telling her to sign", None),
])
def test_issue_is_read_when_said_as_over_or_from_something(text, issue):
    from actions.reading.issue import read_issue
    assert read_issue(text) == issue


def test_parties_by_role_and_a_role_before_a_name_is_that_person():
    from actions.reading.people import read_parties
    assert read_parties("the husband won't sign, he says her brother hid money") == ["the husband", "the brother"]
    assert read_parties("her brother Tom always got everything") == []
    assert read_parties("they argue about the estate and the school") == []


@pytest.mark.parametrize("text, candidates, expected", [
    ("Husband won't agree, says she'll move the kids the minute it's signed", ["Husband"], "Husband"),
    ("Mary's a widow. Mary wants to stay in her own home; the kids think she should move",
     ["Mary", "the kids"], "Mary"),
    ("the manager says she's the one who feels intimidated", ["the manager"], "the manager"),
    ("her brother flatly refuses to sell", ["the brother"], "the brother"),
    # Named, but not as the one taking a stance: replies stay neutral.
    ("My client's retired, I'll call him Jeremy. She's still furious at every proposal", ["Jeremy"], None),
    ("She walked in holding Joey, who was thrilled to see her", ["Joey"], None),
    ("Grandmother left their mother an equal share; the mother died in 2021", ["the mother"], None),
])
def test_the_stuck_party_is_the_one_the_description_gives_a_stance(text, candidates, expected):
    from actions.reading.people import stuck_party
    assert stuck_party(text, candidates) == expected


def test_replies_name_the_other_side_only_when_the_stuck_party_is_known():
    known = Situation().add("Sarah won't give Tom another cent", [], ["Sarah", "Tom"], party="Sarah")
    assert known.party == "Sarah" and known.other == "Tom"
    unknown = Situation().add("Sarah and Tom are stuck", [], ["Sarah", "Tom"])
    assert unknown.party is None and unknown.other is None
    assert Situation.from_slot(known.as_slot()) == known


@pytest.mark.parametrize("text, names, expected", [
    ("the wife", [], True), ("her brother", [], True), ("she", [], True),
    ("Tom, mostly", ["Tom"], True), ("um it's the landlord and his agent", [], True),
    ("she's scared of him", [], False), ("the wife won't sign", [], False),
    ("he hit her", [], False), ("", [], False),
])
def test_a_message_that_only_says_who(text, names, expected):
    from actions.reading.people import says_only_who
    assert says_only_who(text, names) is expected


def test_a_message_without_a_ranking_leaves_the_pooled_reading_as_it_was():
    first = [("impasse_distrust", 0.7), ("impasse_anger", 0.2)]
    assert pool([first, []], [12, 2]) == pool([first], [12])


def test_a_quote_cut_short_says_so():
    from actions.situation import evidence
    text = ("and honestly i think its personal now, she posted a one star review calling him a cowboy "
            "in front of all their neighbours and friends")
    (quote,) = evidence(text, ["personal"], 1)
    assert quote.endswith("...") and quote.startswith("and honestly i think its personal now")
