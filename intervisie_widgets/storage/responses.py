"""Evaluation responses: submit (or replace), read back as rows, count."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.exc import IntegrityError

from ..catalog import forms
from ..engines.answers import AnswerError, clean_answers
from . import plans
from . import schema as s
from .errors import AlreadySubmitted, InvalidAnswer


@dataclass(frozen=True)
class Submission:
    """One person's answers to one form for one session, checked against the form."""

    group: str
    session: int
    role: str
    participant: str  # a key from :func:`schema.response_key`, never the pseudonym
    form: str
    kind: str
    answers: dict[str, int | str]
    submitted_at: dt.datetime | None = None
    session_date: dt.date | None = None
    with_begeleider: bool | None = None
    group_size: int | None = None


def make_submission(group_code: str, session_number: int, role: str, pseudonym: str,
                    answers: Mapping[str, Any], form_id: str | None = None, allow_empty: bool = False,
                    **extra: Any) -> Submission:
    """Check the input and the answers against the form; :class:`InvalidAnswer` says what is wrong.

    A submission needs at least one answer (unless ``allow_empty``, used for look-ups). ``extra``
    sets the optional fields (submitted_at, session_date, with_begeleider, group_size).
    """
    try:
        code = plans.check_group_code(group_code)
    except Exception as exc:
        raise InvalidAnswer("group", getattr(exc, "cause", exc)) from None
    whole = isinstance(session_number, int) and not isinstance(session_number, bool)
    if not whole or not 1 <= session_number <= plans.MAX_SESSIONS:
        raise InvalidAnswer("session", f"session must be a whole number 1–{plans.MAX_SESSIONS}")
    if not str(pseudonym or "").strip() or len(str(pseudonym)) > 60:
        raise InvalidAnswer("pseudonym", "a pseudonym of 1–60 characters is needed")
    cat = forms.catalog()
    try:
        form = cat.get(form_id) if form_id else cat.of_kind("session")
    except KeyError:
        raise InvalidAnswer("form", f"unknown form {form_id!r}") from None
    try:
        cleaned = clean_answers(form, role, answers)
    except AnswerError as exc:
        raise InvalidAnswer(exc.item, exc.message("en")) from None
    if not cleaned and not allow_empty:
        raise InvalidAnswer("answers", "nothing was answered")
    return Submission(code, session_number, role, s.response_key(code, session_number, pseudonym), form.id,
                      form.kind, cleaned,
                      **extra)


def existing_response(conn: Connection, sub: Submission) -> int | None:
    group = plans.find_group(conn, sub.group)
    if group is None:
        return None
    tid = plans.trajectory_id(conn, group.id)
    return conn.execute(
        select(s.responses.c.id).join(s.sessions, s.sessions.c.id == s.responses.c.session_id)
        .where(s.sessions.c.trajectory_id == tid, s.sessions.c.number == sub.session,
               s.responses.c.participant == sub.participant, s.responses.c.kind == sub.kind)).scalar()


def store_submission(conn: Connection, sub: Submission, replace: bool) -> tuple[int, bool]:
    """Insert ``sub``; with ``replace`` an earlier response of the same person is replaced.

    Returns (response id, whether one was replaced). :class:`AlreadySubmitted` without ``replace``.
    """
    old = existing_response(conn, sub)
    if old is not None and not replace:
        raise AlreadySubmitted(sub.group, sub.session)
    if old is not None:
        _delete_response(conn, old)
    sid = plans.ensure_session(conn, sub.group, sub.session, sub.session_date, sub.with_begeleider, sub.group_size)
    insert = s.responses.insert().values(session_id=sid, participant=sub.participant, role=sub.role, form=sub.form,
                                         kind=sub.kind, submitted_at=sub.submitted_at or plans.now())
    try:
        with conn.begin_nested():
            rid = conn.execute(insert).inserted_primary_key[0]
    except IntegrityError:  # another kernel stored the same person at the same moment
        if not replace:
            raise AlreadySubmitted(sub.group, sub.session) from None
        old = existing_response(conn, sub)
        _delete_response(conn, old)
        rid = conn.execute(insert).inserted_primary_key[0]
    rows = [{"response_id": rid, "item": k, "score": v if isinstance(v, int) else None,
             "text": v if isinstance(v, str) else None} for k, v in sub.answers.items()]
    if rows:
        conn.execute(s.answers.insert(), rows)
    return rid, old is not None


