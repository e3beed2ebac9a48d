"""The exchange format of evaluations (CSV/XLSX): one row per response, one column per item.

Documented for people in ``docs/data-format.md``. Export writes every value in one canonical
text form, so export → import into an empty database → export gives the same rows.
"""
from __future__ import annotations

import csv
import datetime as dt

from .. import catalog
from ..catalog import forms

#: Fixed columns, in order; item columns (one per form item, in form order) follow.
FIXED_COLUMNS = ("group", "group_size", "session", "session_date", "with_begeleider", "role",
                 "participant", "form", "submitted_at")
#: The dialect the kit writes (and reads back without guessing): comma, RFC 4180 quoting.
CSV_DIALECT = csv.excel
REQUIRED_COLUMNS = ("group", "session", "role", "participant", "form")
#: A text cell a spreadsheet would run as a formula (OWASP, "CSV injection") starts with one of
#: these; the export puts a quote before it (and before a leading quote, so that the import can
#: take exactly one quote off again and every text round-trips).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
TRUE_WORDS = {"true", "ja", "yes", "1", "waar", "j", "y"}
FALSE_WORDS = {"false", "nee", "no", "0", "onwaar", "n"}


def neutralise(value: object) -> object:
    """A text cell that no spreadsheet runs as a formula: ``=SUM(A1)`` → ``'=SUM(A1)``."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def restore(value: str) -> str:
    """The text :func:`neutralise` was given (one leading quote taken off)."""
    return value[1:] if value.startswith("'") else value


def item_columns() -> list[str]:
    """Every item id of every form, in form and file order."""
    return list(forms.catalog().items())


def all_columns() -> list[str]:
    return [*FIXED_COLUMNS, *item_columns()]


class ImportProblems(Exception):
    """Everything wrong with an import file; nothing was written.

    ``problems`` is a list of (row, column, key, values): row is the line in the file (1 is
    the header; 0 for the whole file), key a text in ``content/texts/data.yaml`` (or a full
    ``namespace.key``).
    """

    MAX_SHOWN = 25

    def __init__(self, file: str, problems: list[tuple[int, str, str, dict]]):
        self.file = file
        self.problems = problems
        super().__init__(self.message("en"))

    def lines(self, lang: str) -> list[str]:
        out = []
        for row, column, key, values in self.problems[: self.MAX_SHOWN]:
            message = catalog.text(key if "." in key else f"data.{key}", lang, **values)
            if row:
                out.append(catalog.text("data.problem_line", lang, row=row, column=column, message=message))
            else:
                out.append(catalog.text("data.problem_file", lang, message=message))
        if len(self.problems) > self.MAX_SHOWN:
            out.append(catalog.text("data.more_problems", lang, n=len(self.problems) - self.MAX_SHOWN))
        return out

    def message(self, lang: str) -> str:
        head = catalog.text("data.import_failed", lang, n=len(self.problems), file=self.file)
        return "\n".join([head, *("  " + line for line in self.lines(lang))])


# ----------------------------------------------------------------------------- canonical text
def fmt_bool(value) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    return "true" if bool(value) else "false"


def fmt_date(value) -> str:
    if value is None or value != value:
        return ""
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


def fmt_datetime(value) -> str:
    if value is None or value != value:
        return ""
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    return value.replace(microsecond=0).isoformat(timespec="seconds")


def fmt_int(value) -> str:
    if value is None or value != value:
        return ""
    return str(int(value))


# ----------------------------------------------------------------------------- parsing cells
class CellError(ValueError):
    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


def parse_int(raw: str, lo: int, hi: int, required: bool = False) -> int | None:
    raw = raw.strip()
    if not raw:
        if required:
            raise CellError("required")
        return None
    try:
        value = int(raw)
    except ValueError:
        raise CellError("not_number", value=raw[:40]) from None
    if not lo <= value <= hi:
        raise CellError("number_range", value=value, min=lo, max=hi)
    return value


def parse_text(raw: str, limit: int, required: bool = False) -> str:
    value = raw.strip()
    if required and not value:
        raise CellError("required")
    if len(value) > limit:
        raise CellError("too_long_value", n=len(value), max=limit)
    return value


def parse_bool(raw: str) -> bool | None:
    word = raw.strip().lower()
    if not word:
        return None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError("not_bool", value=raw[:40])


def parse_date(raw: str) -> dt.date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        if len(raw) != 10:
            raise ValueError
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CellError("not_date", value=raw[:40]) from None


def parse_datetime(raw: str) -> dt.datetime | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise CellError("not_datetime", value=raw[:40]) from None
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value.replace(microsecond=0)
