#!/usr/bin/env python3
"""Build the mediation language model and dictionary for the offline voice loop.

pocketsphinx's bundled en-US model expects general English; mediators describe impasses
("he won't sign without an escrow", "the caucus", "the parenting plan"). This script builds
a trigram language model that expects those words, mixed with pocketsphinx's own general
English model so that ordinary words still work:

    P(w | h) = lambda * P_domain(w | h) + (1 - lambda) * P_general(w | h)

* P_domain is an interpolated modified Kneser-Ney trigram model estimated from the project's
  TRAINING text only: every example in data/nlu/*.yml (the [text](entity) markup stripped)
  and the sentences of actions/playbook.yml. The held-out descriptions in tests/nlu/ are
  never read.
* P_general is pocketsphinx's bundled en-us.lm.bin, queried through pocketsphinx's own
  NGramModel API (its ARPA writer crashes on that file, so it is probed, never dumped). The
  mixed model keeps the domain's n-grams, the general model's 20,000 most frequent words,
  and the 300,000 general bigrams that add the most after its 1,000 most frequent words. It
  is written in ARPA backoff form, backoff weights recomputed so that every history's
  probabilities sum to one, then converted to pocketsphinx's binary format (about 4 MB).
* The dictionary holds the model's words with the bundled cmudict-en-us pronunciations.
  Training words cmudict lacks get one derived from a known word (possessives, plurals,
  contractions, British spellings of American entries) or else flite's letter-to-sound rules
  (flite is the Debian speech synthesiser the voice loop already uses).
* mediation.json records the settings, the decoder weights that go with the model, and every
  derived pronunciation.

Everything is offline and deterministic: the same inputs give byte-identical files. The
mixing weight and decoder settings were chosen with --tune: DEV_SIZE spoken training
sentences (impasse and safety examples picked by a hash of their text) are left out of the
LM, spoken by flite and decoded, and the word error rate compared.

    .venv/bin/python scripts/build_voice_lm.py            # -> voice/mediation.lm.bin, .dict, .json
    .venv/bin/python scripts/build_voice_lm.py --arpa     # also keep voice/mediation.arpa
    .venv/bin/python scripts/build_voice_lm.py --tune     # dev-set WER for a grid of settings
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from spoken_text import edit_distance, normalize, strip_markup  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VOICE_DIR = ROOT / "voice"
LM_NAME = "mediation.lm.bin"
DICT_NAME = "mediation.dict"
META_NAME = "mediation.json"

# Chosen with --tune on spoken TRAINING sentences held out from the LM, never on tests/nlu.
# Dev-set WER (200 sentences, 4006 words; bundled model 0.203), lw 6.5 / 7.5, wip 0.65:
# lambda 0.7: 0.144 / 0.150; 0.8: 0.144 / 0.150; 0.9: 0.144 / 0.155 (wip 0.3: within 0.002).
# The general bigrams took it from 0.152 to 0.145; 10,000 general words instead of 20,000:
# 0.148; 30,000: 0.145 and slower.
DOMAIN_WEIGHT = 0.8       # lambda: weight of the domain model in the mixture
GENERAL_WORDS = 20000     # the general model's most frequent words kept in the vocabulary
GENERAL_HISTORIES = 1000  # general bigrams searched after this many most frequent words
GENERAL_BIGRAMS = 300000  # and this many of them kept, the most informative first
# pocketsphinx decoder settings that go with this model (voice_loop reads them from
# mediation.json): pocketsphinx's own defaults did best
DECODER = {"lw": 6.5, "fwdflatlw": 8.5, "bestpathlw": 9.5, "wip": 0.65}
DEV_SIZE = 200            # --tune: spoken training sentences held out from the LM

S, E = "<s>", "</s>"
Model = Dict[int, Dict[Tuple[str, ...], Tuple[float, float]]]  # order -> n-gram -> (log10 p, log10 bo)
LOG10_BASE = math.log10(1.0001)  # pocketsphinx's LogMath base

# ---------------------------------------------------------------------------------------
# Text: training examples and playbook sentences -> word sequences as a recogniser says them
# ---------------------------------------------------------------------------------------

def training_examples(root: Path = ROOT) -> List[Tuple[str, str]]:
    """(intent, example text) for every NLU training example, in file order."""
    import yaml

    out = []
    for path in sorted((root / "data" / "nlu").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu") or []:
            if "intent" not in item or not item.get("examples"):
                continue
            for line in str(item["examples"]).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    out.append((str(item["intent"]), strip_markup(line[2:].strip())))
    return out


def _strings(node) -> Iterable[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key in node:
            yield from _strings(node[key])
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def playbook_sentences(root: Path = ROOT) -> List[str]:
    """Every sentence of actions/playbook.yml, placeholders read as the assistant reads them."""
    import yaml

    data = yaml.safe_load((root / "actions" / "playbook.yml").read_text(encoding="utf-8"))
    out = []
    for text in _strings(data):
        if " " not in text.strip():
            continue  # identifiers such as 'caucus', 'joint'
        text = text.replace("{party}", "one side").replace("{issue}", "this issue")
        out.extend(s for s in re.split(r"(?<=[.!?:;])\s+", text) if s.strip())
    return out


def corpus(root: Path = ROOT, exclude: Sequence[str] = ()) -> List[List[str]]:
    """The LM's training sentences as word lists; `exclude` drops examples (for tuning)."""
    skip = set(exclude)
    texts = [t for _, t in training_examples(root) if t not in skip] + playbook_sentences(root)
    return [w for w in (normalize(t) for t in texts) if w]


