"""Groups, trajectories and session plans (functions on a connection; :class:`Store` wraps them)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError

from ..model.planning import MAX_SESSIONS as MAX_PLANNED
from ..model.planning import default_with_begeleider
from . import schema as s
from .errors import InvalidPlan, UnknownGroup, cause

PLAN_KEYS = ("number", "date", "method", "inbrenger", "with_begeleider", "assumed", "variant", "gespreksleider",
             "tijdbewaker")
#: Highest session number stored (imports of long-running groups); a saved plan holds at most MAX_PLANNED.
MAX_SESSIONS = 100


def now() -> dt.datetime:
    """UTC now without tzinfo (what every timestamp column holds)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def check_group_code(code: str) -> str:
    code = s.normalise_group_code(code or "")
    if not code or len(code) > 64:
        raise InvalidPlan(code, cause("group_code_length", most=64))
    return code


def find_group(conn: Connection, code: str):
    """The group row for ``code`` (case ignored), or None."""
    code = s.normalise_group_code(code)
    columns = [c for c in s.groups.c if c.name != "owner"]  # the owner: storage.ownership (migration 7)
    return conn.execute(select(*columns).where(func.lower(s.groups.c.code) == code.lower())
                        .order_by(s.groups.c.id).limit(1)).first()


def ensure_group(conn: Connection, code: str, size: int | None = None):
    """The group row for ``code``, created (with its first trajectory) when missing."""
    code = check_group_code(code)
    row = find_group(conn, code)
    if row is None:
        from .ownership import creator  # the hub user who makes it owns it (none outside a hub)

        owner = {"owner": user} if (user := creator()) is not None else {}
        if insert_if_absent(conn, s.groups.insert().values(code=code, size=size, created_at=now(), **owner)):
            gid = find_group(conn, code).id
            conn.execute(s.trajectories.insert().values(group_id=gid, number=1, created_at=now()))
        row = find_group(conn, code)
    elif size is not None and row.size != size:
        conn.execute(update(s.groups).where(s.groups.c.id == row.id).values(size=size))
        row = find_group(conn, code)
    return row


def require_group(conn: Connection, code: str):
    row = find_group(conn, code)
    if row is None:
        raise UnknownGroup(code, code)
    return row


def trajectory_id(conn: Connection, group_id: int) -> int:
    """The group's current (latest) trajectory."""
    return conn.execute(select(func.max(s.trajectories.c.id))
                        .where(s.trajectories.c.group_id == group_id)).scalar_one()


def ensure_session(conn: Connection, group_code: str, number: int, date: dt.date | None = None,
                   with_begeleider: bool | None = None, size: int | None = None) -> int:
    """The id of session ``number`` of the group's current trajectory, created unplanned if missing."""
    group = ensure_group(conn, group_code, size)
    tid = trajectory_id(conn, group.id)
    sid = conn.execute(select(s.sessions.c.id).where(s.sessions.c.trajectory_id == tid,
                                                     s.sessions.c.number == number)).scalar()
    if sid is None:
        insert_if_absent(conn, s.sessions.insert().values(
            trajectory_id=tid, number=number, date=date, method="", inbrenger="",
            with_begeleider=with_begeleider, assumed=with_begeleider is None, planned=False))
        sid = conn.execute(select(s.sessions.c.id).where(s.sessions.c.trajectory_id == tid,
                                                         s.sessions.c.number == number)).scalar_one()
    return sid


def insert_if_absent(conn: Connection, insert) -> bool:
    """Run ``insert`` in a savepoint; False when a concurrent writer inserted the same row first.

    On PostgreSQL two kernels may create the same group or session at the same moment; the loser's
    unique violation must not abort the whole transaction, so it is confined to the savepoint.
    """
    try:
        with conn.begin_nested():
            conn.execute(insert)
        return True
    except IntegrityError:
        return False


