"""Load and validate the impasse playbook (actions/playbook.yml) into immutable objects.

The playbook is data a mediator can edit. Everything that could go wrong in an edit is
caught here, at load time, with an error naming the file and the entry, so a typo never
reaches a mediator in the middle of a session.
"""
from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Tuple

import yaml

PLAYBOOK_PATH = Path(__file__).parent / "playbook.yml"

# Placeholders a template may use. Keep in step with phrasing.fill().
TEMPLATE_SLOTS = frozenset({"party", "issue"})
SETTINGS = frozenset({"joint", "caucus", "either"})
SAFETY_CAUSE = "safety_concern"
# The BATNA/WATNA worksheet's answers, in the order they are asked (slots batna_<key>).
WORKSHEET_KEYS = ("best", "worst", "likely", "cost", "time")
UNSPECIFIED_CAUSE = "impasse_unspecified"


class PlaybookError(ValueError):
    """The playbook file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Cause:
    id: str
    label: str
    recognised: str
    caucus_questions: Tuple[str, ...]
    tell_apart: str = ""  # "...that {party} doesn't believe..."; empty for safety/unspecified
    needs: str = ""  # what this cause needs from a strategy, in one sentence
    cues: Tuple[str, ...] = ()  # words in a description that point to this cause


@dataclass(frozen=True)
class Strategy:
    id: str
    title: str
    setting: str
    why: Mapping[str, str]
    how: Tuple[str, ...]
    questions: Tuple[str, ...]
    spoken: str
    advocate: str  # what an advocate can do with their own client
    # The reframing question comes from the cause's own caucus questions (a private meeting
    # asks what fits the cause), the strategy's `questions` only when the cause has none.
    asks_cause_questions: bool = False


@dataclass(frozen=True)
class SafeOption:
    """A strategy as offered under a safety concern: why it helps then, and what to ask; `how`
    replaces the strategy's own steps when those would push towards a deal."""

    why: str
    question: str
    how: Tuple[str, ...] = ()


@dataclass(frozen=True)
class SafetyProtocol:
    """What the playbook says under a safety concern (the protocols per risk type are in
    safety_protocols.yml): the separate-room options, and the private screening questions."""

    # While a safety concern stands, only these strategies are offered, in this order (going on
    # by shuttle or ending safely, separate rooms, what the person at risk needs), each prefaced
    # by `reminder` and worded for the concern in `safe_options` (why, how, question).
    safe_strategies: Tuple[str, ...] = ()
    safe_options: Mapping[str, "SafeOption"] = MappingProxyType({})
    reminder: str = ""
    # Questions to ask each party privately when control or intimidation may be in play,
    # offered before any tactic when one of the `screen_for` causes is heard.
    screening: Tuple[str, ...] = ()
    screen_for: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Playbook:
    causes: Mapping[str, Cause]
    strategies: Mapping[str, Strategy]
    weights: Mapping[str, Mapping[str, float]]
    safety: SafetyProtocol
    advocate_caucus_prep: Tuple[str, ...]
    gap_tools: Mapping[str, float] = MappingProxyType({})  # strategy -> factor when a money gap is named
    # The BATNA/WATNA worksheet: (key, question) in order, and the read-back summary.
    worksheet_steps: Tuple[Tuple[str, str], ...] = ()
    worksheet_summary: str = ""
    # Offered as quick replies, after the likeliest causes, when the cause is unclear.
    clarify_causes: Tuple[str, ...] = ()

    def strategies_for(self, cause: str) -> Mapping[str, float]:
        return self.weights.get(cause, MappingProxyType({}))


