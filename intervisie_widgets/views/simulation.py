"""The simulation page: rehearse a session alone. A case, a role, and per step of the method a
choice with feedback; at the end a score and what to practise next (the question exercises)."""
from __future__ import annotations

import ipywidgets as w

from .. import catalog
from ..catalog import scenarios
from ..state import AppState
from ..state.scenario import ScenarioState
from .common import WIDE_LABEL, PageFrame, classes_for, css_class, esc, style_widget

_FULL = w.Layout(width="100%", max_width="48em")


class SimulationView:
    """Widgets of the simulation page; children are public so tests can drive them."""

    def __init__(self, app: AppState, scenario: str | None = None):
        self.app = app
        self.state = ScenarioState(scenario)
        self.frame = PageFrame(app, "simulation", "simulation.title")
        c = classes_for("ik-simulation")
        self.intro = w.HTML()
        self.select = c(w.Dropdown(layout=_FULL, style=WIDE_LABEL), "select")
        self.restart_button = c(w.Button(icon="redo"), "restart")
        self.case = c(w.HTML(), "case")
        self.progress = c(w.HTML(), "progress")
        self.situation = c(w.HTML(), "situation")
        self.options = css_class(w.RadioButtons(options=[], value=None, layout=_FULL, style=WIDE_LABEL),
                                 "ik-simulation-options", "ik-wrap-options")
        self.confirm_button = c(w.Button(button_style="primary", icon="check"), "confirm")
        self.feedback = c(w.HTML(), "feedback")
        self.next_button = c(w.Button(icon="arrow-right"), "next")
        self.result = c(w.HTML(), "result")
        self.empty = c(w.HTML(), "empty")

        self.select.observe(self._on_select, "value")
        self.restart_button.on_click(lambda _: self.restart())
        self.confirm_button.on_click(lambda _: self.confirm())
        self.next_button.on_click(lambda _: self.state.next())
        self.state.observe(lambda _: self.render(), ["scenario_id", "index", "revealed", "finished", "choices"])
        app.observe(lambda _: self.render(), "lang")

        self.step_card = css_class(w.VBox([self.progress, self.situation, self.options, self.confirm_button,
                                           self.feedback, self.next_button]), "ik-card")
        self.result_card = css_class(w.VBox([self.result]), "ik-card")
        self.frame.set_body(style_widget(), self.intro, self.empty,
                            w.HBox([self.select, self.restart_button], layout=w.Layout(flex_flow="row wrap")),
                            self.case, self.step_card, self.result_card)
        self.render()

    @property
    def widget(self) -> w.Widget:
        return self.frame.widget

    # ------------------------------------------------------------------ actions
    _updating = False
    _shown: tuple = ()

    def _on_select(self, change) -> None:
        if not self._updating and change["new"] and change["new"] != self.state.scenario_id:
            self.state.select(change["new"])

    def restart(self) -> None:
        """Start the scenario again with nothing selected."""
        self._shown = ()
        self.options.index = None
        self.feedback.value = ""
        self.state.restart()

    def confirm(self) -> None:
        """Answer the current step with the selected option; asks to pick one if none is selected."""
        if self.options.index is None:
            self.feedback.value = (f'<div class="ik-warning" role="alert">'
                                   f'{esc(self.app.t("simulation.pick_first"))}</div>')
            return
        self.state.choose(self.options.index)

    # ------------------------------------------------------------------ rendering
    def render(self) -> None:
        t, lang, st = self.app.t, self.app.lang, self.state
        self.intro.value = f"<p>{esc(t('simulation.intro'))}</p>"
        available = scenarios.scenarios()
        has = bool(available and st.scenario_id)
        self.empty.value = "" if has else f'<p class="ik-note">{esc(t("simulation.no_scenarios"))}</p>'
        for widget in (self.select, self.restart_button, self.case, self.step_card, self.result_card):
            widget.layout.display = None if has else "none"
        if not has:
            return
        sc = st.scenario
        self._updating = True
        self.select.options = [(s.title.get(lang), s.id) for s in available]
        self.select.value = sc.id
        self._updating = False
        self.select.description, self.select.tooltip = t("simulation.choose"), t("simulation.choose_help")
        self.restart_button.description = t("simulation.restart")
        self.restart_button.tooltip = t("simulation.restart_help")
        self.case.value = self._case_html(sc)
        self.step_card.layout.display = "none" if st.finished else None
        self.result_card.layout.display = None if st.finished else "none"
        if st.finished:
            self.result.value = self._result_html()
            return
        self._render_step()

    def _case_html(self, sc) -> str:
        t, lang = self.app.t, self.app.lang
        method = catalog.method(sc.method)
        facts = [(t("simulation.sector"), sc.sector.get(lang)),
                 (t("simulation.method"), f"{method.name.get(lang)} ({method.variant(sc.variant).name.get(lang)})"),
                 (t("simulation.your_role"), t(f"simulation.role_{sc.role}"))]
        dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts)
        return (f'<div class="ik-card"><h2>{esc(sc.title.get(lang))}</h2><dl class="ik-facts">{dl}</dl>'
                f"<h3>{esc(t('simulation.case'))}</h3><p>{esc(sc.case.get(lang))}</p>"
                f"<p><b>{esc(t('simulation.leervraag'))}:</b> {esc(sc.leervraag.get(lang))}</p>"
                f'<p class="ik-note">{esc(sc.role_intro.get(lang))}</p></div>')

    def _render_step(self) -> None:
        t, lang, st = self.app.t, self.app.lang, self.state
        sc, ss = st.scenario, st.step
        step = next(s for s in catalog.method(sc.method).steps if s.id == ss.step)
        self.progress.value = (f'<h2 class="ik-progress" aria-live="polite">'
                               f'{esc(t("simulation.progress", n=st.index + 1, total=len(sc.steps), step=step.name.get(lang)))}'
                               f'</h2><div class="ik-rule" role="note"><span>{esc(t("simulation.rule"))}:</span> '
                               f"{esc(step.rules.get(lang))}</div>")
        self.situation.value = f"<p>{esc(ss.situation.get(lang))}</p>"
        chosen = st.choices[st.index] if st.revealed else None
        self._updating = True
        here = (sc.id, st.index)  # a language switch keeps the selection; a new step starts without one
        keep = chosen if chosen is not None else (self.options.index if self._shown == here else None)
        self._shown = here
        self.options.options = [o.text.get(lang) for o in ss.options]
        self.options.index = keep if keep is not None and keep < len(ss.options) else None
        self._updating = False
        self.options.description = t("simulation.options_label")
        self.options.disabled = st.revealed
        self.confirm_button.description = t("simulation.confirm")
        self.confirm_button.tooltip = t("simulation.confirm_help")
        self.confirm_button.disabled = st.revealed
        self.next_button.description = t("simulation.finish") if st.is_last else t("simulation.next")
        self.next_button.tooltip = t("simulation.next_help")
        self.next_button.layout.display = None if st.revealed else "none"
        self.feedback.value = self._feedback_html(chosen) if chosen is not None else ""

    def _feedback_html(self, chosen: int) -> str:
        t, lang, ss = self.app.t, self.app.lang, self.state.step
        o = ss.options[chosen]
        kind = "best" if chosen == ss.best else ("partly" if o.score > 0 else "wrong")
        best = "" if kind == "best" else (
            f"<p>{esc(t('simulation.best_was', text=ss.options[ss.best].text.get(lang)))}</p>")
        return (f'<div class="ik-feedback-{kind}" role="status" aria-live="polite">'
                f"<p><b>{esc(t(f'simulation.{kind}'))}</b> · "
                f"{esc(t('simulation.points', score=o.score, max=ss.max_score))}</p>"
                f"<p>{esc(o.feedback.get(lang))}</p>{best}</div>")

    def _result_html(self) -> str:
        t, lang, st = self.app.t, self.app.lang, self.state
        sc = st.scenario
        score, top = st.score(), sc.max_score
        pct = round(100 * score / top) if top else 0
        verdict = "high" if pct >= 80 else ("mid" if pct >= 50 else "low")
        steps = {s.id: s for s in catalog.method(sc.method).steps}
        missed = [steps[sc.steps[i].step] for i in st.missed()]
        items = "".join(f"<li>{esc(t('simulation.missed_step', step=s.name.get(lang), rule=s.rules.get(lang)))}</li>"
                        for s in missed)
        todo = f"<ul>{items}</ul>" if missed else f"<p>{esc(t('simulation.all_best'))}</p>"
        link = (f'<a class="ik-simulation-practice-link" href="{esc(sc.practice_page)}?lang={lang}">'
                f"{esc(t('simulation.practice_link'))}</a>")
        return (f'<h2 aria-live="polite">{esc(t("simulation.end_heading"))}</h2>'
                f'<p class="ik-simulation-score"><b>{esc(t("simulation.score_total", score=score, max=top, pct=pct))}</b></p>'
                f"<p>{esc(t(f'simulation.verdict_{verdict}'))}</p>"
                f"<h3>{esc(t('simulation.to_practise'))}</h3>{todo}"
                f"<p>{esc(sc.practise.get(lang))}</p><p>{link}</p>")
