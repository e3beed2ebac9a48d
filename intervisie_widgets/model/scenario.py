"""A scripted practice scenario: per step of a method a situation with options (frozen values)."""
from __future__ import annotations

from dataclasses import dataclass

from .text import Text

DEFAULT_PRACTICE_PAGE = "vragen.ipynb"


@dataclass(frozen=True)
class Option:
    text: Text
    feedback: Text
    score: int


@dataclass(frozen=True)
class ScenarioStep:
    """The learner's moment in one step of the method."""

    step: str
    situation: Text
    options: tuple[Option, ...]

    @property
    def best(self) -> int:
        """Index of the option with the highest score."""
        return max(range(len(self.options)), key=lambda i: self.options[i].score)

    @property
    def max_score(self) -> int:
        return self.options[self.best].score


@dataclass(frozen=True)
class Scenario:
    id: str
    method: str
    variant: str
    title: Text
    sector: Text
    case: Text
    leervraag: Text
    role: str
    role_intro: Text
    steps: tuple[ScenarioStep, ...]
    practise: Text
    practice_page: str = DEFAULT_PRACTICE_PAGE

    @property
    def max_score(self) -> int:
        return sum(s.max_score for s in self.steps)
