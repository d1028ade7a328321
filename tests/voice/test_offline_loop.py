"""The offline voice loop: flite speaks an impasse, Whisper (the default) or pocketsphinx
(VOICE_ASR=pocketsphinx) hears it, the running assistant answers over REST, and the answer is
spoken into a non-silent WAV. A spoken figure reaches the assistant as a figure it reads."""
from __future__ import annotations

import audioop
import os
import subprocess
import uuid
import wave
from pathlib import Path

import pytest

from harness.servers import BIN, ROOT

FOLLOW_UP = "Want another idea, or the questions for caucus?"
FIGURE_SAID = "His final number is forty-two thousand five hundred dollars."
IMPASSE = "they are yelling at each other and one of them just walked out of the room"


def rms(path: Path) -> int:
    with wave.open(str(path), "rb") as w:
        return audioop.rms(w.readframes(w.getnframes()), w.getsampwidth())


def loop(said, reply, assistant, asr):
    """scripts/voice_loop.py on one WAV, as `make voice` runs it, with VOICE_ASR=asr (None: the
    default)."""
    env = dict(os.environ)
    env.pop("VOICE_ASR", None)
    if asr:
        env["VOICE_ASR"] = asr
    run = subprocess.run([str(BIN / "python"), str(ROOT / "scripts" / "voice_loop.py"),
                          "--wav", str(said), "--out", str(reply), "--no-play",
                          "--url", assistant.rest_url, "--sender", f"loop-{uuid.uuid4().hex[:8]}"],
                         cwd=ROOT, capture_output=True, text=True, timeout=180, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    heard = next(l for l in run.stdout.splitlines() if l.startswith("you:"))
    answer = next(l for l in run.stdout.splitlines() if l.startswith("assistant:"))
    return run, heard, answer


@pytest.mark.parametrize("asr", [None, "pocketsphinx"])
def test_spoken_impasse_gets_a_spoken_answer(speech_tools, whisper_tools, assistant, tmp_path, asr):
    said, reply = tmp_path / "said.wav", tmp_path / "reply.wav"
    subprocess.run(["flite", "-voice", "slt", "-t", IMPASSE, "-o", str(said)], check=True)
    assert rms(said) > 100

    run, heard, answer = loop(said, reply, assistant, asr)
    assert f"listening with {asr or 'whisper'}" in run.stderr
    assert "yelling at each other" in heard.lower(), run.stdout
    assert "Try this:" not in answer and FOLLOW_UP in answer, run.stdout  # the spoken form

    assert reply.exists() and reply.stat().st_size > 10_000
    with wave.open(str(reply), "rb") as w:
        assert w.getnframes() / w.getframerate() > 2.0
    assert rms(reply) > 200, "the reply WAV is silent"


def test_spoken_figure_is_read_by_the_assistant(speech_tools, whisper_tools, assistant, tmp_path):
    """"forty-two thousand five hundred", said, reaches the assistant as 42,500: the text the
    loop POSTs (its "you:" line) is one the assistant's money reader reads as 42500."""
    import sys

    sys.path.insert(0, str(ROOT))
    from actions.reading.money import read_figures

    said, reply = tmp_path / "said.wav", tmp_path / "reply.wav"
    subprocess.run(["flite", "-voice", "slt", "-t", FIGURE_SAID, "-o", str(said)], check=True)
    run, heard, answer = loop(said, reply, assistant, None)
    posted = heard.split(":", 1)[1].strip()
    assert "42,500" in posted, run.stdout
    assert [a.value for a in read_figures(posted)] == [42500.0], run.stdout
    assert answer.strip() != "assistant:", run.stdout
