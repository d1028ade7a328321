"""The same question written twice (for a setting and in general) is one question: the margin the
retriever asks for is over a different question, and the twin that fits the message's setting is
the one answered. The setting reader names a field only from clear words."""
import numpy as np
import pytest

from knowledge import KnowledgeBase, parse
from knowledge.retrieve import Decision, Retriever, decide, fold_siblings, ranking_for
from knowledge.setting import fields_of, out_of_place


def _entry(entry_id, question, paraphrases, settings):
    return {"id": entry_id, "question": question, "paraphrases": paraphrases, "settings": settings,
            "topics": ["process"], "answer": "A.", "why": "W.", "risks": "R.", "say": "S.", "sources": ["src"]}


BASE = KnowledgeBase({e.id: e for e in parse({
    "sources": [{"id": "src", "title": "A guide", "url": "https://example.org/guide"}],
    "entries": [
        _entry("fam-interpreter", "How do I work with an interpreter?",
               ["interpreter tips", "working with an interpreter", "interpreter in the session"], ["parenting"]),
        _entry("gen-interpreter", "How do I work with an interpreter in a session?",
               ["interpreter tips please", "working with interpreters", "an interpreter in the session"], ["any"]),
        _entry("gen-recording", "Can a party record the session?",
               ["recording on a phone", "taping the mediation", "secret recording"], ["any"]),
    ]}, "t.yml")})


def _embed(texts):
    """A bag-of-letters stand-in for MiniLM: fast, exact, and near for near spellings."""
    rows = np.array([[t.lower().count(c) for c in "abcdefghijklmnopqrstuvwxyz"] for t in texts], dtype=np.float32)
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)


@pytest.fixture(scope="module")
def retriever():
    r = Retriever.fit(BASE, _embed)
    r.sibling_at = 0.97
    return r


def test_twins_are_siblings_and_a_different_question_is_not(retriever):
    assert retriever.siblings("fam-interpreter") == {"gen-interpreter"}
    assert retriever.siblings("gen-interpreter") == {"fam-interpreter"}
    assert "gen-recording" not in retriever.siblings("fam-interpreter")
    assert retriever.siblings("nowhere") == frozenset()
    retriever.sibling_at = 1.01  # nothing is its own twin's twin above 1
    try:
        assert retriever.siblings("fam-interpreter") == frozenset()
    finally:
        retriever.sibling_at = 0.97


def test_an_index_built_before_siblings_folds_nothing():
    old = Retriever(ids=["a"], vectors=np.ones((1, 2), np.float32), tfidf=None, tfidf_rows=None)
    ranked = [("a", 0.7), ("b", 0.69)]
    assert old.siblings("a") == frozenset()
    assert fold_siblings(old, ranked, "his pension") == ranked


class _Stub:
    """A retriever with given siblings and settings, to test the folding alone."""
    def __init__(self, twins, settings):
        self._twins, self.settings = twins, settings

    def siblings(self, entry_id):
        return frozenset(self._twins.get(entry_id, ()))


STUB = _Stub({"fam-x": {"gen-x"}, "gen-x": {"fam-x"}},
             {"fam-x": ("parenting",), "gen-x": ("any",), "civ-y": ("workplace",), "civ-z": ("workplace",)})


def test_the_margin_is_over_a_different_question_not_the_twin():
    ranked = [("gen-x", 0.70), ("fam-x", 0.69), ("civ-y", 0.55), ("civ-z", 0.40)]
    assert decide(ranked) == Decision("none", None, ("gen-x", "fam-x", "civ-y"))  # unfolded: no clear winner
    folded = fold_siblings(STUB, ranked, "recording sessions ok?")
    assert folded == [("gen-x", 0.70), ("civ-y", 0.55), ("civ-z", 0.40)]
    assert decide(folded).kind == "answer"
    # A close different question still stops the answer.
    close = fold_siblings(STUB, [("gen-x", 0.70), ("fam-x", 0.69), ("civ-y", 0.68)], "")
    assert decide(close).kind == "none"


def test_the_twin_for_the_setting_named_is_the_one_answered():
    ranked = [("gen-x", 0.70), ("fam-x", 0.68), ("civ-y", 0.50)]
    assert fold_siblings(STUB, ranked, "the kids' handovers keep going wrong")[0] == ("fam-x", 0.70)
    # No setting named: the general entry; another field named: not the family one either.
    assert fold_siblings(STUB, [("fam-x", 0.70), ("gen-x", 0.68)], "is this ok?")[0] == ("gen-x", 0.70)
    assert fold_siblings(STUB, [("fam-x", 0.70), ("gen-x", 0.68)], "HR asked my manager")[0] == ("gen-x", 0.70)
    # A twin far below the top is not preferred for its setting alone.
    assert fold_siblings(STUB, [("gen-x", 0.70), ("fam-x", 0.50)], "the kids")[0] == ("gen-x", 0.70)


def test_ranking_for_folds_the_twins_of_a_real_index(retriever):
    ranked = ranking_for(retriever, "working with an interpreter in the session", _embed)
    top_ids = [i for i, _ in ranked]
    assert top_ids[0] in ("fam-interpreter", "gen-interpreter")
    assert not {"fam-interpreter", "gen-interpreter"} <= set(top_ids)  # only one of the twins stays
    assert "gen-recording" in top_ids


@pytest.mark.parametrize("text, fields", [
    ("she won't sign til she sees his pension valuation", {"family"}),
    ("HR keeps emailing asking how it's going", {"work"}),
    ("insurer rep says she only has authority to 50k", {"injury"}),
    ("neighbour wants to bring his son to the mediation", {"property"}),
    ("the contractor's final account is disputed", {"commercial"}),
    ("recording sessions ok?", set()),
    ("will it be binding if they sign?", set()),  # "will" is not the will
    ("can i send it tonight?", set()),
])
def test_the_field_a_message_names(text, fields):
    assert fields_of(text) == fields


def test_an_entry_is_out_of_place_only_for_one_other_field_named():
    assert out_of_place(("separation_finances",), frozenset({"property"}))
    assert not out_of_place(("separation_finances",), frozenset({"family"}))
    assert not out_of_place(("any",), frozenset({"property"}))
    assert not out_of_place(("separation_finances",), frozenset())
    assert not out_of_place(("separation_finances",), frozenset({"property", "work"}))