# ---------------------------------------------------------------------------------------
# Pronunciations
# ---------------------------------------------------------------------------------------

# British spellings (the training text's) tried as their American forms for a pronunciation.
SPELLINGS = [("ise", "ize"), ("ised", "ized"), ("ises", "izes"), ("ising", "izing"),
             ("isation", "ization"), ("isations", "izations"), ("our", "or"), ("ours", "ors"),
             ("oured", "ored"), ("ouring", "oring"), ("lled", "led"), ("lling", "ling"),
             ("ller", "ler"), ("llor", "lor"), ("tre", "ter"), ("tres", "ters"), ("ence", "ense"),
             ("ogue", "og"), ("ellery", "elry"), ("lment", "llment"), ("lments", "llments"),
             ("mme", "m"), ("yse", "yze"), ("ae", "e"), ("ough", "ow")]

# flite's letter-to-sound phones -> the CMU phone set of cmudict-en-us and the acoustic model
FLITE_PHONES = {"ax": "AH", "axr": "ER", "ix": "IH", "el": "AH L", "em": "AH M", "en": "AH N",
                "nx": "N", "dx": "T"}
VOICELESS = {"P", "T", "K", "F", "TH"}
SIBILANT = {"S", "Z", "SH", "ZH", "CH", "JH"}


def _suffix_s(phones: str) -> str:
    """+s/'s: 'IH Z' after a sibilant, 'S' after a voiceless sound, else 'Z'."""
    last = phones.split()[-1]
    return phones + (" IH Z" if last in SIBILANT else " S" if last in VOICELESS else " Z")


def flite_pronunciation(word: str) -> Optional[str]:
    """flite's letter-to-sound rules for a word (the synthesiser the tests speak with)."""
    import subprocess

    if not shutil.which("flite"):
        return None
    out = subprocess.run(["flite", "-t", word, "-ps", "-o", "none"], capture_output=True,
                         text=True, check=False).stdout
    phones = [FLITE_PHONES.get(p, p.upper()) for p in out.split() if p != "pau"]
    return " ".join(phones) or None


def junk(word: str) -> bool:
    """Keyboard mashes and stretched words ('asdfghjkl', 'hmmmmmm'): not worth a pronunciation."""
    return (re.search(r"[^aeiouy']{6,}", word) is not None or re.search(r"(.)\1\1", word) is not None
            or (len(word) >= 5 and not re.search(r"[aeiouy]", word)))


