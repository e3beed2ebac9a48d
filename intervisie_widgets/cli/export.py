"""``intervisie export --format csv|xlsx --out FILE``: pseudonymised; reflections never exported."""
from __future__ import annotations

import sys

from .. import catalog
from .common import Progress, add_db_options, say, store_command


def register(sub) -> None:
    p = sub.add_parser("export", help="export the evaluations as CSV or XLSX (format: docs/data-format.md)")
    p.add_argument("--format", choices=("csv", "xlsx"), default=None, help="default: from the suffix of --out")
    p.add_argument("--out", required=True, help="file to write")
    p.add_argument("--group", default=None, help="only this group")
    add_db_options(p)
    p.set_defaults(func=run)


@store_command()
def run(args, store, lang) -> int:
    from ..exchange.export import export
    from ..settings import current_user

    if current_user() is not None and not args.group:  # in a hub: one's own groups, one at a time
        say("ownership.cli_export_one_group", args, stream=sys.stderr)
        return 1
    try:
        n = export(store, args.out, args.format, args.group,
                   progress=Progress(catalog.text("data.stage_writing", lang)))
    except ModuleNotFoundError:
        say("data.no_openpyxl", args, stream=sys.stderr)
        return 1
    say("data.exported", args, n=n, file=args.out)
    return 0
