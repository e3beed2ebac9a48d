"""The coordinator dashboard: filters (group, trajectory, item, role, period), three charts as PNG
images with their description visible beneath, summary tables (attendance beside response), the
meeting the link points at, a CSV download and a PDF report with progress.

``dashboard.ipynb?group=CODE&session=N`` (the session runner's link) opens that group's current
trajectory with meeting N; an unknown group or a bad number is said on the page, which opens anyway.
"""
from __future__ import annotations

import ipywidgets as w

from ..catalog import forms
from ..render import tables
from ..state import AppState
from ..state import ownership
from ..state.dashboard import ALL, DashboardState
from ..state.evaluation import notice_text
from .common import PageFrame, classes_for, css_class, esc, set_labels
from .methods import download_link

LABEL = {"description_width": "initial"}
CHART_NAMES = ("trajectory", "roles", "heatmap")
FILTERS = ("group", "trajectory", "item", "role", "date_from", "date_to")


class DashboardView:
    """Widgets of the dashboard; children are public so tests can drive them."""

    def __init__(self, app: AppState, store_factory=None, group: str = "", session="") -> None:
        self.app = app
        self.state = DashboardState(store_factory, lang=app.lang)
        self.state.follow_link(group, session)
        self.frame = PageFrame(app, "dashboard", "dashboard.title")
        self._build()
        for trait in FILTERS:
            getattr(self, trait).observe(lambda ch, tr=trait: self._set_filter(tr, ch["new"]), "value")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.report_button.on_click(lambda _: self.make_report())
        # one revision per computation, so the results are drawn once however many traits changed
        self.state.observe(lambda _: self.render_results(), "revision")
        self.state.observe(lambda _: self.render_filters(), ["trajectories", "trajectory"])
        app.observe(self._on_lang, "lang")
        self.render()
        self.refresh()

    def _build(self) -> None:
        c = classes_for("ik-dashboard")
        self.intro, self.link_status = c(w.HTML(), "intro"), c(w.HTML(), "link-status")
        self.group, self.trajectory = c(w.Dropdown(style=LABEL), "group"), c(w.Dropdown(style=LABEL), "trajectory")
        self.item, self.role = c(w.Dropdown(style=LABEL), "item"), c(w.Dropdown(style=LABEL), "role")
        self.date_from = c(w.DatePicker(style=LABEL), "date-from")
        self.date_to = c(w.DatePicker(style=LABEL), "date-to")
        self.refresh_button = c(w.Button(icon="sync"), "refresh")
        self.scope, self.status, self.meeting = c(w.HTML(), "scope"), c(w.HTML(), "status"), c(w.HTML(), "meeting")
        self.images = {n: c(w.Image(format="png", layout=w.Layout(max_width="100%", height="auto")), f"chart-{n}")
                       for n in CHART_NAMES}
        self.alts = {n: c(w.HTML(), f"alt-{n}") for n in CHART_NAMES}
        self.tables, self.downloads = c(w.HTML(), "tables"), c(w.HTML(), "downloads")
        self.report_button = c(w.Button(icon="file-pdf"), "report")
        self.progress = c(w.IntProgress(value=0, min=0, max=4, style=LABEL), "progress")
        self.report_link, self.counts = c(w.HTML(), "report-link"), c(w.HTML(), "counts")
        row = w.Layout(flex_flow="row wrap")
        charts = [css_class(w.VBox([self.images[n], self.alts[n]]), "ik-card") for n in CHART_NAMES]
        filters = w.HBox([getattr(self, f) for f in FILTERS] + [self.refresh_button], layout=row)
        self.frame.set_body(self.intro, self.link_status, filters, self.scope, self.status, self.meeting, *charts,
                            self.tables, self.downloads, w.HBox([self.report_button, self.progress], layout=row),
                            self.report_link, self.counts)

    @property
    def widget(self) -> w.Widget:
        return self.frame.widget

    # ------------------------------------------------------------------ reactions
    _updating = False

    def _set_filter(self, trait: str, value) -> None:
        if not self._updating:
            if trait == "trajectory":
                value = value or 0
            setattr(self.state, trait, ALL if value is None and trait in ("group", "item", "role") else value)
            self.report_link.value = ""

    def _on_lang(self, _change) -> None:
        self.state.lang = self.app.lang
        self.render()

    def refresh(self) -> None:
        self.state.refresh()
        self.render_filters()

    def make_report(self) -> None:
        """Build the PDF report of the chosen group, showing progress, as a download link."""
        t = self.app.t
        if not self.state.group:
            warning = esc(t("dashboard.report_pick_group"))
            self.report_link.value = f'<div class="ik-warning" role="alert">{warning}</div>'
            return
        self.progress.value = 0

        def step(done, total):
            self.progress.max, self.progress.value = total, done
        pdf = self.state.report_pdf(step)
        self.progress.value = self.progress.max
        self.report_link.value = download_link(pdf, f"rapport-{self.state.group}.pdf", "application/pdf",
                                               t("dashboard.report_ready"), "ik-dashboard-report-download")

    # ------------------------------------------------------------------ rendering
    def render(self) -> None:
        t = self.app.t
        self.intro.value = f"<p>{esc(t('dashboard.intro', n=self.state.min_group))}</p>"
        set_labels(self.app, "dashboard", [(getattr(self, f), f) for f in FILTERS] + [(self.progress, "progress")],
                   help=False)
        set_labels(self.app, "dashboard", ((self.refresh_button, "refresh"), (self.report_button, "report")))
        self.render_filters()
        self.render_results()

    def render_filters(self) -> None:
        t, lang, s = self.app.t, self.app.lang, self.state
        form, cat = forms.session_form(), forms.catalog()
        self._updating = True
        self.group.options = [(t("dashboard.all_groups"), ALL)] + [(g, g) for g in s.groups]
        self.group.value = s.group if s.group in s.groups else ALL
        last = s.trajectories[-1] if s.trajectories else 0
        key = lambda n: "dashboard.trajectory_current" if n == last else "dashboard.trajectory_option"  # noqa: E731
        self.trajectory.options = [(t(key(n), n=n), n) for n in s.trajectories] or [("", 0)]
        self.trajectory.value = s.trajectory if s.trajectory in s.trajectories else self.trajectory.options[0][1]
        self.trajectory.layout.display = None if len(s.trajectories) > 1 else "none"
        items = [(cat.item_label(i, lang), i) for i in s.item_choices]
        self.item.options = [(t("dashboard.common_items"), ALL), *items]
        self.item.value = s.item
        self.role.options = [(t("dashboard.all_roles"), ALL)] + [(r.name.get(lang), r.id) for r in form.roles]
        self.role.value = s.role
        self._updating = False

    def render_results(self) -> None:
        t, s, lang = self.app.t, self.state, self.app.lang
        links = " ".join(esc(notice_text(n, lang)) for n in s.link_notices)
        self.link_status.value = f'<div class="ik-warning" role="alert">{links}</div>' if links else ""
        scope = (t("dashboard.scope_group", group=s.group, n=s.trajectory) if s.group and s.trajectory
                 else "" if s.group else t(ownership.overview_note_key()))
        self.scope.value = f'<p class="ik-note">{esc(scope)}</p>' if scope else ""
        text = notice_text(s.notice, lang)
        self.status.value = (f'<div class="{"ik-warning" if s.status == "error" else "ik-note"}" role="status" '
                             f'aria-live="polite">{esc(text)}</div>') if text else ""
        self.meeting.value = meeting_html(self.app, s.meeting)
        self.render_charts()
        self.tables.value = "".join(table_html(*table) for table in s.tables)
        csv = s.summary_csv()
        self.downloads.value = download_link(csv, "samenvatting.csv", "text/csv", t("dashboard.download_summary"),
                                             "ik-dashboard-download-summary") if csv else ""
        counts = ""
        if s.group and s.status == "ready":
            refl = s.store().reflection_counts(s.group)
            counts = f'<p class="ik-note">{esc(t("dashboard.counts", n=refl[0]["reflections"] if refl else 0))}</p>'
        self.counts.value = counts

    def render_charts(self) -> None:
        t = self.app.t
        charts = {name: (png, alt) for name, png, alt in self.state.charts}
        for name in CHART_NAMES:
            png, alt = charts.get(name, (b"", ""))
            # No tooltip on an Image: ipywidgets 8's ImageView.updateTooltip reads `description`,
            # which Image lacks, and the view fails in the browser. The description is shown below.
            self.images[name].value = png
            self.images[name].layout.display = None if png else "none"
            self.alts[name].value = (f'<p class="ik-note" role="note"><b>{esc(t("dashboard.chart_description"))}</b> '
                                     f"{esc(alt)}</p>") if alt else ""


