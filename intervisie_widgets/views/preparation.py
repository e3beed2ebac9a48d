"""The preparation checklist as a widget: on the walkthrough page and on the projector page
before the meeting starts. One HTML per group (room and materials, the people, online), so tests
and pages can find each by its class ``ik-preparation-<group>``; an empty group is hidden."""
from __future__ import annotations

import ipywidgets as w

from .. import catalog
from ..catalog import preparation
from ..model.preparation import PREP_GROUPS, Checklist
from ..render.preparation import group_html
from ..state import AppState
from .common import css_class, esc


class PreparationPanel:
    """The checklist of one method and variant; :meth:`show` sets it, :meth:`render` redraws."""

    def __init__(self, app: AppState, css: str = "ik-preparation", card: bool = True):
        self.app = app
        self.heading = css_class(w.HTML(), f"{css}-heading")
        self.problems = css_class(w.HTML(), f"{css}-problems")
        self.groups = {g: css_class(w.HTML(), f"{css}-{g}") for g in PREP_GROUPS}
        self.widget = css_class(w.VBox([self.heading, self.problems, *self.groups.values()]), css,
                                *(("ik-card",) if card else ()))
        self.checklist: Checklist | None = None

    def show(self, checklist: Checklist) -> None:
        """Show ``checklist`` (``catalog.checklist(method, variant)``)."""
        self.checklist = checklist
        self.render()

    def set_visible(self, on: bool) -> None:
        self.widget.layout.display = None if on else "none"

    def render(self) -> None:
        t, lang, cl = self.app.t, self.app.lang, self.checklist
        if cl is None:
            return
        m = catalog.method(cl.method)
        intro = t("preparation.intro", method=m.name.get(lang), variant=m.variant(cl.variant).name.get(lang))
        grouped = dict(cl.grouped())
        self.heading.value = (f"<h2>{esc(t('preparation.heading'))}</h2><p class=\"ik-note\">{esc(intro)}</p>"
                              + ("" if grouped else f'<p class="ik-note">{esc(t("preparation.none"))}</p>'))
        problems = preparation.catalog().problems
        self.problems.value = (f'<div class="ik-warning">{esc(t("preparation.problems"))}<ul>'
                               + "".join(f"<li>{esc(str(p))}</li>" for p in problems) + "</ul></div>"
                               ) if problems else ""
        for group, box in self.groups.items():
            items = grouped.get(group, ())
            box.value = group_html(group, items, lang) if items else ""
            box.layout.display = None if items else "none"
