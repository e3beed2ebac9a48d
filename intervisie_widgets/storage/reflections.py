"""Stored reflections: only ciphertext, salt and KDF are written; reading needs the passphrase.

There is deliberately no function here that returns a reflection's text without a passphrase,
and :func:`counts` returns numbers only.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, delete, func, select, update

from ..engines import reflection
from . import plans
from . import schema as s
from .errors import TooManyAttempts, UnknownReflection, WrongKey


def save(conn: Connection, group_code: str, pseudonym: str, sealed: reflection.Sealed,
         session_number: int | None) -> int:
    group = plans.ensure_group(conn, group_code)
    return conn.execute(s.reflections.insert().values(
        group_id=group.id, participant=s.participant_key(group.code, pseudonym),
        session_number=session_number, created_at=plans.now(),
        kdf=sealed.kdf, salt=sealed.salt, token=sealed.token)).inserted_primary_key[0]


def listing(conn: Connection, group_code: str, pseudonym: str) -> list[dict]:
    """Id, session and date of the reflections of one writer: never their content."""
    group = plans.find_group(conn, group_code)
    if group is None:
        return []
    r = s.reflections
    rows = conn.execute(select(r.c.id, r.c.session_number, r.c.created_at)
                        .where(r.c.group_id == group.id,
                               r.c.participant.in_(s.participant_keys(group.code, pseudonym)))
                        .order_by(r.c.created_at.desc(), r.c.id.desc())).all()
    return [{"id": x.id, "session": x.session_number, "created_at": x.created_at} for x in rows]


#: Failed attempts before a writer's reflections stay shut, and for how long (doubling each time).
MAX_FAILURES, LOCK_MINUTES = 5, 15


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _attempt_key(conn: Connection, group_code: str, pseudonym: str):
    group = plans.find_group(conn, group_code)
    return None if group is None else (group.id, s.participant_key(group.code, pseudonym))


def check_not_locked(conn: Connection, group_code: str, pseudonym: str) -> None:
    """:class:`TooManyAttempts` while the writer's reflections are shut after failed attempts."""
    key = _attempt_key(conn, group_code, pseudonym)
    if key is None:
        return
    a = s.reflection_attempts
    until = conn.execute(select(a.c.locked_until).where(a.c.group_id == key[0], a.c.participant == key[1])).scalar()
    if until is not None and until > utcnow():
        minutes = max(1, int((until - utcnow()).total_seconds() // 60) + 1)
        raise TooManyAttempts(group_code, minutes)


def record_attempt(conn: Connection, group_code: str, pseudonym: str, success: bool) -> None:
    """Count a failed attempt (shutting the writer's reflections after :data:`MAX_FAILURES`), or
    clear the count after a successful one."""
    key = _attempt_key(conn, group_code, pseudonym)
    if key is None:
        return
    a = s.reflection_attempts
    where = (a.c.group_id == key[0]) & (a.c.participant == key[1])
    failures = conn.execute(select(a.c.failures).where(where)).scalar()
    if success:
        conn.execute(delete(a).where(where))
        return
    failures = (failures or 0) + 1
    locked = None
    if failures >= MAX_FAILURES:
        rounds = failures // MAX_FAILURES
        locked = utcnow() + dt.timedelta(minutes=LOCK_MINUTES * 2 ** min(rounds - 1, 6))
    if conn.execute(update(a).where(where).values(failures=failures, locked_until=locked)).rowcount == 0:
        conn.execute(a.insert().values(group_id=key[0], participant=key[1], failures=failures, locked_until=locked))


#: Distinct salts tried when a writer opens their reflections (rows from before salts were shared
#: per writer each have their own): the cost of one attempt stays bounded.
MAX_KEYS_PER_ATTEMPT = 3


def writer_salt(conn: Connection, group_code: str, pseudonym: str) -> bytes | None:
    """The salt of the writer's newest reflection sealed with today's KDF (their next one reuses it)."""
    group = plans.find_group(conn, group_code)
    if group is None:
        return None
    r = s.reflections
    return conn.execute(select(r.c.salt).where(r.c.group_id == group.id, r.c.kdf == reflection.CURRENT_KDF,
                                               r.c.participant == s.participant_key(group.code, pseudonym))
                        .order_by(r.c.created_at.desc(), r.c.id.desc()).limit(1)).scalar()


def sealed_rows(conn: Connection, group_code: str, pseudonym: str, limit: int) -> list:
    """The writer's newest ``limit`` reflections as stored (ciphertext only), newest first."""
    group = plans.find_group(conn, group_code)
    if group is None:
        return []
    r = s.reflections
    return conn.execute(select(r.c.id, r.c.session_number, r.c.created_at, r.c.kdf, r.c.salt, r.c.token)
                                        .where(r.c.group_id == group.id,
                               r.c.participant.in_(s.participant_keys(group.code, pseudonym)))
                        .order_by(r.c.created_at.desc(), r.c.id.desc()).limit(limit)).all()


def open_rows(rows: list, passphrase: str) -> list[dict]:
    """The rows that ``passphrase`` opens, with their text: one key derivation per distinct salt,
    at most :data:`MAX_KEYS_PER_ATTEMPT` (no database connection is held meanwhile)."""
    keys: dict[tuple[str, bytes], bytes | None] = {}
    opened = []
    for row in rows:
        salt_id = (row.kdf, bytes(row.salt))
        if salt_id not in keys:
            if len(keys) >= MAX_KEYS_PER_ATTEMPT:
                continue
            try:
                keys[salt_id] = reflection.key_for(passphrase, row.kdf, row.salt)
            except reflection.DecryptionFailed:
                keys[salt_id] = None
        if keys[salt_id] is None:
            continue
        try:
            text = reflection.open_token(row.token, keys[salt_id])
        except reflection.DecryptionFailed:
            continue
        opened.append({"id": row.id, "session": row.session_number, "created_at": row.created_at, "text": text})
    return opened


def read(conn: Connection, reflection_id: int, passphrase: str) -> str:
    """The text of reflection ``reflection_id``; :class:`WrongKey` unless the passphrase opens it."""
    r = s.reflections
    row = conn.execute(select(r.c.kdf, r.c.salt, r.c.token).where(r.c.id == reflection_id)).first()
    if row is None:
        raise UnknownReflection(str(reflection_id), reflection_id)
    try:
        return reflection.unseal(reflection.Sealed(row.kdf, bytes(row.salt), row.token), passphrase)
    except reflection.DecryptionFailed:
        raise WrongKey(str(reflection_id)) from None


def remove(conn: Connection, reflection_id: int, passphrase: str) -> None:
    """Delete a reflection; only with the passphrase that opens it."""
    read(conn, reflection_id, passphrase)
    conn.execute(delete(s.reflections).where(s.reflections.c.id == reflection_id))


def counts(conn: Connection, group_code: str | None = None) -> list[dict]:
    """Per group: number of reflections and of distinct writers (what others may see)."""
    g, r = s.groups, s.reflections
    q = (select(g.c.code, func.count(r.c.id), func.count(func.distinct(r.c.participant)))
         .select_from(g.outerjoin(r, r.c.group_id == g.c.id)).group_by(g.c.code).order_by(g.c.code))
    if group_code is not None:
        q = q.where(func.lower(g.c.code) == s.normalise_group_code(group_code).lower())
    return [{"group": code, "reflections": n, "writers": w} for code, n, w in conn.execute(q).all()]
