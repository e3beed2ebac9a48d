"""A4 PDF documents (fpdf2) with DejaVu Sans, so every Dutch and English character prints."""
from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path


@cache
def font_path() -> str:
    """DejaVu Sans as shipped with matplotlib (no system font needed)."""
    import matplotlib

    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")


def new_pdf(title: str, lang: str, margin: float = 12):
    """An A4 ``FPDF`` with the DejaVu fonts ("DejaVu", regular and bold), title, language and
    margins (``margin`` top and bottom, 2 mm more left and right), with its first page added."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(margin + 2, margin, margin + 2)
    pdf.set_auto_page_break(True, margin=margin)
    font = font_path()
    pdf.add_font("DejaVu", "", font)
    pdf.add_font("DejaVu", "B", str(Path(font).with_name("DejaVuSans-Bold.ttf")))
    pdf.set_title(title)
    pdf.set_lang(lang)
    pdf.add_page()
    return pdf


def date_text(day: dt.date | None, lang: str) -> str:
    """A date as Dutch (dd-mm-jjjj) or English (yyyy-mm-dd) readers write it; "" for None."""
    if day is None:
        return ""
    return day.strftime("%d-%m-%Y" if lang == "nl" else "%Y-%m-%d")


def hours_text(hours: float, lang: str) -> str:
    """Hours with two decimals, a decimal comma in Dutch (``1,50``)."""
    s = f"{hours:.2f}"
    return s.replace(".", ",") if lang == "nl" else s


def heading(pdf, text: str, size: float = 11, gap: float = 3) -> None:
    """A bold line after ``gap`` mm of space; the body font (regular, 10 pt) follows."""
    pdf.ln(gap)
    pdf.set_font("DejaVu", "B", size)
    pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)


def table(pdf, head, rows, widths=None, size: float = 9) -> None:
    """A table with a heading row; ``widths`` are relative column widths."""
    pdf.set_font("DejaVu", "", size)
    with pdf.table(col_widths=widths, line_height=size * 0.55, padding=0.8,
                   first_row_as_headings=True) as t:
        t.row([str(c) for c in head])
        for row in rows:
            t.row([str(c) for c in row])
    pdf.set_font("DejaVu", "", 10)


def signature_line(pdf, label: str, width: float = 80, space: float = 18) -> None:
    """Room to sign, a line and ``label`` under it."""
    pdf.ln(space)
    pdf.cell(width, 0, "", border="T", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(width, 6, label, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
