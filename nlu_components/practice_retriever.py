"""PracticeRetriever: the knowledge-base entries nearest to the message, for practice questions.

Why an embedding retriever and not a ResponseSelector: the knowledge base (knowledge/practice)
has some 300 entries with five or six ways of asking each; a selector would learn 300 classes
from that, while the nearest way of asking, by MiniLM meaning and TF-IDF terms together, needs
no training beyond indexing and tells how near the nearest is, which is what decides between an
answer and "that isn't in my notes" (knowledge/retrieve.py). The index is built at `rasa train`
and kept in the model; it is rebuilt whenever a knowledge-base file changes (fingerprint).

Adds `practice: {"ranked": [[entry id, score], ...]}` (best five) to every parsed message; the
actions decide what to do with it.
"""
from __future__ import annotations

import hashlib
import logging
from typing import Any, Dict, List, Optional, Text

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from knowledge import PRACTICE_DIR, load
from knowledge.retrieve import Retriever, ranking_for
from nlu_components.linear_intent import embed_texts

logger = logging.getLogger(__name__)
MODEL_FILE = "practice_index.joblib"


def _embed(texts):
    return embed_texts(list(texts), "chunks")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class PracticeRetriever(GraphComponent):
    """Ranks the knowledge base's entries for every message."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"top": 5}

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """Re-index when any knowledge-base file changes."""
        digest = hashlib.sha1()
        for path in sorted(PRACTICE_DIR.glob("*.yml")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 retriever: Optional[Retriever] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self.retriever = retriever

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "PracticeRetriever":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        self.retriever = Retriever.fit(load(), _embed)  # a malformed file fails training, naming it
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self.retriever, directory / MODEL_FILE)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "PracticeRetriever":
        try:
            with model_storage.read_from(resource) as directory:
                retriever = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            retriever = None
        return cls(config, model_storage, resource, retriever)

    def process(self, messages: List[Message]) -> List[Message]:
        if self.retriever is None:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip() or text.startswith("/"):
                continue
            ranked = ranking_for(self.retriever, text, _embed, top=int(self.config["top"]))
            message.set("practice", {"ranked": [[i, round(s, 4)] for i, s in ranked]}, add_to_output=True)
        return messages
