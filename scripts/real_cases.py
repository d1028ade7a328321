#!/usr/bin/env python3
"""The real-case corpus: published mediation situations, paraphrased, labelled, split by source.

    .venv/bin/python scripts/real_cases.py check [FILE ...]   # schema, labels, sources
    .venv/bin/python scripts/real_cases.py stats               # counts per part, cause, setting
    .venv/bin/python scripts/real_cases.py export              # dev part -> data/nlu/real_cases_dev.yml,
                                                               # sources -> corpus/real_cases/SOURCES.md

Each file in corpus/real_cases/situations/ holds its sources (title, address) and its
situations (text, primary cause, up to two secondary causes, setting, source key).

The split is by WEBSITE, never by sentence: a situation's part is decided by a hash of its
source's domain, so every situation from one site lands in the same part and the test part
never shares a source (or a writer's page) with what the model trains on. The test part is
only ever scored by `make eval`; nothing is tuned on it.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "real_cases"
SITUATIONS = CORPUS / "situations"
DEV_EXPORT = ROOT / "data" / "nlu" / "real_cases_dev.yml"
SOURCES_TABLE = CORPUS / "SOURCES.md"

CAUSES = (
    "impasse_distrust", "impasse_needs_anxiety", "impasse_options_unacceptable",
    "impasse_no_options", "impasse_vindictive", "impasse_foot_dragging",
    "impasse_unclear_rights", "impasse_anger", "impasse_coerced", "impasse_positional",
    "impasse_past_focus", "impasse_not_ready", "safety_concern",
)
ALIASES = {"impasse_safety_concern": "safety_concern"}
SETTINGS = frozenset({
    "family", "custody", "estate", "workplace", "employment", "commercial", "construction",
    "insurance", "personal_injury", "landlord_tenant", "neighbours", "community", "school",
    "special_education", "healthcare", "elder_care", "business_partners", "church",
    "consumer", "environment", "public_policy",
})
# Share of websites (by hash) that go to the test part.
TEST_SHARE = 0.40
MIN_WORDS = 8


@dataclass(frozen=True)
class Situation:
    id: str
    text: str
    primary: str
    secondary: Tuple[str, ...]
    setting: str
    title: str
    url: str

    @property
    def domain(self) -> str:
        return domain_of(self.url)

    @property
    def part(self) -> str:
        return part_of(self.domain)

    @property
    def acceptable(self) -> Tuple[str, ...]:
        return (self.primary,) + self.secondary


def domain_of(url: str) -> str:
    host = (urlparse(url).hostname or url).lower()
    return host[4:] if host.startswith("www.") else host


def part_of(domain: str) -> str:
    """'test' or 'dev', fixed by the website alone (stable as the corpus grows)."""
    bucket = int(hashlib.sha1(domain.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if bucket < TEST_SHARE else "dev"


def check_file(path: Path) -> Tuple[List[Situation], List[str]]:
    """The situations of one corpus file, and every problem found in it."""
    problems: List[str] = []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        return [], [f"{path.name}: not valid YAML: {error}"]
    if not isinstance(data, dict) or not isinstance(data.get("situations"), list) \
            or not isinstance(data.get("sources"), list):
        return [], [f"{path.name}: needs top-level 'sources' and 'situations' lists"]
    sources: Dict[str, dict] = {}
    for i, source in enumerate(data["sources"]):
        key = (source or {}).get("key")
        if not key or not source.get("url") or not source.get("title"):
            problems.append(f"{path.name}: sources[{i}] needs key, title and url")
            continue
        if key in sources:
            problems.append(f"{path.name}: source key {key} used twice")
        if not str(source["url"]).startswith(("http://", "https://")):
            problems.append(f"{path.name}: source {key}: url must be an http(s) address")
        sources[key] = source
    situations: List[Situation] = []
    seen = set()
    for i, item in enumerate(data["situations"]):
        where = f"{path.name}: situations[{i}] ({(item or {}).get('id', '?')})"
        if not isinstance(item, dict):
            problems.append(f"{where}: not a mapping")
            continue
        sid, text = item.get("id"), " ".join(str(item.get("text") or "").split())
        source = sources.get(item.get("source"))
        item["primary"] = ALIASES.get(item.get("primary"), item.get("primary"))
        secondary = tuple(ALIASES.get(c, c) for c in item.get("secondary") or ())
        found = []
        if not sid or sid in seen:
            found.append("missing or repeated id")
        if len(text.split()) < MIN_WORDS:
            found.append(f"text shorter than {MIN_WORDS} words")
        if item.get("primary") not in CAUSES:
            found.append(f"unknown primary cause {item.get('primary')!r}")
        if len(secondary) > 2 or any(c not in CAUSES or c == item.get("primary") for c in secondary):
            found.append(f"secondary must be up to two other known causes, got {list(secondary)}")
        if item.get("setting") not in SETTINGS:
            found.append(f"unknown setting {item.get('setting')!r}")
        if source is None:
            found.append(f"unknown source key {item.get('source')!r}")
        if found:
            problems += [f"{where}: {f}" for f in found]
            continue
        seen.add(sid)
        situations.append(Situation(sid, text, item["primary"], secondary, item["setting"],
                                    str(source["title"]), str(source["url"])))
    return situations, problems


def corpus_files() -> List[Path]:
    return sorted(SITUATIONS.glob("*.yml"))


def load(paths: Optional[Sequence[Path]] = None) -> List[Situation]:
    """Every valid situation of the corpus; raises ValueError listing problems if any."""
    situations: List[Situation] = []
    problems: List[str] = []
    for path in paths or corpus_files():
        found, wrong = check_file(path)
        situations += found
        problems += wrong
    duplicates = [t for t, n in Counter(s.text.lower() for s in situations).items() if n > 1]
    problems += [f"the same text appears twice: {t[:60]}..." for t in duplicates]
    if problems:
        raise ValueError("\n".join(problems))
    return situations


def split(situations: Sequence[Situation]) -> Tuple[List[Situation], List[Situation]]:
    """(development part, test part), by website."""
    dev = [s for s in situations if s.part == "dev"]
    test = [s for s in situations if s.part == "test"]
    return dev, test


def export(situations: Sequence[Situation]) -> None:
    """Write the development part as Rasa NLU data, and the sources table."""
    nlu, sources = rendered(situations)
    DEV_EXPORT.write_text(nlu, encoding="utf-8")
    SOURCES_TABLE.write_text(sources, encoding="utf-8")


def rendered(situations: Sequence[Situation]) -> Tuple[str, str]:
    """(the development part as Rasa NLU YAML, the sources table as Markdown)."""
    dev, _ = split(situations)
    lines = ['version: "3.1"',
             "# GENERATED by `scripts/real_cases.py export` from corpus/real_cases/ (development",
             "# part only; the test part is never trained on). Edit the corpus, not this file.",
             "nlu:"]
    for cause in CAUSES:
        texts = sorted(s.text for s in dev if s.primary == cause)
        if not texts:
            continue
        lines += [f"- intent: {cause}", "  metadata:", "    real_case: true", "  examples: |"]
        lines += [f"    - {_escape(t)}" for t in texts]

    by_url: Dict[str, List[Situation]] = {}
    for s in situations:
        by_url.setdefault(s.url, []).append(s)
    rows = ["# Sources of the real-case corpus", "",
            "Every situation in `situations/` is a paraphrase, in our own words, of a situation",
            "published at one of these addresses. Part: `dev` is trained and tuned on; `test` is only",
            "scored by `make eval`. The part is fixed by the website (see `scripts/real_cases.py`).", "",
            "| part | situations | title | address |", "| --- | --- | --- | --- |"]
    for url in sorted(by_url, key=lambda u: (part_of(domain_of(u)), domain_of(u), u)):
        items = by_url[url]
        title = items[0].title.replace("|", "/")
        ids = ", ".join(s.id for s in items)
        rows.append(f"| {items[0].part} | {ids} | {title} | {url} |")
    return "\n".join(lines) + "\n", "\n".join(rows) + "\n"


def _escape(text: str) -> str:
    """One NLU example line: Rasa reads [x](y) as entity markup, so brackets are softened."""
    return text.replace("[", "(").replace("]", ")")


def stats(situations: Sequence[Situation]) -> str:
    dev, test = split(situations)
    out = [f"{len(situations)} situations from {len({s.url for s in situations})} sources on "
           f"{len({s.domain for s in situations})} websites, {len({s.setting for s in situations})} settings",
           f"  dev:  {len(dev)} situations, {len({s.domain for s in dev})} websites",
           f"  test: {len(test)} situations, {len({s.domain for s in test})} websites",
           f"  with a secondary cause: {sum(bool(s.secondary) for s in situations)}",
           "", f"{'cause':30} {'dev':>5} {'test':>5}"]
    for cause in CAUSES:
        out.append(f"{cause:30} {sum(s.primary == cause for s in dev):5d} "
                   f"{sum(s.primary == cause for s in test):5d}")
    out += ["", f"{'setting':30} {'all':>5}"]
    for setting, n in Counter(s.setting for s in situations).most_common():
        out.append(f"{setting:30} {n:5d}")
    return "\n".join(out)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("check", "stats", "export"))
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    files = args.files or corpus_files()
    try:
        situations = load(files)
    except ValueError as problems:
        print(problems, file=sys.stderr)
        return 1
    if args.command == "check":
        print(f"ok: {len(situations)} situations in {len(files)} file(s)")
    elif args.command == "stats":
        print(stats(situations))
    else:
        export(situations)
        dev, test = split(situations)
        print(f"wrote {DEV_EXPORT.relative_to(ROOT)} ({len(dev)} development situations; "
              f"{len(test)} test situations kept out) and {SOURCES_TABLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
