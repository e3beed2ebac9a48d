"""Realistic synthetic trajectories for demonstrations, tests and benchmarks (fixed seed).

Per group: 5–8 participants and a plan following seed 001 (met begeleider in sessions 1–3, 6
and 10). Scores rise over the sessions (safety most), dip in sessions without begeleider, vary
per person, and some responses are missing (now and then a session with only two responses, so
the minimum-group rule shows). The last session also has the end-of-trajectory evaluation.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import yaml

from .. import catalog
from ..catalog import forms
from ..model.planning import default_with_begeleider
from ..storage import Store, Submission, participant_key

#: (base at the start, rise over the trajectory, dip without begeleider) per 5-point item.
ITEM_MODEL = {
    "veiligheid": (2.9, 1.5, 0.5), "leeropbrengst": (3.1, 1.0, 0.4), "procesbewaking": (3.3, 0.8, 0.8),
    "kwaliteit_vragen": (2.8, 1.2, 0.5), "gehoord": (3.4, 1.0, 0.3), "vragen_hielpen": (3.1, 1.0, 0.4),
    "volgende_stap": (3.0, 0.9, 0.3), "open_vragen": (2.8, 1.3, 0.4), "advies_bewaard": (2.5, 1.6, 0.6),
    "doorvragen": (2.9, 1.1, 0.4), "meta_positie": (3.5, 0.9, 0.0), "stappen_tijd": (3.7, 0.7, 0.0),
    "ingegrepen": (3.6, 0.6, 0.0),
}
METHODS = ("vijf-vragen", "incidentmethode", "tien-stappen", "vier-fasen", "negen-stappen")


@dataclass(frozen=True)
class DemoStats:
    groups: int
    sessions: int
    responses: int


def _texts() -> dict:
    return yaml.safe_load(catalog.CONTENT.joinpath("demo.yaml").read_text(encoding="utf-8"))


def _likert(rng, value: float) -> int:
    return int(np.clip(np.rint(value + rng.normal(0, 0.55)), 1, 5))


def group_submissions(code: str, n_sessions: int, rng: np.random.Generator, lang: str = "nl",
                      start: dt.date = dt.date(2026, 1, 12)) -> tuple[list[dict], list[Submission]]:
    """The plan and the submissions of one synthetic group."""
    session_form, end_form = forms.session_form(), forms.trajectory_form()
    texts = _texts()
    size = int(rng.integers(5, 9))
    people = [f"deelnemer-{i + 1}" for i in range(size)]
    person_effect = rng.normal(0, 0.35, size)
    group_effect = rng.normal(0, 0.25)
    first = start + dt.timedelta(days=int(rng.integers(0, 60)))
    plan, subs = [], []
    for s in range(1, n_sessions + 1):
        met = default_with_begeleider(s)
        date = first + dt.timedelta(weeks=3 * (s - 1))
        inbrenger = (s - 1) % size
        plan.append({"number": s, "date": date.isoformat(), "method": METHODS[int(rng.integers(len(METHODS)))],
                     "inbrenger": people[inbrenger], "with_begeleider": met, "assumed": False})
        progress = (s - 1) / max(1, n_sessions - 1)
        thin = rng.random() < 0.06  # now and then a session where almost nobody responds
        respondents = [(p, "inbrenger" if i == inbrenger else "deelnemer", person_effect[i])
                       for i, p in enumerate(people)]
        if met:
            respondents.append((f"begeleider-{code}", "begeleider", 0.2))
        for who, role, effect in respondents:
            if rng.random() > (0.3 if thin else 0.88):
                continue
            answers = {}
            for item in session_form.items_for(role):
                if item.type == "scale" and item.id in ITEM_MODEL:
                    base, rise, dip = ITEM_MODEL[item.id]
                    level = base + rise * progress - (0 if met else dip)
                    answers[item.id] = _likert(rng, level + effect + group_effect)
            core = np.mean([answers[k] for k in ("veiligheid", "leeropbrengst") if k in answers])
            answers["rapportcijfer"] = int(np.clip(np.rint(2.9 + 1.1 * core + rng.normal(0, 0.6)), 1, 10))
            if rng.random() < 0.7:
                answers["les"] = str(rng.choice(texts["lessons"][lang]))
                answers["les_gebruik"] = str(rng.choice(texts["uses"][lang]))
            when = dt.datetime.combine(date, dt.time(16, 0)) + dt.timedelta(minutes=int(rng.integers(0, 240)))
            common = {"submitted_at": when, "session_date": date, "with_begeleider": met, "group_size": size}
            subs.append(Submission(code, s, role, participant_key(code, who), session_form.id, "session",
                                   answers, **common))
            if s == n_sessions and role != "begeleider":
                end = {i.id: _likert(rng, 3.6 + effect) for i in end_form.items if i.type == "scale"
                       and i.scale.max == 5}
                end["traject_cijfer"] = int(np.clip(np.rint(7.2 + effect * 2 + rng.normal(0, 0.7)), 1, 10))
                subs.append(Submission(code, s, role, participant_key(code, who), end_form.id, "trajectory",
                                       end, **common))
    return plan, subs


def demo_codes(groups: int, prefix: str = "DEMO") -> list[str]:
    return [f"{prefix}-{i + 1:02d}" for i in range(groups)]


def make_demo(store: Store, groups: int = 20, sessions: int = 10, seed: int = 1, prefix: str = "DEMO",
              lang: str = "nl", progress=None) -> DemoStats:
    """Add demo groups to ``store``; :class:`FileExistsError` (nothing written) when they exist."""
    codes = demo_codes(groups, prefix)
    existing = {c.lower() for c in store.groups()}
    if any(c.lower() in existing for c in codes):
        raise FileExistsError(prefix)
    rng = np.random.default_rng(seed)
    plans, subs = {}, []
    for code in codes:
        plans[code], group_subs = group_submissions(code, sessions, rng, lang)
        subs.extend(group_subs)
    store.add_submissions(subs, progress)
    for code, plan in plans.items():
        store.save_plan(code, plan)
    return DemoStats(groups, groups * sessions, len(subs))
