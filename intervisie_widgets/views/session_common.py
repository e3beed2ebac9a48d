"""Helpers shared by the session pages (facilitator, simulation, group, trajectory)."""
from __future__ import annotations

from importlib import resources

import ipywidgets as w

from ..model import Text
from ..model.session import Notice, TextKey
from ..state import AppState
from .common import esc

_CSS = resources.files("intervisie_widgets").joinpath("static/ik-sessions.css").read_text(encoding="utf-8")
#: Labels of controls are shown in full, not cut off at ipywidgets' default width.
WIDE_LABEL = {"description_width": "initial"}


def style_widget() -> w.HTML:
    """The session pages' extra style (countdown, wrapping options), as an invisible widget."""
    return w.HTML(f"<style>{_CSS}</style>", layout=w.Layout(display="none"))


def say(app: AppState, notice: Notice) -> str:
    """A notice in the user's language; values that are texts, text keys or errors are translated too."""
    values = {}
    for k, v in notice.values.items():
        if isinstance(v, Text):
            v = v.get(app.lang)
        elif isinstance(v, TextKey):
            v = app.t(v.key)
        elif callable(getattr(v, "message", None)):
            v = v.message(app.lang)
        values[k] = v
    return app.t(notice.key, **values)


def notices_html(app: AppState, notices, heading_key: str | None = None) -> str:
    """Warnings as one alert box (an empty string when there are none)."""
    notices = [n for n in notices if n is not None]
    if not notices:
        return ""
    head = f"<p><b>{esc(app.t(heading_key))}</b></p>" if heading_key else ""
    items = "".join(f"<li>{esc(say(app, n))}</li>" for n in notices)
    return f'<div class="ik-warning" role="alert">{head}<ul>{items}</ul></div>'


def preparation_html(app: AppState) -> str:
    """Seed 004's preparation questions and the difference between a leervraag and a casus."""
    t = app.t
    questions = "".join(f"<li>{esc(t(f'session.prep_q{i}'))}</li>" for i in (1, 2, 3))
    return (f"<details><summary>{esc(t('session.prep_heading'))}</summary>"
            f"<p>{esc(t('session.prep_intro'))}</p><ol>{questions}</ol>"
            f"<h3>{esc(t('session.leervraag_vs_casus'))}</h3>"
            f"<dl><dt>{esc(t('session.casus_term'))}</dt><dd>{esc(t('session.casus_def'))}</dd>"
            f"<dt>{esc(t('session.leervraag_term'))}</dt><dd>{esc(t('session.leervraag_def'))}</dd></dl>"
            f"<p class=\"ik-note\">{esc(t('session.leervraag_example'))}</p></details>")


def format_seconds(seconds: float) -> str:
    """mm:ss of a non-negative duration (hours roll into the minutes)."""
    s = int(round(abs(seconds)))
    return f"{s // 60:02d}:{s % 60:02d}"


def set_labels(app: AppState, namespace: str, pairs) -> None:
    """For each (widget, key): description ``<namespace>.<key>`` and tooltip ``<namespace>.<key>_help``."""
    for widget, key in pairs:
        widget.description = app.t(f"{namespace}.{key}")
        widget.tooltip = app.t(f"{namespace}.{key}_help")
