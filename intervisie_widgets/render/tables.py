"""The tables beside the charts (dashboard and report): first → last change, met/zonder begeleider,
and attendance beside response per meeting. Each table is (heading, column names, rows of text).

Means follow the minimum-group rule (``hidden`` below it); attendance and response are counts
of people and are always shown. No table names a member.
"""
from __future__ import annotations

import pandas as pd

from .. import catalog
from ..catalog import forms
from ..engines import analysis
from . import plots

Table = tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]]


def t(key: str, lang: str, **values) -> str:
    return catalog.text(f"report.{key}", lang, **values)


def table_items() -> tuple[str, ...]:
    return forms.session_form().common_scale_items() + ("rapportcijfer",)


def _mean(x, lang: str) -> str:
    return t("hidden", lang) if pd.isna(x) else plots.num(x, lang)


def _percent(x) -> str:
    return "–" if pd.isna(x) else f"{x:.0%}"


def change_table(sessions: pd.DataFrame, lang: str) -> Table:
    """First and last shown mean per item, from a summary by (group,) session and item."""
    cat = forms.catalog()
    if "group" not in sessions:
        sessions = sessions.assign(group="")
    change = analysis.first_last_change(sessions)
    rows = tuple((cat.item_label(r.item, lang), _mean(r.first_mean, lang), _mean(r.last_mean, lang),
                  "" if pd.isna(r.change) else f"{r.change:+.1f}".replace(".", "," if lang == "nl" else "."))
                 for r in change.itertuples())
    return (t("change_heading", lang), (t("col_item", lang), t("col_first", lang), t("col_last", lang),
                                        t("col_change", lang)), rows)


def comparison_table(comparison: pd.DataFrame, lang: str) -> Table:
    """Mean met and zonder begeleider per item (:func:`analysis.begeleider_pivot`)."""
    cat = forms.catalog()
    rows = tuple((cat.item_label(r.item, lang), _mean(r.met, lang), _mean(r.zonder, lang))
                 for r in comparison.itertuples())
    return t("begeleider_heading", lang), (t("col_item", lang), t("col_met", lang), t("col_zonder", lang)), rows


def begeleider_label(with_begeleider: bool, assumed: bool, planned: bool, lang: str) -> str:
    """"met (gepland)", "zonder (aangenomen)" …: an assumed build-up never reads as fact."""
    word = plots.t("with_begeleider" if with_begeleider else "without_begeleider", lang)
    if assumed:
        return plots.t("table_assumed", lang, value=word)
    return plots.t("table_planned", lang, value=word) if planned else word


def rates_table(rates: pd.DataFrame, lang: str) -> Table:
    """One group's meetings: met/zonder begeleider (planned or assumed), participants present,
    attendance rate, evaluations of the people present (or expected) and the response rate."""
    c = lambda key, **v: plots.t(key, lang, **v)  # noqa: E731
    rows = tuple((
        str(r.session), begeleider_label(bool(r.with_begeleider), bool(r.assumed), bool(r.planned), lang),
        c("table_of", a=int(r.present), b=int(r.participants)) if r.recorded else c("table_not_recorded"),
        _percent(r.attendance_rate) if r.recorded else "–",
        c("table_of_present" if r.base_kind == "present" else "table_of_expected", a=int(r.responses), b=int(r.base)),
        _percent(r.response_rate)) for r in rates.itertuples())
    return (c("table_rates_heading"), (t("col_session", lang), c("table_begeleider"), c("table_present"),
                                       c("table_attendance"), c("table_evaluations"), t("col_rate", lang)), rows)


def old_rates_table(df: pd.DataFrame, lang: str) -> Table:
    """Response per session against the expected number (when no meeting facts are at hand)."""
    rate = analysis.response_rate(df)
    rows = tuple((str(r.session), str(r.respondents), str(r.expected), f"{r.rate:.0%}") for r in rate.itertuples())
    return (t("rate_heading", lang), (t("col_session", lang), t("col_respondents", lang), t("col_expected", lang),
                                      t("col_rate", lang)), rows)


def summary_tables(df: pd.DataFrame, lang: str, limit: int, facts: pd.DataFrame | None = None) -> tuple[Table, ...]:
    """The tables of one group (``df`` prepared; ``facts`` from :meth:`Store.session_facts`)."""
    part = df.loc[df["item"].isin(table_items())]
    sessions = analysis.session_summary(part, limit)
    comparison = analysis.begeleider_comparison(part, limit)
    if facts is None:
        return change_table(sessions, lang), comparison_table(comparison, lang), old_rates_table(df, lang)
    return (change_table(sessions, lang), comparison_table(comparison, lang),
            rates_table(analysis.meeting_rates(facts, df), lang))


def overview_rates_table(rates: pd.DataFrame, lang: str) -> Table:
    """Every group's recorded meetings per session number: attendance beside response."""
    c = lambda key, **v: plots.t(key, lang, **v)  # noqa: E731
    rows = tuple((str(r.session), str(int(r.meetings)), c("table_of", a=int(r.present), b=int(r.participants)),
                  _percent(r.attendance_rate), c("table_of_present", a=int(r.responses), b=int(r.base)),
                  _percent(r.response_rate)) for r in rates.itertuples())
    return (c("table_overall_heading"), (t("col_session", lang), c("table_meetings"), c("table_present"),
                                         c("table_attendance"), c("table_evaluations"), t("col_rate", lang)), rows)


def overview_tables(sessions: pd.DataFrame, comparison: pd.DataFrame, rates: pd.DataFrame,
                    lang: str) -> tuple[Table, ...]:
    """The tables of every group together, from SQL aggregates (see :mod:`storage.aggregates`)."""
    return (change_table(sessions, lang), comparison_table(analysis.begeleider_pivot(comparison), lang),
            overview_rates_table(rates, lang))
