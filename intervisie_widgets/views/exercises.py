"""The question exercises page: four tabs, the pyramid with the level in play, the score per round."""
from __future__ import annotations

import base64

import ipywidgets as w

from ..model import LEVELS
from ..questions import key_question, level_name
from ..render import pyramid
from ..state import AppState
from ..state.exercises import EXERCISES, ExercisesState
from .common import PageFrame, css_class, esc, set_labels
from .exercise_tabs import (
    AdviceTab,
    ExerciseTab,
    SortTab,
    button,
    feedback_html,
    level_html,
    live,
    question_input,
    words_html,
)
from .leervraag import LeervraagCheck
from .methods import download_link

# Page-specific style (tap sizes, wrapping and contrast of controls are in ik.css for every page).
_CSS = """
.ik-exercises-row { border-bottom: 1px solid #d9d9d9; padding: 4px 0; }
.ik-exercises-question { margin: 0.3em 0; }
.ik-exercises-flags { display: flex; flex-wrap: wrap; gap: 6px; padding: 0; list-style: none; }
.ik-exercises-flags li { border: 1px solid #595959; border-radius: 12px; padding: 2px 10px; background: #fff; }
.ik-exercises figure { margin: 0; }
.ik-exercises img { max-width: 100%; height: auto; }
.ik-exercises mark.ik-word { background: #fff3b0; color: #000; border-bottom: 2px solid #000; padding: 0 2px; }
"""


def img_html(png: bytes, alt: str, css: str) -> str:
    """An inline PNG with its alt text (figcaption for readers who cannot see it)."""
    b64 = base64.b64encode(png).decode("ascii")
    return (f'<figure class="{css}"><img src="data:image/png;base64,{b64}" alt="{esc(alt)}" '
            f'style="width:100%;max-width:560px;height:auto"></figure>')


class HigherTab(ExerciseTab):
    """*Hoger in de piramide*: a low-level starting question; the learner writes one higher."""

    def __init__(self, app, state):
        super().__init__(app, state)
        self.start = css_class(w.HTML(), "ik-exercises-higher-start")
        self.input = question_input("ik-exercises-higher-input")
        self.check_button = button("ik-exercises-higher-check")
        self.new_button = button("ik-exercises-higher-new", primary=False)
        self.level = css_class(w.HTML(), "ik-exercises-higher-level")
        self.feedback = css_class(w.HTML(live("")), "ik-exercises-higher-feedback")
        self.check_button.on_click(lambda _: self.state.try_higher(self.input.value))
        self.new_button.on_click(lambda _: self.state.new_higher())
        state.observe(lambda _: self._new_start(), "higher_start")
        state.observe(lambda _: self.render(), "higher_attempt")
        self.widget = w.VBox([self.intro, self.start, self.input, w.HBox([self.check_button, self.new_button]),
                              self.level, self.feedback])

    def _new_start(self) -> None:
        self.input.value = ""
        self.render()

    def render(self) -> None:
        s, lang, t = self.state, self.app.lang, self.app.t
        q = s.higher_start
        self.intro.value = f"<p>{esc(self.t('higher_intro'))}</p>"
        self.start.value = (f'<p class="ik-card"><strong>{esc(self.t("higher_start", level=level_name(q.level, lang), question=q.shown))}'
                            "</strong></p>") if q else ""
        self.input.description = self.t("higher_label")
        self.input.placeholder = self.t("placeholder")
        self.check_button.description = self.t("check")
        self.new_button.description = self.t("higher_new")
        self.new_button.tooltip = self.t("new_round_help")
        self.level.value = level_html(s.higher_attempt, lang, t)
        self.feedback.value = feedback_html(s.higher_attempt, lang, t, self._verdict())

    def _verdict(self) -> tuple[str, ...]:
        s, lang = self.state, self.app.lang
        a, q = s.higher_attempt, s.higher_start
        if a is None or not a.usable or q is None:
            return ()
        names = {"level": level_name(a.level, lang), "start": level_name(q.level, lang)}
        if a.analysis.advice:
            return (self.t("higher_advice", level=names["level"]),)
        if s.is_higher(a):
            return (self.t("higher_yes", **names),)
        up = LEVELS[LEVELS.index(q.level) + 1]
        hint = f"{level_name(up, lang)} ({key_question(up, lang)})"
        return (self.t("higher_same" if a.level == q.level else "higher_lower", **names, hint=hint),)


class FreeTab(ExerciseTab):
    """*Vrije oefening*: any question in, level, open/closed, advice, tone and a rewrite out."""

    def __init__(self, app, state):
        super().__init__(app, state)
        self.input = question_input("ik-exercises-free-input")
        self.check_button = button("ik-exercises-free-check")
        self.level = css_class(w.HTML(), "ik-exercises-free-level")
        self.flags = css_class(w.HTML(), "ik-exercises-free-flags")
        self.words = css_class(w.HTML(), "ik-exercises-free-words")
        self.feedback = css_class(w.HTML(live("")), "ik-exercises-free-feedback")
        self.check_button.on_click(lambda _: self.state.check_free(self.input.value))
        state.observe(lambda _: self.render(), "free_attempt")
        self.widget = w.VBox([self.intro, self.input, w.HBox([self.check_button]), self.level, self.flags,
                              self.words, self.feedback])

    def render(self) -> None:
        s, lang, t = self.state, self.app.lang, self.app.t
        a = s.free_attempt
        self.intro.value = f"<p>{esc(self.t('free_intro'))}</p>"
        self.input.description = self.t("your_question")
        self.input.placeholder = self.t("placeholder")
        self.check_button.description = self.t("check")
        self.level.value = level_html(a, lang, t)
        self.flags.value = ""
        if a is not None and a.usable:
            x = a.analysis
            tone = [k for k, on in (("free_tone_leading", x.leading), ("free_tone_why", x.bare_why),
                                    ("free_tone_stacked", x.stacked)) if on] or ["free_tone_ok"]
            keys = ["free_open" if x.open else "free_closed", "free_advice" if x.advice else "free_no_advice", *tone]
            self.flags.value = (f'<ul class="ik-exercises-flags" aria-label="{esc(self.t("free_summary_label"))}">'
                                + "".join(f"<li>{esc(self.t(k))}</li>" for k in keys) + "</ul>")
        self.words.value = words_html(a, lang, t)
        self.feedback.value = feedback_html(a, lang, t)


