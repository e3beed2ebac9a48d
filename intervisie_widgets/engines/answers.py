"""The one check of an evaluation's answers against its form, called by every way in
(widget page, light HTML page, CSV import)."""
from __future__ import annotations

from typing import Any, Mapping

from .. import catalog
from ..model.form import EvaluationForm


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


def clean_answers(form: EvaluationForm, role: str, answers: Mapping[str, Any]) -> dict[str, int | str]:
    """The answers checked against the form: whole numbers on the item's scale, texts within length.

    Empty answers are left out (every item is optional). Raises :class:`AnswerError`.
    """
    if role not in form.role_ids:
        raise AnswerError("role", "bad_role", role=role, roles=", ".join(form.role_ids))
    allowed = {i.id: i for i in form.items_for(role)}
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
