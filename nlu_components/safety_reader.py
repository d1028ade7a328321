"""SafetyReader: how likely a message carries a safety concern, and of which kind.

Why it is in the pipeline: the rules in actions/safety/signals.py catch what is said plainly
("he hit her", "he's standing over her"), but real situations often tell a risk without those
words ("she has to ask him for bus fare", "he's put his affairs in order"), and rules written
on some situations carry over poorly to others. This reader learns from real text instead:

* positives: the development part of the safety evaluation set (corpus/safety: real concerns
  retold from published sources, and the real-case corpus situations labelled with a risk
  type; split by website exactly as scripts/real_cases.py splits), the development writers'
  messages with a concern, and the training data's own safety_concern examples;
* negatives: every other training example (real descriptions count more) and the development
  writers' messages without a concern (grief, legal threats, winning, money fears: the hard
  cases). The test part of the safety set is never read here.

Features as in LinearIntentClassifier: TF-IDF word and character n-grams and the MiniLM
sentence embedding. Two logistic regressions: concern or not, and the risk type. The output,
`safety: {"concern": p, "risks": {type: p}}`, is only ever a reason for the assistant to ask one
screening question (actions/safety_turns.py), never the protocol by itself.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Text, Tuple
from urllib.parse import urlparse

import joblib
import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu_components.linear_intent import build_pipeline, is_real_case

logger = logging.getLogger(__name__)
MODEL_FILE = "safety_reader.joblib"
SAFETY_INTENT = "safety_concern"
RISKS = ("danger_now", "domestic_abuse", "suicide_self_harm", "child_at_risk", "threats_harassment")
ROOT = Path(__file__).resolve().parent.parent
# The same split as scripts/real_cases.py (tests/unit/test_safety_reader.py checks they agree):
# a website's share of the hash space below this goes to the test part, never read here.
TEST_SHARE = 0.40
DEV_WRITERS = ("A", "C", "D", "F")
# The development writers of the conversation set (scripts/eval_dialogue.py's PARTS; a unit test
# checks they agree). Their mediators' messages that are not a safety concern are ordinary break
# talk (descriptions, notes, questions, venting) and teach the reader what needs no screening.
DEV_DIALOGUE_WRITERS = ("1", "3", "4", "5", "6", "7")


def part_of(url: str) -> str:
    host = (urlparse(url).hostname or url).lower()
    domain = host[4:] if host.startswith("www.") else host
    bucket = int(hashlib.sha1(domain.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if bucket < TEST_SHARE else "dev"


def _yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def development_examples(root: Path = ROOT) -> List[Tuple[str, bool, Optional[str], float]]:
    """(text, concern, risk, weight) from the development part of corpus/safety."""
    out: List[Tuple[str, bool, Optional[str], float]] = []
    safety = root / "corpus" / "safety"
    for path in sorted((safety / "concerns").glob("*.y*ml")):
        data = _yaml(path)
        urls = {s.get("key"): s.get("url") for s in data.get("sources") or [] if isinstance(s, dict)}
        for entry in data.get("situations") or []:
            url = urls.get(entry.get("source"))
            if url and entry.get("risk") in RISKS and part_of(str(url)) == "dev":
                out.append((" ".join(str(entry.get("text") or "").split()), True, entry["risk"], 3.0))
    labels = _yaml(safety / "real_case_risks.yml")
    risky = {l["id"]: l for l in (labels.get("labels") or []) + (labels.get("missed") or [])
             if l.get("risk") in RISKS and (l.get("clear") or l in (labels.get("labels") or []))}
    for path in sorted((root / "corpus" / "real_cases" / "situations").glob("*.yml")):
        data = _yaml(path)
        urls = {s.get("key"): s.get("url") for s in data.get("sources") or [] if isinstance(s, dict)}
        for entry in data.get("situations") or []:
            label = risky.get(entry.get("id"))
            url = urls.get(entry.get("source"))
            if label and url and part_of(str(url)) == "dev":
                out.append((" ".join(str(entry.get("text") or "").split()), True, label["risk"], 3.0))
    for writer in DEV_WRITERS:
        path = safety / "messages" / f"writer_{writer.lower()}.yml"
        if not path.exists():
            continue
        for entry in _yaml(path).get("messages") or []:
            concern = bool(entry.get("concern"))
            out.append((str(entry.get("text") or ""), concern, entry.get("risk") if concern else None, 3.0))
    return out + [(text, False, None, weight) for text, _, weight in dialogue_examples(root)]


def development_turns(root: Path = ROOT) -> Iterator[Tuple[str, dict]]:
    """(conversation id, turn) of the development conversations' mediator turns, each
    conversation up to and including its first safety turn (what follows is read with the
    concern open, not alone)."""
    for path in sorted((root / "corpus" / "dialogues").glob("writer_*/*.yml")):
        data = _yaml(path)
        if str(data.get("writer")) not in DEV_DIALOGUE_WRITERS:
            continue
        for conversation in data.get("conversations") or []:
            for turn in conversation.get("turns") or []:
                yield str(conversation.get("id")), turn
                if is_safety_turn(turn):
                    break


def is_safety_turn(turn: dict) -> bool:
    return turn.get("act") == "safety" or turn.get("cause") == SAFETY_INTENT


def dialogue_examples(root: Path = ROOT, weight: float = 2.0) -> List[Tuple[str, str, float]]:
    """(text, conversation id, weight) of the development conversations' turns with no safety
    concern: every turn before a conversation's first safety turn."""
    return [(text, conversation, weight) for conversation, turn in development_turns(root)
            if not is_safety_turn(turn) and (text := " ".join(str(turn.get("text") or "").split()))]


