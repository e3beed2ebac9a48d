"""Import of evaluations from CSV, all or nothing.

The whole file is read and checked first; every problem is reported with its row and column
(:class:`ImportProblems`). Only a file without problems is written, in one transaction, so a
failed import never changes the database.
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from ..catalog import forms
from ..engines.answers import AnswerError, clean_answers
from ..storage import AlreadySubmitted, Store, Submission, response_key, submission_key
from ..storage.plans import MAX_SESSIONS
from .format import (
    CSV_DIALECT,
    FIXED_COLUMNS,
    REQUIRED_COLUMNS,
    CellError,
    ImportProblems,
    item_columns,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_int,
    parse_text,
    restore,
)

#: Largest field the CSV reader accepts; anything longer than an item allows is reported per cell.
FIELD_LIMIT = 64 * 1024 * 1024
MAX_PROBLEMS = 200


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblems(name, [(0, "", "not_utf8", {})]) from None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The kit's own dialect for a file whose header it wrote; only foreign files are sniffed
    (a sniffer misreads a quoted text with a comma in it)."""
    head = text.split("\n", 1)[0].strip().lstrip("\ufeff")
    if head.startswith(",".join(FIXED_COLUMNS[:3])):
        return CSV_DIALECT
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def read_rows(path: str | Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, fields) of every non-empty row of a CSV or XLSX file;
    :class:`ImportProblems` if unreadable. In a CSV file, the leading quote that the export put
    before a formula-like text is taken off again (:func:`~.format.restore`)."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ImportProblems(name, [(0, "", "cannot_read", {"cause": exc.strerror or exc})]) from None
    if raw[:4] == b"PK\x03\x04":  # a workbook: its text cells are text, nothing was quoted
        return _xlsx_rows(raw, name)
    header, rows = _csv_rows(raw, name)
    return header, [(line, [restore(f) for f in fields]) for line, fields in rows]


