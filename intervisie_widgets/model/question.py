"""The piramide van Bateson en Dilts and a labelled question of the bank (frozen values)."""
from __future__ import annotations

from dataclasses import dataclass

#: The piramide van Bateson en Dilts, bottom to top.
LEVELS: tuple[str, ...] = ("omgeving", "gedrag", "vaardigheden", "overtuigingen", "identiteit", "zingeving")


@dataclass(frozen=True)
class Question:
    """A labelled question from the question bank."""

    text: str
    lang: str
    level: str
    open: bool = True
    advice: bool = False
    leading: bool = False
    stacked: bool = False
    why: bool = False
    sector: str = ""
    split: str = "train"
    #: The text as learners see it (capital, question mark, spelling, je-form); "" shows ``text``.
    display: str = ""
    #: The template this entry is a variant of (ik/je/we forms of one sentence share it); "" for none.
    tpl: str = ""

    @property
    def shown(self) -> str:
        """The text to show a learner: the display form, else the text as typed."""
        return self.display or self.text
