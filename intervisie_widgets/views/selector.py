"""The method selector page: five questions, then every method ranked with its reasons."""
from __future__ import annotations

import ipywidgets as w

from ..engines import selector
from ..model import EXPERIENCE, GOALS
from ..state import AppState
from .common import PageFrame, css_class, esc


class SelectorView:
    def __init__(self, app: AppState):
        self.app = app
        self.frame = PageFrame(app, "selector", "selector.title")
        self.intro = w.HTML()
        wide = {"description_width": "17em"}
        row = lambda: w.Layout(width="100%", max_width="44em")  # noqa: E731
        short = lambda: w.Layout(width="100%", max_width="26em")  # noqa: E731
        self.goal = css_class(w.Dropdown(value=GOALS[0], style=wide, options=GOALS, layout=row()),
                              "ik-selector-goal")
        self.experience = css_class(w.Dropdown(value="beginner", style=wide, options=EXPERIENCE, layout=row()),
                                    "ik-selector-experience")
        self.minutes = css_class(w.BoundedIntText(value=90, min=10, max=480, step=5, style=wide, layout=short()),
                                 "ik-selector-minutes")
        self.online = css_class(w.Checkbox(value=False, indent=False), "ik-selector-online")
        self.group_size = css_class(w.BoundedIntText(value=6, min=2, max=20, style=wide, layout=short()),
                                    "ik-selector-group-size")
        self.advise_button = css_class(w.Button(button_style="primary", icon="search"), "ik-selector-advise")
        self.results = css_class(w.HTML(), "ik-selector-results")
        self.recommendations: list[selector.Recommendation] = []
        self.advise_button.on_click(lambda _: self.advise())
        app.observe(lambda _: self.render(), "lang")
        form = css_class(w.VBox([self.goal, self.experience, self.minutes, self.group_size, self.online,
                                 self.advise_button]), "ik-card")
        self.frame.set_body(self.intro, form, self.results)
        self.render()

    @property
    def widget(self) -> w.Widget:
        return self.frame.widget

    def needs(self) -> selector.Needs:
        return selector.Needs(goal=self.goal.value, experience=self.experience.value,
                              minutes=int(self.minutes.value), online=bool(self.online.value),
                              group_size=int(self.group_size.value))

    def advise(self) -> None:
        self.recommendations = selector.rank(self.needs())
        self._render_results()

    def render(self) -> None:
        t = self.app.t
        self.intro.value = f"<p>{esc(t('selector.intro'))}</p>"
        for widget, key in ((self.goal, "goal"), (self.experience, "experience")):
            value = widget.value
            widget.options = [(t(f"selector.{key}_option_{o}"), o) for o in (GOALS if key == "goal" else EXPERIENCE)]
            widget.value = value
            widget.description = t(f"selector.{key}")
        self.minutes.description = t("selector.minutes")
        self.group_size.description = t("selector.group_size")
        self.online.description = t("selector.online")
        self.advise_button.description = t("selector.advise")
        self.advise_button.tooltip = t("selector.advise_help")
        self._render_results()

    def _render_results(self) -> None:
        if not self.recommendations:
            self.results.value = ""
            return
        t, lang = self.app.t, self.app.lang
        items = []
        for r in self.recommendations:
            label = t("selector.fits") if r.fits else t("selector.fits_not")
            reasons = "".join(
                f'<li>{"ℹ" if x.note else "✓" if x.positive else "✗"} {esc(x.text(lang))}</li>' for x in r.reasons)
            items.append(
                f'<li class="ik-card ik-selector-item" data-method="{r.method.id}"><h3>{esc(r.method.name.get(lang))}'
                f' <small>({esc(label)})</small></h3><ul>{reasons}</ul>'
                f'<a href="methoden.ipynb?lang={lang}&amp;method={r.method.id}">{esc(t("selector.open_method"))}</a></li>')
        self.results.value = (f"<h2>{esc(t('selector.result_heading'))}</h2>"
                              f'<ol style="padding-left:1.2em">{"".join(items)}</ol>')
