"""Versioned schema migrations, run by the kit itself when a :class:`Store` opens a database.

Migration 1 creates the frozen snapshot in :mod:`.schema_v1`; every later migration is a
function of explicit Alembic operations (``op.add_column``, ``op.create_index``,
``op.batch_alter_table`` for what SQLite cannot ALTER …). Alembic's operations run on the
caller's connection through a :class:`MigrationContext`, so there is no ``alembic.ini``,
``env.py`` or script folder to ship: the ordered list below and the ``ik_schema_version``
table do the bookkeeping. Each step runs in the caller's write transaction with its version
row (PostgreSQL and SQLite both have transactional DDL), and concurrent upgraders are
serialised by a lock (PostgreSQL advisory lock; SQLite ``BEGIN IMMEDIATE``).

To change the schema: change :mod:`.schema`, then append a migration that brings a database of
the previous version to the new one with operations (never ``metadata.create_all`` of the
current schema). Never edit a released migration or :mod:`.schema_v1`. ``tests/test_migrations.py``
checks that every path ends at exactly :mod:`.schema`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Connection, inspect, select

from . import schema, schema_v1

_LOCK_ID = 0x1D7E5E  # PostgreSQL advisory lock key for "intervisiekit migrations"

Migration = Callable[[Operations], None]


def _v1_tables(op: Operations) -> None:
    """Version 1: groups, trajectories, sessions, responses, answers, reflections (frozen)."""
    schema_v1.metadata.create_all(op.get_bind())


def _v2_analysis_indexes(op: Operations) -> None:
    """Version 2: indexes for the analysis queries (answers by item, responses by participant)."""
    op.create_index("ix_answers_item", "ik_answers", ["item"])
    op.create_index("ix_responses_participant", "ik_responses", ["participant"])
    op.create_index("ix_reflections_participant", "ik_reflections", ["group_id", "participant"])


def _v3_groups_meetings_attendance(op: Operations) -> None:
    """Version 3: the stored group (name, goal, contract, members), the rest of the plan (variant,
    gespreksleider, tijdbewaker), recorded meetings and attendance."""
    with op.batch_alter_table("ik_groups") as b:
        b.add_column(sa.Column("name", sa.String(120), nullable=False, server_default=""))
        b.add_column(sa.Column("goal", sa.Text, nullable=False, server_default=""))
        b.add_column(sa.Column("contract", sa.Text, nullable=False, server_default="{}"))
        b.add_column(sa.Column("contract_agreed", sa.Date, nullable=True))
    with op.batch_alter_table("ik_sessions") as b:
        b.add_column(sa.Column("variant", sa.String(40), nullable=False, server_default=""))
        b.add_column(sa.Column("gespreksleider", sa.String(120), nullable=False, server_default=""))
        b.add_column(sa.Column("tijdbewaker", sa.String(120), nullable=False, server_default=""))
    op.create_table(
        "ik_members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("group_id", sa.Integer, sa.ForeignKey("ik_groups.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("name_key", sa.String(120), nullable=False),
        sa.Column("initials", sa.String(12), nullable=False, server_default=""),
        sa.Column("level", sa.String(24), nullable=False, server_default="medewerker"),
        sa.Column("years", sa.SmallInteger, nullable=False, server_default="0"),
        sa.Column("manages", sa.String(120), nullable=False, server_default=""),
        sa.Column("begeleider", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("group_id", "name_key", name="uq_member_name"),
    )
    op.create_table(
        "ik_meetings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("ik_sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("method", sa.String(80), nullable=False),
        sa.Column("variant", sa.String(40), nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("ended_at", sa.DateTime, nullable=False),
        sa.Column("inbrenger", sa.String(120), nullable=False),
        sa.Column("gespreksleider", sa.String(120), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("steps", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("session_id", name="uq_meeting_session"),
    )
    op.create_table(
        "ik_attendance",
        sa.Column("meeting_id", sa.Integer, sa.ForeignKey("ik_meetings.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("member_id", sa.Integer, sa.ForeignKey("ik_members.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_attendance_member", "ik_attendance", ["member_id"])


def _v4_join_codes_postits(op: Operations) -> None:
    """Version 4: join codes for the participants' phones and the anonymous post-its (issue 10)."""
    op.create_table(
        "ik_join_codes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("ik_sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime, nullable=True),
        sa.UniqueConstraint("code", name="uq_join_code"),
    )
    op.create_index("ix_join_codes_session", "ik_join_codes", ["session_id"])
    op.create_table(
        "ik_postits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("ik_sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("hidden", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_postits_session", "ik_postits", ["session_id"])


def _v5_reflection_attempts(op: Operations) -> None:
    """Version 5: failed attempts per reflection writer, so guessing is slowed in every kernel."""
    op.create_table(
        "ik_reflection_attempts",
        sa.Column("group_id", sa.Integer, sa.ForeignKey("ik_groups.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("participant", sa.String(24), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime, nullable=True),
    )


def _v6_response_per_role(op: Operations) -> None:
    """Version 6: one response per person, meeting, kind *and role* (issue 11: in a method that
    gives everyone a turn, a person evaluates the inbrenger and the deelnemer role).

    SQLite rebuilds the table, and dropping the old one would cascade to ``ik_answers`` (foreign
    keys are on, and cannot be switched off inside the transaction), so the answers are kept in
    a temporary table meanwhile and put back after."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("CREATE TEMP TABLE ik_answers_v6 AS SELECT * FROM ik_answers")
    with op.batch_alter_table("ik_responses") as b:
        b.drop_constraint("uq_response_person", type_="unique")
        b.create_unique_constraint("uq_response_person", ["session_id", "participant", "kind", "role"])
    if sqlite:
        op.execute("DELETE FROM ik_answers")
        op.execute("INSERT INTO ik_answers (response_id, item, score, text) "
                   "SELECT response_id, item, score, text FROM ik_answers_v6")
        op.execute("DROP TABLE ik_answers_v6")


def _v7_group_owners(op: Operations) -> None:
    """Version 7: the hub user who owns each group (NULL: made outside a hub) and the co-trainers
    it is shared with (issue 14)."""
    with op.batch_alter_table("ik_groups") as b:
        b.add_column(sa.Column("owner", sa.String(255), nullable=True))
    op.create_index("ix_groups_owner", "ik_groups", ["owner"])
    op.create_table(
        "ik_group_shares",
        sa.Column("group_id", sa.Integer, sa.ForeignKey("ik_groups.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user", sa.String(255), primary_key=True),
        sa.Column("shared_by", sa.String(255), nullable=False, server_default=""),
        sa.Column("shared_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_group_shares_user", "ik_group_shares", ["user"])


#: (version, function) in order; a database at version v gets every migration after v.
MIGRATIONS: tuple[tuple[int, Migration], ...] = (
    (1, _v1_tables),
    (2, _v2_analysis_indexes),
    (3, _v3_groups_meetings_attendance),
    (4, _v4_join_codes_postits),
    (5, _v5_reflection_attempts),
    (6, _v6_response_per_role),
    (7, _v7_group_owners),
)
LATEST = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table(schema.schema_version.name):
        return 0
    return conn.execute(select(schema.schema_version.c.version)
                        .order_by(schema.schema_version.c.version.desc()).limit(1)).scalar() or 0


def upgrade(conn: Connection, target: int | None = None,
            steps: Sequence[tuple[int, Migration]] = MIGRATIONS) -> list[int]:
    """Apply the missing migrations up to ``target`` (the last of ``steps``) in the caller's transaction.

    Returns the versions applied. Raises ``ValueError`` (with the version) when the database is
    newer than ``steps`` know. ``steps`` is for tests that try a migration list of their own.
    """
    latest = steps[-1][0]
    target = latest if target is None else target
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_ID})")
    version = current_version(conn)
    if version > latest:
        raise ValueError(version)
    op = Operations(MigrationContext.configure(connection=conn))
    applied = []
    for number, step in steps:
        if version < number <= target:
            step(op)
            conn.execute(schema.schema_version.insert().values(
                version=number, applied_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)))
            applied.append(number)
    return applied