def derive_pronunciations(words: Iterable[str], prons: Dict[str, List[str]],
                          use_flite: bool = True) -> Dict[str, List[str]]:
    """Pronunciations for words cmudict lacks: possessives and plurals of known words,
    British spellings of American entries, else flite's letter-to-sound rules."""
    def known(word: str, depth: int = 0) -> Optional[List[str]]:
        if word in prons:
            return prons[word]
        if depth > 1:
            return None
        for clitic, phones in (("'ll", " AH L"), ("'d", " D"), ("'ve", " V"), ("'re", " ER")):
            if word.endswith(clitic):
                base = known(word[: -len(clitic)], depth + 1)
                if base:
                    return [base[0] + phones]
        if word.endswith("'s") or word.endswith("s'"):
            base = known(word[:-2] if word.endswith("'s") else word[:-1], depth + 1)
            if base:
                return [base[0] if word.endswith("s'") else _suffix_s(base[0])]
        for cut, add in (("s", ""), ("es", ""), ("ies", "y")):
            if word.endswith(cut) and len(word) > len(cut) + 2:
                base = known(word[: -len(cut)] + add, depth + 1)
                if base:
                    return [_suffix_s(base[0])]
        for brit, us in SPELLINGS:
            if brit in word:
                for i in [m.start() for m in re.finditer(re.escape(brit), word)]:
                    alt = known(word[:i] + us + word[i + len(brit):], depth + 1)
                    if alt:
                        return alt
        return None

    out: Dict[str, List[str]] = {}
    for word in sorted(set(words)):
        if junk(word):
            continue
        found = known(word)
        if not found and use_flite:
            phones = flite_pronunciation(word.replace("'", ""))
            found = [phones] if phones else None
        if found:
            out[word] = found
    return out


def model_dir() -> Path:
    import pocketsphinx

    return Path(pocketsphinx.get_model_path()) / "en-us"


def read_dict(path: Path) -> Dict[str, List[str]]:
    """word -> pronunciations in file order (alternatives are written 'word(2)')."""
    prons: Dict[str, List[str]] = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            word = re.sub(r"\(\d+\)$", "", parts[0])
            prons[word].append(" ".join(parts[1:]))
    return prons


# ---------------------------------------------------------------------------------------
# Language models
# ---------------------------------------------------------------------------------------

class GeneralLM:
    """pocketsphinx's bundled en-us.lm.bin, queried as probabilities (not logs)."""

    def __init__(self, path: Optional[Path] = None):
        from pocketsphinx import Config, LogMath, NGramModel

        self.lmath = LogMath()
        self.model = NGramModel(Config(), self.lmath, str(path or model_dir() / "en-us.lm.bin"))
        self.zero = -100000000  # anything below this is the model's 'unknown word'

    def logp(self, word: str, *history: str) -> Optional[float]:
        """log10 P(word | history) (history oldest first), None for a word it does not know."""
        score = self.model.prob([word, *reversed(history)])
        if score < self.zero:
            return None
        return score * LOG10_BASE

    def p(self, word: str, *history: str) -> float:
        lp = self.logp(word, *history)
        return 0.0 if lp is None else 10.0 ** lp


