"""The four tabs of the exercises page. Each holds public child widgets and a ``render()``;
handlers only call :class:`~intervisie_widgets.state.exercises.ExercisesState` actions."""
from __future__ import annotations

import ipywidgets as w

from ..model import LEVELS
from ..questions import level_name
from ..state import AppState
from ..state.exercises import Attempt, ExercisesState
from .common import css_class, esc

WIDE = w.Layout(width="100%", max_width="100%")
LABEL_ABOVE = {"description_width": "initial"}


def live(inner: str, css: str = "") -> str:
    """A polite live region, so screen readers read feedback when it changes."""
    return f'<div class="ik-live {css}" role="status" aria-live="polite">{inner}</div>'


def level_html(attempt: Attempt | None, lang: str, t) -> str:
    """“Niveau: Overtuigingen (zekerheid 82%)”, or “Niveau: —” when there is no level."""
    if attempt is None:
        return ""
    if not attempt.usable:
        return live(esc(t("exercises.level_none")))
    a = attempt.analysis
    conf = f' <span class="ik-note-inline">({esc(t("exercises.confidence", percent=round(100 * a.confidence)))})</span>'
    return live(f'<strong class="ik-exercises-level-name" data-level="{a.level}">'
                f'{esc(t("exercises.level_found", level=level_name(a.level, lang)))}</strong>{conf}')


def feedback_html(attempt: Attempt | None, lang: str, t, first: tuple[str, ...] = ()) -> str:
    """The engine's feedback (or its friendly problem message) and a suggested rewrite with its kind."""
    if attempt is None:
        return live("")
    items = list(first) + attempt.feedback(lang)
    better = attempt.suggestion(lang) if attempt.usable else None
    body = "".join(f"<li>{esc(x)}</li>" for x in items)
    tip = ""
    if better is not None:
        tip = (f'<p class="ik-note ik-exercises-rewrite" data-kind="{esc(better.kind)}">'
               f'{esc(t("exercises.suggestion", rewrite=better.text))}<br><span class="ik-note-inline">'
               f'{esc(t("exercises.rewrite_kind_label"))}: {esc(better.label(lang))}</span></p>')
    cls = "ik-note" if attempt.usable else "ik-warning"
    return live(f'<div class="{cls}"><ul>{body}</ul></div>{tip}')


def marked(text: str, words) -> str:
    """``text`` escaped, each of ``words`` (in text order) in <mark><strong>: not told by colour alone."""
    out, pos = [], 0
    for word, _ in words:
        at = text.find(word, pos)
        if at < 0:
            continue
        out += [esc(text[pos:at]), f'<mark class="ik-word"><strong>{esc(word)}</strong></mark>']
        pos = at + len(word)
    return "".join(out) + esc(text[pos:])


def words_html(attempt: Attempt | None, lang: str, t) -> str:
    """The words that made the level, named and marked in the question, and what to change.

    Nothing when the engine gave no words: no highlighting rather than a made-up one.
    """
    if attempt is None or not attempt.usable:
        return ""
    change = attempt.change(lang)
    parts = []
    if attempt.words:
        names = ", ".join(w for w, _ in attempt.words)
        parts.append(f'<p id="ik-exercises-words-label"><strong>{esc(t("exercises.words_label"))}:</strong> '
                     f'{esc(names)}</p><p>{esc(t("exercises.words_intro"))} '
                     f'<q class="ik-exercises-marked">{marked(attempt.text, attempt.words)}</q></p>')
    if change:
        parts.append(f'<p class="ik-exercises-change"><strong>{esc(t("exercises.change_label"))}:</strong> '
                     f"{esc(change)}</p>")
    label = ('aria-labelledby="ik-exercises-words-label"' if attempt.words
             else f'aria-label="{esc(t("exercises.change_label"))}"')
    return f'<div class="ik-card ik-exercises-why" role="group" {label}>{"".join(parts)}</div>' if parts else ""


def question_input(css: str) -> w.Textarea:
    return css_class(w.Textarea(rows=2, layout=WIDE, style=LABEL_ABOVE), css)


