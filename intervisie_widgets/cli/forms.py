"""``intervisie forms [--check] [--json]``: the evaluation forms and their items; problems in the files.

``--json`` prints every form with its items, the items per role, and per method the roles one
person may evaluate together and the items each role gets in a meeting with that method.
"""
from __future__ import annotations

import json
import sys


def register(sub) -> None:
    p = sub.add_parser("forms", help="list the evaluation forms (and check the form files)")
    p.add_argument("--check", action="store_true", help="exit with 1 when a form file has a problem")
    p.add_argument("--json", action="store_true", help="print the forms, items per role and per method as JSON")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the list")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..catalog import forms

    cat = forms.build_forms(forms.sources())
    if getattr(args, "json", False):
        print(json.dumps(forms_json(cat.forms, args.lang), ensure_ascii=False, indent=2))
    else:
        for f in cat.forms:
            print(f"{f.id} ({f.kind}): {f.title.get(args.lang)}")
            for item in f.items:
                roles = "all" if item.roles is None else ",".join(sorted(item.roles))
                scale = f"{item.scale.min}-{item.scale.max}" if item.scale else f"text<={item.max_length}"
                print(f"  {item.id:<22} {scale:<11} {roles:<28} {_condition(item):<22} {item.text.get(args.lang)}")
    for problem in cat.problems:
        print(f"{problem.severity}: {problem}", file=sys.stderr)
    return 1 if args.check and cat.problems else 0


def _condition(item) -> str:
    parts = [*sorted(item.when), *(f"method={m}" for m in sorted(item.methods or ()))]
    parts += ["about=leader"] if item.about == "leader" else []
    return " ".join(parts + (["retired"] if item.retired else [])) or "-"


def forms_json(forms_list, lang: str) -> dict:
    """The forms as plain data: items, items per role (no retired ones), and per method of the
    catalog the role sets and the items each role gets in a meeting with that method."""
    from .. import catalog

    methods = catalog.methods()
    return {"forms": [{
        "id": f.id, "kind": f.kind, "title": f.title.get(lang),
        "roles": [{"id": r.id, "name": r.name.get(lang)} for r in f.roles],
        "leader_role": f.leader_role or None, "turn_roles": list(f.turn_roles),
        "items": [_item_json(i, lang) for i in f.items],
        "items_per_role": {r: [i.id for i in f.items_for(r) if not i.retired] for r in f.role_ids},
        "per_method": {m.id: {"role_sets": [list(s) for s in f.role_sets(m)],
                              "items": {r: [i.id for i in f.items_for(r, m)] for r in f.role_ids}}
                       for m in methods},
        "method_unknown": {r: [i.id for i in f.items_for(r, None)] for r in f.role_ids},
    } for f in forms_list]}


def _item_json(item, lang: str) -> dict:
    out = {"id": item.id, "type": item.type, "short": item.label(lang), "text": item.text.get(lang),
           "roles": "all" if item.roles is None else sorted(item.roles), "about": item.about,
           "when": sorted(item.when), "methods": sorted(item.methods) if item.methods is not None else None,
           "retired": item.retired}
    if item.scale:
        out["scale"] = {"id": item.scale.id, "min": item.scale.min, "max": item.scale.max}
    else:
        out["max_length"] = item.max_length
    return out
