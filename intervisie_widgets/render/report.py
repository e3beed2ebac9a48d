"""A group's evaluation report (PDF, PNG or HTML). (The bewijs van deelname is in :mod:`.certificate`.)

It is built from what others may see: group aggregates under the minimum-group rule, counts
of reflections (never their content) and pseudonymous participant keys.
"""
from __future__ import annotations

import base64
import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import catalog
from ..catalog import forms
from ..engines import analysis
from ..settings import load_settings
from ..storage import Store
from . import plots

FORMATS = ("pdf", "png", "html")
CHARTS = (("trajectory", plots.plot_item_over_sessions), ("roles", plots.plot_role_comparison),
          ("heatmap", plots.plot_heatmap))


def t(key: str, lang: str, **values) -> str:
    return catalog.text(f"report.{key}", lang, **values)


@dataclass(frozen=True)
class ReportData:
    group: str
    lang: str
    min_group: int
    facts: tuple[tuple[str, str], ...]
    charts: tuple[tuple[str, bytes, str], ...]  # (name, PNG, alt text)
    tables: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]], ...]  # (heading, head, rows)


def chart_frames(df: pd.DataFrame, min_group: int, items: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
    """The summaries the three charts draw, restricted to ``items`` (default: the common 5-point items)."""
    items = items or forms.session_form().common_scale_items()
    part = df.loc[df["item"].isin(items)]
    return {"trajectory": analysis.session_summary(part, min_group) if "group" in part and part["group"].nunique() <= 1
            else analysis.summarise(part, ["session", "item"], min_group),
            "roles": analysis.role_summary(part, min_group),
            "heatmap": analysis.summarise(part, ["session", "item"], min_group)}


def build(store: Store, group: str, lang: str, min_group: int | None = None, progress=None) -> ReportData:
    """Everything the report shows; :class:`LookupError` when the group has no evaluations."""
    limit = load_settings().min_group if min_group is None else min_group
    raw = store.responses(group, numeric_only=True)
    if raw.empty:
        raise LookupError(group)
    df = analysis.filter_frame(analysis.prepare(raw), kind="session")
    code = str(raw["group"].iloc[0])
    refl = store.reflection_counts(code)
    facts = ((t("facts_sessions", lang), str(df["session"].nunique())),
             (t("facts_responses", lang), str(raw.groupby(["session", "participant", "kind"]).ngroups)),
             (t("facts_participants", lang), str(raw["participant"].nunique())),
             (t("facts_reflections", lang), str(refl[0]["reflections"] if refl else 0)))
    frames = chart_frames(df, limit)
    charts = []
    for i, (name, plot) in enumerate(CHARTS, start=1):
        png, alt = plots.render(plot, frames[name], lang, min_group=limit)
        charts.append((name, png, alt))
        if progress:
            progress(i, len(CHARTS) + 1)
    return ReportData(code, lang, limit, facts, tuple(charts), summary_tables(df, lang, limit))


def summary_tables(df: pd.DataFrame, lang: str, limit: int):
    cat = forms.catalog()
    items = forms.session_form().common_scale_items() + ("rapportcijfer",)
    part = df.loc[df["item"].isin(items)]
    f = lambda x: t("hidden", lang) if pd.isna(x) else plots.num(x, lang)  # noqa: E731
    change = analysis.first_last_change(analysis.session_summary(part, limit))
    change_rows = tuple((cat.item_label(r.item, lang), f(r.first_mean), f(r.last_mean),
                         "" if pd.isna(r.change) else f"{r.change:+.1f}".replace(".", "," if lang == "nl" else "."))
                        for r in change.itertuples())
    comp = analysis.begeleider_comparison(part, limit)
    comp_rows = tuple((cat.item_label(r.item, lang), f(r.met), f(r.zonder)) for r in comp.itertuples())
    rate = analysis.response_rate(df)
    rate_rows = tuple((str(r.session), str(r.respondents), str(r.expected), f"{r.rate:.0%}") for r in rate.itertuples())
    return (
        (t("change_heading", lang), (t("col_item", lang), t("col_first", lang), t("col_last", lang),
                                     t("col_change", lang)), change_rows),
        (t("begeleider_heading", lang), (t("col_item", lang), t("col_met", lang), t("col_zonder", lang)), comp_rows),
        (t("rate_heading", lang), (t("col_session", lang), t("col_respondents", lang), t("col_expected", lang),
                                   t("col_rate", lang)), rate_rows),
    )


def _today(lang: str) -> str:
    return dt.date.today().strftime("%d-%m-%Y" if lang == "nl" else "%Y-%m-%d")


def report_html(data: ReportData) -> str:
    """A self-contained HTML page: images inline with their alt text, tables with headers."""
    e, lang = (lambda s: html.escape(str(s), quote=True)), data.lang
    facts = "".join(f"<tr><th scope='row'>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in data.facts)
    charts = "".join(
        f"<figure><img src='data:image/png;base64,{base64.b64encode(png).decode()}' alt='{e(alt)}' "
        f"style='max-width:100%'><figcaption>{e(t('chart_caption', lang, alt=alt))}</figcaption></figure>"
        for _, png, alt in data.charts)
    tables = "".join(
        f"<h2>{e(head)}</h2><table><thead><tr>{''.join(f'<th scope=col>{e(c)}</th>' for c in cols)}</tr></thead>"
        f"<tbody>{''.join('<tr>' + ''.join(f'<td>{e(v)}</td>' for v in row) + '</tr>' for row in rows)}</tbody></table>"
        for head, cols, rows in data.tables)
    title = e(t("title", lang, group=data.group))
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}"
            "</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#1a1a1a;line-height:1.5}"
            "table{border-collapse:collapse}th,td{border-bottom:1px solid #999;padding:2px 10px;text-align:left}"
            "figcaption{font-size:.9em;color:#333}</style></head><body>"
            f"<h1>{e(t('title', lang, group=data.group))}</h1><p>{e(t('generated', lang, date=_today(lang)))}</p>"
            f"<p>{e(t('privacy', lang, n=data.min_group))}</p><h2>{e(t('overview', lang))}</h2><table>{facts}</table>"
            f"<h2>{e(t('charts', lang))}</h2>{charts}{tables}</body></html>")