def validate_plan(sessions: list[dict]) -> list[dict]:
    """Checked copies of the plan entries; :class:`InvalidPlan` names the entry and field."""
    if not isinstance(sessions, (list, tuple)):
        raise InvalidPlan("plan", cause("plan_list"))
    if len(sessions) > MAX_PLANNED:
        raise InvalidPlan("plan", cause("plan_too_long", count=len(sessions), most=MAX_PLANNED))
    out, seen = [], set()
    for i, entry in enumerate(sessions, start=1):
        if not isinstance(entry, dict):
            raise InvalidPlan("plan", cause("plan_row", row=i))
        where = i  # the entry's place in the plan, for the message
        number = entry.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= MAX_SESSIONS:
            raise InvalidPlan("plan", cause("plan_number", where=where, most=MAX_SESSIONS, value=repr(number)))
        if number in seen:
            raise InvalidPlan("plan", cause("plan_number_twice", where=where, number=number))
        seen.add(number)
        out.append({
            "number": number,
            "date": _plan_date(entry.get("date"), where),
            "method": _plan_text(entry, "method", where, 80),
            "inbrenger": _plan_text(entry, "inbrenger", where, 120),
            "with_begeleider": _plan_bool(entry, "with_begeleider", where, default_with_begeleider(number)),
            "assumed": _plan_bool(entry, "assumed", where, "with_begeleider" not in entry),
            "variant": _plan_text(entry, "variant", where, 40),
            "gespreksleider": _plan_text(entry, "gespreksleider", where, 120),
            "tijdbewaker": _plan_text(entry, "tijdbewaker", where, 120),
        })
    return sorted(out, key=lambda e: e["number"])


def _plan_date(value: Any, where: int) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if len(str(value)) == 10 else _bad_date(value, where)
    except ValueError:
        return _bad_date(value, where)


def _bad_date(value: Any, where: int):
    raise InvalidPlan("plan", cause("plan_date", where=where, value=repr(value)))


def _plan_text(entry: dict, key: str, where: int, limit: int) -> str:
    value = entry.get(key) or ""
    if not isinstance(value, str) or len(value) > limit:
        raise InvalidPlan("plan", cause("plan_text", where=where, field=key, most=limit))
    return value.strip()


def _plan_bool(entry: dict, key: str, where: int, default: bool) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise InvalidPlan("plan", cause("plan_flag", where=where, field=key, value=repr(value)))
    return value


def save_plan(conn: Connection, group_code: str, sessions: list[dict]) -> None:
    """Replace the plan of the group's current trajectory.

    Sessions left out of the new plan are removed, except those that already hold responses:
    they stay (unplanned) so that no evaluation is ever lost by editing a plan.
    """
    entries = validate_plan(sessions)
    group = ensure_group(conn, group_code)
    tid = trajectory_id(conn, group.id)
    keep = {e["number"] for e in entries}
    has_responses = exists().where(s.responses.c.session_id == s.sessions.c.id)
    conn.execute(delete(s.sessions).where(s.sessions.c.trajectory_id == tid,
                                          s.sessions.c.number.not_in(sorted(keep)),
                                          ~has_responses))
    conn.execute(update(s.sessions).where(s.sessions.c.trajectory_id == tid).values(planned=False))
    for e in entries:
        values = {**e, "planned": True}
        sid = ensure_session(conn, group.code, e["number"])
        conn.execute(update(s.sessions).where(s.sessions.c.id == sid).values(**values))


def load_plan(conn: Connection, group_code: str) -> list[dict]:
    """The saved plan of the group's current trajectory ([] for no plan or no group)."""
    group = find_group(conn, group_code)
    if group is None:
        return []
    tid = trajectory_id(conn, group.id)
    rows = conn.execute(select(s.sessions).where(s.sessions.c.trajectory_id == tid, s.sessions.c.planned)
                        .order_by(s.sessions.c.number)).all()
    return [{
        "number": r.number,
        "date": r.date.isoformat() if r.date else None,
        "method": r.method or "",
        "inbrenger": r.inbrenger or "",
        "with_begeleider": bool(r.with_begeleider) if r.with_begeleider is not None
        else default_with_begeleider(r.number),
        "assumed": bool(r.assumed),
        "variant": r.variant or "",
        "gespreksleider": r.gespreksleider or "",
        "tijdbewaker": r.tijdbewaker or "",
    } for r in rows]


def group_codes(conn: Connection) -> list[str]:
    return list(conn.execute(select(s.groups.c.code).order_by(s.groups.c.code)).scalars())


def set_group_size(conn: Connection, group_code: str, size: int | None) -> None:
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= 200):
        raise InvalidPlan(group_code, cause("group_size", most=200, value=repr(size)))
    group = ensure_group(conn, group_code)
    conn.execute(update(s.groups).where(s.groups.c.id == group.id).values(size=size))
