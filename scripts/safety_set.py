"""The safety evaluation set (corpus/safety/): loaded, checked and split.

Three kinds of text, each split so that nothing read while building the safety check is
in the test part:
- real descriptions WITH a concern: corpus/safety/concerns/*.yaml (retold from published
  sources, one risk type each) and the real-case corpus situations a blind reader labelled
  with a risk type (corpus/safety/real_case_risks.yml); split by website, as the real-case
  corpus is (scripts/real_cases.py: the same hash, so one website is in one part everywhere);
- real descriptions WITHOUT one: every other real-case corpus situation, split the same way
  (those the blind reader marked as only a hint of a concern are kept apart: `hints`);
- conversational messages mediators send (corpus/safety/messages/writer_*.yml), split by
  writer: writers A, C and D are the development part, writers B and E the test part.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import real_cases  # noqa: E402

SAFETY = ROOT / "corpus" / "safety"
RISKS = ("danger_now", "domestic_abuse", "suicide_self_harm", "child_at_risk", "threats_harassment")
MESSAGE_PARTS = {"A": "dev", "C": "dev", "D": "dev", "F": "dev", "B": "test", "E": "test"}


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    concern: bool
    risk: Optional[str]  # the risk type when there is a concern
    kind: str  # "real" (a real description) or the message's kind (grief, venting, ...)
    part: str  # "dev" or "test"
    source: str  # website, or the writer of a message

    @property
    def real(self) -> bool:
        return self.kind in ("real", "hint")


def _yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def concerns() -> Tuple[List[Item], List[str]]:
    """Real descriptions with a concern, retold from published sources; and the problems."""
    items: List[Item] = []
    problems: List[str] = []
    for path in sorted((SAFETY / "concerns").glob("*.y*ml")):
        data = _yaml(path) or {}
        sources = {s.get("key"): s for s in data.get("sources") or [] if isinstance(s, dict)}
        for entry in data.get("situations") or []:
            source = sources.get(entry.get("source"))
            text = " ".join(str(entry.get("text") or "").split())
            if not source or not source.get("url") or entry.get("risk") not in RISKS or len(text.split()) < 5:
                problems.append(f"{path.name}: {entry.get('id')}: needs a known source, a risk type and a text")
                continue
            domain = real_cases.domain_of(str(source["url"]))
            items.append(Item(str(entry["id"]), text, True, entry["risk"], "real",
                              real_cases.part_of(domain), domain))
    return items, problems


def corpus_items() -> List[Item]:
    """The real-case corpus, each situation with or without a concern by the blind labels."""
    labels = _yaml(SAFETY / "real_case_risks.yml") or {}
    by_id: Dict[str, dict] = {l["id"]: l for l in labels.get("labels") or []}
    missed: Dict[str, dict] = {l["id"]: l for l in labels.get("missed") or []}
    items: List[Item] = []
    for situation in real_cases.load():
        label = by_id.get(situation.id) or missed.get(situation.id)
        part, site = situation.part, situation.domain
        if label and label.get("risk") in RISKS and (situation.id in by_id or label.get("clear")):
            items.append(Item(situation.id, situation.text, True, label["risk"], "real", part, site))
        elif label and label.get("risk") in RISKS:
            items.append(Item(situation.id, situation.text, True, label["risk"], "hint", part, site))
        elif situation.id in by_id:  # tagged a safety concern, but the blind reader found none
            items.append(Item(situation.id, situation.text, False, None, "hint", part, site))
        else:
            items.append(Item(situation.id, situation.text, False, None, "real", part, site))
    return items


def messages() -> List[Item]:
    items: List[Item] = []
    for path in sorted((SAFETY / "messages").glob("writer_*.yml")):
        data = _yaml(path) or {}
        writer = str(data.get("writer"))
        for entry in data.get("messages") or []:
            concern = bool(entry.get("concern"))
            items.append(Item(str(entry["id"]), str(entry["text"]), concern,
                              entry.get("risk") if concern else None, str(entry.get("kind") or "other"),
                              MESSAGE_PARTS.get(writer, "test"), f"writer {writer}"))
    return items


def load() -> List[Item]:
    found, problems = concerns()
    if problems:
        raise ValueError("\n".join(problems))
    return found + corpus_items() + messages()
