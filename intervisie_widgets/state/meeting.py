"""Which stored group and meeting the session runner is for, who is present, and recording it.

Traitlets state, no widgets. A failure never raises into the page: it becomes ``notices`` — model
:class:`~intervisie_widgets.model.session.Notice` values or a store error with ``message(lang)``.
Without a group (``group is None``) the runner is a free session, as before: nothing is recorded.
"""
from __future__ import annotations

from dataclasses import dataclass

from traitlets import Instance, Int, List, Tuple

from ..model.group import Group
from ..model.meeting import MAX_NOTE, MAX_TITLE, record_from_session
from ..model.planning import PlannedSession, from_records, next_planned
from ..model.session import FINISHED, Notice, Roles, TextKey
from . import ownership
from .evaluation import StoreUser
from .session import SessionState

ROLE_KEYS = (("inbrenger", "meeting.role_inbrenger"), ("gespreksleider", "meeting.role_gespreksleider"),
             ("tijdbewaker", "meeting.role_tijdbewaker"))


@dataclass(frozen=True)
class Recorded:
    """What the last successful recording stored: the group, the meeting and how many were there."""

    code: str
    number: int
    present: int
    minutes: int
    title_dropped: bool  # a title was typed but the inbrenger did not agree, so it was not stored


class MeetingState(StoreUser):
    """The group (from the store), its plan and held meetings, the chosen meeting and attendance."""

    groups = List(help="Store.group_summaries(): code, name, members, trajectories, meetings")
    group = Instance(Group, allow_none=True, help="the chosen stored group, or None for a free session")
    plan = Tuple(help="the group's plan (PlannedSession), by number")
    held = Tuple(help="numbers of the meetings already recorded in the current trajectory")
    number = Int(0, help="the meeting being run (0 without a group)")
    present = Tuple(help="names of the members ticked as present, in member order")
    notices = Tuple(help="what went wrong in the last action (Notice or StoreError)")
    recorded = Instance(Recorded, allow_none=True, help="the last meeting recorded from this page")

    # ------------------------------------------------------------------ derived values
    @property
    def planned(self) -> PlannedSession | None:
        """The plan's entry for the chosen meeting; None for a meeting outside the plan."""
        return next((p for p in self.plan if p.number == self.number), None)

    @property
    def extra_number(self) -> int:
        """The number an unplanned meeting gets: one after every planned and held meeting."""
        return max([0, *(p.number for p in self.plan), *self.held]) + 1

    @property
    def present_participants(self) -> tuple[str, ...]:
        """Who takes part in the session: present members without the begeleider."""
        return tuple(n for n in self.group.participants if n in self.present) if self.group else ()

    def role_notices(self, chosen: Roles) -> tuple[Notice, ...]:
        """For each role the plan gives to an absent member while none is chosen: ask for another."""
        p = self.planned
        if self.group is None or p is None:
            return ()
        out = []
        for attr, key in ROLE_KEYS:
            name = getattr(p, attr)
            if name and name in self.group.names and name not in self.present and not getattr(chosen, attr):
                out.append(Notice("meeting.warn_absent_role", {"name": name, "role": TextKey(key)}))
        return tuple(out)

    # ------------------------------------------------------------------ actions
    def refresh_groups(self) -> None:
        """Read the stored groups for the chooser; a store problem becomes a notice."""
        from ..storage import StoreError

        try:
            self.groups = ownership.summaries(self.store())
            self.notices = ()
        except StoreError as exc:
            self.groups, self.notices = [], (exc,)

    def choose_group(self, code: str) -> bool:
        """Load group ``code`` with its plan and held meetings, select the next planned meeting and
        tick every member; ``""`` (or a failure, then with a notice) leaves a free session."""
        from ..storage import StoreError

        code = " ".join((code or "").split())
        with self.hold_trait_notifications():
            self.group, self.plan, self.held, self.number, self.present = None, (), (), 0, ()
            self.recorded, self.notices = None, ()
            if not code:
                return False
            try:
                store = self.store()
                refused = ownership.refusal(store, code)  # another trainer's group: nothing of it is read
                group = None if refused else store.load_group(code)
                if group is None:
                    self.notices = (refused or Notice("meeting.warn_unknown_group", {"code": code}),)
                    return False
                plan = from_records(store.load_plan(group.code))
                held = tuple(r.number for r in store.meetings(group.code))
            except StoreError as exc:
                self.notices = (exc,)
                return False
            nxt = next_planned(plan, held)
            self.group, self.plan, self.held = group, plan, held
            self.present = _expected(group, nxt)
            self.number = nxt.number if nxt else self.extra_number
        return True

    def choose_meeting(self, number: int) -> None:
        """Run meeting ``number`` (of the plan, or the unplanned extra one); the last recording's
        confirmation belongs to the meeting before, so it is cleared."""
        if self.group is not None:
            self.number, self.notices, self.recorded = int(number), (), None
            planned = next((p for p in self.plan if p.number == self.number), None)
            if planned is not None and self.group.begeleider:
                self.set_present(self.group.begeleider, planned.with_begeleider)

    def set_present(self, name: str, here: bool) -> None:
        """Tick or untick one member; the order stays the group's."""
        if self.group is None or name not in self.group.names:
            return
        chosen = (set(self.present) | {name}) if here else (set(self.present) - {name})
        self.present = tuple(n for n in self.group.names if n in chosen)

    def record(self, run: SessionState, title: str, consent: bool, note: str) -> bool:
        """Store the finished session as meeting ``number``; False with ``notices`` when refused.

        The title (leervraag or casus) is stored only with the inbrenger's consent; nothing typed
        is changed here, so a refused form can be corrected and sent again.
        """
        from ..storage import Rejected, StoreError

        problems = self._record_problems(run, title, consent, note)
        if problems:
            self.notices = problems
            return False
        kept = title if consent else ""
        record = record_from_session(run.session, self.number, run.started_at, run.ended_at, self.present,
                                     run.clock(), kept, note)
        try:
            store = self.store()
            store.record_meeting(self.group.code, record)
            held = tuple(r.number for r in store.meetings(self.group.code))
        except Rejected as exc:
            self.notices = exc.notices
            return False
        except StoreError as exc:
            self.notices = (exc,)
            return False
        with self.hold_trait_notifications():
            self.held, self.notices = held, ()
            self.recorded = Recorded(self.group.code, record.number, len(record.present), record.minutes,
                                     bool(title.strip()) and not consent)
        return True

    def _record_problems(self, run: SessionState, title: str, consent: bool, note: str) -> tuple[Notice, ...]:
        if self.group is None:
            return (Notice("meeting.warn_no_group"),)
        if run.status != FINISHED:
            return (Notice("meeting.warn_not_finished"),)
        if run.started_at is None:
            return (Notice("meeting.warn_not_started"),)
        out = []
        if consent and len(" ".join(title.split())) > MAX_TITLE:
            out.append(Notice("meeting.warn_title_too_long", {"n": len(" ".join(title.split())), "max": MAX_TITLE}))
        if len(note.strip()) > MAX_NOTE:
            out.append(Notice("meeting.warn_note_too_long", {"n": len(note.strip()), "max": MAX_NOTE}))
        return tuple(out)


def _expected(group, planned) -> tuple[str, ...]:
    """Who is ticked at the start: every member, but the begeleider only at a meeting planned
    met begeleider (or an unplanned one); the trainer corrects it by hand."""
    away = group.begeleider if planned is not None and not planned.with_begeleider else ""
    return tuple(n for n in group.names if n != away)
