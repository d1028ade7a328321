"""Finding the knowledge-base entry that answers a mediator's question, or saying none does.

Every entry is asked several ways (its question and paraphrases). A message is compared with
each of them by two measures: the MiniLM sentence embedding (meaning, with no word in common)
and TF-IDF over words and character n-grams (the exact terms: "Part 36", "Tomlin", "EHCP").
An entry's score mixes its best-matching way of asking (0.6) with the mean of its best three
(0.4), so an entry asked that way several times counts more than one lucky paraphrase. (Scoring
a situation-first question by its question sentence alone as well was tried and lost on the
development part: top-1 0.72 against 0.75.)

`decide` turns the ranking into what the assistant does: answer with the top entry only when
it is clearly the one (score and margin over the runner-up), otherwise say the notes don't
have it and offer the nearest topics. Thresholds are chosen on the development part of the
practice-question set only (scripts/eval_practice.py --tune), never on its test part.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, NamedTuple, Optional, Sequence, Tuple

import numpy as np

from knowledge import KnowledgeBase

# Chosen on the development part (writer a) with scripts/eval_practice.py --tune.
EMBEDDING_WEIGHT = 0.8
BEST_WEIGHT = 0.6     # an entry's best way of asking, against the mean of its best three
ANSWER_AT = 0.52      # the top entry's score needed to answer with it
MARGIN = 0.05         # and its lead over the best other entry
NEAR_AT = 0.45        # entries above this are offered as "nearest topics" when not answering
QUESTION_ALONE_AT = 0.60  # a situation-first message's question sentence alone answers from here


class Decision(NamedTuple):
    kind: str                 # "answer" | "none"
    entry: Optional[str]      # the entry answered with
    nearest: Tuple[str, ...]  # entries to offer when not answering


def question_part(text: str) -> str:
    """The last sentence that asks something ("do i get an expert in?"), or the text."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?;,])\s+|\n+|\s+-\s+", text or "") if p.strip()]
    asking = [p for p in parts if p.endswith("?")]
    return asking[-1] if asking else (parts[-1] if parts else "")


@dataclass
class Retriever:
    ids: List[str]              # entry id of each row
    vectors: np.ndarray         # MiniLM embeddings of every way of asking (rows, L2-normalised)
    tfidf: object               # fitted TfidfVectorizer union
    tfidf_rows: object          # its sparse rows, L2-normalised
    embedding_weight: float = EMBEDDING_WEIGHT

    @classmethod
    def fit(cls, base: KnowledgeBase, embed) -> "Retriever":
        """`embed(texts) -> np.ndarray` of L2-normalised rows (MiniLM in the assistant)."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_union
        pairs = base.questions()
        ids, texts = [p[0] for p in pairs], [p[1] for p in pairs]
        tfidf = make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
                           TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, lowercase=True))
        rows = tfidf.fit_transform(texts)
        return cls(ids, np.asarray(embed(texts), dtype=np.float32), tfidf, _normalised(rows))

    def _scores(self, text: str, embed) -> np.ndarray:
        vector = np.asarray(embed([text]), dtype=np.float32)[0]
        dense = self.vectors @ vector
        sparse = np.asarray((self.tfidf_rows @ _normalised(self.tfidf.transform([text])).T).todense()).ravel()
        return self.embedding_weight * dense + (1 - self.embedding_weight) * sparse

    def rank(self, text: str, embed, top: int = 5) -> List[Tuple[str, float]]:
        """The best entries for a message, best first, with their scores."""
        scores = self._scores(text, embed)
        rows: dict = {}
        for entry_id, score in zip(self.ids, scores):
            rows.setdefault(entry_id, []).append(float(score))
        best = {}
        for entry_id, values in rows.items():
            values.sort(reverse=True)
            best[entry_id] = BEST_WEIGHT * values[0] + (1 - BEST_WEIGHT) * sum(values[:3]) / len(values[:3])
        return sorted(best.items(), key=lambda kv: -kv[1])[:top]


def ranking_for(retriever: "Retriever", text: str, embed, top: int = 5) -> List[Tuple[str, float]]:
    """The ranking the assistant decides on: the whole message's; when that answers nothing and
    the message ends in a question after some situation ("she wont sign til she sees his pension
    valuation. should i get a pensions expert in?"), the question's alone if it clearly answers."""
    ranked = retriever.rank(text, embed, top)
    asked = question_part(text)
    if decide(ranked).kind != "answer" and asked and asked != (text or "").strip() and asked.endswith("?"):
        alone = retriever.rank(asked, embed, top)
        if decide(alone, answer_at=QUESTION_ALONE_AT).kind == "answer":
            return [(alone[0][0], max(alone[0][1], ANSWER_AT))] + alone[1:]  # answered as it stands
    return ranked


def _normalised(rows):
    from sklearn.preprocessing import normalize
    return normalize(rows)


def decide(ranked: Sequence[Tuple[str, float]], answer_at: float = ANSWER_AT, margin: float = MARGIN,
           near_at: float = NEAR_AT) -> Decision:
    """Answer with the top entry only when it is clearly the one; else the nearest topics."""
    if not ranked:
        return Decision("none", None, ())
    (top, score), runner = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
    if score >= answer_at and score - runner >= margin:
        return Decision("answer", top, ())
    return Decision("none", None, tuple(i for i, s in ranked[:3] if s >= near_at))