def _delete_response(conn: Connection, response_id: int) -> None:
    conn.execute(delete(s.answers).where(s.answers.c.response_id == response_id))
    conn.execute(delete(s.responses).where(s.responses.c.id == response_id))


def count_query(group_code: str | None = None):
    """Responses per group, session and role (counts only)."""
    g, t, se, r = s.groups, s.trajectories, s.sessions, s.responses
    q = (select(g.c.code.label("group"), g.c.size.label("group_size"), se.c.number.label("session"),
                se.c.date.label("session_date"), r.c.kind, r.c.role, func.count().label("responses"))
         .select_from(r.join(se, se.c.id == r.c.session_id).join(t, t.c.id == se.c.trajectory_id)
                      .join(g, g.c.id == t.c.group_id))
         .group_by(g.c.code, g.c.size, se.c.number, se.c.date, r.c.kind, r.c.role)
         .order_by(g.c.code, se.c.number, r.c.kind, r.c.role))
    if group_code is not None:
        q = q.where(func.lower(g.c.code) == s.normalise_group_code(group_code).lower())
    return q


def existing_keys(conn: Connection, group_codes: Iterable[str]) -> set[tuple[str, int, str, str]]:
    """(group code lowered, session, participant, kind) of every stored response of these groups."""
    g, t, se, r = s.groups, s.trajectories, s.sessions, s.responses
    codes = sorted({s.normalise_group_code(c).lower() for c in group_codes})
    rows = conn.execute(
        select(func.lower(g.c.code), se.c.number, r.c.participant, r.c.kind)
        .select_from(r.join(se, se.c.id == r.c.session_id).join(t, t.c.id == se.c.trajectory_id)
                     .join(g, g.c.id == t.c.group_id))
        .where(func.lower(g.c.code).in_(codes))).all()
    return {tuple(row) for row in rows}


def submission_key(sub: Submission) -> tuple[str, int, str, str]:
    return (sub.group.lower(), sub.session, sub.participant, sub.kind)


def store_many(conn: Connection, subs: list[Submission], progress=None, batch: int = 1000) -> int:
    """Insert many new submissions in the caller's transaction (import, demo data, benchmarks).

    Raises :class:`AlreadySubmitted` with ``index`` set to the first submission that is already
    stored, before anything is written. ``progress(done, total)`` is called after each batch.
    """
    stored = existing_keys(conn, {sub.group for sub in subs})
    for index, sub in enumerate(subs):
        if submission_key(sub) in stored:
            err = AlreadySubmitted(sub.group, sub.session)
            err.index = index
            raise err
    session_ids: dict[tuple[str, int], int] = {}
    for start in range(0, len(subs), batch):
        chunk = subs[start:start + batch]
        rows = []
        for sub in chunk:
            key = (sub.group.lower(), sub.session)
            if key not in session_ids:
                session_ids[key] = plans.ensure_session(conn, sub.group, sub.session, sub.session_date,
                                                        sub.with_begeleider, sub.group_size)
            rows.append({"session_id": session_ids[key], "participant": sub.participant, "role": sub.role,
                         "form": sub.form, "kind": sub.kind, "submitted_at": sub.submitted_at or plans.now()})
        ids = conn.execute(s.responses.insert().returning(s.responses.c.id, sort_by_parameter_order=True),
                           rows).scalars().all()
        answers = [{"response_id": rid, "item": k, "score": v if isinstance(v, int) else None,
                    "text": v if isinstance(v, str) else None}
                   for rid, sub in zip(ids, chunk) for k, v in sub.answers.items()]
        if answers:
            conn.execute(s.answers.insert(), answers)
        if progress:
            progress(min(start + batch, len(subs)), len(subs))
    return len(subs)

