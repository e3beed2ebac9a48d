"""Analyse questions: :func:`analyse`, :func:`analyse_many` and the :class:`Analysis` they return."""
from __future__ import annotations

import functools
import weakref
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .. import catalog
from ..model import LEVELS
from . import rules
from .explain import explain  # noqa: F401  (public here too: "which words made the level")
from .levels import features
from .text import SUPPORTED, clauses, detect_language, lexicon, normalise
from .training import level_model

#: Longer input is not analysed: an intervisie question is one short sentence.
MAX_CHARS = 300
#: Below this confidence the feedback says which other level is a close second, and
#: ``Analysis.doubt`` is set ("twijfel"): the calibrated model expects to be wrong about as often as right.
UNSURE_BELOW = 0.5
PROBLEMS = ("empty", "too_long", "no_words", "other_language", "not_question")
#: Questions scored by the level model at once in :func:`analyse_many`.
_CHUNK = 1024


def level_name(level: str, lang: str = "nl") -> str:
    """The display name of a level (``overtuigingen`` → "Overtuigingen en waarden")."""
    return catalog.text(f"questions.level_{level}", lang)


def key_question(level: str, lang: str) -> str:
    """The key question word(s) of a level, e.g. ``waar? wanneer? met wie?``."""
    return catalog.text(f"exercises.key_question_{level}", lang)


def level_number(level: str) -> int:
    """1 (omgeving) to 6 (zingeving)."""
    return LEVELS.index(level) + 1


@dataclass(frozen=True)
class Analysis:
    """What the engine found in one question; build it with :func:`analyse`.

    ``problem`` is set (``empty``, ``too_long``, ``no_words``, ``other_language``,
    ``not_question``) when the text could not be analysed as a question; then ``level`` is
    ``None`` and the flags are false. ``level_scores`` holds a probability per level, calibrated
    (temperature scaling on a calibration split): of questions with ``confidence`` 0.7 about 70 %
    get the right level. ``doubt`` ("twijfel") is set when ``confidence`` is below
    :data:`UNSURE_BELOW`: show the level as a guess, with :meth:`runner_up` as the alternative.
    """

    text: str
    lang: str
    is_question: bool
    problem: str | None = None
    level: str | None = None
    confidence: float = 0.0
    level_scores: dict[str, float] = field(default_factory=dict, hash=False)
    open: bool = False
    advice: bool = False
    leading: bool = False
    stacked: bool = False
    bare_why: bool = False
    question_count: int = 0
    doubt: bool = False

    @property
    def good(self) -> bool:
        """Open, and neither advice, leading, stacked nor a bare why."""
        return (self.problem is None and self.open and not self.advice and not self.leading
                and not self.stacked and not self.bare_why)

    def problem_message(self, lang: str | None = None) -> str | None:
        """The friendly message for ``problem`` (``None`` when there is none)."""
        if self.problem is None:
            return None
        return catalog.text(f"questions.problem_{self.problem}", lang or self.lang,
                            chars=len(self.text), limit=MAX_CHARS)

    def runner_up(self) -> str | None:
        """The second most likely level."""
        ranked = sorted(self.level_scores, key=self.level_scores.get, reverse=True)
        return ranked[1] if len(ranked) > 1 else None

    def feedback(self, lang: str | None = None) -> list[str]:
        """Points of feedback for the learner, each saying why; in ``lang`` (default: the question's)."""
        lang = lang or self.lang
        if self.problem is not None:
            return [self.problem_message(lang)]

        def t(key: str, **values) -> str:
            return catalog.text(f"questions.{key}", lang, **values)

        out = []
        if self.advice:
            out.append(t("feedback_advice"))
        elif not self.open:
            out.append(t("feedback_closed"))
        if self.leading:
            out.append(t("feedback_leading"))
        if self.stacked:
            out.append(t("feedback_stacked", count=self.question_count))
        if self.bare_why:
            out.append(t("feedback_bare_why"))
        if self.good:
            out.append(t("feedback_good"))
        if self.level is not None:
            out.append(t("feedback_level", name=level_name(self.level, lang), number=level_number(self.level),
                         about=t(f"about_{self.level}")))
            other = self.runner_up()
            if self.confidence < UNSURE_BELOW and other:
                out.append(t("feedback_level_unsure", name=level_name(self.level, lang),
                             other=level_name(other, lang)))
            if self.level == LEVELS[-1]:
                out.append(t("feedback_top"))
            elif self.good:
                nxt = LEVELS[LEVELS.index(self.level) + 1]
                out.append(t("feedback_higher", next=level_name(nxt, lang), about=t(f"about_{nxt}")))
        return out

    def rewrite(self, lang: str | None = None) -> str | None:
        """A better question (see :meth:`suggestion`); ``None`` for a problem or a good top-level question."""
        better = self.suggestion(lang)
        return better.text if better is not None else None

    def suggestion(self, lang: str | None = None):
        """A :class:`~.rewrite.Rewrite` built from the learner's words (its ``kind`` says how), or a
        general question of the level that says it is general."""
        from .rewrite import suggest

        return suggest(self, lang or self.lang)

    def as_dict(self, lang: str | None = None) -> dict:
        """A JSON-ready record (the shape ``intervisie classify`` prints)."""
        better = self.suggestion(lang)
        return {
            "text": self.text, "lang": self.lang, "is_question": self.is_question, "problem": self.problem,
            "level": self.level, "confidence": round(self.confidence, 3), "open": self.open,
            "advice": self.advice, "leading": self.leading, "stacked": self.stacked, "bare_why": self.bare_why,
            "doubt": self.doubt, "feedback": self.feedback(lang), "rewrite": getattr(better, "text", None),
            "rewrite_kind": getattr(better, "kind", None),
        }


