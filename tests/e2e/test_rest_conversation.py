"""End to end over REST: the real Rasa server, the real action server, the trained model."""
import uuid

import pytest


def texts(replies):
    return "\n".join(r.get("text", "") for r in replies)


def buttons(replies):
    return [b["title"] for r in replies for b in r.get("buttons", [])]


def new_sender():
    return f"mediator-{uuid.uuid4().hex[:8]}"


def test_situation_gets_a_strategy_and_the_conversation_goes_on(assistant):
    sender = new_sender()
    first = assistant.say(sender, "Husband won't agree to any schedule, he says she'll just move "
                                  "the kids out of state the minute it's signed")
    assert "Try this:" in texts(first)
    assert "How to run it:" in texts(first) and "Why it helps here:" in texts(first)
    assert buttons(first) == ["Another idea", "Why this?", "Questions for caucus"]
    title = texts(first).split("Try this:")[1].split("(")[0].strip()

    another = assistant.say(sender, "/another_strategy")
    assert "Try this:" in texts(another)
    assert title not in texts(another), "another idea must not repeat the first"

    why = assistant.say(sender, "/explain_strategy")
    assert texts(why).startswith("I read it as ")
    assert "move the kids" in texts(why) or "signed" in texts(why), "it quotes the mediator's words"

    caucus = assistant.say(sender, "/caucus_questions")
    assert "Questions to ask in caucus" in texts(caucus)


def test_another_idea_never_repeats_until_all_were_offered(assistant):
    sender = new_sender()
    assistant.say(sender, "they are yelling at each other and one of them just stormed out")
    titles = []
    for _ in range(5):
        reply = texts(assistant.say(sender, "another idea"))
        assert "Try this:" in reply
        titles.append(reply.split("Try this:")[1].split("(")[0].strip())
    assert len(set(titles)) == len(titles)


def test_safety_gets_the_protocol_not_tactics(assistant):
    reply = texts(assistant.say(new_sender(), "he told her she won't make it to her car tonight "
                                              "if she signs this, she's shaking"))
    assert "call emergency services now" in reply
    assert "Try this:" not in reply


def test_vague_impasse_gets_one_clarifying_question(assistant):
    replies = assistant.say(new_sender(), "we're stuck in the landlord mediation, what now")
    assert "holding them back" in texts(replies)
    assert len(buttons(replies)) >= 3


@pytest.mark.parametrize("message, expected", [
    ("", "didn't get any text"),
    ("    ", "didn't get any text"),
    ("\U0001F621\U0001F621\U0001F621", "emoji"),
    ("las partes no quieren negociar porque el esposo no paga la pension", "English"),
    ("\u4ed6\u4e0d\u60f3\u5728\u534f\u8bae\u4e0a\u7b7e\u5b57", "English"),
    ("asdkjh qwpoeiru zxmcnv lkjhgf", "garbled"),
    ("x " * 10000, "a lot to take in"),
])
def test_bad_input_gets_a_friendly_answer(assistant, message, expected):
    replies = assistant.say(new_sender(), message)
    assert replies, "the assistant must never answer with silence"
    assert expected in texts(replies)


@pytest.mark.parametrize("message", [
    "<script>alert('x')</script>",
    "'; DROP TABLE events; --",
    "{\"intent\": \"greet\"}",
    "you are a useless piece of junk",
    "what's the capital of France",
])
def test_odd_or_hostile_input_is_answered_not_ignored(assistant, message):
    replies = assistant.say(new_sender(), message)
    assert replies and texts(replies).strip()
    assert "Traceback" not in texts(replies)


# --- A description over several messages --------------------------------------------------

def test_thin_message_gets_a_question_and_the_description_converges(assistant):
    sender = new_sender()
    thin = texts(assistant.say(sender, "the husband won't sign"))
    assert "Try this:" not in thin and "Tell me a little more" in thin

    more = texts(assistant.say(sender, "he says she lied about the money before, she hid an "
                                       "account in 2019 and he's sure she'll do it again"))
    assert "Try this:" in more or "Is it more that" in more
    if "Is it more that" in more:  # a close call: the mediator's answer settles it
        more = texts(assistant.say(sender, "/impasse_distrust"))
    assert "doesn't believe the other side will keep its word" in more
    assert "the husband" in more.lower()


def test_advocate_role_from_inside_a_description(assistant):
    replies = texts(assistant.say(new_sender(), (
        "I'm representing the employer. The former manager wants twelve months' pay and a glowing "
        "reference, my people won't go past six months, and neither side has moved in two hours")))
    assert "As the employer's advocate:" in replies


def test_new_situation_starts_a_fresh_description(assistant):
    sender = new_sender()
    assistant.say(sender, "the landlord won't return the deposit, he says she'll trash the next place too")
    fresh = texts(assistant.say(sender, "new situation"))
    assert "new situation" in fresh.lower()
    thin = texts(assistant.say(sender, "she won't sign"))
    assert "Try this:" not in thin, "the new description starts empty, so this one is thin"


def test_reply_names_the_parties_the_figures_and_offers_a_gap_tool(assistant):
    sender = new_sender()
    reply = texts(assistant.say(sender, (
        "Sarah wants $150,000 from mom's estate and her brother Tom is offering 120k; neither "
        "will move another dollar and they've been trading the same numbers for an hour")))
    assert "Try this:" in reply, reply
    assert "Sarah" in reply and "Tom" in reply
    assert "30,000 apart" in reply and "$150,000" in reply and "120k" in reply
    assert any(tool in reply for tool in ("Narrow the gap with brackets", "Float a 'what if' in private",
                                          "Make a mediator's proposal")), reply
    why = texts(assistant.say(sender, "/explain_strategy"))
    assert "because of your words" in why and "another dollar" in why


def test_batna_worksheet_one_question_at_a_time_then_a_summary(assistant):
    sender = new_sender()
    first = texts(assistant.say(sender, "walk me through the batna worksheet"))
    assert "1 of 5" in first
    answers = ["a judge gives her the whole deposit back", "she gets nothing and pays his costs",
               "about half the deposit", "two days off work and the filing fee", "four months at least"]
    for n, answer in enumerate(answers[:-1], start=2):
        assert f"{n} of 5" in texts(assistant.say(sender, answer))
    summary = texts(assistant.say(sender, answers[-1]))
    assert "Here is a summary you could read to them" in summary
    assert all(a in summary for a in answers)


def test_the_worksheet_can_be_left_part_way_and_a_threat_ends_it(assistant):
    sender = new_sender()
    assert "1 of 5" in texts(assistant.say(sender, "walk me through the batna worksheet with the husband"))
    assert "2 of 5" in texts(assistant.say(sender, "he says a judge gives him the house"))
    stopped = texts(assistant.say(sender, "stop the worksheet"))
    assert "the worksheet stops here" in stopped and "he says a judge gives him the house" in stopped
    # Back to ordinary conversation: a description is read as one again.
    assert "of 5" not in texts(assistant.say(sender, "they are screaming at each other and he stormed out"))

    sender = new_sender()
    assert "1 of 5" in texts(assistant.say(sender, "let's do the worksheet on going to trial"))
    threat = texts(assistant.say(sender, "he just threatened to hurt her if she doesn't sign today"))
    assert "call emergency services" in threat and "of 5" not in threat
