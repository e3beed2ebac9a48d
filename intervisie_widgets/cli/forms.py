"""``intervisie forms [--check]``: the evaluation forms and their items; problems in the files."""
from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("forms", help="list the evaluation forms (and check the form files)")
    p.add_argument("--check", action="store_true", help="exit with 1 when a form file has a problem")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the list")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..catalog import forms

    cat = forms.build_forms(forms.sources())
    for f in cat.forms:
        print(f"{f.id} ({f.kind}): {f.title.get(args.lang)}")
        for item in f.items:
            roles = "all" if item.roles is None else ",".join(sorted(item.roles))
            scale = f"{item.scale.min}-{item.scale.max}" if item.scale else f"text<={item.max_length}"
            print(f"  {item.id:<22} {scale:<11} {roles:<28} {item.text.get(args.lang)}")
    for problem in cat.problems:
        print(f"{problem.severity}: {problem}", file=sys.stderr)
    return 1 if args.check and cat.problems else 0
