"""The attendance list of a group's trajectory: rows, CSV, XLSX and PDF.

Built from the recorded meetings (who was present, actual start and end), never from
evaluations. It names members, so it belongs with the trainer, the member concerned and a
registration body that accredits intervisie hours; it holds no evaluation answer and no
pseudonymous key. Hours are each meeting's actual duration, from start to end.

CSV: UTF-8 with a byte-order mark (Excel opens it with the accents intact), separated by
semicolons (the separator Dutch Excel expects), hours with a decimal comma in Dutch and a
point in English; one heading row, then one row per member.
"""
from __future__ import annotations

import csv
import io
from typing import Sequence

from .. import catalog
from ..model.group import Group
from ..model.meeting import MeetingRecord, attendance
from . import pdf as a4

CSV_SEPARATOR = ";"
ROLES = ("begeleider", "deelnemer")


def t(key: str, lang: str, **values) -> str:
    return catalog.text(f"attendance.{key}", lang, **values)


def method_name(method_id: str, lang: str) -> str:
    """The method's display name from the catalog; the id itself for a method the catalog lacks."""
    if not method_id:
        return "—"
    try:
        return catalog.method(method_id).name.get(lang)
    except KeyError:
        return method_id


def group_label(group: Group) -> str:
    """``name (code)``, or the code alone when the group has no name."""
    return f"{group.name} ({group.code})" if group.name else group.code


def attendance_rows(group: Group, records: Sequence[MeetingRecord]) -> list[dict]:
    """One dict per member, in the group's order: ``member``, ``role`` ("begeleider" or
    "deelnemer"), ``attended`` and ``missed`` (numbers of meetings), ``hours`` (float, two
    decimals), ``minutes``, and ``attended_meetings`` / ``missed_meetings`` (meeting numbers)."""
    roles = {m.name: ROLES[0] if m.begeleider else ROLES[1] for m in group.members}
    return [{"member": a.member, "role": roles[a.member], "attended": len(a.attended), "missed": len(a.missed),
             "hours": a.hours, "minutes": a.minutes, "attended_meetings": a.attended,
             "missed_meetings": a.missed}
            for a in attendance(group.names, records)]


def _head(lang: str) -> list[str]:
    return [t(k, lang) for k in ("col_group", "col_member", "col_role", "col_attended", "col_missed",
                                 "col_hours", "col_meetings")]


def _table(group: Group, records: Sequence[MeetingRecord], lang: str) -> list[list]:
    """The rows of CSV and XLSX: numbers stay numbers (the CSV formats them)."""
    return [[group.code, r["member"], t(f"role_{r['role']}", lang), r["attended"], r["missed"], r["hours"],
             ", ".join(str(n) for n in r["attended_meetings"])] for r in attendance_rows(group, records)]


def attendance_csv(group: Group, records: Sequence[MeetingRecord], lang: str) -> bytes:
    """The attendance list as CSV (see the module docstring for the dialect)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    writer.writerow(_head(lang))
    for row in _table(group, records, lang):
        row[5] = a4.hours_text(row[5], lang)
        writer.writerow(row)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def attendance_xlsx(group: Group, records: Sequence[MeetingRecord], lang: str) -> bytes:
    """The attendance list as an Excel workbook: the CSV's rows on the first sheet (numbers as
    numbers), and one row per meeting a member attended (date, method, hours) on the second."""
    from openpyxl import Workbook

    book = Workbook()
    members = book.active
    members.title = t("sheet_members", lang)
    members.append(_head(lang))
    for row in _table(group, records, lang):
        members.append(row)
    meetings = book.create_sheet(t("sheet_meetings", lang))
    meetings.append([t(k, lang) for k in ("col_member", "col_meeting", "col_date", "col_method", "col_hours")])
    for name, record in _attended_pairs(group, records):
        meetings.append([name, record.number, record.date, method_name(record.method, lang),
                         round(record.minutes / 60, 2)])
    for column in meetings.iter_cols(min_col=3, max_col=3, min_row=2):
        for cell in column:
            cell.number_format = "DD-MM-YYYY" if lang == "nl" else "YYYY-MM-DD"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _attended_pairs(group: Group, records: Sequence[MeetingRecord]):
    ordered = sorted(records, key=lambda r: r.number)
    return [(name, r) for name in group.names for r in ordered if name in r.present]


def attendance_pdf(group: Group, records: Sequence[MeetingRecord], lang: str) -> bytes:
    """The attendance list as an A4 PDF: group and begeleider, the meetings, a summary per
    member, then per member the meetings attended with date, method and hours, and the totals."""
    import datetime as dt

    records = sorted(records, key=lambda r: r.number)
    pdf = a4.new_pdf(t("list_title", lang), lang, margin=14)
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, t("list_title", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    for line in (t("list_group", lang, group=group_label(group)),
                 t("list_begeleider", lang, name=group.begeleider or t("no_begeleider", lang)),
                 t("list_period", lang, n=len(records), first=a4.date_text(records[0].date, lang),
                   last=a4.date_text(records[-1].date, lang)) if records else t("list_none", lang)):
        pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    if records:
        a4.heading(pdf, t("list_meetings", lang))
        a4.table(pdf, [t(k, lang) for k in ("col_meeting", "col_date", "col_method", "col_hours", "col_present")],
                 [(r.number, a4.date_text(r.date, lang), method_name(r.method, lang),
                   a4.hours_text(r.minutes / 60, lang), len(r.present)) for r in records], widths=(1, 1.4, 3, 1, 1))
    rows = attendance_rows(group, records)
    a4.heading(pdf, t("list_summary", lang))
    a4.table(pdf, [t(k, lang) for k in ("col_member", "col_role", "col_attended", "col_missed", "col_hours")],
             [(r["member"], t(f"role_{r['role']}", lang), r["attended"], r["missed"], a4.hours_text(r["hours"], lang))
              for r in rows], widths=(3, 1.6, 1, 1, 1))
    a4.heading(pdf, t("list_per_member", lang), size=12, gap=5)
    by_number = {r.number: r for r in records}
    for row in rows:
        _member_section(pdf, row, [by_number[n] for n in row["attended_meetings"]], lang)
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 4.5, t("list_basis", lang, date=a4.date_text(dt.date.today(), lang)),
                   new_x="LMARGIN", new_y="NEXT")
    a4.signature_line(pdf, t("signature", lang))
    return bytes(pdf.output())


def _member_section(pdf, row: dict, attended: list[MeetingRecord], lang: str) -> None:
    if pdf.will_page_break(18 + 5.5 * (len(attended) + 1)):  # keep one member's meetings on one page
        pdf.add_page()
    a4.heading(pdf, t("list_member_heading", lang, member=row["member"], role=t(f"role_{row['role']}", lang)),
               size=10, gap=2)
    if attended:
        a4.table(pdf, [t(k, lang) for k in ("col_meeting", "col_date", "col_method", "col_hours")],
                 [(r.number, a4.date_text(r.date, lang), method_name(r.method, lang),
                   a4.hours_text(r.minutes / 60, lang)) for r in attended], widths=(1, 1.4, 3, 1))
    else:
        pdf.multi_cell(0, 5, t("list_member_none", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5.5, t("total", lang, n=row["attended"], hours=a4.hours_text(row["hours"], lang)),
                   new_x="LMARGIN", new_y="NEXT")
