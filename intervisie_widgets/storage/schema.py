"""The tables of the evaluation store (SQLAlchemy Core).

Only pseudonymous data is stored: a participant is a key derived from the group code and a
self-chosen pseudonym (:func:`participant_key`); the pseudonym itself is never written.
A reflection is stored only as ciphertext; its key is derived from a passphrase that is
never stored (see :mod:`intervisie_widgets.reflection`).

This is the schema of today: every migration path must end at exactly these tables, columns,
constraints and indexes (``tests/test_migrations.py``). Changing a table here needs a new
migration in :mod:`.migrations`; the released version 1 is kept apart in :mod:`.schema_v1`.
"""
from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from ..settings import pseudonym_secret

metadata = MetaData()

schema_version = Table(
    "ik_schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", DateTime, nullable=False),
)

groups = Table(
    "ik_groups", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("size", Integer, nullable=True),  # expected participants, for the response rate
    Column("created_at", DateTime, nullable=False),
    # migration 3: the group as the trainer set it up (personal data: the trainer's pages only)
    Column("name", String(120), nullable=False, server_default=""),
    Column("goal", Text, nullable=False, server_default=""),
    Column("contract", Text, nullable=False, server_default="{}"),  # JSON: the six parts
    Column("contract_agreed", Date, nullable=True),
    # migration 7: the hub user who made the group (exactly as the hub names them); NULL outside a hub
    Column("owner", String(255), nullable=True),
    Index("ix_groups_owner", "owner"),
)

#: Migration 7: co-trainers a group's owner shared it with (hub user names, compared exactly).
group_shares = Table(
    "ik_group_shares", metadata,
    Column("group_id", Integer, ForeignKey("ik_groups.id", ondelete="CASCADE"), primary_key=True),
    Column("user", String(255), primary_key=True),
    Column("shared_by", String(255), nullable=False, server_default=""),
    Column("shared_at", DateTime, nullable=False),
    Index("ix_group_shares_user", "user"),
)

