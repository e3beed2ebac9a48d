"""The trajectory plan page: a group's meetings with date, method, inbrenger and begeleider,
by default the build-up of seed 001, stored through ``Store.save_plan`` / ``load_plan``."""
from __future__ import annotations

import datetime as dt

import ipywidgets as w

from .. import catalog
from ..model import planning as trajectory
from ..state import AppState
from ..state.planning import TrajectoryState
from .common import (
    WIDE_LABEL,
    PageFrame,
    card,
    classes_for,
    css_class,
    esc,
    notices_html,
    say,
    set_labels,
    style_widget,
)

_FULL = w.Layout(width="100%", max_width="40em")
DEFAULT_METHOD = "negen-stappen"


class PlanRow:
    """The widgets of one planned meeting."""

    def __init__(self, view: "TrajectoryView", number: int):
        self.number = number
        self.label = w.HTML(layout=w.Layout(width="11em"))
        self.begeleider = css_class(w.Checkbox(indent=False, layout=w.Layout(width="auto")), "ik-trajectory-begeleider")
        self.date = css_class(w.DatePicker(layout=w.Layout(width="auto"), style=WIDE_LABEL), "ik-trajectory-date")
        self.method = css_class(w.Dropdown(layout=w.Layout(width="auto"), style=WIDE_LABEL),
                                "ik-trajectory-session-method")
        self.inbrenger = css_class(w.Dropdown(layout=w.Layout(width="auto"), style=WIDE_LABEL),
                                   "ik-trajectory-inbrenger")
        self.widget = css_class(w.HBox([self.label, self.date, self.method, self.inbrenger, self.begeleider]),
                                "ik-plan-row")
        for widget, field in ((self.begeleider, "with_begeleider"), (self.date, "date"),
                              (self.method, "method"), (self.inbrenger, "inbrenger")):
            widget.observe(lambda ch, f=field: view.edit(number, f, ch["new"]), "value")


class TrajectoryView:
    """Widgets of the trajectory page; children are public so tests can drive them."""

    def __init__(self, app: AppState, store_factory=None, today=dt.date.today):
        self.app = app
        self.state = TrajectoryState(store_factory, today)
        self.frame = PageFrame(app, "trajectory", "trajectory.title")
        c = classes_for("ik-trajectory")
        self.intro = w.HTML()
        self.code = c(w.Text(layout=w.Layout(width="24em"), style=WIDE_LABEL), "code")
        self.load_button = c(w.Button(icon="folder-open"), "load")
        self.members = c(w.Textarea(rows=6, continuous_update=False, layout=_FULL, style=WIDE_LABEL), "members")
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
        self.rows: list[PlanRow] = []

        self.code.observe(lambda ch: setattr(self.state, "group_code", ch["new"]), "value")
        self.members.observe(lambda ch: None if self._updating else self.state.set_members(ch["new"]), "value")
        self.available.observe(lambda ch: setattr(self.state, "available_minutes", ch["new"]), "value")
        self.build_button.on_click(lambda _: self.build())
        self.save_button.on_click(lambda _: self.state.save())
        self.load_button.on_click(lambda _: self._load())
        self.state.observe(lambda _: self.render_plan(), ["plan", "members", "available_minutes"])
        self.state.observe(lambda _: self.render_status(), "notice")
        app.observe(lambda _: self.render(), "lang")

        self.frame.set_body(
            style_widget(), self.intro,
            card(w.HBox([self.code, self.load_button], layout=w.Layout(flex_flow="row wrap")), self.members,
                 self.count, self.start, self.weeks, self.method, self.available, self.build_button),
            card(self.plan_heading, self.rows_box, self.checks, self.save_button, self.status))
        self._fill_methods()
        self.method.value = DEFAULT_METHOD if DEFAULT_METHOD in catalog.method_catalog().ids else catalog.methods()[0].id
        self.build()
        self.render()

    @property
    def widget(self) -> w.Widget:
        return self.frame.widget

    # ------------------------------------------------------------------ actions
    _updating = False

    def build(self) -> None:
        """The default build-up (seed 001) from the inputs; replaces the current plan."""
        self.state.build(self.count.value, self.start.value, self.weeks.value, self.method.value)

    def _load(self) -> None:
        if self.state.load():
            self._updating = True
            self.members.value = "\n".join(self.state.members)
            self._updating = False

    def edit(self, number: int, field: str, value) -> None:
        if not self._updating:
            self.state.update(number, **{field: value if value is not None or field == "date" else ""})

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
        set_labels(self.app, "trajectory", (
            (self.code, "code"), (self.members, "members"), (self.count, "count"), (self.start, "start"),
            (self.weeks, "weeks"), (self.method, "method"), (self.available, "available"),
            (self.load_button, "load"), (self.build_button, "build"), (self.save_button, "save")))
        self.code.placeholder = t("trajectory.code_placeholder")
        self.members.placeholder = t("trajectory.members_placeholder")
        self.plan_heading.value = f"<h2>{esc(t('trajectory.plan_heading'))}</h2>"
        self._updating = True
        self._fill_methods()
        self._updating = False
        self.rows = []  # rebuilt with the new language
        self.render_plan()
        self.render_status()

    def render_plan(self) -> None:
        """Rows (rebuilt only when the number of meetings changes, so focus is kept), then the checks."""
        plan = self.state.plan
        if len(self.rows) != len(plan):
            self.rows = [PlanRow(self, p.number) for p in plan]
            self.rows_box.children = [r.widget for r in self.rows]
        self._updating = True
        for row, p in zip(self.rows, plan):
            self._fill_row(row, p)
        self._updating = False
        notices = self.state.checks()
        self.checks.value = (notices_html(self.app, notices, "trajectory.checks_heading") if notices
                             else f'<p class="ik-note">{esc(self.app.t("trajectory.checks_ok"))}</p>')

    def _fill_row(self, row: PlanRow, p) -> None:
        t, lang = self.app.t, self.app.lang
        row.number = p.number
        badge = (f' <span class="ik-badge" title="{esc(t("trajectory.assumed_help"))}">{esc(t("trajectory.assumed"))}'
                 f"</span>") if p.assumed else ""
        row.label.value = f"<b>{esc(t('trajectory.session', n=p.number))}</b>{badge}"
        row.begeleider.description = t("trajectory.begeleider")
        row.begeleider.tooltip = t("trajectory.begeleider_help", n=p.number)
        row.begeleider.value = p.with_begeleider
        row.date.description, row.date.tooltip = t("trajectory.date"), t("trajectory.date_help", n=p.number)
        row.date.value = p.date
        options = [(m.name.get(lang), m.id) for m in catalog.methods()]
        if p.method and p.method not in catalog.method_catalog().ids:
            options.append((p.method, p.method))
        row.method.options = options
        row.method.value = p.method or None
        row.method.description, row.method.tooltip = t("trajectory.method"), t("trajectory.method_help")
        names = list(self.state.members) + ([p.inbrenger] if p.inbrenger and p.inbrenger not in self.state.members else [])
        row.inbrenger.options = [(t("trajectory.nobody"), ""), *[(n, n) for n in names]]
        row.inbrenger.value = p.inbrenger
        row.inbrenger.description = t("trajectory.inbrenger")
        row.inbrenger.tooltip = t("trajectory.inbrenger_help", n=p.number)

    def render_status(self) -> None:
        n = self.state.notice
        ok = n is not None and n.key in ("trajectory.saved", "trajectory.loaded")
        css = "ik-note" if ok else "ik-warning"
        self.status.value = (f'<div class="{css}" role="{"status" if ok else "alert"}">{esc(say(self.app, n))}</div>'
                             if n else "")
