"""Method selector: rank the methods for what the inbrenger wants, the group and the time."""
from __future__ import annotations

from dataclasses import dataclass

from .. import catalog
from ..model import Method, Text, Variant


@dataclass(frozen=True)
class Needs:
    """The answers to the selector's questions."""

    goal: str  # one of model.GOALS
    experience: str  # beginner | experienced
    minutes: int  # time available for one case
    online: bool
    group_size: int


@dataclass(frozen=True)
class Reason:
    """Why a method scores up or down: a text key from ``texts/selector.yaml`` with values."""

    key: str
    values: tuple[tuple[str, object], ...] = ()
    positive: bool = True
    note: bool = False  # neither for nor against, e.g. "partly reconstructed"
    own: Text | None = None  # the method's own wording of this reason (``goal_reasons``), from its source

    def text(self, lang: str) -> str:
        if self.own is not None:
            return self.own.get(lang)
        return catalog.text(f"selector.{self.key}", lang, **dict(self.values))


@dataclass(frozen=True)
class Recommendation:
    method: Method
    variant: Variant
    score: int
    reasons: tuple[Reason, ...]

    @property
    def fits(self) -> bool:
        """True when nothing speaks against the method."""
        return all(r.positive for r in self.reasons)


def _variant_for(method: Method, online: bool) -> Variant:
    for v in method.variants:
        if v.online == online:
            return v
    return method.default_variant


def minutes_per_case(method: Method, variant: Variant) -> int:
    """Time one case takes: the steps of one round (methods with rounds treat one case per round)."""
    return method.step_minutes if variant.rounds > 1 else max(method.step_minutes, variant.total_minutes)


def assess(method: Method, needs: Needs) -> Recommendation:
    """Score one method against the needs, with a reason for every point won or lost."""
    v = _variant_for(method, needs.online)
    reasons: list[Reason] = []
    score = 0
    if needs.goal in method.goals:
        score += 4
        reasons.append(Reason(f"goal_{needs.goal}", own=method.goal_reason(needs.goal)))
    else:
        score -= 2
        reasons.append(Reason(f"goal_not_{needs.goal}", positive=False))
    if needs.experience in method.experience:
        score += 2
        reasons.append(Reason(f"experience_{needs.experience}"))
    else:
        score -= 2
        reasons.append(Reason(f"experience_not_{needs.experience}", positive=False))
    if needs.experience == "beginner" and method.needs_safe_group:
        score -= 1
        reasons.append(Reason("needs_safe_group", positive=False))
    need_min = minutes_per_case(method, v)
    if need_min <= needs.minutes:
        score += 1
        reasons.append(Reason("time_ok", (("need", need_min), ("have", needs.minutes))))
    else:
        score -= 3
        reasons.append(Reason("time_short", (("need", need_min), ("have", needs.minutes)), positive=False))
    if needs.online:
        if v.online:
            score += 1
            reasons.append(Reason("online_variant", (("max", v.group_size.max),)))
        else:
            reasons.append(Reason("online_adapt", positive=False))
    if v.group_size.admits(needs.group_size):
        score += 1
        reasons.append(Reason("group_ok", (("min", v.group_size.min), ("max", v.group_size.max))))
    else:
        score -= 2
        reasons.append(Reason("group_off", (("n", needs.group_size), ("min", v.group_size.min),
                                            ("max", v.group_size.max)), positive=False))
    if method.reconstructed:
        reasons.append(Reason("reconstructed", note=True))
    return Recommendation(method, v, score, tuple(reasons))


def rank(needs: Needs, methods: tuple[Method, ...] | None = None) -> list[Recommendation]:
    """All methods, best fit first; on a tie a fitting, then a source-based method goes first."""
    pool = catalog.methods() if methods is None else methods
    scored = [assess(m, needs) for m in pool]
    return sorted(scored, key=lambda r: (-r.score, not r.fits, r.method.reconstructed))
