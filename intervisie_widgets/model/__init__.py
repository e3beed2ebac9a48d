"""Domain model: frozen dataclasses, standard library only.

Every value here is immutable; transitions return new values with
:func:`dataclasses.replace`. Nothing in this package does I/O or knows about widgets.
One module per feature: ``text``, ``method``, ``question``, ``session``, ``group``,
``planning``, ``form`` and ``scenario``; the names used everywhere are re-exported here.
"""
from .method import EXPERIENCE, GOALS, SPEAKERS, GroupSize, Method, QuestionSet, Step, Variant
from .question import LEVELS, Question
from .text import DEFAULT_LANG, LANGUAGES, Lang, Page, Role, Text

__all__ = [
    "DEFAULT_LANG", "EXPERIENCE", "GOALS", "LANGUAGES", "LEVELS", "SPEAKERS",
    "GroupSize", "Lang", "Method", "Page", "Question", "QuestionSet", "Role", "Step", "Text", "Variant",
]
