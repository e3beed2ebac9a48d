"""``intervisie import FILE.csv``: all or nothing; every error names its row and column."""
from __future__ import annotations

from .. import catalog
from .common import Progress, add_db_options, say, store_command


def register(sub) -> None:
    p = sub.add_parser("import", help="import evaluations from a CSV file (format: docs/data-format.md)")
    p.add_argument("file", help="the CSV file (UTF-8; comma or semicolon)")
    add_db_options(p)
    p.set_defaults(func=run)


@store_command()
def run(args, store, lang) -> int:
    from ..exchange.importing import import_file

    n = import_file(store, args.file, progress=Progress(catalog.text("data.stage_writing", lang)),
                    check_progress=Progress(catalog.text("data.stage_checking", lang)))
    say("data.imported", args, n=n, db=store.where)
    return 0
