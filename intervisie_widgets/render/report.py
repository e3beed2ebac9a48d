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
from . import plots, tables

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
    """The summaries the three charts draw, restricted to ``items`` (default: the common 5-point items).

    For one group the trajectory and heatmap frames carry ``assumed`` per session (met/zonder
    begeleider assumed, not planned), when ``df`` has it (:func:`analysis.mark_assumed`)."""
    items = items or forms.session_form().common_scale_items()
    part = df.loc[df["item"].isin(items)]
    one = "group" in part and part["group"].nunique() <= 1
    trajectory = (analysis.session_summary(part, min_group) if one
                  else analysis.summarise(part, ["session", "item"], min_group))
    heatmap = analysis.summarise(part, ["session", "item"], min_group)
    if one and "assumed" in part:
        assumed = part.groupby("session")["assumed"].any()
        trajectory["assumed"] = trajectory["session"].map(assumed).fillna(False).astype(bool)
        heatmap["assumed"] = heatmap["session"].map(assumed).fillna(False).astype(bool)
    return {"trajectory": trajectory, "roles": analysis.role_summary(part, min_group), "heatmap": heatmap}


def overview_frames(by_session: pd.DataFrame, by_role: pd.DataFrame, min_group: int) -> dict[str, pd.DataFrame]:
    """The chart frames of every group together from SQL sums (:meth:`Store.answer_sums` by
    session and item, and by role and item)."""
    sessions = analysis.summarise_sums(by_session, ["session", "item"], min_group)
    return {"trajectory": sessions, "roles": analysis.summarise_sums(by_role, ["role", "item"], min_group),
            "heatmap": sessions}


def assumed_note(frame: pd.DataFrame, lang: str) -> str:
    """A sentence naming the sessions whose met/zonder begeleider is assumed, or ""."""
    if "assumed" not in frame or frame.empty:
        return ""
    sessions = sorted(int(s) for s in frame.loc[frame["assumed"].astype(bool), "session"].unique())
    return plots.t("alt_assumed", lang, sessions=", ".join(map(str, sessions))) if sessions else ""


#: Resolution of the dashboard's PNG charts: the dpi of :func:`plots.to_png`.
PNG_DPI = 110


def chart_png(plot, df: pd.DataFrame, lang: str, limit: int) -> tuple[bytes, str]:
    """(PNG, alt text) as :func:`plots.render` makes them, pixel for pixel, in one draw: savefig
    with a layout engine draws the figure twice (once to lay it out); here one Agg draw lays it
    out and rasterises, and PIL encodes the buffer. About a quarter less time per chart."""
    import io

    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    fig = plots.new_figure()
    ax = plot(fig.subplots(), df, lang, min_group=limit)
    canvas = FigureCanvasAgg(fig)
    fig.set_dpi(PNG_DPI)
    fig.patch.set_facecolor("white")
    canvas.draw()
    buf = io.BytesIO()
    Image.fromarray(np.asarray(canvas.buffer_rgba())).save(buf, format="png")
    return buf.getvalue(), plots.alt_text(ax)


def render_charts(frames: dict[str, pd.DataFrame], lang: str, limit: int, progress=None, steps: int | None = None):
    """(name, PNG, alt text) of the three charts; the trajectory's alt text says which
    sessions' met/zonder begeleider is assumed."""
    out = []
    for i, (name, plot) in enumerate(CHARTS, start=1):
        png, alt = chart_png(plot, frames[name], lang, limit)
        note = assumed_note(frames[name], lang) if name == "trajectory" and alt else ""
        out.append((name, png, f"{alt} {note}".strip()))
        if progress:
            progress(i, steps or len(CHARTS))
    return tuple(out)


def build(store: Store, group: str, lang: str, min_group: int | None = None, progress=None,
          trajectory: int | None = None) -> ReportData:
    """Everything the report shows; :class:`LookupError` when the group has no evaluations."""
    limit = load_settings().min_group if min_group is None else min_group
    raw = store.responses(group, numeric_only=True, trajectory=trajectory)
    if raw.empty:
        raise LookupError(group)
    facts = store.session_facts(group, trajectory)
    df = analysis.mark_assumed(analysis.filter_frame(analysis.prepare(raw), kind="session"), facts)
    code = str(raw["group"].iloc[0])
    refl = store.reflection_counts(code)
    facts_rows = ((t("facts_sessions", lang), str(df["session"].nunique())),
                  (t("facts_responses", lang), str(raw.groupby(["session", "participant", "kind"]).ngroups)),
                  (t("facts_participants", lang), str(raw["participant"].nunique())),
                  (t("facts_reflections", lang), str(refl[0]["reflections"] if refl else 0)))
    charts = render_charts(chart_frames(df, limit), lang, limit, progress, len(CHARTS) + 1)
    return ReportData(code, lang, limit, facts_rows, charts, summary_tables(df, lang, limit, facts))


def summary_tables(df: pd.DataFrame, lang: str, limit: int, facts: pd.DataFrame | None = None):
    """The tables of one group (see :mod:`.tables`); with ``facts`` attendance beside response."""
    return tables.summary_tables(df, lang, limit, facts)


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

