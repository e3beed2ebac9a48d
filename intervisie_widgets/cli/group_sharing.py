"""``intervisie group share G USER``, ``group unshare G USER`` and ``group owner G [USER]``.

Inside a hub (``JUPYTERHUB_USER`` set) the hub user acts: only a group's owner shares it or stops
sharing it (a co-trainer may stop their own share). Outside a hub the shell acts for the
installation: it may share any group and, with ``group owner``, hand a group made outside a hub
(no owner) to a hub trainer or take its owner away. Names are compared exactly (no case folding).
"""
from __future__ import annotations

import sys

from ..settings import current_user
from .common import add_db_options, say, store_command


def register_actions(actions) -> None:
    """Add ``share``, ``unshare`` and ``owner`` to the ``group`` command's actions."""
    for name, func, help_ in (("share", run_share, "share a group with a co-trainer (a hub user name)"),
                              ("unshare", run_unshare, "stop sharing a group with a co-trainer")):
        p = actions.add_parser(name, help=help_)
        p.add_argument("group", help="group code")
        p.add_argument("user", help="the co-trainer's hub user name, exactly as the hub spells it")
        add_db_options(p)
        p.set_defaults(func=func)
    p = actions.add_parser("owner", help="outside a hub: show or set the hub user who owns a group")
    p.add_argument("group", help="group code")
    p.add_argument("user", nargs="?", default=None, help="the new owner's hub user name (omit to show)")
    p.add_argument("--none", action="store_true", help="take the owner away (the group is no hub trainer's)")
    add_db_options(p)
    p.set_defaults(func=run_owner)


@store_command()
def run_share(args, store, lang) -> int:
    done = store.share(args.group, args.user, by=current_user())
    say("ownership.cli_shared" if done else "ownership.cli_already_shared", args, group=args.group,
        user=args.user.strip())
    return 0


@store_command()
def run_unshare(args, store, lang) -> int:
    done = store.unshare(args.group, args.user, by=current_user())
    say("ownership.cli_unshared" if done else "ownership.cli_not_shared", args, group=args.group,
        user=args.user.strip())
    return 0


@store_command()
def run_owner(args, store, lang) -> int:
    if current_user() is not None and (args.user is not None or args.none):
        say("ownership.cli_owner_in_hub", args, stream=sys.stderr)
        return 1
    from ..storage import NotYours

    if not store.can_edit(args.group, current_user()):
        raise NotYours(args.group)  # another trainer's group: not even its owner is shown
    if args.user is not None or args.none:
        store.set_owner(args.group, None if args.none else args.user)
    owner = store.owner_of(args.group)
    shares = store.shares_of(args.group)
    say("ownership.cli_owner" if owner else "ownership.cli_no_owner", args, group=args.group, user=owner or "")
    if shares:
        say("ownership.cli_shared_with", args, users=", ".join(shares))
    return 0
