"""``intervisie demo-data``: demo groups with members, plans, recorded meetings and evaluations (fixed seed)."""
from __future__ import annotations

import sys

from .. import catalog
from .common import Progress, add_db_options, say, store_command


def register(sub) -> None:
    p = sub.add_parser("demo-data",
                       help="add demo groups: members, plans, recorded meetings with attendance, evaluations")
    p.add_argument("--groups", type=int, default=20, help="number of groups (default 20)")
    p.add_argument("--sessions", type=int, default=10, help="meetings planned per group (default 10, at most 30)")
    p.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same data")
    p.add_argument("--prefix", default="DEMO", help="group codes are PREFIX-01, PREFIX-02, …")
    add_db_options(p)
    p.set_defaults(func=run)


def _check_sizes(args) -> int:
    from ..model.planning import MAX_SESSIONS

    if not 1 <= args.groups <= 10_000 or not 1 <= args.sessions <= MAX_SESSIONS:
        say("demo.bad_sizes", args, stream=sys.stderr, max=MAX_SESSIONS)
        return 2
    return 0


@store_command(check=_check_sizes)
def run(args, store, lang) -> int:
    from ..exchange.demo import make_demo

    try:
        stats = make_demo(store, args.groups, args.sessions, args.seed, args.prefix, lang,
                          progress=Progress(catalog.text("data.stage_demo", lang)))
    except FileExistsError:
        say("data.demo_exists", args, db=store.where)
        return 1
    say("data.demo_done", args, groups=stats.groups, sessions=stats.sessions, responses=stats.responses,
        db=store.where)
    say("demo.meetings_done", args, meetings=stats.meetings, members=stats.members)
    return 0
