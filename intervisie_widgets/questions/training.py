"""Training the level model on the question bank, and the cached model the engine uses.

The model is trained on the *train* split of the bank (plus the textbook ``anchors`` of
``cues.yaml`` and the bare question words of its ``question_word_levels``) the first time it is
needed and cached under ``$XDG_CACHE_HOME/intervisiekit/`` (or ``~/.cache/intervisiekit/``),
keyed by a hash of the bank, the cue lexicon, simplemma's version and this code; delete the
cache to rebuild, or call :func:`train_from_bank`. Training is deterministic: full-batch Adam
in a fixed order, no random numbers. The temperature is fitted on a calibration split (one
grouped fold of the train split, see :mod:`.crossval`) by a model trained on the rest; then
the model is trained on the whole train split. A few seconds in all.
"""
from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Sequence

from ..model import LEVELS
from . import lemmas
from .levels import PARAMS, Features, LevelModel, features, softmax, sparse_logits
from .text import lexicon


def fit(questions: Sequence[Features], labels: Sequence[str], params: dict | None = None,
        sample_weights: Sequence[float] | None = None) -> LevelModel:
    """Fit on question features and level labels with full-batch Adam; deterministic.

    ``params`` overrides the optimiser settings of :data:`PARAMS` (``l2``, ``iterations``, ``lr``).
    """
    import numpy as np

    p = {**PARAMS, **(params or {})}
    feats = [q.merged() for q in questions]
    names = sorted({name for f in feats for name in f})
    model = LevelModel({n: i for i, n in enumerate(names)},
                       np.zeros((len(names), len(LEVELS)), np.float32), np.zeros(len(LEVELS), np.float32))
    idx, val, starts = model.encode(feats)
    n, k = len(feats), len(LEVELS)
    rows = np.repeat(np.arange(n), np.diff(np.append(starts, len(idx))))
    # The same entries ordered by feature, to sum gradients per feature with one reduceat.
    order = np.argsort(idx, kind="stable")
    rows_f, val_f = rows[order], val[order][:, None]
    fstarts = np.flatnonzero(np.r_[True, np.diff(idx[order]) != 0])
    sw = np.ones((n, 1), np.float32) if sample_weights is None else np.asarray(sample_weights, np.float32)[:, None]
    sw = sw / sw.sum()
    y = np.zeros((n, k), np.float32)
    y[np.arange(n), [LEVELS.index(level) for level in labels]] = 1.0
    W, b = model.weights, model.bias
    mW, vW = np.zeros_like(W), np.zeros_like(W)
    mb, vb = np.zeros_like(b), np.zeros_like(b)
    b1, b2, eps, l2 = np.float32(0.9), np.float32(0.999), np.float32(1e-8), np.float32(p["l2"])
    for t in range(1, p["iterations"] + 1):
        g = (softmax(sparse_logits(W, b, idx, val, starts, n)) - y) * sw
        gW = np.add.reduceat(g[rows_f] * val_f, fstarts, axis=0)
        gW += l2 * W
        gb = g.sum(0)
        mW *= b1
        mW += (1 - b1) * gW
        vW *= b2
        vW += (1 - b2) * gW * gW
        mb = b1 * mb + (1 - b1) * gb
        vb = b2 * vb + (1 - b2) * gb * gb
        lr = np.float32(p["lr"] * (1 - 0.999 ** t) ** 0.5 / (1 - 0.9 ** t))
        W -= lr * mW / (np.sqrt(vW) + eps)
        b -= lr * mb / (np.sqrt(vb) + eps)
    return model



def _code_fingerprint() -> str:
    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in ("levels.py", "text.py", "training.py", "lemmas.py", "crossval.py"):
        h.update((here / name).read_bytes())
    h.update(repr(sorted(PARAMS.items())).encode())
    h.update(lemmas.simplemma_version().encode())
    return h.hexdigest()[:12]


