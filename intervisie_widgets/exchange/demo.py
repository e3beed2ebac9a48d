"""Realistic synthetic trajectories for demonstrations, tests and benchmarks (fixed seed).

Per group: 5–8 participants with first names and a begeleider, the intervisiecontract, and a
stored plan following seed 001 (met begeleider in sessions 1–3, 6 and 10; 9 assumed) with the
inbrenger, gespreksleider and tijdbewaker rotating. The meetings dated before the demo's
"today" are recorded: mostly everyone present, now and then one or two absent. Evaluations
(for the meetings held) have scores that rise over the sessions (safety most), dip in sessions
without begeleider, vary per person, and some are missing (now and then a session with only
two responses, so the minimum-group rule shows). The last session also has the
end-of-trajectory evaluation. Evaluations carry pseudonyms (``deelnemer-i``) that share nothing
with the members' names.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np
import yaml

from .. import catalog
from ..catalog import forms
from ..model.group import LEVELS, Contract, Group, Member
from ..model.meeting import MeetingRecord, StepRecord
from ..model.planning import PlannedSession, buildup, default_plan, to_records
from ..storage import Store, Submission, response_key

#: (base at the start, rise over the trajectory, dip without begeleider) per 5-point item.
ITEM_MODEL = {
    "veiligheid": (2.9, 1.5, 0.5), "leeropbrengst": (3.1, 1.0, 0.4), "procesbewaking": (3.3, 0.8, 0.8),
    "kwaliteit_vragen": (2.8, 1.2, 0.5), "vragen_hielpen": (3.1, 1.0, 0.4),
    "volgende_stap": (3.0, 0.9, 0.3), "open_vragen": (2.8, 1.3, 0.4), "advies_bewaard": (2.5, 1.6, 0.6),
    "doorvragen": (2.9, 1.1, 0.4), "meta_positie": (3.5, 0.9, 0.0), "stappen_tijd": (3.7, 0.7, 0.0),
    # issue 11: how each role was played, and the others' feedback on the one who led
    "inbreng_vraag": (3.0, 1.2, 0.2), "inbreng_onderzoeken": (2.7, 1.3, 0.3), "inbreng_open": (3.2, 0.9, 0.2),
    "inbreng_afstand": (3.0, 1.0, 0.2), "inbreng_adviezen": (2.8, 1.2, 0.3), "inbrenger_centraal": (2.6, 1.4, 0.5),
    "geen_advies": (2.7, 1.3, 0.6), "succesfactoren": (3.0, 1.0, 0.3), "eigen_aanpak": (3.2, 0.9, 0.2),
    "bij_de_stap": (3.4, 0.8, 0.0), "veilige_sfeer": (3.6, 0.7, 0.0), "vragen_gestimuleerd": (3.2, 1.0, 0.0),
    "vragenset_ingebracht": (3.8, 0.5, 0.0), "advies_bewaakt": (3.3, 0.9, 0.0),
    "leider_meta": (3.2, 1.0, 0.6), "leider_ruimte": (3.5, 0.8, 0.5), "leider_sfeer": (3.4, 0.9, 0.5),
}
#: Open items and the demo.yaml list their example answers come from (each answered now and then).
TEXT_MODEL = {"les": "lessons", "les_gebruik": "uses", "volgende_keer": "differently",
              "proces_hetzelfde": "same", "proces_beter": "better", "leider_tip": "leader_tips"}
METHODS = ("vijf-vragen", "incidentmethode", "tien-stappen", "vier-fasen", "negen-stappen")
WEEKS_BETWEEN = 3
#: Groups start between EARLY_START and 60 days later; the last quarter of the groups starts at
#: LATE_START instead, so that on DEMO_TODAY they are half-way (their later meetings still to come).
EARLY_START, LATE_START, DEMO_TODAY = dt.date(2026, 1, 12), dt.date(2026, 6, 1), dt.date(2026, 10, 1)
MEETING_TIME = dt.time(12, 0)
ABSENCE = 0.07  # chance that a participant (not the inbrenger or gespreksleider) misses a meeting


@dataclass(frozen=True)
class DemoStats:
    groups: int
    sessions: int
    responses: int
    meetings: int = 0  # meetings recorded with attendance
    members: int = 0


def _texts() -> dict:
    return yaml.safe_load(catalog.CONTENT.joinpath("demo.yaml").read_text(encoding="utf-8"))


def _likert(rng, value: float) -> int:
    return int(np.clip(np.rint(value + rng.normal(0, 0.55)), 1, 5))


def group_submissions(code: str, n_sessions: int, rng: np.random.Generator, lang: str = "nl",
                      start: dt.date = EARLY_START) -> tuple[list[dict], list[Submission]]:
    """The plan and the submissions of one synthetic group."""
    _, plan, subs = _synthetic_group(code, n_sessions, rng, lang, start)
    return plan, subs


def _synthetic_group(code: str, n_sessions: int, rng: np.random.Generator, lang: str,
                     start: dt.date) -> tuple[int, list[dict], list[Submission]]:
    """(number of participants, plan, submissions); participants are pseudonyms ``deelnemer-i``."""
    session_form, end_form = forms.session_form(), forms.trajectory_form()
    texts = _texts()
    answer_texts = {k: texts[k][lang] for k in TEXT_MODEL.values()}
    size = int(rng.integers(5, 9))
    people = [f"deelnemer-{i + 1}" for i in range(size)]
    person_effect = rng.normal(0, 0.35, size)
    group_effect = rng.normal(0, 0.25)
    first = start + dt.timedelta(days=int(rng.integers(0, 60)))
    plan, subs = [], []
    for s in range(1, n_sessions + 1):
        met, assumed = buildup(s, n_sessions)
        date = first + dt.timedelta(weeks=WEEKS_BETWEEN * (s - 1))
        inbrenger = (s - 1) % size
        plan.append({"number": s, "date": date.isoformat(), "method": METHODS[int(rng.integers(len(METHODS)))],
                     "inbrenger": people[inbrenger], "with_begeleider": met, "assumed": assumed})
        progress = (s - 1) / max(1, n_sessions - 1)
        thin = rng.random() < 0.06  # now and then a session where almost nobody responds
        method = catalog.method(plan[-1]["method"])
        turns = session_form.allows_roles(session_form.turn_roles, method)
        respondents = [(p, ("inbrenger", "deelnemer") if turns else ("inbrenger",) if i == inbrenger
                        else ("deelnemer",), person_effect[i]) for i, p in enumerate(people)]
        if met:
            respondents.append((f"begeleider-{code}", ("begeleider",), 0.2))
        when = dt.datetime.combine(date, dt.time(16, 0)) + dt.timedelta(minutes=int(rng.integers(0, 240)))
        common = {"submitted_at": when, "session_date": date, "with_begeleider": met, "group_size": size}
        for who, roles, effect in respondents:
            if rng.random() > (0.3 if thin else 0.88):
                continue
            level = progress, met, effect + group_effect
            key = response_key(code, s, who)
            for role, answers in _session_answers(session_form, roles, method, rng, level, answer_texts).items():
                subs.append(Submission(code, s, role, key, session_form.id, "session", answers, **common))
            if s == n_sessions and roles != ("begeleider",):
                end = {i.id: _likert(rng, 3.6 + effect) for i in end_form.items if i.type == "scale"
                       and i.scale.max == 5}
                end["traject_cijfer"] = int(np.clip(np.rint(7.2 + effect * 2 + rng.normal(0, 0.7)), 1, 10))
                subs.append(Submission(code, s, roles[0], key, end_form.id, "trajectory", end, **common))
    return size, plan, subs


def _session_answers(form, roles, method, rng, level, texts: dict) -> dict[str, dict]:
    """One person's answers in ``roles`` (role → answers, each item once): the modelled 5-point
    items, a mark that follows safety and learning, now and then the open questions.
    ``level`` is (progress 0–1, met begeleider, the person's and group's effect)."""
    progress, met, effect = level
    answers: dict[str, dict] = {r: {} for r in roles}
    for role, item in form.items_by_role(roles, method):
        if item.type == "scale" and item.id in ITEM_MODEL:
            base, rise, dip = ITEM_MODEL[item.id]
            answers[role][item.id] = _likert(rng, base + rise * progress - (0 if met else dip) + effect)
        elif item.type == "text" and item.id in TEXT_MODEL and rng.random() < (0.7 if item.id == "les" else 0.25):
            answers[role][item.id] = str(rng.choice(texts[TEXT_MODEL[item.id]]))
    first = answers[roles[0]]
    core = np.mean([first[k] for k in ("veiligheid", "leeropbrengst") if k in first])
    first["rapportcijfer"] = int(np.clip(np.rint(2.9 + 1.1 * core + rng.normal(0, 0.6)), 1, 10))
    return answers


def demo_codes(groups: int, prefix: str = "DEMO") -> list[str]:
    return [f"{prefix}-{i + 1:02d}" for i in range(groups)]


def demo_group(code: str, index: int, size: int, plan: list[dict], rng: np.random.Generator,
               lang: str) -> tuple[Group, tuple[PlannedSession, ...]]:
    """The stored side of a demo group: members with first names (one of them the begeleider),
    the intervisiecontract, and the plan with the roles rotating over the members.

    The names are drawn with their own generator and share nothing with the evaluations'
    pseudonyms (``deelnemer-i``), so no evaluation can be traced to a name through the data."""
    texts = _texts()
    names = [str(n) for n in rng.choice(texts["first_names"], size + 1, replace=False)]
    years = rng.integers(0, 26, size)
    members = tuple(Member(n, level=LEVELS[0], years=int(y)) for n, y in zip(names[:size], years))
    members += (Member(names[size], level=LEVELS[0], years=15, begeleider=True),)
    labels = texts["group_names"][lang]
    label = labels[index % len(labels)] + (f" {index // len(labels) + 1}" if index >= len(labels) else "")
    first = dt.date.fromisoformat(plan[0]["date"])
    group = Group(members, texts["goal"][lang], code, label, Contract(**texts["contract"][lang]), first)
    planned = default_plan(names[:size], len(plan), first, WEEKS_BETWEEN)
    planned = tuple(replace(p, method=e["method"], with_begeleider=e["with_begeleider"], assumed=e["assumed"])
                    for p, e in zip(planned, plan))
    return group, planned


def demo_meeting(group: Group, planned: PlannedSession, rng: np.random.Generator) -> MeetingRecord:
    """The record of a planned meeting as it took place: the inbrenger and gespreksleider came, a
    participant or two is absent now and then, the begeleider comes when the plan says so; the
    steps take about their planned time."""
    present = tuple(n for n in group.participants
                    if n in (planned.inbrenger, planned.gespreksleider) or rng.random() > ABSENCE)
    if planned.with_begeleider and group.begeleider:
        present += (group.begeleider,)
    method = catalog.method(planned.method)
    variant = method.default_variant
    rounds = max(1, min(variant.rounds, len(present)))
    steps = tuple(StepRecord(st.id, r, st.minutes, int(st.minutes * 60 * np.clip(rng.normal(1, 0.15), 0.5, 1.6)))
                  for r in range(1, rounds + 1) for st in method.steps)
    seconds = sum(st.actual_seconds for st in steps) + (variant.pause_minutes * 60 if rounds > 1 else 0)
    start = dt.datetime.combine(planned.date, MEETING_TIME)
    return MeetingRecord(planned.number, method.id, variant.id, start, start + dt.timedelta(seconds=seconds),
                         present, steps, planned.inbrenger, planned.gespreksleider)


def _held_only(subs: list[Submission], present: dict[int, int]) -> list[Submission]:
    """The evaluations of the meetings that took place (``present``: meeting → participants
    present), at most as many participants' evaluations of a meeting as were present there."""
    out, counted = [], {}
    for sub in subs:
        if sub.session not in present:
            continue
        if sub.role != "begeleider" and sub.kind == "session":
            counted[sub.session] = counted.get(sub.session, 0) + 1
            if counted[sub.session] > present[sub.session]:
                continue
        out.append(sub)
    return out


