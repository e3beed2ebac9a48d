"""Benchmark: 30 concurrent writers × 20 submissions each, against SQLite and PostgreSQL.

    python benchmarks/submissions.py [--writers 30] [--per-writer 20] [--pg URL]

Each writer is its own process with its own Store (like one Voilà kernel per participant). All
start together at a barrier; the time runs from the barrier to the last writer's report. Then the
rows are counted: every submission must be there (zero lost), and nothing may have failed.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from intervisie_widgets.storage import Store, count_rows
from intervisie_widgets.storage.concurrency import run_writers


def measure(label: str, url: str, writers: int, per_writer: int) -> bool:
    result = run_writers(url, writers, per_writer, group="BENCH")
    with Store(url) as store:
        responses = count_rows(store, "ik_responses")
        answers = count_rows(store, "ik_answers")
    expected = writers * per_writer
    lost = expected - responses
    print(f"{label:<11} {result.submissions} submissions in {result.seconds:6.2f} s = {result.per_second:7.1f}/s; "
          f"stored {responses} responses / {answers} answers; lost {lost}; errors {len(result.errors)}")
    for e in result.errors[:5]:
        print("   ", e)
    return lost == 0 and not result.errors and answers == 3 * expected


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--writers", type=int, default=30)
    p.add_argument("--per-writer", type=int, default=20)
    p.add_argument("--pg", default=os.environ.get("INTERVISIE_TEST_PG_URL"), help="PostgreSQL URL (optional)")
    args = p.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory(prefix="intervisie-bench-") as folder:
        ok &= measure("SQLite", f"sqlite:///{Path(folder) / 'subs.sqlite'}", args.writers, args.per_writer)
    if args.pg:
        from intervisie_widgets.storage.testing import temporary_pg_schema

        with temporary_pg_schema(args.pg, prefix="bench_") as url:
            ok &= measure("PostgreSQL", url, args.writers, args.per_writer)
    else:
        print("(no PostgreSQL: pass --pg URL or set INTERVISIE_TEST_PG_URL)")
    print("zero lost: " + ("yes" if ok else "NO"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
