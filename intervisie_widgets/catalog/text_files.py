"""Every user-facing string (``content/texts/*.yaml``), the roles and the pages of the kit."""
from __future__ import annotations

import functools
import logging
import os

import yaml

from ..model.text import Page, Role, Text
from .loader import CONTENT, Problem, Reader, read_yaml

#: With ``INTERVISIE_STRICT_TEXTS=1`` (the tests set it) an unknown text key raises :class:`MissingText`.
STRICT_ENV = "INTERVISIE_STRICT_TEXTS"
_log = logging.getLogger(__name__)
_warned: set[str] = set()


class MissingText(KeyError):
    """A text key that is in no ``content/texts/*.yaml`` file (raised in strict mode only)."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key

    def __str__(self) -> str:
        namespace, _, name = self.key.partition(".")
        where = f"content/texts/{namespace}.yaml" if name else "content/texts/<file>.yaml"
        return f"no text {self.key!r}: add it with nl and en to {where}"


def strict_texts() -> bool:
    """Whether an unknown text key raises (``INTERVISIE_STRICT_TEXTS=1``) instead of showing the key."""
    return os.environ.get(STRICT_ENV, "").strip().lower() in ("1", "true", "yes")


# --------------------------------------------------------------------------- roles, pages, texts
@functools.cache
def roles() -> dict[str, Role]:
    problems: list[Problem] = []
    r = Reader("content/roles.yaml", problems)
    out = {}
    for i, rd in enumerate(read_yaml("roles.yaml"), start=1):
        where = f"[{i}]"
        rid = r.get(rd, "id", where, str)
        out[rid] = Role(rid, r.text(rd, "name", where), r.text(rd, "duties", where))
    return out


@functools.cache
def pages() -> tuple[Page, ...]:
    problems: list[Problem] = []
    r = Reader("content/pages.yaml", problems)
    out = []
    for i, pd in enumerate(read_yaml("pages.yaml"), start=1):
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


def name_list(names: tuple, lang: str) -> str:
    """Names as a list in ``lang``: 'Fien', 'Fien en Gert', 'Fien, Gert en Hans' ('… and Hans')."""
    names = [str(n) for n in names]
    if len(names) < 2:
        return "".join(names)
    return text("common.name_list", lang, first=", ".join(names[:-1]), last=names[-1])


def text(key: str, lang: str, /, **values: object) -> str:
    """The text ``key`` in ``lang``, formatted with ``values``; a tuple value is said as a list
    (:func:`name_list`).

    An unknown key raises :class:`MissingText` in strict mode (:func:`strict_texts`); otherwise
    the key itself is shown and a warning is logged once per key.
    """
    values = {k: name_list(v, lang) if isinstance(v, tuple) else v for k, v in values.items()}
    t = texts().get(key)
    if t is None:
        if strict_texts():
            raise MissingText(key)
        if key not in _warned:
            _warned.add(key)
            _log.warning("%s; the key is shown instead", MissingText(key))
        return key
    s = t.get(lang)
    return s.format(**values) if values else s