class KneserNey:
    """Interpolated modified Kneser-Ney trigram model (three discounts per order)."""

    def __init__(self, sentences: Sequence[Sequence[str]]):
        c3: Dict[Tuple[str, str, str], int] = defaultdict(int)
        for words in sentences:
            seq = [S, S] + list(words) + [E]
            for i in range(2, len(seq)):
                c3[(seq[i - 2], seq[i - 1], seq[i])] += 1
        # trigram level: raw counts; lower levels: continuation counts (distinct left words),
        # except n-grams that start a sentence, which have no left context (raw counts).
        c2: Dict[Tuple[str, str], int] = defaultdict(int)
        for (u, v, w), n in c3.items():
            if u == S and v == S:
                c2[(S, w)] += n
            else:
                c2[(v, w)] += 1
        # the bigrams <s> w are counted raw; the trigram <s> <s> w is the same event
        self.c3 = {k: v for k, v in c3.items() if not (k[0] == S and k[1] == S)}
        self.c2 = dict(c2)
        c1: Dict[str, int] = defaultdict(int)
        for (v, w) in self.c2:
            c1[w] += 1
        self.c1 = dict(c1)
        self.vocab = sorted(set(self.c1) | {S})
        self.d3 = self._discounts(self.c3.values())
        self.d2 = self._discounts(self.c2.values())
        # per history: total count and the backoff mass the discounts free
        self.h3: Dict[Tuple[str, str], List[float]] = defaultdict(lambda: [0, 0.0])
        for (u, v, w), n in self.c3.items():
            self.h3[(u, v)][0] += n
            self.h3[(u, v)][1] += self.d3[min(n, 3)]
        self.h2: Dict[str, List[float]] = defaultdict(lambda: [0, 0.0])
        for (v, w), n in self.c2.items():
            self.h2[v][0] += n
            self.h2[v][1] += self.d2[min(n, 3)]
        total = sum(self.c1.values())
        self.p1 = {w: n / total for w, n in self.c1.items()}

    @staticmethod
    def _discounts(counts: Iterable[int]) -> List[float]:
        """Modified Kneser-Ney discounts [0, D1, D2, D3+] from the counts of counts."""
        n = [0, 0, 0, 0, 0]
        for c in counts:
            if c <= 4:
                n[c] += 1
        if not all(n[1:]):
            return [0.0, 0.5, 1.0, 1.5]
        y = n[1] / (n[1] + 2 * n[2])
        d = [0.0, 1 - 2 * y * n[2] / n[1], 2 - 3 * y * n[3] / n[2], 3 - 4 * y * n[4] / n[3]]
        return [0.0] + [min(max(x, 0.05), i) for i, x in enumerate(d[1:], 1)]

    def p_uni(self, w: str) -> float:
        return self.p1.get(w, 0.0)

    def p_bi(self, v: str, w: str) -> float:
        h = self.h2.get(v)
        if not h:
            return self.p_uni(w)
        c = self.c2.get((v, w), 0)
        return (max(c - self.d2[min(c, 3)], 0.0) + h[1] * self.p_uni(w)) / h[0]

    def p_tri(self, u: str, v: str, w: str) -> float:
        h = self.h3.get((u, v))
        if not h:
            return self.p_bi(v, w)
        c = self.c3.get((u, v, w), 0)
        return (max(c - self.d3[min(c, 3)], 0.0) + h[1] * self.p_bi(v, w)) / h[0]

    def p(self, w: str, *history: str) -> float:
        if len(history) >= 2:
            u, v = history[-2], history[-1]
            if u == S and v == S:
                return self.p_bi(S, w)
            return self.p_tri(u, v, w)
        if len(history) == 1:
            return self.p_bi(history[0], w)
        return self.p_uni(w)


def general_vocabulary(general: GeneralLM, prons: Dict[str, List[str]], size: int) -> List[str]:
    """The general model's `size` most probable plain words that cmudict can pronounce."""
    scored = []
    for word in prons:
        if not re.fullmatch(r"[a-z][a-z']*", word):
            continue
        lp = general.logp(word)
        if lp is not None:
            scored.append((-lp, word))
    scored.sort()
    return [w for _, w in scored[:size]]


def general_bigrams(general: GeneralLM, histories: Sequence[str], vocab: Sequence[str],
                    keep: int) -> List[Tuple[str, str]]:
    """The `keep` general bigrams after `histories` that matter most to the general model.

    The bundled model cannot be dumped, so each history is probed against the whole
    vocabulary: a word the model has no bigram for scores exactly backoff(v) + log P(w), the
    most common difference, so bigrams scoring above it are the model's own. They are ranked
    by how much probability mass they add, P(v) P(w|v) log(P(w|v) / (backoff(v) P(w)))."""
    words = list(vocab) + [E]
    prob = general.model.prob
    uni = [prob([w]) for w in words]
    scored = []
    for v in histories:
        pv = general.p(v)
        diffs = [prob([w, v]) - u for w, u in zip(words, uni)]
        counts: Dict[int, int] = defaultdict(int)
        for d in diffs:
            counts[d] += 1
        backoff = max(counts.items(), key=lambda kv: (kv[1], -kv[0]))[0]
        for w, u, d in zip(words, uni, diffs):
            if d > backoff:
                gain = (d - backoff) * LOG10_BASE
                scored.append((-pv * 10.0 ** ((u + d) * LOG10_BASE) * gain, v, w))
    scored.sort()
    return [(v, w) for _, v, w in scored[:keep]]


