"""A live intervisie session as values: participants, roles, case, steps and their timings.

Standard library only. Every value is frozen; each transition (``start``, ``pause``, ``next`` …)
takes the current clock time in seconds and returns a new :class:`Session` made with
:func:`dataclasses.replace`. Nothing here reads a clock itself, so tests never sleep.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Sequence

from . import Method

READY, RUNNING, PAUSED, FINISHED = "ready", "running", "paused", "finished"
STATUSES: tuple[str, ...] = (READY, RUNNING, PAUSED, FINISHED)


@dataclass(frozen=True)
class Notice:
    """A warning for the user: a text key (``<namespace>.<key>``) and the values that fill it."""

    key: str
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TextKey:
    """A notice value that is itself a text key, said in the user's language when shown."""

    key: str


@dataclass(frozen=True)
class Roles:
    """Who holds which role in one session (names as the group entered them)."""

    inbrenger: str = ""
    gespreksleider: str = ""
    tijdbewaker: str = ""
    deelnemers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    """What the inbrenger brings: the concrete situation (casus) and the learning question."""

    title: str = ""
    leervraag: str = ""


@dataclass(frozen=True)
class PlannedStep:
    """One step of the method in this session; ``round`` counts turns in multi-round methods."""

    step_id: str
    minutes: int
    round: int = 1
    inbrenger: str = ""


@dataclass(frozen=True)
class StepTiming:
    """Time banked on a step (seconds, while not running) and minutes added by ``extend``."""

    spent: float = 0.0
    extra_minutes: int = 0


@dataclass(frozen=True)
class StepSummary:
    """Planned against actual time of one step, for the end-of-session summary."""

    step_id: str
    round: int
    planned_minutes: int
    extra_minutes: int
    actual_seconds: float

    @property
    def actual_minutes(self) -> float:
        return self.actual_seconds / 60

    @property
    def over(self) -> bool:
        """True when the step took longer than planned (extensions not counted as planned)."""
        return self.actual_seconds > self.planned_minutes * 60


@dataclass(frozen=True)
class Session:
    """A session of one method: the plan, who is who, where we are and how long each step took."""

    method_id: str
    variant_id: str
    plan: tuple[PlannedStep, ...]
    timings: tuple[StepTiming, ...]
    participants: tuple[str, ...] = ()
    roles: Roles = Roles()
    case: Case = Case()
    index: int = 0
    status: str = READY
    since: float | None = None  # clock time the current running stretch began

    # ------------------------------------------------------------------ building
    @classmethod
    def create(cls, method: Method, variant_id: str | None = None, participants: Sequence[str] = (),
               roles: Roles | None = None, case: Case | None = None) -> "Session":
        """A new session: one pass through the steps per round of the variant (at most one per participant)."""
        variant = method.variant(variant_id)
        people = tuple(participants)
        roles = roles or Roles()
        rounds = max(1, min(variant.rounds, len(people))) if variant.rounds > 1 else 1
        firsts = _round_inbrengers(people, roles.inbrenger, rounds)
        plan = tuple(PlannedStep(s.id, s.minutes, r + 1, firsts[r])
                     for r in range(rounds) for s in method.steps)
        return cls(method.id, variant.id, plan, tuple(StepTiming() for _ in plan),
                   people, roles, case or Case())

    # ------------------------------------------------------------------ reading
    @property
    def current(self) -> PlannedStep:
        return self.plan[self.index]

    @property
    def following(self) -> PlannedStep | None:
        """The step after the current one, or None on the last step."""
        return self.plan[self.index + 1] if self.index + 1 < len(self.plan) else None

    @property
    def is_first(self) -> bool:
        return self.index == 0

    @property
    def is_last(self) -> bool:
        return self.index == len(self.plan) - 1

    @property
    def rounds(self) -> int:
        return self.plan[-1].round

    @property
    def planned_minutes(self) -> int:
        return sum(p.minutes for p in self.plan)

    def inbrenger_now(self) -> str:
        """The inbrenger of the current round (rotates in multi-round methods)."""
        return self.current.inbrenger or self.roles.inbrenger

    def allowed_seconds(self, i: int | None = None) -> float:
        i = self.index if i is None else i
        return (self.plan[i].minutes + self.timings[i].extra_minutes) * 60

    def elapsed(self, now: float, i: int | None = None) -> float:
        """Seconds spent on step ``i`` (default: the current one) up to ``now``."""
        i = self.index if i is None else i
        running = self.status == RUNNING and i == self.index and self.since is not None
        return self.timings[i].spent + (max(0.0, now - self.since) if running else 0.0)

    def remaining(self, now: float) -> float:
        """Seconds left on the current step; negative once it overruns."""
        return self.allowed_seconds() - self.elapsed(now)

    def overrun(self, now: float) -> bool:
        return self.remaining(now) < 0

    def summary(self, now: float) -> tuple[StepSummary, ...]:
        """Planned against actual time per step."""
        return tuple(StepSummary(p.step_id, p.round, p.minutes, t.extra_minutes, self.elapsed(now, i))
                     for i, (p, t) in enumerate(zip(self.plan, self.timings)))

    # ------------------------------------------------------------------ transitions
    def _bank(self, now: float) -> "Session":
        """Move the running stretch of the current step into its banked time."""
        if self.status != RUNNING or self.since is None:
            return self
        t = self.timings[self.index]
        timings = _put(self.timings, self.index, replace(t, spent=t.spent + max(0.0, now - self.since)))
        return replace(self, timings=timings, since=now)

    def start(self, now: float) -> "Session":
        if self.status in (READY, PAUSED):
            return replace(self, status=RUNNING, since=now)
        return self

    def pause(self, now: float) -> "Session":
        if self.status != RUNNING:
            return self
        return replace(self._bank(now), status=PAUSED, since=None)

    def resume(self, now: float) -> "Session":
        return self.start(now) if self.status == PAUSED else self

    def go(self, index: int, now: float) -> "Session":
        """Move to step ``index``; a running clock keeps running on the new step."""
        if self.status == FINISHED or not 0 <= index < len(self.plan) or index == self.index:
            return self
        banked = self._bank(now)
        return replace(banked, index=index, since=now if self.status == RUNNING else None)

    def next(self, now: float) -> "Session":
        """The next step; on the last step this finishes the session."""
        return self.finish(now) if self.is_last else self.go(self.index + 1, now)

    def previous(self, now: float) -> "Session":
        return self.go(self.index - 1, now)

    def extend(self, minutes: int) -> "Session":
        """Give the current step ``minutes`` more (a positive whole number)."""
        if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
            raise ValueError(f"extend needs a positive whole number of minutes, not {minutes!r}")
        t = self.timings[self.index]
        return replace(self, timings=_put(self.timings, self.index, replace(t, extra_minutes=t.extra_minutes + minutes)))

    def finish(self, now: float) -> "Session":
        if self.status == FINISHED:
            return self
        return replace(self._bank(now), status=FINISHED, since=None)


