"""State of the group page: the group being edited, the stored groups, save / open / delete.

Actions never raise for bad input: they keep what was entered and say why in ``notice`` (adding
or changing a member) or ``problems`` (saving, opening, deleting). A refusal of the store
(``Rejected``) brings its notices; any other store error becomes ``group.store_failed``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from traitlets import Bool, Instance, List, Tuple, Unicode

from .. import catalog
from ..catalog import goals
from ..model.group import (
    CONTRACT_PARTS,
    MAX_CODE,
    Contract,
    Group,
    InvalidMember,
    Member,
    group_checks,
    same_name,
    save_notices,
)
from ..model.session import Notice
from . import ownership
from .evaluation import StoreUser


def clean_code(code: str) -> str:
    """A group code as the pages use it: spaces squeezed, at most MAX_CODE characters."""
    return " ".join((code or "").split())[:MAX_CODE]


def store_problems(exc) -> tuple[Notice, ...]:
    """The notices of a store refusal, or one ``group.store_failed`` naming the error."""
    notices = getattr(exc, "notices", None)
    return tuple(notices) if notices else (Notice("group.store_failed", {"error": exc}),)


class GroupState(StoreUser):
    """The group being set up (members, goal, contract), its chosen format and the stored groups."""

    group = Instance(Group, args=(), help="code, name, members, goal, contract and the date it was agreed")
    method_id = Unicode("vier-fasen", help="method whose variant sets the format limits")
    variant_id = Unicode("in-person", help="the chosen format (variant) of that method")
    notice = Instance(Notice, allow_none=True, help="why a member could not be added or changed")
    stored = List(help="the stored groups (Store.group_summaries)")
    loaded_code = Unicode(help="the code of the group as stored; '' while it is new")
    outcome = Instance(Notice, allow_none=True, help="what the last save, open or delete did")
    problems = Tuple(help="why the last save, open or delete could not be done (Notices)")
    confirm_delete = Bool(False, help="the delete question is showing")
    editing = Unicode(help="the name of the member whose details are in the inputs to change ('' to add)")

    @property
    def contract(self) -> Contract:
        return self.group.contract

    # ------------------------------------------------------------------ members
    def add_member(self, name: str, initials: str = "", level: str = "medewerker", years: int = 0,
                   manages: str = "", begeleider: bool = False) -> bool:
        """Add a member; False (and ``notice`` set) for an empty or duplicate name or bad years."""
        try:
            group = self.group.with_member(Member(name, initials, level, years, manages))
        except InvalidMember as exc:
            self.notice = exc.notice
            return False
        self.group = group if not begeleider else self._with_begeleider(group, group.members[-1].name)
        self.notice = None
        return True

    def update_member(self, old: str, name: str, initials: str = "", level: str = "medewerker",
                      years: int = 0, manages: str = "", begeleider: bool = False) -> bool:
        """Replace member ``old`` in place (a new name is followed by whoever managed them)."""
        index = next((i for i, m in enumerate(self.group.members) if same_name(m.name, old)), None)
        if index is None:
            return self.add_member(name, initials, level, years, manages, begeleider)
        rest = self.group.without(old)
        try:
            changed = rest.with_member(Member(name, initials, level, years, manages))
        except InvalidMember as exc:
            self.notice = exc.notice
            return False
        new = changed.members[-1]
        others = [replace(m, manages=new.name) if same_name(m.manages, old) else m
                  for m in self.group.members if not same_name(m.name, old)]
        others.insert(index, replace(new, begeleider=self.group.members[index].begeleider))
        group = replace(self.group, members=tuple(others))
        self.group = self._with_begeleider(group, new.name, begeleider)
        self.notice = None
        return True

    def start_edit(self, name: str) -> Member | None:
        """Choose the member to change; returns their details for the inputs."""
        member = self.group.member(name)
        self.editing, self.notice = (member.name if member else ""), None
        return member

    def stop_edit(self) -> None:
        self.editing, self.notice = "", None

    def submit_member(self, name: str, initials: str = "", level: str = "medewerker", years: int = 0,
                      manages: str = "", begeleider: bool = False) -> bool:
        """Add the member, or change the one being edited; the edit ends when it worked."""
        if not self.editing:
            return self.add_member(name, initials, level, years, manages, begeleider)
        ok = self.update_member(self.editing, name, initials, level, years, manages, begeleider)
        if ok:
            self.editing = ""
        return ok

    def remove_member(self, name: str) -> None:
        """Take a member off the list (the store refuses it on save if they have attendance)."""
        self.group = self.group.without(name)
        self.notice = None
        if same_name(self.editing, name):
            self.editing = ""

    def set_begeleider(self, name: str, on: bool = True) -> None:
        """Make ``name`` the group's one begeleider (or no longer the begeleider)."""
        self.group = self._with_begeleider(self.group, name, on)

    @staticmethod
    def _with_begeleider(group: Group, name: str, on: bool = True) -> Group:
        members = tuple(replace(m, begeleider=on) if same_name(m.name, name)
                        else replace(m, begeleider=False) if on else m for m in group.members)
        return replace(group, members=members)

    # ------------------------------------------------------------------ the rest of the group
    def set_code(self, code: str) -> None:
        self.group = replace(self.group, code=code)

    def set_name(self, name: str) -> None:
        self.group = replace(self.group, name=name)

    def set_goal(self, goal: str) -> None:
        self.group = replace(self.group, goal=goal)

    def set_goals(self, ids) -> None:
        """Choose seed 001's goals (``content/goals.yaml``) for the group; unknown ids are left out."""
        chosen = goals.group_goals().known(ids)
        self.group = replace(self.group, contract=replace(self.group.contract, goals=chosen))

    def set_agreed(self, date: dt.date | None) -> None:
        """The date the group agreed the contract (None: not yet)."""
        self.group = replace(self.group, contract_agreed=date)

    def set_part(self, part: str, text: str) -> None:
        """Set one of the six contract parts (``group.CONTRACT_PARTS``)."""
        if part not in CONTRACT_PARTS:
            raise KeyError(part)
        self.group = replace(self.group, contract=replace(self.group.contract, **{part: text}))

    def set_format(self, method_id: str, variant_id: str) -> None:
        m = catalog.method(method_id)
        with self.hold_trait_notifications():
            self.method_id = m.id
            self.variant_id = m.variant(variant_id).id

    def checks(self) -> tuple[Notice, ...]:
        """Seed 003's composition checks and the format's size limits (seed 004), over the
        participants: the begeleider is not one of the group's members in that sense."""
        m = catalog.method(self.method_id)
        v = m.variant(self.variant_id)
        participants = replace(self.group, members=tuple(x for x in self.group.members if not x.begeleider))
        return group_checks(participants, v, v.name)

    def filled_contract(self, lang: str = "nl") -> Contract:
        """The contract with the goal (the group's own and the chosen goals of seed 001) and the
        names taken from the group where left empty."""
        c, g = self.group.contract, goals.group_goals()
        chosen = ", ".join(g.goal(x).text.get(lang) for x in g.known(c.goals))
        line = catalog.text("goals.contract_line", lang, goals=chosen) if chosen else ""
        goal = c.goal or "\n".join(x for x in (self.group.goal, line) if x)
        return replace(c, goal=goal, names=c.names or "\n".join(self.group.participants))

    # ------------------------------------------------------------------ the store
    def _done(self, outcome: Notice | None = None, problems: tuple = ()) -> bool:
        with self.hold_trait_notifications():
            self.outcome, self.problems = outcome, tuple(problems)
        return not problems

    def refresh_stored(self) -> bool:
        """Read the list of stored groups; on a store error the list stays and ``problems`` says why."""
        from ..storage import StoreError

        try:
            self.stored = ownership.summaries(self.store())
        except StoreError as exc:
            return self._done(None, store_problems(exc))
        return True

    def save(self) -> bool:
        """Store the group (Store.save_group); on a refusal nothing typed or stored changes."""
        from ..storage import StoreError

        group = replace(self.group, code=clean_code(self.group.code))
        problems = save_notices(group)
        if problems:
            return self._done(None, problems)
        try:
            store = self.store()
            taken = ownership.refusal(store, group.code, "change") or self._code_taken(store, group.code)
            if taken:
                return self._done(None, (taken,))
            code = store.save_group(group)
        except StoreError as exc:
            return self._done(None, store_problems(exc))
        with self.hold_trait_notifications():
            self.group, self.loaded_code = replace(group, code=code), code
            self._done(Notice("group.saved", {"code": code, "n": len(group.members)}))
        self.refresh_stored()
        return True

    def _code_taken(self, store, code: str) -> Notice | None:
        """Saving a new group under the code of another stored group with members would replace it;
        an opened group keeps its code (its evaluations, reflections and join codes are keyed by it),
        so a changed code would silently make a copy beside it: refused as well."""
        if self.loaded_code and self.loaded_code.casefold() == code.casefold():
            return None
        if self.loaded_code:
            return Notice("group.warn_code_fixed", {"code": self.loaded_code, "new": code})
        existing = store.load_group(code)
        if existing is not None and existing.members:
            return Notice("group.warn_code_taken", {"code": existing.code})
        return None

    def open(self, code: str) -> bool:
        """Load the stored group ``code`` to edit; an unknown code starts a new group with that code."""
        from ..storage import StoreError

        code = clean_code(code)
        try:
            refused = ownership.refusal(self.store(), code)  # another trainer's group: nothing of it is read
            group = self.store().load_group(code) if code and not refused else None
        except StoreError as exc:
            return self._done(None, store_problems(exc))
        with self.hold_trait_notifications():
            self.confirm_delete, self.notice, self.editing = False, None, ""
            if refused:
                self.group, self.loaded_code = Group(), ""
                return self._done(None, (refused,))
            if group is None:
                self.group, self.loaded_code = Group(code=code), ""
                return self._done(None, (Notice("group.not_stored", {"code": code}),))
            self.group, self.loaded_code = group, group.code
            return self._done(Notice("group.opened", {"code": group.code, "n": len(group.members)}))

    def new(self) -> None:
        """Start an empty new group (nothing stored changes)."""
        with self.hold_trait_notifications():
            self.group, self.loaded_code, self.confirm_delete, self.notice = Group(), "", False, None
            self.editing = ""
            self._done()

    def ask_delete(self) -> None:
        """Show the delete question (only for a stored group)."""
        if self.loaded_code:
            self.confirm_delete = True
        else:
            self._done(None, (Notice("group.warn_delete_unsaved"),))

    def cancel_delete(self) -> None:
        self.confirm_delete = False

    def delete(self) -> bool:
        """After Yes: Store.delete_group (members, attendance, meetings, contract go; evaluations stay)."""
        from ..storage import StoreError

        code, self.confirm_delete = self.loaded_code, False
        if not code:
            return self._done(None, (Notice("group.warn_delete_unsaved"),))
        try:
            self.store().delete_group(code)
        except StoreError as exc:
            return self._done(None, store_problems(exc))
        with self.hold_trait_notifications():
            self.group, self.loaded_code, self.editing = Group(), "", ""
            self._done(Notice("group.deleted", {"code": code}))
        self.refresh_stored()
        return True
