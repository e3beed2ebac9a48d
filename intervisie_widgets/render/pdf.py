"""A4 PDF documents (fpdf2) with DejaVu Sans, so every Dutch and English character prints."""
from __future__ import annotations

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
