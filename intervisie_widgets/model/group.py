"""An intervisie group and the checks of seed 003 (composition) and of the method's own size limits.

Standard library only; frozen values. Checks return :class:`~intervisie_widgets.session.Notice`
values (a text key plus the values that fill it), so the views can say each one in the user's
language, with its reason. Names go in as a tuple, which the texts say as a list ("Fien en Gert").
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Sequence

from .method import DEFAULT_GROUP_SIZE, Variant
from .session import Notice, TextKey

#: Hierarchical function levels, low to high. Members at different levels share no equal footing.
LEVELS: tuple[str, ...] = ("medewerker", "coordinator", "leidinggevende", "directie")
#: Seed 003: 5 to 8 people (the general rule, for a method or variant that names no size of its own).
MIN_SIZE, MAX_SIZE = DEFAULT_GROUP_SIZE.min, DEFAULT_GROUP_SIZE.max
#: What a stored group may hold at most (begeleider included): far above any method's limit.
MAX_MEMBERS = 20
#: Group codes: short enough to type, stored trimmed.
MAX_CODE = 64
#: Experience bands (years) for the "mix of experience" check; the band edges are our own choice.
BANDS: tuple[tuple[str, int, int], ...] = (("starter", 0, 2), ("ervaren", 3, 9), ("zeer_ervaren", 10, 99))


# --------------------------------------------------------------------------- intervisiecontract
CONTRACT_PARTS: tuple[str, ...] = ("goal", "safety", "dates", "names", "room", "inbreng")


@dataclass(frozen=True)
class Contract:
    """The intervisiecontract of seed 003: its six parts, as text the group agreed on."""

    goal: str = ""
    safety: str = ""
    dates: str = ""
    names: str = ""
    room: str = ""
    inbreng: str = ""
    #: The ids of seed 001's goals the group chose (``content/goals.yaml``), stored with the contract.
    goals: tuple[str, ...] = ()

    def parts(self) -> tuple[tuple[str, str], ...]:
        return tuple((p, getattr(self, p)) for p in CONTRACT_PARTS)

    @property
    def missing(self) -> tuple[str, ...]:
        """The parts still empty."""
        return tuple(p for p, v in self.parts() if not v.strip())


@dataclass(frozen=True)
class Member:
    """One group member as entered on the set-up page."""

    name: str
    initials: str = ""
    level: str = LEVELS[0]
    years: int = 0
    manages: str = ""  # the name of another member this person is leidinggevende of, if any
    begeleider: bool = False  # the group's begeleider (trainer), not a participant

    @property
    def short(self) -> str:
        """The initials, or initials made from the name."""
        return self.initials or "".join(part[0].upper() for part in self.name.split() if part)


class InvalidMember(ValueError):
    """A member cannot be added; ``notice`` says why."""

    def __init__(self, notice: Notice):
        super().__init__(notice.key)
        self.notice = notice


def same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@dataclass(frozen=True)
class Group:
    """An intervisie group: its code and name, members, goal and intervisiecontract."""

    members: tuple[Member, ...] = ()
    goal: str = ""
    code: str = ""
    name: str = ""
    contract: Contract = Contract()
    contract_agreed: dt.date | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.members)

    @property
    def participants(self) -> tuple[str, ...]:
        """The members who take part in the meetings (everyone but the begeleider)."""
        return tuple(m.name for m in self.members if not m.begeleider)

    @property
    def begeleider(self) -> str:
        """The name of the group's begeleider, or an empty string."""
        return next((m.name for m in self.members if m.begeleider), "")

    def member(self, name: str) -> Member | None:
        return next((m for m in self.members if same_name(m.name, name)), None)

    def with_member(self, member: Member) -> "Group":
        """A group with ``member`` added; :class:`InvalidMember` for an empty or duplicate name or bad years."""
        name = " ".join(member.name.split())
        if not name:
            raise InvalidMember(Notice("group.warn_name_empty"))
        if any(same_name(name, m.name) for m in self.members):
            raise InvalidMember(Notice("group.warn_duplicate_name", {"name": name}))
        if not isinstance(member.years, int) or not 0 <= member.years <= 60:
            raise InvalidMember(Notice("group.warn_years", {"name": name}))
        if member.level not in LEVELS:
            raise InvalidMember(Notice("group.warn_level", {"name": name}))
        return replace(self, members=self.members + (replace(member, name=name, initials=member.initials.strip()),))

    def without(self, name: str) -> "Group":
        """The group without ``name``; who that person managed is cleared with them."""
        kept = tuple(replace(m, manages="") if same_name(m.manages, name) else m
                     for m in self.members if not same_name(m.name, name))
        return replace(self, members=kept)


