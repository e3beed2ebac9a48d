"""``intervisie certificate --group G --member NAME --out F.pdf``: bewijs van deelname.

It lists the meetings the member was recorded present at (not the evaluations they filled in:
proof of attendance must not depend on a form, and it never shows a pseudonym).
"""
from __future__ import annotations

import sys
from pathlib import Path

from .common import add_db_options, say, store_command


def register(sub) -> None:
    p = sub.add_parser("certificate", help="a bewijs van deelname (PDF): the meetings a member attended")
    p.add_argument("--group", required=True, help="group code")
    p.add_argument("--member", required=True, help="the member's name as stored for the group")
    p.add_argument("--out", required=True, help="PDF file to write")
    add_db_options(p)
    p.set_defaults(func=run)


@store_command()
def run(args, store, lang) -> int:
    from ..render.certificate import NoCertificate, certificate_pdf

    group = store.load_group(args.group)
    if group is None:
        say("attendance.unknown_group", args, stream=sys.stderr, group=args.group)
        return 1
    try:
        payload = certificate_pdf(group, args.member, store.meetings(group.code), lang)
    except NoCertificate as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    Path(args.out).write_bytes(payload)
    say("attendance.cert_written", args, file=args.out)
    return 0
