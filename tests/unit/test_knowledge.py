"""The practice knowledge base: the loader names what is malformed, and the retriever answers
only when one entry clearly fits."""
from pathlib import Path

import numpy as np
import pytest
import yaml

from knowledge import KnowledgeError, default_base, load, parse
from knowledge.retrieve import Decision, Retriever, decide, question_part

GOOD = {
    "sources": [{"id": "src", "title": "A guide", "url": "https://example.org/guide"}],
    "entries": [{
        "id": "x-one", "question": "Can the new partner sit in?",
        "paraphrases": ["new partner in the room ok?", "can his girlfriend come in", "partner wants to attend"],
        "settings": ["parenting"], "topics": ["process"], "answer": "Usually not.", "why": "Because.",
        "risks": "Some.", "say": "Let's keep it to the two of you.", "sources": ["src"]}],
}


def _with(**changes):
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    data["entries"][0].update(changes)
    return data


def test_the_shipped_knowledge_base_loads_with_enough_entries_and_sources():
    base = default_base()
    assert len(base) >= 250
    assert all(e.sources and all(s.url.startswith("http") for s in e.sources) for e in base.entries.values())
    assert all(len(e.paraphrases) >= 3 for e in base.entries.values())


@pytest.mark.parametrize("changes, says", [
    ({"answer": ""}, "'answer' needs a non-empty text"),
    ({"paraphrases": ["only one"]}, "'paraphrases' needs at least 3"),
    ({"settings": ["mars"]}, "unknown: ['mars']"),
    ({"sources": ["nowhere"]}, "unknown source id(s) ['nowhere']"),
])
def test_a_malformed_entry_names_the_file_and_the_entry(changes, says):
    with pytest.raises(KnowledgeError) as error:
        parse(_with(**changes), "family.yml")
    assert str(error.value).startswith("family.yml: entry x-one:") and says in str(error.value)


def test_a_duplicate_id_across_files_is_refused(tmp_path: Path):
    for name in ("a.yml", "b.yml"):
        (tmp_path / name).write_text(yaml.safe_dump(GOOD))
    with pytest.raises(KnowledgeError, match="b.yml: entry x-one: the id is also used in a.yml"):
        load([tmp_path / "a.yml", tmp_path / "b.yml"])


def test_broken_yaml_names_the_file(tmp_path: Path):
    (tmp_path / "bad.yml").write_text("entries: [\n")
    with pytest.raises(KnowledgeError, match="bad.yml: not valid YAML"):
        load([tmp_path / "bad.yml"])


def test_the_question_of_a_message_with_a_situation_first():
    assert question_part("she won't sign til she sees his pension. do i get an expert in?") == "do i get an expert in?"
    assert question_part("recording sessions ok?") == "recording sessions ok?"


def test_decide_answers_only_a_clear_winner():
    assert decide([("a", 0.9), ("b", 0.5)], answer_at=0.6, margin=0.05) == Decision("answer", "a", ())
    # Near the top but not clearly one entry: no answer, the nearest offered.
    assert decide([("a", 0.7), ("b", 0.69), ("c", 0.2)], answer_at=0.6, margin=0.05, near_at=0.3) == \
        Decision("none", None, ("a", "b"))
    assert decide([("a", 0.3)], answer_at=0.6, margin=0.05, near_at=0.35) == Decision("none", None, ())
    assert decide([]) == Decision("none", None, ())


def test_the_retriever_finds_an_entry_by_its_words():
    base = load_one()
    # A bag-of-letters stand-in for MiniLM keeps this test fast and exact.
    def embed(texts):
        rows = np.array([[t.lower().count(c) for c in "abcdefghijklmnopqrstuvwxyz"] for t in texts], dtype=np.float32)
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
    retriever = Retriever.fit(base, embed)
    ranked = retriever.rank("can the new partner sit in on it?", embed)
    assert ranked[0][0] == "x-one" and ranked[0][1] > 0.5


def load_one():
    from knowledge import KnowledgeBase
    return KnowledgeBase({e.id: e for e in parse(GOOD, "one.yml")})
