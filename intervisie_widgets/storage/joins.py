"""Join codes and post-its (functions on a connection; :class:`JoinsMixin` gives Store its methods).

A join code is bound to one session row, so to one group, one trajectory and one meeting. It
opens that meeting's participant pages while it is live: not revoked, ``expires_at`` not yet
passed, and its trajectory still the group's current one (a code of a finished trajectory would
otherwise send answers to the meeting of the same number in the next one).

The code is stored in clear, not as a hash, for two reasons. The projector's kernel and
``intervisie join`` are separate processes that must show the *same* code for a meeting, so a
second request has to read the live code back. And a hash would not keep it from a database
reader: there are only 31**8 (8.5e11) codes, which a graphics card hashes through in minutes.
What a reader of the database cannot do is use a code after it expired or was revoked: every
check compares ``expires_at`` and ``revoked_at`` in the query, and changing them needs write
access (with which one could write answers directly anyway). A live code only lets someone
submit what any participant of that meeting can submit.

Post-its carry no participant key: nobody, not even with the database, can tell who wrote one.
"""
from __future__ import annotations

import datetime as dt
import math
import numbers

from sqlalchemy import Connection, func, select, update

from ..engines import join as codes
from ..model.join import MAX_JOIN_HOURS, MAX_POSTIT_CHARS, JoinCode, Postit
from ..model.session import Notice
from ..settings import load_settings
from . import plans
from . import schema as s
from .errors import Rejected, StoreError

_ATTEMPTS = 5  # fresh codes tried when one is taken (1 in 8.5e11 each time)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.timezone.utc)


def _check_session(where: str, number) -> int:
    if isinstance(number, bool) or not isinstance(number, numbers.Integral) or not 1 <= number <= plans.MAX_SESSIONS:
        raise Rejected(where, [Notice("join.bad_session", {"number": number, "max": plans.MAX_SESSIONS})])
    return int(number)


def _check_hours(where: str, hours) -> float:
    ok = isinstance(hours, (int, float)) and not isinstance(hours, bool) and math.isfinite(hours)
    if not ok or not 0 < hours <= MAX_JOIN_HOURS:
        raise Rejected(where, [Notice("join.bad_hours", {"hours": hours, "max": int(MAX_JOIN_HOURS)})])
    return float(hours)


def _session_id(conn: Connection, group_code: str, number: int) -> int | None:
    """The session row of meeting ``number`` in the group's current trajectory (None if absent)."""
    group = plans.find_group(conn, group_code)
    if group is None:
        return None
    tid = plans.trajectory_id(conn, group.id)
    return conn.execute(select(s.sessions.c.id).where(s.sessions.c.trajectory_id == tid,
                                                      s.sessions.c.number == number)).scalar()


# --------------------------------------------------------------------------- join codes
def create_join(conn: Connection, group_code: str, session_number: int, ttl_hours: float,
                now: dt.datetime | None = None) -> JoinCode:
    """The live code of the meeting, or a new one valid ``ttl_hours`` from now.

    :class:`UnknownGroup` for an unknown group, :class:`Rejected` for a session number or a
    validity out of range. Concurrent callers get the same code: the session row is locked
    (PostgreSQL; SQLite writers are serialised anyway) before the live code is looked up.
    """
    group = plans.require_group(conn, group_code)
    number = _check_session(group.code, session_number)
    hours = _check_hours(group.code, ttl_hours)
    sid = plans.ensure_session(conn, group.code, number)
    conn.execute(select(s.sessions.c.id).where(s.sessions.c.id == sid).with_for_update())
    now = now or plans.now()
    jc = s.join_codes
    live = conn.execute(select(jc.c.code, jc.c.expires_at)
                        .where(jc.c.session_id == sid, jc.c.revoked_at.is_(None), jc.c.expires_at > now)
                        .order_by(jc.c.expires_at.desc()).limit(1)).first()
    if live is not None:
        return JoinCode(live.code, group.code, number, _utc(live.expires_at))
    expires = (now + dt.timedelta(hours=hours)).replace(microsecond=0)
    for _ in range(_ATTEMPTS):
        code = codes.new_code()
        if plans.insert_if_absent(conn, jc.insert().values(code=code, session_id=sid, created_at=now,
                                                           expires_at=expires)):
            return JoinCode(code, group.code, number, _utc(expires))
    raise StoreError(group.code, "no free join code", kind="failed")  # pragma: no cover


def resolve_join(conn: Connection, text: str, now: dt.datetime | None = None) -> JoinCode | None:
    """The live code that ``text`` names (case, spaces and dashes ignored), else None.

    Unknown, malformed, expired, revoked and out-of-trajectory codes all give None: the answer
    never tells whether a group or a meeting exists.
    """
    if not codes.is_code(text):
        return None
    code = codes.normalise_code(text)
    jc, se, tr, g = s.join_codes, s.sessions, s.trajectories, s.groups
    row = conn.execute(
        select(jc.c.expires_at, se.c.number, se.c.trajectory_id, tr.c.group_id, g.c.code.label("group"))
        .select_from(jc.join(se, se.c.id == jc.c.session_id).join(tr, tr.c.id == se.c.trajectory_id)
                     .join(g, g.c.id == tr.c.group_id))
        .where(jc.c.code == code, jc.c.revoked_at.is_(None), jc.c.expires_at > (now or plans.now()))).first()
    if row is None or plans.trajectory_id(conn, row.group_id) != row.trajectory_id:
        return None
    return JoinCode(code, row.group, row.number, _utc(row.expires_at))


