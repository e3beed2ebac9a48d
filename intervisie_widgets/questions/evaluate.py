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
    predicted, in :data:`LEVELS` order), ``not_analysed`` (labelled questions the engine
    reported as a problem; they count as wrong), ``level_accuracy_by_lang`` and
    ``calibration`` (:func:`calibration`).
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
        "level_accuracy_by_lang": _accuracy_by_lang(items, results),
        "calibration": calibration(items, results),
    }


def _accuracy_by_lang(items: list[Mapping], results: list) -> dict[str, float]:
    """Level accuracy per language of the labelled records (their ``lang``, else the detected one)."""
    by_lang: dict[str, list[bool]] = {}
    for it, a in zip(items, results):
        if it.get("level") in LEVELS:
            by_lang.setdefault(it.get("lang") or a.lang, []).append(a.level == it["level"])
    return {lang: sum(v) / len(v) for lang, v in sorted(by_lang.items())}


def calibration(items: list[Mapping], results: list, bins: int = 5) -> dict:
    """How well the confidence matches the hit rate on the labelled levels.

    ``ece``: the expected calibration error (confidence minus hit rate, weighted over ``bins``
    equal-width confidence bins); ``mean_confidence`` and ``accuracy``; ``doubt_share``: the share
    of questions with ``doubt`` ("twijfel"); ``accuracy_doubt`` and ``accuracy_sure``: the hit
    rate with and without doubt (``None`` when there are none).
    """
    pairs = [(a.confidence, a.level == it["level"], a.doubt) for it, a in zip(items, results)
             if it.get("level") in LEVELS and a.level is not None]
    if not pairs:
        return {"ece": 0.0, "mean_confidence": 0.0, "accuracy": 0.0, "doubt_share": 0.0,
                "accuracy_doubt": None, "accuracy_sure": None}
    ece = 0.0
    for b in range(bins):
        inside = [(c, hit) for c, hit, _ in pairs if b / bins <= c < (b + 1) / bins or (b == bins - 1 and c == 1.0)]
        if inside:
            ece += len(inside) / len(pairs) * abs(sum(c for c, _ in inside) / len(inside)
                                                  - sum(h for _, h in inside) / len(inside))

    def rate(group: list[bool]):
        return sum(group) / len(group) if group else None

    return {"ece": ece, "mean_confidence": sum(c for c, _, _ in pairs) / len(pairs),
            "accuracy": rate([h for _, h, _ in pairs]), "doubt_share": sum(d for _, _, d in pairs) / len(pairs),
            "accuracy_doubt": rate([h for _, h, d in pairs if d]), "accuracy_sure": rate([h for _, h, d in pairs if not d])}


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


def _pct(x) -> str:
    return "-" if x is None else f"{x:.3f}"


def format_report(scores: dict, lang: str = "nl") -> str:
    """A plain-text report of :func:`evaluate`'s scores."""
    lines = [f"n = {scores['n']}  (not analysed: {scores['not_analysed']})", "", "accuracy per label:"]
    for label, acc in scores["accuracy"].items():
        lines.append(f"  {label:<8} {acc:.3f}")
    lines.append(f"level macro-F1: {scores['level_macro_f1']:.3f}")
    by_lang = scores.get("level_accuracy_by_lang") or {}
    if by_lang:
        lines.append("level accuracy per language: " + "  ".join(f"{k} {v:.3f}" for k, v in by_lang.items()))
    c = scores.get("calibration")
    if c:
        lines.append(f"calibration: ECE {c['ece']:.3f}, mean confidence {c['mean_confidence']:.3f}, "
                     f"doubt (twijfel) on {c['doubt_share']:.1%}: accuracy {_pct(c['accuracy_doubt'])} with doubt, "
                     f"{_pct(c['accuracy_sure'])} without")
    a = scores["advice"]
    lines.append(f"advice: precision {a['precision']:.3f}  recall {a['recall']:.3f}  F1 {a['f1']:.3f}")
    return "\n".join(lines + confusion_lines(scores["confusion"], lang))


def confusion_lines(confusion: list[list[int]], lang: str = "nl") -> list[str]:
    """The 6×6 level confusion matrix as text lines (rows: true, columns: predicted)."""
    from .analysis import level_name

    lines = ["", "confusion matrix of the levels (rows: true, columns: predicted):"]
    lines.append(" " * 15 + " ".join(f"{lv[:5]:>5}" for lv in LEVELS))
    for lv, row in zip(LEVELS, confusion):
        lines.append(f"  {level_name(lv, lang)[:12]:<12} " + " ".join(f"{v:>5}" for v in row))
    return lines


def format_cv_report(scores: dict, lang: str = "nl") -> str:
    """A plain-text report of :func:`~.crossval.grouped_cv`."""
    lines = [f"grouped {scores['folds']}-fold cross-validation on the train split: n = {scores['n']} "
             f"in {scores['groups']} groups (a template's variants share a fold)",
             f"level accuracy {scores['accuracy']:.3f}  ("
             + "  ".join(f"{k} {v:.3f}" for k, v in scores["accuracy_by_lang"].items()) + ")"]
    return "\n".join(lines + confusion_lines(scores["confusion"], lang))
