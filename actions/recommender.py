"""Rank strategies for a described impasse: a pure function of its inputs.

No Rasa imports and no I/O, so every ranking decision can be tested directly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional, Sequence, Tuple

from actions.playbook import SAFETY_CAUSE, UNSPECIFIED_CAUSE, Playbook, Strategy

# A cause other than the top one counts when the classifier gives it at least this much.
# DIET's softmax is peaked: a second cause at 0.15 means the text really carries both.
SECONDARY_THRESHOLD = 0.15
# Safety outranks everything: any real signal of danger gets the protocol, even as a
# secondary cause, because a missed safety concern costs far more than a cautious check.
SAFETY_THRESHOLD = 0.30
# Safety as the likeliest cause counts from this much (a message that is about nothing in
# particular, "ok", can have safety on top of a flat ranking at 0.01: that is no signal).
SAFETY_AS_TOP = 0.15
# Strength of the playbook's prior when blending in this mediator's outcomes: the playbook
# weight counts as this many observations (see README, "How ranking learns").
PRIOR_STRENGTH = 2.0

# The assistant answers outright only when the likeliest cause is at least this confident and
# clearly ahead of the next one; otherwise it asks (see `decide`). Chosen on the development
# part of the real-case corpus (scripts/tune_real.py --sweep, website-grouped folds), never on
# its test part: at 0.6 it answered 46% of real descriptions and was right on 74% of those;
# at 0.3 it answered 78% and was right on only 57%.
ANSWER_THRESHOLD = 0.60
# When the second cause has at least this share of the first one's confidence, the two are
# too close to call and the assistant asks the question that tells them apart.
CLOSE_CALL_RATIO = 0.50
# Below this the reading is too weak even for "is it A or B?": ask with the likeliest causes.
CLARIFY_BELOW = 0.25

CauseRanking = Sequence[Tuple[str, float]]
# (cause, strategy) -> (times it worked, times it did not)
Outcomes = Mapping[Tuple[str, str], Tuple[int, int]]


@dataclass(frozen=True)
class Assessment:
    """Which causes count for a description, with their confidences."""

    primary: Optional[str]
    causes: Tuple[Tuple[str, float], ...]  # primary first, then secondary causes
    safety: bool

    @property
    def secondary(self) -> Tuple[str, ...]:
        return tuple(c for c, _ in self.causes[1:])


@dataclass(frozen=True)
class Recommendation:
    strategy: Strategy
    cause: str  # the cause this strategy is offered for (its strongest contribution)
    score: float


@dataclass(frozen=True)
class RecommendationList:
    items: Tuple[Recommendation, ...]
    repeated: bool  # True when every fitting strategy was already offered and we start over

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def first(self) -> Optional[Recommendation]:
        return self.items[0] if self.items else None


def assess(playbook: Playbook, ranking: CauseRanking,
           secondary_threshold: float = SECONDARY_THRESHOLD) -> Assessment:
    """Keep the known causes from an intent ranking: the top one plus strong secondaries."""
    known = sorted(((c, float(p)) for c, p in ranking if c in playbook.causes),
                   key=lambda cp: cp[1], reverse=True)
    if not known:
        return Assessment(primary=None, causes=(), safety=False)
    safety = any(c == SAFETY_CAUSE and p >= SAFETY_THRESHOLD for c, p in known) or \
        (known[0][0] == SAFETY_CAUSE and known[0][1] >= SAFETY_AS_TOP)
    kept = (known[0],) + tuple(cp for cp in known[1:] if cp[1] >= secondary_threshold)
    return Assessment(primary=known[0][0], causes=kept, safety=safety)


@dataclass(frozen=True)
class Decision:
    """What to do with a description: answer, ask which of two causes, or ask for more."""

    kind: str  # "safety", "answer", "discriminate" or "clarify"
    causes: Tuple[str, ...]  # the cause answered for, the two to tell apart, or the likely ones


def decide(playbook: Playbook, ranking: CauseRanking, threshold: float = ANSWER_THRESHOLD,
           close_ratio: float = CLOSE_CALL_RATIO, clarify_below: float = CLARIFY_BELOW) -> Decision:
    """The assistant's answer rule, shared by the actions and by `make eval`.

    Safety comes first whatever else the ranking says. A wrong strategy said confidently
    costs a mediator more than one question: a strong, clear reading gets a strategy; a
    middling one, or two causes close together, gets the one question that tells the two
    likeliest apart; a weak one gets a question with the likeliest causes as choices.
    """
    assessment = assess(playbook, ranking)
    known = [(c, p) for c, p in sorted(((c, float(p)) for c, p in ranking if c in playbook.causes),
                                       key=lambda cp: -cp[1]) if c != SAFETY_CAUSE]
    if assessment.safety:
        return Decision("safety", (SAFETY_CAUSE,))
    if not known or known[0][1] < clarify_below or known[0][0] == UNSPECIFIED_CAUSE:
        return Decision("clarify", tuple(c for c, p in known[:4] if c != UNSPECIFIED_CAUSE))
    runner_up = next(((c, p) for c, p in known[1:] if c != UNSPECIFIED_CAUSE), None)
    close = runner_up is not None and runner_up[1] >= close_ratio * known[0][1]
    if known[0][1] < threshold or close:
        if runner_up is None:
            return Decision("clarify", (known[0][0],))
        return Decision("discriminate", (known[0][0], runner_up[0]))
    return Decision("answer", (known[0][0],))


def blended_weight(prior: float, worked: int, failed: int,
                   prior_strength: float = PRIOR_STRENGTH) -> float:
    """Playbook weight as a prior, moved by observed outcomes (a smoothed success rate)."""
    return (prior * prior_strength + worked) / (prior_strength + worked + failed)


def recommend(playbook: Playbook, ranking: CauseRanking, offered: Iterable[str] = (),
              outcomes: Optional[Outcomes] = None,
              secondary_threshold: float = SECONDARY_THRESHOLD,
              allowed: Optional[Iterable[str]] = None,
              boost: Optional[Mapping[str, float]] = None) -> RecommendationList:
    """Strategies for the causes in `ranking`, best first, skipping those already offered.

    Each strategy scores the confidence-weighted sum of its weight for every cause that
    counts. When all fitting strategies were offered, the full list comes back with
    `repeated=True` so the mediator can cycle through them again. `allowed`, when given,
    limits the strategies (while a safety concern stands: separate rooms only); `boost`
    multiplies some strategies' scores (the gap tools, when a money gap was named).
    """
    assessment = assess(playbook, ranking, secondary_threshold)
    causes = [(c, p) for c, p in assessment.causes if c != SAFETY_CAUSE]
    if not causes:
        return RecommendationList(items=(), repeated=False)
    total = sum(p for _, p in causes) or 1.0
    outcomes = outcomes or {}

    scored = {}
    for cause, confidence in causes:
        share = confidence / total
        for sid, prior in playbook.strategies_for(cause).items():
            if allowed is not None and sid not in allowed:
                continue
            worked, failed = outcomes.get((cause, sid), (0, 0))
            contribution = share * blended_weight(prior, worked, failed) * (boost or {}).get(sid, 1.0)
            score, best_cause, best = scored.get(sid, (0.0, cause, -1.0))
            if contribution > best:
                best_cause, best = cause, contribution
            scored[sid] = (score + contribution, best_cause, best)

    ordered = sorted(scored.items(), key=lambda kv: (-kv[1][0], kv[0]))
    items = [Recommendation(playbook.strategies[sid], cause, round(score, 4))
             for sid, (score, cause, _) in ordered]
    already = set(offered)
    fresh = tuple(r for r in items if r.strategy.id not in already)
    if fresh:
        return RecommendationList(items=fresh, repeated=False)
    return RecommendationList(items=tuple(items), repeated=True)