def make_demo(store: Store, groups: int = 20, sessions: int = 10, seed: int = 1, prefix: str = "DEMO",
              lang: str = "nl", progress=None, today: dt.date = DEMO_TODAY) -> DemoStats:
    """Add demo groups to ``store``: per group the members, contract and plan, the meetings held
    before ``today`` with who was present, and the evaluations of those meetings.

    :class:`FileExistsError` (nothing written) when the groups exist. The same ``seed`` gives
    the same data; evaluations come from one generator, names and attendance from another.
    """
    codes = demo_codes(groups, prefix)
    existing = {c.lower() for c in store.groups()}
    if any(c.lower() in existing for c in codes):
        raise FileExistsError(prefix)
    rng, people_rng = np.random.default_rng(seed), np.random.default_rng([seed, 1])
    late = groups - groups // 4
    stored, subs = [], []
    for index, code in enumerate(codes):
        start = LATE_START if index >= late else EARLY_START
        size, plan, group_subs = _synthetic_group(code, sessions, rng, lang, start)
        group, planned = demo_group(code, index, size, plan, people_rng, lang)
        records = [demo_meeting(group, p, people_rng) for p in planned if p.date < today]
        counts = {r.number: sum(n in group.participants for n in r.present) for r in records}
        stored.append((group, planned, records))
        subs.extend(_held_only(group_subs, counts))
    store.add_submissions(subs, progress)
    for group, planned, records in stored:
        store.save_group(group)
        store.save_plan(group.code, to_records(planned))
        for record in records:
            store.record_meeting(group.code, record)
    return DemoStats(groups, groups * sessions, len(subs), sum(len(r) for _, _, r in stored),
                     sum(len(g.members) for g, _, _ in stored))
