"""A one-page handout of a method: HTML (always) and PDF (fpdf2); the preparation checklist
follows (in the PDF on a second page, so the method itself stays on one)."""
from __future__ import annotations

import html

from .. import catalog
from ..model import Method, QuestionSet, Step, Variant
from .pdf import new_pdf
from .preparation import checklist_html, pdf_checklist


def _t(key: str, lang: str, **values: object) -> str:
    return catalog.text(key, lang, **values)


def speaker_name(speaker: str, lang: str) -> str:
    return catalog.text(f"speakers.{speaker}", lang)


def advice_line(method: Method, step: Step, lang: str) -> str:
    """The advice banner of a step: now, not yet, done (after the advice round) or none in this method."""
    return _t(f"methods.advice_{method.advice_state(step.id)}", lang)


def question_set_html(qs: QuestionSet, lang: str, heading: str, level: str = "h3") -> str:
    """A question set as HTML: heading, what the set is for, and each question with its explanation."""
    e = lambda x: html.escape(x, quote=True)  # noqa: E731
    items = "".join(
        f"<li>{e(q.get(lang))}" + (f' <span class="ik-explanation">({e(x.get(lang))})</span>' if x else "") + "</li>"
        for q, x in qs.items())
    return (f"<{level}>{e(heading)}: {e(qs.name.get(lang))}</{level}>"
            f'<p class="ik-note">{e(qs.description.get(lang))}</p><ol>{items}</ol>')


def total_line(method: Method, variant: Variant, lang: str) -> str:
    """'90 minuten (…)': the total time and how the steps add up to it."""
    if variant.rounds > 1 or variant.pause_minutes:
        pause = _t("methods.pause_part", lang, pause=variant.pause_minutes) if variant.pause_minutes else ""
        return _t("methods.total_value", lang, total=variant.total_minutes, rounds=variant.rounds,
                  steps=method.step_minutes, pause=pause)
    return _t("methods.total_value_single", lang, total=variant.total_minutes, steps=method.step_minutes)


def size_line(variant: Variant, lang: str) -> str:
    """'5 tot 7 deelnemers. Seed 002: …': the size and where it comes from (seed 003's rule by default)."""
    size = _t("methods.group_size_value", lang, min=variant.group_size.min, max=variant.group_size.max)
    why = (variant.size_source.get(lang) if variant.size_source else
           _t("methods.group_size_default", lang) if variant.size_default else "")
    return f"{size}. {why}" if why else size


