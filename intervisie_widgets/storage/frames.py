"""Loading answers as a DataFrame fast enough for a million answers.

Three small queries instead of one wide join: the sessions (few, typed by SQLAlchemy), the
responses and the answers (many, read with the driver's own cursor, so there is no per-row
conversion), joined in pandas on integer keys with categorical text columns. All three run in
one transaction (on SQLite one snapshot), so the levels agree.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, func, select

from . import schema as s

#: Columns of :func:`load_answers`, in order (the long format the analysis reads).
ANSWER_COLUMNS = ("group", "group_size", "session", "session_date", "with_begeleider", "planned",
                  "role", "participant", "form", "kind", "submitted_at", "item", "score", "text")
_CATEGORIES = ("group", "role", "participant", "form", "kind", "item")


def _trajectory_filter(t, g, trajectory: int | None):
    """Which trajectory of each group: number ``trajectory``, else the current (latest) one."""
    if trajectory is not None:
        return t.c.number == int(trajectory)
    return t.c.id == select(func.max(t.c.id)).where(t.c.group_id == g.c.id).correlate(g).scalar_subquery()


def _group_filter(g, group_code: str | None):
    return None if group_code is None else func.lower(g.c.code) == s.normalise_group_code(group_code).lower()


def _sessions(conn: Connection, group_code: str | None, trajectory: int | None = None) -> pd.DataFrame:
    g, t, se = s.groups, s.trajectories, s.sessions
    q = (select(se.c.id.label("sid"), g.c.code.label("group"), g.c.size.label("group_size"),
                se.c.number.label("session"), se.c.date.label("session_date"), se.c.with_begeleider, se.c.planned)
         .select_from(se.join(t, t.c.id == se.c.trajectory_id).join(g, g.c.id == t.c.group_id))
         .where(_trajectory_filter(t, g, trajectory)))
    if group_code is not None:
        q = q.where(_group_filter(g, group_code))
    return pd.DataFrame(conn.execute(q).fetchall(), columns=["sid", "group", "group_size", "session",
                                                             "session_date", "with_begeleider", "planned"])


def _raw(conn: Connection, sql: str, params: list) -> list[tuple]:
    """Rows straight from the driver's cursor (placeholders written as ``{p}``)."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql.replace("{p}", mark), params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _bool(col: pd.Series) -> pd.Series:
    num = pd.to_numeric(col.astype("float64"))  # 0/1, False/True or None -> 0.0/1.0/NaN
    return (num == 1).astype(object).where(num.notna(), None)


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in ANSWER_COLUMNS})


def load_answers(conn: Connection, group_code: str | None = None, numeric_only: bool = False,
                 trajectory: int | None = None) -> pd.DataFrame:
    """Every answer of the groups' current trajectories (or of trajectory number ``trajectory``),
    one row per answer (:data:`ANSWER_COLUMNS`). With ``group_code`` only that group is read:
    the sessions are filtered in SQL and the responses and answers found through their indexes."""
    sessions = _sessions(conn, group_code, trajectory)
    if sessions.empty:
        return empty_frame()
    ids = ",".join(str(int(i)) for i in sessions["sid"])  # integers from our own query: safe to inline
    responses = pd.DataFrame.from_records(
        _raw(conn, f"SELECT id, session_id, participant, role, form, kind, submitted_at FROM ik_responses "
                   f"WHERE session_id IN ({ids})", []),
        columns=["rid", "sid", "participant", "role", "form", "kind", "submitted_at"])
    text_col = "text" if not numeric_only else "NULL"
    answers = pd.DataFrame.from_records(
        _raw(conn, f"SELECT a.response_id, a.item, a.score, {text_col} FROM ik_answers a WHERE a.response_id IN "
                   f"(SELECT id FROM ik_responses WHERE session_id IN ({ids}))"
                   + (" AND a.score IS NOT NULL" if numeric_only else ""), []),
        columns=["rid", "item", "score", "text"], coerce_float=False)
    if responses.empty or answers.empty:
        return empty_frame()
    sessions["session_date"] = pd.to_datetime(sessions["session_date"])
    sessions["with_begeleider"] = _bool(sessions["with_begeleider"])
    sessions["planned"] = _bool(sessions["planned"])
    responses["submitted_at"] = pd.to_datetime(responses["submitted_at"])
    df = answers.merge(responses.merge(sessions, on="sid"), on="rid").sort_values(["rid", "item"], kind="stable")
    for col in _CATEGORIES:
        df[col] = df[col].astype("category")
    df["score"] = pd.to_numeric(df["score"]).astype("float64")
    df["group_size"] = pd.to_numeric(df["group_size"])
    return df[list(ANSWER_COLUMNS)].reset_index(drop=True)


#: Columns of :func:`session_facts`: the plan's flags and counts of people, never names.
FACT_COLUMNS = ("group", "group_size", "session", "session_date", "with_begeleider", "assumed", "planned", "recorded",
                "present", "begeleider_present", "participants", "responses")


def session_facts(conn: Connection, group_code: str | None = None, trajectory: int | None = None,
                  groups=None) -> pd.DataFrame:
    """Per session of the current trajectory (or number ``trajectory``) of one group or every group:
    met/zonder begeleider and whether that is assumed, whether the meeting was recorded, how many
    participants were present of how many, whether the begeleider was, and the session evaluations.

    Counts only: member names stay in the database. Each count is an indexed lookup per session.
    ``groups`` (codes as stored) limits every group to those (a trainer's own groups in a hub).
    """
    g, t, se, m, a, mb, r = s.groups, s.trajectories, s.sessions, s.meetings, s.attendance, s.members, s.responses
    count = lambda *where: select(func.count()).where(*where).scalar_subquery()  # noqa: E731
    attended = lambda begeleider: count(a.c.meeting_id == m.c.id, mb.c.id == a.c.member_id,  # noqa: E731
                                        mb.c.begeleider.is_(begeleider))
    q = (select(g.c.code, g.c.size, se.c.number, se.c.date, se.c.with_begeleider, se.c.assumed, se.c.planned,
                m.c.id.is_not(None), attended(False), attended(True),
                count(mb.c.group_id == g.c.id, mb.c.begeleider.is_(False)),
                select(func.count(r.c.participant.distinct()))  # people, not responses: one per role (migration 6)
                .where(r.c.session_id == se.c.id, r.c.kind == "session").scalar_subquery())
         .select_from(se.join(t, t.c.id == se.c.trajectory_id).join(g, g.c.id == t.c.group_id)
                      .outerjoin(m, m.c.session_id == se.c.id))
         .where(_trajectory_filter(t, g, trajectory)).order_by(g.c.code, se.c.number))
    if group_code is not None:
        q = q.where(_group_filter(g, group_code))
    if groups is not None:
        q = q.where(g.c.code.in_(sorted(set(groups))))
    out = pd.DataFrame(conn.execute(q).fetchall(), columns=list(FACT_COLUMNS))
    out["session_date"] = pd.to_datetime(out["session_date"])
    for col in ("assumed", "planned", "recorded"):
        out[col] = out[col].astype(bool)
    out["with_begeleider"] = _bool(out["with_begeleider"])
    for col in ("present", "begeleider_present", "participants", "responses"):
        out[col] = out[col].astype("int64")
    return out
