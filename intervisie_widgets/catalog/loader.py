"""The shared pieces of every catalog: where content lives, problems, the YAML field reader."""
from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..model.text import LANGUAGES, Text

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


def read_yaml(name: str) -> Any:
    """One YAML file directly under ``content/`` (``pages.yaml``, ``roles.yaml`` …), parsed."""
    return yaml.safe_load(CONTENT.joinpath(name).read_text(encoding="utf-8"))
