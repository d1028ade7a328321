"""Safety: reading a message for risk, the protocols per risk type, and the case's state.

signals.py reads one message (clear, ambiguous or no signal; the risk type; screening
answers; joint-session requests); protocols.py loads the protocols a mediator may edit
(safety_protocols.yml); state.py keeps what the mediator arranged for the case (concern
open, safe for now but shuttle only, screened with no concern). Pure: no Rasa, no I/O
beyond loading the protocols file once.
"""
from __future__ import annotations

from actions.safety.signals import (AMBIGUOUS, CLEAR, GENERAL, NONE, RISKS, Signal, asks_joint_session,
                                    foreign_danger, named_at_risk, read, relationship, says_no_concern,
                                    screen_answer)

# The classifier's safety probability alone (no rule fired) asks one screening question from
# this much. Chosen on the development part of the safety set (`make eval-safety`, dev only):
# the classifier reacts to words as the old check did, so alone it never gives the protocol.
CLASSIFIER_SCREEN = 0.5


def assess(text: str, context: str = "", classifier: float = 0.0) -> Signal:
    """The safety signal of one message, with the classifier's probability as a weak signal."""
    signal = read(text, context)
    if signal.level == NONE and not signal.cleared and not signal.foreign and classifier >= CLASSIFIER_SCREEN:
        return Signal(AMBIGUOUS, relationship(f"{context} {text}"), GENERAL, "")
    return signal


__all__ = ["AMBIGUOUS", "CLEAR", "NONE", "RISKS", "Signal", "assess", "asks_joint_session",
           "foreign_danger", "named_at_risk", "read", "says_no_concern", "screen_answer"]
