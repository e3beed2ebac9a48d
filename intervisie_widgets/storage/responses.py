"""Evaluation responses: submit (or replace), read back as rows, count."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.exc import IntegrityError

from ..catalog import forms
from ..engines.answers import AnswerError, clean_answers
from . import plans
from . import schema as s
from .errors import AlreadySubmitted, InvalidAnswer, cause


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
        raise InvalidAnswer("group", getattr(exc, "reason", exc)) from None
    whole = isinstance(session_number, int) and not isinstance(session_number, bool)
    if not whole or not 1 <= session_number <= plans.MAX_SESSIONS:
        raise InvalidAnswer("session", cause("session_number", most=plans.MAX_SESSIONS))
    if not str(pseudonym or "").strip() or len(str(pseudonym)) > 60:
        raise InvalidAnswer("pseudonym", cause("pseudonym_length", most=60))
    cat = forms.catalog()
    try:
        form = cat.get(form_id) if form_id else cat.of_kind("session")
    except KeyError:
        raise InvalidAnswer("form", cause("unknown_form", form=form_id)) from None
    try:
        cleaned = clean_answers(form, role, answers)
    except AnswerError as exc:
        raise InvalidAnswer(exc.item, exc) from None
    if not cleaned and not allow_empty:
        raise InvalidAnswer("answers", cause("nothing_answered"))
    return Submission(code, session_number, role, s.response_key(code, session_number, pseudonym), form.id,
                      form.kind, cleaned,
                      **extra)


def existing_responses(conn: Connection, sub: Submission) -> list[int]:
    """Ids of every response of this person to this kind of form for this meeting, in any role."""
    group = plans.find_group(conn, sub.group)
    if group is None:
        return []
    tid = plans.trajectory_id(conn, group.id)
    return list(conn.execute(
        select(s.responses.c.id).join(s.sessions, s.sessions.c.id == s.responses.c.session_id)
        .where(s.sessions.c.trajectory_id == tid, s.sessions.c.number == sub.session,
               s.responses.c.participant == sub.participant, s.responses.c.kind == sub.kind)
        .order_by(s.responses.c.id)).scalars())


def existing_response(conn: Connection, sub: Submission) -> int | None:
    found = existing_responses(conn, sub)
    return found[0] if found else None


def store_submission(conn: Connection, sub: Submission, replace: bool) -> tuple[int, bool]:
    """Insert ``sub``; with ``replace`` the person's earlier responses are replaced.

    Returns (response id, whether one was replaced). :class:`AlreadySubmitted` without ``replace``.
    """
    ids, replaced = store_submissions(conn, [sub], replace)
    return ids[0], replaced


def check_one_person(subs: Sequence[Submission]) -> None:
    """``subs`` are one person's evaluation of one meeting with one form, one per role."""
    if not subs:
        raise InvalidAnswer("role", cause("no_role"))
    first = subs[0]
    if any((x.group, x.session, x.participant, x.form) != (first.group, first.session, first.participant, first.form)
           for x in subs):
        raise InvalidAnswer("participant", cause("one_person"))
    if len({x.role for x in subs}) != len(subs):
        raise InvalidAnswer("role", cause("role_twice"))


def store_submissions(conn: Connection, subs: Sequence[Submission], replace: bool) -> tuple[tuple[int, ...], bool]:
    """Insert one person's evaluation of one meeting in one or more roles (one response per role).

    With ``replace`` every earlier response of theirs to this kind of form for the meeting goes,
    whatever its role, so a changed choice of roles leaves nothing stale. Returns (response ids,
    whether anything was replaced); :class:`AlreadySubmitted` without ``replace``.
    """
    check_one_person(subs)
    first = subs[0]
    old = existing_responses(conn, first)
    if old and not replace:
        raise AlreadySubmitted(first.group, first.session)
    for rid in old:
        _delete_response(conn, rid)
    sid = plans.ensure_session(conn, first.group, first.session, first.session_date, first.with_begeleider,
                               first.group_size)
    try:
        with conn.begin_nested():
            ids = _insert(conn, sid, subs)
    except IntegrityError:  # another kernel stored the same person at the same moment
        if not replace:
            raise AlreadySubmitted(first.group, first.session) from None
        for rid in existing_responses(conn, first):
            _delete_response(conn, rid)
        ids = _insert(conn, sid, subs)
    return ids, bool(old)


def _insert(conn: Connection, session_id: int, subs: Sequence[Submission]) -> tuple[int, ...]:
    ids = []
    for sub in subs:
        rid = conn.execute(s.responses.insert().values(
            session_id=session_id, participant=sub.participant, role=sub.role, form=sub.form, kind=sub.kind,
            submitted_at=sub.submitted_at or plans.now())).inserted_primary_key[0]
        rows = [{"response_id": rid, "item": k, "score": v if isinstance(v, int) else None,
                 "text": v if isinstance(v, str) else None} for k, v in sub.answers.items()]
        if rows:
            conn.execute(s.answers.insert(), rows)
        ids.append(rid)
    return tuple(ids)


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


def existing_keys(conn: Connection, group_codes: Iterable[str]) -> set[tuple[str, int, str, str, str]]:
    """(group code lowered, session, participant, kind, role) of every stored response of these groups."""
    g, t, se, r = s.groups, s.trajectories, s.sessions, s.responses
    codes = sorted({s.normalise_group_code(c).lower() for c in group_codes})
    rows = conn.execute(
        select(func.lower(g.c.code), se.c.number, r.c.participant, r.c.kind, r.c.role)
        .select_from(r.join(se, se.c.id == r.c.session_id).join(t, t.c.id == se.c.trajectory_id)
                     .join(g, g.c.id == t.c.group_id))
        .where(func.lower(g.c.code).in_(codes))).all()
    return {tuple(row) for row in rows}


def submission_key(sub: Submission) -> tuple[str, int, str, str, str]:
    """What makes a response unique: one per person, meeting, kind of form and role (migration 6)."""
    return (sub.group.lower(), sub.session, sub.participant, sub.kind, sub.role)


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



def meeting_method(conn: Connection, group_code: str, session_number: int) -> str:
    """The method id of meeting ``session_number`` of the group's current trajectory: the one it
    was held with when it was recorded, else the planned one; "" when neither is known."""
    group = plans.find_group(conn, group_code)
    if group is None:
        return ""
    se, m = s.sessions, s.meetings
    row = conn.execute(
        select(se.c.method, m.c.method.label("held")).select_from(se.outerjoin(m, m.c.session_id == se.c.id))
        .where(se.c.trajectory_id == plans.trajectory_id(conn, group.id), se.c.number == int(session_number))).first()
    if row is None:
        return ""
    return row.held or row.method or ""
