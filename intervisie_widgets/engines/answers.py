"""The one check of an evaluation's answers against its form, called by every way in
(widget page, light HTML page, CSV import)."""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from .. import catalog
from ..model.form import ANY_METHOD, EvaluationForm


#: Control characters no text answer may hold (tab, new line and carriage return may): they
#: cannot be stored in an XLSX export and no keyboard types them.
_CONTROL = frozenset(chr(i) for i in range(32)) - set("\t\n\r")


class AnswerError(ValueError):
    """An answer does not fit the form; ``item`` names it and ``message(lang)`` says why."""

    def __init__(self, item: str, key: str, **values: object):
        self.item, self.key, self.values = item, key, values
        super().__init__(f"{item}: {self.message('en')}")

    def message(self, lang: str) -> str:
        return catalog.text(f"evaluation.{self.key}", lang, item=self.item, **self.values)


def clean_answers(form: EvaluationForm, role: str, answers: Mapping[str, Any],
                  method: Any = ANY_METHOD) -> dict[str, int | str]:
    """The answers checked against the form: whole numbers on the item's scale, texts within length.

    Empty answers are left out (every item is optional). With ``method`` (a meeting's method, or
    None when unknown) only the items asked in such a meeting are allowed. Raises :class:`AnswerError`.
    """
    if role not in form.role_ids:
        raise AnswerError("role", "bad_role", role=role, roles=", ".join(form.role_ids))
    allowed = {i.id: i for i in form.items_for(role, method)}
    out: dict[str, int | str] = {}
    for key, value in answers.items():
        if key not in allowed:
            raise AnswerError(key, "unknown_item", role=role)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        item = allowed[key]
        if item.type == "scale":
            if isinstance(value, bool) or not isinstance(value, int):
                raise AnswerError(key, "not_whole_number", value=str(value)[:40])
            if not item.scale.min <= value <= item.scale.max:
                raise AnswerError(key, "out_of_scale", value=value, min=item.scale.min, max=item.scale.max)
            out[key] = value
        else:
            if not isinstance(value, str):
                raise AnswerError(key, "not_text")
            if len(value) > item.max_length:
                raise AnswerError(key, "too_long", n=len(value), max=item.max_length)
            if any(c in _CONTROL for c in value):
                raise AnswerError(key, "control_characters")
            out[key] = value.replace("\r\n", "\n").replace("\r", "\n").strip()  # one kind of line end
    return out


def check_roles(form: EvaluationForm, roles: Iterable[str], method: Any = ANY_METHOD) -> tuple[str, ...]:
    """``roles`` in the form's order, if one person may evaluate them together in a meeting with
    ``method`` (:meth:`EvaluationForm.allows_roles`); else :class:`AnswerError` on ``role``.
    Without a method (``ANY_METHOD``: import) every combination of the form's roles is allowed."""
    ordered = form.ordered_roles(roles)
    bad = [r for r in ordered if r not in form.role_ids]
    if bad or not ordered:
        raise AnswerError("role", "bad_role", role=", ".join(bad) or "-", roles=", ".join(form.role_ids))
    if method is not ANY_METHOD and not form.allows_roles(ordered, method):
        raise AnswerError("role", "roles_not_allowed", roles=" + ".join(ordered),
                          allowed="; ".join(" + ".join(s) for s in form.role_sets(method)))
    return ordered


def split_answers(form: EvaluationForm, roles: Iterable[str], answers: Mapping[str, Any],
                  method: Any = ANY_METHOD) -> dict[str, dict[str, int | str]]:
    """One person's answers in one or more roles, checked, as role → answers: each item goes to
    the first of the roles that answers it (:meth:`EvaluationForm.items_by_role`)."""
    ordered = check_roles(form, roles, method)
    owner = {item.id: role for role, item in form.items_by_role(ordered, method)}
    per_role: dict[str, dict[str, Any]] = {r: {} for r in ordered}
    for key, value in answers.items():
        if key not in owner:
            raise AnswerError(key, "unknown_item", role=" + ".join(ordered))
        per_role[owner[key]][key] = value
    return {r: clean_answers(form, r, a, method) for r, a in per_role.items()}
