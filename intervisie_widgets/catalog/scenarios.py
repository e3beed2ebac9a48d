"""Scripted practice scenarios (``content/scenarios/*.yaml`` plus ``$INTERVISIE_CONTENT_DIR/scenarios/``):
a case, a role, and per step of a method a situation with 3–4 options, each with feedback and a score.

Loaded once; a broken file is left out and reported as a :class:`~intervisie_widgets.catalog.Problem`
that names the file and field. Validation: the method exists, every step is a step of that method
(in the method's order, each once), every option has text and feedback in both languages, and each
step has exactly one best option.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Iterable

from ..model.scenario import DEFAULT_PRACTICE_PAGE, Option, Scenario, ScenarioStep
from ..model.text import LANGUAGES, Text
from . import method_files
from .loader import Kind, Problem, Reader, Source, find_by_id, load

MIN_OPTIONS, MAX_OPTIONS = 3, 4
LEARNER_ROLES: tuple[str, ...] = ("deelnemers", "inbrenger", "gespreksleider")


@dataclass(frozen=True)
class ScenarioCatalog:
    scenarios: tuple[Scenario, ...]
    problems: tuple[Problem, ...]

    def get(self, scenario_id: str) -> Scenario:
        return find_by_id(self.scenarios, scenario_id)


def _bilingual(r: Reader, data: dict, key: str, where: str) -> Text:
    """A text that must be given in every language (no fallback, unlike method texts)."""
    value = r.get(data, key, where, dict)
    field = f"{where}.{key}" if where else key
    for lang in LANGUAGES:
        v = value.get(lang)
        if not isinstance(v, str) or not v.strip():
            raise r.fail(f"{field}.{lang}", "is missing; give the text in nl and en")
    return Text(value["nl"].strip(), value["en"].strip())


def parse_scenario(data: Any, file: str, problems: list[Problem]) -> Scenario:
    """Build and validate one :class:`Scenario`; raise :class:`ContentError` on the first fault."""
    r = Reader(file, problems)
    if not isinstance(data, dict):
        raise r.fail("(top)", "the file should hold a mapping of fields")
    method_id = r.get(data, "method", "", str)
    try:
        method = method_files.method(method_id)
    except method_files.UnknownMethod:
        raise r.fail("method", f"unknown method {method_id!r}; known: {', '.join(method_files.method_catalog().ids)}") from None
    variant = r.get(data, "variant", "", str, method.default_variant.id)
    if variant not in {v.id for v in method.variants}:
        raise r.fail("variant", f"{method.id} has no variant {variant!r}")
    role = r.get(data, "role", "", str)
    if role not in LEARNER_ROLES:
        raise r.fail("role", f"unknown learner role {role!r}; allowed: {', '.join(LEARNER_ROLES)}")
    order = [s.id for s in method.steps]
    steps: list[ScenarioStep] = []
    for i, sd in enumerate(r.get(data, "steps", "", list), start=1):
        where = f"steps[{i}]"
        sid = r.get(sd, "step", where, str)
        if sid not in order:
            raise r.fail(f"{where}.step", f"{method.id} has no step {sid!r}; its steps: {', '.join(order)}")
        if steps and order.index(sid) <= order.index(steps[-1].step):
            raise r.fail(f"{where}.step", f"{sid!r} is out of order or repeated; follow the order of {method.id}")
        options = r.get(sd, "options", where, list)
        if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
            raise r.fail(f"{where}.options", f"needs {MIN_OPTIONS} to {MAX_OPTIONS} options, not {len(options)}")
        parsed = tuple(_option(r, od, f"{where}.options[{j}]") for j, od in enumerate(options, start=1))
        top = max(o.score for o in parsed)
        if sum(o.score == top for o in parsed) != 1:
            raise r.fail(f"{where}.options", f"needs exactly one best option; {top} is given more than once")
        steps.append(ScenarioStep(sid, _bilingual(r, sd, "situation", where), parsed))
    if not steps:
        raise r.fail("steps", "needs at least one step")
    end = r.get(data, "end", "", dict)
    return Scenario(
        id=r.get(data, "id", "", str), method=method.id, variant=variant,
        title=_bilingual(r, data, "title", ""), sector=_bilingual(r, data, "sector", ""),
        case=_bilingual(r, data, "case", ""), leervraag=_bilingual(r, data, "leervraag", ""),
        role=role, role_intro=_bilingual(r, data, "role_intro", ""), steps=tuple(steps),
        practise=_bilingual(r, end, "practise", "end"),
        practice_page=r.get(end, "link", "end", str, DEFAULT_PRACTICE_PAGE),
    )


def _option(r: Reader, data: dict, where: str) -> Option:
    score = r.get(data, "score", where, int)
    if score < 0:
        raise r.fail(f"{where}.score", f"should be 0 or more, not {score}")
    return Option(_bilingual(r, data, "text", where), _bilingual(r, data, "feedback", where), score)


#: Scenarios: ``content/scenarios/*.yaml`` plus ``$INTERVISIE_CONTENT_DIR/scenarios/``.
KIND = Kind("scenarios", parse_scenario, "scenario id")


def build_scenarios(sources: Iterable[Source | tuple[str, str]]) -> ScenarioCatalog:
    """Parse scenario files (:func:`~intervisie_widgets.catalog.loader.load`); broken files are skipped and reported."""
    loaded = load(KIND, sources)
    return ScenarioCatalog(loaded.items, loaded.problems)


def sources() -> list[Source]:
    """The packaged files, then the trainer's (read now, not cached)."""
    return KIND.sources()


@functools.cache
def catalog() -> ScenarioCatalog:
    """The scenarios of the kit (packaged plus the trainer's), loaded once."""
    return build_scenarios(sources())


def scenarios() -> tuple[Scenario, ...]:
    return catalog().scenarios


def scenario(scenario_id: str) -> Scenario:
    return catalog().get(scenario_id)


def record(s: Scenario) -> dict:
    """One scenario as the JSON of ``intervisie scenarios --json``."""
    def both(t: Text) -> dict:
        return {"nl": t.nl, "en": t.en}

    return {
        "id": s.id, "method": s.method, "title": both(s.title),
        "steps": [{"step": st.step, "options": [{"text": both(o.text), "feedback": both(o.feedback),
                                                  "score": o.score} for o in st.options]}
                  for st in s.steps],
    }
