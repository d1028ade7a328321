"""The practice knowledge base: questions mediators ask in a break, with answers and sources.

The answers live in `knowledge/practice/*.yml` (one file per group of settings), as data a
mediator can read and edit like the playbook. Each file lists its `sources` (id, title, url)
and its `entries`: `id`, `question`, `paraphrases` (how mediators type it), `settings`,
`topics`, `answer` (direct: yes / no / it depends, on what), `why`, `risks`, `say` (what to
say to the parties) and `sources` (ids from the file's list). `load()` checks all of it and
names the file and entry of anything malformed. Pure: YAML only, no Rasa.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Tuple

import yaml

PRACTICE_DIR = Path(__file__).resolve().parent / "practice"
SETTINGS = frozenset("""separation_finances parenting estates family_business elder_care special_education workplace
employment personal_injury insurance commercial construction neighbours landlord_tenant consumer healthcare
community any""".split())
TOPICS = frozenset("""confidentiality caucus ethics impartiality experts valuation disclosure power_imbalance capacity
consent legal_advice referrals referrer_pressure time_limits offers drafting closing online process costs children
safety_screening authority interpreters emotions agreement_to_mediate""".split())
TEXT_FIELDS = ("question", "answer", "why", "risks", "say")
MIN_PARAPHRASES = 3


class KnowledgeError(ValueError):
    """A malformed knowledge-base file; the message names the file and the entry."""


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str


@dataclass(frozen=True)
class Entry:
    id: str
    question: str
    paraphrases: Tuple[str, ...]
    settings: Tuple[str, ...]
    topics: Tuple[str, ...]
    answer: str
    why: str
    risks: str
    say: str
    sources: Tuple[Source, ...]
    file: str

    @property
    def texts(self) -> Tuple[str, ...]:
        """Every way this question is asked: the question itself and its paraphrases."""
        return (self.question,) + self.paraphrases


@dataclass(frozen=True)
class KnowledgeBase:
    entries: Mapping[str, Entry]

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> Entry:
        return self.entries[entry_id]

    def questions(self) -> List[Tuple[str, str]]:
        """(entry id, text) for every question and paraphrase, in a fixed order."""
        return [(e.id, t) for e in self.entries.values() for t in e.texts]


def _clean(value) -> str:
    return " ".join(str(value).split())


def _parse_entry(raw, where: str, sources: Mapping[str, Source], file: str) -> Entry:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{where}: an entry must be a mapping")
    for field in ("id",) + TEXT_FIELDS:
        if not isinstance(raw.get(field), str) or not raw[field].strip():
            raise KnowledgeError(f"{where}: '{field}' needs a non-empty text")
    paraphrases = raw.get("paraphrases")
    if not isinstance(paraphrases, list) or len([p for p in paraphrases if isinstance(p, str) and p.strip()]) < MIN_PARAPHRASES:
        raise KnowledgeError(f"{where}: 'paraphrases' needs at least {MIN_PARAPHRASES} texts")
    settings, topics = raw.get("settings"), raw.get("topics")
    if not isinstance(settings, list) or not settings or set(settings) - SETTINGS:
        raise KnowledgeError(f"{where}: 'settings' must list known settings (unknown: {sorted(set(settings or []) - SETTINGS)})")
    if not isinstance(topics, list) or not topics or set(topics) - TOPICS:
        raise KnowledgeError(f"{where}: 'topics' must list known topics (unknown: {sorted(set(topics or []) - TOPICS)})")
    cited = raw.get("sources")
    if not isinstance(cited, list) or not cited:
        raise KnowledgeError(f"{where}: 'sources' must list at least one source id")
    missing = [s for s in cited if s not in sources]
    if missing:
        raise KnowledgeError(f"{where}: unknown source id(s) {missing}; list them under the file's 'sources'")
    return Entry(id=raw["id"].strip(), question=_clean(raw["question"]),
                 paraphrases=tuple(_clean(p) for p in paraphrases if isinstance(p, str) and p.strip()),
                 settings=tuple(settings), topics=tuple(topics),
                 answer=_clean(raw["answer"]), why=_clean(raw["why"]), risks=_clean(raw["risks"]),
                 say=_clean(raw["say"]), sources=tuple(sources[s] for s in cited), file=file)


def parse(data, file: str) -> List[Entry]:
    """The entries of one file's data; KnowledgeError names the file and entry at fault."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise KnowledgeError(f"{file}: needs 'sources' and an 'entries' list")
    sources: Dict[str, Source] = {}
    for i, raw in enumerate(data.get("sources") or []):
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) and raw[k].strip() for k in ("id", "title", "url")):
            raise KnowledgeError(f"{file}: sources[{i}]: needs 'id', 'title' and 'url'")
        sources[raw["id"]] = Source(raw["id"], _clean(raw["title"]), raw["url"].strip())
    entries = []
    for i, raw in enumerate(data["entries"]):
        name = raw.get("id") if isinstance(raw, dict) and raw.get("id") else f"entries[{i}]"
        entries.append(_parse_entry(raw, f"{file}: entry {name}", sources, file))
    return entries


def load(paths: Iterable[Path] = ()) -> KnowledgeBase:
    """Every entry of the given files (all of knowledge/practice/ by default), checked."""
    paths = sorted(paths) or sorted(PRACTICE_DIR.glob("*.yml"))
    entries: Dict[str, Entry] = {}
    for path in paths:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise KnowledgeError(f"{path.name}: not valid YAML ({error})") from None
        for entry in parse(data, path.name):
            if entry.id in entries:
                raise KnowledgeError(f"{path.name}: entry {entry.id}: the id is also used in {entries[entry.id].file}")
            entries[entry.id] = entry
    return KnowledgeBase(entries)


@lru_cache(maxsize=1)
def default_base() -> KnowledgeBase:
    """The knowledge base, read once per process."""
    return load()
