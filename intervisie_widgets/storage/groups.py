"""Stored groups: name, goal, intervisiecontract and members (functions on a connection).

Member names are personal data. They live in ``ik_members`` only and are never joined to
responses: an evaluation is keyed by a pseudonymous participant key, not by a member.
"""
from __future__ import annotations

import json

from sqlalchemy import Connection, delete, func, select, update

from ..model.group import CONTRACT_PARTS, Contract, Group, Member, save_notices
from ..model.session import Notice
from . import plans
from . import schema as s
from .errors import Rejected, UnknownGroup


def save_group(conn: Connection, group: Group) -> str:
    """Create or update the group by its code; members are replaced by the given ones.

    :class:`Rejected` (nothing changed) when :func:`save_notices` objects, or when a member
    who has attendance would be removed (their record would be lost).
    """
    notices = save_notices(group)
    if notices:
        raise Rejected(group.code, notices)
    row = plans.ensure_group(conn, group.code)
    existing = {m.name_key: m for m in conn.execute(select(s.members).where(s.members.c.group_id == row.id))}
    wanted = {s.member_key(m.name): m for m in group.members}
    attended = _members_with_attendance(conn, [m.id for k, m in existing.items() if k not in wanted])
    if attended:
        raise Rejected(group.code, [Notice("group.warn_remove_attended", {"name": n, "meetings": k})
                                    for n, k in attended])
    conn.execute(update(s.groups).where(s.groups.c.id == row.id).values(
        name=" ".join(group.name.split())[:120], goal=group.goal.strip(),
        contract=json.dumps({**dict(group.contract.parts()), "goals": list(group.contract.goals)},
                            ensure_ascii=False),
        contract_agreed=group.contract_agreed, size=len(group.participants) or None))
    gone = [m.id for k, m in existing.items() if k not in wanted]
    if gone:
        conn.execute(delete(s.members).where(s.members.c.id.in_(gone)))
    for position, (key, m) in enumerate(wanted.items(), start=1):
        values = {"position": position, "name": " ".join(m.name.split()), "name_key": key,
                  "initials": m.initials[:12], "level": m.level, "years": m.years, "manages": m.manages,
                  "begeleider": m.begeleider}
        if key in existing:
            conn.execute(update(s.members).where(s.members.c.id == existing[key].id).values(**values))
        else:
            conn.execute(s.members.insert().values(group_id=row.id, **values))
    return row.code


def _members_with_attendance(conn: Connection, member_ids: list[int]) -> list[tuple[str, int]]:
    if not member_ids:
        return []
    q = (select(s.members.c.name, func.count(s.attendance.c.meeting_id))
         .join(s.attendance, s.attendance.c.member_id == s.members.c.id)
         .where(s.members.c.id.in_(member_ids)).group_by(s.members.c.name).order_by(s.members.c.name))
    return [(name, n) for name, n in conn.execute(q)]


def load_group(conn: Connection, code: str) -> Group | None:
    """The stored group (members in their order), or None when no group has this code."""
    row = plans.find_group(conn, code)
    if row is None:
        return None
    members = tuple(Member(m.name, m.initials, m.level, m.years, m.manages, bool(m.begeleider))
                    for m in conn.execute(select(s.members).where(s.members.c.group_id == row.id)
                                          .order_by(s.members.c.position)))
    parts = json.loads(row.contract or "{}")
    contract = Contract(**{p: str(parts.get(p, "")) for p in CONTRACT_PARTS},
                        goals=tuple(str(g) for g in parts.get("goals", ()) if isinstance(g, str)))
    return Group(members, row.goal or "", row.code, row.name or "", contract, row.contract_agreed)


def delete_group(conn: Connection, code: str) -> None:
    """Forget the group's personal data: members, attendance, recorded meetings, name, goal,
    contract and the names in its plan. Its evaluations stay under the code (they are
    pseudonymous and not linked to member names)."""
    row = plans.find_group(conn, code)
    if row is None:
        raise UnknownGroup(code, code)
    conn.execute(delete(s.members).where(s.members.c.group_id == row.id))  # attendance cascades
    session_ids = select(s.sessions.c.id).join(s.trajectories).where(s.trajectories.c.group_id == row.id)
    conn.execute(delete(s.meetings).where(s.meetings.c.session_id.in_(session_ids)))
    conn.execute(update(s.sessions).where(s.sessions.c.id.in_(session_ids))
                 .values(inbrenger="", gespreksleider="", tijdbewaker=""))
    conn.execute(update(s.groups).where(s.groups.c.id == row.id)
                 .values(name="", goal="", contract="{}", contract_agreed=None))


def group_summaries(conn: Connection) -> list[dict]:
    """Every group with its name and its numbers of members, trajectories and meetings held."""
    members = (select(s.members.c.group_id, func.count().label("n")).group_by(s.members.c.group_id)
               .subquery())
    trajectories = (select(s.trajectories.c.group_id, func.count().label("n"))
                    .group_by(s.trajectories.c.group_id).subquery())
    held = (select(s.trajectories.c.group_id, func.count(s.meetings.c.id).label("n"))
            .join(s.sessions, s.sessions.c.trajectory_id == s.trajectories.c.id)
            .join(s.meetings, s.meetings.c.session_id == s.sessions.c.id)
            .group_by(s.trajectories.c.group_id).subquery())
    q = (select(s.groups.c.code, s.groups.c.name, func.coalesce(members.c.n, 0),
                func.coalesce(trajectories.c.n, 0), func.coalesce(held.c.n, 0))
         .outerjoin(members, members.c.group_id == s.groups.c.id)
         .outerjoin(trajectories, trajectories.c.group_id == s.groups.c.id)
         .outerjoin(held, held.c.group_id == s.groups.c.id)
         .order_by(s.groups.c.code))
    return [{"code": c, "name": n or "", "members": m, "trajectories": t, "meetings": h}
            for c, n, m, t, h in conn.execute(q)]


def start_trajectory(conn: Connection, code: str) -> int:
    """Start a new trajectory for the group (the pages then use it); returns its number."""
    row = plans.require_group(conn, code)
    number = conn.execute(select(func.max(s.trajectories.c.number))
                          .where(s.trajectories.c.group_id == row.id)).scalar() or 0
    conn.execute(s.trajectories.insert().values(group_id=row.id, number=number + 1, created_at=plans.now()))
    return number + 1


def trajectory_numbers(conn: Connection, code: str) -> list[int]:
    row = plans.find_group(conn, code)
    if row is None:
        return []
    return list(conn.execute(select(s.trajectories.c.number).where(s.trajectories.c.group_id == row.id)
                             .order_by(s.trajectories.c.number)).scalars())

