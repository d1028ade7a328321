"""The kind of case (separation finances, workplace, neighbours, ...) read from the description,
and what it changes about a strategy (actions/case_kinds.yml): one more step where practice in
that setting differs, and strategies that don't fit the facts kept from being offered first.
Pure: YAML and regular expressions, no Rasa.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, Mapping, Optional, Pattern, Tuple

import yaml

KINDS_FILE = Path(__file__).resolve().parent.parent / "case_kinds.yml"


class KindsError(ValueError):
    pass


@dataclass(frozen=True)
class Kind:
    id: str
    label: str
    words: Pattern[str]


@dataclass(frozen=True)
class CaseKinds:
    kinds: Mapping[str, Kind]
    steps: Mapping[str, Mapping[str, str]]          # strategy -> kind -> step
    not_first: Mapping[str, Tuple[Pattern[str], ...]]  # strategy -> patterns

    def kind_of(self, texts: Iterable[str]) -> Optional[str]:
        """The setting the description tells: two or more of its words, and more than any other."""
        said = " ".join(texts).lower().replace("\u2019", "'")
        counts = sorted(((len(k.words.findall(said)), k.id) for k in self.kinds.values()), reverse=True)
        if not counts or counts[0][0] < 2 or (len(counts) > 1 and counts[0][0] == counts[1][0]):
            return None
        return counts[0][1]

    def step(self, strategy: str, kind: Optional[str]) -> str:
        """The setting's extra step for a strategy, with the setting named; '' if none."""
        return self.steps.get(strategy, {}).get(kind or "", "")

    def poor_first(self, texts: Iterable[str]) -> Tuple[str, ...]:
        """Strategies the facts make a poor first idea ("a trial" for a clean break)."""
        said = " ".join(texts)
        return tuple(s for s, patterns in self.not_first.items() if any(p.search(said) for p in patterns))


def _words(words, where: str) -> Pattern[str]:
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise KindsError(f"{where}: needs a list of words")
    alternatives = sorted({re.escape(w.strip().lower()) for w in words}, key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w])")


def parse(data) -> CaseKinds:
    if not isinstance(data, dict) or not isinstance(data.get("kinds"), dict):
        raise KindsError("case_kinds.yml needs a 'kinds' mapping")
    kinds: Dict[str, Kind] = {}
    for kid, entry in data["kinds"].items():
        if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
            raise KindsError(f"kinds.{kid}: needs a label and words")
        kinds[kid] = Kind(kid, entry["label"], _words(entry.get("words"), f"kinds.{kid}.words"))
    steps: Dict[str, Dict[str, str]] = {}
    for strategy, per_kind in (data.get("steps") or {}).items():
        for kid, text in (per_kind or {}).items():
            if kid not in kinds:
                raise KindsError(f"steps.{strategy}.{kid}: unknown setting (known: {sorted(kinds)})")
            if not isinstance(text, str) or not text.strip():
                raise KindsError(f"steps.{strategy}.{kid}: needs a text")
            steps.setdefault(strategy, {})[kid] = " ".join(text.split())
    not_first = {s: tuple(re.compile(p, re.I) for p in patterns) for s, patterns in (data.get("not_first") or {}).items()}
    return CaseKinds(kinds, steps, not_first)


def load(path: Path = KINDS_FILE, strategies: Optional[Iterable[str]] = None) -> CaseKinds:
    kinds = parse(yaml.safe_load(path.read_text(encoding="utf-8")))
    if strategies is not None:
        unknown = (set(kinds.steps) | set(kinds.not_first)) - set(strategies)
        if unknown:
            raise KindsError(f"case_kinds.yml names strategies the playbook doesn't have: {sorted(unknown)}")
    return kinds


@lru_cache(maxsize=1)
def default_kinds() -> CaseKinds:
    return load()
