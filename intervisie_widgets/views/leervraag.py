"""The leervraag check as a small widget: a text box, a button and what the check sees.

Used as its own tab on the exercises page and in the session runner at the step where the
inbrenger formulates the question (:func:`~intervisie_widgets.questions.leervraag.formulating_step`).
Nothing typed is stored; the state is a :class:`~intervisie_widgets.state.exercises.LeervraagState`.
"""
from __future__ import annotations

import ipywidgets as w

from ..state import AppState
from ..state.exercises import LeervraagState
from .common import css_class, esc

# Marks are bold and outlined, not told apart by colour alone.
CSS = """
.ik-leervraag-problems { padding-left: 1.2em; }
.ik-leervraag-ok { font-weight: bold; }
"""


def _live(inner: str) -> str:
    return f'<div class="ik-live" role="status" aria-live="polite">{inner}</div>'


def result_html(state: LeervraagState, lang: str, t) -> str:
    """What the check found: the good news, or the problems with their reasons, and a rewrite."""
    r = state.result
    if state.failed:
        return _live(f'<p class="ik-warning">{esc(t("leervraag.engine_error"))}</p>')
    if r is None:
        return _live("")
    tip = ""
    if r.rewrite:
        tip = (f'<p class="ik-note ik-leervraag-rewrite">{esc(t("leervraag.suggestion", rewrite=r.rewrite))}<br>'
               f'<span class="ik-note-inline">{esc(t("leervraag.suggestion_note"))}</span></p>')
    if r.ok:
        return _live(f'<p class="ik-note ik-leervraag-ok">✓ {esc(t("leervraag.ok"))}</p>')
    items = "".join(f'<li data-problem="{esc(pid)}">{esc(text)}</li>' for pid, text in r.messages(lang))
    if r.input_problem is not None:
        return _live(f'<div class="ik-warning"><ul>{items}</ul></div>{tip}')
    return _live(f'<div class="ik-note"><p>{esc(t("leervraag.not_ok"))}</p>'
                 f'<ul class="ik-leervraag-problems" aria-label="{esc(t("leervraag.problems_label"))}">{items}</ul>'
                 f"</div>{tip}")


class LeervraagCheck:
    """Heading, text box, check button and feedback; ``hint`` adds the session runner's one-line hint."""

    def __init__(self, app: AppState, css: str = "ik-leervraag", hint: bool = False):
        self.app, self.hint = app, hint
        self.state = LeervraagState(lang=app.lang)
        self.heading = w.HTML()
        self.input = css_class(w.Textarea(rows=3, layout=w.Layout(width="100%", max_width="100%"),
                                          style={"description_width": "initial"}), f"{css}-input")
        self.check_button = css_class(w.Button(button_style="primary", layout=w.Layout(width="auto")), f"{css}-check")
        self.feedback = css_class(w.HTML(_live("")), f"{css}-feedback")
        self.check_button.on_click(lambda _: self.state.check(self.input.value))
        self.state.observe(lambda _: self.render(), "checks")
        app.observe(self._on_lang, "lang")
        self.widget = css_class(w.VBox([w.HTML(f"<style>{CSS}</style>", layout=w.Layout(display="none")),
                                        self.heading, self.input, self.check_button, self.feedback]),
                                "ik-leervraag", css)
        self.render()

    def _on_lang(self, change) -> None:
        self.state.lang = change["new"]
        self.render()

    def render(self) -> None:
        t = self.app.t
        intro = t("leervraag.step_hint") if self.hint else t("leervraag.intro")
        level = "h3" if self.hint else "h2"
        self.heading.value = f"<{level}>{esc(t('leervraag.heading'))}</{level}><p>{esc(intro)}</p>"
        self.input.description = t("leervraag.label")
        self.input.placeholder = t("leervraag.placeholder")
        self.check_button.description = t("leervraag.check")
        self.feedback.value = result_html(self.state, self.app.lang, t)
