"""``intervisie methods [--json] [--lang nl|en]``: list every method with its steps."""
from __future__ import annotations

import json
import sys

from .. import catalog


def register(sub) -> None:
    p = sub.add_parser("methods", help="list the intervisie methods (table, or --json)")
    p.add_argument("--json", action="store_true", help="print all methods with their steps as JSON")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the table")
    p.set_defaults(func=run)


def _text(t) -> dict | None:
    return {"nl": t.nl, "en": t.en} if t is not None else None


def _question_set(qs) -> dict:
    """A question set: what it is for (``explanation``) and each question with its explanation."""
    return {"id": qs.id, "name": _text(qs.name), "explanation": _text(qs.description),
            "questions": [{"text": _text(q), "explanation": _text(x)} for q, x in qs.items()]}


def _preparation(m, v) -> list[dict]:
    """The checklist of one variant: each item with its group, formats and source (or what was added)."""
    return [{"id": i.id, "group": i.group, "formats": sorted(i.formats), "text": _text(i.text),
             "source": _text(i.source), "reconstructed": i.reconstructed, "note": _text(i.note)}
            for i in catalog.checklist(m.id, v.id).items]


def method_record(m) -> dict:
    """One method as the JSON shape documented in the README and docs/content.md."""
    return {
        "id": m.id,
        "name": _text(m.name),
        "aliases": list(m.aliases),
        "total_minutes": m.total_minutes,
        "group_size": {"min": m.group_size.min, "max": m.group_size.max},
        "reconstructed": m.reconstructed,
        "reconstructed_note": _text(m.reconstructed_note),
        "roles": list(m.roles),
        "has_advice": m.has_advice,
        "variants": [
            {"id": v.id, "name": _text(v.name), "online": v.online,
             "group_size": {"min": v.group_size.min, "max": v.group_size.max,
                            "source": _text(v.size_source), "general_default": v.size_default},
             "total_minutes": v.total_minutes, "rounds": v.rounds, "preparation": _preparation(m, v)}
            for v in m.variants
        ],
        "question_sets": [_question_set(qs) for qs in m.question_sets],
        "steps": [
            {"id": s.id, "name": _text(s.name), "minutes": s.minutes, "speaker": s.speaker,
             "rules": _text(s.rules), "advice_allowed": s.advice_allowed, "advice": m.advice_state(s.id),
             "uses_question_set": s.uses_question_set}
            for s in m.steps
        ],
    }


def run(args) -> int:
    cat = catalog.method_catalog()
    for problem in cat.problems:
        print(f"{problem.severity}: {problem}", file=sys.stderr)
    if args.json:
        json.dump([method_record(m) for m in cat.methods], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    lang = args.lang
    head = [catalog.text("methods.col_id", lang), catalog.text("methods.col_name", lang),
            catalog.text("methods.col_steps", lang), catalog.text("methods.col_minutes", lang),
            catalog.text("methods.col_group", lang), ""]
    rows = [[m.id, m.name.get(lang), str(len(m.steps)), str(m.total_minutes),
             f"{m.group_size.min}–{m.group_size.max}",
             catalog.text("methods.reconstructed_short", lang) if m.reconstructed else ""]
            for m in cat.methods]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, ["-" * w for w in widths], *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    return 0
