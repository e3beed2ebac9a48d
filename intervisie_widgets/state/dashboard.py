"""State of the coordinator dashboard: filters, the loaded answers and what the charts show.

Two views. **One group** (``group`` set): only that group's answers of one trajectory are read
(filtered in SQL, :meth:`Store.responses` with the group and trajectory) with the per-session
facts (plan flags, attendance and evaluation counts); the filters then work in pandas.
**All groups** (``group`` empty): nothing is loaded row by row; the database sums the numeric
answers per session, role and met/zonder begeleider (:meth:`Store.answer_sums`) for the current
trajectories, and every filter change asks it again.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

import pandas as pd
from traitlets import Any as AnyTrait
from traitlets import Enum, Instance, Int, List, Unicode, observe

from ..catalog import forms
from ..engines import analysis
from ..model.session import Notice
from ..render import report, tables
from ..settings import load_settings
from . import ownership
from .evaluation import StoreUser
from .links import session_from_link, shown, stored_code

ALL = ""  # the "everything" choice of the group, item and role filters


class DashboardState(StoreUser):
    """Filters (group, trajectory, item, role, period), the data behind them and the three charts."""

    group = Unicode(ALL, help="group code, or '' for every group")
    trajectory = Int(0, help="trajectory number of the group; 0 until loaded (then the current one)")
    trajectories = List(help="the group's trajectory numbers, oldest first")
    session = Int(0, help="the meeting the page's link points at (0: none)")
    item = Unicode(ALL, help="item id, or '' for the common items of the session form")
    role = Unicode(ALL, help="role id, or '' for every role")
    date_from = Instance(dt.date, allow_none=True)
    date_to = Instance(dt.date, allow_none=True)
    lang = Enum(("nl", "en"), default_value="nl")
    min_group = Int(help="the minimum number of respondents for a shown aggregate")
    groups = List(help="group codes in the store")
    status = Enum(("empty", "ready", "error"), default_value="empty")
    notice = AnyTrait(None, allow_none=True)
    link_notices = List(help="what was wrong with the page's link (?group=, ?session=)")
    meeting = AnyTrait(None, allow_none=True, help="the linked meeting's row of meeting_rates, or None")
    charts = List(help="(name, PNG bytes, alt text) of each chart")
    tables = List(help="(heading, column names, rows) of each summary table")
    revision = Int(0, help="counts the computations; views redraw once per change")

    def __init__(self, store_factory: Callable | None = None, **kwargs):
        self.frame, self.facts = pd.DataFrame(), pd.DataFrame()
        self._overview = None  # all groups: the sums by session and item behind charts and CSV
        self._ready = self._busy = False
        self._wanted: str | None = None
        super().__init__(store_factory, **kwargs)
        if not self.min_group:
            self.min_group = load_settings().min_group

    @property
    def item_choices(self) -> list[str]:
        """Scale items of the session form that the filters can pick (5-point items, then the mark)."""
        form = forms.session_form()
        return [i.id for i in form.items if i.type == "scale"]

    def follow_link(self, group: str = "", session="") -> None:
        """Take ``?group=`` and ``?session=`` from the page's link; bad values become link notices."""
        number, bad = session_from_link(session)
        self._wanted = " ".join(str(group or "").split())
        self.session, self.link_notices = number, [bad] if bad else []

    # ------------------------------------------------------------------ actions
    def refresh(self) -> bool:
        """Read the group list and the current view again from the store, then recompute."""
        from ..storage import StoreError

        self._busy = True
        try:
            codes = ownership.dashboard_codes(self.store())  # in a hub: own and shared (coordinators: all)
            wanted, self._wanted = self._wanted, None
            if wanted:
                self.group = stored_code(codes, wanted) or ALL
                if not self.group:
                    refused = ownership.refusal(self.store(), wanted)
                    self.link_notices = [*self.link_notices, refused or Notice("links.unknown_group_dashboard",
                                                                               {"value": shown(wanted)})]
            elif self.group and stored_code(codes, self.group) is None:
                self.group = ALL
            self.groups = codes
            self._load()
        except StoreError as exc:
            return self._failed(exc)
        finally:
            self._busy = False
        self._ready = True
        return self.compute()

    def _load(self) -> None:
        """One group's answers and session facts of the chosen trajectory, or (all groups) the
        facts of every current trajectory; the answers of all groups are never loaded."""
        store = self.store()
        if not self.group:
            self.trajectories, self.trajectory = [], 0
            self.frame, self.facts = pd.DataFrame(), store.session_facts(groups=self._scope())
            return
        if not ownership.sees_everything() and stored_code(self.groups, self.group) is None:
            from ..storage import NotYours

            raise NotYours(self.group)  # not one of the trainer's groups: nothing of it is read
        numbers = store.trajectory_numbers(self.group)
        self.trajectories = numbers
        if self.trajectory not in numbers:
            self.trajectory = numbers[-1] if numbers else 0
        n = self.trajectory or None
        raw = store.responses(self.group, numeric_only=True, trajectory=n)
        self.facts = store.session_facts(self.group, n)
        self.frame = analysis.mark_assumed(analysis.prepare(raw), self.facts) if not raw.empty else pd.DataFrame()

    @observe("group", "trajectory")
    def _source_changed(self, change) -> None:
        from ..storage import StoreError

        if not self._ready or self._busy:
            return
        self._busy = True
        try:
            if change["name"] == "group":
                self.trajectory = 0  # another group opens on its current trajectory
            self._load()
        except StoreError as exc:
            self._failed(exc)
            return
        finally:
            self._busy = False
        self.compute()

    @observe("item", "role", "date_from", "date_to", "lang")
    def _filters_changed(self, _change) -> None:
        if self._ready and not self._busy:
            self.compute()

    def _failed(self, exc) -> bool:
        self.frame, self.facts, self._overview = pd.DataFrame(), pd.DataFrame(), None
        self.status, self.notice, self.charts, self.tables, self.meeting = "error", exc, [], [], None
        self.revision += 1
        return False

    def selection(self) -> pd.DataFrame:
        """The loaded answers of the group that match every filter (session evaluations only)."""
        if self.frame.empty:
            return self.frame
        return analysis.filter_frame(self.frame, role=self.role or None, date_from=self.date_from,
                                     date_to=self.date_to, kind="session")

    def _items(self) -> tuple[str, ...]:
        return (self.item,) if self.item else forms.session_form().common_scale_items()

    def compute(self) -> bool:
        """Charts and tables for the current filters."""
        from ..storage import StoreError

        try:
            done = self._compute_group() if self.group else self._compute_overview()
        except StoreError as exc:
            return self._failed(exc)
        if not done:
            self.status, self.notice, self.charts = "empty", Notice("dashboard.no_data"), []
            held = self.group and not self.facts.empty and self.facts["recorded"].any()
            self.tables = [self._rates_table()] if held else []
        self._focus()
        self.revision += 1
        return True

    def _rates_table(self):
        """Attendance beside response of the group's meetings (shown also before any evaluation)."""
        return tables.rates_table(analysis.meeting_rates(self._facts_in_period(), self.frame), self.lang)

    def _compute_group(self) -> bool:
        df = self.selection()
        if df.empty:
            return False
        frames = report.chart_frames(df, self.min_group, self._items())
        self.charts = list(report.render_charts(frames, self.lang, self.min_group))
        self.tables = list(report.summary_tables(df, self.lang, self.min_group, self._facts_in_period()))
        self.status, self.notice = "ready", None
        return True

    def _facts_in_period(self) -> pd.DataFrame:
        facts = self.facts
        if facts.empty:
            return facts
        dates = facts["session_date"]
        keep = pd.Series(True, index=facts.index)
        if self.date_from is not None:
            keep &= dates.isna() | (dates >= pd.Timestamp(self.date_from))
        if self.date_to is not None:
            keep &= dates.isna() | (dates <= pd.Timestamp(self.date_to))
        return facts.loc[keep]

    def overview_sums(self, by, items=None) -> pd.DataFrame:
        """Sums over every group's current trajectory, computed in SQL, for the current filters."""
        return self.store().answer_sums(by, items=items, role=self.role or None, date_from=self.date_from,
                                        date_to=self.date_to, groups=self._scope())

    def _scope(self) -> list[str] | None:
        """The groups 'all groups' covers: None (every one) outside a hub and for coordinators."""
        return None if ownership.sees_everything() else list(self.groups)

    def _compute_overview(self) -> bool:
        """Three SQL aggregates (session × item, role × item, item × met/zonder), no answer rows."""
        by_session = self._overview = self.overview_sums(["session", "item"])
        chart_items = self._items()
        if by_session.empty or not by_session["item"].isin(chart_items).any():
            return False
        frames = report.overview_frames(by_session.loc[by_session["item"].isin(chart_items)],
                                        self.overview_sums(["role", "item"], chart_items), self.min_group)
        self.charts = list(report.render_charts(frames, self.lang, self.min_group))
        items = tables.table_items()
        sessions = analysis.summarise_sums(by_session.loc[by_session["item"].isin(items)], ["session", "item"],
                                           self.min_group)
        comparison = analysis.summarise_sums(self.overview_sums(["item", "with_begeleider"], items),
                                             ["item", "with_begeleider"], self.min_group)
        rates = analysis.overall_rates(self._facts_in_period())
        self.tables = list(tables.overview_tables(sessions, comparison, rates, self.lang))
        self.status, self.notice = "ready", None
        return True

    def _focus(self) -> None:
        """The linked meeting's attendance and response (one group), or a notice it is not there."""
        self.meeting = None
        if not self.session or not self.group or self.status == "error":
            return
        rates = analysis.meeting_rates(self.facts, self.frame) if not self.facts.empty else pd.DataFrame()
        row = rates.loc[rates["session"] == self.session] if len(rates) else rates
        self.meeting = row.iloc[0].to_dict() if len(row) else Notice("links.session_not_held", {"n": self.session})

    def summary_csv(self) -> bytes:
        """The per-session summary of the selection as CSV (aggregates only, suppression applied)."""
        if self.status != "ready":
            return b""
        if not self.group:
            summary = analysis.summarise_sums(self._overview, ["session", "item"], self.min_group)
        else:
            summary = analysis.session_summary(self.selection(), self.min_group)
        return summary.to_csv(index=False).encode("utf-8")

    def report_pdf(self, progress=None) -> bytes:
        """The PDF report of the selected group and trajectory."""
        data = report.build(self.store(), self.group, self.lang, self.min_group, progress, self.trajectory or None)
        return report.report_pdf(data)
