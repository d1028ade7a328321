"""`make eval-dialogue`: mediators' conversations, written blind to the code, against the served
model and the real action server; the share of turns handled right, per act.

The conversations (corpus/dialogues/writer_*/) label each mediator turn with what it does
(`act`) and, for descriptions, the cause a careful mediator would read (`cause`). Writers 1, 3
and 4 are the development part (writer 4 arrived later: `--writers 4` shows it alone), writer 2
the test part (never tuned on). Each conversation is replayed
over REST with a fresh sender; after each turn the reply, and the conversation's slots (read
through the HTTP API with a token, as an operator could), are judged by what the act needs:

- describe / add / answer: a reading (a strategy, one question, or safety) and never a note,
  a cause menu for a question, "tell me about the impasse first"; with a `cause` label, a
  strategy must be for that cause (or a question must offer it);
- correct: the correction is acknowledged and, with a label, the cause is now that one;
- record_*: stored as that kind; amend_note / remove_note: one line saying what changed;
- ask_notes: an answer from the notes, nothing stored; feedback: the outcome recorded;
- another_idea / why_this / caucus_questions / new_case / new_situation / export: their reply;
- practice_question: answered from the practice notes, or plainly not in them; no cause read;
- vent: a word for the mediator first; about_assistant: an answer about the assistant;
- small_talk: a short friendly reply and nothing else; safety: the protocol or one screening question.

The judge is strict where the act is clear and only rules out wrong kinds of reply where it is
open (an "add" can be many things): the figures are what a mediator would at least expect.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import urllib.parse
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.servers import Servers, exchange  # noqa: E402

DIALOGUES = ROOT / "corpus" / "dialogues"
PARTS = {"1": "dev", "2": "test", "3": "dev", "4": "dev", "5": "dev", "6": "dev", "7": "dev"}
TOKEN = uuid.uuid4().hex + uuid.uuid4().hex  # serve.sh asks for at least 32 characters

NOTE_WORDS = {"record_agreement": "Noted as a gain", "record_parked": "Noted as a parked issue",
              "record_homework": "Noted as homework", "record_experiment": "Written down as a short-term experiment"}
WRONG_FOR_A_DESCRIPTION = ("Noted as", "Written down as", "Tell me about the impasse first", "That's outside",
                           "That's a practice question", "Taken out of", "Changed:")


# Writer 4's brief named three causes in plain words; they are the same causes as the intents.
CAUSE_NAMES = {"impasse_spite": "impasse_vindictive", "impasse_stalling": "impasse_foot_dragging",
               "impasse_tug_of_war": "impasse_positional"}


def load() -> List[dict]:
    conversations = []
    for path in sorted(DIALOGUES.glob("writer_*/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        part = PARTS.get(str(data.get("writer")), "test")
        for conversation in data.get("conversations") or []:
            turns = [{**t, "cause": CAUSE_NAMES.get(t.get("cause"), t.get("cause"))} if t.get("cause") else t
                     for t in conversation.get("turns") or []]
            conversations.append({**conversation, "turns": turns, "part": part})
    return conversations


def text_of(replies: List[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def payloads(replies: List[dict]) -> List[str]:
    return [b.get("payload", "") for r in replies for b in r.get("buttons") or []]


def slots(servers: Servers, sender: str) -> Dict:
    status, body = exchange(servers.base, "GET",
                            f"/conversations/{urllib.parse.quote(sender)}/tracker?token={TOKEN}")
    if status != 200:
        return {}
    return json.loads(body).get("slots") or {}


def judge(turn: dict, replies: List[dict], state: Dict) -> Tuple[bool, str]:
    """(handled right, why not)."""
    act, said = turn.get("act"), text_of(replies)
    cause = turn.get("cause")
    if not said.strip():
        return False, "silence"
    strategy = "Try this:" in said
    question = any(p.startswith("/impasse_") for p in payloads(replies)) or "?" in said.split("\n")[-1]
    safety = "Safety first" in said or "one quick check" in said or "Safety still comes first" in said
    if act in ("describe", "add", "answer"):
        if any(w in said for w in WRONG_FOR_A_DESCRIPTION):
            return False, "not read as a description"
        if cause == "safety_concern":
            return safety, "no safety response"
        if safety and cause:
            return False, "safety protocol for an impasse"
        if not (strategy or question or safety or act == "add"):
            return False, "neither a reading nor a question"
        if cause and strategy and state.get("current_cause") not in (cause, None):
            return False, f"read {state.get('current_cause')}, not {cause}"
        if cause and not strategy and question and act != "add":
            offered = [p for p in payloads(replies) if p.startswith("/impasse_")]
            pending = (state.get("situation") or {}).get("pending_causes") or []
            if (offered or pending) and cause not in offered and cause not in pending:
                return False, f"asked without {cause}"
        return True, ""
    if act == "correct":
        if not (said.startswith("Got it") or said.startswith("All right")):
            return False, "correction not taken"
        if cause and cause != "safety_concern" and strategy and state.get("current_cause") != cause:
            return False, f"corrected to {state.get('current_cause')}, not {cause}"
        return True, ""
    if act in NOTE_WORDS:
        ok = NOTE_WORDS[act] in said or (act == "record_agreement" and "Noted as" in said)
        return ok, "" if ok else "not stored as that kind"
    if act == "amend_note":
        return said.startswith("Changed:") or "Which note should I change" in said, "not changed"
    if act == "remove_note":
        return said.startswith("Taken out of") or "Which one should I take back" in said, "not taken back"
    if act == "ask_notes":
        wrong = any(w in said for w in ("Noted as", "Written down as", "Try this:"))
        return not wrong, "stored or read as an impasse"
    if act in ("feedback_worked", "feedback_failed"):
        ok = "I've noted that" in said or "haven't suggested anything" in said
        return ok, "" if ok else "feedback not taken"
    if act == "another_idea":
        return strategy or safety, "no other idea"
    if act == "why_this":
        # (a strategy the mediator named, not the one last suggested: "“Turn to the future” can help here: ...")
        return (said.startswith(("I read it as", "A safety concern stands")) or
                bool(re.match(r"^\u201c[^\u201d]+\u201d can help here:", said))), "no reason given"
    if act == "caucus_questions":
        return "Questions to ask in caucus" in said or "In private" in said, "no caucus questions"
    if act == "new_case":
        return "New case started" in said, "no new case"
    if act == "new_situation":
        return "new situation" in said.lower(), "no new situation"
    if act == "export":
        return "# Case notes" in said, "no export"
    if act == "practice_question":
        # An answer from the practice notes, or plainly "not in my notes" (never a cause read).
        ok = ("practice notes" in said or "practice question" in said) and not strategy
        return ok, "" if ok else "not answered as a question"
    if act == "vent":
        ok = said.startswith(("That's a long, hard stretch", "That sounds like a grind", "That was hard to handle"))
        return ok, "" if ok else "no word for the mediator"
    if act == "about_assistant":
        ok = any(w in said for w in ("conversation", "stored", "parties can't see", "REDACT_NAMES",
                                     "I'm an assistant", "forget this case"))
        return ok and not strategy, "" if ok else "not an answer about the assistant"
    if act == "small_talk":
        ok = not strategy and not question and len(said) < 300 and "Noted as" not in said
        return ok, "" if ok else "more than small talk"
    if act == "safety":
        # The protocol, one screening question, a separate-room option, and what the safety states
        # say: safe for now (shuttle only), a joint session refused, screened with no concern.
        ok = safety or any(w in said for w in ("screened, no safety concern", "Good that everyone is safe",
                                               "No, I wouldn't bring them together", "I can only work in English, but"))
        return ok, "" if ok else "no safety response"
    return True, ""


def run(part: str, verbose: bool, writers: Tuple[str, ...] = ()) -> Dict[str, Tuple[int, int]]:
    conversations = [c for c in load() if part in ("both", c["part"])
                     and (not writers or str(c["id"]).split("-")[0].lstrip("w") in writers)]
    workdir = Path(tempfile.mkdtemp(prefix="eval-dialogue-"))
    servers = Servers(workdir, 6105, 6155, what="assistant", serve_sh=True,
                      env={"RASA_API_TOKEN": TOKEN}).start()
    results: Dict[str, Dict[str, List[bool]]] = defaultdict(lambda: defaultdict(list))
    reasons: Dict[Tuple[str, str], Counter] = defaultdict(Counter)
    try:
        for conversation in conversations:
            sender = f"eval-{conversation['id']}-{uuid.uuid4().hex[:6]}"
            for turn in conversation.get("turns") or []:
                replies = servers.say(sender, str(turn.get("text") or ""))
                ok, why = judge(turn, replies, slots(servers, sender))
                results[conversation["part"]][turn.get("act", "?")].append(ok)
                if not ok:
                    reasons[(conversation["part"], turn.get("act", "?"))][why] += 1
                    if verbose and conversation["part"] == "dev":
                        print(f"  WRONG {conversation['id']} [{turn.get('act')}] {why}: {turn.get('text')!r}\n"
                              f"        -> {text_of(replies)[:160]!r}")
    finally:
        servers.stop()
    for name in sorted(results):
        by_act = results[name]
        total = sum(len(v) for v in by_act.values())
        right = sum(sum(v) for v in by_act.values())
        print(f"\n=== {name} part: {right}/{total} turns handled right ({right / max(total, 1):.1%}) ===")
        for act in sorted(by_act, key=lambda a: -len(by_act[a])):
            v = by_act[act]
            print(f"  {act:18} {sum(v):4}/{len(v):<4} {sum(v) / len(v):6.1%}   "
                  + "; ".join(f"{w} x{n}" for w, n in reasons[(name, act)].most_common(2)))
    return {name: (sum(sum(v) for v in r.values()), sum(len(v) for v in r.values())) for name, r in results.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--verbose", action="store_true", help="list the wrong turns (development part only)")
    parser.add_argument("--writers", help="only these writers' conversations, e.g. 4 or 1,3")
    args = parser.parse_args(argv)
    parser_writers = tuple(w.strip() for w in (args.writers or "").split(",") if w.strip())
    run(args.part, args.verbose, parser_writers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