def _put(items: tuple, i: int, value) -> tuple:
    return items[:i] + (value,) + items[i + 1:]


def _round_inbrengers(people: tuple[str, ...], first: str, rounds: int) -> tuple[str, ...]:
    """Inbrenger per round: starting with ``first`` and then the participants in order."""
    if not people:
        return (first,) * rounds
    start = people.index(first) if first in people else 0
    return tuple(people[(start + r) % len(people)] for r in range(rounds))


# --------------------------------------------------------------------------- rotation
def rotate_roles(members: Sequence[str], sessions: int) -> tuple[Roles, ...]:
    """Roles per session over a trajectory: the inbrenger, gespreksleider and tijdbewaker rotate.

    With at least as many sessions as members, every member is inbrenger at least once.
    """
    people = tuple(members)
    n = len(people)
    out = []
    for i in range(max(0, sessions)):
        if not n:
            out.append(Roles())
            continue
        inbrenger = people[i % n]
        leider = people[(i + 1) % n] if n > 1 else ""
        tijd = people[(i + 2) % n] if n > 2 else ""
        out.append(Roles(inbrenger, leider, tijd, tuple(p for p in people if p not in (inbrenger, leider))))
    return tuple(out)


def never_inbrenger(members: Sequence[str], inbrengers: Sequence[str]) -> tuple[str, ...]:
    """Members who do not bring a case in any of the given sessions, in member order."""
    brought = set(inbrengers)
    return tuple(m for m in members if m not in brought)


def time_notice(method: Method, variant_id: str | None, available_minutes: int,
                rounds: int | None = None) -> Notice | None:
    """A notice when the method's steps (``rounds`` passes, default the variant's) plus its pause
    need more minutes than are available; None when it fits."""
    variant = method.variant(variant_id)
    rounds = variant.rounds if rounds is None else max(1, rounds)
    needed = method.step_minutes * rounds + (variant.pause_minutes if rounds > 1 else 0)
    if available_minutes < needed:
        return Notice("session.warn_time", {"method": method.name, "needed": needed,
                                            "available": available_minutes})
    return None
