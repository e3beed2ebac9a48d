"""``intervisie scenarios [--json] [--lang nl|en]``: list the practice scenarios."""
from __future__ import annotations

import json
import sys

from .. import catalog
from ..catalog import scenarios


def register(sub) -> None:
    p = sub.add_parser("scenarios", help="list the practice scenarios (table, or --json)")
    p.add_argument("--json", action="store_true", help="print every scenario with its steps and options as JSON")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the table")
    p.set_defaults(func=run)


def run(args) -> int:
    cat = scenarios.catalog()
    for problem in cat.problems:
        print(f"{problem.severity}: {problem}", file=sys.stderr)
    if args.json:
        json.dump([scenarios.record(s) for s in cat.scenarios], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    lang = args.lang
    head = [catalog.text("methods.col_id", lang), catalog.text("simulation.col_method", lang),
            catalog.text("simulation.col_title", lang), catalog.text("methods.col_steps", lang)]
    rows = [[s.id, s.method, s.title.get(lang), str(len(s.steps))] for s in cat.scenarios]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, ["-" * w for w in widths], *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    return 0
