"""Choose how the learned safety reader joins the rules, on the development part only.

Five folds over the development part of the safety set (real situations grouped by website,
messages in blocks of one writer's consecutive messages). In each fold the reader
(nlu_components/safety_reader.py's models: TF-IDF + MiniLM, logistic regression) is trained on
the training data in data/nlu and the other folds, and reads the held-out fold. Then, for a
grid of settings, the same figures as `make eval-safety`:

- SCREEN: the learned concern probability at which a message the rules say nothing about gets
  one screening question;
- CONFIRM: below this learned probability, a rule's "clear" signal asks the screening question
  instead of giving the protocol at once (the rules alone over-fire on some wordings).

With --dialogues, the development conversations' turns with no concern
(safety_reader.dialogue_examples) join the training folds (grouped by conversation), and the
screening questions and protocols on their held-out turns are printed too; without it they are
only read, never trained on, so the two runs compare the reader with and without them.

The test part is never read. Usage: .venv/bin/python scripts/tune_safety.py [--dialogues]
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from actions.safety.signals import read  # noqa: E402
from nlu_components.linear_intent import build_pipeline  # noqa: E402
from scripts.safety_set import Item, load  # noqa: E402

FOLDS = 5


def nlu_examples():
    from rasa.shared.nlu.training_data.loading import load_data
    data = load_data(str(ROOT / "data" / "nlu"))
    out = []
    for m in data.intent_examples:
        real = bool(((m.get("metadata") or {}).get("intent") or {}).get("real_case"))
        out.append((m.get("text"), m.get("intent") == "safety_concern", 3.0 if real else 1.0))
    return out


def fold_of(item: Item) -> int:
    import hashlib
    key = item.source if item.real else f"{item.source}-{int(item.id.split('-')[-1]) // 40}"
    return int(hashlib.sha1(key.encode()).hexdigest()[:6], 16) % FOLDS


def dialogue_fold(turn: tuple) -> int:
    import hashlib
    return int(hashlib.sha1(turn[1].encode()).hexdigest()[:6], 16) % FOLDS


def talk_figures(dialogues, learned, screen: float):
    """Protocols and screening questions on the held-out conversation turns with no concern."""
    alarm = asked = 0
    for text, conversation, _ in dialogues:
        signal = read(text)
        p = learned[("talk", text, conversation)][0]
        alarm += signal.level == "clear"
        asked += signal.level == "ambiguous" or (signal.level == "none" and not signal.cleared
                                                 and not signal.foreign and p >= screen)
    return alarm / len(dialogues), asked / len(dialogues)


def cross_validated(items: List[Item], dialogues: List[tuple], train_dialogues: bool) -> Dict[str, tuple]:
    base = nlu_examples()
    # The real-case corpus's development situations are in data/nlu already (exported); drop
    # them there so a held-out fold is really held out.
    held_texts = {i.text for i in items}
    base = [b for b in base if b[0] not in held_texts]
    out = {}
    for k in range(FOLDS):
        train = [i for i in items if fold_of(i) != k]
        test = [i for i in items if fold_of(i) == k]
        talk = [d for d in dialogues if train_dialogues and dialogue_fold(d) != k]
        texts = [b[0] for b in base] + [i.text for i in train] + [d[0] for d in talk]
        labels = [b[1] for b in base] + [i.concern for i in train] + [False] * len(talk)
        weights = [b[2] for b in base] + [3.0] * len(train) + [d[2] for d in talk]
        concern = build_pipeline(10.0, 42, 0.75, "chunks")
        concern.fit(texts, labels, logisticregression__sample_weight=weights)
        risky = [i for i in train if i.concern and i.risk]
        risk = build_pipeline(10.0, 42, 0.75, "chunks")
        risk.fit([i.text for i in risky], [i.risk for i in risky])
        yes = list(concern.classes_).index(True)
        p = concern.predict_proba([i.text for i in test])[:, yes]
        r = risk.predict(np.array([i.text for i in test], dtype=object))
        for item, pi, ri in zip(test, p, r):
            out[item.id] = (float(pi), str(ri))
        held = [d for d in dialogues if dialogue_fold(d) == k]
        if held:
            for d, pi in zip(held, concern.predict_proba([d[0] for d in held])[:, yes]):
                out[("talk", d[0], d[1])] = (float(pi), "")
        print(f"fold {k}: {len(test)} held out", flush=True)
    return out


def figures(items, learned, screen: float, confirm: float, learned_type: bool = True):
    found = at_once = right = total = 0
    alarm_real = alarm_msg = asked_real = asked_msg = n_real = n_msg = 0
    for item in items:
        if item.kind == "hint":
            continue
        signal = read(item.text)
        p, risk = learned[item.id]
        level, kind = signal.level, signal.risk
        if level == "clear" and p < confirm and kind != "suicide_self_harm":
            level = "ambiguous"
        if level == "none" and not signal.cleared and not signal.foreign and p >= screen:
            level, kind = "ambiguous", risk
        elif learned_type and level == "ambiguous" and signal.screen not in ("self_harm",) and kind != "child_at_risk":
            kind = risk
        if item.concern:
            total += 1
            hit = level != "none" or signal.foreign
            found += hit
            at_once += level == "clear"
            right += hit and (kind == item.risk or (signal.foreign and level == "none"))
        elif item.real:
            n_real += 1
            alarm_real += level == "clear"
            asked_real += level == "ambiguous"
        else:
            n_msg += 1
            alarm_msg += level == "clear" or signal.foreign
            asked_msg += level == "ambiguous"
    return (found / total, at_once / total, right / max(found, 1), alarm_real / n_real, alarm_msg / n_msg,
            asked_real / n_real, asked_msg / n_msg)


def main() -> int:
    from nlu_components.safety_reader import dialogue_examples
    items = [i for i in load() if i.part == "dev"]
    dialogues = dialogue_examples(ROOT)
    learned = cross_validated(items, dialogues, "--dialogues" in sys.argv)
    print(f"\n{'screen':>6} {'confirm':>7} {'recall':>7} {'at once':>7} {'type':>6} {'FA real':>7} "
          f"{'FA msg':>6} {'ask real':>8} {'ask msg':>7}")
    for screen in (0.2, 0.25, 0.3, 0.4, 0.5, 1.01):
        for confirm in (0.0, 0.1, 0.2, 0.3):
            f = figures(items, learned, screen, confirm)
            print(f"{screen:6.2f} {confirm:7.2f} " + " ".join(f"{x:7.3f}" for x in f))
        alarm, asked = talk_figures(dialogues, learned, screen)
        print(f"{screen:6.2f}  conversation turns with no concern ({len(dialogues)}): protocol {alarm:.3f}, "
              f"screening question {asked:.3f}")
    f = figures(items, learned, 0.3, 0.1, learned_type=False)
    print("0.30 / 0.10 with the rules' own risk type for their ambiguous signals: " + " ".join(f"{x:.3f}" for x in f))
    return 0


if __name__ == "__main__":
    sys.exit(main())
