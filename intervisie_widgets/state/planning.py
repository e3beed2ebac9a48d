"""State of the group set-up page and the trajectory plan page (traitlets; views observe these).

Actions never raise for bad input: they keep what was entered and set ``notice`` to a
:class:`~intervisie_widgets.session.Notice` that names the problem.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Callable

from traitlets import HasTraits, Instance, Int, Tuple, Unicode

from .. import catalog
from ..model import planning as trajectory
from ..model.group import (
    CONTRACT_PARTS,
    Contract,
    Group,
    InvalidMember,
    Member,
    duplicate_notices,
    group_checks,
)
from ..model.planning import PlannedSession
from ..model.session import Notice


class GroupState(HasTraits):
    """The group being set up, its chosen format, and its intervisiecontract."""

    group = Instance(Group, args=(), help="the members and the group goal")
    method_id = Unicode("vier-fasen", help="method whose variant sets the format limits")
    variant_id = Unicode("in-person", help="the chosen format (variant) of that method")
    contract = Instance(Contract, args=(), help="the six parts of the intervisiecontract")
    notice = Instance(Notice, allow_none=True, help="why the last action could not be done")

    def add_member(self, name: str, initials: str = "", level: str = "medewerker", years: int = 0,
                   manages: str = "") -> bool:
        """Add a member; False (and ``notice`` set) for an empty or duplicate name."""
        try:
            self.group = self.group.with_member(Member(name, initials, level, years, manages))
        except InvalidMember as exc:
            self.notice = exc.notice
            return False
        self.notice = None
        return True

    def remove_member(self, name: str) -> None:
        self.group = self.group.without(name)
        self.notice = None

    def set_goal(self, goal: str) -> None:
        self.group = replace(self.group, goal=goal)

    def set_format(self, method_id: str, variant_id: str) -> None:
        m = catalog.method(method_id)
        with self.hold_trait_notifications():
            self.method_id = m.id
            self.variant_id = m.variant(variant_id).id

    def set_part(self, part: str, text: str) -> None:
        """Set one of the six contract parts (``group.CONTRACT_PARTS``)."""
        if part not in CONTRACT_PARTS:
            raise KeyError(part)
        self.contract = replace(self.contract, **{part: text})

    def checks(self) -> tuple[Notice, ...]:
        """Seed 003's composition checks and the chosen format's size limits (seed 004)."""
        m = catalog.method(self.method_id)
        v = m.variant(self.variant_id)
        return group_checks(self.group, v, v.name)

    def filled_contract(self) -> Contract:
        """The contract with the goal and the names taken from the group where left empty."""
        c = self.contract
        return replace(c, goal=c.goal or self.group.goal,
                       names=c.names or "\n".join(self.group.names))


class TrajectoryState(HasTraits):
    """A group's trajectory plan, saved through the store (``Store.save_plan`` / ``load_plan``)."""

    group_code = Unicode(help="the group's code in the store")
    members = Tuple(help="member names, in order")
    plan = Tuple(help="the planned sessions (PlannedSession)")
    available_minutes = Int(120, help="time available per session, in minutes")
    notice = Instance(Notice, allow_none=True, help="result or problem of the last action")

    def __init__(self, store_factory: Callable | None = None, today: Callable[[], dt.date] = dt.date.today,
                 **kwargs):
        super().__init__(**kwargs)
        self._store_factory = store_factory
        self._store_obj = None
        self.today = today

    # ------------------------------------------------------------------ actions
    def set_members(self, text: str) -> None:
        """Members from text, one per line (or comma-separated); duplicates are kept once and named."""
        raw = [" ".join(x.split()) for x in text.replace(",", "\n").splitlines()]
        raw = [x for x in raw if x]
        dups = duplicate_notices(raw)
        unique: list[str] = []
        for x in raw:
            if not any(x.casefold() == u.casefold() for u in unique):
                unique.append(x)
        with self.hold_trait_notifications():
            self.members = tuple(unique)
            self.plan = trajectory.fill_inbrengers(self.plan, self.members)
            self.notice = dups[0] if dups else None

    def build(self, sessions: int = trajectory.DEFAULT_SESSIONS, start: dt.date | None = None,
              weeks_between: int = trajectory.DEFAULT_WEEKS_BETWEEN, method: str = "") -> None:
        """Replace the plan by the default build-up (seed 001) for the current members."""
        self.plan = trajectory.default_plan(self.members, sessions, start, weeks_between, method)
        self.notice = None

    def update(self, number: int, **changes) -> None:
        """Change one session (date, method, inbrenger, with_begeleider)."""
        self.plan = trajectory.change(self.plan, number, **changes)

    def checks(self) -> tuple[Notice, ...]:
        plan: tuple[PlannedSession, ...] = self.plan
        return trajectory.plan_notices(plan, self.members, self.today(), catalog.method, self.available_minutes)

    def _store(self):
        """The store, opened on first use and kept (default: ``Store()`` from the settings)."""
        if self._store_obj is None:
            if self._store_factory is None:
                from ..storage import Store

                self._store_factory = Store
            self._store_obj = self._store_factory()
        return self._store_obj

    def save(self) -> bool:
        """Store the plan under the group code; False with ``notice`` set when that fails."""
        if not self.group_code.strip():
            self.notice = Notice("trajectory.warn_no_code")
            return False
        try:
            store = self._store()
            store.save_plan(self.group_code.strip(), trajectory.to_records(self.plan))
        except Exception as exc:  # a StoreError names its cause; anything else is shown, not raised
            self.notice = Notice("trajectory.store_failed", {"error": exc})
            return False
        self.notice = Notice("trajectory.saved", {"code": self.group_code.strip(), "n": len(self.plan)})
        return True

    def load(self) -> bool:
        """Read the plan of the group code; the current plan stays when nothing is stored or it fails."""
        code = self.group_code.strip()
        if not code:
            self.notice = Notice("trajectory.warn_no_code")
            return False
        try:
            records = self._store().load_plan(code)
        except Exception as exc:  # a StoreError names its cause; anything else is shown, not raised
            self.notice = Notice("trajectory.store_failed", {"error": exc})
            return False
        if not records:
            self.notice = Notice("trajectory.nothing_stored", {"code": code})
            return False
        with self.hold_trait_notifications():
            self.plan = trajectory.from_records(records)
            known = list(self.members)
            for p in self.plan:
                if p.inbrenger and p.inbrenger not in known:
                    known.append(p.inbrenger)
            self.members = tuple(known)
            self.notice = Notice("trajectory.loaded", {"code": code, "n": len(self.plan)})
        return True
