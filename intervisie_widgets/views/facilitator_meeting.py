"""The facilitator page's link to a stored group: choose the group and meeting, tick who is
present (``MeetingPanel``), and record the meeting when it is finished (``RecordForm``).

Without a group both stay out of the way and the page runs a free session, as it always did.
"""
from __future__ import annotations

from urllib.parse import urlencode

import ipywidgets as w

from .. import catalog
from ..model.meeting import MAX_NOTE
from ..model.planning import PlannedSession
from ..model.session import FINISHED, READY, Roles
from ..state import AppState
from ..state.meeting import MeetingState
from ..state.session import SessionState
from .common import WIDE_LABEL, card, classes_for, esc, say, set_labels
from .facilitator_setup import SessionSetup

_FULL = w.Layout(width="100%", max_width="40em")


def problems_html(app: AppState, notices) -> str:
    """Notices and store errors as one alert list (empty when there are none)."""
    items = "".join(f"<li>{esc(n.message(app.lang) if hasattr(n, 'message') else say(app, n))}</li>"
                    for n in notices)
    return f'<div class="ik-warning" role="alert"><ul>{items}</ul></div>' if items else ""


def method_name(app: AppState, method_id: str) -> str:
    try:
        return catalog.method(method_id).name.get(app.lang)
    except catalog.UnknownMethod:
        return method_id


class MeetingPanel:
    """Group and meeting choosers and the attendance checklist; fills the set-up from the plan."""

    def __init__(self, app: AppState, meeting: MeetingState, run: SessionState, setup: SessionSetup):
        self.app, self.meeting, self.run, self.setup = app, meeting, run, setup
        c = classes_for("ik-session")
        self.heading = w.HTML()
        self.group = c(w.Dropdown(layout=_FULL, style=WIDE_LABEL), "group")
        self.number = c(w.Dropdown(layout=_FULL, style=WIDE_LABEL), "meeting")
        self.info = c(w.HTML(), "meeting-info")
        self.attendance = c(w.VBox(), "attendance")
        self.checks: dict[str, w.Checkbox] = {}
        self.notices = c(w.HTML(), "meeting-notices")
        self.widget = card(self.heading, self.group, self.number, self.info, self.attendance, self.notices)
        self._updating = False
        self.group.observe(self._on_group, "value")
        self.number.observe(self._on_number, "value")
        for dd in (setup.inbrenger, setup.leader, setup.timekeeper):
            dd.observe(lambda _: self._render_notices(), "value")
        meeting.refresh_groups()
        self.render()

    # ------------------------------------------------------------------ actions
    def open(self, code: str) -> None:
        """Open group ``code`` (``?group=``); an unknown code is named and the page stays free."""
        if code:
            self._load(code)

    def _on_group(self, change) -> None:
        if not self._updating:
            self._load(change["new"] or "")

    def _load(self, code: str) -> None:
        self.meeting.choose_group(code)
        g = self.meeting.group
        self.setup.first_as_default = g is None
        self.checks = {}
        for name in g.names if g else ():
            box = classes_for("ik-session")(w.Checkbox(value=True, indent=False), "present")
            box.observe(lambda ch, n=name: self._on_present(n, ch["new"]), "value")
            self.checks[name] = box
        self.attendance.children = tuple(self.checks.values())
        self._fill_from_plan()
        self.render()

    def _on_number(self, change) -> None:
        if not self._updating and change["new"]:
            self.meeting.choose_meeting(change["new"])
            self._fill_from_plan()
            self.render()

    def _on_present(self, name: str, here: bool) -> None:
        if self._updating:
            return
        self.meeting.set_present(name, here)
        self._fill(self.setup.roles())
        self.render()

    def _fill_from_plan(self) -> None:
        """A planned meeting brings its method, format and roles; an unplanned one keeps the inputs."""
        p = self.meeting.planned
        if self.meeting.group is None:
            return
        if p is None:
            self._fill(self.setup.roles())
            return
        leader = p.gespreksleider or (self.meeting.group.begeleider if p.with_begeleider else "")
        self._fill(Roles(p.inbrenger, leader, p.tijdbewaker), p.method, p.variant)

    def _fill(self, wanted: Roles, method: str = "", variant: str = "") -> None:
        """Set the inputs to ``wanted`` where that person is here, else to the plan's, else empty."""
        g, here = self.meeting.group, set(self.meeting.present)
        p = self.meeting.planned or PlannedSession(0, None, "", "", False)
        names = self.meeting.present_participants

        def fit(current: str, planned: str, among) -> str:
            ok = [n for n in (current, planned) if n and n in among]
            return ok[0] if ok else ""

        outsiders = {wanted.gespreksleider} - set(g.names) - {""}
        roles = Roles(fit(wanted.inbrenger, p.inbrenger, names),
                      fit(wanted.gespreksleider, p.gespreksleider, here | outsiders),
                      fit(wanted.tijdbewaker, p.tijdbewaker, names))
        self.setup.prefill(names, roles, method, variant, apply=self.run.status == READY)

    # ------------------------------------------------------------------ rendering
    def render(self) -> None:
        t, m = self.app.t, self.meeting
        self.heading.value = f"<h2>{esc(t('meeting.panel_heading'))}</h2><p>{esc(t('meeting.panel_intro'))}</p>"
        set_labels(self.app, "meeting", ((self.group, "group"), (self.number, "number")))
        self._updating = True
        groups = [(f"{g['name']} ({g['code']})" if g.get("name") else g["code"], g["code"]) for g in m.groups]
        if m.group is not None and m.group.code not in {code for _, code in groups}:
            groups.append((m.group.name or m.group.code, m.group.code))
        self.group.options = [(t("meeting.no_group"), ""), *groups]
        self.group.value = m.group.code if m.group else ""
        self.number.options = self._meeting_options() or [("", 0)]
        self.number.value = m.number if m.group else 0
        g = m.group
        for name, box in self.checks.items():
            mark = f" ({t('meeting.begeleider_mark')})" if g and g.begeleider == name else ""
            box.description, box.tooltip = f"{name}{mark}", t("meeting.present_help", name=name)
            box.value = name in m.present
        self._updating = False
        shown = None if g else "none"
        self.number.layout.display = self.info.layout.display = self.attendance.layout.display = shown
        self.info.value = self._info_html() if g else ""
        self._render_notices()

    def _render_notices(self) -> None:
        self.notices.value = problems_html(self.app, (*self.meeting.notices,
                                                      *self.meeting.role_notices(self.setup.roles())))

    def _meeting_options(self) -> list[tuple[str, int]]:
        t, m = self.app.t, self.meeting
        if m.group is None:
            return []
        plan = {p.number: p for p in m.plan}
        out = []
        for n in sorted({*plan, *m.held, m.number} - {0, m.extra_number}):
            p = plan.get(n)
            parts = [t("meeting.option", n=n) if p else t("meeting.option_unplanned", n=n),
                     p.date.isoformat() if p and p.date else "",
                     method_name(self.app, p.method) if p and p.method else "",
                     t("meeting.option_held") if n in m.held else ""]
            out.append((" · ".join(x for x in parts if x), n))
        return [*out, (t("meeting.option_extra", n=m.extra_number), m.extra_number)]

    def _info_html(self) -> str:
        t, m, p = self.app.t, self.meeting, self.meeting.planned
        held = (f'<p class="ik-warning" role="note">{esc(t("meeting.info_held", n=m.number))}</p>'
                if m.number in m.held else "")
        if p is None:
            return f"<p>{esc(t('meeting.info_extra'))}</p>{held}"
        begeleider = t("meeting.with_begeleider") if p.with_begeleider else t("meeting.without_begeleider")
        if p.assumed:
            begeleider += " " + t("meeting.assumed")
        parts = [p.date.isoformat() if p.date else t("meeting.no_date"),
                 method_name(self.app, p.method) if p.method else t("meeting.no_method"), begeleider]
        attendance = t("meeting.attendance_intro", here=len(m.present), total=len(m.group.names))
        return (f"<p>{esc(t('meeting.info_planned', n=p.number))}: {esc(' · '.join(parts))}</p>{held}"
                f"<p><b>{esc(t('meeting.attendance_heading'))}</b> {esc(attendance)}</p>")


