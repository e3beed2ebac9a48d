"""Shared by the commands that touch stored data: ``--db``, ``--lang``, progress and clean errors."""
from __future__ import annotations

import functools
import sys
import time
from typing import Callable

from .. import catalog
from ..settings import load_settings


def add_db_options(p) -> None:
    p.add_argument("--db", metavar="URL", default=None,
                   help="database URL (default: INTERVISIE_DB_URL or the SQLite file in the data directory)")
    p.add_argument("--lang", choices=("nl", "en"), default=None, help="language of messages and output")


def lang_of(args) -> str:
    return args.lang or load_settings().lang


def say(key: str, args, stream=None, **values) -> None:
    print(catalog.text(key, lang_of(args), **values), file=stream or sys.stdout)


def store_command(check: Callable | None = None):
    """Make ``work(args, store, lang)`` a sub-command ``run(args) -> exit status``.

    ``check(args)`` runs first and may return an exit status to stop before anything is
    opened. The store for ``--db`` is opened, and a StoreError, ImportProblems or
    ReflectionError (a wrong URL, a locked file, a bad CSV) becomes its message in the
    user's language on stderr and exit status 1; nothing that was stored is touched.
    """
    def wrap(work: Callable) -> Callable[..., int]:
        @functools.wraps(work)
        def run(args) -> int:
            from ..engines.reflection import ReflectionError
            from ..exchange.format import ImportProblems
            from ..storage import Store, StoreError

            if check is not None and (status := check(args)):
                return status
            lang = lang_of(args)
            try:
                store = Store(args.db)
                _own_group(store, getattr(args, "group", None))
                return int(work(args, store, lang) or 0)
            except (StoreError, ImportProblems, ReflectionError) as exc:
                print(exc.message(lang), file=sys.stderr)
                return 1
        return run
    return wrap


def _own_group(store, code) -> None:
    """In a hub (``JUPYTERHUB_USER``) a command about another trainer's group is refused first."""
    from ..settings import current_user
    from ..storage import NotYours

    user = current_user()
    if user is not None and isinstance(code, str) and code.strip() and not store.can_edit(code, user):
        raise NotYours(code)


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
