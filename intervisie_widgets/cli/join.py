"""``intervisie join --group G --session N [--json] [--hours H] [--public-url URL]``: a meeting's join code.

Prints the address for the QR code, the short address with the code to type, and until when the
code is valid; with ``--json`` one object with exactly the keys ``url`` (the address with the
code), ``code`` (as shown and typed, ``ABCD-EFGH``) and ``expires`` (ISO 8601, UTC). A meeting
that already has a live code gets that code again, so the projector and this command show the
same. ``--hours`` (default ``INTERVISIE_JOIN_HOURS``, else 12) applies to a new code only.

The address is ``--public-url``, else ``INTERVISIE_PUBLIC_URL`` (``intervisie serve`` sets it
for its kernels), else what ``intervisie serve`` with its defaults would use (this computer only).
"""
from __future__ import annotations

import json
import sys

from .. import catalog
from .common import add_db_options, lang_of, store_command


def register(sub) -> None:
    p = sub.add_parser("join", help="the join code and address of a meeting, for participants' phones")
    p.add_argument("--group", required=True, help="group code")
    p.add_argument("--session", required=True, type=int, help="meeting (session) number")
    p.add_argument("--hours", type=float, default=None, help="hours a new code stays valid (default 12)")
    p.add_argument("--public-url", default=None, metavar="URL",
                   help="address participants reach (default: INTERVISIE_PUBLIC_URL or http://127.0.0.1:8866)")
    p.add_argument("--json", action="store_true", help="print url, code and expires as JSON")
    add_db_options(p)
    p.set_defaults(func=run)


def base_address(args) -> str:
    """The participants' base address for this command (see the module docstring)."""
    from ..server.options import ServeOptions, check_public_url, public_url
    from ..settings import load_settings

    settings = load_settings()
    given = args.public_url or settings.public_url
    if given:
        return check_public_url(given)
    return public_url(ServeOptions(notebooks_dir=settings.notebooks_dir, data_dir=settings.data_dir)).url


def _check(args) -> int:
    from ..server.options import ServeError

    try:
        base_address(args)
    except ServeError as exc:
        print(exc.message(lang_of(args)), file=sys.stderr)
        return 2
    return 0


@store_command(check=_check)
def run(args, store, lang) -> int:
    from ..engines.join import join_url, short_url

    code = store.create_join(args.group, args.session, args.hours)
    base = base_address(args)
    if args.json:
        json.dump({"url": join_url(base, code.code), "code": code.shown, "expires": code.expires.isoformat()},
                  sys.stdout)
        print()
        return 0
    print(catalog.text("join.cli_url", lang, url=join_url(base, code.code)))
    print(catalog.text("join.cli_short", lang, url=short_url(base), code=code.shown))
    print(catalog.text("join.cli_expires", lang, expires=code.expires.strftime("%Y-%m-%d %H:%M")))
    return 0
