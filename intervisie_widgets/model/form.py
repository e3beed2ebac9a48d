"""Evaluation forms: roles, scales and items (frozen values, standard library only).

An item can depend on the meeting's method: ``when`` names conditions on the method's steps
(:data:`CONDITIONS`: an advice step or none, a question set, a step without the inbrenger) and
``methods`` a list of method ids. Pages ask :meth:`EvaluationForm.items_for` with the meeting's
method; analysis, export and import ask without one (:data:`ANY_METHOD`: every item of the role,
retired ones included, so stored answers keep their meaning).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from .text import Text

KINDS = ("session", "trajectory")
ITEM_TYPES = ("scale", "text")
#: Conditions an item's ``when`` may name (all must hold), each read from the method's steps.
CONDITIONS = ("advice", "no_advice", "question_set", "inbrenger_absent")
#: Whom an item is about: the person's own role (``self``) or the one who leads the meeting.
ABOUT = ("self", "leader")
#: Pass as ``method`` for every item of a role, whatever the method (analysis, export, import).
ANY_METHOD: Any = object()


def condition_holds(condition: str, method: Any) -> bool:
    """Whether ``method`` (a :class:`~.method.Method`) meets one of :data:`CONDITIONS`."""
    steps = method.steps
    if condition == "advice":
        return any(s.advice_allowed for s in steps)
    if condition == "no_advice":
        return not any(s.advice_allowed for s in steps)
    if condition == "question_set":
        return any(s.uses_question_set for s in steps)
    if condition == "inbrenger_absent":
        return any(s.inbrenger_absent for s in steps)
    raise ValueError(condition)


def gives_turns(method: Any) -> bool:
    """True when the method gives several people a turn as inbrenger in one meeting (a variant
    with more than one round: each round has its own inbrenger, see ``Session.create``)."""
    return method is not None and any(v.rounds > 1 for v in method.variants)


@dataclass(frozen=True)
class Scale:
    id: str
    min: int
    max: int
    labels: tuple[tuple[int, Text], ...] = ()

    def label(self, value: int, lang: str) -> str:
        return next((t.get(lang) for v, t in self.labels if v == value), "")


@dataclass(frozen=True)
class FormRole:
    id: str
    name: Text


@dataclass(frozen=True)
class FormItem:
    id: str
    type: str
    text: Text
    roles: frozenset[str] | None  # None: every role of the form
    scale: Scale | None = None
    max_length: int = 0
    short: Text | None = None
    when: frozenset[str] = frozenset()
    methods: frozenset[str] | None = None  # None: every method
    about: str = "self"
    retired: bool = False  # kept for stored answers, never asked again

    def label(self, lang: str) -> str:
        """The short name used in charts and tables (the id when the form gives none)."""
        return self.short.get(lang) if self.short else self.id

    def for_role(self, role: str) -> bool:
        return self.roles is None or role in self.roles

    def applies(self, method: Any = ANY_METHOD) -> bool:
        """Whether the item is asked in a meeting with ``method`` (None: the method is not known,
        so only items without a condition are asked)."""
        if method is ANY_METHOD:
            return True
        if self.retired:
            return False
        if method is None:
            return not self.when and self.methods is None
        if self.methods is not None and method.id not in self.methods:
            return False
        return all(condition_holds(c, method) for c in self.when)


@dataclass(frozen=True)
class EvaluationForm:
    id: str
    kind: str
    title: Text
    intro: Text
    roles: tuple[FormRole, ...]
    items: tuple[FormItem, ...]
    #: Roles one person may evaluate together in a method that gives each a turn (:func:`gives_turns`).
    turn_roles: tuple[str, ...] = ()
    #: The role that leads the meeting: ``about: leader`` items are the others' feedback on it.
    leader_role: str = ""

    @property
    def role_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.roles)

    def items_for(self, role: str, method: Any = ANY_METHOD) -> tuple[FormItem, ...]:
        """The items ``role`` answers in a meeting with ``method`` (see :meth:`FormItem.applies`)."""
        return tuple(i for i in self.items if i.for_role(role) and i.applies(method))

    def role_sets(self, method: Any) -> tuple[tuple[str, ...], ...]:
        """The roles one person may evaluate in one meeting with ``method``: each role alone, and
        the :attr:`turn_roles` together when the method gives everyone a turn."""
        sets = tuple((r,) for r in self.role_ids)
        if len(self.turn_roles) > 1 and gives_turns(method):
            sets += (self.turn_roles,)
        return sets

    def ordered_roles(self, roles: Iterable[str]) -> tuple[str, ...]:
        """``roles`` without repeats, in the form's order (unknown ids at the end, as given)."""
        wanted = list(dict.fromkeys(roles))
        return tuple(r for r in self.role_ids if r in wanted) + tuple(r for r in wanted if r not in self.role_ids)

    def allows_roles(self, roles: Iterable[str], method: Any) -> bool:
        """Whether one person may evaluate exactly ``roles`` together in a meeting with ``method``."""
        wanted = set(roles)
        return any(wanted == set(s) for s in self.role_sets(method))

    def items_by_role(self, roles: Iterable[str], method: Any = ANY_METHOD) -> tuple[tuple[str, FormItem], ...]:
        """(role, item) for a person with ``roles``: every item once, with the first of the roles
        (form order) that answers it, in form order."""
        roles = self.ordered_roles(roles)
        seen, out = set(), []
        for role in roles:
            for item in self.items_for(role, method):
                if item.id not in seen:
                    seen.add(item.id)
                    out.append((role, item))
        return tuple(sorted(out, key=lambda pair: self.items.index(pair[1])))

    def sections(self, roles: Iterable[str], method: Any = ANY_METHOD) -> tuple[tuple[str, tuple], ...]:
        """:meth:`items_by_role` in the parts a page shows, each (part, pairs): ``meeting`` (scale
        items of every role), one part per role id (its own items), ``leader`` (the feedback on
        the one who led) and ``reflection`` (the open questions of every role); empty parts left out."""
        def part(role: str, item: FormItem) -> str:
            if item.about == "leader":
                return "leader"
            if item.roles is None:
                return "meeting" if item.type == "scale" else "reflection"
            return role
        pairs = self.items_by_role(roles, method)
        order = ("meeting", *self.ordered_roles(roles), "leader", "reflection")
        return tuple((p, tuple(x for x in pairs if part(*x) == p)) for p in order
                     if any(part(*x) == p for x in pairs))

    def common_scale_items(self) -> tuple[str, ...]:
        """Ids of the scale items every role answers on the form's most used scale (chart defaults)."""
        common = [i for i in self.items if i.type == "scale" and i.roles is None and not i.retired]
        scales = [i.scale.id for i in common]
        main = max(set(scales), key=scales.count) if scales else None
        return tuple(i.id for i in common if i.scale.id == main)

    def item(self, item_id: str) -> FormItem:
        return next(i for i in self.items if i.id == item_id)

    def role_name(self, role: str, lang: str) -> str:
        return next((r.name.get(lang) for r in self.roles if r.id == role), role)
