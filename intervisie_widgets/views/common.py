"""The frame every page shares: style, title, language switch and a link home."""
from __future__ import annotations

import html
from importlib import resources

import ipywidgets as w

from ..state import AppState

_CSS = resources.files("intervisie_widgets").joinpath("static/ik.css").read_text(encoding="utf-8")
LANG_OPTIONS = (("Nederlands", "nl"), ("English", "en"))


def css_class(widget: w.Widget, *names: str) -> w.Widget:
    """Add stable CSS classes (``ik-<page>-<name>``, see docs/ui.md) and return the widget."""
    for name in names:
        widget.add_class(name)
    return widget


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
