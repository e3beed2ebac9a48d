"""Honest estimates for the level model: grouped cross-validation and the calibration temperature.

Questions written from one template (the bank's ``tpl:`` field) share their wording, so they
go to one fold together: a model is never scored on a sibling of a question it trained on.
A question without ``tpl`` is its own group. Folds come from a stable hash of the group, so
every run splits alike. Only the train split takes part; the dev split stays untouched.
"""
from __future__ import annotations

import zlib
from typing import Sequence

from ..model import LEVELS

#: Folds of the grouped cross-validation; fold 0 of them is the calibration split.
FOLDS = 5


def group_key(q) -> str:
    """The group of a bank question: its template id, else its normalised text."""
    from ..catalog.question_bank import question_group

    return question_group(q)


def fold_of(q, folds: int = FOLDS) -> int:
    """The fold (0 … ``folds`` - 1) of ``q``'s group."""
    return zlib.crc32(group_key(q).encode("utf-8")) % folds


def fit_temperature(logits, labels: Sequence[str]) -> float:
    """The temperature T that minimises the negative log-likelihood of softmax(logits / T)."""
    import numpy as np

    from .levels import softmax

    y = np.array([LEVELS.index(level) for level in labels])
    if not len(y):
        return 1.0

    def nll(t: float) -> float:
        p = softmax(np.asarray(logits, np.float64) / t)
        return float(-np.log(np.maximum(p[np.arange(len(y)), y], 1e-12)).mean())

    lo, hi = np.log(0.05), np.log(20.0)
    for _ in range(60):  # golden-section search on log T (the NLL is unimodal in T)
        a, b = hi - 0.618 * (hi - lo), lo + 0.618 * (hi - lo)
        if nll(float(np.exp(a))) < nll(float(np.exp(b))):
            hi = b
        else:
            lo = a
    return float(np.exp((lo + hi) / 2))


def calibration_temperature(train, extra, params: dict | None = None) -> float:
    """T fitted on fold 0 (the calibration split) by a model trained on the other folds and ``extra``."""
    from .training import bank_features, fit_questions

    calib = [q for q in train if fold_of(q) == 0]
    rest = [q for q in train if fold_of(q) != 0]
    if not calib or not rest:
        return 1.0
    model = fit_questions(rest, extra, params)
    return fit_temperature(model.logits(bank_features(calib)), [q.level for q in calib])


def out_of_fold(questions, folds: int = FOLDS, params: dict | None = None):
    """Each question's level scores from a model that did not train on its group (n × levels)."""
    import numpy as np

    from . import lemmas
    from .training import anchors, bank_features, fit_questions, lemma_tables

    questions = list(questions)
    extra = anchors()
    lemmas.install(lemma_tables(questions + extra))
    out = np.zeros((len(questions), len(LEVELS)))
    fold = np.array([fold_of(q, folds) for q in questions])
    for k in range(folds):
        test = np.flatnonzero(fold == k)
        if not len(test):
            continue
        model = fit_questions([q for q, f in zip(questions, fold) if f != k], extra, params)
        out[test] = model.logits(bank_features([questions[i] for i in test]))
    return out


def grouped_cv(folds: int = FOLDS, params: dict | None = None, questions=None) -> dict:
    """Grouped cross-validation on the bank's train split (or ``questions``).

    Returns ``n``, ``accuracy``, ``accuracy_by_lang``, the 6×6 ``confusion`` (rows true,
    columns predicted, :data:`LEVELS` order), ``groups``, ``folds`` and ``errors`` (each
    misclassified train question: ``text``, ``lang``, ``level``, ``predicted``). Reinstalls the
    cached model's lemma tables afterwards.
    """
    from ..catalog import question_bank
    from . import lemmas
    from .training import level_model

    qs = list(questions) if questions is not None else [q for q in question_bank.question_bank() if q.split == "train"]
    try:
        logits = out_of_fold(qs, folds, params)
    finally:
        model = level_model()
        if model is not None:
            lemmas.install(model.lemmas)
    predicted = [LEVELS[i] for i in logits.argmax(1)]
    confusion = [[0] * len(LEVELS) for _ in LEVELS]
    by_lang: dict[str, list[int]] = {}
    for q, p in zip(qs, predicted):
        confusion[LEVELS.index(q.level)][LEVELS.index(p)] += 1
        by_lang.setdefault(q.lang, []).append(q.level == p)
    hits = sum(q.level == p for q, p in zip(qs, predicted))
    errors = [{"text": q.text, "lang": q.lang, "level": q.level, "predicted": p}
              for q, p in zip(qs, predicted) if q.level != p]
    return {"n": len(qs), "accuracy": hits / len(qs) if qs else 0.0,
            "accuracy_by_lang": {lang: sum(v) / len(v) for lang, v in sorted(by_lang.items())},
            "confusion": confusion, "groups": len({group_key(q) for q in qs}), "folds": folds,
            "errors": errors}
