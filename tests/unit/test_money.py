"""Money read by role and side, and the arithmetic mediators use (issue 18). The sentences here
are written for the tests, not taken from corpus/figures/ (which judges the reader)."""
import pytest

from actions import money_talk
from actions.reading.acts import act_of, asks_about_money
from actions.reading.ledger import Ledger, share_asked, worked
from actions.reading.money import read_figures, side_key, words_value


def _case(*messages):
    amounts = []
    for message in messages:
        amounts += read_figures(message, known=amounts)
    return amounts


def _roles(text):
    return [(a.text, a.role) for a in read_figures(text)]


@pytest.mark.parametrize("text, expected", [
    ("the council are offering 18k", [("18k", "offer")]),
    ("she's asking for £95,000", [("£95,000", "demand")]),
    ("the flat is worth about 310k", [("310k", "value")]),
    ("legal costs so far 14k", [("14k", "cost")]),
    ("loss of earnings comes to 52,000", [("52,000", "loss")]),
    ("he earns 61k a year", [("61k", "income")]),
    ("there's 23k in savings", [("23k", "saving")]),
    ("mortgage of 140k still on it", [("140k", "debt")]),
    ("they're 12k apart", [("12k", "gap")]),
    ("she proposes 70/30 in her favour", [("70/30", "split")]),
    ("she wants 40% of the business", [("40%", "split")]),
    ("the insurer says 40% contributory", [("40%", "other")]),  # a rate, not a share
])
def test_each_role_is_read_from_the_words_around_the_figure(text, expected):
    assert _roles(text) == expected


def test_figures_said_many_ways_are_read_as_money():
    values = [a.value for a in read_figures(
        "insurer at $12,500, she wants 40 grand, the van was three point five thousand dollars, "
        "repairs forty-two thousand five hundred and a 2.4m valuation")]
    assert values == [12500, 40000, 3500, 42500, 2.4e6]
    assert words_value("two hundred and ten thousand") == 210000


def test_numbers_that_are_not_money_are_left_alone():
    assert read_figures("18 months salary, 3 kids, 14 weeks late, back in 2019, meeting at 10 am") == []


def test_the_side_is_the_party_named_with_the_figure():
    demand, offer, cost = read_figures("my client wants 38k, the insurer is offering 12,500, our costs are 9k")
    assert (demand.who, offer.who) == ("my client", "the insurer")
    assert cost.role == "cost"
    assert side_key("the claimants team") == side_key("Claimant") == "claimant"


def test_an_offer_log_across_messages_records_each_sides_moves():
    amounts = _case("claimant wants 90k, defence offering 40k", "defence came up to 55k",
                    "claimant down to 80k")
    ledger = Ledger.of(amounts)
    assert ledger.gap() == 25000 and ledger.midpoint() == 67500
    assert ledger.moves() == {"claimant": 10000, "defence": 15000}


def test_a_side_named_alone_with_a_figure_keeps_its_role():
    amounts = _case("the tenant offers 2,000, landlord wants 6,000", "tenant 3,000, landlord 5,000")
    assert [a.role for a in amounts] == ["offer", "demand", "offer", "demand"]
    assert Ledger.of(amounts).gap() == 2000


def test_small_bare_numbers_among_thousands_are_thousands():
    amounts = _case("C wants 250k, D at 100k", "D now 140")
    assert amounts[-1].value == 140000
    assert Ledger.of(amounts).gap() == 110000


def test_splits_are_worked_out_in_money_on_the_pot():
    amounts = _case("the pot is 500k. wife wants 60/40 in her favour", "husband says 50/50")
    result = worked(amounts, "what does that mean in money")
    assert result["gap"] == 50000 and result["midpoint"] == 275000
    assert result["split_money"] == {"first": 250000, "second": 250000}


