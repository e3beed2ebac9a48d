"""``intervisie data --group G --member NAME [--json] [--delete --yes]`` (inzage and erasure) and
``intervisie purge --older-than 24m [--yes]`` (retention; a dry run unless ``--yes``).

Evaluations and reflections are not linked to member names, so ``data`` cannot and does not
show them; ``--delete`` removes the member, their attendance and their name from plans and
meeting records. ``purge`` deletes whole trajectories without activity since the cut-off.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys

from .common import add_db_options, say, store_command

_PERIOD = re.compile(r"^\s*(\d{1,4})\s*([dwmy])\s*$", re.I)
_DAYS = {"d": 1, "w": 7, "m": 30.4375, "y": 365.25}


def register(sub) -> None:
    p = sub.add_parser("data", help="everything stored about one member (inzage); --delete erases it")
    p.add_argument("--group", required=True, help="group code")
    p.add_argument("--member", required=True, help="the member's name as stored")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.add_argument("--delete", action="store_true", help="erase the member (asks for --yes)")
    p.add_argument("--yes", action="store_true", help="really do it")
    add_db_options(p)
    p.set_defaults(func=run_data)
    q = sub.add_parser("purge", help="delete trajectories older than a period (dry run unless --yes)")
    q.add_argument("--older-than", required=True, metavar="PERIOD", help="e.g. 24m, 2y, 90d, 12w")
    q.add_argument("--yes", action="store_true", help="really delete (default: only list)")
    add_db_options(q)
    q.set_defaults(func=run_purge)


def parse_period(text: str) -> dt.timedelta | None:
    """``24m`` → 24 months (of 30.44 days), ``2y``, ``90d``, ``12w``; None when it is not one."""
    m = _PERIOD.match(text or "")
    if not m or int(m.group(1)) == 0:
        return None
    return dt.timedelta(days=int(m.group(1)) * _DAYS[m.group(2).lower()])


@store_command()
def run_data(args, store, lang) -> int:
    from ..storage import UnknownGroup

    try:
        data = store.member_data(args.group, args.member)
    except UnknownGroup:
        say("rights.no_member", args, stream=sys.stderr, member=args.member, group=args.group)
        return 1
    if args.delete:
        if not args.yes:
            say("rights.delete_needs_yes", args, stream=sys.stderr, member=data["name"], group=data["group"])
            return 2
        store.erase_member(args.group, args.member)
        say("rights.deleted", args, member=data["name"], group=data["group"])
        return 0
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    say("rights.heading", args, member=data["name"], group=data["group"])
    for key in ("initials", "level", "years", "manages", "begeleider"):
        print(f"  {key}: {data[key]}")
    say("rights.attended", args, n=len(data["attended"]))
    for a in data["attended"]:
        print(f"  {a['trajectory']}.{a['session']}  {a['started_at']}")
    say("rights.named", args, n=len(data["named_in_plan"]))
    for r in data["named_in_plan"]:
        print(f"  {r['trajectory']}.{r['session']}  {r['role']}")
    say("rights.not_linked", args)
    return 0


def _check_period(args) -> int:
    if parse_period(args.older_than) is None:
        say("rights.bad_period", args, stream=sys.stderr, value=args.older_than)
        return 2
    return 0


@store_command(check=_check_period)
def run_purge(args, store, lang) -> int:
    period = parse_period(args.older_than)
    found = store.purge(period) if args.yes else store.expired_trajectories(period)
    for f in found:
        print(f"  {f['group']}  {f['trajectory']}  {f['last_activity']}  {f['responses']}")
    say("rights.purged" if args.yes else "rights.would_purge", args, n=len(found), period=args.older_than)
    return 0