def mix(domain: KneserNey, general: GeneralLM, vocab: Sequence[str], lam: float,
        extra_bigrams: Iterable[Tuple[str, str]] = ()) -> Model:
    """The mixture as backoff n-grams: {order: {ngram: (log10 p, log10 backoff)}}."""
    vocab = [w for w in vocab if w not in (S, E)]
    in_vocab = set(vocab) | {S, E}
    # unigrams: the general part renormalised over the vocabulary
    pg1 = {w: general.p(w) for w in vocab + [E]}
    zg = sum(pg1.values())
    p1 = {w: lam * domain.p_uni(w) + (1 - lam) * pg1[w] / zg for w in vocab + [E]}

    # bigrams: the domain's, plus the general model's after its most frequent words
    big = set(k for k in domain.c2 if k[0] in in_vocab and k[1] in in_vocab)
    big |= set(extra_bigrams)
    tri = set(k for k in domain.c3 if all(x in in_vocab for x in k))
    p2 = {(v, w): min(1.0, lam * domain.p_bi(v, w) + (1 - lam) * general.p(w, v) / zg)
          for v, w in big}
    p3 = {(u, v, w): min(1.0, lam * domain.p_tri(u, v, w) + (1 - lam) * general.p(w, u, v) / zg)
          for u, v, w in tri}

    def lower2(v: str, w: str) -> float:  # the mixed model's P(w | v) after backoff
        if (v, w) in p2:
            return p2[(v, w)]
        return bo1.get(v, 1.0) * p1[w]

    # backoff weights: what the explicit n-grams leave, over what the lower order gives them
    bo1: Dict[str, float] = {}
    by_h2: Dict[str, List[str]] = defaultdict(list)
    for v, w in p2:
        by_h2[v].append(w)
    for v, ws in by_h2.items():
        left = 1.0 - sum(p2[(v, w)] for w in ws)
        lower = 1.0 - sum(p1[w] for w in ws)
        bo1[v] = max(left, 1e-12) / max(lower, 1e-12)
    bo2: Dict[Tuple[str, str], float] = {}
    by_h3: Dict[Tuple[str, str], List[str]] = defaultdict(list)
    for u, v, w in p3:
        by_h3[(u, v)].append(w)
    for h, ws in by_h3.items():
        left = 1.0 - sum(p3[h + (w,)] for w in ws)
        lower = 1.0 - sum(lower2(h[1], w) for w in ws)
        bo2[h] = max(left, 1e-12) / max(lower, 1e-12)
    # make sure each trigram history is itself a bigram (it is: domain counts imply it)
    for h in by_h3:
        if h not in p2:
            p2[h] = lower2(*h)

    lg = math.log10
    model: Model = {1: {}, 2: {}, 3: {}}
    for w in vocab + [E]:
        model[1][(w,)] = (lg(p1[w]) if p1[w] > 0 else -99.0, lg(bo1.get(w, 1.0)))
    model[1][(S,)] = (-99.0, lg(bo1.get(S, 1.0)))
    for k, p in p2.items():
        model[2][k] = (lg(p), lg(bo2.get(k, 1.0)))
    for k, p in p3.items():
        model[3][k] = (lg(p), 0.0)
    return model


