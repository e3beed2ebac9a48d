"""Benchmark: from the store to the trajectory summary and all charts, for about 1 000 000 answers.

    python benchmarks/analysis.py [--answers 1000000] [--repeat 3] [--pg URL] [--keep DIR]

Fills a fresh SQLite file (and, with ``--pg`` or ``INTERVISIE_TEST_PG_URL``, a fresh PostgreSQL
schema) with realistic demo trajectories until it holds at least ``--answers`` answers (setup,
not timed in the headline). Then, ``--repeat`` times, it times **the whole thing by the wall
clock**: opening the store anew, loading every numeric answer into a DataFrame, prepare, the
trajectory summary, the three charts for all groups, and the summary and charts for one group.
The headline is the median of those wall-clock totals against the target (<= 2 s, issue 5).
Secondary figures: each step's wall and CPU time, and the analysis without the load.
"""
from __future__ import annotations

import argparse
import os
import statistics
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import Timer  # noqa: E402


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


TARGET_SECONDS = 2.0


def timed_pass(url: str) -> dict[str, Timer]:
    """One pass from a newly opened store to every chart; each step's Timer and the total."""
    out: dict[str, Timer] = {}
    with Timer() as total:
        with Timer() as t:
            store = Store(url)
            raw = store.responses(numeric_only=True)
        out[f"open store, load {len(raw)} numeric answers"] = t
        out.update(analyse(raw))
        store.close()
    out["total"] = total
    return out


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def run(label: str, url: str, answers: int, repeat: int) -> None:
    print(f"\n== {label}: {url.split('?')[0]}")
    store = Store(url)
    n, seconds = fill(store, answers)
    store.close()
    print(f"  setup: filled {n} answers in {seconds:.1f} s")
    passes = [timed_pass(url) for _ in range(repeat)]
    totals = sorted(p["total"].wall for p in passes)
    headline = statistics.median(totals)
    print(f"  HEADLINE store -> DataFrame -> analysis -> all charts: {headline:.2f} s wall clock "
          f"(median of {repeat}; min {totals[0]:.2f}, max {totals[-1]:.2f})")
    print(f"  secondary, median per step over {repeat} passes:")
    for name in [k for k in passes[0] if k != "total"]:
        wall = statistics.median(p[name].wall for p in passes)
        cpu = statistics.median(p[name].cpu for p in passes)
        print(f"    {name:<44} {wall:6.2f} s wall {cpu:6.2f} s CPU")
    analysis_only = statistics.median(sum(t.wall for k, t in p.items() if k != "total" and not k.startswith("open"))
                                      for p in passes)
    analysis_cpu = statistics.median(sum(t.cpu for k, t in p.items() if k != "total" and not k.startswith("open"))
                                     for p in passes)
    print(f"    {'analysis + charts without the load':<44} {analysis_only:6.2f} s wall {analysis_cpu:6.2f} s CPU")
    print(f"  target: store to all charts <= {TARGET_SECONDS:.0f} s wall clock: "
          f"{verdict(headline <= TARGET_SECONDS)} ({headline:.2f} s)")
    print(f"  (the earlier, narrower reading, analysis + charts only <= {TARGET_SECONDS:.0f} s wall: "
          f"{verdict(analysis_only <= TARGET_SECONDS)}, {analysis_only:.2f} s)")
    print(f"  load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--answers", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=3, help="timed passes (1-10, default 3)")
    p.add_argument("--pg", default=os.environ.get("INTERVISIE_TEST_PG_URL"), help="PostgreSQL URL (optional)")
    p.add_argument("--keep", help="directory for the SQLite file (default: a temporary one, removed)")
    args = p.parse_args(argv)
    if not 1 <= args.repeat <= 10:
        p.error("--repeat must be 1-10")
    print(f"{os.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    folder = Path(args.keep or tempfile.mkdtemp(prefix="intervisie-bench-"))
    run("SQLite", f"sqlite:///{folder / f'bench-{uuid.uuid4().hex[:6]}.sqlite'}", args.answers, args.repeat)
    if args.pg:
        from intervisie_widgets.storage.testing import temporary_pg_schema

        with temporary_pg_schema(args.pg, prefix="bench_") as url:
            run("PostgreSQL", url, args.answers, args.repeat)
    else:
        print("\n(no PostgreSQL: pass --pg URL or set INTERVISIE_TEST_PG_URL)")
    if not args.keep:
        for f in folder.glob("*"):
            f.unlink()
        folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
