"""The preparation checklist of a method as HTML (walkthrough, projector, handout) and on the PDF handout."""
from __future__ import annotations

import html

from .. import catalog
from ..model.preparation import Checklist, PrepItem

BOX = "\u2610"  # a ballot box: the handout is ticked off on paper


def _t(key: str, lang: str, **values: object) -> str:
    return catalog.text(key, lang, **values)


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def item_html(item: PrepItem, lang: str) -> str:
    """One item: the text, then its source, or the reconstructed badge with what was added."""
    if item.reconstructed:
        why = (f'<span class="ik-badge">{_e(_t("common.reconstructed_badge", lang))}</span> '
               f'{_e(_t("preparation.added", lang))}: {_e(item.note.get(lang))}')
    else:
        why = f'{_e(_t("preparation.source", lang))}: {_e(item.source.get(lang))}'
    css = "ik-prep-item ik-prep-reconstructed" if item.reconstructed else "ik-prep-item"
    return (f'<li class="{css}" data-item="{_e(item.id)}">{_e(item.text.get(lang))}'
            f'<br><small class="ik-prep-source">{why}</small></li>')


def group_html(group: str, items: tuple[PrepItem, ...], lang: str, level: str = "h3") -> str:
    """One group of the checklist: its heading and its items."""
    return (f'<{level}>{_e(_t(f"preparation.group_{group}", lang))}</{level}>'
            f'<ul class="ik-checklist">{"".join(item_html(i, lang) for i in items)}</ul>')


def checklist_html(checklist: Checklist, lang: str, level: str = "h2") -> str:
    """The whole checklist: heading, intro and the groups (room and materials, the people, online)."""
    m = catalog.method(checklist.method)
    variant = m.variant(checklist.variant)
    sub = "h3" if level == "h2" else "h4"
    intro = _t("preparation.intro", lang, method=m.name.get(lang), variant=variant.name.get(lang))
    body = "".join(group_html(g, items, lang, sub) for g, items in checklist.grouped())
    return (f'<{level}>{_e(_t("preparation.heading", lang))}</{level}><p class="ik-note">{_e(intro)}</p>'
            + (body or f'<p class="ik-note">{_e(_t("preparation.none", lang))}</p>'))


def pdf_checklist(pdf, checklist: Checklist, lang: str) -> None:
    """The checklist as the handout's second page: heading, intro, per group the boxed items,
    each with its source, or the reconstructed badge and what was added."""
    m = catalog.method(checklist.method)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(0, 6.5, f"{_t('preparation.heading', lang)}: {m.name.get(lang)}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8.5)
    intro = _t("preparation.intro", lang, method=m.name.get(lang), variant=m.variant(checklist.variant).name.get(lang))
    pdf.multi_cell(0, 4.3, intro, new_x="LMARGIN", new_y="NEXT")
    for group, items in checklist.grouped():
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(0, 5.5, _t(f"preparation.group_{group}", lang), new_x="LMARGIN", new_y="NEXT")
        for item in items:
            pdf.set_font("DejaVu", "", 9)
            pdf.multi_cell(0, 4.6, f"{BOX} {item.text.get(lang)}", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 7)
            pdf.set_x(pdf.l_margin + 4)
            pdf.multi_cell(0, 3.5, _why(item, lang), new_x="LMARGIN", new_y="NEXT")
    if not checklist.items:
        pdf.multi_cell(0, 4.3, _t("preparation.none", lang), new_x="LMARGIN", new_y="NEXT")


def _why(item: PrepItem, lang: str) -> str:
    if item.reconstructed:
        return f"{_t('common.reconstructed_badge', lang)}. {_t('preparation.added', lang)}: {item.note.get(lang)}"
    return f"{_t('preparation.source', lang)}: {item.source.get(lang)}"
