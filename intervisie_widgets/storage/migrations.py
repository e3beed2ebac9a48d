"""Versioned schema migrations, run by the kit itself when a :class:`Store` opens a database.

Why not Alembic: the kit must upgrade a database on its own, from many kernels at once, with
no ``alembic.ini``/``env.py``/script folder to ship and locate inside an installed package. The
schema is small, so an ordered list of plain functions with a ``ik_schema_version`` table does
the same job in one file, runs each step in one transaction with its version row (PostgreSQL
and SQLite both have transactional DDL), and serialises concurrent upgraders with a lock
(PostgreSQL advisory lock; SQLite ``BEGIN IMMEDIATE``).

To change the schema: change :mod:`.schema`, then append a migration that brings a database
of the previous version to the new one. Never edit a migration that has been released.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from sqlalchemy import Connection, inspect, select

from . import schema

_LOCK_ID = 0x1D7E5E  # PostgreSQL advisory lock key for "intervisiekit migrations"


def _v1_tables(conn: Connection) -> None:
    """Version 1: groups, trajectories, sessions, responses, answers, reflections."""
    schema.metadata.create_all(conn, tables=list(schema.V1_TABLES))


def _v2_analysis_indexes(conn: Connection) -> None:
    """Version 2: indexes for the analysis queries (answers by item, responses by participant)."""
    # Plain DDL: an Index object would attach itself to the shared MetaData and then be
    # created a second time by migration 1 on the next database opened in the same process.
    conn.exec_driver_sql("CREATE INDEX ix_answers_item ON ik_answers (item)")
    conn.exec_driver_sql("CREATE INDEX ix_responses_participant ON ik_responses (participant)")
    conn.exec_driver_sql("CREATE INDEX ix_reflections_participant ON ik_reflections (group_id, participant)")


#: (version, function) in order; a database at version v gets every migration after v.
MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = (
    (1, _v1_tables),
    (2, _v2_analysis_indexes),
)
LATEST = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table(schema.schema_version.name):
        return 0
    return conn.execute(select(schema.schema_version.c.version)
                        .order_by(schema.schema_version.c.version.desc()).limit(1)).scalar() or 0


def upgrade(conn: Connection, target: int = LATEST) -> list[int]:
    """Apply the missing migrations up to ``target`` inside the caller's write transaction.

    Returns the versions applied. Raises ``ValueError`` (with the version) when the database is
    newer than this kit.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_ID})")
    version = current_version(conn)
    if version > LATEST:
        raise ValueError(version)
    applied = []
    for number, step in MIGRATIONS:
        if version < number <= target:
            step(conn)
            conn.execute(schema.schema_version.insert().values(
                version=number, applied_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)))
            applied.append(number)
    return applied
