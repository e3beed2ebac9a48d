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


#: Seed 003's general rule: 5 to 8 people. A method or variant whose file names no size gets it.
DEFAULT_GROUP_SIZE = GroupSize(5, 8)

#: Where a step stands to the method's advice round (the banner on the walkthrough and session pages).
ADVICE_STATES: tuple[str, ...] = ("not_yet", "now", "done", "none")


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
    uses_question_set: bool = False  # the gespreksleider brings in the chosen question set here


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
    size_source: Text | None = None  # where the size limits come from (shown with a size warning)
    size_default: bool = False  # True: the file names no size, seed 003's general 5-8 applies


@dataclass(frozen=True)
class QuestionSet:
    """A fixed set of questions a method works through (e.g. the five questions)."""

    id: str
    name: Text
    description: Text
    questions: tuple[Text, ...]
    explanations: tuple[Text | None, ...] = ()  # one per question (None: none given), or empty

    def items(self) -> tuple[tuple[Text, Text | None], ...]:
        """Each question with its explanation (None where the source gives none)."""
        return tuple((q, self.explanations[i] if i < len(self.explanations) else None)
                     for i, q in enumerate(self.questions))


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
    #: Per goal, the method's own reason for the selector (what its source says), instead of the generic one.
    goal_reasons: tuple[tuple[str, Text], ...] = ()

    def goal_reason(self, goal: str) -> Text | None:
        return dict(self.goal_reasons).get(goal)

    @property
    def has_advice(self) -> bool:
        """True when some step of the method is an advice round."""
        return any(s.advice_allowed for s in self.steps)

    def advice_state(self, step_id: str) -> str:
        """``now`` in an advice step, ``none`` when the method has no advice round, ``not_yet``
        while an advice step is still to come, ``done`` after the last one (:data:`ADVICE_STATES`)."""
        index = next(i for i, s in enumerate(self.steps) if s.id == step_id)
        if self.steps[index].advice_allowed:
            return "now"
        if not self.has_advice:
            return "none"
        return "not_yet" if any(s.advice_allowed for s in self.steps[index + 1:]) else "done"

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