#: Migration 3. Member names never appear in responses: an evaluation cannot be linked to a member.
members = Table(
    "ik_members", metadata,
    Column("id", Integer, primary_key=True),
    Column("group_id", Integer, ForeignKey("ik_groups.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", String(120), nullable=False),
    Column("name_key", String(120), nullable=False),  # casefolded, spaces collapsed: one per group
    Column("initials", String(12), nullable=False, server_default=""),
    Column("level", String(24), nullable=False, server_default="medewerker"),
    Column("years", SmallInteger, nullable=False, server_default="0"),
    Column("manages", String(120), nullable=False, server_default=""),
    Column("begeleider", Boolean, nullable=False, server_default=false()),
    UniqueConstraint("group_id", "name_key", name="uq_member_name"),
)

trajectories = Table(
    "ik_trajectories", metadata,
    Column("id", Integer, primary_key=True),
    Column("group_id", Integer, ForeignKey("ik_groups.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),  # 1 for a group's first trajectory
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("group_id", "number", name="uq_trajectory_number"),
)

sessions = Table(
    "ik_sessions", metadata,
    Column("id", Integer, primary_key=True),
    Column("trajectory_id", Integer, ForeignKey("ik_trajectories.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("date", Date, nullable=True),
    Column("method", String(80), nullable=False, default=""),
    Column("inbrenger", String(120), nullable=False, default=""),
    Column("with_begeleider", Boolean, nullable=True),
    Column("assumed", Boolean, nullable=False, default=False),
    Column("planned", Boolean, nullable=False, default=False),  # part of the saved plan
    # migration 3: the rest of the plan
    Column("variant", String(40), nullable=False, server_default=""),
    Column("gespreksleider", String(120), nullable=False, server_default=""),
    Column("tijdbewaker", String(120), nullable=False, server_default=""),
    UniqueConstraint("trajectory_id", "number", name="uq_session_number"),
)

#: Migration 3: a meeting that took place (one record per planned or unplanned session).
meetings = Table(
    "ik_meetings", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("ik_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("method", String(80), nullable=False),
    Column("variant", String(40), nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("ended_at", DateTime, nullable=False),
    Column("inbrenger", String(120), nullable=False),
    Column("gespreksleider", String(120), nullable=False),
    Column("title", String(200), nullable=False),  # leervraag or casus title, with consent only
    Column("note", Text, nullable=False),
    Column("steps", Text, nullable=False),  # JSON: step id, round, planned minutes, actual seconds
    Column("recorded_at", DateTime, nullable=False),
    UniqueConstraint("session_id", name="uq_meeting_session"),
)

#: Migration 3: who was present at a recorded meeting.
attendance = Table(
    "ik_attendance", metadata,
    Column("meeting_id", Integer, ForeignKey("ik_meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", Integer, ForeignKey("ik_members.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_attendance_member", "member_id"),
)

responses = Table(
    "ik_responses", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("ik_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("participant", String(24), nullable=False),
    Column("role", String(24), nullable=False),
    Column("form", String(40), nullable=False),
    Column("kind", String(16), nullable=False),  # session | trajectory: one of each per person and role
    Column("submitted_at", DateTime, nullable=False),
    # migration 6: one response per role (in vier-fasen a person is inbrenger and deelnemer)
    UniqueConstraint("session_id", "participant", "kind", "role", name="uq_response_person"),
    Index("ix_responses_participant", "participant"),  # migration 2
)

answers = Table(
    "ik_answers", metadata,
    Column("response_id", Integer, ForeignKey("ik_responses.id", ondelete="CASCADE"), primary_key=True),
    Column("item", String(60), primary_key=True),
    Column("score", SmallInteger, nullable=True),
    Column("text", Text, nullable=True),
    Index("ix_answers_item", "item"),  # migration 2
)

reflections = Table(
    "ik_reflections", metadata,
    Column("id", Integer, primary_key=True),
    Column("group_id", Integer, ForeignKey("ik_groups.id", ondelete="CASCADE"), nullable=False),
    Column("participant", String(24), nullable=False),
    Column("session_number", Integer, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("kdf", String(60), nullable=False),
    Column("salt", LargeBinary(32), nullable=False),
    Column("token", Text, nullable=False),  # Fernet ciphertext; nothing else of the text is stored
    Index("ix_reflections_participant", "group_id", "participant"),  # migration 2
)

#: Migration 4: join codes, each bound to one meeting (a session of a trajectory). The code is
#: stored in canonical form (8 characters, see :mod:`..engines.join`); :mod:`.joins` says why
#: in clear and how expiry and revocation are enforced.
join_codes = Table(
    "ik_join_codes", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False),
    Column("session_id", Integer, ForeignKey("ik_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("revoked_at", DateTime, nullable=True),
    UniqueConstraint("code", name="uq_join_code"),
    Index("ix_join_codes_session", "session_id"),
)

#: Migration 4: the anonymous post-its of a meeting (no participant key: nobody can be traced).
postits = Table(
    "ik_postits", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("ik_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("hidden", Boolean, nullable=False, server_default=false()),
    Column("created_at", DateTime, nullable=False),
    Index("ix_postits_session", "session_id"),
)

#: Migration 5: failed attempts to open a writer's reflections (throttling across kernels).
reflection_attempts = Table(
    "ik_reflection_attempts", metadata,
    Column("group_id", Integer, ForeignKey("ik_groups.id", ondelete="CASCADE"), primary_key=True),
    Column("participant", String(24), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("locked_until", DateTime, nullable=True),
)


def normalise_group_code(code: str) -> str:
    """A group code as stored: spaces trimmed and collapsed (matching ignores case)."""
    return " ".join(str(code).split())


def member_key(name: str) -> str:
    """A member name as compared within a group: spaces collapsed, case ignored."""
    return " ".join(str(name).split()).casefold()


def normalise_pseudonym(pseudonym: str) -> str:
    return " ".join(str(pseudonym).split()).casefold()


def participant_key(group_code: str, pseudonym: str) -> str:
    """A stable pseudonymous key for a person in a group: ``p-`` and 12 hex digits.

    An HMAC-SHA256 of group and pseudonym (case and spacing ignored) with the installation's
    secret (:func:`~intervisie_widgets.settings.pseudonym_secret`, never in the database): the
    same pseudonym in the same group always gives the same key, so a second submission replaces
    the first, but someone with an export who guesses pseudonyms (often first names) cannot
    recompute the keys. A key that is passed in again is returned unchanged (imports keep keys).
    """
    value = str(pseudonym).strip()
    if is_participant_key(value):
        return value
    mac = hmac.new(pseudonym_secret(), _key_input(group_code, value), hashlib.sha256)
    return "p-" + mac.hexdigest()[:12]


def response_key(group_code: str, session_number: int, pseudonym: str) -> str:
    """The key of one person's evaluations of one meeting: ``p-`` and 12 hex digits, an HMAC of
    group, meeting number and pseudonym with the installation's secret.

    Keys differ between meetings. The plan names each meeting's inbrenger and the group's
    begeleider, so an evaluation given in that role can be tied to a name (the room knows who
    brought the case anyway); with a key per meeting that tie never reaches the person's
    evaluations of other meetings. Within one meeting the same pseudonym gives the same key, so
    a second submission replaces the first. A key passed in again is returned unchanged.
    """
    value = str(pseudonym).strip()
    if is_participant_key(value):
        return value
    data = _key_input(group_code, value) + b"\x00meeting\x00" + str(int(session_number)).encode("ascii")
    return "p-" + hmac.new(pseudonym_secret(), data, hashlib.sha256).hexdigest()[:12]


def legacy_participant_key(group_code: str, pseudonym: str) -> str:
    """The unkeyed key of kit versions before keyed pseudonyms (only to find what they stored)."""
    return "p-" + hashlib.sha256(_key_input(group_code, str(pseudonym).strip())).hexdigest()[:12]


def participant_keys(group_code: str, pseudonym: str) -> tuple[str, ...]:
    """Every key under which this person's data may be stored: the keyed one, then the legacy one."""
    key = participant_key(group_code, pseudonym)
    return (key,) if is_participant_key(str(pseudonym).strip()) else (key, legacy_participant_key(group_code, pseudonym))


def _key_input(group_code: str, pseudonym: str) -> bytes:
    return f"{normalise_group_code(group_code).casefold()}\x00{normalise_pseudonym(pseudonym)}".encode("utf-8")


def is_participant_key(value: str) -> bool:
    return (len(value) == 14 and value.startswith("p-")
            and all(c in "0123456789abcdef" for c in value[2:]))
