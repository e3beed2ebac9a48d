"""Evaluation analysis in pure pandas: DataFrame in, DataFrame out.

Input is the long frame of :meth:`Store.responses` (one row per answer). The **minimum-group
rule** holds everywhere: an aggregate over fewer distinct respondents than ``min_group``
(``settings.min_group``, default 3) is suppressed — its mean and confidence interval are NaN
and ``suppressed`` is True; counts stay visible.
"""
from __future__ import annotations

import math
from typing import Iterable

import numpy as np
import pandas as pd

from ..model.planning import default_with_begeleider
from ..settings import load_settings

SUMMARY_COLUMNS = ("n", "respondents", "mean", "sd", "ci_low", "ci_high", "suppressed")

# Two-sided 95 % t critical values for 1..30 degrees of freedom; beyond 30 interpolated to 1.96.
_T95 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042)
_T95_TAIL = ((30, 2.042), (40, 2.021), (60, 2.000), (120, 1.980), (math.inf, 1.960))


def t95(df: int) -> float:
    """The 97.5 % quantile of Student's t with ``df`` degrees of freedom (NaN for df < 1).

    Exact table values up to 30; beyond, interpolated linearly in 1/df (the usual practice).
    """
    if df < 1:
        return math.nan
    if df <= 30:
        return _T95[df - 1]
    for (lo_df, lo_t), (hi_df, hi_t) in zip(_T95_TAIL, _T95_TAIL[1:]):
        if df <= hi_df:
            x, x0, x1 = 1 / df, 1 / lo_df, (1 / hi_df if hi_df != math.inf else 0.0)
            return hi_t + (lo_t - hi_t) * (x - x1) / (x0 - x1)
    return 1.960


def _min_group(min_group: int | None) -> int:
    return load_settings().min_group if min_group is None else max(1, int(min_group))


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    """Numeric answers only, with typed columns and ``with_begeleider`` filled in.

    A session without a stored plan value gets the seed-001 build-up; ``assumed`` marks those.
    """
    out = df.loc[df["score"].notna()].copy() if "score" in df else df.copy()
    if out.empty:
        out = out.assign(assumed=pd.Series(dtype=bool))
    out["score"] = pd.to_numeric(out["score"]).astype("float64")
    out["session"] = pd.to_numeric(out["session"]).astype("int64")
    stored = out["with_begeleider"] if "with_begeleider" in out else pd.Series(pd.NA, index=out.index)
    assumed = stored.isna()
    default = out["session"].map({n: default_with_begeleider(n) for n in out["session"].unique()})
    out["with_begeleider"] = stored.where(~assumed, default).astype(bool)
    out["assumed"] = assumed.astype(bool)
    if "session_date" in out:
        out["session_date"] = pd.to_datetime(out["session_date"])
    for col in ("group", "item", "role", "participant", "form", "kind"):
        if col in out:
            out[col] = out[col].astype("category")
    return out


def filter_frame(df: pd.DataFrame, group: str | None = None, item: str | None = None,
                 role: str | None = None, date_from=None, date_to=None, kind: str | None = "session") -> pd.DataFrame:
    """The rows matching every filter that is given (dates compare with ``session_date``)."""
    mask = pd.Series(True, index=df.index)
    for col, value in (("group", group), ("item", item), ("role", role), ("kind", kind)):
        if value is not None and col in df:
            mask &= (df[col] == value).to_numpy()
    if date_from is not None:
        mask &= (df["session_date"] >= pd.Timestamp(date_from)).to_numpy()
    if date_to is not None:
        mask &= (df["session_date"] <= pd.Timestamp(date_to)).to_numpy()
    return df.loc[mask]


def summarise(df: pd.DataFrame, by: Iterable[str], min_group: int | None = None) -> pd.DataFrame:
    """Per group of ``by``: n answers, distinct respondents, mean, sd and 95 % CI of ``score``.

    Aggregates over fewer than ``min_group`` respondents are suppressed (mean and CI NaN).
    """
    by = list(by)
    limit = _min_group(min_group)
    if df.empty:
        return pd.DataFrame(columns=by + list(SUMMARY_COLUMNS))
    grouped = df.groupby(by, observed=True, sort=True)
    out = grouped["score"].agg(n="count", mean="mean", sd="std")
    out["respondents"] = grouped["participant"].nunique()
    out = out.reset_index()
    half = out["sd"] / np.sqrt(out["n"]) * out["n"].sub(1).map(t95)
    out["ci_low"] = out["mean"] - half
    out["ci_high"] = out["mean"] + half
    out["suppressed"] = out["respondents"] < limit
    out.loc[out["suppressed"], ["mean", "sd", "ci_low", "ci_high"]] = np.nan
    for col in by:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(str)
    return out[by + list(SUMMARY_COLUMNS)]


def session_summary(df: pd.DataFrame, min_group: int | None = None) -> pd.DataFrame:
    """Per group, session and item (with whether the session was met begeleider)."""
    return summarise(df, ["group", "session", "with_begeleider", "item"], min_group)


