"""The facilitator / projector page: a big countdown of the current step, who speaks, its rule,
the next step and the roles, with big buttons. A hidden ``Play`` widget ticks the state once a
second while the session runs (the browser drives it, so it works the same in Voilà and Lab).

With a stored group chosen, the next planned meeting fills the set-up, the members are ticked
present, and after finishing the meeting is recorded (``facilitator_meeting``). For a stored
meeting the live card (``facilitator_live``) shows the join code, the response count, tonight's
results and the post-it wall; the ticker then also plays outside the timer, for the count.
"""
from __future__ import annotations

import ipywidgets as w

from .. import catalog
from ..model.session import FINISHED, PAUSED, READY, RUNNING
from ..questions.leervraag import formulating_step
from ..render import handout
from ..state import AppState
from ..state.live import LiveState
from ..state.meeting import MeetingState
from ..state.session import SessionState
from .common import (
    PageFrame,
    classes_for,
    css_class,
    esc,
    format_seconds,
    set_labels,
    style_widget,
)
from .facilitator_live import LivePanel
from .facilitator_meeting import MeetingPanel, RecordForm
from .facilitator_setup import SessionSetup
from .leervraag import LeervraagCheck
from .preparation import PreparationPanel

WARN_SECONDS = 60  # the last minute of a step is shown in amber
TICK_MS = 1000


