"""``intervisie certificate --group G --participant P --out F.pdf``: bewijs van deelname."""
from __future__ import annotations

import sys
from pathlib import Path

from .common import add_db_options, say, store_command


def register(sub) -> None:
    p = sub.add_parser("certificate", help="a bewijs van deelname (PDF) listing the sessions a participant evaluated")
    p.add_argument("--group", required=True, help="group code")
    p.add_argument("--participant", required=True, help="the participant's pseudonym (or participant code p-…)")
    p.add_argument("--out", required=True, help="PDF file to write")
    add_db_options(p)
    p.set_defaults(func=run)


@store_command()
def run(args, store, lang) -> int:
    from ..render.report import certificate_pdf
    from ..storage import UnknownGroup

    try:
        sessions = store.sessions_attended(args.group, args.participant)
    except UnknownGroup:
        sessions = []
    if not sessions:
        say("report.cert_none", args, stream=sys.stderr, participant=args.participant, group=args.group)
        return 1
    Path(args.out).write_bytes(certificate_pdf(args.group, args.participant, sessions, lang))
    say("report.cert_written", args, file=args.out)
    return 0
