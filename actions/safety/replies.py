"""Every sentence the assistant says about safety, per risk type, for text and for voice.

Built from the protocols file (safety_protocols.yml) with the person at risk and the other
party put in. Pure: no Rasa, no I/O.
"""
from __future__ import annotations

import re
from typing import Optional

from actions.phrasing import Reply, _buttons
from actions.safety.protocols import Protocols, fill
from actions.safety.state import gender
from actions.safety.signals import (FEAR_KIND, GENERAL, INTIMIDATION, PHYSICAL_OR_WINNING, SELF_HARM,
                                    THREAT_KIND)

# How the safety replies open (the conversation reads them back to tell what was said already).
PROTOCOL_FIRST = "Safety first:"
STILL_FIRST = "Safety still comes first in this case"
NEXT_STEPS = "Next:"
CHANGED_RISK = "That changes what to do: this is a different kind of risk."
FOR_THE_MEDIATOR = ("That was hard to handle, and feeling shaken afterwards is normal; you did the right thing "
                    "by acting on it. Once everyone is safe, talk it through with your supervisor or a colleague today.")
RESOLVED_BUTTONS = (("Everyone is safe now", "/safety_resolved"),
                    ("No concern after all", "/safety_no_concern"))
# Each screening question's quick replies: (title, what the button sends as the answer).
SCREEN_BUTTONS = {
    PHYSICAL_OR_WINNING: (("Physically", "physically"), ("Winning the argument", "winning the argument")),
    THREAT_KIND: (("A threat to hurt someone", "a threat of harm"), ("Court or another step", "a legal threat, no danger")),
    FEAR_KIND: (("Afraid of the other person", "afraid of the person"), ("Afraid of the outcome", "afraid of the outcome")),
    SELF_HARM: (("Yes, they may harm themselves", "yes they may harm themselves"), ("No, just low", "no, just low")),
    INTIMIDATION: (("Meant to frighten", "yes someone may be unsafe"), ("Just a heated moment", "no, just a heated moment")),
    GENERAL: (("Yes, someone may be unsafe", "yes someone may be unsafe"), ("No, just upset", "no, just upset")),
}


def protocol_reply(protocols: Protocols, risk: Optional[str], who: Optional[str], other: Optional[str],
                   voice: bool = False, lead: str = "") -> Reply:
    """The protocol for one risk type, speaking of the person at risk."""
    protocol = protocols.get(risk)
    heard = fill(protocol.heard, who, other)
    if voice:
        return Reply(text=" ".join(filter(None, [lead, heard, fill(protocol.spoken, who, other),
                                                 "Tell me when everyone is safe."])))
    steps = "\n".join(f"{i}. {fill(s, who, other)}" for i, s in enumerate(protocol.steps, 1))
    help_ = "; ".join(protocol.referrals)
    text = "\n".join(filter(None, [
        lead,
        f"{PROTOCOL_FIRST} {protocol.label}. {heard} Before any negotiation tactic:",
        steps,
        f"\nHelp to offer: {help_}.",
        fill(protocol.confidentiality, who, other),
        "From here on I'll only suggest separate-room options in this case. When everyone is safe, "
        "tell me how you'd like to go on; if I've misread this, say so.",
    ]))
    return Reply(text=text, buttons=_buttons(RESOLVED_BUTTONS))


def follow_up_reply(protocols: Protocols, risk: Optional[str], who: Optional[str], other: Optional[str],
                    voice: bool = False) -> Reply:
    """The mediator reports back while the concern is open: what to see to next for this risk."""
    protocol = protocols.get(risk)
    lines = [fill(line, who, other) for line in protocol.follow_up]
    opening = f"{STILL_FIRST} ({protocol.label})."
    if voice:
        return Reply(text=" ".join([opening, NEXT_STEPS] + lines + ["Tell me when everyone is safe."]))
    steps = "\n".join(f"- {line}" for line in lines)
    return Reply(text=f"{opening} Thanks for the update. {NEXT_STEPS}\n{steps}\n\nWhen everyone is safe, tell me, "
                      "and I'll keep the case to separate rooms from then on.",
                 buttons=_buttons(RESOLVED_BUTTONS))


def go_on_or_end_reply(protocols: Protocols, risk: Optional[str], who: Optional[str], other: Optional[str],
                       voice: bool = False) -> Reply:
    """"Should I carry on in separate rooms or end it?": the answer for this risk."""
    protocol = protocols.get(risk)
    answer = f"{STILL_FIRST} ({protocol.label}). {fill(protocol.go_on_or_end, who, other)}"
    if voice:
        return Reply(text=answer)
    after = "" if risk == "suicide_self_harm" else (
        "\n\nWhatever you decide, any later session in this case is by separate rooms only.")
    return Reply(text=f"{answer}{after}", buttons=_buttons(RESOLVED_BUTTONS))


