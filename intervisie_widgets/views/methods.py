"""The method walkthrough: choose a method, see its overview, step through it, make a handout."""
from __future__ import annotations

import base64

import ipywidgets as w

from .. import catalog
from ..render import handout
from ..state import AppState, WalkthroughState
from .common import PageFrame, css_class, esc, set_labels
from .preparation import PreparationPanel


def download_link(data: bytes, filename: str, mime: str, label: str, css: str) -> str:
    """An <a download> with the file inline (data: URI): nothing is served from disk."""
    b64 = base64.b64encode(data).decode("ascii")
    return f'<a class="{css}" download="{esc(filename)}" href="data:{mime};base64,{b64}">{esc(label)}</a>'


class MethodsView:
    """Widgets of the walkthrough page; children are public so tests can drive them."""

    def __init__(self, app: AppState, method: str | None = None):
        self.app = app
        self.state = WalkthroughState(method)
        self.frame = PageFrame(app, "methods", "methods.title")
        self.problems = css_class(w.HTML(), "ik-methods-problems")
        self.select = css_class(w.Dropdown(layout=w.Layout(width="32em")), "ik-methods-select")
        self.variant = css_class(w.ToggleButtons(style={"button_width": "auto"}), "ik-methods-variant")
        self.question_set = css_class(w.Dropdown(layout=w.Layout(width="32em")), "ik-methods-question-set")
        self.overview = css_class(w.HTML(), "ik-methods-overview")
        self.progress = css_class(w.HTML(), "ik-methods-progress")
        self.step_name = css_class(w.HTML(), "ik-methods-step-name")
        self.speaker = css_class(w.HTML(), "ik-methods-speaker")
        self.step_what = css_class(w.HTML(), "ik-methods-step-what")
        self.step_rule = css_class(w.HTML(), "ik-methods-step-rule")
        self.questions = css_class(w.HTML(), "ik-methods-questions")
        self.prev_button = css_class(w.Button(), "ik-methods-prev")
        self.next_button = css_class(w.Button(button_style="primary"), "ik-methods-next")
        self.handout_button = css_class(w.Button(icon="print"), "ik-methods-handout")
        self.handout_links = css_class(w.HTML(), "ik-methods-handout-links")
        self.preparation = PreparationPanel(app, "ik-methods-preparation")

        self.prev_button.on_click(lambda _: self.state.previous())
        self.next_button.on_click(lambda _: self.state.next())
        self.handout_button.on_click(lambda _: self.make_handout())
        self.select.observe(self._on_select, "value")
        self.variant.observe(self._on_variant, "value")
        self.question_set.observe(self._on_question_set, "value")
        self.state.observe(lambda _: self.render(), ["method_id", "variant_id", "question_set_id", "step_index"])
        app.observe(lambda _: self.render(), "lang")

        step_panel = css_class(w.VBox([self.progress, self.step_name, self.speaker, self.step_what,
                                       self.step_rule, self.questions,
                                       w.HBox([self.prev_button, self.next_button])]), "ik-card")
        self.frame.set_body(
            self.problems,
            w.HBox([self.select, self.variant, self.question_set], layout=w.Layout(flex_flow="row wrap")),
            step_panel,
            self.overview,
            self.preparation.widget,
            w.HBox([self.handout_button, self.handout_links], layout=w.Layout(flex_flow="row wrap")),
        )
        self.render()

    @property
    def widget(self) -> w.Widget:
        return self.frame.widget

    # ------------------------------------------------------------------ reactions
    _updating = False

    def _on_select(self, change) -> None:
        if not self._updating and change["new"] and change["new"] != self.state.method_id:
            self.state.select(change["new"])

    def _on_variant(self, change) -> None:
        if not self._updating and change["new"]:
            self.state.variant_id = change["new"]

    def _on_question_set(self, change) -> None:
        if not self._updating and change["new"]:
            self.state.question_set_id = change["new"]

    def make_handout(self) -> None:
        """Build the HTML and PDF handout of the current method as download links."""
        t, lang, m = self.app.t, self.app.lang, self.state.method
        name = f"handout-{m.id}-{self.state.variant_id}-{lang}"
        html_doc = handout.handout_html(m, lang, self.state.variant_id).encode("utf-8")
        links = [download_link(html_doc, f"{name}.html", "text/html", t("methods.handout_html"),
                               "ik-methods-handout-html")]
        try:
            pdf = handout.handout_pdf(m, lang, self.state.variant_id)
            links.append(download_link(pdf, f"{name}.pdf", "application/pdf", t("methods.handout_pdf"),
                                       "ik-methods-handout-pdf"))
        except Exception as exc:  # PDF is a convenience; the HTML handout always works
            links.append(f'<span class="ik-warning">{esc(t("methods.handout_pdf_failed", error=exc))}</span>')
        self.handout_links.value = " &nbsp; ".join(links)

    # ------------------------------------------------------------------ rendering
    def render(self) -> None:
        t, lang, s = self.app.t, self.app.lang, self.state
        m, step = s.method, s.step
        problems = catalog.method_catalog().problems
        self.problems.value = (
            f'<div class="ik-warning">{esc(t("errors.content_problems"))}<ul>'
            + "".join(f"<li>{esc(str(p))}</li>" for p in problems) + "</ul></div>"
        ) if problems else ""

        self._updating = True
        self.select.options = [(x.name.get(lang) + (f" ({t('common.reconstructed_badge').lower()})"
                                                    if x.reconstructed else ""), x.id)
                               for x in catalog.methods()]
        self.select.value = m.id
        self.variant.options = [(v.name.get(lang), v.id) for v in m.variants]
        self.variant.value = s.variant_id
        self.variant.layout.display = None if len(m.variants) > 1 else "none"
        self.question_set.options = [(q.name.get(lang), q.id) for q in m.question_sets]
        self.question_set.value = s.question_set_id or None
        self.question_set.layout.display = None if m.question_sets else "none"
        self._updating = False
        set_labels(self.app, "methods", ((self.variant, "variant"), (self.question_set, "question_set")), help=False)

        self.progress.value = (f'<div class="ik-progress" aria-live="polite">'
                               f'{esc(t("methods.progress", n=s.step_index + 1, total=s.n_steps))}</div>')
        self.step_name.value = f'<div class="ik-step-name">{esc(step.name.get(lang))}</div>'
        self.speaker.value = (f"<p><b>{esc(t('methods.speaker_now', speaker=handout.speaker_name(step.speaker, lang)))}"
                              f"</b> · {esc(t('common.minutes_short', n=step.minutes))}</p>")
        flags = []
        if step.inbrenger_absent:
            flags.append(t("methods.inbrenger_absent"))
        flags.append(handout.advice_line(m, step, lang))
        self.step_what.value = (f"<p>{esc(step.what.get(lang))}</p>"
                                + "".join(f'<p class="ik-note">{esc(f)}</p>' for f in flags))
        self.step_rule.value = (f'<div class="ik-rule" role="note"><span>{esc(t("methods.rule"))}:</span> '
                                f"{esc(step.rules.get(lang))}</div>")
        qs = s.question_set
        self.questions.value = handout.question_set_html(qs, lang, t("methods.questions_heading")) if qs else ""

        set_labels(self.app, "methods", ((self.select, "choose"), (self.prev_button, "previous"),
                                         (self.next_button, "next"), (self.handout_button, "handout")))
        self.prev_button.disabled = s.is_first
        self.next_button.disabled = s.is_last
        self.handout_links.value = ""
        self.overview.value = self._overview_html()
        self.preparation.show(s.checklist)

    def _overview_html(self) -> str:
        t, lang, s = self.app.t, self.app.lang, self.state
        m = s.method
        facts = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in handout.facts(m, s.variant, lang))
        badge = ""
        if m.reconstructed:
            note = m.reconstructed_note.get(lang) if m.reconstructed_note else ""
            badge = (f'<p class="ik-note"><span class="ik-badge">{esc(t("common.reconstructed_badge"))}</span> '
                     f'{esc(t("methods.reconstructed_note"))} {esc(note)}</p>')
        safe = f'<p class="ik-note">{esc(t("methods.safe_group"))}</p>' if m.needs_safe_group else ""
        current = ' class="ik-current" aria-current="step"'
        rows = "".join(
            f'<tr{current if i == s.step_index else ""}><td>{i + 1}</td>'
            f"<td>{esc(st.name.get(lang))}</td><td>{esc(handout.speaker_name(st.speaker, lang))}</td>"
            f"<td>{st.minutes}</td></tr>"
            for i, st in enumerate(m.steps)
        )
        head = "".join(f'<th scope="col">{esc(t(k))}</th>' for k in
                       ("methods.col_nr", "methods.col_step", "methods.col_speaker", "methods.col_minutes"))
        return (f'<div class="ik-card"><h2>{esc(t("methods.overview"))}: {esc(m.name.get(lang))}</h2>{badge}{safe}'
                f'<dl class="ik-facts">{facts}</dl>'
                f'<table class="ik-steps"><caption class="sr-only">{esc(m.name.get(lang))}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")
