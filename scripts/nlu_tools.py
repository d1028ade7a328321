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

