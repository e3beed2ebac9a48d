"""Judging the learner's answers in the exercises: typed questions, mistakes, scores per round.

Plain frozen dataclasses and one function around the question engine; no state, no widgets.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from .. import catalog
from ..model import LEVELS, Question

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RoundScore:
    """Points in one round of one exercise (``number`` counts that exercise's rounds)."""

    exercise: str
    number: int
    score: int
    total: int


@dataclass(frozen=True)
class Mistake:
    """A question answered wrongly: ``given`` is the level (Sorteren) or the mark (Advies of vraag?)."""

    question: Question
    given: str

    def explanation(self, lang: str) -> str:
        """Sorteren: the right level, what it is about, its key question, and the level given."""
        from ..questions import key_question, level_name

        right = self.question.level
        return catalog.text("exercises.sort_mistake", lang, right=level_name(right, lang),
                            about=catalog.text(f"questions.about_{right}", lang), key=key_question(right, lang),
                            given=level_name(self.given, lang))


@dataclass(frozen=True)
class Score:
    """The outcome of checking a round: points, maximum, and what went wrong."""

    score: int
    total: int
    mistakes: tuple = ()


@dataclass(frozen=True)
class Attempt:
    """A question the learner wrote and the engine's analysis (``None`` if the engine failed).

    ``words`` are the words that made the level, with their weights (``questions.explain``);
    ``note`` a text key said before the feedback (one word only, HTML tags left out).
    """

    text: str
    analysis: Any = None
    words: tuple = ()
    note: str = ""

    @property
    def usable(self) -> bool:
        """The engine analysed it as a question (no problem such as empty or not a question)."""
        a = self.analysis
        return a is not None and a.problem is None and a.level is not None

    @property
    def level(self) -> str | None:
        return self.analysis.level if self.usable else None

    @property
    def good_open_question(self) -> bool:
        """Open and not advice in disguise: what the rewrite step asks for."""
        return self.usable and bool(self.analysis.open) and not self.analysis.advice

    def feedback(self, lang: str) -> list[str]:
        if self.analysis is None:
            return [catalog.text("exercises.engine_error", lang)]
        note = [catalog.text(self.note, lang)] if self.note else []
        return note + list(self.analysis.feedback(lang))

    def rewrite(self, lang: str) -> str | None:
        return self.analysis.rewrite(lang) if self.analysis is not None else None

    def suggestion(self, lang: str):
        """The :class:`~intervisie_widgets.questions.rewrite.Rewrite` (text and kind), or ``None``."""
        if self.analysis is None:
            return None
        try:
            return self.analysis.suggestion(lang)
        except Exception:  # a rewrite is a bonus: the feedback stays without one
            log.exception("rewrite failed")
            return None

    def change(self, lang: str) -> str | None:
        """One line on what the learner can change, after the words that made the level."""
        if not self.usable:
            return None
        from ..questions.rewrite import problem_kind

        a = self.analysis
        kind = "stacked" if a.stacked else problem_kind(a)
        if kind is not None:
            return catalog.text(f"exercises.change_{kind}", lang)
        if a.level == LEVELS[-1]:
            return catalog.text("exercises.change_top", lang)
        from ..questions import key_question, level_name

        up = LEVELS[LEVELS.index(a.level) + 1]
        return catalog.text("exercises.change_higher", lang, level=level_name(up, lang), key=key_question(up, lang))


_TAG = re.compile(r"<[^>]*>")


def _words(text: str, lang: str) -> tuple:
    """The words that made the level (at most three), or nothing when ``explain`` fails."""
    try:
        from ..questions import explain

        return tuple(explain(text, lang, top=3))
    except Exception:  # highlighting is a bonus: never at the cost of the feedback
        log.exception("explain failed")
        return ()


def check_question(text: str, lang: str) -> Attempt:
    """Analyse learner input; never raises (a failing engine gives an attempt without analysis)."""
    text = "" if text is None else str(text)
    note = ""
    if "<" in text and _TAG.search(text):
        text, note = " ".join(_TAG.sub(" ", text).split()), "exercises.note_html"
    try:
        from ..questions import analyse

        analysis = analyse(text, lang=lang)
    except Exception:  # the page must keep working whatever is typed
        log.exception("question analysis failed")
        return Attempt(text, None)
    if analysis.problem is None and len(text.split()) == 1:
        note = note or "exercises.note_one_word"
    usable = analysis.problem is None and analysis.level is not None
    return Attempt(text, analysis, _words(text, analysis.lang) if usable else (), note)


def check_leervraag(text: str, lang: str):
    """The leervraag check of ``text``; ``None`` when the engine failed (never raises)."""
    try:
        from ..questions.leervraag import check

        return check(text, lang)
    except Exception:  # the page must keep working whatever is typed
        log.exception("leervraag check failed")
        return None