def _fingerprint_of_development_data(root: Path = ROOT) -> str:
    digest = hashlib.sha1()
    for path in sorted((root / "corpus" / "safety").rglob("*.y*ml")) + \
            sorted((root / "corpus" / "dialogues").glob("writer_*/*.yml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SafetyReader(GraphComponent):
    """Adds `safety` (concern probability and risk types) to every parsed message."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"C": 10.0, "embedding_weight": 0.75, "embedding": "chunks", "real_case_weight": 3.0,
                "random_seed": 42}

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """Retrain when the safety set's development data changes (it is read from corpus/)."""
        return _fingerprint_of_development_data()

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 models: Optional[Dict[str, Any]] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self.models = models or {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SafetyReader":
        return cls(config, model_storage, resource)

    def _pipeline(self):
        return build_pipeline(self.config["C"], self.config["random_seed"],
                              float(self.config["embedding_weight"]), self.config["embedding"])

    def train(self, training_data: TrainingData) -> Resource:
        texts, concern, weights = [], [], []
        for message in training_data.intent_examples:
            if not message.get(TEXT) or not message.get(INTENT):
                continue
            texts.append(message.get(TEXT))
            concern.append(message.get(INTENT) == SAFETY_INTENT)
            weights.append(float(self.config["real_case_weight"]) if is_real_case(message) else 1.0)
        risk_texts, risk_labels = [], []
        for text, is_concern, risk, weight in development_examples():
            texts.append(text)
            concern.append(is_concern)
            weights.append(weight)
            if is_concern and risk:
                risk_texts.append(text)
                risk_labels.append(risk)
        if len(set(concern)) < 2 or len(set(risk_labels)) < 2:
            logger.warning("SafetyReader needs concerns and other text, and two risk types; not trained.")
            return self._resource
        concern_model = self._pipeline()
        concern_model.fit(texts, concern, logisticregression__sample_weight=weights)
        risk_model = self._pipeline()
        risk_model.fit(risk_texts, risk_labels)
        self.models = {"concern": concern_model, "risk": risk_model}
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self.models, directory / MODEL_FILE)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "SafetyReader":
        try:
            with model_storage.read_from(resource) as directory:
                models = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            models = None
        return cls(config, model_storage, resource, models)

    def process(self, messages: List[Message]) -> List[Message]:
        if not self.models:
            return messages
        texts = [m.get(TEXT) or "" for m in messages]
        concern = self.models["concern"]
        yes = list(concern.classes_).index(True)
        concern_p = concern.predict_proba(texts)[:, yes]
        risk_p = self.models["risk"].predict_proba(texts)
        labels = list(self.models["risk"].classes_)
        for message, p, risks in zip(messages, concern_p, risk_p):
            message.set("safety", {"concern": round(float(p), 4),
                                   "risks": {k: round(float(v), 4) for k, v in zip(labels, risks)}},
                        add_to_output=True)
        return messages
