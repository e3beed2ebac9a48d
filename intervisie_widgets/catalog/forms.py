"""Evaluation forms as content: ``content/forms/*.yaml`` (plus ``$INTERVISIE_CONTENT_DIR/forms/``).

A form has roles, named scales and items. An item is a ``scale`` item (a whole number on one
of the form's scales) or a ``text`` item (an open answer with a maximum length), answered by
``all`` roles or a list of them, optionally only in some methods (``when``, ``methods``), about the
one who leads (``about: leader``) or ``retired``; ``turn_roles`` and ``leader_role`` are checked
against the form's roles (see the head of ``content/forms/sessie.yaml``). Item ids are unique over all forms: the export has one column
per item. A broken file is left out and reported as a :class:`~intervisie_widgets.catalog.Problem`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Iterable

from ..model.form import ABOUT, CONDITIONS, ITEM_TYPES, KINDS, EvaluationForm, FormItem, FormRole, Scale
from .loader import ContentError, Kind, Problem, Reader, Source, find_by_id, load

_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")
_METHOD_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


# --------------------------------------------------------------------------- parsing
def _ident(r: Reader, data: dict, where: str) -> str:
    value = r.get(data, "id", where, str)
    if not value or not set(value) <= _ID_CHARS or len(value) > 60:
        raise r.fail(f"{where}.id", f"{value!r}: use 1–60 lowercase letters, digits or underscores")
    return value


def parse_form(data: Any, file: str, problems: list[Problem]) -> EvaluationForm:
    """Build a form from one parsed YAML document; :class:`ContentError` names file and field."""
    r = Reader(file, problems)
    if not isinstance(data, dict):
        raise r.fail("(top)", "the file should hold a mapping of fields")
    kind = r.get(data, "kind", "", str)
    if kind not in KINDS:
        raise r.fail("kind", f"{kind!r}; allowed: {', '.join(KINDS)}")
    roles = tuple(FormRole(_ident(r, rd, f"roles[{i}]"), r.text(rd, "name", f"roles[{i}]"))
                  for i, rd in enumerate(r.get(data, "roles", "", list), start=1))
    if not roles or len({x.id for x in roles}) != len(roles):
        raise r.fail("roles", "needs at least one role and unique role ids")
    role_ids = {x.id for x in roles}
    turn_roles, leader = _turn_roles(r, data, role_ids), r.get(data, "leader_role", "", str, "")
    if leader and leader not in role_ids:
        raise r.fail("leader_role", f"{leader!r} is not one of the roles {', '.join(sorted(role_ids))}")
    scales = {sid: _parse_scale(r, sid, sd) for sid, sd in r.get(data, "scales", "", dict, {}).items()}
    items, seen = [], set()
    for i, idata in enumerate(r.get(data, "items", "", list), start=1):
        item = _parse_item(r, idata, f"items[{i}]", scales, role_ids)
        _check_about(r, item, f"items[{i}]", leader)
        if item.id in seen:
            raise r.fail(f"items[{i}].id", f"duplicate item id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise r.fail("items", "needs at least one item")
    return EvaluationForm(_ident(r, data, ""), kind, r.text(data, "title", ""), r.text(data, "intro", ""),
                          roles, tuple(items), turn_roles, leader)


def _turn_roles(r: Reader, data: dict, role_ids: set[str]) -> tuple[str, ...]:
    value = r.get(data, "turn_roles", "", list, [])
    if value and (len(value) < 2 or len(set(value)) != len(value) or not set(value) <= role_ids):
        raise r.fail("turn_roles", f"{value!r}: use two or more different roles of {', '.join(sorted(role_ids))}")
    return tuple(value)


def _check_about(r: Reader, item: FormItem, where: str, leader: str) -> None:
    """An item about the leader needs a ``leader_role`` and is answered by the other roles only."""
    if item.about != "leader":
        return
    if not leader:
        raise r.fail(f"{where}.about", "about: leader needs the form's leader_role")
    if item.roles is None or leader in item.roles:
        raise r.fail(f"{where}.roles", f"an item about the leader is answered by the other roles, "
                                        f"not by {leader!r}: list them")


def _parse_scale(r: Reader, sid: str, sd: dict) -> Scale:
    where = f"scales.{sid}"
    lo, hi = r.get(sd, "min", where, int), r.get(sd, "max", where, int)
    if not 0 <= lo < hi <= 100:
        raise r.fail(where, f"needs 0 <= min < max <= 100, not {lo}..{hi}")
    labels = []
    for value, _ in r.get(sd, "labels", where, dict, {}).items():
        if not isinstance(value, int) or not lo <= value <= hi:
            raise r.fail(f"{where}.labels", f"label for {value!r} is outside {lo}..{hi}")
        labels.append((value, r.text(sd["labels"], value, f"{where}.labels")))
    return Scale(sid, lo, hi, tuple(sorted(labels, key=lambda x: x[0])))


def _parse_item(r: Reader, idata: dict, where: str, scales: dict, role_ids: set[str]) -> FormItem:
    iid = _ident(r, idata, where)
    kind = r.get(idata, "type", where, str)
    if kind not in ITEM_TYPES:
        raise r.fail(f"{where}.type", f"{kind!r}; allowed: {', '.join(ITEM_TYPES)}")
    roles_value = r.get(idata, "roles", where, (str, list), "all")
    if roles_value == "all":
        roles = None
    elif isinstance(roles_value, list) and roles_value and set(roles_value) <= role_ids:
        roles = frozenset(roles_value)
    else:
        raise r.fail(f"{where}.roles", f"{roles_value!r}: use all or a list of {', '.join(sorted(role_ids))}")
    scale, max_length = None, 0
    if kind == "scale":
        sid = r.get(idata, "scale", where, str)
        if sid not in scales:
            raise r.fail(f"{where}.scale", f"unknown scale {sid!r}; known: {', '.join(scales) or '(none)'}")
        scale = scales[sid]
    else:
        max_length = r.positive_int(idata, "max_length", where)
    return FormItem(iid, kind, r.text(idata, "text", where), roles, scale, max_length,
                    r.text(idata, "short", where, optional=True), *_conditions(r, idata, where),
                    r.get(idata, "retired", where, bool, False))


def _conditions(r: Reader, idata: dict, where: str) -> tuple[frozenset, frozenset | None, str]:
    """``when``, ``methods`` and ``about`` of an item."""
    when = r.choice_list(idata, "when", where, CONDITIONS)
    if {"advice", "no_advice"} <= when:
        raise r.fail(f"{where}.when", "advice and no_advice never hold together")
    methods = r.get(idata, "methods", where, list, None)
    if methods is not None:
        bad = [m for m in methods if not isinstance(m, str) or not m or not set(m) <= _METHOD_ID_CHARS]
        if not methods or bad:
            raise r.fail(f"{where}.methods", f"{bad or methods!r}: use a list of method ids (as in content/methods)")
        methods = frozenset(methods)
    about = r.get(idata, "about", where, str, "self")
    if about not in ABOUT:
        raise r.fail(f"{where}.about", f"{about!r}; allowed: {', '.join(ABOUT)}")
    return when, methods, about


@dataclass(frozen=True)
class FormCatalog:
    forms: tuple[EvaluationForm, ...]
    problems: tuple[Problem, ...]

    def get(self, form_id: str) -> EvaluationForm:
        return find_by_id(self.forms, form_id)

    def of_kind(self, kind: str) -> EvaluationForm:
        """The first form of ``kind`` (session or trajectory)."""
        for f in self.forms:
            if f.kind == kind:
                return f
        raise KeyError(kind)

    def items(self) -> dict[str, FormItem]:
        """Every item of every form by id, in form and file order."""
        return {i.id: i for f in self.forms for i in f.items}

    def item_label(self, item_id: str, lang: str) -> str:
        item = self.items().get(item_id)
        return item.label(lang) if item else item_id


def _check_item_ids(form: EvaluationForm, others: list[EvaluationForm], file: str) -> None:
    """Item ids are unique over all forms (the export has one column per item)."""
    used = {i.id: f.id for f in others for i in f.items}
    clash = [i.id for i in form.items if i.id in used]
    if clash:
        raise ContentError(Problem(file, "items", f"item id(s) {clash} already used in form {used[clash[0]]!r}; "
                                                  f"item ids must be unique over all forms"))


#: Forms: ``content/forms/*.yaml`` plus ``$INTERVISIE_CONTENT_DIR/forms/`` (or the deprecated ``INTERVISIE_FORMS_DIR``).
KIND = Kind("forms", parse_form, "form id", legacy_env="INTERVISIE_FORMS_DIR", check=_check_item_ids)


def sources() -> list[Source]:
    """The packaged files, then the trainer's (read now, not cached)."""
    return KIND.sources()


def build_forms(sources: Iterable[Source | tuple[str, str]]) -> FormCatalog:
    """Parse form files (:func:`~intervisie_widgets.catalog.loader.load`: a trainer's form with a
    packaged id replaces it); a form that reuses another form's item id is left out."""
    loaded = load(KIND, sources)
    return FormCatalog(loaded.items, loaded.problems)


@functools.cache
def catalog() -> FormCatalog:
    """The evaluation forms of the kit, loaded once."""
    return build_forms(sources())


def session_form() -> EvaluationForm:
    return catalog().of_kind("session")


def trajectory_form() -> EvaluationForm:
    return catalog().of_kind("trajectory")
