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
