"""The preparation checklists: ``content/preparation.yaml`` (plus ``$INTERVISIE_CONTENT_DIR/preparation.yaml``).

The file has ``general:`` (items for every method) and ``methods:`` (per method id, its own items).
An item has an ``id``, a ``group`` (room, people, online), optional ``formats`` (in_person, online;
default both, and online only for the online group), a ``text`` in nl and en, and either a
``source`` or ``reconstructed: true`` with a ``note`` saying what was added. A trainer's file
replaces the packaged entries it names (``general`` or a method id). A broken file is left out
and reported as a :class:`~intervisie_widgets.catalog.Problem` naming the file and the line
(YAML) or the field (``methods.vijf-vragen[2].source``).
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..model.preparation import FORMATS, GENERAL, PREP_GROUPS, Checklist, Preparation, PrepItem
from . import method_files
from .loader import CONTENT, CONTENT_DIR_ENV, TRAINER, Kind, Problem, Reader, Source, load

FILE = "preparation.yaml"


def _item(r: Reader, data: Any, where: str, seen: dict[str, str]) -> PrepItem:
    item_id = r.get(data, "id", where, str)
    if item_id in seen:
        raise r.fail(f"{where}.id", f"duplicate item id {item_id!r}: {seen[item_id]} has it too")
    seen[item_id] = where
    group = r.get(data, "group", where, str)
    if group not in PREP_GROUPS:
        raise r.fail(f"{where}.group", f"unknown group {group!r}; allowed: {', '.join(PREP_GROUPS)}")
    formats = r.choice_list(data, "formats", where, FORMATS) or frozenset(
        ("online",) if group == "online" else FORMATS)
    source = r.text(data, "source", where, optional=True)
    reconstructed = r.get(data, "reconstructed", where, bool, False)
    note = r.text(data, "note", where, optional=True)
    if reconstructed and note is None:
        raise r.fail(f"{where}.note", "is missing; a reconstructed item says what was added")
    if not reconstructed and source is None:
        raise r.fail(f"{where}.source", "is missing; give the source, or reconstructed: true with a note")
    return PrepItem(item_id, group, r.text(data, "text", where), formats, source, reconstructed, note)


def _items(r: Reader, data: Any, where: str, seen: dict[str, str]) -> tuple[PrepItem, ...]:
    if not isinstance(data, list) or not data:
        raise r.fail(where, "should be a list of items")
    return tuple(_item(r, d, f"{where}[{i}]", seen) for i, d in enumerate(data, start=1))


def parse_preparation(data: Any, file: str, problems: list[Problem]) -> list[tuple[str, Preparation]]:
    """The entries of one preparation file as (field, :class:`Preparation`); ContentError names the field."""
    r = Reader(file, problems)
    if not isinstance(data, dict):
        raise r.fail("(top)", "the file should hold a mapping with general and methods")
    unknown = sorted(set(data) - {"general", "methods"})
    if unknown:
        raise r.fail(unknown[0], "unknown field; allowed: general, methods")
    seen: dict[str, str] = {}
    out = []
    if data.get("general") is not None:
        out.append(("general", Preparation(GENERAL, _items(r, data["general"], "general", seen))))
    known = method_files.method_catalog().ids
    for method_id, items in r.get(data, "methods", "", dict, {}).items():
        where = f"methods.{method_id}"
        if method_id not in known:
            raise r.fail(where, f"unknown method {method_id!r}; known: {', '.join(known)}")
        out.append((where, Preparation(method_id, _items(r, items, where, seen))))
    return out


#: Preparation entries; one file, so its sources come from :func:`sources`, not a folder.
KIND = Kind("preparation", parse_preparation, "preparation entry", many=True)


def sources() -> list[Source]:
    """The packaged file, then the trainer's ``$INTERVISIE_CONTENT_DIR/preparation.yaml`` (read now)."""
    found = [Source(f"content/{FILE}", CONTENT.joinpath(FILE).read_text(encoding="utf-8"))]
    root = os.environ.get(CONTENT_DIR_ENV)
    if root and (Path(root) / FILE).is_file():
        path = Path(root) / FILE
        found.append(Source(str(path), path.read_text(encoding="utf-8"), TRAINER))
    return found


@dataclass(frozen=True)
class PreparationCatalog:
    entries: tuple[Preparation, ...]
    problems: tuple[Problem, ...]

    def items_of(self, entry_id: str) -> tuple[PrepItem, ...]:
        return next((e.items for e in self.entries if e.id == entry_id), ())

    def checklist(self, method_id: str, variant_id: str, online: bool) -> Checklist:
        """The general items, then the method's own, that hold for the format."""
        items = self.items_of(GENERAL) + self.items_of(method_id)
        return Checklist(method_id, variant_id, online, tuple(i for i in items if i.holds_for(online)))


def build_preparation(sources: Iterable[Source | tuple[str, str]]) -> PreparationCatalog:
    """Parse preparation files (:func:`~intervisie_widgets.catalog.loader.load`)."""
    loaded = load(KIND, sources)
    return PreparationCatalog(loaded.items, loaded.problems)


@functools.cache
def catalog() -> PreparationCatalog:
    """The checklists of the kit (packaged plus the trainer's), loaded once."""
    return build_preparation(sources())


def checklist(method_id: str, variant_id: str | None = None) -> Checklist:
    """The checklist of a method (id or alias) in one of its variants (default: its first)."""
    m = method_files.method(method_id)
    v = m.variant(variant_id)
    return catalog().checklist(m.id, v.id, v.online)