def safety_question_reply(protocols: Protocols, risk: Optional[str], topic: str, who: Optional[str],
                          other: Optional[str], voice: bool = False) -> Reply:
    """A question about handling the concern ("do I have to report it?", "what do I tell them
    without giving it away?"), answered from this risk's protocol, inside it."""
    protocol = protocols.get(risk)
    answer = f"{STILL_FIRST} ({protocol.label}). {fill(getattr(protocol, topic), who, other)}"
    if voice:
        return Reply(text=answer)
    return Reply(text=answer, buttons=_buttons(RESOLVED_BUTTONS))


def ending_reply(protocols: Protocols, risk: Optional[str], who: Optional[str], other: Optional[str],
                 noted: str = "", voice: bool = False) -> Reply:
    """The mediator is ending the session while the concern is open."""
    protocol = protocols.get(risk)
    lines = protocol.follow_up
    leaving = next((line for line in lines if re.search(r"departure|leaves?\s+first|safe\s+exit", line, re.I)),
                   next((line for line in lines if "leave" in line.lower()), ""))
    parts = [f"{STILL_FIRST} ({protocol.label}): ending for today is a sound call.", noted, fill(leaving, who, other) if leaving else "",
             "Afterwards, write down what you saw and heard, with times, and tell your service or supervisor."]
    if voice:
        return Reply(text=" ".join(filter(None, parts)))
    return Reply(text=" ".join(filter(None, parts)) + "\n\nTell me when everyone has left safely; any later "
                      "session in this case stays in separate rooms.", buttons=_buttons(RESOLVED_BUTTONS))


def gone_alone_reply(protocols: Protocols, who: Optional[str], text: str = "") -> Reply:
    """A person at risk of suicide has gone off alone: the one thing that matters now. Said with
    the pronoun the mediator used when nobody was named ("he's gone out to his ute")."""
    label = protocols.get("suicide_self_harm").label
    said = gender(who) if who else None
    he = said == "he" or (not who and re.search(r"\b(?:he|his|him)\b", text, re.I) and not re.search(r"\b(?:she|her)\b", text, re.I))
    she = said == "she" or (not who and re.search(r"\b(?:she|her)\b", text, re.I) and not re.search(r"\b(?:he|his|him)\b", text, re.I))
    them, they = ("him", "he") if he else ("her", "she") if she else ("them", "they")
    person = who or (them if he or she else "the person at risk")
    own = {"him": "his", "her": "her"}.get(them, "their")
    have = "has" if they in ("he", "she") else "have"
    return Reply(text=f"{STILL_FIRST} ({label}). Don't leave {person} on {own} own now: go to {them}, or send someone "
                      f"safe {they} {'knows' if have == 'has' else 'know'}, and stay with {them}. If {they} {have} driven off "
                      f"or can't be found and you think {they} may act, call emergency services (999, 911 or 112) and "
                      f"tell them about the risk and any means {they} {have} at home.", buttons=_buttons(RESOLVED_BUTTONS))


def played_down_reply(protocols: Protocols, risk: Optional[str], who: Optional[str], other: Optional[str]) -> Reply:
    """Someone plays the concern down once it is out: common, and not a reason to drop it."""
    protocol = protocols.get(risk)
    return Reply(text=f"{STILL_FIRST} ({protocol.label}). It's common for a risk to be played down once it has been "
                      f"said; that doesn't mean it has passed. {fill(protocol.follow_up[0], who, other)}",
                 buttons=_buttons(RESOLVED_BUTTONS))


def noted_incident(text: str) -> str:
    return f"Noted for you only, never in what you share: \u201c{text}\u201d."


# A report that makes an open concern urgent: it is happening today, or the means are ready.
# (the means are ready or the person is near: flights, passports, a weapon, waiting outside;
# "ring the GP tomorrow" is a plan, not urgency)
_URGENT = re.compile(r"\b(?:booked|airport|flights?|tickets?|passports?|on\s+(?:the|his|her)\s+way|waiting\s+(?:outside|for)|"
                     r"outside\s+(?:the|her|his|in)|in\s+the\s+car\s*park|has\s+(?:a|the)\s+(?:knife|gun|weapon))\b", re.I)
_STEM = re.compile(r"[a-z]{5,}")
_OVER = re.compile(r"\b(?:last\s+(?:week|month|year|night|time|session)|ago|yesterday|in\s+the\s+past|back\s+in|years?\s+back)\b", re.I)
_SOON = re.compile(r"\b(?:now|today|tonight|tomorrow|this\s+(?:afternoon|evening|week)|friday|saturday|sunday|monday|tuesday|"
                   r"wednesday|thursday|booked|waiting)\b", re.I)


