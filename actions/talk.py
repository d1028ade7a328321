"""What the assistant says for the conversational acts: a correction taken, a note changed or
taken back, a practice question, a word for the mediator, questions about the assistant.
Pure: no Rasa, no I/O. The facts about data come from the README ("What is stored, where,
and for how long") and settings.py; keep them in step.
"""
from __future__ import annotations

from typing import Optional, Sequence

from actions.phrasing import BUTTONS_AFTER_STRATEGY, Reply, _buttons, _join
from actions.playbook import Playbook

KIND_WORDS = {"gain": "agreements", "parked": "parked issues", "homework": "homework", "incident": "safety notes (yours only)",
              "experiment": "experiments"}
SUMMARY_BUTTON = (("What's agreed so far", "/summarise_gains"),)


def correction_lead(playbook: Playbook, named: Optional[str], ruled_out: Sequence[str]) -> str:
    """One line that says the correction was taken: "Got it: distrust, not anger."."""
    label = lambda c: playbook.causes[c].label if c in playbook.causes else c
    nots = [label(c) for c in ruled_out if c in playbook.causes]
    if named and nots:
        return f"Got it: {label(named)}; I've set aside {_join(nots, 'and')}. I'll keep to that for this situation."
    if named:
        return f"Got it: {label(named)}. I'll keep to that for this situation."
    return f"All right, I've set aside {_join(nots, 'and')}." if nots else "All right."


def note_removed(kind: str, text: str) -> Reply:
    return Reply(text=f"Taken out of the {KIND_WORDS.get(kind, 'notes')}: \u201c{text}\u201d. "
                      "The summary and the export no longer have it.")


def note_moved(old: str, old_kind: str, new: str, new_kind: str) -> Reply:
    """A note that changed kind: "the van on the street" moved from agreements to experiments."""
    return Reply(text=f"Changed: \u201c{old}\u201d is out of the {KIND_WORDS.get(old_kind, 'notes')}; "
                      f"\u201c{new}\u201d is now in the {KIND_WORDS.get(new_kind, 'notes')}. The summary and the "
                      "export follow.")


def note_changed(old: str, new: str) -> Reply:
    return Reply(text=f"Changed: \u201c{old}\u201d is now \u201c{new}\u201d.")


def which_note(notes: Sequence, change: bool) -> Reply:
    if not notes:
        return Reply(text="There are no notes in this case yet, so there's nothing to "
                          + ("change." if change else "take back."))
    listed = "\n".join(f"- {KIND_WORDS.get(n.kind, n.kind)}: {n.text}" for n in notes[-8:])
    ask = ("Which note should I change, and what should it say? For example \"change the christmas one to "
           "boxing day\" or \"actually it's 3 weeks not 2\"." if change else
           "Which one should I take back? Name a word from it, for example \"scratch the christmas one\".")
    return Reply(text=f"{ask}\n\nWhat's stored:\n{listed}")


PRACTICE_BUTTONS = BUTTONS_AFTER_STRATEGY[:1] + BUTTONS_AFTER_STRATEGY[2:] + SUMMARY_BUTTON
NOT_IN_NOTES = "That one isn't in my practice notes, so I won't guess at it."


def practice_answer(entry, voice: bool = False, kept: bool = False) -> Reply:
    """An answer from the practice notes (knowledge/practice): the direct answer first, why,
    the risks either way, what to say, and where it comes from."""
    if voice:
        return Reply(text=f"{entry.answer} You could say: {entry.say}")
    sources = "; ".join(f"{s.title} ({s.url})" for s in entry.sources[:3])
    lines = [entry.answer, "", f"Why: {entry.why}", f"Risks: {entry.risks}",
             f"You could say: \u201c{entry.say}\u201d", "",
             f"From my practice notes on \u201c{entry.question}\u201d. Sources: {sources}. "
             "Your judgement and your service's rules come first."]
    if kept:
        lines.append("I've kept what you told me about the situation; ask for an idea when you want one.")
    return Reply(text="\n".join(lines), buttons=_buttons(PRACTICE_BUTTONS))


