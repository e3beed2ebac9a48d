"""State of the trajectory page: a stored group's plan, its recorded meetings and attendance.

The members come from the stored group (``Store.load_group``): the page keeps no list of its
own. The plan is stored with ``Store.save_plan``; attendance is derived from ``Store.meetings``.
Actions never raise for bad input: they keep the plan as entered and set ``notice``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from traitlets import Bool, Instance, Int, List, Tuple, Unicode

from .. import catalog
from ..model import planning as trajectory
from ..model.group import Group
from ..model.meeting import Attendance, attendance
from ..model.planning import PlannedSession
from ..model.session import Notice
from . import ownership
from .evaluation import StoreUser
from .group import clean_code

#: Seed 001: "Men committeert zich voor minimaal 10 intervisiebijeenkomsten".
COMMITTED_SESSIONS = 10
#: The optional roles a plan names per meeting, when the method has them.
PLANNED_ROLES = ("gespreksleider", "tijdbewaker")


def method_roles(method_id: str) -> tuple[str, ...] | None:
    """The roles of a method in the catalog, or None for a method the kit does not know."""
    try:
        return catalog.method(method_id).roles
    except KeyError:
        return None


def fit_to_method(p: PlannedSession) -> PlannedSession:
    """A meeting whose variant belongs to its method and whose roles the method has."""
    try:
        m = catalog.method(p.method)
    except KeyError:
        return p
    variant = p.variant if p.variant in {v.id for v in m.variants} else m.default_variant.id
    roles = {r: getattr(p, r) if r in m.roles else "" for r in PLANNED_ROLES}
    return replace(p, variant=variant, **roles)


def before_first(plan) -> tuple[Notice, ...]:
    """One notice per meeting dated before the first meeting (which opens the trajectory)."""
    dated = sorted((p for p in plan if p.date), key=lambda p: p.number)
    if not dated:
        return ()
    first = dated[0]
    return tuple(Notice("trajectory.warn_before_first", {"number": p.number, "date": p.date.isoformat(),
                                                         "first": first.number, "start": first.date.isoformat()})
                 for p in dated[1:] if p.date < first.date)


class TrajectoryState(StoreUser):
    """The chosen group's trajectory: the plan, the recorded meetings and the trajectories."""

    group_code = Unicode(help="the chosen group's stored code ('' before one is chosen)")
    group = Instance(Group, args=(), help="the stored group: members, begeleider")
    groups = List(help="the stored groups (Store.group_summaries)")
    plan = Tuple(help="the planned sessions (PlannedSession)")
    records = Tuple(help="the recorded meetings of the current trajectory (MeetingRecord)")
    trajectories = Tuple(help="the numbers of the group's trajectories; the last is the current one")
    available_minutes = Int(120, help="time available per session, in minutes")
    notice = Instance(Notice, allow_none=True, help="result or problem of the last action")
    confirm_new = Bool(False, help="the 'start a new trajectory' question is showing")

    def __init__(self, store_factory: Callable | None = None, today: Callable[[], dt.date] = dt.date.today,
                 **kwargs):
        super().__init__(store_factory, **kwargs)
        self.today = today
        self._build = (trajectory.DEFAULT_SESSIONS, None, trajectory.DEFAULT_WEEKS_BETWEEN, "")

    @property
    def members(self) -> tuple[str, ...]:
        """The participants of the stored group (the begeleider is not an inbrenger)."""
        return self.group.participants

    @property
    def current(self) -> int:
        """The number of the current trajectory (0 before a group is chosen)."""
        return self.trajectories[-1] if self.trajectories else 0

    # ------------------------------------------------------------------ the plan
    def build(self, sessions: int = trajectory.DEFAULT_SESSIONS, start: dt.date | None = None,
              weeks_between: int = trajectory.DEFAULT_WEEKS_BETWEEN, method: str = "") -> None:
        """Replace the plan by the default build-up (seed 001) for the group's participants."""
        self._build = (sessions, start, weeks_between, method)
        plan = trajectory.default_plan(self.members, sessions, start, weeks_between, method)
        self.plan = tuple(fit_to_method(p) for p in plan)
        self.notice = None

    def update(self, number: int, **changes) -> None:
        """Change one meeting; a new method brings its own variant and drops roles it lacks."""
        plan = trajectory.change(self.plan, number, **changes)
        if "method" in changes:
            plan = tuple(fit_to_method(p) if p.number == number else p for p in plan)
        self.plan = plan

    def checks(self) -> tuple[Notice, ...]:
        """Past dates, order, who never brings a case, time; fewer than the ten meetings committed to."""
        plan: tuple[PlannedSession, ...] = self.plan
        out = list(trajectory.plan_notices(plan, self.members, self.today(), catalog.method,
                                           self.available_minutes))
        if 0 < len(plan) < COMMITTED_SESSIONS:
            out.append(Notice("trajectory.warn_fewer_than_committed", {"n": len(plan), "min": COMMITTED_SESSIONS}))
        return tuple(out)

    def attendance(self) -> tuple[Attendance, ...]:
        """Per member (participants, then the begeleider where the list has them): attended, missed, hours."""
        return attendance(self.group.names, self.records)

    # ------------------------------------------------------------------ the store
    def refresh_groups(self) -> bool:
        from ..storage import StoreError

        try:
            self.groups = ownership.summaries(self.store())
        except StoreError as exc:
            self.notice = Notice("trajectory.store_failed", {"error": exc})
            return False
        return True

    def choose(self, code: str) -> bool:
        """Open the stored group ``code``: its members, its stored plan (else the default) and meetings."""
        from ..storage import StoreError

        code = clean_code(code)
        if not code:
            return self._say("trajectory.warn_no_group")
        try:
            store = self.store()
            refused = ownership.refusal(store, code)  # another trainer's group: nothing of it is read
            if refused:
                self.notice = refused
                return False
            group = store.load_group(code)
            if group is None:
                return self._say("trajectory.unknown_group", code=code)
            records, meetings = store.load_plan(group.code), store.meetings(group.code)
            numbers = tuple(store.trajectory_numbers(group.code))
        except StoreError as exc:
            return self._say("trajectory.store_failed", error=exc)
        with self.hold_trait_notifications():
            self.group_code, self.group, self.records, self.trajectories = group.code, group, meetings, numbers
            self.confirm_new = False
            if records:
                self.plan = tuple(fit_to_method(p) for p in trajectory.from_records(records))
                self.notice = Notice("trajectory.loaded", {"code": group.code, "n": len(self.plan)})
            else:
                self.build(*self._build)
                self.notice = Notice("trajectory.nothing_stored", {"code": group.code})
        return True

    def _say(self, key: str, **values) -> bool:
        self.notice = Notice(key, values)
        return False

    def save(self) -> bool:
        """Store the plan of the chosen group; refused (nothing stored changes) when it is too long
        or a meeting is dated before the first."""
        from ..storage import StoreError

        if not self.group_code:
            return self._say("trajectory.warn_no_group")
        if len(self.plan) > trajectory.MAX_SESSIONS:
            return self._say("trajectory.warn_too_long", n=len(self.plan), max=trajectory.MAX_SESSIONS)
        early = before_first(self.plan)
        if early:
            self.notice = early[0]
            return False
        try:
            self.store().save_plan(self.group_code, trajectory.to_records(self.plan))
        except StoreError as exc:
            return self._say("trajectory.store_failed", error=exc)
        self.notice = Notice("trajectory.saved", {"code": self.group_code, "n": len(self.plan)})
        return True

    def ask_new_trajectory(self) -> None:
        if self.group_code:
            self.confirm_new = True
        else:
            self._say("trajectory.warn_no_group")

    def cancel_new_trajectory(self) -> None:
        self.confirm_new = False

    def start_trajectory(self) -> bool:
        """After Yes: Store.start_trajectory; the page then shows the new (empty) trajectory."""
        from ..storage import StoreError

        self.confirm_new = False
        if not self.group_code:
            return self._say("trajectory.warn_no_group")
        try:
            number = self.store().start_trajectory(self.group_code)
        except StoreError as exc:
            return self._say("trajectory.store_failed", error=exc)
        self.choose(self.group_code)
        self.notice = Notice("trajectory.started", {"code": self.group_code, "n": number})
        return True
