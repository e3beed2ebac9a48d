"""``intervisie serve``: start the web app (Voilà) on this computer.

    intervisie serve [--port N] [--no-browser] [--ip ADDR] [--token T | --password P]
                     [--notebooks DIR] [--db URL] [--lang nl|en] [--public-url URL] [-- VOILA-OPTIONS...]

The token or password may also come from ``INTERVISIE_TOKEN`` / ``INTERVISIE_PASSWORD``
(a command line is visible to other users in ``ps``). ``--public-url`` (or ``INTERVISIE_PUBLIC_URL``)
is the address participants' phones reach; without it the address is derived from ``--ip`` and
the port (see :func:`..server.options.public_url`). See docs/serving.md.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser(
        "serve",
        help="start the web app (Voilà) on this computer",
        description="Start the Intervisiekit web app with Voilà. By default only this computer "
        "can reach it (127.0.0.1); another --ip needs --token or --password.",
    )
    p.add_argument("--port", type=int, default=None, help="port (default 8866)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument("--ip", default=None, help="address to listen on (default 127.0.0.1)")
    auth = p.add_mutually_exclusive_group()
    auth.add_argument("--token", default=None, help="require this token (or set INTERVISIE_TOKEN)")
    auth.add_argument("--password", default=None, help="require this password (or set INTERVISIE_PASSWORD)")
    p.add_argument("--notebooks", type=Path, default=None, help="folder with the notebooks (pages)")
    p.add_argument("--db", default=None, help="database URL for the kernels (INTERVISIE_DB_URL)")
    p.add_argument("--lang", choices=("nl", "en"), default=None, help="language of these messages and the default page language")
    p.add_argument("--public-url", default=None, metavar="URL",
                   help="address participants' phones reach, e.g. http://192.168.1.20:8866 "
                   "(default: INTERVISIE_PUBLIC_URL, else derived from --ip and --port)")
    p.add_argument("voila_args", nargs=argparse.REMAINDER,
                   help="after --: extra Voilà options, passed on unchanged")
    p.set_defaults(func=run)


def options_from_args(args, environ=None):
    """Turn parsed arguments (plus settings and environment) into :class:`ServeOptions`."""
    from ..server import DEFAULT_IP, DEFAULT_PORT, PASSWORD_ENV, TOKEN_ENV, ServeOptions
    from ..settings import load_settings

    env = os.environ if environ is None else environ
    settings = load_settings(env)
    token, password = args.token, args.password
    if token is None and password is None:
        token = env.get(TOKEN_ENV) or None
        password = None if token else (env.get(PASSWORD_ENV) or None)
    extra = list(args.voila_args or [])
    if extra and extra[0] == "--":
        extra = extra[1:]
    return ServeOptions(
        notebooks_dir=args.notebooks or settings.notebooks_dir,
        data_dir=settings.data_dir,
        port=DEFAULT_PORT if args.port is None else args.port,
        ip=DEFAULT_IP if args.ip is None else args.ip,
        open_browser=not args.no_browser,
        token=token,
        password=password,
        db_url=args.db or settings.db_url,
        lang=args.lang or settings.lang,
        public_url=args.public_url or settings.public_url,
        extra_args=tuple(extra),
    )


def run(args) -> int:
    """Serve; once the options pass, say where participants join (and if only this computer can)."""
    import dataclasses
    import sys

    from .. import catalog
    from ..engines.join import short_url
    from ..server import ServeError, check_options, serve
    from ..server.options import public_url

    opts = options_from_args(args)
    try:
        check_options(opts)
    except ServeError:
        return serve(opts)  # refuses with the message in the user's language
    public = public_url(opts)
    opts = dataclasses.replace(opts, public_url=public.url)
    print(catalog.text("join.serve_participants", opts.lang, url=short_url(public.url)), flush=True)
    if not public.found:
        print(catalog.text("join.serve_no_address", opts.lang, url=public.url), file=sys.stderr, flush=True)
    return serve(opts)