def cache_dir() -> Path:
    """Where trained models are kept (``$XDG_CACHE_HOME/intervisiekit`` or ``~/.cache/intervisiekit``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "intervisiekit"


def model_key() -> str:
    """Identifies the model the current bank, lexicon and code would train."""
    from ..catalog import question_bank

    return f"{question_bank.question_bank_fingerprint()}-{lexicon().fingerprint}-{_code_fingerprint()}"


def bank_features(questions) -> list[Features]:
    """Features of bank questions (each analysed in its own language)."""
    from .text import fix_typos, normalise

    return [features(fix_typos(normalise(q.text), q.lang).split(), q.lang) for q in questions]


def anchors(exclude_dev: bool = True) -> list:
    """The textbook examples of ``cues.yaml`` as bank-like questions (without those in the dev
    split), and each phrase of its ``question_word_levels`` as a bare question ("Met wie?")."""
    from ..catalog import question_bank
    from ..model import Question

    data = question_bank.load_yaml(question_bank.CONTENT.joinpath("questions", "cues.yaml").read_text(encoding="utf-8"))
    out = []
    for level, by_lang in (data.get("anchors") or {}).items():
        for lang, texts in (by_lang or {}).items():
            for t in texts:
                if level in LEVELS and not (exclude_dev and question_bank.question_split(t) == "dev"):
                    out.append(Question(text=t, lang=lang, level=level))
    for lang, by_level in (data.get("question_word_levels") or {}).items():
        for level, phrases in (by_level or {}).items():
            out += [Question(text=f"{p}?", lang=lang, level=level) for p in phrases or () if level in LEVELS]
    return out


def lemma_tables(questions) -> dict[str, dict[str, str]]:
    """Lemma tables (:func:`.lemmas.build`) for the words of ``questions``."""
    from .text import fix_typos, normalise

    words: dict[str, set[str]] = {}
    for q in questions:
        words.setdefault(q.lang, set()).update(fix_typos(normalise(q.text), q.lang).split())
    return lemmas.build(words)


def fit_questions(train, extra, params: dict | None = None) -> LevelModel:
    """A model fitted on bank questions ``train`` and anchors ``extra`` (weighted), lemma tables as installed."""
    weight = (params or {}).get("anchor_weight", PARAMS["anchor_weight"])
    data = list(train) + list(extra)
    return fit(bank_features(data), [q.level for q in data], params, [1.0] * len(train) + [weight] * len(extra))


def train_from_bank(params: dict | None = None, questions=None, calibrate: bool = True) -> LevelModel | None:
    """A model trained on the bank's train split (or on ``questions``) plus the anchors, with its
    lemma tables and (``calibrate``) a temperature fitted on a calibration split.

    ``None`` when there is nothing to train on.
    """
    from ..catalog import question_bank
    from .crossval import calibration_temperature

    train = list(questions) if questions is not None else [q for q in question_bank.question_bank() if q.split == "train"]
    if not train:
        return None
    extra = anchors()
    tables = lemma_tables(train + extra)
    lemmas.install(tables)
    model = fit_questions(train, extra, params)
    model.lemmas = tables
    if calibrate:
        model.temperature = calibration_temperature(train, extra, params)
    return model


@functools.cache
def level_model() -> LevelModel | None:
    """The kit's level model: from the cache when it matches the bank and code, else trained now."""
    path = cache_dir() / f"levels-{model_key()}.npz"
    try:
        model = LevelModel.load(path)
    except (OSError, ValueError, KeyError):
        pass
    else:
        lemmas.install(model.lemmas)
        return model
    model = train_from_bank()
    if model is not None:
        lemmas.install(model.lemmas)
        try:
            model.save(path)
            for old in path.parent.glob("levels-*.npz"):  # models of an older bank or code
                if old != path:
                    old.unlink(missing_ok=True)
        except OSError:  # a read-only home: keep the model in memory only
            pass
    return model