def revoke_join(conn: Connection, text: str) -> bool:
    """Revoke the code (from now on it opens nothing); False when no unrevoked code matched."""
    if not codes.is_code(text):
        return False
    jc = s.join_codes
    done = conn.execute(update(jc).where(jc.c.code == codes.normalise_code(text), jc.c.revoked_at.is_(None))
                        .values(revoked_at=plans.now()))
    return done.rowcount > 0


# --------------------------------------------------------------------------- post-its
def clean_postit(where: str, text) -> str:
    """The post-it as stored: control characters (but newline and tab) dropped, trimmed;
    :class:`Rejected` when nothing is left or more than :data:`MAX_POSTIT_CHARS` characters."""
    value = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(c for c in value if c in "\n\t" or not (ord(c) < 32 or ord(c) == 127)).strip()
    if not value:
        raise Rejected(where, [Notice("join.postit_empty")])
    if len(value) > MAX_POSTIT_CHARS:
        raise Rejected(where, [Notice("join.postit_too_long", {"max": MAX_POSTIT_CHARS, "length": len(value)})])
    return value


def add_postit(conn: Connection, group_code: str, session_number: int, text) -> int:
    """Store one anonymous post-it for the meeting; returns its id."""
    group = plans.require_group(conn, group_code)
    number = _check_session(group.code, session_number)
    value = clean_postit(group.code, text)
    sid = plans.ensure_session(conn, group.code, number)
    return conn.execute(s.postits.insert().values(session_id=sid, text=value, hidden=False,
                                                  created_at=plans.now())).inserted_primary_key[0]


def postits(conn: Connection, group_code: str, session_number: int, include_hidden: bool = True) -> list[Postit]:
    """The meeting's post-its in the order they came in ([] for an unknown group or meeting)."""
    sid = _session_id(conn, group_code, session_number)
    if sid is None:
        return []
    p = s.postits
    q = select(p).where(p.c.session_id == sid).order_by(p.c.id)
    if not include_hidden:
        q = q.where(p.c.hidden.is_(False))
    return [Postit(r.id, r.text, bool(r.hidden), _utc(r.created_at)) for r in conn.execute(q)]


def set_postit_hidden(conn: Connection, postit_id: int, hidden: bool) -> bool:
    """Hide a card from the wall (or show it again); False when there is no such post-it."""
    done = conn.execute(update(s.postits).where(s.postits.c.id == int(postit_id)).values(hidden=bool(hidden)))
    return done.rowcount > 0


def session_response_count(conn: Connection, group_code: str, session_number: int, kind: str = "session") -> int:
    """How many people stored a response of ``kind`` for the meeting (0 for an unknown one)."""
    sid = _session_id(conn, group_code, session_number)
    if sid is None:
        return 0
    r = s.responses
    return conn.execute(select(func.count(r.c.participant.distinct()))  # people: one response per role
                        .where(r.c.session_id == sid, r.c.kind == kind)).scalar_one()


# --------------------------------------------------------------------------- the Store's methods
class JoinsMixin:
    """Join codes, post-its and the live response count; :class:`..Store` provides ``_read``/``_write``."""

    def create_join(self, group_code: str, session_number: int, ttl_hours: float | None = None) -> JoinCode:
        """The meeting's live join code, or a new one valid ``ttl_hours`` (default
        ``INTERVISIE_JOIN_HOURS``, else 12); a revoked or expired code is never returned."""
        hours = load_settings().join_hours if ttl_hours is None else ttl_hours
        return self._write(lambda c: create_join(c, group_code, session_number, hours))

    def resolve_join(self, code: str) -> JoinCode | None:
        """The live code typed or scanned, or None (unknown, revoked and expired alike)."""
        return self._read(lambda c: resolve_join(c, code))

    def revoke_join(self, code: str) -> bool:
        return self._write(lambda c: revoke_join(c, code))

    def add_postit(self, group_code: str, session_number: int, text: str) -> int:
        """Store an anonymous post-it (1–500 characters after trimming, else :class:`Rejected`)."""
        return self._write(lambda c: add_postit(c, group_code, session_number, text))

    def postits(self, group_code: str, session_number: int, include_hidden: bool = True) -> list[Postit]:
        return self._read(lambda c: postits(c, group_code, session_number, include_hidden))

    def set_postit_hidden(self, postit_id: int, hidden: bool) -> bool:
        return self._write(lambda c: set_postit_hidden(c, postit_id, hidden))

    def session_response_count(self, group_code: str, session_number: int, kind: str = "session") -> int:
        """Stored responses of ``kind`` for meeting ``session_number`` of the current trajectory."""
        return self._read(lambda c: session_response_count(c, group_code, session_number, kind))
