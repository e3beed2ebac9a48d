"""Score the engine against labelled questions: accuracy per label, macro-F1, confusion matrix."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Mapping

from ..model import LEVELS

#: Labels compared when present: (label in the data, attribute of Analysis).
FLAG_LABELS = (("open", "open"), ("advice", "advice"), ("leading", "leading"), ("stacked", "stacked"),
               ("why", "bare_why"))


def dev_items() -> list[dict]:
    """The bank's dev split as labelled records (the lines of ``data/questions-dev.jsonl``)."""
    from ..catalog import question_bank

    return [question_record(q) for q in question_bank.question_bank() if q.split == "dev"]


def question_record(q) -> dict:
    """One bank :class:`~intervisie_widgets.model.Question` as a labelled JSON record."""
    return {"text": q.text, "lang": q.lang, "level": q.level, "open": q.open, "advice": q.advice,
            "leading": q.leading, "stacked": q.stacked, "why": q.why, "sector": q.sector}


def export_dev(path: str | Path) -> int:
    """Write the dev split as JSON lines to ``path``; returns the number of lines."""
    items = dev_items()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for item in items:
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
    return len(items)


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(items: Iterable[Mapping]) -> dict:
    """Compare the engine with labelled records (``text`` plus ``level``/``open``/``advice`` …).

    Returns ``n``, ``accuracy`` per label, ``level_macro_f1``, ``level_f1`` per level,
    ``advice`` precision/recall/F1, the 6×6 ``confusion`` matrix (rows: true level, columns:
    predicted, in :data:`LEVELS` order) and ``not_analysed`` (labelled questions the engine
    reported as a problem; they count as wrong).
    """
    from .analysis import analyse

    items = list(items)
    results = [analyse(str(it.get("text", "")), it.get("lang") or None) for it in items]
    tally = _tally(items, results)
    confusion = tally["confusion"]
    level_f1 = _level_f1(confusion, items)
    present = [lv for lv in LEVELS if any(it.get("level") == lv for it in items)]
    p, r, f = _f1(*tally["advice"])
    return {
        "n": len(items),
        "accuracy": {k: tally["correct"][k] / n for k, n in tally["counted"].items()},
        "level_macro_f1": sum(level_f1[lv] for lv in present) / len(present) if present else 0.0,
        "level_f1": level_f1,
        "advice": {"precision": p, "recall": r, "f1": f},
        "confusion": confusion,
        "not_analysed": tally["not_analysed"],
    }


def _tally(items: list[Mapping], results: list) -> dict:
    """Counts per label (correct, counted), the level confusion matrix and advice tp/fp/fn."""
    confusion = [[0] * len(LEVELS) for _ in LEVELS]
    correct: dict[str, int] = {}
    counted: dict[str, int] = {}
    tp = fp = fn = not_analysed = 0

    def count(label: str, right: bool) -> None:
        counted[label] = counted.get(label, 0) + 1
        correct[label] = correct.get(label, 0) + right

    for it, a in zip(items, results):
        not_analysed += a.problem is not None
        if it.get("level") in LEVELS:
            count("level", a.level == it["level"])
            if a.level in LEVELS:
                confusion[LEVELS.index(it["level"])][LEVELS.index(a.level)] += 1
        for label, attr in FLAG_LABELS:
            if label in it:
                count(label, bool(it[label]) == getattr(a, attr))
        if "advice" in it:
            tp += bool(it["advice"]) and a.advice
            fp += (not it["advice"]) and a.advice
            fn += bool(it["advice"]) and not a.advice
    return {"confusion": confusion, "correct": correct, "counted": counted, "advice": (tp, fp, fn),
            "not_analysed": not_analysed}


def _level_f1(confusion: list[list[int]], items: list[Mapping]) -> dict[str, float]:
    """F1 per level from the confusion matrix (0 for a level with no labelled question)."""
    out = {}
    for k, level in enumerate(LEVELS):
        predicted = sum(row[k] for row in confusion)
        true_n = sum(1 for it in items if it.get("level") == level)
        hit = confusion[k][k]
        out[level] = _f1(hit, predicted - hit, true_n - hit)[2] if true_n else 0.0
    return out


def format_report(scores: dict, lang: str = "nl") -> str:
    """A plain-text report of :func:`evaluate`'s scores."""
    from .analysis import level_name

    lines = [f"n = {scores['n']}  (not analysed: {scores['not_analysed']})", "", "accuracy per label:"]
    for label, acc in scores["accuracy"].items():
        lines.append(f"  {label:<8} {acc:.3f}")
    lines.append(f"level macro-F1: {scores['level_macro_f1']:.3f}")
    a = scores["advice"]
    lines.append(f"advice: precision {a['precision']:.3f}  recall {a['recall']:.3f}  F1 {a['f1']:.3f}")
    lines += ["", "confusion matrix of the levels (rows: true, columns: predicted):"]
    short = [lv[:5] for lv in LEVELS]
    lines.append(" " * 15 + " ".join(f"{s:>5}" for s in short))
    for lv, row in zip(LEVELS, scores["confusion"]):
        lines.append(f"  {level_name(lv, lang)[:12]:<12} " + " ".join(f"{v:>5}" for v in row))
    return "\n".join(lines)
