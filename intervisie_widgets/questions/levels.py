"""The level model: which level of the piramide a question aims at.

A multinomial logistic regression (numpy only) over sparse features of a question read in the
second person (``person`` in ``cues.yaml``: "Wat kan ik?" is read as "Wat kan je?"): words and
their lemmas (:mod:`.lemmas`), word pairs, the opening words, character n-grams of each word,
the question word and the level it asks for on its own (``question_word_levels``: "Met wie?",
"Waartoe?"), the words right after it and at the end (the verb and its complement, in Dutch and
English word order) and the concept cues of ``cues.yaml``. The scores are divided by a
temperature fitted on a calibration split (:mod:`.training`), so a probability says how often
the model is right. This module holds the features and the model at work; :mod:`.training`
fits it on the question bank and caches it.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ..model import LEVELS
from . import lemmas
from .lemmas import lemma
from .text import lexicon, question_word_level

#: Hyper-parameters, chosen by grouped cross-validation on the train split (never on dev).
PARAMS = {"char": 0.5, "char_n": (3, 4, 5), "cue": 2.0, "head": 1.0, "bigram": 1.0,
          "l2": 3e-4, "iterations": 150, "lr": 0.1, "anchor_weight": 0.5, "unwrap": True, "particles": True,
          "lemma": 1.0, "qword": 1.0, "qshort": 2.0, "short_len": 3, "frame": 1.0, "person": True}
#: Words whose score vectors are kept for reuse (the per-word part of a question's score).
_WORD_CACHE_LIMIT = 200_000


#: Particles that colour a question's tone but not its level ("toch", "gewoon", "just").
_PARTICLES = frozenset("toch gewoon eigenlijk nou wel even eens maar hoor he just really actually surely".split())


@dataclass(frozen=True)
class Features:
    """A question's features: those of the whole text (name → value) and its words.

    Every word contributes ``w:<word>``, ``m:<lemma>`` and its character n-grams ``c:<gram>``
    (counted again when a word repeats), so a word's share of the score can be computed once and reused.
    """

    text: dict[str, float]
    words: tuple[str, ...]
    lang: str = ""

    def merged(self) -> dict[str, float]:
        """All features as one mapping (for training)."""
        out = dict(self.text)
        for w in self.words:
            for name, v in word_features(w, self.lang).items():
                out[name] = out.get(name, 0.0) + v
        return out


@functools.lru_cache(maxsize=65536)
def word_features(word: str, lang: str = "") -> dict[str, float]:
    """``w:<word>``, ``m:<lemma>`` (when it differs) and the character n-grams of `` word ``."""
    char_w = PARAMS["char"]
    out = {f"w:{word}": 1.0}
    lem = lemma(word, lang)
    if lem != word and PARAMS["lemma"]:
        out[f"m:{lem}"] = PARAMS["lemma"]
    if char_w:
        s = f" {word} "
        for n in PARAMS["char_n"]:
            for i in range(len(s) - n + 1):
                g = "c:" + s[i:i + n]
                out[g] = out.get(g, 0.0) + char_w
    return out


def reading(words: Sequence[str], lang: str) -> tuple[list[str], bool]:
    """The words the level model reads: after an advice wrapper, without particles, in the second
    person; and whether a wrapper was cut off."""
    lex = lexicon()
    wrapper = lex.wrappers.get(lang)
    wrapped = False
    if PARAMS["unwrap"] and wrapper is not None and words:
        joined = " ".join(words)
        m = wrapper.match(joined)
        if m and m.end() < len(joined):
            # Advice or a leading opening: read the level from what follows it.
            wrapped, words = True, joined[m.end():].split()
    if PARAMS["particles"]:
        words = [w for w in words if w not in _PARTICLES]
    person = lex.person.get(lang, {}) if PARAMS["person"] else {}
    return [person.get(w, w) for w in words], wrapped


def features(words: Sequence[str], lang: str) -> Features:
    """The features of one normalised, typo-fixed question."""
    p = PARAMS
    out: dict[str, float] = {f"l:{lang}": 1.0}
    words, wrapped = reading(words, lang)
    if wrapped:
        out["form:wrapped"] = 1.0
    if words:
        table = lemmas.table(lang)
        lems = [table.get(w, w) for w in words]
        head = p["head"]
        out[f"f:{lems[0]}"] = head
        if len(words) > 1:
            out[f"f2:{lems[0]} {lems[1]}"] = head
        prev = "^"
        for w in lems:
            out[f"b:{prev} {w}"] = p["bigram"]
            prev = w
        _question_word_features(out, words, lems, lang)
        joined = " ".join(words)
        cue_w = p["cue"]
        for concept, pattern in lexicon().level_cues.get(lang, ()):
            if pattern.search(joined):
                out[f"k:{concept}"] = cue_w
    return Features(out, tuple(words), lang)


def _question_word_features(out: dict[str, float], words: list[str], lems: list[str], lang: str) -> None:
    """The question word's level (``q:``, and ``qs:`` for a short question), the word after the
    question word (``n1:``, mostly the verb), the last word (``ln:``, the main verb or its
    complement) and the two together (``vc:``)."""
    p = PARAMS
    fillers = lexicon().fillers.get(lang, frozenset())
    start = 0
    while start < len(words) - 1 and words[start] in fillers:
        start += 1
    core, core_lems = words[start:], lems[start:]
    n, level = question_word_level(core, lang)
    if level is not None:
        out[f"q:{level}"] = p["qword"]
        if len(core) <= p["short_len"]:
            out[f"qs:{level}"] = p["qshort"]
    after = core_lems[max(n, 1):]
    frame = p["frame"]
    if after and frame:
        out[f"n1:{after[0]}"] = frame
        out[f"ln:{core_lems[-1]}"] = frame
        out[f"vc:{after[0]} {core_lems[-1]}"] = frame


class LevelModel:
    """Weights over a feature vocabulary; :meth:`probabilities` gives level probabilities per question.

    ``lemmas`` (language → {word: lemma}) is the lemma table the model was trained with (the kit's
    model installs it, see :func:`.training.level_model`); ``temperature`` divides the scores
    before the softmax (calibration).
    """

    def __init__(self, vocab: dict[str, int], weights, bias, lemmas=None, temperature: float = 1.0):
        import numpy as np

        self.vocab = vocab
        self.weights = weights  # features × levels, float32
        self.bias = bias  # levels
        self.temperature = float(temperature)
        self.lemmas = lemmas if lemmas is not None else {}
        self._word_rows: dict[tuple[str, str], int] = {}
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

    def _word_row(self, word: str, lang: str) -> int:
        """The row of ``word``'s score vector in the word matrix, computed on first sight."""
        import numpy as np

        key = (lang, word)
        row = self._word_rows.get(key)
        if row is not None:
            return row
        vocab = self.vocab
        vec = np.zeros(len(LEVELS), np.float32)
        for name, v in word_features(word, lang).items():
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
        self._word_rows[key] = row
        return row

    def probabilities(self, feats: Sequence[Features]):
        """Calibrated level probabilities (questions × levels)."""
        return softmax(self.logits(feats) / self.temperature)

    def logits(self, feats: Sequence[Features]):
        """Uncalibrated level scores (questions × levels, float64)."""
        import numpy as np

        n = len(feats)
        idx, val, starts = self.encode(f.text for f in feats)
        logits = sparse_logits(self.weights, self.bias, idx, val, starts, n)
        word_row = self._word_row
        rows = [[word_row(w, f.lang) for w in f.words] for f in feats]
        flat = np.fromiter((r for rs in rows for r in rs), dtype=np.int64)
        if len(flat):
            counts = np.fromiter((len(rs) for rs in rows), dtype=np.int64, count=n)
            wstarts = np.concatenate([[0], np.cumsum(counts)[:-1]])
            nonempty = np.flatnonzero(counts)
            logits[nonempty] += np.add.reduceat(self._word_matrix[flat], wstarts[nonempty], axis=0)
        return logits.astype(np.float64)

    def save(self, path: Path) -> None:
        """Write the model to ``path`` (an ``.npz`` file; names are stored as one UTF-8 blob)."""
        import numpy as np

        names = sorted(self.vocab, key=self.vocab.get)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
        tables = {f"lemmas_{lang}": _blob(f"{w}\t{lem}" for w, lem in sorted(t.items()))
                  for lang, t in self.lemmas.items()}
        np.savez(tmp, names=_blob(names), weights=self.weights, bias=self.bias,
                 temperature=np.float64(self.temperature), **tables)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> "LevelModel":
        """A model written by :meth:`save`."""
        import numpy as np

        with np.load(path, allow_pickle=False) as data:
            names = _unblob(data["names"])
            lemmas = {key[len("lemmas_"):]: dict(line.split("\t", 1) for line in _unblob(data[key]) if line)
                      for key in data.files if key.startswith("lemmas_")}
            return cls(dict(zip(names, range(len(names)))), data["weights"], data["bias"], lemmas,
                       float(data["temperature"]))


def _blob(lines: Iterable[str]):
    """Lines as one UTF-8 byte array (``.npz`` files hold no strings without pickle)."""
    import numpy as np

    return np.frombuffer("\n".join(lines).encode("utf-8"), dtype=np.uint8)


def _unblob(arr) -> list[str]:
    return arr.tobytes().decode("utf-8").split("\n")


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