def write_arpa(model, path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\\data\\\n")
        for n in (1, 2, 3):
            f.write(f"ngram {n}={len(model[n])}\n")
        for n in (1, 2, 3):
            f.write(f"\n\\{n}-grams:\n")
            for k in sorted(model[n]):
                p, bo = model[n][k]
                line = f"{p:.4f}\t{' '.join(k)}"
                if n < 3:
                    line += f"\t{bo:.4f}"
                f.write(line + "\n")
        f.write("\n\\end\\\n")


def arpa_to_bin(arpa: Path, out: Path) -> None:
    from pocketsphinx import Config, LogMath, NGramModel

    lm = NGramModel(Config(), LogMath(), str(arpa))
    lm.write(str(out), NGramModel.str_to_type("bin"))


def write_dict(vocab: Iterable[str], prons: Dict[str, List[str]], path: Path) -> List[str]:
    """Write the pronunciations of `vocab`; returns the words with none (left out of the LM)."""
    missing = []
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for word in sorted(vocab):
            variants = prons.get(word)
            if not variants:
                missing.append(word)
                continue
            for i, phones in enumerate(variants):
                f.write(f"{word if i == 0 else f'{word}({i + 1})'} {phones}\n")
    return missing


def build(out_dir: Path = VOICE_DIR, lam: float = DOMAIN_WEIGHT, general_words: int = GENERAL_WORDS,
          general_histories: int = GENERAL_HISTORIES, general_bigram_count: int = GENERAL_BIGRAMS,
          exclude: Sequence[str] = (),
          keep_arpa: bool = False, root: Path = ROOT, general: Optional[GeneralLM] = None,
          quiet: bool = False) -> Dict:
    """Build the mixed LM and its dictionary into out_dir; returns a summary."""
    out_dir.mkdir(parents=True, exist_ok=True)
    prons = read_dict(model_dir() / "cmudict-en-us.dict")
    sentences = corpus(root, exclude)
    oov = sorted({w for s in sentences for w in s if w not in prons})
    if not shutil.which("flite") and not quiet:
        print("warning: flite is missing, so training words without a derivable pronunciation "
              "are left out (apt-get install -y flite)", file=sys.stderr)
    derived = derive_pronunciations(oov, prons)
    prons.update(derived)
    unpronounced = [w for w in oov if w not in derived]
    domain = KneserNey([[w if w in prons else "<unk>" for w in s] for s in sentences])
    general = general or GeneralLM()
    vocab = sorted((set(domain.vocab) - {S, "<unk>"})
                   | set(general_vocabulary(general, prons, general_words)))
    histories = general_vocabulary(general, prons, general_histories) if general_histories else []
    extra = general_bigrams(general, histories, vocab, general_bigram_count) if histories else []
    model = mix(domain, general, vocab, lam, extra)
    for n in (1, 2, 3):  # nothing through <unk>
        model[n] = {k: v for k, v in model[n].items() if "<unk>" not in k}
    meta = {
        "domain_weight": lam, "general_words": general_words, "general_histories": general_histories,
        "general_bigrams": general_bigram_count, "decoder": DECODER, "sentences": len(sentences),
        "vocabulary": len(vocab), "ngrams": {str(n): len(model[n]) for n in (1, 2, 3)},
        "derived_pronunciations": {w: derived[w][0] for w in sorted(derived)},
        "unpronounced_training_words": unpronounced,
    }
    # write beside the targets, then rename: a running voice loop never reads half a file
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".build-") as tmp:
        arpa = Path(tmp) / "mediation.arpa"
        write_arpa(model, arpa)
        arpa_to_bin(arpa, Path(tmp) / LM_NAME)
        write_dict(vocab, prons, Path(tmp) / DICT_NAME)
        (Path(tmp) / META_NAME).write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n",
                                           encoding="utf-8")
        names = [LM_NAME, DICT_NAME, META_NAME] + (["mediation.arpa"] if keep_arpa else [])
        for name in names:
            os.replace(Path(tmp) / name, out_dir / name)
    if not quiet:
        print(f"{out_dir / LM_NAME}: {meta['ngrams']} n-grams, {len(vocab)} words, "
              f"{(out_dir / LM_NAME).stat().st_size / 1e6:.2f} MB; {len(derived)} pronunciations derived, "
              f"{len(unpronounced)} training words left out: {' '.join(unpronounced)}")
    return meta


# ---------------------------------------------------------------------------------------
# --tune: word error rate on spoken training sentences left out of the LM
# ---------------------------------------------------------------------------------------

