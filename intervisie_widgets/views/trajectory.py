"""The trajectory page of a stored group: the plan (by default the build-up of seed 001) with
date, method, variant and roles per meeting, stored with ``Store.save_plan``; the attendance of
the recorded meetings with the attendance list and the bewijs van deelname; a next trajectory;
the join code (QR code, address) of the group's next meeting for the projector."""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import ipywidgets as w

from .. import catalog
from ..model import planning as trajectory
from ..state import AppState
from ..state.live import LiveState
from ..state.trajectory import TrajectoryState
from .attendance_table import attendance_downloads, attendance_html
from .common import (
    WIDE_LABEL,
    PageFrame,
    card,
    classes_for,
    esc,
    notices_html,
    say,
    set_labels,
    style_widget,
)
from .facilitator_live import JoinPanel
from .trajectory_rows import PlanRow

_FULL = w.Layout(width="100%", max_width="40em")
DEFAULT_METHOD = "negen-stappen"
_OK = ("trajectory.saved", "trajectory.loaded", "trajectory.started", "trajectory.nothing_stored")


class TrajectoryView:
    """Widgets of the trajectory page; children are public so tests can drive them."""

    def __init__(self, app: AppState, store_factory=None, today=dt.date.today, group: str = ""):
        self.app = app
        self.state = TrajectoryState(store_factory, today)
        self.frame = PageFrame(app, "trajectory", "trajectory.title")
        c = classes_for("ik-trajectory")
        self.intro = w.HTML()
        self.group = c(w.Dropdown(layout=_FULL, style=WIDE_LABEL), "group")
        self.group_info = c(w.HTML(), "group-info")
        self.new_button = c(w.Button(icon="plus"), "new-trajectory")
        self.confirm_text = c(w.HTML(), "confirm")
        self.yes_button = c(w.Button(button_style="warning"), "new-yes")
        self.no_button = c(w.Button(), "new-no")
        self.confirm_box = w.VBox([self.confirm_text, w.HBox([self.yes_button, self.no_button])])
        self.commitments = c(w.HTML(), "commitments")
        self.count = c(w.BoundedIntText(value=trajectory.DEFAULT_SESSIONS, min=1, max=trajectory.MAX_SESSIONS,
                                        layout=w.Layout(width="18em"), style=WIDE_LABEL), "count")
        self.start = c(w.DatePicker(value=today() + dt.timedelta(days=7), style=WIDE_LABEL), "start")
        self.weeks = c(w.BoundedIntText(value=trajectory.DEFAULT_WEEKS_BETWEEN, min=1, max=26,
                                        layout=w.Layout(width="18em"), style=WIDE_LABEL), "weeks")
        self.method = c(w.Dropdown(layout=_FULL, style=WIDE_LABEL), "method")
        self.available = c(w.BoundedIntText(value=120, min=15, max=600, step=15, layout=w.Layout(width="22em"),
                                            style=WIDE_LABEL), "available")
        self.build_button = c(w.Button(icon="magic"), "build")
        self.plan_heading = w.HTML()
        self.rows_box = c(w.VBox(), "rows")
        self.checks = c(w.HTML(), "checks")
        self.save_button = c(w.Button(button_style="primary", icon="save"), "save")
        self.status = c(w.HTML(), "status")
        self.attendance_heading = w.HTML()
        self.attendance = c(w.HTML(), "attendance")
        self.downloads_button = c(w.Button(icon="download"), "downloads")
        self.downloads = c(w.HTML(), "download-links")
        self.rows: list[PlanRow] = []
        self.live = LiveState(self.state.store)
        self.join = JoinPanel(app, self.live, "ik-trajectory")
        self._connect()
        self._layout()
        self._fill_methods()
        self.method.value = DEFAULT_METHOD if DEFAULT_METHOD in catalog.method_catalog().ids else catalog.methods()[0].id
        self.build()
        self.render()
        self.state.refresh_groups()
        if group:
            self.choose(group)

    def _layout(self) -> None:
        row = w.Layout(flex_flow="row wrap")
        self.frame.set_body(
            style_widget(), self.intro,
            card(self.group, self.group_info, self.new_button, self.confirm_box), self.join.widget,
            card(self.commitments),
            card(self.count, self.start, self.weeks, self.method, self.available, self.build_button),
            card(self.plan_heading, self.rows_box, self.checks, w.HBox([self.save_button], layout=row), self.status),
            card(self.attendance_heading, self.attendance, self.downloads_button, self.downloads))

    def _connect(self) -> None:
        s = self.state
        self.group.observe(lambda ch: None if self._updating or not ch["new"] else self.choose(ch["new"]), "value")
        self.available.observe(lambda ch: setattr(s, "available_minutes", ch["new"]), "value")
        self.build_button.on_click(lambda _: self.build())
        self.save_button.on_click(lambda _: s.save())
        self.new_button.on_click(lambda _: s.ask_new_trajectory())
        self.yes_button.on_click(lambda _: s.start_trajectory())
        self.no_button.on_click(lambda _: s.cancel_new_trajectory())
        self.downloads_button.on_click(lambda _: self.make_downloads())
        s.observe(lambda _: self.render_plan(), ["plan", "group", "available_minutes"])
        s.observe(lambda _: self.render_status(), "notice")
        s.observe(lambda _: self.render_group(), ["groups", "group", "trajectories", "confirm_new"])
        s.observe(lambda _: self.render_attendance(), ["records", "group"])
        s.observe(lambda _: self.live.bind(s.group_code, self.next_number(), 0), ["group_code", "plan", "records"])
        self.app.observe(lambda _: self.render(), "lang")
        self.app.observe(lambda _: self.join.render(), "lang")

    @property
    def widget(self) -> w.Widget:
        return self.frame.widget

    # ------------------------------------------------------------------ actions
    _updating = False

    def next_number(self) -> int:
        """The group's next meeting: the first planned one not held, else one after the last."""
        s = self.state
        held = [r.number for r in s.records]
        nxt = trajectory.next_planned(s.plan, held)
        return nxt.number if nxt else max([0, *held, *(p.number for p in s.plan)]) + 1

    def choose(self, code: str) -> None:
        """Open a stored group: its participants, its plan (stored, else the default) and attendance."""
        self.state.choose(code)
        self.render_group()

    def build(self) -> None:
        """The default build-up (seed 001) from the inputs; replaces the current plan."""
        self.state.build(self.count.value, self.start.value, self.weeks.value, self.method.value)

    def edit(self, number: int, field: str, value) -> None:
        if not self._updating:
            self.state.update(number, **{field: value if value is not None or field == "date" else ""})

    def make_downloads(self) -> None:
        """The attendance list and the certificates as download links (data: URIs)."""
        s = self.state
        if not s.group_code:
            self.downloads.value = f'<p class="ik-warning" role="alert">{esc(self.app.t("trajectory.warn_no_group"))}</p>'
            return
        self.downloads.value = attendance_downloads(self.app, s.group, s.records, s.attendance())

    # ------------------------------------------------------------------ rendering
    def _fill_methods(self) -> None:
        keep = self.method.value
        self.method.options = [(m.name.get(self.app.lang), m.id) for m in catalog.methods()]
        if keep:
            self.method.value = keep

    def render(self) -> None:
        t = self.app.t
        self.intro.value = (f"<p>{esc(t('trajectory.intro'))}</p>"
                            f'<p class="ik-note">{esc(t("trajectory.assumption_note"))}</p>')
        self.commitments.value = (f"<h2>{esc(t('trajectory.commitments_heading'))}</h2><ul>"
                                  f"<li>{esc(t('trajectory.commitment_ten', n=trajectory.DEFAULT_SESSIONS))}</li>"
                                  f"<li>{esc(t('trajectory.commitment_agreement'))}</li></ul>"
                                  f'<p class="ik-note">{esc(t("trajectory.commitments_source"))}</p>'
                                  f'<div class="ik-note ik-trajectory-clash"><h3>{esc(t("goals.clash_heading"))}</h3>'
                                  f'<p>{esc(t("goals.clash", n=trajectory.DEFAULT_SESSIONS))}</p></div>')
        set_labels(self.app, "trajectory", (
            (self.group, "group"), (self.count, "count"), (self.start, "start"), (self.weeks, "weeks"),
            (self.method, "method"), (self.available, "available"), (self.build_button, "build"),
            (self.save_button, "save"), (self.new_button, "new_trajectory"), (self.yes_button, "new_yes"),
            (self.no_button, "new_no"), (self.downloads_button, "downloads")))
        self.plan_heading.value = f"<h2>{esc(t('trajectory.plan_heading'))}</h2>"
        self.attendance_heading.value = (f"<h2>{esc(t('trajectory.attendance_heading'))}</h2>"
                                         f'<p class="ik-note">{esc(t("trajectory.attendance_intro"))}</p>')
        self.downloads.value = ""
        self._updating = True
        self._fill_methods()
        self._updating = False
        self.render_plan()
        self.render_group()
        self.render_attendance()
        self.render_status()

    def render_group(self) -> None:
        """The group choice, who is in it, which trajectory is current, and the 'new trajectory' question."""
        t, s = self.app.t, self.state
        options = [(t("trajectory.choose_group"), "")]
        options += [(t("trajectory.group_line", code=g["code"], n=g["members"]), g["code"]) for g in s.groups]
        if s.group_code and s.group_code not in {code for _, code in options}:
            options.append((s.group_code, s.group_code))
        self._updating = True
        self.group.options = options
        self.group.value = s.group_code
        self._updating = False
        self.new_button.disabled = not s.group_code
        self.group_info.value = self._group_info() if s.group_code else ""
        self.confirm_box.layout.display = None if s.confirm_new else "none"
        self.confirm_text.value = (f'<div class="ik-warning" role="alert"><p><b>'
                                   f'{esc(t("trajectory.new_question", n=s.current + 1))}</b></p>'
                                   f'<p>{esc(t("trajectory.new_explain"))}</p></div>') if s.confirm_new else ""

    def _group_info(self) -> str:
        t, s, g = self.app.t, self.state, self.state.group
        people = ", ".join(g.participants) or t("trajectory.no_participants")
        lines = [t("trajectory.current", n=s.current, total=len(s.trajectories)),
                 t("trajectory.participants", names=people)]
        if g.begeleider:
            lines.append(t("trajectory.the_begeleider", name=g.begeleider))
        link = (f'<a class="ik-trajectory-group-link" href="groep.ipynb?group={esc(quote(s.group_code))}'
                f'&amp;lang={self.app.lang}">{esc(t("trajectory.to_group"))}</a>')
        return ('<div role="status">' + "".join(f"<p>{esc(x)}</p>" for x in lines) + f"<p>{link}</p></div>")

    def render_plan(self) -> None:
        """Rows (rebuilt only when the number of meetings changes, so focus is kept), then the checks."""
        s = self.state
        plan = s.plan
        if len(self.rows) != len(plan):
            self.rows = [PlanRow(self, p.number) for p in plan]
            self.rows_box.children = [r.widget for r in self.rows]
        self._updating = True
        for row, p in zip(self.rows, plan):
            row.fill(self.app, p, s.members, s.group.begeleider)
        self._updating = False
        notices = s.checks()
        self.checks.value = (notices_html(self.app, notices, "trajectory.checks_heading") if notices
                             else f'<p class="ik-note">{esc(self.app.t("trajectory.checks_ok"))}</p>')

    def render_attendance(self) -> None:
        s = self.state
        self.downloads.value = ""
        if not s.group_code:
            self.attendance.value = f'<p class="ik-note">{esc(self.app.t("trajectory.warn_no_group"))}</p>'
        else:
            self.attendance.value = attendance_html(self.app, s.group, s.attendance(), len(s.records), s.current)
        self.downloads_button.disabled = not s.records

    def render_status(self) -> None:
        n = self.state.notice
        ok = n is not None and n.key in _OK
        css = "ik-note" if ok else "ik-warning"
        self.status.value = (f'<div class="{css}" role="{"status" if ok else "alert"}">{esc(say(self.app, n))}</div>'
                             if n else "")
