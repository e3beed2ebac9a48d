"""Recorded meetings and their attendance (functions on a connection; :class:`Store` wraps them)."""
from __future__ import annotations

import json

from sqlalchemy import Connection, select

from ..model.meeting import MeetingRecord, StepRecord, record_notices
from . import plans
from . import schema as s
from .errors import Rejected, UnknownGroup


def _session_rows(conn: Connection, group_id: int):
    tid = plans.trajectory_id(conn, group_id)
    return tid, {r.number: r for r in conn.execute(select(s.sessions).where(s.sessions.c.trajectory_id == tid))}


def record_meeting(conn: Connection, code: str, record: MeetingRecord) -> None:
    """Store ``record`` for the group's current trajectory; :class:`Rejected` (nothing stored)
    when :func:`record_notices` objects (recorded twice, before the start, strangers …)."""
    group = plans.find_group(conn, code)
    if group is None:
        raise UnknownGroup(code, code)
    members = {m.name: m.id for m in conn.execute(select(s.members.c.name, s.members.c.id)
                                                  .where(s.members.c.group_id == group.id))}
    _, sessions = _session_rows(conn, group.id)
    held = [n for n, r in sessions.items() if _meeting_id(conn, r.id) is not None]
    planned_dates = [r.date for r in sessions.values() if r.planned and r.date]
    start = min(planned_dates) if planned_dates else None
    notices = record_notices(record, tuple(members), held, start)
    if notices:
        raise Rejected(code, notices)
    sid = plans.ensure_session(conn, group.code, record.number, record.date)
    steps = [[st.step_id, st.round, st.planned_minutes, st.actual_seconds] for st in record.steps]
    mid = conn.execute(s.meetings.insert().values(
        session_id=sid, method=record.method, variant=record.variant, started_at=record.started_at,
        ended_at=record.ended_at, inbrenger=record.inbrenger, gespreksleider=record.gespreksleider,
        title=record.title, note=record.note, steps=json.dumps(steps), recorded_at=plans.now())
    ).inserted_primary_key[0]
    for name in record.present:
        conn.execute(s.attendance.insert().values(meeting_id=mid, member_id=members[name]))


def _meeting_id(conn: Connection, session_id: int) -> int | None:
    return conn.execute(select(s.meetings.c.id).where(s.meetings.c.session_id == session_id)).scalar()


def load_meetings(conn: Connection, code: str) -> tuple[MeetingRecord, ...]:
    """The recorded meetings of the group's current trajectory, by number (() for an unknown group)."""
    group = plans.find_group(conn, code)
    if group is None:
        return ()
    tid = plans.trajectory_id(conn, group.id)
    rows = conn.execute(select(s.meetings, s.sessions.c.number).join(s.sessions)
                        .where(s.sessions.c.trajectory_id == tid).order_by(s.sessions.c.number)).all()
    present: dict[int, list[str]] = {}
    q = (select(s.attendance.c.meeting_id, s.members.c.name).join(s.members)
         .where(s.attendance.c.meeting_id.in_([r.id for r in rows])).order_by(s.members.c.position))
    for mid, name in conn.execute(q):
        present.setdefault(mid, []).append(name)
    return tuple(MeetingRecord(r.number, r.method, r.variant, r.started_at, r.ended_at,
                               tuple(present.get(r.id, ())),
                               tuple(StepRecord(*st) for st in json.loads(r.steps or "[]")),
                               r.inbrenger, r.gespreksleider, r.title, r.note) for r in rows)
