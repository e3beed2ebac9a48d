"""The evaluation store: a SQLite file by default, PostgreSQL by URL (SQLAlchemy 2).

``Store()`` opens ``settings.database_url`` (``INTERVISIE_DB_URL`` or the SQLite file in the data
directory), upgrades its schema (see :mod:`.migrations`) and offers the few operations the app,
the dashboard and the CLI need. Every failure reaches the caller as a :class:`StoreError` whose
``message(lang)`` names the cause in Dutch or English; nothing is half-written.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from sqlalchemy import Connection, select

from ..engines import reflection
from ..settings import load_settings
from . import aggregates, frames, groups, meetings, migrations, plans, reflections, responses
from .engine import DEFAULT_BUSY_TIMEOUT_MS, DEFAULT_RETRIES, describe, make_engine, run_read, run_write
from .errors import (
    AlreadySubmitted,
    InvalidAnswer,
    InvalidPlan,
    Rejected,
    StoreError,
    StoreUnavailable,
    TooManyAttempts,
    UnknownGroup,
    UnknownReflection,
    WrongKey,
)
from .frames import ANSWER_COLUMNS
from .joins import JoinsMixin
from .ownership import InvalidUser, NotYours, OwnershipMixin
from .rights import RightsMixin
from .plans import default_with_begeleider
from .responses import Submission, make_submission, submission_key
from .schema import participant_key, response_key

if TYPE_CHECKING:
    from ..model.group import Group
    from ..model.meeting import MeetingRecord

__all__ = [
    "Store", "StoreError", "StoreUnavailable", "InvalidPlan", "InvalidAnswer", "AlreadySubmitted",
    "UnknownGroup", "Rejected", "NotYours", "InvalidUser", "WrongKey", "TooManyAttempts", "UnknownReflection", "Submission", "SubmitResult", "participant_key", "response_key",
    "default_with_begeleider", "ANSWER_COLUMNS", "make_submission", "submission_key", "count_rows",
]


@dataclass(frozen=True)
class SubmitResult:
    response_id: int
    replaced: bool
    response_ids: tuple[int, ...] = ()  # one per role (submit_roles)


class Store(JoinsMixin, RightsMixin, OwnershipMixin):
    """Groups, trajectories, session plans, responses, private reflections, join codes and post-its."""

    def __init__(self, url: str | None = None, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
                 retries: int = DEFAULT_RETRIES, upgrade: bool = True):
        self.url = url or load_settings().database_url
        self.where = describe(self.url)
        self.retries = retries
        self.engine = make_engine(self.url, busy_timeout_ms)
        if upgrade:
            self.upgrade()

    def __repr__(self) -> str:
        return f"Store({self.where!r})"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ plumbing
    def _read(self, work):
        return run_read(self.engine, self.url, work)

    def _write(self, work):
        return run_write(self.engine, self.url, work, self.retries)

    def schema_version(self) -> int:
        return self._read(migrations.current_version)

    def upgrade(self, target: int = migrations.LATEST) -> list[int]:
        """Bring the schema up to ``target``; a no-op (one query) when it is current."""
        version = self.schema_version()
        if version > migrations.LATEST:
            raise StoreError(self.where, version, kind="too_new")
        if version >= target:
            return []

        def work(conn: Connection):
            try:
                return migrations.upgrade(conn, target)
            except ValueError as exc:
                raise StoreError(self.where, exc.args[0], kind="too_new") from None
        return self._write(work)

    # ------------------------------------------------------------------ groups and plans
    def save_plan(self, group_code: str, sessions: list[dict]) -> None:
        """Replace the session plan of the group (created if new); :class:`InvalidPlan` if wrong.

        Each dict: ``{"number": int, "date": "YYYY-MM-DD" | None, "method": str,
        "inbrenger": str, "with_begeleider": bool, "assumed": bool}``.
        """
        self._write_own(group_code, lambda c: plans.save_plan(c, group_code, sessions))

    def load_plan(self, group_code: str) -> list[dict]:
        """The saved plan as dicts (same keys as :meth:`save_plan`), by session number; [] if none."""
        return self._read(lambda c: plans.load_plan(c, group_code))

    def groups(self) -> list[str]:
        return self._read(plans.group_codes)

    def ensure_group(self, group_code: str, size: int | None = None) -> str:
        """Create the group if it is new; returns its stored code."""
        return self._write(lambda c: plans.ensure_group(c, group_code, size).code)

    def set_group_size(self, group_code: str, size: int | None) -> None:
        """The number of participants expected (the base of the response rate)."""
        self._write_own(group_code, lambda c: plans.set_group_size(c, group_code, size))

    def group_size(self, group_code: str) -> int | None:
        return self._read(lambda c: plans.require_group(c, group_code).size)

    # ------------------------------------------------------------------ stored groups, meetings
    def save_group(self, group: "Group") -> str:
        """Create or update a group with its members and contract; :class:`Rejected` says why not."""
        return self._write_own(group.code, lambda c: groups.save_group(c, group))

    def load_group(self, group_code: str) -> "Group | None":
        return self._read(lambda c: groups.load_group(c, group_code))

    def delete_group(self, group_code: str) -> None:
        """Forget the group's members, attendance, meetings and contract; its evaluations stay."""
        self._write_own(group_code, lambda c: groups.delete_group(c, group_code))

    def group_summaries(self) -> list[dict]:
        """code, name and the numbers of members, trajectories and meetings held, per group."""
        return self._read(groups.group_summaries)

    def start_trajectory(self, group_code: str) -> int:
        return self._write_own(group_code, lambda c: groups.start_trajectory(c, group_code))

    def trajectory_numbers(self, group_code: str) -> list[int]:
        return self._read(lambda c: groups.trajectory_numbers(c, group_code))

    def record_meeting(self, group_code: str, record: "MeetingRecord") -> None:
        """Store a meeting that took place and who was present; :class:`Rejected` says why not."""
        self._write_own(group_code, lambda c: meetings.record_meeting(c, group_code, record))

    def meetings(self, group_code: str) -> tuple["MeetingRecord", ...]:
        """The recorded meetings of the group's current trajectory, by number."""
        return self._read(lambda c: meetings.load_meetings(c, group_code))

    # ------------------------------------------------------------------ responses
    def has_response(self, group_code: str, session_number: int, pseudonym: str, form_id: str | None = None) -> bool:
        """Whether this person already submitted this (kind of) form for this session."""
        sub = make_submission(group_code, session_number, _first_role(form_id), pseudonym, {}, form_id,
                              allow_empty=True)
        return self._read(lambda c: responses.existing_response(c, sub)) is not None

    def submit(self, group_code: str, session_number: int, role: str, pseudonym: str,
               answers: Mapping[str, Any], form_id: str | None = None, replace: bool = False) -> SubmitResult:
        """Store one evaluation. Only the participant key is stored, never the pseudonym.

        :class:`AlreadySubmitted` when the person already evaluated this session and ``replace``
        is false; with ``replace`` the earlier response is replaced in the same transaction.
        """
        sub = make_submission(group_code, session_number, role, pseudonym, answers, form_id)
        rid, replaced = self._write_own(group_code, lambda c: responses.store_submission(c, sub, replace))
        return SubmitResult(rid, replaced)

    def submit_roles(self, group_code: str, session_number: int, pseudonym: str,
                     answers_by_role: Mapping[str, Mapping[str, Any]], form_id: str | None = None,
                     replace: bool = False) -> SubmitResult:
        """Store one person's evaluation of a meeting in one or more roles: one response per role
        (role → its answers; a role may have none when another holds every answer).

        Replacing removes every earlier response of the person to this kind of form for the
        meeting, whatever its role. Which roles may go together is the page's check (the form's
        :meth:`~intervisie_widgets.model.form.EvaluationForm.allows_roles` with the meeting's method).
        """
        subs = [make_submission(group_code, session_number, role, pseudonym, answers, form_id, allow_empty=True)
                for role, answers in answers_by_role.items()]
        if subs and not any(sub.answers for sub in subs):
            make_submission(group_code, session_number, subs[0].role, pseudonym, {}, form_id)  # "nothing answered"
        ids, replaced = self._write_own(group_code, lambda c: responses.store_submissions(c, subs, replace))
        return SubmitResult(ids[0], replaced, ids)

    def meeting_method(self, group_code: str, session_number: int) -> str:
        """The method id a meeting was held (else planned) with; "" when unknown."""
        return self._read(lambda c: responses.meeting_method(c, group_code, session_number))

    def add_submissions(self, subs: list[Submission], progress=None) -> int:
        """Store many new submissions all-or-nothing (import, demo data)."""
        return self._write(lambda c: responses.store_many(c, subs, progress))

    def existing_keys(self, group_codes) -> set:
        return self._read(lambda c: responses.existing_keys(c, group_codes))

    def responses(self, group_code: str | None = None, numeric_only: bool = False, trajectory: int | None = None):
        """Every answer as a long DataFrame (columns :data:`ANSWER_COLUMNS`), pseudonymised; with
        ``group_code`` that group's only (read in SQL), of its current trajectory or number ``trajectory``."""
        return self._read(lambda c: frames.load_answers(c, group_code, numeric_only, trajectory))

    def session_facts(self, group_code: str | None = None, trajectory: int | None = None, groups=None):
        """Per session: met/zonder begeleider, assumed, recorded, present, participants, responses
        (counts only); ``groups``: of these group codes only."""
        return self._read(lambda c: frames.session_facts(c, group_code, trajectory, groups))

    def answer_sums(self, by, **filters):
        """Numeric answers summed in SQL over every group's current trajectory (see :mod:`.aggregates`)."""
        return self._read(lambda c: aggregates.answer_sums(c, by, **filters))

    def response_counts(self, group_code: str | None = None):
        """Responses per group, session, kind and role (a DataFrame of counts)."""
        cols = ("group", "group_size", "session", "session_date", "kind", "role", "responses")
        return self._frame(responses.count_query(group_code), cols)

    def _frame(self, query, columns):
        import pandas as pd

        def work(conn: Connection):
            result = conn.execute(query)
            return pd.DataFrame(result.fetchall(), columns=list(columns))
        return self._read(work)

    # ------------------------------------------------------------------ reflections
    def save_reflection(self, group_code: str, pseudonym: str, passphrase: str, text: str,
                        session_number: int | None = None) -> int:
        """Encrypt ``text`` with the writer's passphrase and store only the ciphertext."""
        reflection.check_passphrase(passphrase, avoid=(pseudonym, group_code))
        reflection.check_text(text)
        salt = self._read(lambda c: reflections.writer_salt(c, group_code, pseudonym))  # one key per writer
        sealed = reflection.seal(text, passphrase, salt=salt)  # the derivation holds no connection
        return self._write(lambda c: reflections.save(c, group_code, pseudonym, sealed, session_number))

    def list_reflections(self, group_code: str, pseudonym: str) -> list[dict]:
        """Id, session and date of one writer's reflections (no content)."""
        return self._read(lambda c: reflections.listing(c, group_code, pseudonym))

    def open_reflections(self, group_code: str, pseudonym: str, passphrase: str, limit: int = 50) -> list[dict]:
        """The writer's reflections that ``passphrase`` opens, newest first, with their text.

        Reflections the passphrase does not open are left out silently, so nobody learns from
        this call whether someone else wrote anything under that pseudonym. One attempt costs
        one key derivation; after repeated failures :class:`TooManyAttempts` shuts them a while.
        """
        rows = self._read(lambda c: (reflections.check_not_locked(c, group_code, pseudonym),
                                     reflections.sealed_rows(c, group_code, pseudonym, limit))[1])
        opened = reflections.open_rows(rows, passphrase)
        # counted whether or not the writer has reflections, so a lock reveals nothing about them
        self._write(lambda c: reflections.record_attempt(c, group_code, pseudonym, bool(opened)))
        return opened

    def read_reflection(self, reflection_id: int, passphrase: str) -> str:
        """The text, only with the passphrase that sealed it (:class:`WrongKey` otherwise)."""
        return self._read(lambda c: reflections.read(c, reflection_id, passphrase))

    def delete_reflection(self, reflection_id: int, passphrase: str) -> None:
        self._write(lambda c: reflections.remove(c, reflection_id, passphrase))

    def reflection_counts(self, group_code: str | None = None) -> list[dict]:
        """Per group: how many reflections and writers. The only view others get."""
        return self._read(lambda c: reflections.counts(c, group_code))


def _first_role(form_id: str | None) -> str:
    from ..catalog import forms

    cat = forms.catalog()
    form = cat.get(form_id) if form_id else cat.of_kind("session")
    return form.role_ids[0]


def count_rows(store: Store, table: str) -> int:
    """Rows in one of the kit's tables (tests and benchmarks check that nothing was lost)."""
    from sqlalchemy import func

    from . import schema

    t = schema.metadata.tables[table]
    return store._read(lambda c: c.execute(select(func.count()).select_from(t)).scalar_one())
