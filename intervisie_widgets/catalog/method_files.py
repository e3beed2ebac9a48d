"""The intervisie methods (``content/methods/*.yaml`` plus ``$INTERVISIE_CONTENT_DIR/methods/``)
as :class:`Method` values."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Iterable

from ..model.method import (
    DEFAULT_GROUP_SIZE,
    EXPERIENCE,
    GOALS,
    SPEAKERS,
    GroupSize,
    Method,
    QuestionSet,
    Step,
    Variant,
)
from .loader import Kind, Problem, Reader, Source, load, read_yaml
from ..model.text import Text
from .text_files import roles, text


class UnknownMethod(KeyError):
    """No method with this id or alias."""

    def __init__(self, key: str, known: Iterable[str]):
        self.key = key
        self.known = tuple(known)
        super().__init__(key)

    def __str__(self) -> str:
        return text("errors.unknown_method", "nl", key=self.key, known=", ".join(self.known))

    def message(self, lang: str) -> str:
        return text("errors.unknown_method", lang, key=self.key, known=", ".join(self.known))


# --------------------------------------------------------------------------- methods
def parse_method(data: Any, file: str, problems: list[Problem], role_ids: Iterable[str] = ()) -> Method:
    """Build a :class:`Method` from one parsed YAML document; raise :class:`ContentError`."""
    r = Reader(file, problems)
    if not isinstance(data, dict):
        raise r.fail("(top)", "the file should hold a mapping of fields")
    mid = r.get(data, "id", "", str)
    steps = tuple(_parse_steps(r, data))
    variants = tuple(_parse_variants(r, data))
    roles = _parse_roles(r, data, set(role_ids))
    question_sets = tuple(_parse_question_set(r, q, f"question_sets[{i}]")
                          for i, q in enumerate(r.get(data, "question_sets", "", list, []), start=1))
    reconstructed = r.get(data, "reconstructed", "", bool, False)
    return Method(
        id=mid,
        name=r.text(data, "name", ""),
        purpose=r.text(data, "purpose", ""),
        when=r.text(data, "when", ""),
        source=r.text(data, "source", ""),
        roles=roles,
        steps=steps,
        variants=variants,
        goals=r.choice_list(data, "goals", "", GOALS),
        experience=r.choice_list(data, "experience", "", EXPERIENCE),
        aliases=tuple(r.get(data, "aliases", "", list, [])),
        reconstructed=reconstructed,
        reconstructed_note=r.text(data, "reconstructed_note", "", optional=not reconstructed),
        question_sets=question_sets,
        needs_safe_group=r.get(data, "needs_safe_group", "", bool, False),
        goal_reasons=_parse_goal_reasons(r, data),
    )


def _parse_goal_reasons(r: Reader, data: dict) -> tuple:
    """``goal_reasons``: per goal of the method, the reason its source gives (optional)."""
    given = r.get(data, "goal_reasons", "", dict, {})
    goals = set(r.get(data, "goals", "", list, []))
    bad = [g for g in given if g not in goals]
    if bad:
        raise r.fail("goal_reasons", f"reason(s) for {bad}, which are not among the method's goals")
    return tuple((g, r.text(given, g, "goal_reasons")) for g in given)


def _parse_steps(r: Reader, data: dict) -> Iterable[Step]:
    steps_data = r.get(data, "steps", "", list)
    if not steps_data:
        raise r.fail("steps", "needs at least one step")
    seen: set[str] = set()
    for i, sd in enumerate(steps_data, start=1):
        where = f"steps[{i}]"
        sid = r.get(sd, "id", where, str)
        if sid in seen:
            raise r.fail(f"{where}.id", f"duplicate step id {sid!r}")
        seen.add(sid)
        speaker = r.get(sd, "speaker", where, str)
        if speaker not in SPEAKERS:
            raise r.fail(f"{where}.speaker", f"unknown speaker {speaker!r}; allowed: {', '.join(SPEAKERS)}")
        yield Step(
            id=sid,
            name=r.text(sd, "name", where),
            what=r.text(sd, "what", where),
            speaker=speaker,
            minutes=r.positive_int(sd, "minutes", where),
            rules=r.text(sd, "rules", where),
            inbrenger_absent=bool(r.get(sd, "inbrenger_absent", where, bool, False)),
            advice_allowed=bool(r.get(sd, "advice_allowed", where, bool, False)),
            uses_question_set=bool(r.get(sd, "uses_question_set", where, bool, False)),
        )


def _parse_roles(r: Reader, data: dict, known: set[str]) -> tuple[str, ...]:
    roles = tuple(r.get(data, "roles", "", list))
    unknown = [x for x in roles if x not in known] if known else []
    if unknown:
        raise r.fail("roles", f"unknown role(s) {unknown}; known: {', '.join(sorted(known))}")
    return roles


def _parse_variants(r: Reader, data: dict) -> Iterable[Variant]:
    listed = r.get(data, "variants", "", list, None)
    synthesised = listed is None
    if synthesised:
        # A method without variants is one in-person variant described by top-level fields.
        listed = [{
            "id": "standaard",
            "name": {"nl": "Standaard", "en": "Standard"},
            "online": r.get(data, "online", "", bool, False),
            "group_size": r.get(data, "group_size", "", dict, None),
            "size_source": data.get("size_source"),
            "total_minutes": r.get(data, "total_minutes", "", int),
        }]
    for i, vd in enumerate(listed, start=1):
        # Problems in a method without variants name its top-level fields.
        where = "" if synthesised else f"variants[{i}]"
        size, source = _parse_size(r, vd, where)
        yield Variant(
            id=r.get(vd, "id", where, str),
            name=r.text(vd, "name", where),
            online=r.get(vd, "online", where, bool, False),
            group_size=size or DEFAULT_GROUP_SIZE,
            total_minutes=r.positive_int(vd, "total_minutes", where),
            rounds=r.positive_int(vd, "rounds", where, 1),
            pause_minutes=r.get(vd, "pause_minutes", where, int, 0),
            size_source=source,
            size_default=size is None,
        )


def _parse_size(r: Reader, vd: dict, where: str) -> tuple[GroupSize | None, Text | None]:
    """``group_size`` {min, max} and its ``size_source`` text; (None, None) when no size is named
    (seed 003's general 5-8 then applies)."""
    gs = r.get(vd, "group_size", where, dict, None)
    if gs is None:
        if r.get(vd, "size_source", where, default=None) is not None:
            raise r.fail(f"{where}.size_source" if where else "size_source", "is given without a group_size")
        return None, None
    gs_where = f"{where}.group_size" if where else "group_size"
    lo = r.positive_int(gs, "min", gs_where)
    hi = r.positive_int(gs, "max", gs_where)
    if lo > hi:
        raise r.fail(gs_where, f"min {lo} is more than max {hi}")
    return GroupSize(lo, hi), r.text(vd, "size_source", where, optional=True)


def _parse_question_set(r: Reader, data: dict, where: str) -> QuestionSet:
    questions = r.get(data, "questions", where, list)
    parsed = [(r.text(q, "text", f"{where}.questions[{i}]"),
               r.text(q, "explanation", f"{where}.questions[{i}]", optional=True))
              for i, q in enumerate(questions, start=1)]
    return QuestionSet(
        id=r.get(data, "id", where, str),
        name=r.text(data, "name", where),
        description=r.text(data, "description", where),
        questions=tuple(q for q, _ in parsed),
        explanations=tuple(e for _, e in parsed) if any(e is not None for _, e in parsed) else (),
    )


@dataclass(frozen=True)
class Catalog:
    """All methods that loaded, in display order, and the problems found on the way."""

    methods: tuple[Method, ...]
    problems: tuple[Problem, ...]

    def get(self, key: str) -> Method:
        for m in self.methods:
            if m.matches(key):
                return m
        raise UnknownMethod(key, (m.id for m in self.methods))

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.methods)