def table_html(head: str, cols, rows) -> str:
    return (f"<h2>{esc(head)}</h2><table class='ik-steps'><thead><tr>"
            + "".join(f"<th scope='col'>{esc(col)}</th>" for col in cols) + "</tr></thead><tbody>"
            + "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>" for row in rows)
            + "</tbody></table>")


def meeting_html(app: AppState, meeting) -> str:
    """The meeting the link points at: attendance and response, counts only (no names)."""
    if meeting is None:
        return ""
    if not isinstance(meeting, dict):
        return f'<p class="ik-note" role="status">{esc(notice_text(meeting, app.lang))}</p>'
    m = meeting
    rate = lambda x: "–" if x != x else f"{x:.0%}"  # noqa: E731  (x != x: NaN)
    values = {"n": m["session"], "responses": int(m["responses"]), "base": int(m["base"]),
              "rate": rate(m["response_rate"]),
              "begeleider": tables.begeleider_label(bool(m["with_begeleider"]), bool(m["assumed"]),
                                                    bool(m["planned"]), app.lang)}
    if m["recorded"]:
        text = app.t("dashboard.meeting_recorded", present=int(m["present"]), participants=int(m["participants"]),
                     attendance=rate(m["attendance_rate"]), **values)
    else:
        text = app.t("dashboard.meeting_not_recorded", **values)
    return f'<div class="ik-card" role="status"><p><b>{esc(text)}</b></p></div>'
