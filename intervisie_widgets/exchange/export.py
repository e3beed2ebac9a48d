"""Export of the evaluations as CSV or XLSX (format: :mod:`.data_format`, ``docs/data-format.md``).

Pseudonymised: the participant column holds the derived key (the pseudonym is never stored).
Reflections are never exported — not even their count — because this module only reads
:meth:`Store.responses`, which knows nothing of them.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from ..catalog import forms
from ..storage import Store
from .format import CSV_DIALECT, all_columns, fmt_bool, fmt_date, fmt_datetime, fmt_int, neutralise

FORMATS = ("csv", "xlsx")
_KEYS = ["group", "session", "participant", "kind", "role"]  # one response per role (migration 6)


def export_frame(store: Store, group: str | None = None) -> pd.DataFrame:
    """One row per response, every value as canonical text ("" for empty), sorted by
    group, session, participant, kind of form and role (a person has one row per role they evaluated)."""
    long = store.responses(group)
    columns = all_columns()
    if long.empty:
        return pd.DataFrame(columns=columns, dtype=object)
    score = pd.to_numeric(long["score"])
    as_int = score.round().astype("Int64").astype(str)
    long = long.assign(value=np.where(score.notna(), as_int, long["text"].astype(object)))
    first = long.groupby(_KEYS, sort=False, dropna=False).first()
    wide = long.pivot(index=_KEYS, columns="item", values="value")
    out = pd.DataFrame(index=first.index)
    out["group_size"] = [fmt_int(v) for v in first["group_size"]]
    out["session_date"] = [fmt_date(v) for v in first["session_date"]]
    out["with_begeleider"] = [fmt_bool(v) for v in first["with_begeleider"]]
    out["form"] = first["form"].astype(object)
    out["submitted_at"] = [fmt_datetime(v) for v in first["submitted_at"]]
    out = out.join(wide).reset_index()
    out["session"] = out["session"].astype(int).astype(str)
    out = out.sort_values(["group", "session", "participant", "kind", "role"],
                          key=lambda c: c.astype(int) if c.name == "session" else c.astype(str))
    out = out.reindex(columns=columns).astype(object)
    return out.where(out.notna(), "").reset_index(drop=True)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as UTF-8 CSV (comma, RFC 4180 quoting, header first); a text that a spreadsheet
    would run as a formula gets a leading quote (:func:`~.format.neutralise`)."""
    buf = io.StringIO()
    writer = csv.writer(buf, dialect=CSV_DIALECT)
    writer.writerow(frame.columns)
    writer.writerows([neutralise(v) for v in row] for row in frame.itertuples(index=False, name=None))
    return buf.getvalue().encode("utf-8")


def to_xlsx_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as an Excel workbook: scale answers, session and group size as numbers, every
    other cell as text — never as a formula, whatever the text begins with."""
    from openpyxl import Workbook

    numeric = {"session", "group_size"} | {i.id for i in forms.catalog().items().values() if i.type == "scale"}
    wb = Workbook()
    ws = wb.active
    ws.title = "evaluaties"
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        ws.append([int(v) if c in numeric and v != "" else v for c, v in zip(frame.columns, row)])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl makes "=…" a formula; a participant's text never is one
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export(store: Store, out: str | Path, fmt: str | None = None, group: str | None = None,
           progress=None) -> int:
    """Write the export file; returns the number of responses. ``fmt`` defaults to the suffix."""
    out = Path(out)
    fmt = (fmt or out.suffix.lstrip(".") or "csv").lower()
    if fmt not in FORMATS:
        raise ValueError(fmt)
    if progress:
        progress(0, 2)
    frame = export_frame(store, group)
    if progress:
        progress(1, 2)
    data = to_csv_bytes(frame) if fmt == "csv" else to_xlsx_bytes(frame)
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(out)  # never a half-written export under the real name
    if progress:
        progress(2, 2)
    return len(frame)

