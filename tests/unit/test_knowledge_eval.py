"""scripts/eval_practice.py: choosing on the development part never reads the test part."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("eval_practice", ROOT / "scripts" / "eval_practice.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_development_part_alone_is_loaded_without_the_test_part(monkeypatch):
    script = _script()
    read = []
    original = Path.read_text

    def spy(self, *args, **kwargs):
        read.append(self.name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", spy)
    questions = script.load_questions(("a",))
    assert questions and {q["part"] for q in questions} == {"dev"}
    assert "writer_b.yml" not in read and "writer_a.yml" in read
    assert all(isinstance(q["answers"], set) for q in questions)


def test_floors_sit_within_the_targets():
    script = _script()
    assert script.FLOORS["right"] <= script.TARGETS["right"]
    assert script.FLOORS["wrong"] >= script.TARGETS["wrong"]
