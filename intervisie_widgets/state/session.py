"""The live session as observable state: the facilitator page observes it and calls its actions.

Time comes from ``clock`` (a callable returning seconds, default :func:`time.monotonic`), so tests
pass a fake clock and never sleep. A ticker (the page's ``Play`` widget) calls :meth:`tick`.
The actual start and end of the meeting come from ``wall_clock`` (default: local time, whole
seconds), injected the same way; they are what a recorded meeting keeps.
"""
from __future__ import annotations

import datetime as dt
import time
from typing import Callable, Sequence

from traitlets import Bool, Float, HasTraits, Instance

from .. import catalog
from ..model import Method, Step
from ..model.session import FINISHED, PAUSED, RUNNING, Case, Roles, Session, StepSummary


def local_now() -> dt.datetime:
    """The local wall-clock time in whole seconds (the meeting's date is the local date)."""
    return dt.datetime.now().replace(microsecond=0)


class SessionState(HasTraits):
    """Holds the current :class:`Session`; every action assigns a new one."""

    session = Instance(Session, help="the session being run")
    now = Float(0.0, help="clock time of the last tick or action, in seconds")
    overrun = Bool(False, help="True while the current step is past its (extended) time")
    started_at = Instance(dt.datetime, allow_none=True, help="wall-clock time of the first start, or None")
    ended_at = Instance(dt.datetime, allow_none=True, help="wall-clock time of the finish, or None")

    def __init__(self, method_id: str | None = None, clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], dt.datetime] = local_now, **kwargs):
        super().__init__(**kwargs)
        self.clock = clock
        self.wall_clock = wall_clock
        self.setup(method_id or catalog.methods()[0].id)

    # ------------------------------------------------------------------ derived values
    @property
    def method(self) -> Method:
        return catalog.method(self.session.method_id)

    def step_of(self, index: int) -> Step:
        """The method step behind planned step ``index``."""
        wanted = self.session.plan[index].step_id
        return next(s for s in self.method.steps if s.id == wanted)

    @property
    def step(self) -> Step:
        return self.step_of(self.session.index)

    @property
    def next_step(self) -> Step | None:
        s = self.session
        return None if s.is_last else self.step_of(s.index + 1)

    @property
    def status(self) -> str:
        return self.session.status

    def remaining(self) -> float:
        """Seconds left on the current step at this moment (negative on overrun)."""
        return self.session.remaining(self.clock())

    def summary(self) -> tuple[StepSummary, ...]:
        return self.session.summary(self.clock())

    # ------------------------------------------------------------------ actions
    def setup(self, method_id: str, variant_id: str | None = None, participants: Sequence[str] = (),
              roles: Roles | None = None, case: Case | None = None) -> None:
        """Prepare a new session (not started). Raises UnknownMethod for an unknown method."""
        m = catalog.method(method_id)
        self._assign(Session.create(m, variant_id, participants, roles, case), fresh=True)

    def start(self) -> None:
        self._assign(self.session.start(self.clock()))

    def pause(self) -> None:
        self._assign(self.session.pause(self.clock()))

    def resume(self) -> None:
        self._assign(self.session.resume(self.clock()))

    def toggle(self) -> None:
        """Start, pause or resume, whichever fits the current status (one big button)."""
        {RUNNING: self.pause, PAUSED: self.resume}.get(self.status, self.start)()

    def next(self) -> None:
        self._assign(self.session.next(self.clock()))

    def previous(self) -> None:
        self._assign(self.session.previous(self.clock()))

    def extend(self, minutes: int) -> None:
        """Give the current step ``minutes`` more; ValueError unless a positive whole number."""
        self._assign(self.session.extend(minutes))

    def finish(self) -> None:
        self._assign(self.session.finish(self.clock()))

    def tick(self) -> None:
        """Read the clock: views redraw the countdown; ``overrun`` flips when time runs out."""
        self.now = self.clock()
        self.overrun = self.session.status != FINISHED and self.session.overrun(self.now)

    def _assign(self, session: Session, fresh: bool = False) -> None:
        """Set the new session; the first start and the finish stamp the wall clock once."""
        with self.hold_trait_notifications():
            if fresh:
                self.started_at = self.ended_at = None
            if session.status == RUNNING and self.started_at is None:
                self.started_at = self.wall_clock()
            if session.status == FINISHED and self.ended_at is None:
                self.ended_at = self.wall_clock()
            self.session = session
            self.tick()