@pytest.mark.parametrize("case, question, key, value", [
    ("house worth 400k, mortgage 100k. he wants to buy her out", "what's her half", "buyout", 150000),
    ("four siblings share equally, the cottage is valued at 280k. one wants to buy the others out",
     "what's a quarter", "buyout", 70000),
    ("insurer offering 60k. her costs so far 15k", "what does she walk away with", "net_of_costs", 45000),
    ("claim worth 200k on full liability", "whats 200k less 25%", "percent", 150000),
])
def test_sums_asked_for(case, question, key, value):
    assert worked(_case(case), question, case)[key] == pytest.approx(value)
    assert share_asked("her third") == pytest.approx(1 / 3)


@pytest.mark.parametrize("messages", [
    ["the house is worth 420k and her brother has 90k in savings"],
    ["legal costs 45k so far, the valuation came in at 310k"],
    ["two numbers on the table 45k and 60k, not sure which side put forward which"],
    ["i've got 'offered 600' and 'wants 900' in my notes but don't know who said which"],
])
def test_no_gap_is_ever_invented_between_figures_that_are_not_opposing_offers(messages):
    amounts = _case(*messages)
    assert Ledger.of(amounts).gap() is None
    assert "apart" not in money_talk.money_line(amounts)


def test_unsure_figures_get_one_question_instead():
    line = money_talk.money_line(_case("45k and 60k on the table, not sure which side put forward which"))
    assert line.startswith("I won't work out a gap yet") and line.endswith("Which side is at which figure?")


def test_answers_say_the_standing_gap_moves_and_what_is_missing():
    amounts = _case("claimant wants 90k, defence offering 40k", "defence came up to 55k")
    said = money_talk.answer(amounts, "how far has each side moved")
    assert "They're 35,000 apart: claimant 90k, defence 55k. The midpoint is 72,500." in said
    assert "defence 15,000 (40k to 55k)" in said and "claimant hasn't moved" in said
    missing = money_talk.answer(_case("the flat is worth 300k"), "whats the gap")
    assert "I can't work out a gap" in missing and "300k (value)" in missing
    assert "I don't have any figures" in money_talk.answer([], "whats the gap")


def test_a_move_noted_says_who_moved_and_the_new_gap():
    before = _case("claimant wants 90k, defence offering 40k")
    new = read_figures("defence now at 50k", known=before)
    said = money_talk.update_reply(before + new, new)
    assert said.startswith("Noted: defence up 10,000, from 40k to 50k.")
    assert "They're 40,000 apart" in said


@pytest.mark.parametrize("text, money", [
    ("whats the gap now?", True), ("how far apart are they", True), ("is 60 the middle", True),
    ("what would she need to pay him for his half", True), ("so the gap is 30k?", True),
    ("should i suggest they split the difference?", False), ("what's the best way to close the gap?", False),
    ("what did he say about the house?", False),
])
def test_money_questions_are_told_from_practice_questions(text, money):
    assert asks_about_money(text) is money
    assert (act_of(text, False, False) == "money_question") is money


def _described(dispatcher, tracker_for, domain, text):
    from actions.actions import ActionSuggestStrategy
    return slots_after(ActionSuggestStrategy(), dispatcher, domain,
                       tracker_for(text, [("impasse_positional", 0.9)]))


def slots_after(action, dispatcher, domain, tracker, slots=None):
    slots = dict(slots or {})
    for event in action.run(dispatcher, tracker, domain):
        if event.get("event") == "slot":
            slots[event["name"]] = event["value"]
    return slots


def test_a_money_question_is_answered_from_the_case(dispatcher, tracker_for, domain, case_store):
    from actions.conversation import ActionAnswerMoney
    slots = _described(dispatcher, tracker_for, domain,
                       "claimant wants 90k, defence offering 40k, both dug in and neither will move")
    slots_after(ActionAnswerMoney(), dispatcher, domain,
                tracker_for("whats the midpoint", [("ask_money", 0.9)], slots=slots))
    assert dispatcher.messages[-1]["text"] == "They're 50,000 apart: claimant 90k, defence 40k. The midpoint is 65,000."


