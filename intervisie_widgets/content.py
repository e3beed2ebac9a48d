"""Load the kit's content (YAML under ``intervisie_widgets/content``) into the model.

Content is read once per process (``functools.cache``). A broken file never stops the
kit: it is left out and reported as a :class:`Problem` that names the file and the field,
so a trainer who adds a method of their own sees exactly what to fix.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml

from .model import (
    EXPERIENCE,
    GOALS,
    LANGUAGES,
    SPEAKERS,
    GroupSize,
    Method,
    Page,
    QuestionSet,
    Role,
    Step,
    Text,
    Variant,
)

CONTENT = resources.files("intervisie_widgets") / "content"


@dataclass(frozen=True)
class Problem:
    """Something wrong in a content file; ``severity`` is ``error`` (file skipped) or ``warning``."""

    file: str
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


class ContentError(ValueError):
    """A content file cannot be used; carries the :class:`Problem`."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


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


# --------------------------------------------------------------------------- parsing helpers
class Reader:
    """Reads fields from one YAML mapping and records problems against its file."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems

    def fail(self, field: str, message: str) -> ContentError:
        return ContentError(Problem(self.file, field, message))

    def warn(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, field, message, "warning"))

    def get(self, data: dict, key: str, where: str, kind: type | tuple = object, default: Any = ...) -> Any:
        field = f"{where}.{key}" if where else key
        if not isinstance(data, dict):
            raise self.fail(where or "(top)", "expected a mapping")
        if key not in data or data[key] is None:
            if default is ...:
                raise self.fail(field, "is missing")
            return default
        value = data[key]
        if kind is not object and not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(field, f"should be {_kind_name(kind)}, not {value!r:.60}")
        return value

    def text(self, data: dict, key: str, where: str, optional: bool = False) -> Text | None:
        field = f"{where}.{key}" if where else key
        value = self.get(data, key, where, default=None if optional else ...)
        if value is None:
            return None
        if isinstance(value, str):
            self.warn(field, "has one text for both languages; give nl and en")
            return Text(value, value)
        if not isinstance(value, dict):
            raise self.fail(field, "should be a mapping with nl and en")
        found = {lang: value.get(lang) for lang in LANGUAGES}
        for lang, v in found.items():
            if v is not None and not isinstance(v, str):
                raise self.fail(f"{field}.{lang}", "should be text")
        present = [lang for lang, v in found.items() if v and v.strip()]
        if not present:
            raise self.fail(field, "has no text in nl or en")
        for lang in LANGUAGES:
            if lang not in present:
                self.warn(f"{field}.{lang}", "translation missing; the other language is shown")
        nl = found["nl"] if "nl" in present else found["en"]
        en = found["en"] if "en" in present else found["nl"]
        return Text(nl.strip(), en.strip())

    def positive_int(self, data: dict, key: str, where: str, default: Any = ...) -> int:
        value = self.get(data, key, where, int, default)
        if value is not default and value <= 0:
            raise self.fail(f"{where}.{key}", f"should be more than 0, not {value}")
        return value

    def choice_list(self, data: dict, key: str, where: str, allowed: tuple[str, ...]) -> frozenset[str]:
        values = self.get(data, key, where, list, default=[])
        bad = [v for v in values if v not in allowed]
        if bad:
            raise self.fail(f"{where}.{key}" if where else key, f"unknown value(s) {bad}; allowed: {', '.join(allowed)}")
        return frozenset(values)


def _kind_name(kind: type | tuple) -> str:
    names = {int: "a whole number", str: "text", list: "a list", dict: "a mapping", bool: "true or false"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


# --------------------------------------------------------------------------- methods
def parse_method(data: Any, file: str, problems: list[Problem], role_ids: Iterable[str] = ()) -> Method:
    """Build a :class:`Method` from one parsed YAML document; raise :class:`ContentError`."""
    r = Reader(file, problems)
    if not isinstance(data, dict):
        raise r.fail("(top)", "the file should hold a mapping of fields")
    mid = r.get(data, "id", "", str)
    steps_data = r.get(data, "steps", "", list)
    if not steps_data:
        raise r.fail("steps", "needs at least one step")
    steps = []
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
        steps.append(
            Step(
                id=sid,
                name=r.text(sd, "name", where),
                what=r.text(sd, "what", where),
                speaker=speaker,
                minutes=r.positive_int(sd, "minutes", where),
                rules=r.text(sd, "rules", where),
                inbrenger_absent=bool(r.get(sd, "inbrenger_absent", where, bool, False)),
                advice_allowed=bool(r.get(sd, "advice_allowed", where, bool, False)),
            )
        )
    variants = tuple(_parse_variants(r, data))
    roles = tuple(r.get(data, "roles", "", list))
    known_roles = set(role_ids)
    if known_roles:
        unknown = [x for x in roles if x not in known_roles]
        if unknown:
            raise r.fail("roles", f"unknown role(s) {unknown}; known: {', '.join(sorted(known_roles))}")
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
        steps=tuple(steps),
        variants=variants,
        goals=r.choice_list(data, "goals", "", GOALS),
        experience=r.choice_list(data, "experience", "", EXPERIENCE),
        aliases=tuple(r.get(data, "aliases", "", list, [])),
        reconstructed=reconstructed,
        reconstructed_note=r.text(data, "reconstructed_note", "", optional=not reconstructed),
        question_sets=question_sets,
        needs_safe_group=r.get(data, "needs_safe_group", "", bool, False),
    )


def _parse_variants(r: Reader, data: dict) -> Iterable[Variant]:
    listed = r.get(data, "variants", "", list, None)
    synthesised = listed is None
    if synthesised:
        # A method without variants is one in-person variant described by top-level fields.
        listed = [{
            "id": "standaard",
            "name": {"nl": "Standaard", "en": "Standard"},
            "online": r.get(data, "online", "", bool, False),
            "group_size": r.get(data, "group_size", "", dict),
            "total_minutes": r.get(data, "total_minutes", "", int),
        }]
    for i, vd in enumerate(listed, start=1):
        # Problems in a method without variants name its top-level fields.
        where = "" if synthesised else f"variants[{i}]"
        gs = r.get(vd, "group_size", where, dict)
        gs_where = f"{where}.group_size" if where else "group_size"
        lo = r.positive_int(gs, "min", gs_where)
        hi = r.positive_int(gs, "max", gs_where)
        if lo > hi:
            raise r.fail(gs_where, f"min {lo} is more than max {hi}")
        yield Variant(
            id=r.get(vd, "id", where, str),
            name=r.text(vd, "name", where),
            online=r.get(vd, "online", where, bool, False),
            group_size=GroupSize(lo, hi),
            total_minutes=r.positive_int(vd, "total_minutes", where),
            rounds=r.positive_int(vd, "rounds", where, 1),
            pause_minutes=r.get(vd, "pause_minutes", where, int, 0),
        )


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
        explanations=tuple(e for _, e in parsed if e is not None),
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


def find_by_id(items: Iterable[Any], key: str) -> Any:
    """The item whose ``id`` is ``key``; KeyError otherwise (catalogs of forms, scenarios …)."""
    for item in items:
        if item.id == key:
            return item
    raise KeyError(key)


def yaml_sources(folder: str, env_var: str | None = None) -> list[tuple[str, str]]:
    """(display name, YAML text) of the packaged files in ``content/<folder>``, in name order,
    then those of a trainer's own directory named by the environment variable ``env_var``."""
    packaged = CONTENT.joinpath(folder)
    found = [(f"content/{folder}/{f.name}", f.read_text(encoding="utf-8"))
             for f in sorted(packaged.iterdir(), key=lambda f: f.name)
             if f.name.endswith((".yaml", ".yml"))] if packaged.is_dir() else []
    extra = os.environ.get(env_var) if env_var else None
    if extra and Path(extra).is_dir():
        found += [(str(f), f.read_text(encoding="utf-8")) for f in sorted(Path(extra).glob("*.y*ml"))]
    return found