def role_summary(df: pd.DataFrame, min_group: int | None = None) -> pd.DataFrame:
    """Per role and item, over every session in ``df``."""
    return summarise(df, ["role", "item"], min_group)


def begeleider_comparison(df: pd.DataFrame, min_group: int | None = None) -> pd.DataFrame:
    """Per item: sessions met versus zonder begeleider, and the difference (met − zonder)."""
    return begeleider_pivot(summarise(df, ["item", "with_begeleider"], min_group))


def begeleider_pivot(s: pd.DataFrame) -> pd.DataFrame:
    """A summary by item and with_begeleider as one row per item: met, zonder, difference."""
    wide = s.pivot(index="item", columns="with_begeleider", values="mean")
    out = pd.DataFrame({"item": wide.index,
                        "met": wide.get(True, pd.Series(np.nan, index=wide.index)).to_numpy(),
                        "zonder": wide.get(False, pd.Series(np.nan, index=wide.index)).to_numpy()})
    out["difference"] = out["met"] - out["zonder"]
    return out.reset_index(drop=True)


def response_rate(df: pd.DataFrame, group_sizes: dict[str, int | None] | None = None) -> pd.DataFrame:
    """Per group and session: respondents, expected people and the rate (0–1).

    Expected is the group size when known (else the number of people who ever answered in a
    role other than begeleider), plus one for the begeleider in a session met begeleider.
    """
    cols = ["group", "session", "respondents", "expected", "rate"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    sizes = dict(group_sizes or {})
    if "group_size" in df:
        for g, size in df.groupby("group", observed=True)["group_size"].first().items():
            if sizes.get(g) is None and pd.notna(size):
                sizes[g] = int(size)
    members = _most_per_meeting(df)
    out = (df.groupby(["group", "session"], observed=True)
           .agg(respondents=("participant", "nunique"), met=("with_begeleider", "any")).reset_index())
    out["group"] = out["group"].astype(str)
    base = [sizes.get(g) or int(members.get(g, 0)) for g in out["group"]]
    out["expected"] = np.maximum(np.array(base) + out["met"].astype(int), out["respondents"])
    out["rate"] = out["respondents"] / out["expected"]
    return out[cols]


def first_last_change(summary: pd.DataFrame) -> pd.DataFrame:
    """Per group and item: mean at the first and the last session with a shown value, and the change.

    Suppressed sessions are skipped; with fewer than two shown sessions the change is NaN.
    """
    cols = ["group", "item", "first_session", "last_session", "first_mean", "last_mean", "change"]
    shown = summary.loc[~summary["suppressed"].astype(bool)].sort_values("session")
    if shown.empty:
        return pd.DataFrame(columns=cols)
    g = shown.groupby(["group", "item"], sort=True)
    out = pd.DataFrame({"first_session": g["session"].first(), "last_session": g["session"].last(),
                        "first_mean": g["mean"].first(), "last_mean": g["mean"].last()}).reset_index()
    out["change"] = out["last_mean"] - out["first_mean"]
    out.loc[out["first_session"] == out["last_session"], "change"] = np.nan
    return out[cols]


def trajectory_summary(df: pd.DataFrame, min_group: int | None = None) -> dict[str, pd.DataFrame]:
    """Everything the dashboard and the report show, from one prepared frame."""
    sessions = session_summary(df, min_group)
    return {
        "sessions": sessions,
        "roles": role_summary(df, min_group),
        "begeleider": begeleider_comparison(df, min_group),
        "response_rate": response_rate(df),
        "change": first_last_change(sessions),
    }


def summarise_sums(sums: pd.DataFrame, by: Iterable[str], min_group: int | None = None) -> pd.DataFrame:
    """:func:`summarise` from sums made elsewhere (the database): per group of ``by`` the columns
    n, total, squares (sum of score²) and respondents give the same columns as :func:`summarise`."""
    by = list(by)
    if sums.empty:
        return pd.DataFrame(columns=by + list(SUMMARY_COLUMNS))
    out = sums[by].copy().reset_index(drop=True)
    n = sums["n"].to_numpy(dtype="float64")
    total, squares = sums["total"].to_numpy(dtype="float64"), sums["squares"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = np.where(n > 1, (squares - total * total / n) / (n - 1), np.nan)
        out["n"] = sums["n"].to_numpy(dtype="int64")
        out["respondents"] = sums["respondents"].to_numpy(dtype="int64")
        out["mean"] = total / n
        out["sd"] = np.sqrt(np.clip(variance, 0, None))
    half = out["sd"] / np.sqrt(out["n"]) * out["n"].sub(1).map(t95)
    out["ci_low"], out["ci_high"] = out["mean"] - half, out["mean"] + half
    out["suppressed"] = out["respondents"] < _min_group(min_group)
    out.loc[out["suppressed"], ["mean", "sd", "ci_low", "ci_high"]] = np.nan
    return out[by + list(SUMMARY_COLUMNS)]


def mark_assumed(df: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """``df`` (one group, prepared) with ``assumed`` also True where the plan marks the session's
    met/zonder begeleider as assumed (``facts`` as :meth:`Store.session_facts` gives them)."""
    if df.empty or facts.empty:
        return df
    planned = facts.drop_duplicates("session").set_index("session")["assumed"].astype(bool)
    from_plan = df["session"].map(planned).fillna(False).astype(bool)
    return df.assign(assumed=df["assumed"].astype(bool) | from_plan.to_numpy())


def attendance_rate(facts: pd.DataFrame) -> pd.DataFrame:
    """Per recorded meeting: participants present, participants of the group, and the rate (0–1).

    A count of people, not anyone's answer: it is shown whatever the number (no minimum group).
    The begeleider is not a participant and is not counted here.
    """
    cols = ["group", "session", "present", "participants", "attendance_rate"]
    held = facts.loc[facts["recorded"].astype(bool)] if len(facts) else facts
    if held.empty:
        return pd.DataFrame(columns=cols)
    out = held[["group", "session", "present", "participants"]].copy()
    out["attendance_rate"] = (out["present"] / out["participants"].where(out["participants"] > 0)).astype(float)
    return out[cols].reset_index(drop=True)


RATE_COLUMNS = ("session", "with_begeleider", "assumed", "planned", "recorded", "present", "participants",
                "attendance_rate", "responses", "base", "base_kind", "response_rate")


def meeting_rates(facts: pd.DataFrame, answers: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per session of one group that was held or evaluated: the attendance rate beside the
    response rate. The response rate is the session evaluations over the people present (the
    begeleider included) when the meeting was recorded (``base_kind`` "present"); otherwise over
    the participants expected (the members, else the group size, else everyone who ever answered
    as a participant), plus the begeleider in a session met begeleider ("expected")."""
    rows = facts.loc[facts["recorded"].astype(bool) | (facts["responses"] > 0)] if len(facts) else facts
    if rows.empty:
        return pd.DataFrame(columns=list(RATE_COLUMNS))
    out = rows.merge(attendance_rate(rows)[["session", "attendance_rate"]], on="session", how="left")
    met = out["with_begeleider"].fillna(out["session"].map(default_with_begeleider)).astype(bool)
    size = pd.to_numeric(out["group_size"], errors="coerce") if "group_size" in out else pd.Series(np.nan, out.index)
    expected = out["participants"].where(out["participants"] > 0, size.fillna(_people(answers))) + met.astype(int)
    recorded = out["recorded"].astype(bool)
    present = out["present"] + out["begeleider_present"]
    out["with_begeleider"] = met
    out["base"] = np.maximum(present.where(recorded, expected), out["responses"]).astype(int)
    out["base_kind"] = np.where(recorded, "present", "expected")
    out["response_rate"] = (out["responses"] / out["base"].where(out["base"] > 0)).astype(float)
    return out[list(RATE_COLUMNS)].reset_index(drop=True)


def _people(answers: pd.DataFrame | None) -> int:
    """Participants who ever answered in a role other than begeleider (the last resort base)."""
    if answers is None or answers.empty:
        return 0
    most = _most_per_meeting(answers)
    return int(most.max()) if len(most) else 0


def _most_per_meeting(df: pd.DataFrame) -> pd.Series:
    """Per group, the most participants (not the begeleider) who answered in one meeting: keys
    differ between meetings, so people cannot be counted over a trajectory."""
    part = df.loc[df["role"] != "begeleider"]
    if part.empty:
        return pd.Series(0, index=pd.Index(df["group"].unique() if len(df) else [], name="group"), dtype=int)
    return part.groupby(["group", "session"], observed=True)["participant"].nunique().groupby(level=0).max()


def overall_rates(facts: pd.DataFrame) -> pd.DataFrame:
    """Per session number over every group's recorded meetings: meetings, participants present of
    expected, the attendance rate, and session evaluations over the people present."""
    cols = ["session", "meetings", "present", "participants", "attendance_rate", "responses", "base",
            "response_rate"]
    held = facts.loc[facts["recorded"].astype(bool)] if len(facts) else facts
    if held.empty:
        return pd.DataFrame(columns=cols)
    # per meeting as in meeting_rates: at least as many people as evaluations, then summed
    held = held.assign(base=np.maximum(held["present"] + held["begeleider_present"], held["responses"]))
    out = held.groupby("session", sort=True).agg(meetings=("recorded", "size"), present=("present", "sum"),
                                                 participants=("participants", "sum"),
                                                 responses=("responses", "sum"), base=("base", "sum"))
    out = out.reset_index()
    out["attendance_rate"] = out["present"] / out["participants"].where(out["participants"] > 0)
    out["response_rate"] = out["responses"] / out["base"].where(out["base"] > 0)
    return out[cols]
