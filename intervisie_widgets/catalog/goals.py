"""Seed 001's starting points and goals: ``content/goals.yaml``, read through
:func:`~intervisie_widgets.catalog.loader.load` (a broken file is a Problem naming file and line
or field; the kit then offers no goals to choose, and says so)."""
from __future__ import annotations

import functools
from typing import Any, Iterable

from ..model.goals import GroupGoals, Principle
from ..model.text import Text
from .loader import CONTENT, Kind, Problem, Reader, Source, load

FILE = "goals.yaml"
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


def _list(r: Reader, data: dict, key: str) -> tuple[Principle, ...]:
    out, seen = [], set()
    for i, d in enumerate(r.get(data, key, "", list), start=1):
        where = f"{key}[{i}]"
        pid = r.get(d, "id", where, str)
        if not pid or not set(pid) <= _ID_CHARS or pid in seen:
            raise r.fail(f"{where}.id", f"{pid!r}: use lowercase letters, digits or underscores, each id once")
        seen.add(pid)
        out.append(Principle(pid, r.text(d, "text", where)))
    if not out:
        raise r.fail(key, "needs at least one entry")
    return tuple(out)


def parse_goals(data: Any, file: str, problems: list[Problem]) -> GroupGoals:
    """The starting points and goals of one file; :class:`ContentError` names the field."""
    r = Reader(file, problems)
    if not isinstance(data, dict):
        raise r.fail("(top)", "the file should hold a mapping with source, starting_points and goals")
    return GroupGoals(r.text(data, "source", ""), _list(r, data, "starting_points"), _list(r, data, "goals"))


KIND = Kind("goals", parse_goals, "goals file")
EMPTY = GroupGoals(Text("", ""), (), ())


def build_goals(sources: Iterable[Source | tuple[str, str]]) -> tuple[GroupGoals, tuple[Problem, ...]]:
    loaded = load(KIND, sources)
    return (loaded.items[-1] if loaded.items else EMPTY), loaded.problems


@functools.cache
def loaded() -> tuple[GroupGoals, tuple[Problem, ...]]:
    return build_goals([Source(f"content/{FILE}", CONTENT.joinpath(FILE).read_text(encoding="utf-8"))])


def group_goals() -> GroupGoals:
    """Seed 001's starting points and goals, loaded once."""
    return loaded()[0]