def band(years: int) -> str:
    return next((b for b, lo, hi in BANDS if lo <= years <= hi), BANDS[-1][0])


def size_notices(n: int, variant: Variant | None = None, format_name: object = "",
                 general: bool = True) -> tuple[Notice, ...]:
    """At most one size warning. With a ``variant``: its own limits, with the reason its source
    gives (seed 003's 5-8 rule and its reasons when the method names no size). Without one, seed
    003's rule, unless ``general`` is False."""
    if not n:
        return ()
    if variant is None or variant.size_default:
        if variant is None and not general:
            return ()
        lo, hi = (variant.group_size.min, variant.group_size.max) if variant else (MIN_SIZE, MAX_SIZE)
        if n < lo:
            return (Notice("group.warn_too_small", {"n": n, "min": lo}),)
        if n > hi:
            return (Notice("group.warn_too_big", {"n": n, "max": hi}),)
        return ()
    if variant.group_size.admits(n):
        return ()
    return (Notice("group.warn_format_size", {"n": n, "format": format_name or variant.name,
                                              "min": variant.group_size.min, "max": variant.group_size.max,
                                              "why": variant.size_source or ""}),)


def duplicate_notices(names: Sequence[str]) -> tuple[Notice, ...]:
    """One notice per name that appears more than once (case and spacing ignored)."""
    seen: list[str] = []
    dups: list[str] = []
    for n in names:
        if any(same_name(n, s) for s in seen):
            if not any(same_name(n, d) for d in dups):
                dups.append(n)
        else:
            seen.append(n)
    return tuple(Notice("group.warn_duplicate_name", {"name": " ".join(d.split())}) for d in dups)


def group_checks(group: Group, variant: Variant | None = None, format_name: object = "") -> tuple[Notice, ...]:
    """Every composition check of seed 003, plus the size limits of the chosen method and variant."""
    ms = group.members
    out = list(size_notices(len(ms), variant, format_name))
    levels = {m.level for m in ms}
    if len(levels) > 1:
        low = min(LEVELS.index(lv) for lv in levels)
        higher = tuple(m.name for m in ms if LEVELS.index(m.level) > low)
        key = "group.warn_levels" if len(higher) == 1 else "group.warn_levels_many"
        out.append(Notice(key, {"names": higher}))
    names = group.names
    for m in ms:
        if m.manages and any(same_name(m.manages, n) for n in names):
            out.append(Notice("group.warn_manager", {"manager": m.name, "member": m.manages}))
    if len(ms) >= 2 and len({band(m.years) for m in ms}) == 1:
        out.append(Notice("group.warn_experience_same", {"band": TextKey(f"group.band_{band(ms[0].years)}")}))
    shorts: dict[str, list[str]] = {}
    for m in ms:
        shorts.setdefault(m.short.casefold(), []).append(m.name)
    for names_ in shorts.values():
        if len(names_) > 1:
            out.append(Notice("group.warn_duplicate_initials", {"names": tuple(names_)}))
    return tuple(out)


def save_notices(group: Group) -> tuple[Notice, ...]:
    """Why a group cannot be stored as it is: no code, no members, too many, a duplicate name,
    more than one begeleider. (The composition checks of seed 003 only warn.)"""
    out = []
    code = " ".join(group.code.split())
    if not code or len(code) > MAX_CODE:
        out.append(Notice("group.warn_code", {"max": MAX_CODE}))
    if not group.members:
        out.append(Notice("group.warn_no_members"))
    elif len(group.members) > MAX_MEMBERS:
        out.append(Notice("group.warn_too_many_members", {"n": len(group.members), "max": MAX_MEMBERS}))
    out += duplicate_notices(group.names)
    if sum(m.begeleider for m in group.members) > 1:
        out.append(Notice("group.warn_two_begeleiders",
                          {"names": tuple(m.name for m in group.members if m.begeleider)}))
    return tuple(out)
