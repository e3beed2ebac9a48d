"""Judging the learner's answers in the exercises: typed questions, mistakes, scores per round.

Plain frozen dataclasses and one function around the question engine; no state, no widgets.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from .. import catalog
from ..model import Question

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
    """A question the learner wrote and the engine's analysis (``None`` if the engine failed)."""

    text: str
    analysis: Any = None

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
        return list(self.analysis.feedback(lang))

    def rewrite(self, lang: str) -> str | None:
        return self.analysis.rewrite(lang) if self.analysis is not None else None


def check_question(text: str, lang: str) -> Attempt:
    """Analyse learner input; never raises (a failing engine gives an attempt without analysis)."""
    text = "" if text is None else str(text)
    try:
        from ..questions import analyse

        return Attempt(text, analyse(text, lang=lang))
    except Exception:  # the page must keep working whatever is typed
        log.exception("question analysis failed")
        return Attempt(text, None)
