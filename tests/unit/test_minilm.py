"""The NumPy MiniLM encoder: tokenizer, agreement with the reference model, edge cases."""
import numpy as np
import pytest

from nlu_components.minilm import MAX_TOKENS, shared_encoder


@pytest.fixture(scope="module")
def encoder():
    return shared_encoder()


def tokens(encoder, text):
    inverse = {i: t for t, i in encoder.tokenizer.vocab.items()}
    return [inverse[i] for i in encoder.tokenizer.encode(text)]


def test_tokenizer_lowercases_splits_punctuation_and_strips_accents(encoder):
    assert tokens(encoder, "He WON'T sign — Café!") == [
        "[CLS]", "he", "won", "'", "t", "sign", "—", "cafe", "!", "[SEP]"]


def test_tokenizer_splits_unknown_words_into_word_pieces(encoder):
    pieces = tokens(encoder, "stonewalling")[1:-1]
    assert len(pieces) > 1 and pieces[0] == "stone" and all(p.startswith("##") for p in pieces[1:])


def test_tokenizer_drops_control_characters_and_spaces_out_cjk(encoder):
    assert tokens(encoder, "a\x00b\u200b") == ["[CLS]", "ab", "[SEP]"]
    assert tokens(encoder, "中国人")[1:-1] == ["中", "国", "人"]


def test_long_input_is_cut_to_the_model_limit(encoder):
    ids = encoder.tokenizer.encode("word " * 5000)
    assert len(ids) == MAX_TOKENS and ids[-1] == encoder.tokenizer.sep


def test_matches_the_reference_model(encoder):
    # sentence-transformers documents 0.7553 for this pair with all-MiniLM-L6-v2.
    a, b, c = encoder.embed(["A man is eating food.", "A man is eating a piece of bread.",
                             "The girl is carrying a baby."])
    assert float(a @ b) == pytest.approx(0.7553, abs=5e-4)
    assert float(a @ c) < 0.1


def test_vectors_are_unit_length_and_batching_changes_nothing(encoder):
    texts = ["she keeps bringing up the affair", "the contractor hasn't sent the invoices",
             "", "ok", "my client feels rushed into signing before the holidays and won't say so"]
    together = encoder.embed(texts)
    alone = np.vstack([encoder.embed([t]) for t in texts])
    assert together.shape == (5, 384)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.abs(together - alone).max() < 1e-5


def test_paraphrases_land_closer_than_unrelated_impasses(encoder):
    past, paraphrase, other = encoder.embed([
        "they keep going back over who caused the divorce",
        "all they talk about is whose fault the marriage ending was",
        "the landlord has not sent the repair invoices for three months"])
    assert float(past @ paraphrase) > float(past @ other) + 0.2