def button(css: str, primary: bool = True) -> w.Button:
    return css_class(w.Button(button_style="primary" if primary else "", layout=w.Layout(width="auto")), css)


class ExerciseTab:
    """Shared wiring: language re-render and a guard while widgets are updated from state."""

    def __init__(self, app: AppState, state: ExercisesState):
        self.app, self.state = app, state
        self._updating = False
        self.intro = w.HTML()

    def t(self, key: str, **values) -> str:
        return self.app.t(f"exercises.{key}", **values)


class ListTab(ExerciseTab):
    """A list exercise (Sorteren, Advies of vraag?): a control per question, check, new round, score.

    Subclasses set ``exercise`` and ``empty`` (the control's value while unanswered) and give
    ``make_control``, ``options``, ``answer`` (the state action) and ``result_html``.
    """

    exercise = ""
    control_name = ""
    empty: str | None = ""

    def __init__(self, app, state, check, new):
        super().__init__(app, state)
        ex = self.exercise
        self.questions: list[w.HTML] = []
        self.controls: list[w.ValueWidget] = []
        self.rows = css_class(w.VBox(), f"ik-exercises-{ex}-rows")
        self.check_button = button(f"ik-exercises-{ex}-check")
        self.new_button = button(f"ik-exercises-{ex}-new", primary=False)
        self.feedback = css_class(w.HTML(live("")), f"ik-exercises-{ex}-feedback")
        self.check_button.on_click(lambda _: check())
        self.new_button.on_click(lambda _: new())
        state.observe(lambda _: self._build_rows(), f"{ex}_items")
        state.observe(lambda _: self.render(), [f"{ex}_answers", f"{ex}_result", f"{ex}_message"])
        self.widget = w.VBox([self.intro, self.rows, w.HBox([self.check_button, self.new_button]), self.feedback])

    def _get(self, name: str):
        return getattr(self.state, f"{self.exercise}_{name}")

    def _build_rows(self) -> None:
        items = self._get("items")
        self.questions = [w.HTML() for _ in items]
        self.controls = [css_class(self.make_control(), f"ik-exercises-{self.exercise}-" + self.control_name)
                         for _ in items]
        for i, c in enumerate(self.controls):
            c.observe(lambda ch, i=i: None if self._updating else self.answer(i, ch["new"] or ""), "value")
        self.rows.children = [css_class(w.VBox([q, c]), "ik-exercises-row") for q, c in zip(self.questions, self.controls)]
        self.render()

    def why(self, question) -> str:
        """Why the right answer is right, shown beside each question after checking."""
        return ""

    def render(self) -> None:
        ex, result, answers = self.exercise, self._get("result"), self._get("answers")
        wrong = {m.question for m in result.mistakes} if result else set()
        self.intro.value = f"<p>{esc(self.t(f'{ex}_intro'))}</p>"
        self._updating = True
        options = self.options()
        for i, (q, html, control) in enumerate(zip(self._get("items"), self.questions, self.controls), start=1):
            note = ""
            if result:
                ok, why = q not in wrong, self.why(q)
                note = (f'<br><span class="ik-mark">{"✓" if ok else "✗"} {esc(self.t("right" if ok else "wrong"))}'
                        f'{": " + esc(why) if why else ""}</span>')
            html.value = f'<p class="ik-exercises-question"><b>{i}.</b> {esc(q.shown)}{note}</p>'
            control.options, control.value = options, answers[i - 1] or self.empty
            control.description = self.t(f"{ex}_label", n=i)
            control.disabled = result is not None
        self._updating = False
        self.check_button.description = self.t("check")
        self.check_button.disabled = result is not None
        self.new_button.description = self.t("new_round")
        self.new_button.tooltip = self.t("new_round_help")
        message = self._get("message")
        if message:
            self.feedback.value = live(f'<p class="ik-warning">{esc(self.t(message, n=answers.count("")))}</p>')
        else:
            self.feedback.value = live(self.result_html(result) if result else "")