class _Loader:
    """Turns parsed YAML into a Playbook, failing with a precise message."""

    def __init__(self, source: Path) -> None:
        self.source = source

    def fail(self, entry: str, problem: str) -> PlaybookError:
        return PlaybookError(f"{self.source}: {entry}: {problem}")

    def text(self, value: Any, entry: str, *, template: bool = True) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(entry, "must be a non-empty string")
        if template:
            self.check_template(value, entry)
        return value.strip()

    def texts(self, value: Any, entry: str, *, minimum: int = 1, maximum: int = 99) -> Tuple[str, ...]:
        if not isinstance(value, list) or not minimum <= len(value) <= maximum:
            raise self.fail(entry, f"must be a list of {minimum} to {maximum} strings")
        return tuple(self.text(v, f"{entry}[{i}]") for i, v in enumerate(value))

    def check_template(self, value: str, entry: str) -> None:
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(value) if f is not None]
        except ValueError as error:
            raise self.fail(entry, f"broken template ({error})") from None
        unknown = sorted(set(fields) - TEMPLATE_SLOTS)
        if unknown:
            allowed = ", ".join("{%s}" % s for s in sorted(TEMPLATE_SLOTS))
            raise self.fail(entry, f"unknown template slot {{{unknown[0]}}}; allowed: {allowed}")

    def flag(self, value: Any, entry: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(entry, f"must be true or false, not {value!r}")
        return value

    def mapping(self, value: Any, entry: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(entry, "must be a mapping")
        return value

    def load(self, raw: Any) -> Playbook:
        raw = self.mapping(raw, "top level")
        for key in ("causes", "strategies", "weights", "safety", "advocate_caucus_prep"):
            if key not in raw:
                raise self.fail(key, "section is missing")

        causes = {}
        for cid, body in self.mapping(raw["causes"], "causes").items():
            body = self.mapping(body, f"causes.{cid}")
            causes[cid] = Cause(
                id=cid,
                label=self.text(body.get("label"), f"causes.{cid}.label", template=False),
                recognised=self.text(body.get("recognised"), f"causes.{cid}.recognised"),
                caucus_questions=self.texts(body.get("caucus_questions"), f"causes.{cid}.caucus_questions"),
                tell_apart=("" if cid in (SAFETY_CAUSE, UNSPECIFIED_CAUSE) else
                            self.text(body.get("tell_apart"), f"causes.{cid}.tell_apart")),
                needs=("" if cid in (SAFETY_CAUSE, UNSPECIFIED_CAUSE) else
                       self.text(body.get("needs"), f"causes.{cid}.needs", template=False)),
                cues=(() if cid in (SAFETY_CAUSE, UNSPECIFIED_CAUSE) else
                      tuple(c.lower() for c in self.texts(body.get("cues"), f"causes.{cid}.cues"))),
            )
        for required in (SAFETY_CAUSE, UNSPECIFIED_CAUSE):
            if required not in causes:
                raise self.fail(f"causes.{required}", "is required")

        strategies = {}
        for sid, body in self.mapping(raw["strategies"], "strategies").items():
            entry = f"strategies.{sid}"
            body = self.mapping(body, entry)
            setting = body.get("setting")
            if setting not in SETTINGS:
                raise self.fail(f"{entry}.setting", f"must be one of {sorted(SETTINGS)}, not {setting!r}")
            why = {}
            for cid, reason in self.mapping(body.get("why"), f"{entry}.why").items():
                if cid not in causes:
                    raise self.fail(f"{entry}.why.{cid}", "unknown cause")
                why[cid] = self.text(reason, f"{entry}.why.{cid}")
            strategies[sid] = Strategy(
                id=sid,
                title=self.text(body.get("title"), f"{entry}.title", template=False),
                setting=setting,
                why=MappingProxyType(why),
                how=self.texts(body.get("how"), f"{entry}.how", minimum=2, maximum=4),
                questions=self.texts(body.get("questions"), f"{entry}.questions"),
                spoken=self.text(body.get("spoken"), f"{entry}.spoken"),
                advocate=self.text(body.get("advocate"), f"{entry}.advocate"),
                asks_cause_questions=self.flag(body.get("asks_cause_questions", False),
                                               f"{entry}.asks_cause_questions"),
            )

        weights = {}
        table = self.mapping(raw["weights"], "weights")
        for cid in causes:
            if cid not in table:
                raise self.fail(f"weights.{cid}", "missing: every cause needs a row (use {} for none)")
        for cid, row in table.items():
            if cid not in causes:
                raise self.fail(f"weights.{cid}", "unknown cause")
            row = self.mapping(row or {}, f"weights.{cid}")
            if cid != SAFETY_CAUSE and not row:
                raise self.fail(f"weights.{cid}", "needs at least one strategy")
            if cid == SAFETY_CAUSE and row:
                raise self.fail(f"weights.{cid}", "must be empty: safety gets the protocol, not tactics")
            clean = {}
            for sid, weight in row.items():
                entry = f"weights.{cid}.{sid}"
                if sid not in strategies:
                    raise self.fail(entry, "unknown strategy")
                if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 1:
                    raise self.fail(entry, f"weight must be a number in (0, 1], not {weight!r}")
                if cid not in strategies[sid].why:
                    raise self.fail(f"strategies.{sid}.why", f"has no reason for cause {cid}, which weights it")
                clean[sid] = float(weight)
            weights[cid] = MappingProxyType(clean)

        unused = sorted(s for s in strategies if not any(s in row for row in weights.values()))
        if unused:
            raise self.fail(f"strategies.{unused[0]}", "is not weighted for any cause")

        safety = self.mapping(raw["safety"], "safety")
        safe = {sid: self.safe_option(entry, f"safety.safe_strategies.{sid}")
                for sid, entry in self.mapping(safety.get("safe_strategies"), "safety.safe_strategies").items()}
        if not safe:
            raise self.fail("safety.safe_strategies", "must name at least one strategy")
        protocol = SafetyProtocol(
            safe_strategies=tuple(safe),
            safe_options=MappingProxyType(safe),
            reminder=self.text(safety.get("reminder"), "safety.reminder"),
            screening=self.texts(safety.get("screening"), "safety.screening", minimum=3),
            screen_for=self.cause_ids(safety.get("screen_for"), "safety.screen_for", causes),
        )
        for sid in protocol.safe_strategies:
            if sid not in strategies:
                raise self.fail(f"safety.safe_strategies.{sid}", "unknown strategy")
            if strategies[sid].setting == "joint":
                raise self.fail(f"safety.safe_strategies.{sid}", "is a joint-session strategy")
        return Playbook(
            causes=MappingProxyType(causes),
            strategies=MappingProxyType(strategies),
            weights=MappingProxyType(weights),
            safety=protocol,
            advocate_caucus_prep=self.texts(raw["advocate_caucus_prep"], "advocate_caucus_prep", minimum=2),
            gap_tools=MappingProxyType(self.gap_tools(raw.get("gap_tools") or {}, strategies)),
            worksheet_steps=self.worksheet(raw.get("batna_worksheet_steps")),
            worksheet_summary=self.worksheet_summary(raw.get("batna_worksheet_summary")),
            clarify_causes=self.cause_ids(raw.get("clarify_causes"), "clarify_causes", causes),
        )

    def cause_ids(self, raw: Any, entry: str, causes: Mapping[str, Cause]) -> Tuple[str, ...]:
        ids = self.texts(raw, entry)
        for cid in ids:
            if cid not in causes or cid in (SAFETY_CAUSE, UNSPECIFIED_CAUSE):
                raise self.fail(f"{entry}.{cid}", "is not an impasse cause of this playbook")
        return ids

    def safe_option(self, raw: Any, entry: str) -> SafeOption:
        raw = self.mapping(raw, entry)
        how = self.texts(raw["how"], f"{entry}.how", minimum=2, maximum=4) if "how" in raw else ()
        return SafeOption(why=self.text(raw.get("why"), f"{entry}.why"),
                          question=self.text(raw.get("question"), f"{entry}.question"), how=how)

    def worksheet(self, raw: Any) -> Tuple[Tuple[str, str], ...]:
        if not isinstance(raw, list) or [(s or {}).get("key") for s in raw] != list(WORKSHEET_KEYS):
            raise self.fail("batna_worksheet_steps", f"must list the steps {', '.join(WORKSHEET_KEYS)} in order")
        return tuple((step["key"], self.text(step.get("ask"), f"batna_worksheet_steps.{step['key']}.ask"))
                     for step in raw)

    def worksheet_summary(self, raw: Any) -> str:
        text = self.text(raw, "batna_worksheet_summary", template=False)
        fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
        unknown = sorted(fields - TEMPLATE_SLOTS - set(WORKSHEET_KEYS))
        if unknown:
            raise self.fail("batna_worksheet_summary", f"unknown template slot {{{unknown[0]}}}")
        return text

    def gap_tools(self, raw: Any, strategies: Mapping[str, Strategy]) -> dict:
        tools = {}
        for sid, factor in self.mapping(raw, "gap_tools").items():
            if sid not in strategies:
                raise self.fail(f"gap_tools.{sid}", "unknown strategy")
            if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not 1 <= factor <= 3:
                raise self.fail(f"gap_tools.{sid}", f"factor must be a number from 1 to 3, not {factor!r}")
            tools[sid] = float(factor)
        return tools


def load_playbook(path: Path = PLAYBOOK_PATH) -> Playbook:
    """Read and validate a playbook file; raises PlaybookError naming file and entry."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PlaybookError(f"{path}: cannot be read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise PlaybookError(f"{path}: is not valid YAML ({error})") from None
    return _Loader(path).load(raw)


@lru_cache(maxsize=1)
def default_playbook() -> Playbook:
    """The project's playbook, loaded once per process."""
    return load_playbook(PLAYBOOK_PATH)
