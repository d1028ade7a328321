"""Shared helpers for NLU evaluation: load examples, parse with a trained model, score."""
from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Tuple

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # custom NLU components are imported by module path

Example = Tuple[str, str]  # (text, intent)


def impasse_intents() -> List[str]:
    from actions.playbook import default_playbook
    return sorted(default_playbook().causes)


def load_examples(paths: Iterable[Path]) -> List[Example]:
    from rasa.shared.nlu.training_data.loading import load_data
    examples: List[Example] = []
    for path in paths:
        data = load_data(str(path))
        examples += [(m.get("text"), m.get("intent")) for m in data.intent_examples]
    return examples


def training_files() -> List[Path]:
    return sorted((ROOT / "data" / "nlu").glob("*.yml"))


class Parser:
    """A trained Rasa model's NLU, used in-process."""

    def __init__(self, model_path: Path) -> None:
        import logging
        from rasa.core.agent import Agent
        from rasa.utils.log_utils import configure_structlog
        self.agent = Agent.load(str(model_path))
        configure_structlog(logging.WARNING)  # no per-message debug lines in the report
        self.loop = asyncio.new_event_loop()

    def parse(self, text: str) -> Dict:
        return self.loop.run_until_complete(self.agent.parse_message(text))

    def top_intent(self, text: str) -> Tuple[str, float]:
        """The classifier's best intent, ignoring nlu_fallback (which only marks low confidence)."""
        result = self.parse(text)
        ranking = [r for r in result.get("intent_ranking") or [] if r["name"] != "nlu_fallback"]
        if not ranking:
            intent = result.get("intent") or {}
            return intent.get("name") or "", float(intent.get("confidence") or 0.0)
        return ranking[0]["name"], float(ranking[0]["confidence"])


def report(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str],
           title: str) -> float:
    """Print per-intent precision, recall and F1; return macro-F1 over `labels`."""
    from sklearn.metrics import precision_recall_fscore_support
    p, r, f, n = precision_recall_fscore_support(gold, predicted, labels=list(labels), zero_division=0)
    print(f"\n{title}")
    print(f"{'intent':32} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}")
    for label, pi, ri, fi, ni in zip(labels, p, r, f, n):
        print(f"{label:32} {pi:6.3f} {ri:6.3f} {fi:6.3f} {ni:4d}")
    macro = float(sum(f) / len(f)) if len(f) else 0.0
    print(f"{'macro-F1':32} {macro:20.3f}")
    return macro



def real_case_metrics(situations, rankings: Sequence[Dict[str, float]], causes: Sequence[str],
                      decide=None) -> Dict[str, float]:
    """Scores on real situations: each ranking is {intent: probability} for one situation.

    macro_f1 / accuracy on the primary cause; top2: primary among the two likeliest causes;
    acceptable: the top cause is the primary or a secondary one; answered: share the
    assistant answers outright under its own rule (`actions.recommender.decide`);
    right_when_answered: accuracy (primary) among those.
    """
    from sklearn.metrics import f1_score
    if decide is None:
        from actions.recommender import decide
    from actions.playbook import default_playbook
    playbook = default_playbook()
    top, top2, answered, right_answered = [], 0, 0, 0
    for s, ranking in zip(situations, rankings):
        ordered = sorted(((c, p) for c, p in ranking.items() if c in causes), key=lambda cp: -cp[1])
        best = ordered[0][0] if ordered else ""
        top.append(best)
        top2 += s.primary in [c for c, _ in ordered[:2]]
        if decide(playbook, ordered).kind == "answer":
            answered += 1
            right_answered += best == s.primary
    gold = [s.primary for s in situations]
    n = max(len(situations), 1)
    return {
        "n": len(situations),
        "macro_f1": float(f1_score(gold, top, labels=list(causes), average="macro", zero_division=0)),
        "accuracy": sum(g == p for g, p in zip(gold, top)) / n,
        "top2": top2 / n,
        "acceptable": sum(p in s.acceptable for s, p in zip(situations, top)) / n,
        "answered": answered / n,
        "right_when_answered": right_answered / answered if answered else 0.0,
    }


def print_real_metrics(title: str, m: Dict[str, float]) -> None:
    print(f"{title:48} macro-F1 {m['macro_f1']:.3f}  acc {m['accuracy']:.3f}  top-2 {m['top2']:.3f}  "
          f"acceptable {m['acceptable']:.3f}  answered {m['answered']:.0%}  "
          f"right when answered {m['right_when_answered']:.0%}", flush=True)
