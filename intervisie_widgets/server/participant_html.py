"""The participant pages' HTML: jinja2 templates (markup only) in ``server/templates/participant/``.

Every word comes from content/texts (``participant.*``, and the ``evaluation.*`` and
``reflection.*`` texts the widget pages use), through ``t(key, **values)`` in the templates.
Values are escaped (autoescape); the style sheet ``static/ik-participant.css`` is inlined, so a
page is one request, and allowed by its hash in the Content-Security-Policy (no script at all).
"""
from __future__ import annotations

import base64
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .. import catalog
from ..model.form import EvaluationForm
from ..settings import PACKAGE_DIR

TEMPLATES = Path(__file__).resolve().parent / "templates" / "participant"
STYLESHEET = PACKAGE_DIR / "static" / "ik-participant.css"
LANGS = ("nl", "en")
#: Form fields that are not answers (an item id never holds a dash).
RESERVED = frozenset({"_xsrf", "ik-group", "ik-session", "ik-role", "ik-pseudonym", "ik-confirm"})
_WHOLE = re.compile(r"[+-]?\d{1,9}")


@functools.cache
def environment():
    """The jinja2 environment of the participant templates (autoescape on, undefined names fail)."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@functools.cache
def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def content_security_policy() -> str:
    """Nothing but this server's forms and the inlined style sheet (by hash); no script, no frames."""
    digest = base64.b64encode(hashlib.sha256(stylesheet().encode("utf-8")).digest()).decode("ascii")
    return "; ".join(["default-src 'none'", f"style-src 'sha256-{digest}'", "img-src 'self'",
                      "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'"])


def say(value: Any, lang: str) -> Any:
    """A value for a text: an error or notice object (``message(lang)``) in ``lang``, else itself."""
    return value.message(lang) if callable(getattr(value, "message", None)) else value


class TextKey:
    """A text value that is itself a text key, said in the page's language (``evaluation.pseudonym``)."""

    def __init__(self, key: str):
        self.key = key

    def message(self, lang: str) -> str:
        return catalog.text(self.key, lang)


def translator(lang: str):
    """``t(key, **values)`` in ``lang``; values with ``message(lang)`` are said in ``lang`` too."""
    def t(key: str, **values: Any) -> str:
        return catalog.text(key, lang, **{k: say(v, lang) for k, v in values.items()})
    return t


def render(template: str, lang: str, **namespace: Any) -> str:
    """The page ``template`` in ``lang`` (``nl`` or ``en``)."""
    from markupsafe import Markup

    return environment().get_template(template).render(
        lang=lang, t=translator(lang), css=Markup(stylesheet()), **namespace)


# --------------------------------------------------------------------------- the evaluation form
@dataclass(frozen=True)
class Option:
    """One radio button of a scale item: its value ("" is no answer), visible label, whether chosen."""

    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class Field:
    """One item of the form as the template shows it (a fieldset with a legend)."""

    id: str
    text: str
    type: str
    options: tuple[Option, ...] = ()
    max_length: int = 0
    hint: str = ""
    value: str = ""


def item_field(item, lang: str, values: Mapping[str, str]) -> Field:
    """One item as the template shows it, with what was typed or chosen before."""
    t = translator(lang)
    current = str(values.get(item.id, ""))
    if item.type != "scale":
        return Field(item.id, item.text.get(lang), "text", max_length=item.max_length,
                     hint=t("evaluation.chars_left", n=item.max_length), value=current)
    options = [Option("", t("evaluation.no_answer"), current == "")]
    for v in range(item.scale.min, item.scale.max + 1):
        label = item.scale.label(v, lang)
        shown = t("participant.scale_option", value=v, label=label) if label else str(v)
        options.append(Option(str(v), shown, current == str(v)))
    return Field(item.id, item.text.get(lang), "scale", tuple(options))


def evaluation_parts(form: EvaluationForm, roles, method: Any, lang: str,
                     values: Mapping[str, str]) -> list[tuple[str, list[Field]]]:
    """(heading, fields) per part of the form for a person with ``roles`` in a meeting with ``method``."""
    from ..state.evaluation import part_heading

    return [(part_heading(form, part, lang), [item_field(item, lang, values) for _, item in pairs])
            for part, pairs in form.sections(roles, method)]


def evaluation_fields(form: EvaluationForm, role: str, lang: str, values: Mapping[str, str]) -> list[Field]:
    """The items ``role`` answers (whatever the method), with what was typed or chosen before."""
    return [item_field(item, lang, values) for item in form.items_for(role)]


def roles_name(form: EvaluationForm, roles, lang: str) -> str:
    """The roles as people read them: "Inbrenger" or "Inbrenger en deelnemer"."""
    names = [form.role_name(r, lang) for r in roles]
    if len(names) < 2:
        return "".join(names)
    rest = ", ".join([names[0], *(n.lower() for n in names[1:-1])])
    return catalog.text("evaluation.roles_and", lang, first=rest, second=names[-1].lower())


def parse_roles(value: str) -> list[str]:
    """``inbrenger,deelnemer`` (a link's ``role`` or the form's ``ik-role``) as a list of role ids."""
    return [r.strip()[:40] for r in str(value).split(",") if r.strip()][:5]



def answers_from_fields(form, fields: dict[str, str]) -> dict[str, Any]:
    """The answers in a POST: every field that is not :data:`RESERVED`; a scale item's digits as int
    (anything else stays text, so the answer check names it)."""
    scales = {i.id for i in form.items if i.type == "scale"}
    return {name: int(value) if name in scales and _WHOLE.fullmatch(value) else value
            for name, value in fields.items() if name not in RESERVED}


def answer_error(form, exc, lang: str) -> str:
    """The message of ``exc`` (an AnswerError), after the item's short name when it is about an answer to an item."""
    t = translator(lang)
    if exc.key != "unknown_item" and exc.item in {i.id for i in form.items}:
        return t("participant.item_error", item=form.item(exc.item).label(lang), message=exc.message(lang))
    return exc.message(lang)
