"""The offline voice loop: flite speaks an impasse, pocketsphinx hears it, the running
assistant answers over REST, and the answer is spoken into a non-silent WAV."""
from __future__ import annotations

import audioop
import subprocess
import uuid
import wave
from pathlib import Path


from harness.servers import BIN, ROOT

FOLLOW_UP = "Want another idea, or the questions for caucus?"
IMPASSE = "they are yelling at each other and one of them just walked out of the room"


def rms(path: Path) -> int:
    with wave.open(str(path), "rb") as w:
        return audioop.rms(w.readframes(w.getnframes()), w.getsampwidth())


def test_spoken_impasse_gets_a_spoken_answer(speech_tools, assistant, tmp_path):
    said, reply = tmp_path / "said.wav", tmp_path / "reply.wav"
    subprocess.run(["flite", "-voice", "slt", "-t", IMPASSE, "-o", str(said)], check=True)
    assert rms(said) > 100

    run = subprocess.run([str(BIN / "python"), str(ROOT / "scripts" / "voice_loop.py"),
                          "--wav", str(said), "--out", str(reply), "--no-play",
                          "--url", assistant.rest_url, "--sender", f"loop-{uuid.uuid4().hex[:8]}"],
                         cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stdout + run.stderr
    heard = next(l for l in run.stdout.splitlines() if l.startswith("you:"))
    answer = next(l for l in run.stdout.splitlines() if l.startswith("assistant:"))
    assert "yelling at each other" in heard, run.stdout
    assert "Try this:" not in answer and FOLLOW_UP in answer, run.stdout  # the spoken form

    assert reply.exists() and reply.stat().st_size > 10_000
    with wave.open(str(reply), "rb") as w:
        assert w.getnframes() / w.getframerate() > 2.0
    assert rms(reply) > 200, "the reply WAV is silent"
