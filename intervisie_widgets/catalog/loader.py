"""The one catalog loader (:func:`load`) and the pieces every catalog shares: where content
lives (the packaged ``content/<kind>/`` folder plus the trainer's ``INTERVISIE_CONTENT_DIR/<kind>/``),
:class:`Problem`, :class:`ContentError` and the YAML field :class:`Reader`.

Every kind of content (methods, forms, scenarios, the question bank) goes through :func:`load`:
a YAML error is a Problem with ``line N``; the kind's parse function raises ContentError with a
field path such as ``steps[2].minutes``; and one duplicate-id rule holds (see :func:`load`).
"""
from __future__ import annotations

import logging
import operator
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Hashable, Iterable, NamedTuple

import yaml

from ..model.text import LANGUAGES, Text

CONTENT = resources.files("intervisie_widgets") / "content"
#: The trainer's own content folder: subfolders ``methods/``, ``forms/``, ``scenarios/``, ``questions/<lang>/``.
CONTENT_DIR_ENV = "INTERVISIE_CONTENT_DIR"
PACKAGED, TRAINER = "packaged", "trainer"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    """Something wrong in a content file; ``severity`` is ``error`` (the file, or the entry of a
    question bank file, is left out) or ``warning``."""

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


def find_by_id(items: Iterable[Any], key: str) -> Any:
    """The item whose ``id`` is ``key``; KeyError otherwise (catalogs of forms, scenarios …)."""
    for item in items:
        if item.id == key:
            return item
    raise KeyError(key)


def read_yaml(name: str) -> Any:
    """One YAML file directly under ``content/`` (``pages.yaml``, ``roles.yaml`` …), parsed."""
    return yaml.safe_load(CONTENT.joinpath(name).read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- sources
class Source(NamedTuple):
    """One content file: its display name, its YAML text and where it comes from."""

    name: str
    text: str
    origin: str = PACKAGED


def trainer_dirs(folder: str, legacy_env: str | None = None) -> list[Path]:
    """The trainer's folders for ``folder``: ``$INTERVISIE_CONTENT_DIR/<folder>``, then the folder
    named by the deprecated variable ``legacy_env`` (``INTERVISIE_METHODS_DIR`` …); existing ones only."""
    found = []
    root = os.environ.get(CONTENT_DIR_ENV)
    if root:
        found.append(Path(root) / folder)
    legacy = os.environ.get(legacy_env) if legacy_env else None
    if legacy:
        _log.warning("%s is deprecated; put the files in $%s/%s/ instead", legacy_env, CONTENT_DIR_ENV, folder)
        found.append(Path(legacy))
    unique: dict[Path, Path] = {}
    for d in found:
        if d.is_dir():
            unique.setdefault(d.resolve(), d)
    return list(unique.values())


def yaml_sources(folder: str, legacy_env: str | None = None) -> list[Source]:
    """The packaged YAML files in ``content/<folder>`` in name order, then the trainer's
    (:func:`trainer_dirs`) in name order."""
    packaged = CONTENT.joinpath(*folder.split("/"))
    found = [Source(f"content/{folder}/{f.name}", f.read_text(encoding="utf-8"))
             for f in sorted(packaged.iterdir(), key=lambda f: f.name)
             if f.name.endswith((".yaml", ".yml"))] if packaged.is_dir() else []
    for d in trainer_dirs(folder, legacy_env):
        found += [Source(str(f), f.read_text(encoding="utf-8"), TRAINER)
                  for f in sorted(d.iterdir()) if f.suffix in (".yaml", ".yml") and f.is_file()]
    return found


def parse_yaml(source: Source) -> Any:
    """The parsed YAML of ``source``; a syntax error is a :class:`ContentError` at ``line N``."""
    try:
        return yaml.load(source.text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        # An unclosed bracket is found at the end of the stream: report the file's last line.
        where = f"line {min(mark.line + 1, max(1, len(source.text.splitlines())))}" if mark else "(yaml)"
        message = f"is not valid YAML: {getattr(exc, 'problem', None) or exc}"
        raise ContentError(Problem(source.name, where, message)) from None


# --------------------------------------------------------------------------- the one loader
@dataclass(frozen=True)
class Kind:
    """One kind of content and how a file of it becomes items.

    ``parse(data, file, problems)`` builds one item from a file's parsed YAML (or, with
    ``many``, a list of ``(field, item)``) and raises :class:`ContentError` naming the field;
    ``key(item)`` is the item's id, which ``label`` names in messages (``method id``);
    ``check(item, others, file)`` may refuse an item that clashes with the others kept so far
    (it raises ContentError); ``legacy_env`` is a deprecated variable naming a trainer folder.
    """

    folder: str
    parse: Callable[[Any, str, list[Problem]], Any]
    label: str
    key: Callable[[Any], Hashable] = operator.attrgetter("id")
    legacy_env: str | None = None
    many: bool = False
    check: Callable[[Any, list, str], None] | None = None

    def sources(self) -> list[Source]:
        return yaml_sources(self.folder, self.legacy_env)


@dataclass(frozen=True)
class Loaded:
    items: tuple
    problems: tuple[Problem, ...]


class _Holder(NamedTuple):
    item: Any
    origin: str
    where: str  # file (and field) that gave the item, for duplicate messages


def load(kind: Kind, sources: Iterable[Source | tuple] | None = None) -> Loaded:
    """Parse ``sources`` (default: the kind's packaged and trainer files) into items and problems.

    A broken file (or entry) is left out with a :class:`Problem`. The duplicate-id rule, the
    same for every kind: a trainer item with the id of a packaged one replaces it (in its
    place); two items of the same origin with one id are an error naming both files, and the
    later one is left out.
    """
    problems: list[Problem] = []
    kept: dict[Hashable, _Holder] = {}
    for src in (Source(*s) for s in (kind.sources() if sources is None else sources)):
        try:
            parsed = kind.parse(parse_yaml(src), src.name, problems)
        except ContentError as exc:
            problems.append(exc.problem)
            continue
        for field, item in (parsed if kind.many else [("id", parsed)]):
            try:
                _keep(kind, kept, item, src, field)
            except ContentError as exc:
                problems.append(exc.problem)
    return Loaded(tuple(h.item for h in kept.values()), tuple(problems))


def _keep(kind: Kind, kept: dict, item: Any, src: Source, field: str) -> None:
    key = kind.key(item)
    held = kept.get(key)
    where = src.name if field == "id" else f"{src.name} {field}"
    if held is not None and held.origin == src.origin:
        raise ContentError(Problem(src.name, field, f"duplicate {kind.label} {_show(key)}: {held.where} "
                                                    f"has it too; this one is left out"))
    if held is not None and src.origin != TRAINER:
        return  # a trainer's item already replaced this packaged one
    if kind.check is not None:
        kind.check(item, [h.item for k, h in kept.items() if k != key], src.name)
    kept[key] = _Holder(item, src.origin, where)


def _show(key: Hashable) -> str:
    return repr(key[-1]) if isinstance(key, tuple) else repr(key)
