"""Schema version 1 as released, frozen: the tables that migration 1 creates.

A copy, never an import, of :mod:`.schema` as it was when version 1 shipped. :mod:`.schema` is
the schema of *today*; creating version 1 from it would give a new database the columns and
indexes that later migrations add, and those migrations would then fail on it (a duplicate
column or index). So this module is never edited: a change to the schema is a new migration
in :mod:`.migrations`, and :mod:`.schema` shows the result.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

Table(
    "ik_schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", DateTime, nullable=False),
)

Table(
    "ik_groups", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("size", Integer, nullable=True),
    Column("created_at", DateTime, nullable=False),
)

Table(
    "ik_trajectories", metadata,
    Column("id", Integer, primary_key=True),
    Column("group_id", Integer, ForeignKey("ik_groups.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("group_id", "number", name="uq_trajectory_number"),
)

Table(
    "ik_sessions", metadata,
    Column("id", Integer, primary_key=True),
    Column("trajectory_id", Integer, ForeignKey("ik_trajectories.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("date", Date, nullable=True),
    Column("method", String(80), nullable=False, default=""),
    Column("inbrenger", String(120), nullable=False, default=""),
    Column("with_begeleider", Boolean, nullable=True),
    Column("assumed", Boolean, nullable=False, default=False),
    Column("planned", Boolean, nullable=False, default=False),
    UniqueConstraint("trajectory_id", "number", name="uq_session_number"),
)

Table(
    "ik_responses", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("ik_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("participant", String(24), nullable=False),
    Column("role", String(24), nullable=False),
    Column("form", String(40), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("submitted_at", DateTime, nullable=False),
    UniqueConstraint("session_id", "participant", "kind", name="uq_response_person"),
)

Table(
    "ik_answers", metadata,
    Column("response_id", Integer, ForeignKey("ik_responses.id", ondelete="CASCADE"), primary_key=True),
    Column("item", String(60), primary_key=True),
    Column("score", SmallInteger, nullable=True),
    Column("text", Text, nullable=True),
)

Table(
    "ik_reflections", metadata,
    Column("id", Integer, primary_key=True),
    Column("group_id", Integer, ForeignKey("ik_groups.id", ondelete="CASCADE"), nullable=False),
    Column("participant", String(24), nullable=False),
    Column("session_number", Integer, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("kdf", String(60), nullable=False),
    Column("salt", LargeBinary(32), nullable=False),
    Column("token", Text, nullable=False),
)
