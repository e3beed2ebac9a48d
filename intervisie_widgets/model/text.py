"""Texts in two languages, and the pages and roles of the kit (frozen values, standard library only)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["nl", "en"]
LANGUAGES: tuple[str, ...] = ("nl", "en")
DEFAULT_LANG: Lang = "nl"


@dataclass(frozen=True)
class Text:
    """A user-facing text in Dutch and English."""

    nl: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang``; Dutch when the language is unknown."""
        return self.en if lang == "en" else self.nl

    def format(self, lang: str, **values: object) -> str:
        return self.get(lang).format(**values)



@dataclass(frozen=True)
class Role:
    """A role in an intervisie session (inbrenger, deelnemer, gespreksleider …)."""

    id: str
    name: Text
    duties: Text


@dataclass(frozen=True)
class Page:
    """A page of the web app: one notebook served by Voilà."""

    id: str
    notebook: str
    title: Text
    description: Text
    audience: tuple[str, ...] = field(default_factory=tuple)

