"""The coordinator dashboard: filters (group, item, role, period), three charts as PNG images with
their description visible beneath, summary tables, a CSV download and a PDF report with progress."""
from __future__ import annotations

import ipywidgets as w

from ..catalog import forms
from ..state import AppState
from ..state.dashboard import ALL, DashboardState
from ..state.evaluation import notice_text
from .common import PageFrame, classes_for, css_class, esc, set_labels
from .methods import download_link

LABEL = {"description_width": "initial"}
CHART_NAMES = ("trajectory", "roles", "heatmap")


class DashboardView:
    """Widgets of the dashboard; children are public so tests can drive them."""

    def __init__(self, app: AppState, store_factory=None, group: str = ""):
        self.app = app
        self.state = DashboardState(store_factory, lang=app.lang)
        self.frame = PageFrame(app, "dashboard", "dashboard.title")
        c = classes_for("ik-dashboard")
        self.intro = c(w.HTML(), "intro")
        self.group = c(w.Dropdown(style=LABEL), "group")
        self.item = c(w.Dropdown(style=LABEL), "item")
        self.role = c(w.Dropdown(style=LABEL), "role")
        self.date_from = c(w.DatePicker(style=LABEL), "date-from")
        self.date_to = c(w.DatePicker(style=LABEL), "date-to")
        self.refresh_button = c(w.Button(icon="sync"), "refresh")
        self.status = c(w.HTML(), "status")
        self.images = {n: c(w.Image(format="png", layout=w.Layout(max_width="100%", height="auto")), f"chart-{n}")
                       for n in CHART_NAMES}
        self.alts = {n: c(w.HTML(), f"alt-{n}") for n in CHART_NAMES}
        self.tables = c(w.HTML(), "tables")
        self.downloads = c(w.HTML(), "downloads")
        self.report_button = c(w.Button(icon="file-pdf"), "report")
        self.progress = c(w.IntProgress(value=0, min=0, max=4, style=LABEL), "progress")
        self.report_link = c(w.HTML(), "report-link")
        self.counts = c(w.HTML(), "counts")

        for widget, trait in ((self.group, "group"), (self.item, "item"), (self.role, "role"),
                              (self.date_from, "date_from"), (self.date_to, "date_to")):
            widget.observe(lambda ch, tr=trait: self._set_filter(tr, ch["new"]), "value")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.report_button.on_click(lambda _: self.make_report())
        # "group" too: with one group in the store, its charts equal those of "all groups" and a
        # List trait that gets an equal value sends no change, yet the counts line must follow.
        self.state.observe(lambda _: self.render_results(), ["charts", "tables", "status", "notice", "group"])
        app.observe(self._on_lang, "lang")

        charts = [css_class(w.VBox([self.images[n], self.alts[n]]), "ik-card") for n in CHART_NAMES]
        filters = w.HBox([self.group, self.item, self.role, self.date_from, self.date_to, self.refresh_button],
                         layout=w.Layout(flex_flow="row wrap"))
        self.frame.set_body(self.intro, filters, self.status, *charts, self.tables, self.downloads,
                            w.HBox([self.report_button, self.progress], layout=w.Layout(flex_flow="row wrap")),
                            self.report_link, self.counts)
        self.render()
        self.refresh()
        if group and group in self.state.groups:
            self.group.value = group

    @property
    def widget(self) -> w.Widget:
        return self.frame.widget

    # ------------------------------------------------------------------ reactions
    _updating = False

    def _set_filter(self, trait: str, value) -> None:
        if not self._updating:
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
        set_labels(self.app, "dashboard", ((self.group, "group"), (self.item, "item"), (self.role, "role"),
                                           (self.date_from, "date_from"), (self.date_to, "date_to"),
                                           (self.progress, "progress")), help=False)
        set_labels(self.app, "dashboard", ((self.refresh_button, "refresh"), (self.report_button, "report")))
        self.render_filters()
        self.render_results()

    def render_filters(self) -> None:
        t, lang, s = self.app.t, self.app.lang, self.state
        form, cat = forms.session_form(), forms.catalog()
        self._updating = True
        self.group.options = [(t("dashboard.all_groups"), ALL)] + [(g, g) for g in s.groups]
        self.group.value = s.group if s.group in s.groups else ALL
        items = [(cat.item_label(i, lang), i) for i in s.item_choices]
        self.item.options = [(t("dashboard.common_items"), ALL), *items]
        self.item.value = s.item
        self.role.options = [(t("dashboard.all_roles"), ALL)] + [(r.name.get(lang), r.id) for r in form.roles]
        self.role.value = s.role
        self._updating = False

    def render_results(self) -> None:
        t, s = self.app.t, self.state
        text = notice_text(s.notice, self.app.lang)
        self.status.value = (f'<div class="{"ik-warning" if s.status == "error" else "ik-note"}" role="status" '
                             f'aria-live="polite">{esc(text)}</div>') if text else ""
        charts = {name: (png, alt) for name, png, alt in s.charts}
        for name in CHART_NAMES:
            png, alt = charts.get(name, (b"", ""))
            # No tooltip on an Image: ipywidgets 8's ImageView.updateTooltip reads `description`,
            # which Image lacks, and the view fails in the browser. The description is shown below.
            self.images[name].value = png
            self.images[name].layout.display = None if png else "none"
            self.alts[name].value = (f'<p class="ik-note" role="note"><b>{esc(t("dashboard.chart_description"))}</b> '
                                     f"{esc(alt)}</p>") if alt else ""
        self.tables.value = "".join(
            f"<h2>{esc(head)}</h2><table class='ik-steps'><thead><tr>"
            + "".join(f"<th scope='col'>{esc(col)}</th>" for col in cols) + "</tr></thead><tbody>"
            + "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>" for row in rows)
            + "</tbody></table>" for head, cols, rows in s.tables)
        csv = s.summary_csv() if s.status == "ready" else b""
        self.downloads.value = download_link(csv, "samenvatting.csv", "text/csv", t("dashboard.download_summary"),
                                             "ik-dashboard-download-summary") if csv else ""
        counts = ""
        if s.group and s.status == "ready":
            refl = s.store().reflection_counts(s.group)
            n = refl[0]["reflections"] if refl else 0
            counts = f'<p class="ik-note">{esc(t("dashboard.counts", n=n))}</p>'
        self.counts.value = counts
