"""Money end to end over REST (issue 18): an offer log kept across messages, moves noted with
the new gap, sums asked for, and no gap between figures that are not two sides' offers."""
import uuid


def texts(replies):
    return "\n".join(r.get("text", "") for r in replies)


def new_sender():
    return f"mediator-{uuid.uuid4().hex[:8]}"


def test_an_offer_log_across_messages(assistant):
    sender = new_sender()
    first = texts(assistant.say(sender, "injury claim, my client wants 60k and the insurer is offering 20k, "
                                        "both sides dug in and nobody will move"))
    assert "They're 40,000 apart: my client 60k, the insurer 20k. The midpoint is 40,000." in first
    moved = texts(assistant.say(sender, "insurer now at 28k"))
    assert moved.startswith("Noted: the insurer up 8,000, from 20k to 28k.") and "32,000 apart" in moved
    moves = texts(assistant.say(sender, "how far has each side moved"))
    assert "the insurer 8,000 (20k to 28k)" in moves and "my client hasn't moved" in moves
    middle = texts(assistant.say(sender, "whats the midpoint now"))
    assert "The midpoint is 44,000." in middle


def test_figures_of_other_kinds_are_never_paired(assistant):
    sender = new_sender()
    said = texts(assistant.say(sender, "the house is worth 420k and her brother has 90k in savings, "
                                       "neither will budge on who keeps it"))
    assert "apart" not in said
    asked = texts(assistant.say(sender, "whats the gap?"))
    assert "I can't work out a gap" in asked and "420k (value)" in asked
    third = texts(assistant.say(sender, "whats a third of the house"))
    assert "A third of 420k: 140,000." in third
