"""What to arrange before a meeting, per method and format (frozen values, standard library only).

A :class:`PrepItem` is one line of the checklist: what to arrange, in which group it is shown
(room and materials, the people, online), for which formats it holds, and where it comes from:
a seed or other source, or ``reconstructed`` with a note saying what we added.
"""
from __future__ import annotations

from dataclasses import dataclass

from .text import Text

#: The groups of the checklist, in the order they are shown.
PREP_GROUPS: tuple[str, ...] = ("room", "people", "online")
#: The formats an item can hold for: a variant is ``online`` or ``in_person`` (its ``online`` flag).
FORMATS: tuple[str, ...] = ("in_person", "online")
#: The id of the entry whose items hold for every method.
GENERAL = "general"


def format_of(online: bool) -> str:
    """The format of a variant with this ``online`` flag."""
    return "online" if online else "in_person"


@dataclass(frozen=True)
class PrepItem:
    """One line of a preparation checklist."""

    id: str
    group: str
    text: Text
    formats: frozenset[str] = frozenset(FORMATS)
    source: Text | None = None
    reconstructed: bool = False
    note: Text | None = None  # what was added, for a reconstructed item

    def holds_for(self, online: bool) -> bool:
        return format_of(online) in self.formats


@dataclass(frozen=True)
class Preparation:
    """The items of one entry of the preparation file: ``general`` or one method's."""

    id: str
    items: tuple[PrepItem, ...]


@dataclass(frozen=True)
class Checklist:
    """The checklist of one method in one format: the general items, then the method's own."""

    method: str
    variant: str
    online: bool
    items: tuple[PrepItem, ...]

    def grouped(self) -> tuple[tuple[str, tuple[PrepItem, ...]], ...]:
        """(group, items) in :data:`PREP_GROUPS` order, groups without items left out."""
        out = []
        for group in PREP_GROUPS:
            items = tuple(i for i in self.items if i.group == group)
            if items:
                out.append((group, items))
        return tuple(out)

    @property
    def reconstructed(self) -> tuple[PrepItem, ...]:
        return tuple(i for i in self.items if i.reconstructed)

    def item(self, item_id: str) -> PrepItem:
        return next(i for i in self.items if i.id == item_id)