def _method_sources() -> list[tuple[str, str]]:
    return yaml_sources("methods", "INTERVISIE_METHODS_DIR")


def build_catalog(sources: Iterable[tuple[str, str]]) -> Catalog:
    """Parse method files; a later file with the same id replaces an earlier one."""
    problems: list[Problem] = []
    by_id: dict[str, Method] = {}
    role_ids = tuple(roles())
    for name, raw in sources:
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else "(yaml)"
            problems.append(Problem(name, where, f"is not valid YAML: {getattr(exc, 'problem', exc)}"))
            continue
        try:
            method = parse_method(data, name, problems, role_ids)
        except ContentError as exc:
            problems.append(exc.problem)
            continue
        by_id[method.id] = method
    order = {mid: i for i, mid in enumerate(_display_order())}
    methods = sorted(by_id.values(), key=lambda m: (order.get(m.id, len(order)), m.id))
    return Catalog(tuple(methods), tuple(problems))


@functools.cache
def catalog() -> Catalog:
    """The methods of the kit (packaged plus ``INTERVISIE_METHODS_DIR``), loaded once."""
    return build_catalog(_method_sources())


def methods() -> tuple[Method, ...]:
    return catalog().methods


def method(key: str) -> Method:
    """The method with this id or alias; :class:`UnknownMethod` otherwise."""
    return catalog().get(key)


def _display_order() -> list[str]:
    return list(_yaml("methods_order.yaml") or [])


# --------------------------------------------------------------------------- roles, pages, texts
def _yaml(name: str) -> Any:
    return yaml.safe_load(CONTENT.joinpath(name).read_text(encoding="utf-8"))


@functools.cache
def roles() -> dict[str, Role]:
    problems: list[Problem] = []
    r = Reader("content/roles.yaml", problems)
    out = {}
    for i, rd in enumerate(_yaml("roles.yaml"), start=1):
        where = f"[{i}]"
        rid = r.get(rd, "id", where, str)
        out[rid] = Role(rid, r.text(rd, "name", where), r.text(rd, "duties", where))
    return out


@functools.cache
def pages() -> tuple[Page, ...]:
    problems: list[Problem] = []
    r = Reader("content/pages.yaml", problems)
    out = []
    for i, pd in enumerate(_yaml("pages.yaml"), start=1):
        where = f"[{i}]"
        out.append(Page(
            id=r.get(pd, "id", where, str),
            notebook=r.get(pd, "notebook", where, str),
            title=r.text(pd, "title", where),
            description=r.text(pd, "description", where),
            audience=tuple(r.get(pd, "audience", where, list, [])),
        ))
    return tuple(out)


@functools.cache
def texts() -> dict[str, Text]:
    """Every user-facing string, keyed ``<file>.<key>`` (e.g. ``methods.next``)."""
    problems: list[Problem] = []
    out: dict[str, Text] = {}
    for f in sorted(CONTENT.joinpath("texts").iterdir(), key=lambda f: f.name):
        if not f.name.endswith(".yaml"):
            continue
        namespace = f.name[: -len(".yaml")]
        r = Reader(f"content/texts/{f.name}", problems)
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        for key in data:
            out[f"{namespace}.{key}"] = r.text(data, key, "")
    return out


def text(key: str, lang: str, /, **values: object) -> str:
    """The text ``key`` in ``lang``, formatted with ``values``; the key itself if it is unknown."""
    t = texts().get(key)
    if t is None:
        return key
    s = t.get(lang)
    return s.format(**values) if values else s