def facts(method: Method, variant: Variant, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs shown in the overview and on the handout."""
    roles = catalog.roles()
    return [
        (_t("methods.purpose", lang), method.purpose.get(lang)),
        (_t("methods.when", lang), method.when.get(lang)),
        (_t("methods.roles", lang), ", ".join(roles[r].name.get(lang) for r in method.roles if r in roles)),
        (_t("methods.group_size", lang), size_line(variant, lang)),
        (_t("methods.total", lang), total_line(method, variant, lang)),
        (_t("methods.source", lang), method.source.get(lang)),
    ]


def handout_html(method: Method, lang: str, variant_id: str | None = None) -> str:
    """A self-contained printable HTML page (no external resources)."""
    v = method.variant(variant_id)
    e = lambda s: html.escape(s, quote=True)  # noqa: E731
    rows = "".join(
        f"<tr><td>{i}</td><td><b>{e(s.name.get(lang))}</b><br>{e(s.what.get(lang))}"
        f"<br><i>{e(s.rules.get(lang))}</i><br><small>{e(advice_line(method, s, lang))}</small></td>"
        f"<td>{e(speaker_name(s.speaker, lang))}</td>"
        f"<td>{s.minutes}</td></tr>"
        for i, s in enumerate(method.steps, start=1)
    )
    facts_html = "".join(f"<dt>{e(k)}</dt><dd>{e(val)}</dd>" for k, val in facts(method, v, lang))
    note = ""
    if method.reconstructed and method.reconstructed_note:
        note = f"<p class='note'><b>{e(_t('methods.reconstructed_note', lang))}</b> {e(method.reconstructed_note.get(lang))}</p>"
    prep = checklist_html(catalog.checklist(method.id, v.id), lang)
    sets = "".join(question_set_html(qs, lang, _t("methods.questions_heading", lang), "h2")
                   for qs in method.question_sets)
    head = (f"<th>{e(_t('methods.col_nr', lang))}</th><th>{e(_t('methods.col_step', lang))}</th>"
            f"<th>{e(_t('methods.col_speaker', lang))}</th><th>{e(_t('methods.col_minutes', lang))}</th>")
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{e(method.name.get(lang))}</title>
<style>
body {{ font-family: sans-serif; font-size: 10.5pt; color: #111; margin: 1.5cm; }}
h1 {{ font-size: 16pt; margin: 0 0 4pt; }} h2 {{ font-size: 12pt; margin: 8pt 0 2pt; }}
dl {{ display: grid; grid-template-columns: 9em 1fr; gap: 2pt 8pt; margin: 4pt 0; }} dt {{ font-weight: bold; }} dd {{ margin: 0; }}
table {{ border-collapse: collapse; width: 100%; }} th, td {{ border-bottom: 1px solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }}
.note {{ border-left: 4px solid #b45309; padding-left: 6pt; }}
.ik-badge {{ font-weight: bold; color: #92400e; }} .ik-checklist li {{ margin-bottom: 2pt; }}
@page {{ size: A4; margin: 1.2cm; }}
</style></head><body>
<h1>{e(method.name.get(lang))} — {e(v.name.get(lang))}</h1>
<dl>{facts_html}</dl>{note}
{prep}
<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>
{sets}
<p><small>{e(_t('methods.handout_footer', lang))}</small></p>
</body></html>"""


def _pdf_question_set(pdf, qs: QuestionSet, lang: str) -> None:
    """One question set on the PDF: its name, what it is for, each question with its explanation."""
    pdf.ln(1)
    pdf.set_font("DejaVu", "B", 9)
    pdf.cell(0, 5, f"{_t('methods.questions_heading', lang)}: {qs.name.get(lang)}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(0, 4, qs.description.get(lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8.5)
    for i, (q, x) in enumerate(qs.items(), start=1):
        line = _t("methods.question_explained", lang, question=q.get(lang), explanation=x.get(lang)) if x else q.get(lang)
        pdf.multi_cell(0, 4.3, f"{i}. {line}", new_x="LMARGIN", new_y="NEXT")


def handout_pdf(method: Method, lang: str, variant_id: str | None = None) -> bytes:
    """The handout as an A4 PDF (fpdf2, DejaVu Sans for full Unicode)."""
    v = method.variant(variant_id)
    pdf = new_pdf(method.name.get(lang), lang, margin=12)
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 7, f"{method.name.get(lang)} — {v.name.get(lang)}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    for label, value in facts(method, v, lang):
        pdf.set_font("DejaVu", "B", 8.5)
        pdf.cell(34, 4.5, label)
        pdf.set_font("DejaVu", "", 8.5)
        pdf.multi_cell(0, 4.5, value, new_x="LMARGIN", new_y="NEXT")
    if method.reconstructed and method.reconstructed_note:
        pdf.set_font("DejaVu", "B", 8.5)
        pdf.multi_cell(0, 4.5, f"{_t('methods.reconstructed_note', lang)} {method.reconstructed_note.get(lang)}",
                       new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    with pdf.table(col_widths=(6, 124, 34, 12), text_align=("LEFT", "LEFT", "LEFT", "RIGHT"),
                   line_height=4, padding=0.8) as table:
        pdf.set_font("DejaVu", "B", 8.5)
        table.row([_t("methods.col_nr", lang), _t("methods.col_step", lang),
                   _t("methods.col_speaker", lang), _t("methods.col_minutes", lang)])
        pdf.set_font("DejaVu", "", 8)
        for i, s in enumerate(method.steps, start=1):
            table.row([str(i), f"{s.name.get(lang)}: {s.what.get(lang)} — {s.rules.get(lang)} "
                               f"({advice_line(method, s, lang)})",
                       speaker_name(s.speaker, lang), str(s.minutes)])
    for qs in method.question_sets:
        _pdf_question_set(pdf, qs, lang)
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 7)
    pdf.cell(0, 4, _t("methods.handout_footer", lang))
    pdf_checklist(pdf, catalog.checklist(method.id, v.id), lang)
    return bytes(pdf.output())
