"""The safety protocols per risk type (safety_protocols.yml), loaded once and validated.

A mediator or a service may edit the file to match their own rules and local services; a
mistake in it fails loudly at load (and in `make unit`), never halfway through a session.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, Optional, Tuple

import yaml

from actions.safety.signals import RISKS
from actions.safety.state import gender

PROTOCOLS_FILE = Path(__file__).resolve().parent.parent / "safety_protocols.yml"
PLACEHOLDERS = frozenset({"who", "other"})
SCREENING_KEYS = ("general", "physical_or_winning", "threat_kind", "fear_kind", "self_harm", "intimidation")
MAX_SPOKEN_WORDS = 80


class ProtocolError(ValueError):
    pass


@dataclass(frozen=True)
class Protocol:
    risk: str
    label: str
    heard: str
    steps: Tuple[str, ...]
    spoken: str
    referrals: Tuple[str, ...]
    no_joint_session: str
    confidentiality: str
    follow_up: Tuple[str, ...]  # what to see to next, once the first steps are under way
    go_on_or_end: str = ""  # the answer to "carry on in separate rooms, or end it?"
    reporting: str = ""  # the answer to "do I have to report it?"
    what_to_say: str = ""  # what to tell the parties without giving the disclosure away


@dataclass(frozen=True)
class Protocols:
    risks: Mapping[str, Protocol]
    screening: Mapping[str, str]
    shuttle_only_reminder: str
    joint_session_refusal: str
    other_language: str

    def get(self, risk: Optional[str]) -> Protocol:
        """The protocol for a risk type; an unknown one gets danger-in-the-room-now's, the
        safest first steps when nobody knows what the risk is."""
        return self.risks.get(risk or "") or self.risks["danger_now"]


def fill(template: str, who: Optional[str], other: Optional[str]) -> str:
    """A template with the person at risk and the other party put in (generic forms when
    unknown); the first letter of a sentence stays a capital."""
    text = template.replace("{who}", who or "the person at risk").replace("{other}", other or "the other party")
    text = re.sub(r"(?<=['\w])'s's\b", "'s", text)
    text = text.replace("the person at risk at risk", "the person at risk in danger")
    self_word = {"he": "himself", "she": "herself"}.get(gender(who) if who else None)
    if self_word:  # "the husband may be thinking of harming himself"
        text = re.sub(r"\bthemselves\b", self_word, text)
    return text[:1].upper() + text[1:]


def _text(value, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ProtocolError(f"{where}: needs a non-empty text")
    unknown = set(re.findall(r"\{(\w*)\}", value)) - PLACEHOLDERS
    if unknown:
        raise ProtocolError(f"{where}: unknown placeholder(s) {sorted(unknown)}; use only {{who}} and {{other}}")
    return " ".join(value.split())


def _texts(value, where: str, least: int, most: int) -> Tuple[str, ...]:
    if not isinstance(value, list) or not least <= len(value) <= most:
        raise ProtocolError(f"{where}: needs a list of {least} to {most} texts")
    return tuple(_text(v, f"{where}[{i}]") for i, v in enumerate(value))


def parse(data) -> Protocols:
    if not isinstance(data, dict) or not isinstance(data.get("risks"), dict):
        raise ProtocolError("the protocols file needs a 'risks' mapping")
    risks = {}
    for risk in RISKS:
        entry = data["risks"].get(risk)
        if not isinstance(entry, dict):
            raise ProtocolError(f"risks.{risk}: missing")
        where = f"risks.{risk}"
        spoken = _text(entry.get("spoken"), f"{where}.spoken")
        if len(spoken.split()) > MAX_SPOKEN_WORDS:
            raise ProtocolError(f"{where}.spoken: at most {MAX_SPOKEN_WORDS} words (it is read aloud)")
        risks[risk] = Protocol(
            risk=risk, label=_text(entry.get("label"), f"{where}.label"),
            heard=_text(entry.get("heard"), f"{where}.heard"),
            steps=_texts(entry.get("steps"), f"{where}.steps", 4, 9), spoken=spoken,
            referrals=_texts(entry.get("referrals"), f"{where}.referrals", 1, 5),
            no_joint_session=_text(entry.get("no_joint_session"), f"{where}.no_joint_session"),
            confidentiality=_text(entry.get("confidentiality"), f"{where}.confidentiality"),
            follow_up=_texts(entry.get("follow_up"), f"{where}.follow_up", 2, 4),
            go_on_or_end=_text(entry.get("go_on_or_end"), f"{where}.go_on_or_end"),
            reporting=_text(entry.get("reporting"), f"{where}.reporting"),
            what_to_say=_text(entry.get("what_to_say"), f"{where}.what_to_say"))
    extra = set(data["risks"]) - set(RISKS)
    if extra:
        raise ProtocolError(f"risks: unknown risk type(s) {sorted(extra)}")
    suicide = risks["suicide_self_harm"]
    if any("leave first" in s.lower() for s in suicide.steps + suicide.follow_up + (suicide.go_on_or_end, suicide.reporting,
                                                                                    suicide.what_to_say)):
        raise ProtocolError("risks.suicide_self_harm: a person at risk of suicide is never sent off first, alone")
    screening = data.get("screening") or {}
    return Protocols(
        risks=MappingProxyType(risks),
        screening=MappingProxyType({k: _text(screening.get(k), f"screening.{k}") for k in SCREENING_KEYS}),
        shuttle_only_reminder=_text(data.get("shuttle_only_reminder"), "shuttle_only_reminder"),
        joint_session_refusal=_text(data.get("joint_session_refusal"), "joint_session_refusal"),
        other_language=_text(data.get("other_language"), "other_language"))


def load(path: Path = PROTOCOLS_FILE) -> Protocols:
    return parse(yaml.safe_load(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def default_protocols() -> Protocols:
    """The protocols file, read once per process."""
    return load()