class RecordForm:
    """After the session: title with the inbrenger's consent, a note, and Record meeting."""

    def __init__(self, app: AppState, meeting: MeetingState, run: SessionState):
        self.app, self.meeting, self.run = app, meeting, run
        c = classes_for("ik-session")
        self.heading = w.HTML()
        self.title = c(w.Text(layout=_FULL, style=WIDE_LABEL), "record-title")
        self.consent = c(w.Checkbox(value=False, indent=False), "record-consent")
        self.note = c(w.Textarea(rows=3, layout=_FULL, style=WIDE_LABEL), "record-note")
        self.record_button = c(w.Button(button_style="primary", icon="save"), "record")
        self.status = c(w.HTML(), "record-status")
        self.links = c(w.HTML(), "record-links")
        self.widget = card(self.heading, self.title, self.consent, self.note, self.record_button,
                           self.status, self.links)
        self.record_button.on_click(lambda _: self.record())
        self._prefilled = False
        self.render()

    def record(self) -> None:
        self.meeting.record(self.run, self.title.value, self.consent.value, self.note.value)
        self.render()

    def render(self) -> None:
        t, m, run = self.app.t, self.meeting, self.run
        shown = m.group is not None and run.status == FINISHED
        self.widget.layout.display = None if shown else "none"
        if shown and not self._prefilled and not self.title.value.strip():
            case = run.session.case
            self.title.value = case.title or case.leervraag  # once: a title the trainer clears stays cleared
        self._prefilled = shown
        self.heading.value = (f"<h2>{esc(t('meeting.record_heading'))}</h2>"
                              f"<p>{esc(t('meeting.record_intro', n=m.number))}</p>")
        set_labels(self.app, "meeting", ((self.title, "title"), (self.consent, "consent"),
                                         (self.record_button, "record")))
        self.note.description, self.note.tooltip = t("meeting.note", max=MAX_NOTE), t("meeting.note_help")
        self.note.placeholder = t("meeting.note_placeholder")
        r = m.recorded
        if m.notices:
            self.status.value = problems_html(self.app, m.notices)
        elif r is not None:
            said = t("meeting.recorded", n=r.number, code=r.code, present=r.present, minutes=r.minutes)
            if r.title_dropped:
                said += " " + t("meeting.title_dropped")
            self.status.value = f'<p class="ik-note" role="status">{esc(said)}</p>'
        else:
            self.status.value = ""
        self.links.value = self._links_html() if r is not None else ""

    def _links_html(self) -> str:
        t, r, lang = self.app.t, self.meeting.recorded, self.app.lang
        evaluation = urlencode({"group": r.code, "session": r.number, "lang": lang})
        dashboard = urlencode({"group": r.code, "session": r.number, "lang": lang})
        return (f'<p><a class="ik-session-to-evaluation" href="evaluatie.ipynb?{esc(evaluation)}">'
                f'{esc(t("meeting.to_evaluation", n=r.number))}</a></p>'
                f'<p><a class="ik-session-to-dashboard" href="dashboard.ipynb?{esc(dashboard)}">'
                f'{esc(t("meeting.to_dashboard"))}</a></p>')
