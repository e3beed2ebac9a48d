"""``intervisie report --group G --out report.pdf|.png|.html``: charts and summary of one group."""
from __future__ import annotations

import sys
from pathlib import Path

from .. import catalog
from .common import Progress, add_db_options, say, store_command


def register(sub) -> None:
    p = sub.add_parser("report", help="a report of one group's evaluations (PDF, PNG or HTML)")
    p.add_argument("--group", required=True, help="group code")
    p.add_argument("--out", required=True, help="report.pdf, report.png or report.html")
    add_db_options(p)
    p.set_defaults(func=run)


def _check_format(args) -> int:
    from ..render.report import FORMATS

    fmt = Path(args.out).suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        say("report.unknown_format", args, stream=sys.stderr, fmt=fmt)
        return 2
    return 0


@store_command(check=_check_format)
def run(args, store, lang) -> int:
    from ..render.report import write_report

    try:
        write_report(store, args.group, args.out, lang, Progress(catalog.text("data.stage_report", lang)))
    except LookupError:
        say("report.no_group", args, stream=sys.stderr, group=args.group)
        return 1
    say("report.written", args, file=args.out)
    return 0