def _parse_with_roles(data: Any, file: str, problems: list[Problem]) -> Method:
    return parse_method(data, file, problems, tuple(roles()))


#: Methods: ``content/methods/*.yaml`` plus ``$INTERVISIE_CONTENT_DIR/methods/``
#: (or the deprecated ``INTERVISIE_METHODS_DIR``).
KIND = Kind("methods", _parse_with_roles, "method id", legacy_env="INTERVISIE_METHODS_DIR")


def sources() -> list[Source]:
    """The packaged files, then the trainer's (read now, not cached)."""
    return KIND.sources()


def build_catalog(sources: Iterable[Source | tuple[str, str]]) -> Catalog:
    """Parse method files (:func:`~intervisie_widgets.catalog.loader.load`: a trainer's file with a
    packaged id replaces it) and put the methods in display order."""
    loaded = load(KIND, sources)
    order = {mid: i for i, mid in enumerate(_display_order())}
    methods = sorted(loaded.items, key=lambda m: (order.get(m.id, len(order)), m.id))
    return Catalog(tuple(methods), loaded.problems)


@functools.cache
def method_catalog() -> Catalog:
    """The methods of the kit (packaged plus the trainer's), loaded once."""
    return build_catalog(sources())


def methods() -> tuple[Method, ...]:
    return method_catalog().methods


def method(key: str) -> Method:
    """The method with this id or alias; :class:`UnknownMethod` otherwise."""
    return method_catalog().get(key)


def _display_order() -> list[str]:
    return list(read_yaml("methods_order.yaml") or [])