def practice_not_found(nearest: Sequence, voice: bool = False) -> Reply:
    """No entry clearly answers it: said plainly, with the nearest questions the notes do have
    (as buttons), or, when nothing is near, that it isn't in the notes at all."""
    if voice:
        return Reply(text=NOT_IN_NOTES + " Your service's guidance or a colleague will serve you better on this one.")
    if nearest:
        listed = "\n".join(f"- {e.question}" for e in nearest)
        text = (f"I'm not sure my practice notes answer exactly that, so I won't guess. The nearest questions "
                f"I have notes on:\n{listed}\n\nPick one, or ask it another way. If it's none of these, your "
                "service's guidance or a colleague will serve you better; if it's about where they're stuck, "
                "tell me what's happening and I'll read the situation.")
        # The button sends the entry's own question, which the notes then answer.
        buttons = [{"title": _short(e.question), "payload": e.question} for e in nearest]
        return Reply(text=text, buttons=buttons)
    return Reply(text=f"{NOT_IN_NOTES} Your service's guidance, your code of conduct or a colleague will serve "
                      "you better on this one. If it's about where they're stuck, tell me what's happening and "
                      "I'll read the situation.", buttons=_buttons(PRACTICE_BUTTONS))


def _short(question: str, limit: int = 60) -> str:
    return question if len(question) <= limit else question[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


VENT = ("That's a long, hard stretch, and a stall like this is part of the work, not a sign you've missed "
        "something. Take a breath and some water before you go back in.")
VENT_NEXT = ("When you're ready: tell me where it's stuck right now, or I'll read back what they've agreed so "
             "far, which can remind them (and you) that it has moved.")
VENT_SHORT = "That sounds like a grind; it's fine to take a minute."


def vent_reply() -> Reply:
    return Reply(text=f"{VENT}\n\n{VENT_NEXT}", buttons=_buttons(SUMMARY_BUTTON))


ABOUT = {
    "who_reads": ("Only you, in this chat, and whoever runs this assistant for you (your service or its IT), "
                  "who can read the conversation store and the case notes. The parties can't see any of it "
                  "unless you show them. If you use it through Slack or a web page, those hold your messages "
                  "by their own rules. The case export has a part you can share with the parties and a part "
                  "for you only (strategies tried, safety)."),
    "names": ("You can, but you don't need to: roles work just as well (\"the husband\", \"the landlord\", "
              "\"my client\"). If your service sets REDACT_NAMES=1, names I recognise in a note are stored as "
              "[name]; the conversation itself still holds what you typed, so roles are the safer habit."),
    "stored": ("Two things are kept: the conversation (Rasa's conversation store, a local database by default) "
               "and the case notes you give me: agreements, parked issues, homework, experiments, the "
               "strategies I offered and how they went, and whether a safety concern stands. Nothing else: "
               "your role as mediator or advocate is kept only in the conversation."),
    "retention": ("Until you say \"forget this case\", or until your service's clean-up removes cases and "
                  "conversations that have been idle for CASE_RETENTION_DAYS (90 days by default)."),
    "delete": ("Say \"forget this case\" and, after a yes, the case and all its notes are deleted. The "
               "conversation itself can be deleted by whoever runs the assistant "
               "(scripts/forget_conversation.py), and idle ones are purged after 90 days by default."),
    "limits": ("I'm an assistant, not a person: a playbook of impasse strategies with a language model that "
               "reads why parties seem stuck. I can suggest a strategy with why and how, give questions for "
               "caucus, keep the case notes, answer common practice questions from my notes (with their sources) "
               "and put safety first. I can't give legal advice, and you know these people better than I do: "
               "your judgement comes first."),
}


def about_reply(topics: Sequence[str]) -> Reply:
    """The answers to what was asked about the assistant, the first two topics asked."""
    chosen = [t for t in dict.fromkeys(topics) if t in ABOUT][:2] or ["limits"]
    return Reply(text="\n\n".join(ABOUT[t] for t in chosen))


def parked_reminder(parked: Sequence) -> str:
    """After an agreement: the parked issues, as promised when they were parked."""
    if not parked:
        return ""
    items = _join([f"\u201c{n.text}\u201d" for n in parked[:3]])
    return f"With that agreed, it may be a good moment to come back to what's parked: {items}."
