"""The rights of the people in the data (AVG/GDPR): inzage, erasure and retention.

* :func:`member_data` — everything stored about one member by name (inzage). Evaluations and
  reflections are not linked to member names, so they are not part of it (and cannot be).
* :func:`erase_member` — the member, their attendance and their name wherever the plan or a
  meeting record holds it; the meetings themselves and the others' attendance stay.
* :func:`expired_trajectories` / :func:`purge` — trajectories whose newest activity (last
  session date, recorded meeting or response) is older than a cut-off, with their sessions,
  evaluations, meetings and attendance. A group with no trajectory left forgets its members.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, delete, func, select, update

from . import plans
from . import schema as s
from .errors import UnknownGroup


def _member(conn: Connection, code: str, name: str):
    group = plans.find_group(conn, code)
    if group is None:
        raise UnknownGroup(code, code)
    row = conn.execute(select(s.members).where(s.members.c.group_id == group.id,
                                               s.members.c.name_key == s.member_key(name))).first()
    if row is None:
        raise UnknownGroup(f"{code}: {name}", name)
    return group, row


def member_data(conn: Connection, code: str, name: str) -> dict:
    """What is stored about the member: their facts, the meetings they attended, and the plan
    entries and meeting records that name them (as inbrenger, gespreksleider or tijdbewaker)."""
    group, m = _member(conn, code, name)
    attended = conn.execute(
        select(s.trajectories.c.number, s.sessions.c.number, s.meetings.c.started_at)
        .join(s.meetings, s.meetings.c.id == s.attendance.c.meeting_id)
        .join(s.sessions, s.sessions.c.id == s.meetings.c.session_id)
        .join(s.trajectories, s.trajectories.c.id == s.sessions.c.trajectory_id)
        .select_from(s.attendance).where(s.attendance.c.member_id == m.id)
        .order_by(s.trajectories.c.number, s.sessions.c.number)).all()
    roles = []
    for col in ("inbrenger", "gespreksleider", "tijdbewaker"):
        q = (select(s.trajectories.c.number, s.sessions.c.number).join(s.trajectories)
             .where(s.trajectories.c.group_id == group.id, s.sessions.c[col] == m.name))
        roles += [{"trajectory": t, "session": n, "role": col} for t, n in conn.execute(q)]
    return {
        "group": group.code, "name": m.name, "initials": m.initials, "level": m.level, "years": m.years,
        "manages": m.manages, "begeleider": bool(m.begeleider),
        "attended": [{"trajectory": t, "session": n, "started_at": at.isoformat(sep=" ")} for t, n, at in attended],
        "named_in_plan": sorted(roles, key=lambda r: (r["trajectory"], r["session"], r["role"])),
    }


def erase_member(conn: Connection, code: str, name: str) -> None:
    """Remove the member, their attendance (cascade) and their name from plans and meeting records."""
    group, m = _member(conn, code, name)
    session_ids = select(s.sessions.c.id).join(s.trajectories).where(s.trajectories.c.group_id == group.id)
    for col in ("inbrenger", "gespreksleider", "tijdbewaker"):
        conn.execute(update(s.sessions).where(s.sessions.c.id.in_(session_ids), s.sessions.c[col] == m.name)
                     .values({col: ""}))
    for col in ("inbrenger", "gespreksleider"):
        conn.execute(update(s.meetings).where(s.meetings.c.session_id.in_(session_ids), s.meetings.c[col] == m.name)
                     .values({col: ""}))
    conn.execute(update(s.members).where(s.members.c.group_id == group.id, s.members.c.manages == m.name)
                 .values(manages=""))
    conn.execute(delete(s.members).where(s.members.c.id == m.id))


def expired_trajectories(conn: Connection, cutoff: dt.datetime) -> list[dict]:
    """Trajectories with no activity since ``cutoff``: group, number, last activity, counts."""
    t, ses = s.trajectories, s.sessions
    last_date = (select(ses.c.trajectory_id, func.max(ses.c.date).label("d")).group_by(ses.c.trajectory_id)
                 .subquery())
    last_meeting = (select(ses.c.trajectory_id, func.max(s.meetings.c.ended_at).label("d"))
                    .join(s.meetings, s.meetings.c.session_id == ses.c.id).group_by(ses.c.trajectory_id).subquery())
    last_response = (select(ses.c.trajectory_id, func.max(s.responses.c.submitted_at).label("d"),
                            func.count(s.responses.c.id).label("n"))
                     .join(s.responses, s.responses.c.session_id == ses.c.id).group_by(ses.c.trajectory_id).subquery())
    q = (select(s.groups.c.code, t.c.id, t.c.number, t.c.created_at, last_date.c.d, last_meeting.c.d,
                last_response.c.d, func.coalesce(last_response.c.n, 0))
         .join(s.groups, s.groups.c.id == t.c.group_id)
         .outerjoin(last_date, last_date.c.trajectory_id == t.c.id)
         .outerjoin(last_meeting, last_meeting.c.trajectory_id == t.c.id)
         .outerjoin(last_response, last_response.c.trajectory_id == t.c.id)
         .order_by(s.groups.c.code, t.c.number))
    out = []
    for code, tid, number, created, d_date, d_meeting, d_response, n in conn.execute(q):
        moments = [created, d_meeting, d_response]
        if d_date is not None:
            moments.append(dt.datetime.combine(d_date, dt.time()))
        last = max(m for m in moments if m is not None)
        if last < cutoff:
            out.append({"group": code, "trajectory": number, "id": tid, "last_activity": last.isoformat(sep=" "),
                        "responses": n})
    return out


def purge(conn: Connection, cutoff: dt.datetime) -> list[dict]:
    """Delete the trajectories :func:`expired_trajectories` finds (sessions, evaluations, meetings
    and attendance cascade); a group left without a trajectory forgets its members and contract."""
    found = expired_trajectories(conn, cutoff)
    ids = [f["id"] for f in found]
    if ids:
        conn.execute(delete(s.trajectories).where(s.trajectories.c.id.in_(ids)))
        empty = (select(s.groups.c.id).outerjoin(s.trajectories, s.trajectories.c.group_id == s.groups.c.id)
                 .where(s.trajectories.c.id.is_(None)))
        gone = list(conn.execute(empty).scalars())
        if gone:
            conn.execute(delete(s.members).where(s.members.c.group_id.in_(gone)))
            conn.execute(delete(s.reflections).where(s.reflections.c.group_id.in_(gone)))
            conn.execute(update(s.groups).where(s.groups.c.id.in_(gone))
                         .values(name="", goal="", contract="{}", contract_agreed=None))
    return [{k: v for k, v in f.items() if k != "id"} for f in found]


class RightsMixin:
    """Store methods for inzage, erasure and retention (see the module docstring)."""

    def member_data(self, group_code: str, name: str) -> dict:
        return self._read(lambda c: member_data(c, group_code, name))

    def erase_member(self, group_code: str, name: str) -> None:
        self._write(lambda c: erase_member(c, group_code, name))

    def expired_trajectories(self, older_than: dt.timedelta, now: dt.datetime | None = None) -> list[dict]:
        cutoff = (now or plans.now()) - older_than
        return [{k: v for k, v in f.items() if k != "id"}
                for f in self._read(lambda c: expired_trajectories(c, cutoff))]

    def purge(self, older_than: dt.timedelta, now: dt.datetime | None = None) -> list[dict]:
        cutoff = (now or plans.now()) - older_than
        return self._write(lambda c: purge(c, cutoff))


__all__ = ["RightsMixin", "erase_member", "expired_trajectories", "member_data", "purge"]
