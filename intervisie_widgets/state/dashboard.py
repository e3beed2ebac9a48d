"""State of the coordinator dashboard: filters, the loaded answers and what the charts show."""
from __future__ import annotations

import datetime as dt
from typing import Callable

import pandas as pd
from traitlets import Any as AnyTrait
from traitlets import Enum, Instance, Int, List, Unicode, observe

from ..catalog import forms
from ..engines import analysis
from ..model.session import Notice
from ..render import plots, report
from ..settings import load_settings
from .evaluation import StoreUser

ALL = ""  # the "everything" choice of the group, item and role filters


class DashboardState(StoreUser):
    """Filters (group, item, role, period), the data behind them and the three charts."""

    group = Unicode(ALL, help="group code, or '' for every group")
    item = Unicode(ALL, help="item id, or '' for the common items of the session form")
    role = Unicode(ALL, help="role id, or '' for every role")
    date_from = Instance(dt.date, allow_none=True)
    date_to = Instance(dt.date, allow_none=True)
    lang = Enum(("nl", "en"), default_value="nl")
    min_group = Int(help="the minimum number of respondents for a shown aggregate")
    groups = List(help="group codes in the store")
    status = Enum(("empty", "ready", "error"), default_value="empty")
    notice = AnyTrait(None, allow_none=True)
    charts = List(help="(name, PNG bytes, alt text) of each chart")
    tables = List(help="(heading, column names, rows) of each summary table")

    def __init__(self, store_factory: Callable | None = None, **kwargs):
        self.frame = pd.DataFrame()
        super().__init__(store_factory, **kwargs)
        if not self.min_group:
            self.min_group = load_settings().min_group

    @property
    def item_choices(self) -> list[str]:
        """Scale items of the session form that the filters can pick (5-point items, then the mark)."""
        form = forms.session_form()
        return [i.id for i in form.items if i.type == "scale"]

    # ------------------------------------------------------------------ actions
    def refresh(self) -> bool:
        """(Re)load every answer from the store, then recompute."""
        from ..storage import StoreError

        try:
            store = self.store()
            raw = store.responses(numeric_only=True)
            self.groups = store.groups()
        except StoreError as exc:
            self.frame = pd.DataFrame()
            self.status, self.notice, self.charts, self.tables = "error", exc, [], []
            return False
        self.frame = analysis.prepare(raw) if not raw.empty else pd.DataFrame()
        if self.group and self.group not in self.groups:
            self.group = ALL
        self.compute()
        return True

    @observe("group", "item", "role", "date_from", "date_to", "lang")
    def _filters_changed(self, _change) -> None:
        if len(self.frame) or self.status != "empty":
            self.compute()

    def selection(self) -> pd.DataFrame:
        """The loaded answers that match every filter (session evaluations only)."""
        if self.frame.empty:
            return self.frame
        return analysis.filter_frame(self.frame, group=self.group or None, role=self.role or None,
                                     date_from=self.date_from, date_to=self.date_to, kind="session")

    def compute(self) -> None:
        """Charts and tables for the current filters."""
        df = self.selection()
        if df.empty:
            self.status, self.notice, self.charts, self.tables = "empty", Notice("dashboard.no_data"), [], []
            return
        items = (self.item,) if self.item else forms.session_form().common_scale_items()
        frames = report.chart_frames(df, self.min_group, items)
        self.charts = [(name, *plots.render(plot, frames[name], self.lang, min_group=self.min_group))
                       for name, plot in report.CHARTS]
        self.tables = list(report.summary_tables(df, self.lang, self.min_group))
        self.status, self.notice = "ready", None

    def summary_csv(self) -> bytes:
        """The per-session summary of the selection as CSV (aggregates only, suppression applied)."""
        df = self.selection()
        if df.empty:
            return b""
        return analysis.session_summary(df, self.min_group).to_csv(index=False).encode("utf-8")

    def report_pdf(self, progress=None) -> bytes:
        """The PDF report of the selected group (the report covers the whole trajectory)."""
        data = report.build(self.store(), self.group, self.lang, self.min_group, progress)
        return report.report_pdf(data)
