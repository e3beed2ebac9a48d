"""A trajectory plan: a group's sessions with date, method, inbrenger and begeleider (seed 001).

Standard library only; frozen values. The default build-up follows seed 001: sessions 1, 2, 3,
6 and 10 met begeleider, 4, 5, 7 and 8 zonder. The seed skips session 9; it is planned zonder
and marked ``assumed`` so the trainer sees it is our guess and can change it. Checks return
:class:`~intervisie_widgets.session.Notice` values; records match ``Store.save_plan``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

from . import Method
from .session import Notice, never_inbrenger, rotate_roles, time_notice

#: Seed 001, "optimale leeropbouw".
MET_BEGELEIDER = frozenset({1, 2, 3, 6, 10})
STATED_IN_SEED = frozenset(range(1, 11)) - {9}
DEFAULT_SESSIONS = 10
DEFAULT_WEEKS_BETWEEN = 5  # intervisievoorprofessionals.nl: every 5 weeks (methods-reference §0)
MAX_SESSIONS = 30


@dataclass(frozen=True)
class PlannedSession:
    """One meeting of the plan; ``assumed`` marks a met/zonder begeleider the seed does not state."""

    number: int
    date: dt.date | None
    method: str
    inbrenger: str
    with_begeleider: bool
    assumed: bool = False
    variant: str = ""
    gespreksleider: str = ""
    tijdbewaker: str = ""


def buildup(number: int, total: int = DEFAULT_SESSIONS) -> tuple[bool, bool]:
    """(with_begeleider, assumed) for session ``number``: the seed's pattern, else our guess.

    In a trajectory of another length the last session is met begeleider (it evaluates, as the
    seed's session 10 does); every session the seed does not state is marked assumed.
    """
    if number == total:
        return True, total != DEFAULT_SESSIONS
    if number in STATED_IN_SEED and number != DEFAULT_SESSIONS:
        return number in MET_BEGELEIDER, False
    return False, True


def default_with_begeleider(number: int) -> bool:
    """The optimal build-up of seed S1: sessions 1–3, 6 and 10 met begeleider, the rest zonder.

    Session 9 is missing in the seed; like the domain reference it is taken as zonder.
    Sessions after 10 are zonder.
    """
    return buildup(number)[0]


def default_plan(members: Sequence[str], sessions: int = DEFAULT_SESSIONS, start: dt.date | None = None,
                 weeks_between: int = DEFAULT_WEEKS_BETWEEN, method: str = "") -> tuple[PlannedSession, ...]:
    """The default build-up with dates every ``weeks_between`` weeks and a rotating inbrenger."""
    n = max(1, min(int(sessions), MAX_SESSIONS))
    roles = rotate_roles(members, n)
    out = []
    for i in range(n):
        date = start + dt.timedelta(weeks=weeks_between * i) if start else None
        met, assumed = buildup(i + 1, n)
        out.append(PlannedSession(i + 1, date, method, roles[i].inbrenger, met, assumed,
                                  gespreksleider=roles[i].gespreksleider, tijdbewaker=roles[i].tijdbewaker))
    return tuple(out)


def fill_inbrengers(plan: Sequence[PlannedSession], members: Sequence[str]) -> tuple[PlannedSession, ...]:
    """Give sessions without an inbrenger one, preferring members who have no turn yet; a chosen
    inbrenger is never replaced (also not when that member was removed: a check names it)."""
    waiting = list(never_inbrenger(members, [p.inbrenger for p in plan]))
    rotation = [r.inbrenger for r in rotate_roles(members, len(plan))]
    out = []
    for i, p in enumerate(plan):
        if not p.inbrenger and members:
            p = replace(p, inbrenger=waiting.pop(0) if waiting else rotation[i])
        out.append(p)
    return tuple(out)


def change(plan: Sequence[PlannedSession], number: int, **changes) -> tuple[PlannedSession, ...]:
    """The plan with session ``number`` changed; changing the begeleider clears ``assumed``."""
    if "with_begeleider" in changes and "assumed" not in changes:
        changes["assumed"] = False
    return tuple(replace(p, **changes) if p.number == number else p for p in plan)


def plan_notices(plan: Sequence[PlannedSession], members: Sequence[str], today: dt.date,
                 methods: Callable[[str], Method] | None = None,
                 available_minutes: int | None = None) -> tuple[Notice, ...]:
    """What is wrong with the plan, each with its reason: past dates, dates out of order,
    members who never bring a case, an unknown inbrenger, and methods that do not fit the time."""
    out: list[Notice] = []
    previous: PlannedSession | None = None
    for p in plan:
        if p.date and p.date < today:
            out.append(Notice("trajectory.warn_past_date", {"number": p.number, "date": p.date.isoformat()}))
        if p.date and previous and previous.date and p.date <= previous.date:
            out.append(Notice("trajectory.warn_date_order", {"number": p.number, "previous": previous.number}))
        if p.inbrenger and p.inbrenger not in members:
            out.append(Notice("trajectory.warn_unknown_inbrenger", {"number": p.number, "name": p.inbrenger}))
        previous = p if p.date else previous
    missing = never_inbrenger(members, [p.inbrenger for p in plan])
    if missing:
        out.append(Notice("trajectory.warn_never_inbrenger", {"names": ", ".join(missing)}))
    if methods is not None and available_minutes is not None:
        for mid in dict.fromkeys(p.method for p in plan if p.method):
            try:
                n = time_notice(methods(mid), None, available_minutes, rounds=1)
            except KeyError:
                out.append(Notice("trajectory.warn_unknown_method", {"method": mid}))
                continue
            if n:
                out.append(n)
    return tuple(out)


def to_records(plan: Iterable[PlannedSession]) -> list[dict]:
    """The plan as ``Store.save_plan`` takes it."""
    return [{"number": p.number, "date": p.date.isoformat() if p.date else None, "method": p.method,
             "inbrenger": p.inbrenger, "with_begeleider": p.with_begeleider, "assumed": p.assumed,
             "variant": p.variant, "gespreksleider": p.gespreksleider, "tijdbewaker": p.tijdbewaker}
            for p in plan]


def from_records(records: Iterable[dict]) -> tuple[PlannedSession, ...]:
    """A plan from ``Store.load_plan`` records (dates as YYYY-MM-DD or None)."""
    out = []
    for r in sorted(records, key=lambda r: r["number"]):
        date = dt.date.fromisoformat(r["date"]) if r.get("date") else None
        out.append(PlannedSession(int(r["number"]), date, r.get("method") or "", r.get("inbrenger") or "",
                                  bool(r.get("with_begeleider")), bool(r.get("assumed")),
                                  r.get("variant") or "", r.get("gespreksleider") or "", r.get("tijdbewaker") or ""))
    return tuple(out)


def next_planned(plan: Sequence[PlannedSession], held: Iterable[int]) -> PlannedSession | None:
    """The first meeting of the plan that has not been held yet, or None when all were held."""
    done = set(held)
    return next((p for p in sorted(plan, key=lambda p: p.number) if p.number not in done), None)
