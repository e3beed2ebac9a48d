"""The intervisiecontract (seed 003) as Markdown and as an A4 PDF (fpdf2, DejaVu Sans)."""
from __future__ import annotations

from .. import catalog
from ..model.group import Contract
from .pdf import new_pdf


def _heading(part: str, lang: str) -> str:
    return catalog.text(f"group.contract_{part}", lang)


def contract_markdown(contract: Contract, lang: str) -> str:
    """The six parts under their headings; an empty part says it is still to be agreed."""
    empty = catalog.text("group.contract_empty", lang)
    lines = [f"# {catalog.text('group.contract_title', lang)}", ""]
    for i, (part, value) in enumerate(contract.parts(), start=1):
        lines += [f"## {i}. {_heading(part, lang)}", "", value.strip() or f"_{empty}_", ""]
    lines.append(f"_{catalog.text('group.contract_footer', lang)}_")
    return "\n".join(lines) + "\n"


def contract_pdf(contract: Contract, lang: str) -> bytes:
    """The contract as a PDF with a signature line per participant name."""
    title = catalog.text("group.contract_title", lang)
    pdf = new_pdf(title, lang, margin=16)
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    empty = catalog.text("group.contract_empty", lang)
    for i, (part, value) in enumerate(contract.parts(), start=1):
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, f"{i}. {_heading(part, lang)}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 5, value.strip() or empty, new_x="LMARGIN", new_y="NEXT")
    names = [n.strip() for n in contract.names.replace(",", "\n").splitlines() if n.strip()]
    if names:
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 6, catalog.text("group.contract_signatures", lang), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        for n in names:
            pdf.cell(70, 9, n)
            pdf.cell(0, 9, "_" * 40, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 7)
    pdf.cell(0, 4, catalog.text("group.contract_footer", lang))
    return bytes(pdf.output())
