"""A large evaluation database for benchmarks/dashboard.py, written with SQLAlchemy Core executemany.

The shape follows the demo data (exchange/demo.py) without its per-row cost: groups of 5-8
participants and a begeleider, a plan of ten meetings after seed 001 (session 9 assumed), every
meeting recorded with attendance (now and then someone absent), evaluations by most of those
present, scores that rise over the trajectory. Two groups in five have started a second
trajectory (its first one complete, eight meetings of the second held). Rows get explicit ids, so a batch is
one executemany with no RETURNING.
"""
from __future__ import annotations

import datetime as dt
import time

import numpy as np
from sqlalchemy import func, select

from intervisie_widgets.catalog import forms
from intervisie_widgets.model.planning import buildup
from intervisie_widgets.storage import Store, participant_key
from intervisie_widgets.storage import schema as s

#: Groups per million answers (the issue's figure: a million answers from 1 400 groups).
GROUPS_PER_MILLION = 1400
SESSIONS = 10
BATCH = 50_000


class Rows:
    """Rows per table, flushed to the database in batches (answers are by far the most)."""

    def __init__(self, conn):
        self.conn, self.rows, self.counts = conn, {}, {}

    def add(self, table, row: dict) -> None:
        rows = self.rows.setdefault(table.name, (table, []))[1]
        rows.append(row)
        if len(rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write every table's rows, parents first (the tables in the order they were first added)."""
        for table, rows in self.rows.values():
            if rows:
                self.conn.execute(table.insert(), rows)
                self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)
                rows.clear()


class Ids:
    def __init__(self):
        self.next = {}

    def __call__(self, table) -> int:
        self.next[table.name] = self.next.get(table.name, 0) + 1
        return self.next[table.name]


def _items(form) -> dict[str, tuple[list[str], list[str]]]:
    """Per role: (5-point items, other scale items); the text items are left to _texts."""
    out = {}
    for role in form.role_ids:
        items = [i for i in form.items_for(role) if i.type == "scale"]
        out[role] = ([i.id for i in items if i.scale.max == 5], [i.id for i in items if i.scale.max != 5])
    return out


def _trajectory(rows: Rows, ids: Ids, rng, group_id: int, code: str, number: int, start: dt.date,
                held: int, member_ids: list[int], begeleider_id: int, items) -> None:
    """One trajectory: ten planned sessions, ``held`` of them recorded, their evaluations."""
    tid = ids(s.trajectories)
    rows.add(s.trajectories, {"id": tid, "group_id": group_id, "number": number,
                              "created_at": dt.datetime.combine(start, dt.time(9))})
    size = len(member_ids)
    people = [participant_key(code, f"deelnemer-{number}-{i}") for i in range(size)]
    effect = rng.normal(0, 0.35, size)
    for n in range(1, SESSIONS + 1):
        met, assumed = buildup(n, SESSIONS)
        date = start + dt.timedelta(weeks=3 * (n - 1))
        sid = ids(s.sessions)
        rows.add(s.sessions, {"id": sid, "trajectory_id": tid, "number": n, "date": date, "method": "vijf-vragen",
                              "inbrenger": "", "with_begeleider": met, "assumed": assumed, "planned": True,
                              "variant": "", "gespreksleider": "", "tijdbewaker": ""})
        if n > held:
            continue
        present = [i for i in range(size) if i == (n - 1) % size or rng.random() > 0.07]
        mid = ids(s.meetings)
        begin = dt.datetime.combine(date, dt.time(12))
        rows.add(s.meetings, {"id": mid, "session_id": sid, "method": "vijf-vragen", "variant": "standaard",
                              "started_at": begin, "ended_at": begin + dt.timedelta(minutes=80), "inbrenger": "",
                              "gespreksleider": "", "title": "", "note": "", "steps": "[]", "recorded_at": begin})
        for i in present:
            rows.add(s.attendance, {"meeting_id": mid, "member_id": member_ids[i]})
        who = [(people[i], "inbrenger" if i == (n - 1) % size else "deelnemer", effect[i]) for i in present]
        if met:
            rows.add(s.attendance, {"meeting_id": mid, "member_id": begeleider_id})
            who.append((participant_key(code, f"begeleider-{number}"), "begeleider", 0.2))
        level = 3.0 + 1.2 * (n - 1) / (SESSIONS - 1) - (0 if met else 0.4)
        for key, role, eff in who:
            if rng.random() > 0.88:
                continue
            rid = ids(s.responses)
            rows.add(s.responses, {"id": rid, "session_id": sid, "participant": key, "role": role, "form": "sessie",
                                   "kind": "session", "submitted_at": begin + dt.timedelta(hours=3)})
            five, other = items[role]
            scores = np.clip(np.rint(level + eff + rng.normal(0, 0.55, len(five))), 1, 5).astype(int)
            for item, score in zip(five, scores):
                rows.add(s.answers, {"response_id": rid, "item": item, "score": int(score), "text": None})
            for item in other:
                rows.add(s.answers, {"response_id": rid, "item": item, "score": int(rng.integers(6, 10)),
                                     "text": None})
            for item in ("les", "les_gebruik"):
                if rng.random() < 0.7:
                    rows.add(s.answers, {"response_id": rid, "item": item, "score": None,
                                         "text": "Eerst doorvragen, dan pas denken aan een oplossing."})


def build(url: str, answers: int = 1_000_000, seed: int = 1, progress=print) -> dict[str, int]:
    """Fill an empty store at ``url`` with about ``answers`` answers; returns rows per table."""
    groups = max(4, round(GROUPS_PER_MILLION * answers / 1_000_000))
    rng = np.random.default_rng(seed)
    items = _items(forms.session_form())
    store = Store(url)
    started = time.perf_counter()
    ids = Ids()
    try:
        with store.engine.begin() as conn:
            if conn.execute(select(func.count()).select_from(s.groups)).scalar_one():
                raise FileExistsError(url)
            rows = Rows(conn)
            for g in range(1, groups + 1):
                code = f"G{g:05d}"
                size = int(rng.integers(5, 9))
                gid = ids(s.groups)
                rows.add(s.groups, {"id": gid, "code": code, "size": size, "name": f"Groep {g}", "goal": "",
                                    "contract": "{}", "created_at": dt.datetime(2025, 1, 1),
                                    "contract_agreed": None})
                member_ids = []
                for i in range(size + 1):
                    mid = ids(s.members)
                    member_ids.append(mid)
                    rows.add(s.members, {"id": mid, "group_id": gid, "position": i + 1, "name": f"Lid {i + 1}",
                                         "name_key": f"lid {i + 1}", "initials": "", "level": "medewerker",
                                         "years": 5, "manages": "", "begeleider": i == size})
                start = dt.date(2025, 1, 6) + dt.timedelta(days=int(rng.integers(0, 120)))
                second = rng.random() < 0.4
                _trajectory(rows, ids, rng, gid, code, 1, start, SESSIONS, member_ids[:-1], member_ids[-1], items)
                if second:
                    _trajectory(rows, ids, rng, gid, code, 2, start + dt.timedelta(weeks=40), 8, member_ids[:-1],
                                member_ids[-1], items)
                if progress and g % 200 == 0:
                    progress(f"  {g}/{groups} groups, {time.perf_counter() - started:.0f} s")
            rows.flush()
    finally:
        store.close()
    return rows.counts
