"""Safety: reading a message for risk, the protocols per risk type, and the case's state.

signals.py reads one message (clear, ambiguous or no signal; the risk type; screening
answers; joint-session requests); protocols.py loads the protocols a mediator may edit
(safety_protocols.yml); state.py keeps what the mediator arranged for the case (concern
open, safe for now but shuttle only, screened with no concern). Pure: no Rasa, no I/O
beyond loading the protocols file once.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Mapping, Optional

from actions.safety.signals import (AMBIGUOUS, CLEAR, FEAR_KIND, GENERAL, INTIMIDATION, NONE, PHYSICAL_OR_WINNING,
                                    RISKS, SUICIDE, THREAT_KIND, Signal, asks_joint_session,
                                    foreign_danger, named_at_risk, read, relationship, says_no_concern,
                                    screen_answer)

# How the learned reader (nlu_components/safety_reader.py) joins the rules. Chosen with
# scripts/tune_safety.py on the development part of the safety set (five folds grouped by
# website and writer), never on its test part; cross-validated there: recall 0.89, protocols
# where there was no concern 0.8% of real descriptions and 0% of messages, a screening
# question on 13% and 6% of them.
# - SCREEN: where the rules are silent, the reader's concern probability from which one
#   screening question is asked (the reader never gives the protocol by itself).
# - CONFIRM: a rule's clear signal that the reader gives less than this asks the screening
#   question instead of giving the protocol at once (the rules over-fire on some wordings);
#   never for a threat of suicide.
CLASSIFIER_SCREEN = 0.3
CONFIRM = 0.1
# - RETYPE: a rule's clear signal keeps the protocol, but its risk type is the learned reader's
#   when the reader is at least this sure of another type (the rules type from the relationship
#   and the tense, and those guesses fail between neighbours: danger now told at work, a child's
#   risk told as domestic abuse). Never away from a threat of suicide. Chosen with
#   scripts/tune_safety_type.py (five folds on the development part): right type of the clear
#   signals 0.891 -> 0.919, 8 replaced, 7 of them right.
RETYPE = 0.7


def assess(text: str, context: str = "", classifier: float = 0.0,
           risks: Optional[Mapping[str, float]] = None) -> Signal:
    """The safety signal of one message: the rules (signals.read), with the learned reader's
    concern probability as a reason to ask (and, when it is very low, to ask before giving a
    rule's protocol), and its risk types as the likeliest kind where the rules only guess it."""
    signal = read(text, context)
    likeliest = max(risks.items(), key=lambda kv: kv[1])[0] if risks else None
    if signal.clear and risks and classifier < CONFIRM and signal.risk != SUICIDE:
        return replace(signal, level=AMBIGUOUS, screen=GENERAL)
    if signal.clear and likeliest and signal.risk != SUICIDE and likeliest != signal.risk \
            and float(risks[likeliest]) >= RETYPE:
        return replace(signal, risk=likeliest)
    if signal.level == NONE and not signal.cleared and not signal.foreign and classifier >= CLASSIFIER_SCREEN:
        return Signal(AMBIGUOUS, likeliest or relationship(f"{context} {text}"), GENERAL, "")
    if signal.ambiguous and likeliest and signal.screen in GUESSED_RISK_SCREENS and not signal.typed:
        return replace(signal, risk=likeliest)  # (a fear the children will be taken stays the children's)
    return signal


# Screening questions whose risk type the rules only guess from the relationship.
GUESSED_RISK_SCREENS = (GENERAL, INTIMIDATION, FEAR_KIND, THREAT_KIND, PHYSICAL_OR_WINNING)

__all__ = ["AMBIGUOUS", "CLEAR", "NONE", "RISKS", "Signal", "assess", "asks_joint_session",
           "foreign_danger", "named_at_risk", "read", "says_no_concern", "screen_answer"]
