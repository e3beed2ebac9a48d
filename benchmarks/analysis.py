"""Benchmark: the trajectory summary and all charts for about 1 000 000 stored answers.

    python benchmarks/analysis.py [--answers 1000000] [--pg URL] [--keep DIR]

Fills a fresh SQLite file (and, with ``--pg`` or ``INTERVISIE_TEST_PG_URL``, a fresh PostgreSQL
schema) with realistic demo trajectories until it holds at least ``--answers`` answers, then
times separately: loading every numeric answer from the database into a DataFrame, and the
analysis proper (prepare, trajectory summary, the three charts for all groups and for one group).
Wall-clock and process CPU time are both printed; the machine is shared, so CPU time is steadier.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np

from intervisie_widgets.engines import analysis
from intervisie_widgets.exchange import demo
from intervisie_widgets.render import plots, report
from intervisie_widgets.storage import Store, count_rows


class Timer:
    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def fill(store: Store, answers: int, seed: int = 1) -> tuple[int, float]:
    """Add demo groups until the store holds ``answers`` answers; returns (answers, seconds)."""
    rng = np.random.default_rng(seed)
    subs, n, g = [], 0, 0
    while n < answers:
        g += 1
        _, group_subs = demo.group_submissions(f"B{g:05d}", 10, rng)
        subs.extend(group_subs)
        n += sum(len(s.answers) for s in group_subs)
    start = time.perf_counter()
    store.add_submissions(subs, progress=lambda d, t: print(f"\r  storing {d}/{t} responses", end="", flush=True))
    print()
    return count_rows(store, "ik_answers"), time.perf_counter() - start


def analyse(raw, lang: str = "nl") -> dict[str, float]:
    """Time the analysis and all charts on an already loaded frame."""
    out = {}
    with Timer() as t:
        df = analysis.filter_frame(analysis.prepare(raw), kind="session")
    out["prepare"] = t
    with Timer() as t:
        analysis.trajectory_summary(df, 3)
    out["trajectory summary (all groups)"] = t
    with Timer() as t:
        frames = report.chart_frames(df, 3)
        for name, plot in report.CHARTS:
            plots.render(plot, frames[name], lang, min_group=3)
    out["three charts, all groups"] = t
    with Timer() as t:
        one = analysis.filter_frame(df, group=str(df["group"].iloc[0]))
        analysis.trajectory_summary(one, 3)
        frames = report.chart_frames(one, 3)
        for name, plot in report.CHARTS:
            plots.render(plot, frames[name], lang, min_group=3)
    out["summary + three charts, one group"] = t
    return out


def run(label: str, url: str, answers: int) -> None:
    print(f"\n== {label}: {url.split('?')[0]}")
    store = Store(url)
    n, seconds = fill(store, answers)
    print(f"  filled: {n} answers in {seconds:.1f} s")
    with Timer() as load:
        raw = store.responses(numeric_only=True)
    print(f"  load {len(raw)} numeric answers into a DataFrame: {load.wall:.2f} s wall, {load.cpu:.2f} s CPU")
    times = analyse(raw)
    total_wall = sum(t.wall for t in times.values())
    total_cpu = sum(t.cpu for t in times.values())
    for name, t in times.items():
        print(f"  {name:<36} {t.wall:6.2f} s wall {t.cpu:6.2f} s CPU")
    print(f"  {'analysis + charts (target <= 2 s)':<36} {total_wall:6.2f} s wall {total_cpu:6.2f} s CPU")
    store.close()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--answers", type=int, default=1_000_000)
    p.add_argument("--pg", default=os.environ.get("INTERVISIE_TEST_PG_URL"), help="PostgreSQL URL (optional)")
    p.add_argument("--keep", help="directory for the SQLite file (default: a temporary one, removed)")
    args = p.parse_args(argv)
    folder = Path(args.keep or tempfile.mkdtemp(prefix="intervisie-bench-"))
    run("SQLite", f"sqlite:///{folder / f'bench-{uuid.uuid4().hex[:6]}.sqlite'}", args.answers)
    if args.pg:
        from intervisie_widgets.storage.testing import temporary_pg_schema

        with temporary_pg_schema(args.pg, prefix="bench_") as url:
            run("PostgreSQL", url, args.answers)
    else:
        print("\n(no PostgreSQL: pass --pg URL or set INTERVISIE_TEST_PG_URL)")
    if not args.keep:
        for f in folder.glob("*"):
            f.unlink()
        folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
