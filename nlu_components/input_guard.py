"""InputGuard: recognise messages the classifier should not guess about.

Placed last in the NLU pipeline. Empty text, emoji or symbols only, another language,
keyboard mashing and walls of text get the intent `unusable_input` and an
`input_problem` entity naming the problem, so the dialogue answers each kindly
instead of guessing an impasse cause from noise.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

UNUSABLE_INTENT = "unusable_input"
PROBLEM_ENTITY = "input_problem"

# A few very common function words per language. Enough to tell "this is Spanish" from
# "this is English with few function words"; not a language identifier.
_FUNCTION_WORDS = {
    "en": set("the a an and or but to of in on at for with is are was were be been it this that "
              "he she they we you i his her their my our your not no won't doesn't don't can't "
              "will would just so if about from has have had what who".split()),
    "es": set("el la los las y o pero de del en con por para es son está están que no se su sus "
              "un una muy quiere porque".split()),
    "fr": set("le la les et ou mais de des du en avec pour est sont que qui ne pas se son sa ses "
              "un une très veut parce".split()),
    "de": set("der die das und oder aber zu von mit für ist sind nicht kein sich sein seine ein "
              "eine sehr will weil".split()),
    "pt": set("o a os as e ou mas de do da em com por para é são que não se seu sua um uma muito "
              "quer porque".split()),
    "it": set("il lo la gli le e o ma di del della in con per è sono che non si suo sua un una "
              "molto vuole perché".split()),
}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")


def classify_problem(text: Optional[str], max_chars: int = 4000) -> Optional[str]:
    """The kind of problem with a message, or None when it is fine to classify."""
    text = (text or "").strip()
    if not text:
        return "empty"
    if len(text) > max_chars:
        return "too_long"
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "no_words"
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    if latin / len(letters) < 0.5:
        return "other_language"
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) >= 3:
        hits = {lang: sum(w in vocab for w in words) for lang, vocab in _FUNCTION_WORDS.items()}
        english = hits.pop("en")
        other = max(hits.values())
        if other >= 2 and other > 2 * english:
            return "other_language"
    long_words = [w for w in words if len(w) >= 4]
    garbled = [w for w in long_words
               if not re.search(r"[aeiouy]", w) or _CONSONANT_RUN.search(w.replace("ngth", "ng"))]
    if long_words and len(garbled) / len(long_words) >= 0.5 and not _mostly_known(words):
        return "gibberish"
    return None


def _mostly_known(words: List[str]) -> bool:
    return sum(w in _FUNCTION_WORDS["en"] for w in words) >= max(2, len(words) // 3)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class InputGuard(GraphComponent):
    """Overrides the intent for input no classifier should guess about."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"max_chars": 4000}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.max_chars = int(config.get("max_chars", 4000))

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext) -> "InputGuard":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            problem = classify_problem(message.get(TEXT), self.max_chars)
            if problem is None:
                predicted = (message.get(INTENT) or {}).get("name")
                if predicted != UNUSABLE_INTENT:
                    continue
                problem = "unreadable"  # the classifier itself saw noise
            message.set(INTENT, {"name": UNUSABLE_INTENT, "confidence": 1.0}, add_to_output=True)
            ranking = [{"name": UNUSABLE_INTENT, "confidence": 1.0}]
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != PROBLEM_ENTITY]
            entities.append({"entity": PROBLEM_ENTITY, "value": problem, "start": 0, "end": 0,
                             "confidence": 1.0, "extractor": "InputGuard"})
            message.set(ENTITIES, entities, add_to_output=True)
        return messages

    def process_training_data(self, training_data):  # noqa: D102 - nothing to learn
        return training_data
