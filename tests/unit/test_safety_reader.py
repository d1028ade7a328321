"""The learned safety reader reads only the development part of the safety set."""
from nlu_components import safety_reader
from scripts import real_cases
from scripts.safety_set import load


def test_the_reader_splits_websites_as_the_corpus_does():
    for url in ("https://www.example.org/a", "http://mediate.com/x", "https://familymediationcouncil.org.uk/",
                "https://www.reddit.com/r/legaladvice/1", "https://ndcourts.gov/legal"):
        assert safety_reader.part_of(url) == real_cases.part_of(real_cases.domain_of(url))
    assert safety_reader.TEST_SHARE == real_cases.TEST_SHARE


def test_no_test_part_text_is_ever_trained_on():
    items = load()
    dev_texts = {" ".join(i.text.split()) for i in items if i.part == "dev"}
    # Two writers may type the same "cheers" independently: only a text unique to the test part counts.
    test_texts = {" ".join(i.text.split()) for i in items if i.part == "test"} - dev_texts
    trained = [" ".join(text.split()) for text, _, _, _ in safety_reader.development_examples()]
    assert trained and not test_texts & set(trained)
    assert sum(1 for _, concern, _, _ in safety_reader.development_examples() if concern) > 100


def test_the_reader_learns_from_the_development_conversations_only():
    from scripts import eval_dialogue
    dev = {w for w, part in eval_dialogue.PARTS.items() if part == "dev"}
    assert set(safety_reader.DEV_DIALOGUE_WRITERS) <= dev
    assert not set(safety_reader.DEV_DIALOGUE_WRITERS) & {w for w, p in eval_dialogue.PARTS.items() if p == "test"}
    talk = safety_reader.dialogue_examples()
    assert len(talk) > 300 and not _only_in_test_conversations() & {text for text, _, _ in talk}


def test_the_conversations_exported_for_training_are_current_and_development_only():
    from scripts import dialogue_turns
    assert dialogue_turns.EXPORT.read_text(encoding="utf-8") == dialogue_turns.rendered(), \
        "run scripts/dialogue_turns.py export"
    exported = dialogue_turns.turns()
    assert len(exported) > 300 and not _only_in_test_conversations() & {text for _, text in exported}


def _only_in_test_conversations():
    """Turns only the test writers wrote (two writers may both type "thanks")."""
    from scripts import eval_dialogue
    texts = {part: {" ".join(t["text"].split()) for c in eval_dialogue.load() if c["part"] == part for t in c["turns"]}
             for part in ("dev", "test")}
    return texts["test"] - texts["dev"]
