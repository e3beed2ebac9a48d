"""Intervisie methods: steps, variants, question sets (frozen values, standard library only)."""
from __future__ import annotations

from dataclasses import dataclass

from .text import Text

#: Who speaks during a step. ``individual`` is silent, individual work (writing).
SPEAKERS: tuple[str, ...] = ("inbrenger", "deelnemers", "gespreksleider", "all", "individual")

#: What an inbrenger may want from a session (method selector).
GOALS: tuple[str, ...] = ("solution", "own_role", "success", "emotions", "insight")

#: Experience levels a method suits.
EXPERIENCE: tuple[str, ...] = ("beginner", "experienced")


@dataclass(frozen=True)
class GroupSize:
    """Inclusive bounds on the number of participants."""

    min: int
    max: int

    def admits(self, n: int) -> bool:
        return self.min <= n <= self.max


@dataclass(frozen=True)
class Step:
    """One step (phase, ronde) of a method."""

    id: str
    name: Text
    what: Text
    speaker: str
    minutes: int
    rules: Text
    inbrenger_absent: bool = False
    advice_allowed: bool = False


@dataclass(frozen=True)
class Variant:
    """A way to run a method: in person or online, with its own limits."""

    id: str
    name: Text
    online: bool
    group_size: GroupSize
    total_minutes: int
    rounds: int = 1
    pause_minutes: int = 0


@dataclass(frozen=True)
class QuestionSet:
    """A fixed set of questions a method works through (e.g. the five questions)."""

    id: str
    name: Text
    description: Text
    questions: tuple[Text, ...]
    explanations: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Method:
    """An intervisie method with its steps, roles and the facts to choose it by."""

    id: str
    name: Text
    purpose: Text
    when: Text
    source: Text
    roles: tuple[str, ...]
    steps: tuple[Step, ...]
    variants: tuple[Variant, ...]
    goals: frozenset[str] = frozenset()
    experience: frozenset[str] = frozenset()
    aliases: tuple[str, ...] = ()
    reconstructed: bool = False
    reconstructed_note: Text | None = None
    question_sets: tuple[QuestionSet, ...] = ()
    needs_safe_group: bool = False

    @property
    def step_minutes(self) -> int:
        """Minutes of one round through all steps."""
        return sum(s.minutes for s in self.steps)

    @property
    def default_variant(self) -> Variant:
        return self.variants[0]

    @property
    def group_size(self) -> GroupSize:
        """The widest group size over all variants."""
        return GroupSize(
            min(v.group_size.min for v in self.variants),
            max(v.group_size.max for v in self.variants),
        )

    @property
    def total_minutes(self) -> int:
        return self.default_variant.total_minutes

    def variant(self, variant_id: str | None) -> Variant:
        for v in self.variants:
            if v.id == variant_id:
                return v
        return self.default_variant

    def matches(self, key: str) -> bool:
        """True when ``key`` is this method's id or one of its aliases (case-insensitive)."""
        k = key.strip().lower()
        return k == self.id or k in (a.lower() for a in self.aliases)

