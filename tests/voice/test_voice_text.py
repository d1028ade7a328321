"""Whisper's figures in the forms the assistant's money reader reads (scripts/voice_text.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from voice_text import normalise_figures  # noqa: E402


@pytest.mark.parametrize("heard, sent, value", [
    # what Whisper tiny.en wrote for the FIGURES sentences of scripts/voice_eval.py
    ("The deposit was 2400 and the tenant wants all of it back.",
     "The deposit was 2,400 and the tenant wants all of it back.", [2400.0]),
    ("The insurer put 65000 on the table yesterday.",
     "The insurer put 65,000 on the table yesterday.", [65000.0]),
    ("My client will accept 200 and 25,000 and not a penny less.",
     "My client will accept 225,000 and not a penny less.", [225000.0]),
    ("The landlord says $42,500 is his final number.",
     "The landlord says $42,500 is his final number.", [42500.0]),
])
def test_figures_whisper_writes_are_read(heard, sent, value):
    from actions.reading.money import read_figures

    assert normalise_figures(heard) == sent
    assert [a.value for a in read_figures(normalise_figures(heard))] == value


@pytest.mark.parametrize("text", [
    "they signed the lease in 2019 and renewed it in 1998",
    "they got 500 and 2,000 from the two insurers",
    "the ratio was 3.14159 and the code 0207",
    "a claim for 12345.67",
    "we're stuck, any ideas?",
])
def test_everything_else_is_left_alone(text):
    assert normalise_figures(text) == text
