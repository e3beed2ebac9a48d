"""Aggregates computed in SQL, for the overview of every group (the coordinator's dashboard).

The overview never loads answers into Python: the database sums them per group of ``by``
(count, sum, sum of squares, distinct respondents), enough for the mean, standard deviation,
confidence interval and the minimum-group rule (:func:`engines.analysis.summarise_sums`).
Like the group view it covers every group's current (latest) trajectory.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

import pandas as pd
from sqlalchemy import Connection, and_, case, func, select

from ..model.planning import default_with_begeleider
from . import schema as s
from .plans import MAX_SESSIONS

#: What the overview can group by, and the column behind each.
BY = ("session", "item", "role", "with_begeleider")
SUM_COLUMNS = ("n", "total", "squares", "respondents")


def latest_trajectories(groups: Iterable[str] | None = None):
    """The ids of every group's current (latest) trajectory, for ``IN`` (a lookup, not a join:
    SQLite joins a derived table by scanning it for every answer); with ``groups`` (codes as
    stored) only theirs (a trainer's own groups in a hub)."""
    t = s.trajectories
    q = select(func.max(t.c.id)).group_by(t.c.group_id)
    if groups is not None:
        q = q.where(t.c.group_id.in_(select(s.groups.c.id).where(s.groups.c.code.in_(sorted(set(groups))))))
    return q


def with_begeleider_or_default(sessions=s.sessions):
    """The stored met/zonder begeleider, else the seed-001 build-up (as analysis.prepare fills it in)."""
    met = [n for n in range(1, MAX_SESSIONS + 1) if default_with_begeleider(n)]
    return case((sessions.c.with_begeleider.is_(None), sessions.c.number.in_(met)),
                else_=sessions.c.with_begeleider)


def answer_sums(conn: Connection, by: Iterable[str], items: Iterable[str] | None = None, role: str | None = None,
                date_from: dt.date | None = None, date_to: dt.date | None = None,
                kind: str = "session", groups: Iterable[str] | None = None) -> pd.DataFrame:
    """Per group of ``by``: numeric answers (n), their sum and sum of squares, distinct respondents
    (of the groups with these codes only, when ``groups`` is given)."""
    by = list(by)
    if not by or any(b not in BY for b in by):
        raise ValueError(f"by must be some of {BY}, not {by!r}")
    a, r, se = s.answers, s.responses, s.sessions
    column = {"session": se.c.number, "item": a.c.item, "role": r.c.role,
              "with_begeleider": with_begeleider_or_default(se)}
    keys = [column[b].label(b) for b in by]
    score = a.c.score
    q = (select(*keys, func.count(score).label("n"), func.sum(score).label("total"),
                func.sum(score * score).label("squares"), func.count(r.c.participant.distinct()).label("respondents"))
         .select_from(a.join(r, r.c.id == a.c.response_id).join(se, se.c.id == r.c.session_id))
         .where(and_(score.is_not(None), r.c.kind == kind, se.c.trajectory_id.in_(latest_trajectories(groups))))
         .group_by(*[column[b] for b in by]).order_by(*[column[b] for b in by]))
    if items is not None:
        q = q.where(a.c.item.in_(sorted(set(items))))
    if role:
        q = q.where(r.c.role == role)
    if date_from is not None:
        q = q.where(se.c.date >= date_from)
    if date_to is not None:
        q = q.where(se.c.date <= date_to)
    out = pd.DataFrame(conn.execute(q).fetchall(), columns=by + list(SUM_COLUMNS))
    for col in SUM_COLUMNS:
        out[col] = out[col].astype("float64").astype("float64" if col in ("total", "squares") else "int64")
    if "with_begeleider" in out:
        out["with_begeleider"] = out["with_begeleider"].astype(bool)
    return out
