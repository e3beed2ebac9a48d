"""Benchmark: opening one group's dashboard in a database of a million answers from 1 400 groups.

    python benchmarks/dashboard.py [--answers 1000000] [--runs 7] [--old-runs 3] [--cache DIR] [--rebuild]

Builds the SQLite file once (benchmarks/dashboard_data.py, SQLAlchemy Core executemany) and keeps
it in ``benchmarks/.cache/`` (git ignores that folder) for later runs. Then, by the wall clock:

* **new** (the dashboard today): a new Store and ``DashboardState`` with ``?group=`` set,
  ``refresh()`` (one group's answers of its current trajectory read in SQL, its session facts,
  prepare, summaries, the three charts rendered as PNG, the tables), ``--runs`` times, each on
  another group. The headline is the median of those runs against the target (<= 0.5 s, issue 9).
* **old** (the dashboard before): every answer of every group loaded, prepared, filtered to the
  group in pandas, then the same summaries, charts and tables; ``--old-runs`` times.
* **all groups** (the coordinator's overview): ``refresh()`` with no group (SQL aggregates),
  beside the old way (everything loaded, the same charts for all groups).

The first run in a process pays matplotlib's first-draw costs (fonts); it is printed apart.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dashboard_data  # noqa: E402
from timing import Timer  # noqa: E402

from intervisie_widgets.engines import analysis  # noqa: E402
from intervisie_widgets.render import report  # noqa: E402
from intervisie_widgets.state.dashboard import DashboardState  # noqa: E402
from intervisie_widgets.storage import Store, count_rows  # noqa: E402

TARGET_SECONDS = 0.5
BUILDER_VERSION = 1  # bump when dashboard_data.py changes what it writes
CACHE = Path(__file__).resolve().parent / ".cache"


def database(answers: int, folder: Path, rebuild: bool) -> str:
    """The cached benchmark database for ``answers`` (built when missing)."""
    path = folder / f"dashboard-{answers}-v{BUILDER_VERSION}.sqlite"
    if rebuild or not path.exists():
        for old in folder.glob(f"{path.name}*"):
            old.unlink()
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial.sqlite")
        for old in folder.glob(f"{partial.name}*"):
            old.unlink()
        print(f"building {path.name} (once; kept for later runs) ...")
        with Timer() as t:
            counts = dashboard_data.build(f"sqlite:///{partial}", answers)
        partial.rename(path)
        print(f"  built in {t.wall:.1f} s: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return f"sqlite:///{path}"


def open_new(url: str, group: str) -> tuple[float, float, DashboardState]:
    """The dashboard of one group as it opens today: (wall, CPU, state)."""
    with Timer() as t:
        store = Store(url)
        state = DashboardState(lambda: store, lang="nl", min_group=3)
        state.follow_link(group)
        state.refresh()
        store.close()
    assert state.group == group and state.status == "ready" and len(state.charts) == 3, (group, state.notice)
    return t.wall, t.cpu, state


def open_old(url: str, group: str | None) -> tuple[float, float, int, float]:
    """The dashboard as it opened before issue 9: every answer loaded and prepared, then filtered
    to the group in pandas (``group`` None: all groups, as the coordinator's view was).
    Returns (wall, CPU, answers read, MB of the frame each kernel then held)."""
    with Timer() as t:
        store = Store(url)
        raw = store.responses(numeric_only=True)
        frame = analysis.prepare(raw)
        df = analysis.filter_frame(frame, group=group, kind="session")
        frames = report.chart_frames(df, 3)
        charts = report.render_charts(frames, "nl", 3)
        report.summary_tables(df, "nl", 3)
        store.close()
    assert len(charts) == 3 and len(df)
    return t.wall, t.cpu, len(raw), frame.memory_usage(deep=True).sum() / 2**20


def open_overview(url: str) -> tuple[float, float]:
    with Timer() as t:
        store = Store(url)
        state = DashboardState(lambda: store, lang="nl", min_group=3)
        state.refresh()
        store.close()
    assert state.status == "ready" and len(state.charts) == 3, state.notice
    return t.wall, t.cpu


def summary(label: str, times: list[tuple[float, float]]) -> str:
    walls, cpus = [w for w, _ in times], [c for _, c in times]
    return (f"  {label:<44} median {statistics.median(walls):6.3f} s wall (max {max(walls):.3f}), "
            f"CPU median {statistics.median(cpus):.3f} s, {len(times)} runs")


def pick_groups(url: str, n: int) -> list[str]:
    """``n`` groups spread over the database, with two trajectories where there are."""
    with Store(url) as store:
        codes = store.groups()
        step = max(1, len(codes) // (n + 1))
        picked = []
        for code in codes[step::step]:
            if len(picked) < n:
                picked.append(code)
        two = [c for c in picked if len(store.trajectory_numbers(c)) > 1]
    return two + [c for c in picked if c not in two]


def results(new, old, overview, old_overview, groups) -> None:
    rows = [len(s.frame) for *_, s in new]
    print(summary("new: one group (read in SQL), refresh()", [(w, c) for w, c, _ in new]))
    print(f"    answers read per opening: {min(rows)}-{max(rows)}; groups {', '.join(groups)}")
    if old:
        print(summary("old: everything loaded, pandas filter", [(w, c) for w, c, *_ in old]))
        print(f"    answers read per opening: {old[0][2]}, a frame of {old[0][3]:.0f} MB held by the kernel")
        ratio = statistics.median(w for w, *_ in old) / statistics.median(w for w, _, _ in new)
        print(f"    the old way takes {ratio:.0f}x as long")
    if overview:
        print(summary("all groups, new: SQL aggregates, refresh()", overview))
    if old_overview:
        print(summary("all groups, old: everything loaded", [(w, c) for w, c, *_ in old_overview]))
    headline = statistics.median(w for w, _, _ in new)
    print(f"target: one group's dashboard (load + analysis + charts) <= {TARGET_SECONDS} s wall: "
          f"{'MET' if headline <= TARGET_SECONDS else 'MISSED'} (median {headline:.3f} s, "
          f"max {max(w for w, _, _ in new):.3f} s)")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--answers", type=int, default=1_000_000, help="size of the database (default 1 000 000)")
    p.add_argument("--runs", type=int, default=7, help="timed openings of one group, new way (default 7)")
    p.add_argument("--old-runs", type=int, default=3, help="timed openings the old way (default 3; 0 skips)")
    p.add_argument("--overview-runs", type=int, default=3, help="timed openings of all groups (default 3)")
    p.add_argument("--cache", default=str(CACHE), help="folder for the database (default benchmarks/.cache)")
    p.add_argument("--rebuild", action="store_true", help="build the database again")
    args = p.parse_args(argv)
    if not 1 <= args.runs <= 50 or args.answers < 10_000:
        p.error("--runs must be 1-50 and --answers at least 10 000")
    load = lambda: ", ".join(f"{x:.1f}" for x in os.getloadavg())  # noqa: E731
    print(f"{os.cpu_count()} cores, load average {load()}")
    url = database(args.answers, Path(args.cache), args.rebuild)
    with Store(url) as store:
        print(f"database: {count_rows(store, 'ik_answers')} answers, {count_rows(store, 'ik_responses')} responses, "
              f"{len(store.groups())} groups, {count_rows(store, 'ik_trajectories')} trajectories, "
              f"{count_rows(store, 'ik_meetings')} recorded meetings")
    groups = pick_groups(url, args.runs + 1)
    first = open_new(url, groups[0])
    print(f"  first opening in this process (cold matplotlib): {first[0]:.3f} s wall, {first[1]:.3f} s CPU")
    new = [open_new(url, g) for g in groups[1:args.runs + 1]]
    old = [open_old(url, g) for g in groups[1:args.old_runs + 1]]
    overview = [open_overview(url) for _ in range(args.overview_runs)]
    old_overview = [open_old(url, None) for _ in range(min(args.old_runs, args.overview_runs))]
    results(new, old, overview, old_overview, groups[1:args.runs + 1])
    print(f"load average at the end {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
