"""``intervisie demo-data``: realistic synthetic trajectories (fixed seed) in the database."""
from __future__ import annotations

from .. import catalog
from .common import Progress, add_db_options, say, store_command


def register(sub) -> None:
    p = sub.add_parser("demo-data", help="add realistic synthetic evaluation trajectories")
    p.add_argument("--groups", type=int, default=20, help="number of groups (default 20)")
    p.add_argument("--sessions", type=int, default=10, help="sessions per group (default 10)")
    p.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same data")
    p.add_argument("--prefix", default="DEMO", help="group codes are PREFIX-01, PREFIX-02, …")
    add_db_options(p)
    p.set_defaults(func=run)


def _check_sizes(args) -> int:
    if not 1 <= args.groups <= 10_000 or not 1 <= args.sessions <= 100:
        raise SystemExit("--groups must be 1–10000 and --sessions 1–100")
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
    return 0
