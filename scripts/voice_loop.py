#!/usr/bin/env python3
"""Talk to the assistant offline: microphone (or a WAV) -> pocketsphinx -> REST -> flite.

Push to talk: press Enter to start recording (arecord), Enter again to stop. The words are
transcribed by pocketsphinx's bundled en-US model, POSTed to the assistant's REST webhook
with input_channel "local_voice" (so the actions answer with the short spoken form, no
buttons), and the reply is spoken by flite (or espeak-ng) into a WAV and played if a player
exists. Nothing leaves the machine and nothing is downloaded.

    .venv/bin/python scripts/voice_loop.py                       # microphone, loop
    .venv/bin/python scripts/voice_loop.py --wav said.wav --out reply.wav --no-play
"""
from __future__ import annotations

import argparse
import audioop
import json
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import uuid
import wave
from pathlib import Path
from typing import List, Optional

RATE = 16000  # pocketsphinx's en-US acoustic model is 16 kHz, 16-bit mono
DEFAULT_URL = "http://localhost:5005/webhooks/rest/webhook"
VOICE_CHANNEL = "local_voice"


def read_pcm(path: Path) -> bytes:
    """16 kHz mono 16-bit PCM from any PCM WAV file."""
    with wave.open(str(path), "rb") as w:
        width, channels, rate = w.getsampwidth(), w.getnchannels(), w.getframerate()
        data = w.readframes(w.getnframes())
    if channels == 2:
        data = audioop.tomono(data, width, 0.5, 0.5)
    if width != 2:
        data = audioop.lin2lin(data, width, 2)
    if rate != RATE:
        data, _ = audioop.ratecv(data, 2, 1, rate, RATE, None)
    return data


_decoder = None


def transcribe(path: Path) -> str:
    """Words pocketsphinx hears in a WAV file ('' if none)."""
    global _decoder
    from pocketsphinx import Decoder  # the wheel ships the en-US model: no download
    if _decoder is None:
        _decoder = Decoder(samprate=RATE, loglevel="FATAL")
    _decoder.start_utt()
    _decoder.process_raw(read_pcm(path), full_utt=True)
    _decoder.end_utt()
    hyp = _decoder.hyp()
    return hyp.hypstr.strip() if hyp else ""


def tts_command() -> List[str]:
    if shutil.which("flite"):
        return ["flite", "-voice", "slt"]
    if shutil.which("espeak-ng"):
        return ["espeak-ng"]
    raise SystemExit("no speech synthesiser: apt-get install -y flite")


def speak(text: str, out: Path) -> Path:
    """Synthesise text into a WAV file with flite (slt voice) or espeak-ng."""
    cmd = tts_command()
    if cmd[0] == "flite":
        cmd += ["-t", text, "-o", str(out)]
    else:
        cmd += ["-w", str(out), text]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return out


def play(path: Path) -> None:
    for player in (["aplay", "-q"], ["paplay"], ["ffplay", "-nodisp", "-autoexit", "-loglevel", "quiet"]):
        if shutil.which(player[0]):
            subprocess.run(player + [str(path)], check=False)
            return
    print(f"(no audio player found; the reply is in {path})")


def record(out: Path) -> Path:
    """Push to talk with arecord: Enter starts, Enter stops."""
    if not shutil.which("arecord"):
        raise SystemExit("no arecord (apt-get install -y alsa-utils), or pass --wav FILE")
    input("Press Enter and speak; press Enter again when done. ")
    proc = subprocess.Popen(["arecord", "-q", "-f", "S16_LE", "-r", str(RATE), "-c", "1",
                             "-t", "wav", str(out)])
    try:
        input("Recording... ")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return out


def ask(url: str, sender: str, text: str, timeout: float = 60) -> List[str]:
    """POST the text to Rasa's REST webhook as the local voice channel; reply texts back."""
    body = json.dumps({"sender": sender, "message": text,
                       "input_channel": VOICE_CHANNEL}).encode()
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        replies = json.loads(response.read() or b"[]")
    return [r["text"] for r in replies if r.get("text")]


def turn(wav: Path, url: str, sender: str, out: Path, do_play: bool) -> Optional[str]:
    heard = transcribe(wav)
    print(f"you:       {heard or '(nothing heard)'}")
    if not heard:
        return None
    reply = " ".join(ask(url, sender, heard)) or "Sorry, I have no answer for that."
    print(f"assistant: {reply}")
    speak(reply, out)
    if do_play:
        play(out)
    return reply


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL, help="Rasa REST webhook")
    parser.add_argument("--wav", type=Path, help="transcribe this WAV once instead of the microphone")
    parser.add_argument("--out", type=Path, help="where to write the spoken reply (WAV)")
    parser.add_argument("--sender", default=f"voice-{uuid.uuid4().hex[:8]}")
    parser.add_argument("--no-play", action="store_true", help="write the reply WAV, don't play it")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="voice-loop-"))
    out = args.out or tmp / "reply.wav"
    if args.wav:
        return 0 if turn(args.wav, args.url, args.sender, out, not args.no_play) else 1
    try:
        while True:
            turn(record(tmp / "said.wav"), args.url, args.sender, out, not args.no_play)
    except (KeyboardInterrupt, EOFError):
        print()
        return 0


if __name__ == "__main__":
    sys.exit(main())
