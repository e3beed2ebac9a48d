"""``intervisie groups [--json]`` and ``intervisie group show G [--json]``: the stored groups.

``groups --json`` prints a list of ``{"code", "name", "members", "trajectories", "meetings"}``
(meetings held in the current trajectory). ``group show G --json`` prints one object:
``code``, ``name``, ``goal``, ``contract_agreed`` (YYYY-MM-DD or null), ``trajectory`` (the
current one's number), ``members`` (``name``, ``role``: begeleider or deelnemer), ``plan``
(per meeting ``number``, ``date``, ``method``, ``method_name``, ``variant``, ``inbrenger``,
``gespreksleider``, ``tijdbewaker``, ``with_begeleider``, ``assumed``, ``held``) and
``attendance`` (per member ``member``, ``role``, ``attended``, ``missed``, ``hours``,
``attended_meetings``). Member names are personal data: this is the trainer's view.
"""
from __future__ import annotations

import json
import sys

from .. import catalog
from ..settings import current_user
from . import group_sharing
from .common import add_db_options, say, store_command


def register(sub) -> None:
    p = sub.add_parser("groups", help="list the stored groups with members, trajectories and meetings held")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    add_db_options(p)
    p.set_defaults(func=run_list)
    g = sub.add_parser("group", help="one stored group: members, plan, attendance")
    actions = g.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="show one group: members, plan and attendance")
    show.add_argument("group", help="group code")
    show.add_argument("--json", action="store_true", help="print the group as JSON")
    add_db_options(show)
    show.set_defaults(func=run_show)
    group_sharing.register_actions(actions)


def _t(key: str, lang: str, **values) -> str:
    return catalog.text(f"attendance.{key}", lang, **values)


def _print_table(head: list[str], rows: list[list]) -> None:
    cells = [[str(c) for c in r] for r in [head, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(head))]
    for r in [cells[0], ["-" * w for w in widths], *cells[1:]]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


def _dump(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    print()


@store_command()
def run_list(args, store, lang) -> int:
    summaries = store.group_summaries()
    if current_user() is not None:  # in a hub: the trainer's own and shared groups only
        mine = set(store.groups_for(current_user()))
        summaries = [s for s in summaries if s["code"] in mine]
    if args.json:
        _dump(summaries)
    elif not summaries:
        say("attendance.groups_none", args)
    else:
        head = [_t(k, lang) for k in ("col_code", "col_name", "col_members", "col_trajectories", "col_held")]
        _print_table(head, [[s["code"], s["name"], s["members"], s["trajectories"], s["meetings"]]
                            for s in summaries])
    return 0


def group_record(store, code: str, lang: str) -> dict | None:
    """The JSON shape of ``group show`` (see the module docstring); None for an unknown group."""
    from ..render.attendance import attendance_rows, method_name
    from ..storage import NotYours

    if not store.can_edit(code, current_user()):
        raise NotYours(code)  # another trainer's group: nothing of it is shown
    group = store.load_group(code)
    if group is None:
        return None
    records = store.meetings(group.code)
    held = {r.number for r in records}
    plan = [{**p, "method_name": method_name(p["method"], lang) if p["method"] else "", "held": p["number"] in held}
            for p in store.load_plan(group.code)]
    rows = attendance_rows(group, records)
    trajectories = store.trajectory_numbers(group.code)
    return {"code": group.code, "name": group.name, "goal": group.goal,
            "contract_agreed": group.contract_agreed.isoformat() if group.contract_agreed else None,
            "trajectory": trajectories[-1] if trajectories else None,
            "members": [{"name": m.name, "role": "begeleider" if m.begeleider else "deelnemer"}
                        for m in group.members],
            "plan": plan,
            "attendance": [{k: list(v) if isinstance(v, tuple) else v for k, v in r.items()
                            if k not in ("minutes", "missed_meetings")} for r in rows]}


@store_command()
def run_show(args, store, lang) -> int:
    data = group_record(store, args.group, lang)
    if data is None:
        say("attendance.unknown_group", args, stream=sys.stderr, group=args.group)
        return 1
    if args.json:
        _dump(data)
        return 0
    _print_show(data, lang)
    return 0


def _print_show(data: dict, lang: str) -> None:
    print(_t("show_group", lang, group=f"{data['name']} ({data['code']})" if data["name"] else data["code"]))
    if data["goal"]:
        print(_t("show_goal", lang, goal=data["goal"]))
    print()
    print(_t("show_members", lang, n=len(data["members"])))
    for m in data["members"]:
        print(f"  {m['name']}" + (f" ({_t('role_begeleider', lang)})" if m["role"] == "begeleider" else ""))
    if not data["members"]:
        print("  " + _t("show_no_members", lang))
    print()
    print(_t("show_plan", lang, n=data["trajectory"] or 1))
    if data["plan"]:
        _print_table([_t(k, lang) for k in ("col_number", "col_date", "col_method", "col_variant", "col_inbrenger",
                                            "col_gespreksleider", "col_tijdbewaker", "col_with", "col_held_short")],
                     [[p["number"], p["date"] or "", p["method_name"], p["variant"], p["inbrenger"],
                       p["gespreksleider"], p["tijdbewaker"], _with(p, lang),
                       _t("held_yes", lang) if p["held"] else ""] for p in data["plan"]])
    else:
        print("  " + _t("show_no_plan", lang))
    print()
    print(_t("show_attendance", lang))
    from ..render.pdf import hours_text

    _print_table([_t(k, lang) for k in ("col_member", "col_role", "col_attended", "col_missed", "col_hours")],
                 [[a["member"], _t(f"role_{a['role']}", lang), a["attended"], a["missed"],
                   hours_text(a["hours"], lang)] for a in data["attendance"]])


def _with(p: dict, lang: str) -> str:
    word = _t("with_yes" if p["with_begeleider"] else "with_no", lang)
    return f"{word} {_t('assumed', lang)}" if p["assumed"] else word
