"""Widget helpers every page shares: the page frame (style, title, language switch, home link),
stable CSS classes, labels, notices and the session pages' extra style."""
from __future__ import annotations

import html
from importlib import resources

import ipywidgets as w

from ..model import Text
from ..model.session import Notice, TextKey
from ..state import AppState

_CSS = resources.files("intervisie_widgets").joinpath("static/ik.css").read_text(encoding="utf-8")
LANG_OPTIONS = (("Nederlands", "nl"), ("English", "en"))


def css_class(widget: w.Widget, *names: str) -> w.Widget:
    """Add stable CSS classes (``ik-<page>-<name>``, see docs/ui.md) and return the widget."""
    for name in names:
        widget.add_class(name)
    return widget


def card(*children: w.Widget) -> w.VBox:
    """A card (``ik-card``): one group of controls on a page."""
    return css_class(w.VBox(list(children)), "ik-card")


def classes_for(prefix: str):
    """``c(widget, name)`` adding the class ``<prefix>-<name>``: one per page, e.g. ``ik-dashboard``."""
    def c(widget: w.Widget, name: str) -> w.Widget:
        return css_class(widget, f"{prefix}-{name}")
    return c


def esc(text: str) -> str:
    return html.escape(text, quote=True)


class PageFrame:
    """Title, language switch and home link around a page's body.

    ``on_language`` callbacks run after the language changed, so a page re-renders its texts.
    """

    def __init__(self, app: AppState, page_id: str, title_key: str, home_link: bool = True):
        self.app = app
        self.page_id = page_id
        self.title_key = title_key
        self.style = w.HTML(f"<style>{_CSS}</style>", layout=w.Layout(display="none"))
        self.title = w.HTML()
        self.lang_toggle = css_class(
            w.ToggleButtons(options=LANG_OPTIONS, value=app.lang, style={"button_width": "auto"}),
            "ik-common-lang",
        )
        w.link((self.lang_toggle, "value"), (app, "lang"))
        self.home = css_class(w.HTML(), "ik-common-home")
        self.home.layout.display = None if home_link else "none"
        self.body = w.VBox()
        header = css_class(w.HBox([self.title, w.HBox([self.home, self.lang_toggle])]), "ik-header")
        self.widget = css_class(w.VBox([self.style, header, self.body]), "ik-page", f"ik-{page_id}")
        app.observe(lambda _: self.render(), "lang")
        self.render()

    def render(self) -> None:
        t = self.app.t
        self.title.value = f"<h1>{esc(t(self.title_key))}</h1>"
        self.lang_toggle.description = t("common.language")
        self.lang_toggle.tooltips = [t("common.language_label")] * len(LANG_OPTIONS)
        self.home.value = (f'<a href="home.ipynb?lang={self.app.lang}">{esc(t("common.home"))}</a>')

    def set_body(self, *children: w.Widget) -> None:
        self.body.children = children


_SESSION_CSS = resources.files("intervisie_widgets").joinpath("static/ik-sessions.css").read_text(encoding="utf-8")
#: Labels of controls are shown in full, not cut off at ipywidgets' default width.
WIDE_LABEL = {"description_width": "initial"}


def style_widget() -> w.HTML:
    """The session pages' extra style (countdown, wrapping options), as an invisible widget."""
    return w.HTML(f"<style>{_SESSION_CSS}</style>", layout=w.Layout(display="none"))


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


def set_labels(app: AppState, namespace: str, pairs, help: bool = True) -> None:
    """For each (widget, key): description ``<namespace>.<key>`` and, with ``help``, the
    tooltip ``<namespace>.<key>_help``."""
    for widget, key in pairs:
        widget.description = app.t(f"{namespace}.{key}")
        if help:
            widget.tooltip = app.t(f"{namespace}.{key}_help")
