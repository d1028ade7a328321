"""Turn a mediator's progress note into what gets stored: pure functions, no I/O.

"homework: she brings the bank statements" -> kind homework, text "she brings the bank
statements". A short-term experiment also gets who tries it and when it is reviewed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

NOTE_INTENTS = {
    "note_gain": "gain",
    "note_parked": "parked",
    "note_homework": "homework",
    "note_experiment": "experiment",
}
# A leading label the mediator may type before the note itself.
_LABEL = re.compile(
    r"^\s*(?:note|gain|agreed|agreement|homework|hw|task|park(?:ed|ing)?|shelve|parked issue|"
    r"trial|experiment|test)\s*[:\-]+\s*", re.IGNORECASE)
# How long a trial runs, when said in words rather than as a date.
_DURATION = re.compile(
    r"\b(?:for|over)\s+(?:the\s+next\s+)?(?:a|an|one|two|three|four|six|\d+)\s+"
    r"(?:day|week|weekend|month|session)s?\b|\buntil\s+[^,.;]+", re.IGNORECASE)


@dataclass(frozen=True)
class NoteDraft:
    kind: str
    text: str
    who: Optional[str] = None
    review: Optional[str] = None


def draft_note(intent: str, text: str, party: Optional[str] = None,
               issue: Optional[str] = None, date: Optional[str] = None) -> NoteDraft:
    """The note to store for a note_* intent; the text keeps the mediator's own words."""
    kind = NOTE_INTENTS[intent]
    text = "" if (text or "").startswith("/") else text  # a bare "/note_gain" payload has no note
    body = _LABEL.sub("", text or "", count=1).strip()
    if kind == "parked" and issue:
        body = issue.strip()
    if kind != "experiment":
        return NoteDraft(kind=kind, text=body, who=party)
    review = date
    if not review:
        match = _DURATION.search(body)
        review = match.group(0).strip() if match else None
    return NoteDraft(kind=kind, text=body, who=party, review=review)
