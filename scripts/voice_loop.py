#!/usr/bin/env python3
"""Talk to the assistant offline: microphone (or a WAV) -> pocketsphinx -> REST -> flite.

Push to talk: press Enter to start recording (arecord), Enter again to stop. The words are
transcribed by pocketsphinx with the mediation language model and dictionary in voice/ (built
from the training data by scripts/build_voice_lm.py; pocketsphinx's bundled en-US language
model if they are missing, or with --bundled-lm), POSTed to the assistant's REST webhook
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
import os
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
VOICE_DIR = Path(__file__).resolve().parent.parent / "voice"
DOMAIN_LM = VOICE_DIR / "mediation.lm.bin"
DOMAIN_DICT = VOICE_DIR / "mediation.dict"
DOMAIN_META = VOICE_DIR / "mediation.json"  # decoder settings tuned with the model
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


def domain_lm_available() -> bool:
    return DOMAIN_LM.is_file() and DOMAIN_DICT.is_file()


def decoder_options(domain: Optional[bool] = None) -> dict:
    """pocketsphinx options: the mediation LM and dictionary (with the decoder weights tuned
    for them) when domain is True, or None and they exist (unless VOICE_LM=bundled); else the
    bundled en-US model. VOICE_WARP=1.4 (say) warps the frequency axis for a high voice:
    speaker adaptation, off by default because it hurts lower voices."""
    if domain is None:
        domain = domain_lm_available() and os.environ.get("VOICE_LM") != "bundled"
    options = {"samprate": RATE, "loglevel": "FATAL"}
    if os.environ.get("VOICE_WARP"):
        options.update(warp_type="inverse_linear", warp_params=os.environ["VOICE_WARP"])
    if domain:
        if not domain_lm_available():
            raise FileNotFoundError(f"no {DOMAIN_LM} / {DOMAIN_DICT}: run scripts/build_voice_lm.py")
        options.update(lm=str(DOMAIN_LM), dict=str(DOMAIN_DICT))
        if DOMAIN_META.is_file():
            options.update(json.loads(DOMAIN_META.read_text(encoding="utf-8")).get("decoder", {}))
    return options


def new_decoder(domain: Optional[bool] = None):
    from pocketsphinx import Decoder  # the wheel ships the en-US model: no download
    return Decoder(**decoder_options(domain))


def decode_pcm(decoder, pcm: bytes) -> str:
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    hyp = decoder.hyp()
    return hyp.hypstr.strip() if hyp else ""


_decoders: dict = {}


def transcribe(path: Path, domain: Optional[bool] = None) -> str:
    """Words pocketsphinx hears in a WAV file ('' if none), with the mediation language model
    when it has been built (domain=None), or as domain=True/False says."""
    key = "domain" if decoder_options(domain).get("lm") else "bundled"
    if key not in _decoders:
        _decoders[key] = new_decoder(key == "domain")
    return decode_pcm(_decoders[key], read_pcm(path))


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


def turn(wav: Path, url: str, sender: str, out: Path, do_play: bool,
         domain: Optional[bool] = None) -> Optional[str]:
    heard = transcribe(wav, domain)
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
    parser.add_argument("--bundled-lm", action="store_true",
                        help="use pocketsphinx's bundled en-US language model, not voice/mediation.lm.bin")
    args = parser.parse_args(argv)
    domain = False if args.bundled_lm else None
    tmp = Path(tempfile.mkdtemp(prefix="voice-loop-"))
    out = args.out or tmp / "reply.wav"
    if args.wav:
        return 0 if turn(args.wav, args.url, args.sender, out, not args.no_play, domain) else 1
    try:
        while True:
            turn(record(tmp / "said.wav"), args.url, args.sender, out, not args.no_play, domain)
    except (KeyboardInterrupt, EOFError):
        print()
        return 0


if __name__ == "__main__":
    sys.exit(main())