class LeervraagTab:
    """*Leervraag*: the inbrenger's own question checked (views/leervraag.py), on its own tab."""

    def __init__(self, app):
        self.check = LeervraagCheck(app, css="ik-exercises-leervraag")
        self.widget = self.check.widget

    def render(self) -> None:
        self.check.render()


class ExercisesView:
    """The exercises page; ``seed`` makes the drawn questions reproducible (tests)."""

    def __init__(self, app: AppState, seed: int | None = None):
        self.app = app
        self.state = ExercisesState(app.lang, seed)
        self.frame = PageFrame(app, "exercises", "exercises.title")
        self.style = w.HTML(f"<style>{_CSS}</style>", layout=w.Layout(display="none"))
        self.intro = w.HTML()
        self.sort, self.advice = SortTab(app, self.state), AdviceTab(app, self.state)
        self.higher, self.free = HigherTab(app, self.state), FreeTab(app, self.state)
        self.leervraag = LeervraagTab(app)
        self.tab_views = dict(zip(EXERCISES, (self.sort, self.advice, self.higher, self.free, self.leervraag)))
        self.tabs = css_class(w.Tab(children=[v.widget for v in self.tab_views.values()],
                                    layout=w.Layout(flex="1 1 26em", min_width="0", max_width="100%")),
                              "ik-exercises-tabs")
        self.pyramid = css_class(w.HTML(layout=w.Layout(flex="1 1 18em", max_width="100%")), "ik-exercises-pyramid")
        self.scores_heading = w.HTML()
        self.scores = css_class(w.HTML(), "ik-exercises-scores")
        self.download_button = button("ik-exercises-download", primary=False)
        self.download_button.icon = "download"
        self.download_link = css_class(w.HTML(), "ik-exercises-download-link")

        self.download_button.on_click(lambda _: self.make_download())
        self.tabs.observe(lambda _: self.render_pyramid(), "selected_index")
        self.state.observe(lambda _: self.render_pyramid(),
                           ["sort_focus", "advice_rewrite", "higher_start", "higher_attempt", "free_attempt"])
        self.state.observe(lambda _: self.render_scores(), "rounds")
        app.observe(self._on_lang, "lang")
        row = w.Box([self.tabs, self.pyramid], layout=w.Layout(display="flex", flex_flow="row wrap",
                                                              align_items="flex-start", width="100%"))
        self.frame.set_body(self.style, self.intro, row, css_class(w.VBox([
            self.scores_heading, self.scores, w.HBox([self.download_button, self.download_link],
                                                     layout=w.Layout(flex_flow="row wrap"))]), "ik-card"))
        self.render()

    @property
    def widget(self) -> w.Widget:
        return self.frame.widget

    @property
    def exercise(self) -> str:
        """The exercise of the selected tab."""
        return EXERCISES[self.tabs.selected_index or 0]

    def _on_lang(self, change) -> None:
        self.state.lang = change["new"]  # redraws rounds nobody has started, in the new language
        self.render()

    def make_download(self) -> None:
        """A data: link with the learner's scores as CSV; nothing is written on the server."""
        t = self.app.t
        data = self.state.results_csv(self.app.lang).encode("utf-8")
        self.download_link.value = download_link(data, "intervisie-oefeningen.csv", "text/csv",
                                                 t("exercises.download_link"), "ik-exercises-download-file")

    def render(self) -> None:
        t = self.app.t
        self.intro.value = f"<p>{esc(t('exercises.intro'))}</p>"
        self.tabs.titles = tuple(t(f"exercises.tab_{e}") for e in EXERCISES)
        for view in self.tab_views.values():
            view.render()
        self.scores_heading.value = (f"<h2>{esc(t('exercises.scores_heading'))}</h2>"
                                     f'<p class="ik-note">{esc(t("exercises.scores_private"))}</p>')
        set_labels(self.app, "exercises", ((self.download_button, "download"),))
        self.render_pyramid()
        self.render_scores()

    def render_pyramid(self) -> None:
        highlight, mark = self.state.focus(self.exercise)
        lang = self.app.lang
        self.pyramid.value = img_html(pyramid.pyramid_png(lang, highlight, mark),
                                      pyramid.pyramid_alt(lang, highlight, mark), "ik-exercises-pyramid-figure")

    def render_scores(self) -> None:
        rounds, lang = self.state.rounds, self.app.lang
        self.scores.value = img_html(pyramid.scores_png(rounds, lang), pyramid.scores_alt(rounds, lang),
                                     "ik-exercises-scores-figure")
        self.download_link.value = ""
        self.download_button.disabled = not rounds
