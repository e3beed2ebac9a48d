"""``intervisie classify``: analyse questions given as JSON lines, or score the engine.

    echo '{"text": "Wat vind je daar belangrijk aan?"}' | intervisie classify
    intervisie classify --evaluate data/questions-dev.jsonl
    intervisie classify --dev --json
    intervisie classify --cv            # grouped cross-validation on the bank's train split
    intervisie classify --cv --errors   # … and the misclassified train questions
"""
from __future__ import annotations

import json
import sys


def register(sub) -> None:
    p = sub.add_parser(
        "classify",
        help="analyse questions from JSON lines on stdin (level, open, advice …), or --evaluate labelled ones",
        description="Reads JSON lines ({\"text\": …, \"lang\"?: …, \"kind\"?: \"leervraag\"}) from standard input "
                    "and writes one JSON line per input, in order; a line of kind leervraag also gets a "
                    "\"leervraag\" object (ok, problems, rewrite). A malformed line gives a line with an "
                    "\"error\" and exit status 1.",
    )
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the feedback (default nl)")
    p.add_argument("--evaluate", metavar="FILE.jsonl",
                   help="score the engine on labelled lines (text, level, open, advice …)")
    p.add_argument("--dev", action="store_true", help="score the engine on the question bank's dev split")
    p.add_argument("--cv", action="store_true",
                   help="grouped cross-validation of the level model on the bank's train split (variants of one "
                        "template in one fold); takes some seconds per fold")
    p.add_argument("--errors", action="store_true",
                   help="with --cv: also list the misclassified train questions (level, predicted, text); "
                        "never used on the dev split")
    p.add_argument("--json", action="store_true", help="with --evaluate/--dev/--cv: print the scores as JSON")
    p.add_argument("--export-dev", metavar="FILE.jsonl", help="write the bank's dev split as labelled JSON lines")
    p.set_defaults(func=run)


def run(args) -> int:
    if args.export_dev:
        from ..questions import export_dev

        n = export_dev(args.export_dev)
        print(f"{n} questions written to {args.export_dev}", file=sys.stderr)
        return 0
    if args.cv:
        return _cross_validate(args)
    if args.evaluate or args.dev:
        return _evaluate(args)
    return classify_stream(sys.stdin, sys.stdout, sys.stderr, args.lang)


def _parse(line: str, number: int) -> tuple[dict | None, str | None]:
    """The record on one input line, or an error message naming the line."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(record, dict):
        return None, f"line {number}: expected an object like {{\"text\": \"…\"}}"
    if not isinstance(record.get("text"), str):
        return None, f"line {number}: \"text\" is missing or not a string"
    lang = record.get("lang")
    if lang is not None and lang not in ("nl", "en"):
        return None, f"line {number}: \"lang\" should be \"nl\" or \"en\", not {lang!r}"
    if record.get("kind", "question") not in ("question", "leervraag"):
        return None, f"line {number}: \"kind\" should be \"question\" or \"leervraag\", not {record['kind']!r}"
    return record, None


def classify_stream(stdin, stdout, stderr, lang: str = "nl", batch: int = 512) -> int:
    """Answer every JSON line of ``stdin`` on ``stdout`` (in order); 1 when a line was malformed."""
    from ..questions import analyse_many

    failed = False
    pending: list[tuple[int, dict | None, str | None]] = []

    def flush() -> None:
        good = [(rec["text"], rec.get("lang")) for _, rec, err in pending if err is None]
        # Group by language hint so each call gets one hint; keep the output order.
        results = iter(_analyse_in_order(good, analyse_many))
        for number, rec, err in pending:
            if err is not None:
                out = {"line": number, "error": err}
            else:
                out = next(results).as_dict(lang)
                if rec.get("kind") == "leervraag":
                    from ..questions.leervraag import check

                    out["leervraag"] = check(rec["text"], rec.get("lang") or out["lang"]).as_dict(lang)
            stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()
        pending.clear()

    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        rec, err = _parse(line, number)
        if err is not None:
            failed = True
            print(f"intervisie classify: {err}", file=stderr)
        pending.append((number, rec, err))
        if len(pending) >= batch:
            flush()
    flush()
    return 1 if failed else 0


def _analyse_in_order(items: list[tuple[str, str | None]], analyse_many) -> list:
    """``analyse_many`` over (text, lang) pairs with per-item language hints, results in input order."""
    out: list = [None] * len(items)
    by_lang: dict[str | None, list[int]] = {}
    for i, (_, hint) in enumerate(items):
        by_lang.setdefault(hint, []).append(i)
    for hint, idx in by_lang.items():
        for i, result in zip(idx, analyse_many([items[i][0] for i in idx], hint)):
            out[i] = result
    return out


def _evaluate(args) -> int:
    from ..questions import dev_items, evaluate, format_report

    if args.dev:
        items, errors = dev_items(), []
    else:
        items, errors = _read_labelled(args.evaluate)
        if items is None:
            return 2
    for err in errors:
        print(f"intervisie classify: {err}", file=sys.stderr)
    scores = evaluate(items)
    if args.json:
        json.dump(scores, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(format_report(scores, args.lang))
    return 1 if errors else 0


def _cross_validate(args) -> int:
    from ..questions.crossval import grouped_cv
    from ..questions.evaluate import format_cv_report

    scores = grouped_cv()
    errors = scores.pop("errors")
    if args.errors:
        scores["errors"] = errors
    if args.json:
        json.dump(scores, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(format_cv_report(scores, args.lang))
    if args.errors:
        for e in sorted(errors, key=lambda e: (e["lang"], e["level"], e["predicted"])):
            print(f"{e['lang']} {e['level']:<13} -> {e['predicted']:<13} {e['text']}")
    return 0


def _read_labelled(path: str) -> tuple[list[dict] | None, list[str]]:
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
    except OSError as exc:
        print(f"intervisie classify: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return None, []
    items, errors = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        rec, err = _parse(line, number)
        if err is not None:
            errors.append(err)
        else:
            items.append(rec)
    return items, errors
