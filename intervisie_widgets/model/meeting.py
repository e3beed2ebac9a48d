"""A meeting that took place, and attendance over a trajectory (frozen values, standard library only).

A :class:`MeetingRecord` is what the trainer records when a session ends: who was present,
actual start and end, planned against actual minutes per step, the leervraag or casus title
(only if the inbrenger agrees) and a short note. Attendance and hours are derived from the
records; they never depend on whether someone filled in an evaluation.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Sequence

from .session import Notice, Session

MAX_NOTE = 2_000
MAX_TITLE = 200


@dataclass(frozen=True)
class StepRecord:
    """Planned against actual time of one step of a recorded meeting."""

    step_id: str
    round: int
    planned_minutes: int
    actual_seconds: int


@dataclass(frozen=True)
class MeetingRecord:
    """A meeting of the trajectory as it took place."""

    number: int
    method: str
    variant: str
    started_at: dt.datetime
    ended_at: dt.datetime
    present: tuple[str, ...]
    steps: tuple[StepRecord, ...] = ()
    inbrenger: str = ""
    gespreksleider: str = ""
    title: str = ""  # leervraag or casus title, only with the inbrenger's consent
    note: str = ""

    @property
    def minutes(self) -> int:
        """Whole minutes from start to end (what counts for the attendance hours)."""
        return max(0, round((self.ended_at - self.started_at).total_seconds() / 60))

    @property
    def date(self) -> dt.date:
        return self.started_at.date()


@dataclass(frozen=True)
class Attendance:
    """One member's attendance over the recorded meetings."""

    member: str
    attended: tuple[int, ...]
    missed: tuple[int, ...]
    minutes: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)


def record_from_session(session: Session, number: int, started_at: dt.datetime, ended_at: dt.datetime,
                        present: Sequence[str], now: float, title: str = "", note: str = "") -> MeetingRecord:
    """The record of a finished (or stopped) session: steps with planned and actual time."""
    steps = tuple(StepRecord(s.step_id, s.round, s.planned_minutes, int(round(s.actual_seconds)))
                  for s in session.summary(now))
    return MeetingRecord(number, session.method_id, session.variant_id, started_at, ended_at,
                         tuple(present), steps, session.roles.inbrenger, session.roles.gespreksleider,
                         " ".join(title.split())[:MAX_TITLE], note.strip()[:MAX_NOTE])


def record_notices(record: MeetingRecord, members: Sequence[str], recorded: Iterable[int],
                   trajectory_start: dt.date | None = None) -> tuple[Notice, ...]:
    """Why a record cannot be stored: recorded twice, ends before it starts, a date before the
    trajectory's start, someone present who is not a member, nobody present."""
    out = []
    if record.number in set(recorded):
        out.append(Notice("meeting.warn_recorded_twice", {"number": record.number}))
    if record.ended_at < record.started_at:
        out.append(Notice("meeting.warn_end_before_start", {"number": record.number}))
    if trajectory_start is not None and record.date < trajectory_start:
        out.append(Notice("meeting.warn_before_start", {"number": record.number, "date": record.date.isoformat(),
                                                        "start": trajectory_start.isoformat()}))
    unknown = [p for p in record.present if p not in members]
    if unknown:
        out.append(Notice("meeting.warn_unknown_present", {"names": ", ".join(unknown)}))
    if not record.present:
        out.append(Notice("meeting.warn_nobody_present", {"number": record.number}))
    return tuple(out)


def attendance(members: Sequence[str], records: Iterable[MeetingRecord]) -> tuple[Attendance, ...]:
    """Per member (in the order given): the meetings attended and missed, and the minutes present."""
    records = sorted(records, key=lambda r: r.number)
    out = []
    for name in members:
        attended = tuple(r.number for r in records if name in r.present)
        missed = tuple(r.number for r in records if name not in r.present)
        minutes = sum(r.minutes for r in records if name in r.present)
        out.append(Attendance(name, attended, missed, minutes))
    return tuple(out)