class FacilitatorView:
    """Widgets of the facilitator page; children are public so tests can drive them."""

    def __init__(self, app: AppState, method: str | None = None, clock=None, store_factory=None,
                 group: str = "", wall_clock=None, live_options: dict | None = None):
        """``clock`` (seconds) and ``wall_clock`` (datetime) are injected by tests; ``group`` opens
        that stored group; ``store_factory`` opens the store (default ``Store()``); ``live_options``
        go to the :class:`LiveState` (tests pass an executor, environ, now)."""
        self.app = app
        clocks = {k: v for k, v in (("clock", clock), ("wall_clock", wall_clock)) if v}
        self.state = SessionState(method, **clocks)
        self.meeting = MeetingState(store_factory)
        self.frame = PageFrame(app, "session", "session.title")
        self.setup = SessionSetup(app, self.state)
        self.group_panel = MeetingPanel(app, self.meeting, self.state, self.setup)
        self.record = RecordForm(app, self.meeting, self.state)
        self.live = LiveState(self.meeting.store, self.state.clock, **(live_options or {}))
        self.live_panel = LivePanel(app, self.live)
        c = classes_for("ik-session")
        self.projector = c(w.ToggleButton(icon="desktop"), "projector")
        self.progress = c(w.HTML(), "progress")
        self.countdown = c(w.HTML(), "countdown")
        self.status = c(w.HTML(), "status")
        self.step_name = c(w.HTML(), "step-name")
        self.speaker = c(w.HTML(), "speaker")
        self.rule = c(w.HTML(), "rule")
        self.question_set = c(w.ToggleButtons(style={"button_width": "auto"}), "question-set")
        self.questions = c(w.HTML(), "questions")
        self.leervraag = LeervraagCheck(app, css="ik-session-leervraag", hint=True)
        self.next_step, self.roles = c(w.HTML(), "next-step"), c(w.HTML(), "roles")
        self.toggle_button = c(w.Button(button_style="primary"), "toggle")
        self.prev_button = c(w.Button(icon="arrow-left"), "prev")
        self.next_button = c(w.Button(icon="arrow-right"), "next")
        self.extend1_button = c(w.Button(icon="plus"), "extend-1")
        self.extend5_button = c(w.Button(icon="plus"), "extend-5")
        self.finish_button = c(w.Button(icon="flag-checkered"), "finish")
        self.summary = c(w.HTML(), "summary")
        self.preparation = PreparationPanel(app, "ik-session-preparation", card=False)  # shown until the meeting starts
        self.ticker = self._make_ticker()

        self._wire()
        buttons = css_class(w.HBox([self.toggle_button, self.prev_button, self.next_button, self.extend1_button,
                                    self.extend5_button, self.finish_button],
                                   layout=w.Layout(flex_flow="row wrap", justify_content="center")),
                            "ik-big-buttons")
        display = css_class(w.VBox([self.progress, self.countdown, self.status, self.step_name, self.speaker, self.rule,
                                    self.question_set, self.questions, self.leervraag.widget, buttons, self.next_step,
                                    self.roles, self.summary, self.preparation.widget]), "ik-card", "ik-session-display")
        self.frame.set_body(style_widget(), self.projector, self.live_panel.widget, display, self.record.widget,
                            self.group_panel.widget, self.setup.widget, self.ticker)
        self.render()
        self.group_panel.open(group)
        self._built = True

    def _wire(self) -> None:
        """Buttons call state actions; the page re-renders on state and language changes."""
        self.toggle_button.on_click(lambda _: self.state.toggle())
        self.prev_button.on_click(lambda _: self.state.previous())
        self.next_button.on_click(lambda _: self.state.next())
        self.extend1_button.on_click(lambda _: self.state.extend(1))
        self.extend5_button.on_click(lambda _: self.state.extend(5))
        self.finish_button.on_click(lambda _: self.state.finish())
        self.ticker.observe(lambda _: self._tick(), "value")
        self.meeting.observe(lambda _: self._follow_meeting(), ["group", "number", "present"])
        self.projector.observe(self._on_projector, "value")
        self.question_set.observe(lambda _: self._render_questions(), "value")
        self.state.observe(lambda _: self.render(), "session")
        self.state.observe(lambda _: self.render_clock(), ["now", "overrun"])
        self.app.observe(lambda _: self.render(), "lang")
        self.app.observe(lambda _: self.group_panel.render(), "lang")
        self.app.observe(lambda _: self.live_panel.render(), "lang")

    @property
    def widget(self) -> w.Widget:
        return self.frame.widget

    def _make_ticker(self) -> w.Play:
        """The hidden Play. The browser's Play starts on a *change* of ``playing``, not on its
        initial value: while the page is built the wish is kept, and applied once the front end
        reports the ticker shown (``_view_count``)."""
        ticker = classes_for("ik-session")(w.Play(interval=TICK_MS, min=0, max=10**9, step=1, show_repeat=False,
                                                  layout=w.Layout(display="none")), "ticker")
        self._ticker_wanted, self._built = False, False
        ticker._view_count = 0
        ticker.observe(lambda ch: self._play(self._ticker_wanted) if ch["new"] else None, "_view_count")
        return ticker

    def _on_projector(self, change) -> None:
        for part in (self.setup.widget, self.group_panel.widget):
            part.layout.display = "none" if change["new"] else None
        self.live_panel.set_projector(change["new"])
        (self.frame.widget.add_class if change["new"] else self.frame.widget.remove_class)("ik-projector")

    def _tick(self) -> None:
        self.state.tick()
        self.live_panel.tick()

    def _follow_meeting(self) -> None:
        """The live card follows the chosen group and meeting; the ticker runs while it is live."""
        m = self.meeting
        self.live.bind(m.group.code if m.group else "", m.number, len(m.present))
        self.live_panel.render()
        self._play(self.state.status == RUNNING or self.live.active)
        self.live.poll()

    def _play(self, on: bool) -> None:
        self._ticker_wanted = on
        if self._built:
            self.ticker.playing = on

    # ------------------------------------------------------------------ rendering
    def render(self) -> None:
        t, lang, st = self.app.t, self.app.lang, self.state
        s, step = st.session, st.step
        self._play(s.status == RUNNING or self.live.active)
        self.setup.render()
        set_labels(self.app, "session", ((self.projector, "projector"),))
        rounds = t("session.round", n=s.current.round, total=s.rounds) if s.rounds > 1 else ""
        self.progress.value = (f'<div class="ik-progress">{esc(st.method.name.get(lang))} · '
                               f'{esc(t("methods.progress", n=s.index + 1, total=len(s.plan)))}'
                               f'{" · " + esc(rounds) if rounds else ""}</div>')
        self.step_name.value = f'<div class="ik-step-name">{esc(step.name.get(lang))}</div>'
        who = self._who(step.speaker)
        self.speaker.value = (f'<div class="ik-speaker-line">{esc(t("methods.speaker_now", speaker=who))}</div>'
                              f'<p style="text-align:center">{esc(step.what.get(lang))}</p>')
        flags = [t("methods.inbrenger_absent")] if step.inbrenger_absent else []
        flags.append(handout.advice_line(st.method, step, lang))
        self.rule.value = (f'<div class="ik-rule" role="note"><span>{esc(t("methods.rule"))}:</span> '
                           f'{esc(step.rules.get(lang))}</div>'
                           + "".join(f'<p class="ik-note">{esc(f)}</p>' for f in flags))
        nxt = st.next_step
        self.next_step.value = (f"<p><b>{esc(t('session.next_step'))}:</b> "
                                f"{esc(nxt.name.get(lang) if nxt else t('session.no_next_step'))}</p>")
        self.roles.value = self._roles_html()
        self._render_questions()
        # The inbrenger formulates the question in this step: the leervraag check is at hand.
        self.leervraag.widget.layout.display = None if formulating_step(st.method.id, step.id) else "none"
        self._render_buttons()
        self.summary.value = self._summary_html() if s.status == FINISHED else ""
        self.preparation.show(catalog.checklist(s.method_id, s.variant_id))
        self.preparation.set_visible(s.status == READY)
        self.record.render()
        self.render_clock()

    def render_clock(self) -> None:
        """The countdown (mm:ss; '+mm:ss' once over) and its colour; cheap, runs every tick."""
        t, st = self.app.t, self.state
        s = st.session
        remaining = s.remaining(st.now)
        if s.status == FINISHED:
            css, label = "", t("session.status_finished")
        elif remaining < 0:
            css, label = "ik-countdown-over", t("session.status_over")
        elif s.status == PAUSED:
            css, label = "ik-countdown-paused", t("session.status_paused")
        elif s.status != RUNNING:
            css, label = "ik-countdown-paused", t("session.status_ready")
        elif remaining <= WARN_SECONDS:
            css, label = "ik-countdown-warn", t("session.status_almost")
        else:
            css, label = "", t("session.status_running")
        sign = "+" if remaining < 0 else ""
        self.countdown.value = (f'<div class="ik-countdown {css}" role="timer" aria-live="off" '
                                f'aria-label="{esc(t("session.countdown_label"))}">'
                                f'<span class="ik-countdown-label">{esc(label)}</span>'
                                f"{sign}{format_seconds(remaining)}</div>")
        status = t("session.announce_over", step=st.step.name.get(self.app.lang)) if st.overrun else label
        self.status.value = f'<p class="sr-only" role="status" aria-live="polite">{esc(status)}</p>'

    def _render_questions(self) -> None:
        """In a step where the gespreksleider brings in the questions (vijf-vragen's discussie):
        the chosen question set, each question with its explanation; hidden in other steps."""
        t, lang, m, step = self.app.t, self.app.lang, self.state.method, self.state.step
        sets = {q.id: q for q in m.question_sets}
        options = [(q.name.get(lang), q.id) for q in m.question_sets]
        if list(self.question_set.options) != options:
            keep = self.question_set.value if self.question_set.value in sets else None
            self.question_set.options = options
            self.question_set.value = keep or (options[0][1] if options else None)
        self.question_set.description = t("methods.question_set")
        shown = bool(step.uses_question_set and sets)
        self.question_set.layout.display = None if shown else "none"
        qs = sets.get(self.question_set.value) if shown else None
        self.questions.value = handout.question_set_html(qs, lang, t("methods.questions_now")) if qs else ""

    def _who(self, speaker: str) -> str:
        base = handout.speaker_name(speaker, self.app.lang)
        s = self.state.session
        person = {"inbrenger": s.inbrenger_now(), "gespreksleider": s.roles.gespreksleider}.get(speaker, "")
        return f"{base} ({person})" if person else base

    def _roles_html(self) -> str:
        t, s = self.app.t, self.state.session
        r = s.roles
        inbrenger = s.inbrenger_now()
        rows = [(t("session.inbrenger"), inbrenger), (t("session.leader"), r.gespreksleider),
                (t("session.timekeeper"), r.tijdbewaker),
                (t("session.deelnemers"), ", ".join(p for p in s.participants if p not in (inbrenger, r.gespreksleider)))]
        items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v or t('session.nobody'))}</dd>" for k, v in rows)
        case = ""
        if s.case.title or s.case.leervraag:
            case = (f"<p><b>{esc(t('session.case'))}:</b> {esc(s.case.title)}<br>"
                    f"<b>{esc(t('session.leervraag'))}:</b> {esc(s.case.leervraag)}</p>")
        return f'<h2>{esc(t("session.roles_heading"))}</h2><dl class="ik-facts">{items}</dl>{case}'

    def _render_buttons(self) -> None:
        t, s = self.app.t, self.state.session
        key = {RUNNING: "pause", PAUSED: "resume"}.get(s.status, "start")
        set_labels(self.app, "session", ((self.toggle_button, key),))
        self.toggle_button.icon = "pause" if s.status == RUNNING else "play"
        done = s.status == FINISHED
        self.toggle_button.disabled = done
        buttons = ((self.prev_button, "prev"), (self.next_button, "next"), (self.extend1_button, "extend_1"),
                   (self.extend5_button, "extend_5"), (self.finish_button, "finish"))
        set_labels(self.app, "session", buttons)
        for button, _ in buttons:
            button.disabled = done
        self.prev_button.disabled = done or s.is_first
        if s.is_last and not done:
            self.next_button.description = t("session.next_last")

    def _summary_html(self) -> str:
        t, lang, st = self.app.t, self.app.lang, self.state
        rows, planned, actual = [], 0, 0.0
        for i, x in enumerate(st.summary()):
            name = st.step_of(i).name.get(lang)
            over = ' class="ik-over"' if x.over else ""
            mark = t("session.summary_over") if x.over else t("session.summary_ok")
            extra = f"+{x.extra_minutes}" if x.extra_minutes else ""
            rows.append(f"<tr><td>{i + 1}</td><td>{esc(name)}</td><td>{x.planned_minutes}</td><td>{extra}</td>"
                        f"<td{over}>{format_seconds(x.actual_seconds)}</td><td{over}>{esc(mark)}</td></tr>")
            planned, actual = planned + x.planned_minutes, actual + x.actual_seconds
        head = "".join(f'<th scope="col">{esc(t(k))}</th>' for k in (
            "methods.col_nr", "methods.col_step", "session.col_planned", "session.col_extra",
            "session.col_actual", "session.col_verdict"))
        return (f'<h2>{esc(t("session.summary_heading"))}</h2>'
                f'<table class="ik-steps ik-summary"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
                f'</table><p>{esc(t("session.summary_total", planned=planned, actual=format_seconds(actual)))}</p>')
