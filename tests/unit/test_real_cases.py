"""The real-case corpus: well formed, big and varied enough, split by website, and its test
part never reaches the training data."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import real_cases  # noqa: E402


@pytest.fixture(scope="module")
def situations():
    return real_cases.load()


def test_corpus_is_large_and_varied(situations):
    dev, test = real_cases.split(situations)
    assert len(situations) >= 400
    assert len({s.url for s in situations}) >= 150
    assert len({s.setting for s in situations}) >= 10
    assert len(test) >= 150
    for cause in real_cases.CAUSES:  # every cause is trained on and tested
        assert any(s.primary == cause for s in dev), cause
        assert any(s.primary == cause for s in test), cause


def test_split_is_by_website(situations):
    dev, test = real_cases.split(situations)
    assert not {s.domain for s in dev} & {s.domain for s in test}
    assert not {s.url for s in dev} & {s.url for s in test}


def test_training_data_holds_no_test_situation(situations):
    _, test = real_cases.split(situations)
    training = " ".join(" ".join(p.read_text(encoding="utf-8").split())
                        for p in (ROOT / "data").rglob("*.yml"))
    leaked = [s.id for s in test if real_cases._escape(s.text) in training]
    assert leaked == []


def test_exported_training_file_is_up_to_date(situations):
    nlu, sources = real_cases.rendered(situations)
    assert real_cases.DEV_EXPORT.read_text(encoding="utf-8") == nlu, \
        "run: .venv/bin/python scripts/real_cases.py export"
    assert real_cases.SOURCES_TABLE.read_text(encoding="utf-8") == sources


def test_check_names_the_problem(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("sources:\n  - {key: s1, title: T, url: 'https://example.org/a'}\n"
                   "situations:\n  - {id: x-1, source: s2, setting: moon, primary: impasse_hunger,"
                   " secondary: [], text: 'too short'}\n")
    _, problems = real_cases.check_file(bad)
    text = "\n".join(problems)
    assert "unknown primary cause 'impasse_hunger'" in text
    assert "unknown setting 'moon'" in text and "unknown source key 's2'" in text
    assert "shorter than" in text
