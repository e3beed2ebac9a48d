"""Question analysis: the level on the piramide van Bateson en Dilts, open or closed, advice in disguise.

>>> from intervisie_widgets.questions import analyse
>>> a = analyse("Wat vind je daar belangrijk aan?")
>>> a.level, a.open, a.advice
('overtuigingen', True, False)
>>> a.feedback("nl")       # points that say why   # doctest: +SKIP
>>> a.rewrite("nl")        # a better question     # doctest: +SKIP

Importing this package is light (no numpy); the level model is loaded or trained on the
first analysis and cached (see :mod:`.levels`). The form of a question (open, advice,
leading, stacked, bare why) comes from plain rules over ``content/questions/cues.yaml``.
"""
from ..model import LEVELS
from .analysis import (
    MAX_CHARS,
    PROBLEMS,
    Analysis,
    analyse,
    analyse_many,
    key_question,
    level_name,
    level_number,
)
from .explain import explain
from .evaluate import dev_items, evaluate, export_dev, format_report
from .text import detect_language

__all__ = [
    "LEVELS",
    "MAX_CHARS",
    "PROBLEMS",
    "Analysis",
    "analyse",
    "analyse_many",
    "key_question",
    "detect_language",
    "dev_items",
    "evaluate",
    "explain",
    "export_dev",
    "format_report",
    "level_name",
    "level_number",
]
