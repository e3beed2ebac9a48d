"""Stored reflections: only ciphertext, salt and KDF are written; reading needs the passphrase.

There is deliberately no function here that returns a reflection's text without a passphrase,
and :func:`counts` returns numbers only.
"""
from __future__ import annotations

from sqlalchemy import Connection, delete, func, select

from ..engines import reflection
from . import plans
from . import schema as s
from .errors import UnknownReflection, WrongKey


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
                               r.c.participant == s.participant_key(group.code, pseudonym))
                        .order_by(r.c.created_at.desc(), r.c.id.desc())).all()
    return [{"id": x.id, "session": x.session_number, "created_at": x.created_at} for x in rows]


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
