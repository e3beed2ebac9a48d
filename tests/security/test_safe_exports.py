"""Exports that no spreadsheet runs as formulas, and export → import → export round trips for any
text (issue 13, items 4 and 5), on SQLite."""
from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from intervisie_widgets.catalog import forms
from intervisie_widgets.engines.answers import AnswerError, clean_answers
from intervisie_widgets.exchange.export import export, export_frame
from intervisie_widgets.exchange.importing import import_file
from intervisie_widgets.storage import Store

FORM = forms.session_form()
TEXT_ITEM = next(i for i in FORM.items if i.type == "text" and i.for_role("deelnemer"))
SCALE_ITEM = next(i for i in FORM.items if i.type == "scale" and i.for_role("deelnemer"))
DANGEROUS = ["=HYPERLINK(\"http://evil.example\",\"klik\")", "+31 6 1234", "-2+3", "@SUM(A1)", "'al een quote",
             "=1+1\nen verder"]
QUOTED = 'Toen ze zei: "ik weet het niet", bleef ik stil.'

#: Any text a participant can store: no surrogates, no control characters but tab and new lines.
ANSWER_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters=[
    chr(i) for i in range(32) if chr(i) not in "\t\n\r"]), min_size=1, max_size=120).filter(lambda t: t.strip())


def store_with(texts: list[str], folder: Path) -> Store:
    store = Store(f"sqlite:///{folder / 'a.sqlite'}")
    for n, text in enumerate(texts, start=1):
        store.submit("G", 1, "deelnemer", f"p{n}", {TEXT_ITEM.id: text, SCALE_ITEM.id: 3})
    return store


def round_trip(texts: list[str], fmt: str, folder: Path) -> tuple[bytes, bytes, list[str]]:
    """(first export, export after import into an empty store, the stored texts after import)."""
    first, second = folder / f"one.{fmt}", folder / f"two.{fmt}"
    export(store_with(texts, folder), first, fmt)
    again = Store(f"sqlite:///{folder / 'b.sqlite'}")
    import_file(again, first)
    export(again, second, fmt)
    stored = [v for v in export_frame(again)[TEXT_ITEM.id] if v]
    return first.read_bytes(), second.read_bytes(), stored


def test_csv_neutralises_formula_like_texts(tmp_path):
    """Every text beginning with = + - @ or a quote is written with a leading quote, and imports as typed."""
    one, two, stored = round_trip(DANGEROUS, "csv", tmp_path)
    rows = list(csv.DictReader(io.StringIO(one.decode("utf-8"))))
    assert sorted(r[TEXT_ITEM.id] for r in rows) == sorted("'" + t for t in DANGEROUS)
    assert sorted(stored) == sorted(DANGEROUS)
    assert one == two


def test_xlsx_never_holds_a_formula(tmp_path):
    """In the XLSX export a text beginning with '=' is a text cell, not a formula, and reads back as typed."""
    one, two, stored = round_trip(DANGEROUS, "xlsx", tmp_path)
    ws = load_workbook(io.BytesIO(one)).active
    header = [c.value for c in ws[1]]
    col = header.index(TEXT_ITEM.id) + 1
    cells = [ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1)]
    assert {c.data_type for c in cells} == {"s"}
    assert sorted(c.value for c in cells) == sorted(DANGEROUS)
    assert sorted(stored) == sorted(DANGEROUS)


def test_a_quotation_with_a_comma_imports_again(tmp_path):
    """The kit reads its own CSV with the dialect it writes: a quoted text with a comma is one field."""
    one, two, stored = round_trip([QUOTED, "gewoon"], "csv", tmp_path)
    assert sorted(stored) == sorted([QUOTED, "gewoon"])
    assert one == two


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(ANSWER_TEXT, min_size=1, max_size=3))
def test_export_import_export_is_identical_for_any_text(fmt, texts):
    """For arbitrary Unicode answers, export → import into an empty store → export gives the same file content."""
    with tempfile.TemporaryDirectory() as folder:
        one, two, stored = round_trip(texts, fmt, Path(folder))
    assert sorted(stored) == sorted(t.replace("\r\n", "\n").replace("\r", "\n").strip() for t in texts)
    if fmt == "csv":
        assert one == two
    else:
        assert _cells(one) == _cells(two)


def _cells(xlsx: bytes) -> list[list]:
    return [[c.value for c in row] for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows()]


def test_control_characters_are_refused_by_the_one_answer_check():
    """A text answer with an invisible control character is refused with a message in nl and en."""
    with pytest.raises(AnswerError) as err:
        clean_answers(FORM, "deelnemer", {TEXT_ITEM.id: "eerst\x07luisteren"})
    assert err.value.key == "control_characters"
    assert "stuurtekens" in err.value.message("nl") and "control characters" in err.value.message("en")
