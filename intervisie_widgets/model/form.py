"""Evaluation forms: roles, scales and items (frozen values, standard library only)."""
from __future__ import annotations

from dataclasses import dataclass

from .text import Text

KINDS = ("session", "trajectory")
ITEM_TYPES = ("scale", "text")


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

    def label(self, lang: str) -> str:
        """The short name used in charts and tables (the id when the form gives none)."""
        return self.short.get(lang) if self.short else self.id

    def for_role(self, role: str) -> bool:
        return self.roles is None or role in self.roles


@dataclass(frozen=True)
class EvaluationForm:
    id: str
    kind: str
    title: Text
    intro: Text
    roles: tuple[FormRole, ...]
    items: tuple[FormItem, ...]

    @property
    def role_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.roles)

    def items_for(self, role: str) -> tuple[FormItem, ...]:
        return tuple(i for i in self.items if i.for_role(role))

    def common_scale_items(self) -> tuple[str, ...]:
        """Ids of the scale items every role answers on the form's most used scale (chart defaults)."""
        scales = [i.scale.id for i in self.items if i.type == "scale" and i.roles is None]
        main = max(set(scales), key=scales.count) if scales else None
        return tuple(i.id for i in self.items if i.type == "scale" and i.roles is None and i.scale.id == main)

    def item(self, item_id: str) -> FormItem:
        return next(i for i in self.items if i.id == item_id)

    def role_name(self, role: str, lang: str) -> str:
        return next((r.name.get(lang) for r in self.roles if r.id == role), role)