class SortTab(ListTab):
    """*Sorteren*: a dropdown of levels per question, a check button, the score and mistakes."""

    exercise, empty, control_name = "sort", "", "level"

    def __init__(self, app, state):
        super().__init__(app, state, state.check_sort, state.new_sort)
        self._build_rows()

    @property
    def levels(self) -> list[w.Dropdown]:
        return self.controls

    def make_control(self) -> w.Dropdown:
        return w.Dropdown(style=LABEL_ABOVE, layout=w.Layout(max_width="100%"))

    def options(self) -> list:
        lang = self.app.lang
        return [(self.t("sort_choose"), "")] + [(level_name(lv, lang), lv) for lv in LEVELS]

    def answer(self, index: int, value: str) -> None:
        self.state.assign(index, value)

    def result_html(self, result) -> str:
        lang = self.app.lang
        items = "".join(f"<li><q>{esc(m.question.shown)}</q> — {esc(m.explanation(lang))}</li>" for m in result.mistakes)
        extra = f"<ul>{items}</ul>" if items else f"<p>{esc(self.t('sort_all_right'))}</p>"
        return f"<p><strong>{esc(self.t('sort_score', score=result.score, total=result.total))}</strong></p>{extra}"


class AdviceTab(ListTab):
    """*Advies of vraag?*: mark each question, check, then rewrite an advice question."""

    exercise, empty, control_name = "advice", None, "mark"

    def __init__(self, app, state):
        super().__init__(app, state, state.check_advice, state.new_advice)
        self.rewrite_prompt = w.HTML()
        self.rewrite_input = question_input("ik-exercises-advice-rewrite")
        self.rewrite_button = button("ik-exercises-advice-rewrite-check")
        self.rewrite_feedback = css_class(w.HTML(live("")), "ik-exercises-advice-rewrite-feedback")
        self.rewrite_box = css_class(w.VBox([self.rewrite_prompt, self.rewrite_input, self.rewrite_button,
                                             self.rewrite_feedback]), "ik-card")
        self.rewrite_button.on_click(lambda _: self.state.rewrite_advice(self.rewrite_input.value))
        state.observe(lambda _: self.render(), "advice_rewrite")
        self.widget.children += (self.rewrite_box,)
        self._build_rows()

    @property
    def marks(self) -> list[w.ToggleButtons]:
        return self.controls

    def make_control(self) -> w.ToggleButtons:
        return w.ToggleButtons(value=None, options=self.options(), style={**LABEL_ABOVE, "button_width": "auto"})

    def options(self) -> list:
        return [(self.t("advice_option_advice"), "advice"), (self.t("advice_option_question"), "question")]

    def answer(self, index: int, value: str) -> None:
        self.state.mark(index, value)

    def why(self, question) -> str:
        return self.t("advice_was_advice" if question.advice else "advice_was_question")

    def result_html(self, result) -> str:
        return f"<p><strong>{esc(self.t('advice_score', score=result.score, total=result.total))}</strong></p>"

    def _build_rows(self) -> None:
        self.rewrite_input.value = ""
        super()._build_rows()

    def render(self) -> None:
        super().render()
        s, lang = self.state, self.app.lang
        result = s.advice_result
        target = s.advice_target
        self.rewrite_box.layout.display = None if result is not None and target is not None else "none"
        self.rewrite_prompt.value = f"<p>{esc(self.t('advice_rewrite_intro', question=target.shown))}</p>" if target else ""
        self.rewrite_input.description = self.t("advice_rewrite_label")
        self.rewrite_input.placeholder = self.t("placeholder")
        self.rewrite_button.description = self.t("check")
        self.rewrite_feedback.value = feedback_html(s.advice_rewrite, lang, self.app.t, self._verdict())

    def _verdict(self) -> tuple[str, ...]:
        a = self.state.advice_rewrite
        if a is None or not a.usable:
            return ()
        if a.good_open_question:
            return (self.t("advice_rewrite_ok"),)
        return (self.t("advice_rewrite_still_advice" if a.analysis.advice else "advice_rewrite_closed"),)
