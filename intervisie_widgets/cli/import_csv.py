"""``intervisie import FILE.csv``: all or nothing; every error names its row and column."""
from __future__ import annotations

from .. import catalog
from ._store import Progress, add_db_options, lang_of, open_store, run_guarded, say


def register(sub) -> None:
    p = sub.add_parser("import", help="import evaluations from a CSV file (format: docs/data-format.md)")
    p.add_argument("file", help="the CSV file (UTF-8; comma or semicolon)")
    add_db_options(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from ..exchange.importing import import_file

    def work():
        lang = lang_of(args)
        store = open_store(args)
        n = import_file(store, args.file, progress=Progress(catalog.text("data.stage_writing", lang)),
                        check_progress=Progress(catalog.text("data.stage_checking", lang)))
        say("data.imported", args, n=n, db=store.where)
    return run_guarded(args, work)
