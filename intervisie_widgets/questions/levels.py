"""The level model: which level of the piramide a question aims at.

A multinomial logistic regression (numpy only) over sparse features: words, word pairs,
the opening words, character n-grams of each word and the concept cues of ``cues.yaml``.
This module holds the features and the model at work; :mod:`.training` fits it on the
question bank and caches it.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ..model import LEVELS
from .text import lexicon

#: Hyper-parameters, chosen by 5-fold cross-validation on the train split.
PARAMS = {"char": 0.5, "char_n": (3, 4, 5), "cue": 2.0, "head": 1.0, "bigram": 1.0,
          "l2": 3e-4, "iterations": 150, "lr": 0.1, "anchor_weight": 2.0, "unwrap": True, "particles": True}
#: Words whose score vectors are kept for reuse (the per-word part of a question's score).
_WORD_CACHE_LIMIT = 200_000


#: Particles that colour a question's tone but not its level ("toch", "gewoon", "just").
_PARTICLES = frozenset("toch gewoon eigenlijk nou wel even eens maar hoor he just really actually surely".split())


@dataclass(frozen=True)
class Features:
    """A question's features: those of the whole text (name → value) and its words.

    Every word contributes ``w:<word>`` and its character n-grams ``c:<gram>`` (counted
    again when a word repeats), so a word's share of the score can be computed once and reused.
    """

    text: dict[str, float]
    words: tuple[str, ...]

    def merged(self) -> dict[str, float]:
        """All features as one mapping (for training)."""
        out = dict(self.text)
        for w in self.words:
            for name, v in word_features(w).items():
                out[name] = out.get(name, 0.0) + v
        return out


@functools.lru_cache(maxsize=65536)
def word_features(word: str) -> dict[str, float]:
    """``w:<word>`` and the character n-grams of `` word `` (a repeated gram counts again)."""
    char_w = PARAMS["char"]
    out = {f"w:{word}": 1.0}
    if char_w:
        s = f" {word} "
        for n in PARAMS["char_n"]:
            for i in range(len(s) - n + 1):
                g = "c:" + s[i:i + n]
                out[g] = out.get(g, 0.0) + char_w
    return out


def features(words: Sequence[str], lang: str) -> Features:
    """The features of one normalised, typo-fixed question."""
    p = PARAMS
    out: dict[str, float] = {f"l:{lang}": 1.0}
    wrapper = lexicon().wrappers.get(lang)
    if p["unwrap"] and wrapper is not None and words:
        joined = " ".join(words)
        m = wrapper.match(joined)
        if m and m.end() < len(joined):
            # Advice or a leading opening: read the level from what follows it.
            out["form:wrapped"] = 1.0
            words = joined[m.end():].split()
    if p["particles"]:
        words = [w for w in words if w not in _PARTICLES]
    if words:
        head = p["head"]
        out[f"f:{words[0]}"] = head
        if len(words) > 1:
            out[f"f2:{words[0]} {words[1]}"] = head
        prev = "^"
        for w in words:
            out[f"b:{prev} {w}"] = p["bigram"]
            prev = w
        joined = " ".join(words)
        cue_w = p["cue"]
        for concept, pattern in lexicon().level_cues.get(lang, ()):
            if pattern.search(joined):
                out[f"k:{concept}"] = cue_w
    return Features(out, tuple(words))


class LevelModel:
    """Weights over a feature vocabulary; :meth:`probabilities` gives level probabilities per question."""

    def __init__(self, vocab: dict[str, int], weights, bias):
        import numpy as np

        self.vocab = vocab
        self.weights = weights  # features × levels, float32
        self.bias = bias  # levels
        self._word_rows: dict[str, int] = {}
        self._word_matrix = np.zeros((1024, len(LEVELS)), np.float32)

    def encode(self, feats: Iterable[dict[str, float]]):
        """Sparse rows (indices, values, row starts) of feature mappings, over the vocabulary."""
        import numpy as np

        idx: list[int] = []
        val: list[float] = []
        starts: list[int] = []
        vocab = self.vocab
        for f in feats:
            starts.append(len(idx))
            for name, v in f.items():
                j = vocab.get(name)
                if j is not None:
                    idx.append(j)
                    val.append(v)
        return np.asarray(idx, dtype=np.int64), np.asarray(val, dtype=np.float32), np.asarray(starts, dtype=np.int64)

    def _word_row(self, word: str) -> int:
        """The row of ``word``'s score vector in the word matrix, computed on first sight."""
        import numpy as np

        row = self._word_rows.get(word)
        if row is not None:
            return row
        vocab = self.vocab
        vec = np.zeros(len(LEVELS), np.float32)
        for name, v in word_features(word).items():
            j = vocab.get(name)
            if j is not None:
                vec += self.weights[j] * np.float32(v)
        row = len(self._word_rows)
        if row >= len(self._word_matrix):
            if row >= _WORD_CACHE_LIMIT:  # an endless stream of new words: stop remembering them
                self._word_rows.clear()
                row = 0
            else:
                self._word_matrix = np.concatenate([self._word_matrix, np.zeros_like(self._word_matrix)])
        self._word_matrix[row] = vec
        self._word_rows[word] = row
        return row

    def probabilities(self, feats: Sequence[Features]):
        """Level probabilities (questions × levels)."""
        import numpy as np

        n = len(feats)
        idx, val, starts = self.encode(f.text for f in feats)
        logits = sparse_logits(self.weights, self.bias, idx, val, starts, n)
        word_row = self._word_row
        rows = [[word_row(w) for w in f.words] for f in feats]
        flat = np.fromiter((r for rs in rows for r in rs), dtype=np.int64)
        if len(flat):
            counts = np.fromiter((len(rs) for rs in rows), dtype=np.int64, count=n)
            wstarts = np.concatenate([[0], np.cumsum(counts)[:-1]])
            nonempty = np.flatnonzero(counts)
            logits[nonempty] += np.add.reduceat(self._word_matrix[flat], wstarts[nonempty], axis=0)
        return softmax(logits.astype(np.float64))

    def save(self, path: Path) -> None:
        """Write the model to ``path`` (an ``.npz`` file; names are stored as one UTF-8 blob)."""
        import numpy as np

        names = sorted(self.vocab, key=self.vocab.get)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
        blob = np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8)
        np.savez(tmp, names=blob, weights=self.weights, bias=self.bias)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> "LevelModel":
        """A model written by :meth:`save`."""
        import numpy as np

        with np.load(path, allow_pickle=False) as data:
            names = data["names"].tobytes().decode("utf-8").split("\n")
            return cls(dict(zip(names, range(len(names)))), data["weights"], data["bias"])


def sparse_logits(W, b, idx, val, starts, n):
    """Scores (n × levels) of sparse rows given as flat indices, values and row starts."""
    import numpy as np

    out = np.tile(b, (n, 1)).astype(np.float32)
    if len(idx):
        contrib = W[idx] * val[:, None]
        nonempty = np.flatnonzero(np.diff(np.append(starts, len(idx))) > 0)
        out[nonempty] += np.add.reduceat(contrib, starts[nonempty], axis=0)
    return out



def softmax(z):
    """Row-wise softmax."""
    import numpy as np

    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)
