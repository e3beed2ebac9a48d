"""The home page: what the kit is and a link to every page that exists."""
from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from .. import catalog
from ..model import Page
from ..state import AppState
from .common import PageFrame, css_class, esc


def available_pages(notebooks_dir: Path) -> tuple[Page, ...]:
    """The pages whose notebook is present, so the home page never shows a dead link."""
    return tuple(p for p in catalog.pages() if (notebooks_dir / p.notebook).is_file())


class HomeView:
    def __init__(self, app: AppState, notebooks_dir: Path):
        self.app = app
        self.pages = available_pages(notebooks_dir)
        self.frame = PageFrame(app, "home", "home.title", home_link=False)
        self.intro = w.HTML()
        self.links = css_class(w.HTML(), "ik-home-links")
        self.frame.set_body(self.intro, self.links)
        app.observe(lambda _: self.render(), "lang")
        self.render()

    @property
    def widget(self) -> w.Widget:
        return self.frame.widget

    def render(self) -> None:
        t, lang = self.app.t, self.app.lang
        self.intro.value = f"<p>{esc(t('home.intro'))}</p>"
        items = []
        for p in self.pages:
            who = ", ".join(t(f"home.audience_{a}") for a in p.audience)
            items.append(
                f'<li class="ik-card"><h3><a href="{esc(p.notebook)}?lang={lang}" class="ik-home-link-{p.id}">'
                f"{esc(p.title.get(lang))}</a></h3><p>{esc(p.description.get(lang))}</p>"
                f"<p><small>{esc(t('home.for_audience', who=who))}</small></p></li>"
            )
        self.links.value = (f"<h2>{esc(t('home.pages_heading'))}</h2>"
                            f'<ul class="ik-home-grid">{"".join(items)}</ul>')