def _problem(text: str, lang: str, problem: str) -> Analysis:
    return Analysis(text=text, lang=lang, is_question=False, problem=problem)


def _prepare(text: object, lang: str | None) -> tuple[Analysis | None, tuple | None]:
    """Either a finished :class:`Analysis` (a problem) or what the level model still needs."""
    raw = "" if text is None else text if isinstance(text, str) else str(text)
    default = lang if lang in SUPPORTED else "nl"
    stripped = raw.strip()
    if not stripped:
        return _problem(raw, default, "empty"), None
    if len(stripped) > MAX_CHARS:
        return _problem(raw, default, "too_long"), None
    norm_words = normalise(stripped).split()
    if not any(c.isalpha() for w in norm_words for c in w):
        return _problem(raw, default, "no_words"), None
    found = detect_language(norm_words, default)
    if found not in SUPPORTED:
        return _problem(raw, default, "other_language"), None
    if not _looks_like_language(stripped, norm_words, found):
        return _problem(raw, found, "other_language"), None
    parts = clauses(stripped, found)
    words = [w for part in parts for w in part]
    form = rules.inspect(stripped, parts, found)
    if not form.is_question:
        return _problem(raw, found, "not_question"), None
    return None, (raw, found, form, features(words, found))


@functools.cache
def _known_words(lang: str) -> frozenset[str]:
    lex = lexicon()
    return (lex.stopwords.get(lang, frozenset()) | lex.question_words.get(lang, frozenset())
            | lex.closed_openers.get(lang, frozenset()))


def _looks_like_language(raw: str, words: Sequence[str], lang: str) -> bool:
    """Mostly letters, at least one known word of 3+ letters, and a fair share of known words.

    ``words`` are the normalised words as typed (before typo fixes, which map single letters
    such as "t" to real words).

    Keyboard mashing and text in an unknown language fail this; a question with a few
    new words and a typo passes. Known: function words, question words, the level model's words.
    """
    chars = "".join(raw.split())
    if sum(map(str.isalpha, chars)) < 0.75 * len(chars):
        return False
    known = _known_with_model(lang)
    typos = lexicon().typos.get(lang, {})
    longer = [w for w in words if len(w) >= 2]
    hits = [w for w in longer if w in known or typos.get(w, w) in known]
    return any(len(w) >= 3 for w in hits) and len(hits) >= 0.3 * len(longer)


#: Per level model: language → the known words plus the model's words (built once per model).
_KNOWN_BY_MODEL: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _known_with_model(lang: str) -> frozenset[str]:
    """:func:`_known_words` of ``lang`` and every word the level model has a ``w:`` feature for."""
    model = level_model()
    if model is None:
        return _known_words(lang)
    per_lang = _KNOWN_BY_MODEL.setdefault(model, {})
    known = per_lang.get(lang)
    if known is None:
        known = per_lang[lang] = _known_words(lang) | {n[2:] for n in model.vocab if n.startswith("w:")}
    return known


def level_input(text: str, lang: str):
    """The level model's features of ``text`` read as ``lang`` (no checks: any text gives features)."""
    return features([w for part in clauses(text, lang) for w in part], lang)


def level_log_probabilities(feats):
    """Natural-log level probabilities (questions × levels, :data:`LEVELS` order) of level-model features."""
    import numpy as np

    return np.log(np.maximum(level_model().probabilities(list(feats)), 1e-300))


def _finish(prepared: Sequence[tuple], probs) -> list[Analysis]:
    out = []
    for i, (raw, found, form, _) in enumerate(prepared):
        scores = {level: float(p) for level, p in zip(LEVELS, probs[i])} if probs is not None else {}
        level = max(scores, key=scores.get) if scores else None
        out.append(Analysis(
            text=raw, lang=found, is_question=True, level=level,
            confidence=scores.get(level, 0.0) if level else 0.0, level_scores=scores,
            open=form.open, advice=form.advice, leading=form.leading, stacked=form.stacked,
            bare_why=form.bare_why, question_count=form.question_clauses,
            doubt=bool(level) and scores[level] < UNSURE_BELOW,
        ))
    return out


def analyse(text: str, lang: str | None = "nl") -> Analysis:
    """Analyse one question written in ``lang`` (``None``: detect Dutch or English).

    A clearly English text given with ``lang="nl"`` (or the reverse) is analysed in the
    language it is written in; ``Analysis.lang`` says which. Never raises on odd input:
    empty, too long, emoji only, another language or a statement give a ``problem``.
    """
    return analyse_many([text], lang)[0]


def analyse_many(texts: Iterable[str], lang: str | None = None) -> list[Analysis]:
    """Analyse many questions at once (faster than one by one); results in input order."""
    results: list[Analysis | None] = []
    pending: list[tuple] = []
    slots: list[int] = []

    def flush() -> None:  # score in chunks: a long batch does not keep every question's features
        model = level_model()
        probs = model.probabilities([p[3] for p in pending]) if model is not None else None
        for slot, analysis in zip(slots, _finish(pending, probs)):
            results[slot] = analysis
        pending.clear()
        slots.clear()

    for text in texts:
        done, todo = _prepare(text, lang)
        if done is not None:
            results.append(done)
        else:
            slots.append(len(results))
            results.append(None)
            pending.append(todo)
            if len(pending) >= _CHUNK:
                flush()
    if pending:
        flush()
    return results  # type: ignore[return-value]