def dev_sentences(size: int = DEV_SIZE, root: Path = ROOT) -> List[str]:
    """Impasse and safety training examples of up to 50 words picked by a hash of their text
    (so adding training data does not reshuffle them): the development set for --tune."""
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    picked = {t for i, t in training_examples(root)
              if (i.startswith("impasse_") or i == "safety_concern") and int(key(t), 16) % 10 == 0
              and len(normalize(t)) <= 50}
    return sorted(picked, key=key)[:size]


def _dev_decode(job: Tuple[str, Dict]) -> str:
    from pocketsphinx import Decoder

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from voice_loop import RATE, decode_pcm, read_pcm

    wav, options = job
    decoder = Decoder(samprate=RATE, loglevel="FATAL", **options)  # fresh: order-independent
    return decode_pcm(decoder, read_pcm(Path(wav)))


def _dev_speak(job: Tuple[str, str]) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from voice_loop import speak

    text, wav = job
    return str(speak(text, Path(wav)))


def tune(weights: Sequence[float], lws: Sequence[float], wips: Sequence[float],
         size: int = DEV_SIZE, workers: int = 2) -> None:
    """Print the dev-set WER of each domain weight x LM weight x insertion penalty."""
    from concurrent.futures import ProcessPoolExecutor

    sys.path.insert(0, str(Path(__file__).resolve().parent))

    texts = dev_sentences(size)
    refs = [normalize(t) for t in texts]
    total = sum(len(r) for r in refs)
    general = GeneralLM()
    print(f"{len(texts)} spoken training sentences ({total} words) left out of the LM")
    with tempfile.TemporaryDirectory(prefix="voice-tune-") as tmp, \
            ProcessPoolExecutor(max_workers=workers) as pool:
        wavs = list(pool.map(_dev_speak, [(t, f"{tmp}/d{i}.wav") for i, t in enumerate(texts)]))

        def wer(options: Dict) -> float:
            hyps = pool.map(_dev_decode, [(w, options) for w in wavs], chunksize=1)
            return sum(edit_distance(r, normalize(h)) for r, h in zip(refs, hyps)) / total

        print(f"{'bundled en-US LM':>40}: WER {wer({}):.4f}", flush=True)
        for lam in weights:
            out = Path(tmp) / f"lm{lam}"
            build(out, lam, exclude=texts, general=general, quiet=True)
            for lw in lws:
                for wip in wips:
                    options = {"lm": str(out / LM_NAME), "dict": str(out / DICT_NAME), "lw": lw,
                               "fwdflatlw": lw * 8.5 / 6.5, "bestpathlw": lw * 9.5 / 6.5, "wip": wip}
                    print(f"{f'lambda {lam}, lw {lw}, wip {wip}':>40}: WER {wer(options):.4f}", flush=True)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=VOICE_DIR)
    parser.add_argument("--arpa", action="store_true", help="keep the ARPA text next to the binary")
    parser.add_argument("--domain-weight", type=float, default=DOMAIN_WEIGHT)
    parser.add_argument("--general-words", type=int, default=GENERAL_WORDS)
    parser.add_argument("--general-histories", type=int, default=GENERAL_HISTORIES)
    parser.add_argument("--general-bigrams", type=int, default=GENERAL_BIGRAMS)
    parser.add_argument("--tune", action="store_true",
                        help="print dev-set WER over a grid of settings instead of building")
    parser.add_argument("--tune-weights", default="0.5,0.7,0.8,0.9")
    parser.add_argument("--tune-lw", default="5.5,6.5,7.5")
    parser.add_argument("--tune-wip", default="0.3,0.65")
    args = parser.parse_args(argv)
    if args.tune:
        floats = lambda text: [float(x) for x in text.split(",")]  # noqa: E731
        tune(floats(args.tune_weights), floats(args.tune_lw), floats(args.tune_wip))
        return 0
    build(args.out, args.domain_weight, args.general_words, args.general_histories,
          args.general_bigrams, keep_arpa=args.arpa)
    return 0


if __name__ == "__main__":
    sys.exit(main())
