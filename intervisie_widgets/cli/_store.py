"""Shared by the commands that touch stored data: ``--db``, ``--lang``, progress and clean errors."""
from __future__ import annotations

import sys
import time

from .. import catalog
from ..settings import load_settings


def add_db_options(p) -> None:
    p.add_argument("--db", metavar="URL", default=None,
                   help="database URL (default: INTERVISIE_DB_URL or the SQLite file in the data directory)")
    p.add_argument("--lang", choices=("nl", "en"), default=None, help="language of messages and output")


def lang_of(args) -> str:
    return args.lang or load_settings().lang


def open_store(args):
    """The Store for ``--db``; a StoreError is printed by :func:`run_guarded`."""
    from ..storage import Store

    return Store(args.db)


def say(key: str, args, stream=None, **values) -> None:
    print(catalog.text(key, lang_of(args), **values), file=stream or sys.stdout)


def run_guarded(args, work) -> int:
    """Run ``work()``; a StoreError or ImportProblems becomes a message on stderr and exit code 1."""
    from ..engines.reflection import ReflectionError
    from ..exchange.format import ImportProblems
    from ..storage import StoreError

    try:
        return int(work() or 0)
    except (StoreError, ImportProblems, ReflectionError) as exc:
        print(exc.message(lang_of(args)), file=sys.stderr)
        return 1


class Progress:
    """A progress bar on stderr: redrawn in place on a terminal, a line per 10 % otherwise."""

    def __init__(self, label: str, stream=None, width: int = 30):
        self.label, self.stream, self.width = label, stream or sys.stderr, width
        self.tty = getattr(self.stream, "isatty", lambda: False)()
        self.last_step = -1
        self.started = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        frac = 1.0 if not total else min(1.0, done / total)
        bar = "#" * int(frac * self.width)
        line = f"{self.label}: [{bar:<{self.width}}] {frac:4.0%} ({done}/{total})"
        if self.tty:
            end = "\n" if frac >= 1 else ""
            print("\r" + line, end=end, file=self.stream, flush=True)
        elif int(frac * 10) != self.last_step:
            self.last_step = int(frac * 10)
            print(line, file=self.stream, flush=True)
