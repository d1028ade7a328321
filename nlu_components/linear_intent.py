"""LinearIntentClassifier: logistic regression over TF-IDF n-grams and a sentence embedding.

Why it is in the pipeline: on this data a linear model generalises better than DIET (see
README, "NLU quality", and `make eval`). Its features, side by side:

* word 1-2-grams keep short cues ("won't budge", "moved last");
* character 2-5-grams absorb typos and voice-transcript spellings ("theyre", "wont");
* an all-MiniLM-L6-v2 sentence embedding (nlu_components/minilm.py, `embedding_weight`)
  carries meaning across wordings the training data never used.

It can blend its probabilities with the ranking of a classifier earlier in the pipeline
(DIET), weighted by `blend_previous`.
"""
from __future__ import annotations

import logging
import re
from collections import OrderedDict
from typing import Any, Dict, List, Optional, Text, Tuple

import joblib
from sklearn.base import BaseEstimator, TransformerMixin
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)
MODEL_FILE = "linear_intent.joblib"


# A chunk for the encoder: whole sentences, at most this many words (MiniLM reads 128 word
# pieces; real descriptions run to 250 words and often put the cause at the end).
CHUNK_WORDS = 60
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def chunks(text: Text, limit: int = CHUNK_WORDS) -> List[Text]:
    """Consecutive whole sentences grouped up to `limit` words (a long sentence is cut)."""
    out: List[List[str]] = [[]]
    for sentence in _SENTENCE_END.split(text or ""):
        words = sentence.split()
        while words:
            room = limit - len(out[-1])
            if room <= 0 or (out[-1] and len(words) > room):
                out.append([])
                room = limit
            out[-1].extend(words[:room])
            words = words[room:]
    return [" ".join(c) for c in out if c] or [""]


# Vectors already computed in this process, by (reading, text): the intent classifier and the
# safety reader read the same message (and, in training, the same examples) once, not twice.
_EMBEDDED: "OrderedDict[Tuple[Text, Text], Any]" = OrderedDict()
MAX_EMBEDDED = 20000


def embed_texts(texts: List[Text], kind: Text = "head"):
    """Sentence vectors: `head` embeds the start of each text (what MiniLM can read at once);
    `chunks` embeds every chunk of whole sentences and averages them, so a long description
    is read to the end. Texts embedded before in this process come from a bounded cache."""
    import numpy as np
    texts = list(texts)
    missing = list(dict.fromkeys(t for t in texts if (kind, t) not in _EMBEDDED))
    if missing:
        for text, vector in zip(missing, _embed_uncached(missing, kind)):
            _EMBEDDED[(kind, text)] = vector
        while len(_EMBEDDED) > MAX_EMBEDDED:
            _EMBEDDED.popitem(last=False)
    return np.stack([_EMBEDDED[(kind, t)] for t in texts]) if texts else _embed_uncached([], kind)


def _embed_uncached(texts: List[Text], kind: Text):
    import numpy as np
    from nlu_components.minilm import shared_encoder
    encoder = shared_encoder()
    if kind == "head":
        return encoder.embed(list(texts))
    pieces = [chunks(t) for t in texts]
    flat = encoder.embed([c for p in pieces for c in p])
    out, start = np.zeros((len(texts), flat.shape[1]), dtype=np.float32), 0
    for row, p in enumerate(pieces):
        mean = flat[start: start + len(p)].mean(axis=0)
        out[row] = mean / max(float(np.linalg.norm(mean)), 1e-12)
        start += len(p)
    return out


class SentenceEmbedding(BaseEstimator, TransformerMixin):
    """A scikit-learn transformer: texts -> MiniLM sentence vectors times `weight`.

    The weight sets how much the embedding counts next to the TF-IDF blocks (each row of
    those is also unit length). Only the weight and the reading (`kind`) are pickled; the
    encoder is loaded once per process from the installed wheel.
    """

    def __init__(self, weight: float = 1.0, kind: Text = "head") -> None:
        self.weight = weight
        self.kind = kind

    def fit(self, texts: List[Text], y: Any = None) -> "SentenceEmbedding":
        return self

    def transform(self, texts: List[Text]):
        return self.weight * embed_texts(list(texts), getattr(self, "kind", "head"))


def build_pipeline(c: float = 10.0, seed: int = 42, embedding_weight: float = 0.0,
                   embedding: Text = "head"):
    """The scikit-learn model; also used by scripts/evaluate.py so both measure the same thing."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union
    blocks = [
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True),
    ]
    if embedding_weight > 0:
        blocks.append(SentenceEmbedding(embedding_weight, embedding))
    return make_pipeline(make_union(*blocks),
                         LogisticRegression(C=c, max_iter=5000, random_state=seed))


def is_real_case(message: Message) -> bool:
    """Examples from the real-case corpus carry `real_case: true` as intent metadata."""
    metadata = message.get("metadata") or {}
    return bool((metadata.get("intent") or {}).get("real_case"))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(GraphComponent):
    """Intent classifier over TF-IDF n-grams, optionally blended with an earlier classifier."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"C": 10.0, "embedding_weight": 0.0, "embedding": "head", "real_case_weight": 1.0,
                "blend_previous": 0.0, "ranking_length": 10, "random_seed": 42}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[Any] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LinearIntentClassifier":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        if len({m.get(INTENT) for m in examples}) < 2:
            logger.warning("LinearIntentClassifier needs at least two intents; not trained.")
            return self._resource
        self.model = build_pipeline(self.config["C"], self.config["random_seed"],
                                    float(self.config["embedding_weight"]), self.config["embedding"])
        weights = [float(self.config["real_case_weight"]) if is_real_case(m) else 1.0 for m in examples]
        self.model.fit([m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples],
                       logisticregression__sample_weight=weights)
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self.model, directory / MODEL_FILE)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LinearIntentClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                model = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            model = None
        return cls(config, model_storage, resource, model)

    def process(self, messages: List[Message]) -> List[Message]:
        if self.model is None:
            return messages
        texts = [m.get(TEXT) or "" for m in messages]
        probabilities = self.model.predict_proba(texts)
        labels = list(self.model.classes_)
        weight = float(self.config["blend_previous"])
        for message, probs in zip(messages, probabilities):
            scores = dict(zip(labels, (float(p) for p in probs)))
            previous = message.get(INTENT_RANKING_KEY) or []
            if weight > 0 and previous:
                earlier = {r["name"]: float(r["confidence"]) for r in previous}
                scores = {k: (1 - weight) * v + weight * earlier.get(k, 0.0) for k, v in scores.items()}
            ranking = sorted(({"name": k, "confidence": v} for k, v in scores.items()),
                             key=lambda r: -r["confidence"])
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking[: self.config["ranking_length"]], add_to_output=True)
        return messages
