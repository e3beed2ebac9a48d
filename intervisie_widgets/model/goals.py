"""Seed 001's starting points and goals of a group (frozen values, standard library only)."""
from __future__ import annotations

from dataclasses import dataclass

from .text import Text


@dataclass(frozen=True)
class Principle:
    """One starting point or goal: an id (stored with the group) and its text."""

    id: str
    text: Text


@dataclass(frozen=True)
class GroupGoals:
    """The starting points and goals a group can take on, with where they come from."""

    source: Text
    starting_points: tuple[Principle, ...]
    goals: tuple[Principle, ...]
    id: str = "goals"

    @property
    def goal_ids(self) -> tuple[str, ...]:
        return tuple(g.id for g in self.goals)

    def goal(self, goal_id: str) -> Principle:
        return next(g for g in self.goals if g.id == goal_id)

    def known(self, ids) -> tuple[str, ...]:
        """The known goal ids among ``ids``, in the order of the goals, each once."""
        wanted = set(ids)
        return tuple(g for g in self.goal_ids if g in wanted)