def urgent_steps(protocols: Protocols, risk: Optional[str], text: str, who: Optional[str] = None,
                 other: Optional[str] = None) -> Optional[Reply]:
    """A further report that makes the concern urgent ("flights are booked for tonight"): the
    protocol's first step and the steps that speak to what was reported, said again, short."""
    if not _URGENT.search(text) or (_OVER.search(text) and not _SOON.search(text)):
        return None  # "he grabbed her arm in the car park last week": a past event, not urgent now
    protocol = protocols.get(risk)
    said = {w[:6] for w in _STEM.findall(text.lower())} | (
        {"abroa", "passpo", "port"} if re.search(r"flight|ticket|airport|abroad|passport|country", text, re.I) else set()) | (
        {"leave", "leavin", "depart", "safe"} if re.search(r"outside|car\s*park|waiting|parked|following|follow", text, re.I) else set())
    fitting = [step for step in protocol.steps[1:]
               if said & {w[:6] for w in _STEM.findall(step.lower())} - {"child", "person", "parent", "partie", "session"}]
    lines = [fill(line, who, other) for line in [protocol.steps[0]] + fitting[:2]]
    return Reply(text=f"{STILL_FIRST} ({protocol.label}). That makes it urgent:\n"
                      + "\n".join(f"- {line}" for line in lines)
                      + "\n\nTell me when everyone is safe.", buttons=_buttons(RESOLVED_BUTTONS))


def still_open_reply(protocols: Protocols, risk: Optional[str], noted: str = "") -> Reply:
    """A further report on a concern whose next steps were just given: no wall of steps again."""
    label = protocols.get(risk).label
    return Reply(text=" ".join(filter(None, [f"{STILL_FIRST} ({label}).", noted or "Thanks for the update.",
                                             "The steps above still stand. When everyone is safe, tell me; "
                                             "if there's a decision to make, ask me."])),
                 buttons=_buttons(RESOLVED_BUTTONS))


def screening_reply(protocols: Protocols, key: str, voice: bool = False) -> Reply:
    """One short question to the mediator before anything else."""
    question = protocols.screening.get(key) or protocols.screening["general"]
    if voice:
        return Reply(text=f"Before I suggest anything: {question}")
    return Reply(text=f"Before I suggest anything, one quick check: {question}",
                 buttons=_buttons(SCREEN_BUTTONS.get(key, SCREEN_BUTTONS[GENERAL])))


def joint_refusal_reply(protocols: Protocols, risk: Optional[str], who: Optional[str],
                        other: Optional[str]) -> Reply:
    """A plain no to a joint session while separate rooms stand: why, and what instead."""
    why = fill(protocols.get(risk).no_joint_session, who, other) if risk else ""
    text = fill(protocols.joint_session_refusal, who, other)
    return Reply(text=f"{text}\n\n{why}".strip(), buttons=_buttons(RESOLVED_BUTTONS[1:]))


def joint_allowed_reply() -> Reply:
    return Reply(text="No safety concern stands in this case, so bringing them back together is your "
                      "call. If you do, agree beforehand what the joint part is for and how long it "
                      "runs, and keep a break ready if it heats up again.")


def other_language_reply(protocols: Protocols) -> Reply:
    return Reply(text=protocols.other_language)


def safe_for_now_reply(protocols: Protocols) -> Reply:
    return Reply(text="Good that everyone is safe. " + protocols.shuttle_only_reminder + " If you "
                      "screen again and find the concern has passed, tell me \"no concern after all\".",
                 buttons=_buttons(RESOLVED_BUTTONS[1:]))


OUT_OF_SCOPE = "That's outside what I can help with. I'm here for stuck mediations: tell me who won't move and what they're saying, and I'll suggest a way forward."
HOSTILE = "Sounds like a rough session. I'm here to help: tell me what's happening in the room and I'll suggest something to try."
ENGLISH_ONLY = "Sorry, I can only work in English for now. Could you describe the impasse in English?"
SCREENED_CLEAR = ("Noted in the case record, for you only: screened, no safety concern. I won't raise "
                  "the alarm on the same words again in this case; if something new comes up, tell me.")
SCREENED_CLEAR_SHORT = "Noted in the case record, for you only: screened, no safety concern."
NOTHING_STOOD = ("Noted: no safety concern in this case. I'll keep that in the case record, for you only.")


def shuttle_line(protocols: Protocols) -> str:
    """Said before any suggestion while the case is shuttle only."""
    return protocols.shuttle_only_reminder