def report_png(data: ReportData) -> bytes:
    """The three charts stacked in one image (the alt texts are in the HTML and PDF versions)."""
    import io

    from PIL import Image

    images = [Image.open(io.BytesIO(png)).convert("RGB") for _, png, _ in data.charts]
    width = max(i.width for i in images)
    sheet = Image.new("RGB", (width, sum(i.height for i in images)), "white")
    y = 0
    for img in images:
        sheet.paste(img, (0, y))
        y += img.height
    buf = io.BytesIO()
    sheet.save(buf, format="PNG")
    return buf.getvalue()


def _pdf(lang: str, title: str):
    from .pdf import new_pdf

    return new_pdf(title, lang, margin=14)


def report_pdf(data: ReportData) -> bytes:
    """The report as an A4 PDF: facts, the charts with their descriptions, the tables."""
    import io

    lang = data.lang
    pdf = _pdf(lang, t("title", lang, group=data.group))
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 7, t("title", lang, group=data.group), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    for line in (t("generated", lang, date=_today(lang)), t("privacy", lang, n=data.min_group)):
        pdf.multi_cell(0, 4.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for k, v in data.facts:
        pdf.cell(70, 5, k)
        pdf.cell(0, 5, v, new_x="LMARGIN", new_y="NEXT")
    for _, png, alt in data.charts:
        pdf.ln(3)
        pdf.image(io.BytesIO(png), w=170, alt_text=alt)
        pdf.set_font("DejaVu", "", 7.5)
        pdf.multi_cell(0, 3.6, t("chart_caption", lang, alt=alt), new_x="LMARGIN", new_y="NEXT")
    for head, cols, rows in data.tables:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 6, head, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 8.5)
        with pdf.table(line_height=4.6, padding=0.8, first_row_as_headings=True) as table:
            table.row(list(cols))
            for row in rows:
                table.row(list(row))
    return bytes(pdf.output())


def write_report(store: Store, group: str, out: str | Path, lang: str, progress=None) -> Path:
    """Build and write the report; the format follows the suffix of ``out``."""
    out = Path(out)
    fmt = out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ValueError(fmt)
    data = build(store, group, lang, progress=progress)
    payload = {"pdf": report_pdf, "png": report_png}.get(fmt, lambda d: report_html(d).encode("utf-8"))(data)
    out.write_bytes(payload)
    if progress:
        progress(len(CHARTS) + 1, len(CHARTS) + 1)
    return out