def _csv_rows(raw: bytes, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    text = _decode(raw, name)
    if not text.strip():
        raise ImportProblems(name, [(0, "", "empty_file", {})])
    old = csv.field_size_limit()
    csv.field_size_limit(min(FIELD_LIMIT, sys.maxsize))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
        header = [h.strip() for h in next(reader)]
        rows = []
        start = reader.line_num + 1
        for fields in reader:
            if any(f.strip() for f in fields):
                rows.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportProblems(name, [(0, "", "not_csv", {"cause": exc})]) from None
    finally:
        csv.field_size_limit(old)
    return header, rows


def _xlsx_rows(raw: bytes, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The first sheet of a workbook as text cells (numbers as whole numbers where they are whole)."""
    try:
        from openpyxl import load_workbook

        ws = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).worksheets[0]
        table = [["" if v is None else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
                  for v in row] for row in ws.iter_rows(values_only=True)]
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is one clear problem
        raise ImportProblems(name, [(0, "", "not_csv", {"cause": exc})]) from None
    if not table:
        raise ImportProblems(name, [(0, "", "empty_file", {})])
    header = [h.strip() for h in table[0]]
    rows = [(i, fields) for i, fields in enumerate(table[1:], start=2) if any(f.strip() for f in fields)]
    return header, rows


def _check_header(header: list[str]) -> list[tuple[int, str, str, dict]]:
    problems = []
    known = set(FIXED_COLUMNS) | set(item_columns())
    seen = set()
    for col in header:
        if col in seen:
            problems.append((1, col, "duplicate_column", {"column": col}))
        seen.add(col)
        if col not in known:
            problems.append((1, col, "unknown_column", {"column": col}))
    for col in REQUIRED_COLUMNS:
        if col not in seen:
            problems.append((1, col, "missing_column", {"column": col, "required": ", ".join(REQUIRED_COLUMNS)}))
    return problems


def _parse_row(line: int, row: dict[str, str], problems: list) -> Submission | None:
    """One row as a checked Submission, or None after adding its problems."""
    before = len(problems)

    def cell(column, parse, *args, **kwargs):
        try:
            return parse(row.get(column, ""), *args, **kwargs)
        except CellError as exc:
            problems.append((line, column, exc.key, exc.values))
            return None

    group = cell("group", parse_text, 64, required=True)
    session = cell("session", parse_int, 1, MAX_SESSIONS, required=True)
    participant = cell("participant", parse_text, 60, required=True)
    form_id = cell("form", parse_text, 40, required=True)
    role = cell("role", parse_text, 24, required=True)
    extra = {"group_size": cell("group_size", parse_int, 1, 200),
             "session_date": cell("session_date", parse_date),
             "with_begeleider": cell("with_begeleider", parse_bool),
             "submitted_at": cell("submitted_at", parse_datetime)}
    cat = forms.catalog()
    form = None
    if form_id:
        try:
            form = cat.get(form_id)
        except KeyError:
            problems.append((line, "form", "unknown_form", {"value": form_id[:40],
                                                           "known": ", ".join(f.id for f in cat.forms)}))
    answers = _answers(line, row, form, role, problems)
    if len(problems) > before or form is None or answers is None:
        return None
    if not answers:
        problems.append((line, "-", "no_answers", {}))
        return None
    return Submission(group, session, role, response_key(group, session, participant), form.id, form.kind, answers, **extra)


def _answers(line: int, row: dict[str, str], form, role: str | None, problems: list) -> dict | None:
    """The row's answers checked by the one answer check (:func:`clean_answers`), cell by cell so
    that every wrong cell is reported; None when the role or a cell is wrong."""
    if form is None or not role:
        return None
    raw = {item_id: row[item_id].strip() for item_id in item_columns() if row.get(item_id, "").strip()}
    try:
        clean_answers(form, role, {})
    except AnswerError as exc:  # the role is not one of the form's
        problems.append((line, "role", f"evaluation.{exc.key}", {**exc.values, "role": role[:24]}))
        return None
    answers, ok = {}, True
    for item_id, text in raw.items():
        item = next((i for i in form.items if i.id == item_id), None)
        value = _whole_number(text) if item is not None and item.type == "scale" else text
        try:
            answers.update(clean_answers(form, role, {item_id: value}))
        except AnswerError as exc:
            problems.append((line, item_id, f"evaluation.{exc.key}", {"item": item_id, **exc.values}))
            ok = False
    return answers if ok else None


def _whole_number(text: str) -> int | str:
    """A CSV cell as the int it spells, else the text itself (the answer check then says why)."""
    try:
        return int(text)
    except ValueError:
        return text


def check_file(path: str | Path, progress=None) -> tuple[list[Submission], list[int]]:
    """Every row of the file as a checked submission (and its line); :class:`ImportProblems` if any is wrong."""
    header, rows = read_rows(path)
    problems = _check_header(header)
    if problems:
        raise ImportProblems(str(path), problems)
    subs, lines, first_line = [], [], {}
    for n, (line, fields) in enumerate(rows, start=1):
        if len(fields) != len(header):
            problems.append((line, "-", "wrong_field_count", {"n": len(fields), "expected": len(header)}))
        else:
            sub = _parse_row(line, dict(zip(header, fields)), problems)
            if sub is not None:
                key = submission_key(sub)
                if key in first_line:
                    problems.append((line, "participant", "duplicate_row", {"other": first_line[key]}))
                else:
                    first_line[key] = line
                    subs.append(sub)
                    lines.append(line)
        if len(problems) >= MAX_PROBLEMS:
            break
        if progress and (n % 500 == 0 or n == len(rows)):
            progress(n, len(rows))
    if problems:
        raise ImportProblems(str(path), problems)
    return subs, lines


def import_file(store: Store, path: str | Path, progress=None, check_progress=None) -> int:
    """Check the whole file, then store every row in one transaction; returns the rows imported."""
    subs, lines = check_file(path, check_progress)
    try:
        return store.add_submissions(subs, progress)
    except AlreadySubmitted as exc:
        raise ImportProblems(str(path), [(lines[exc.index], "participant", "already_stored", {})]) from None