def test_a_move_is_noted_and_heard_even_when_read_as_feedback(dispatcher, tracker_for, domain, case_store):
    from actions.actions import ActionRecordOutcome
    from actions.conversation import ActionNoteOffer
    slots = _described(dispatcher, tracker_for, domain,
                       "claimant wants 90k, defence offering 40k, both dug in and neither will move")
    slots.update(slots_after(ActionNoteOffer(), dispatcher, domain,
                             tracker_for("defence now at 50k", [("note_offer", 0.9)], slots=slots), slots))
    assert dispatcher.messages[-1]["text"].startswith("Noted: defence up 10,000, from 40k to 50k.")
    slots.update(slots_after(ActionRecordOutcome(), dispatcher, domain,
                             tracker_for("claimant came down to 80k", [("strategy_worked", 0.7)], slots=slots), slots))
    said = dispatcher.messages[-1]["text"]
    assert said.startswith("Noted: claimant down 10,000, from 90k to 80k.") and "30,000 apart" in said


@pytest.mark.parametrize("text, question", [
    ("what do you mean by worst?", True), ("does that include costs?", True), ("sorry?", True),
    ("huh", True), ("the court orders the whole deposit back", False), ("who knows, maybe two years", False),
    ("about 2 years?", False), ("she loses the house and pays his costs", False),
])
def test_a_question_asked_back_is_not_a_worksheet_answer(text, question):
    from actions.worksheet import is_question_back
    assert is_question_back(text) is question


def test_the_worksheet_keeps_answers_and_answers_questions(dispatcher, tracker_for, domain):
    from actions.worksheet import ValidateBatnaForm
    form = ValidateBatnaForm()
    kept = form.validate_batna_worst("she gets nothing", dispatcher, tracker_for("she gets nothing"), domain)
    assert kept == {"batna_worst": "she gets nothing"} and not dispatcher.messages
    asked = form.validate_batna_worst("what do you mean by worst?", dispatcher, tracker_for("x"), domain)
    assert asked == {"batna_worst": None}
    assert dispatcher.messages[-1]["text"].startswith("That sounds like a question, so I haven't written it down")


def test_the_answer_to_who_put_forward_which_pairs_them():
    unsure = _case("45k and 60k on the table, not sure which side put forward which")
    told = read_figures("the 45 was the wife's, husband wants 60", known=unsure)
    assert [(a.who, a.role, a.value) for a in told] == [("the wife", "offer", 45000), ("husband", "demand", 60000)]
    said = money_talk.update_reply(unsure + told, told)
    assert said == ("Noted: the wife at 45,000; husband at 60,000. They're 15,000 apart: husband 60,000, "
                    "the wife 45,000. The midpoint is 52,500.")


def test_net_of_costs_names_the_offer_and_the_costs():
    amounts = _case("claimant wants 60k, insurer offering 28k", "his costs are 9k")
    assert money_talk.answer(amounts, "what does he walk away with") == "Insurer's 28k less 9k costs leaves 19,000."


def test_an_offer_above_the_demand_is_never_paired():
    amounts = _case("the house is down 35k on her valuer's figures and she wants 6k for the noise, "
                    "the neighbour offers 8k for a fence")
    assert Ledger.of(amounts).gap() is None


def test_words_and_colloquial_figures():
    amounts = _case("wife wants one hundred and forty, husband offering ninety thousand",
                    "husband now a hundred and ten, wife down to one thirty")
    assert [a.value for a in amounts] == [140000, 90000, 110000, 130000]
    assert Ledger.of(amounts).gap() == 20000


@pytest.mark.parametrize("text, agreed", [
    ("sports club, two coaches fighting over which team gets the good pitch on saturdays", False),
    ("they agreed alternate saturdays", True), ("dad gets 2 weeks in aug + 1 wk at easter, review next yr", True),
    ("mum offered every other weekend + all of summer", False),
])
def test_a_fight_told_is_not_an_agreement(text, agreed):
    from actions.reading.acts import is_agreement
    assert is_agreement(text) is agreed


def test_figures_without_commas_as_speech_recognisers_write_them():
    told = read_figures("the landlord wants 65000 and the tenant offered 40000, back in 2019, at 10 am")
    assert [(a.value, a.role) for a in told] == [(65000, "demand"), (40000, "offer")]
