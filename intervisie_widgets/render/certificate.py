"""The bewijs van deelname (PDF): one member's attendance over the group's trajectory.

It comes from the recorded meetings, not from evaluations: filling in a form is not part of
taking part (seed 004 does not ask it). It names the member, the group, each meeting the member
attended with its date, method and hours, the total and the begeleider; never an evaluation
answer, a pseudonymous key or another member's name (an inbrenger or gespreksleider included).
"""
from __future__ import annotations

import datetime as dt
from typing import Sequence

from .. import catalog
from ..model.group import Group
from ..model.meeting import MeetingRecord
from . import pdf as a4
from .attendance import group_label, method_name, t


class NoCertificate(LookupError):
    """No bewijs can be made: the member is not in the group (``kind="not_member"``) or was
    present at no recorded meeting (``kind="nothing_attended"``)."""

    def __init__(self, kind: str, member: str, group: str):
        self.kind, self.member, self.group = kind, member, group
        super().__init__(self.message("en"))

    def __str__(self) -> str:  # LookupError would quote the message
        return self.message("en")

    def message(self, lang: str) -> str:
        return catalog.text(f"attendance.cert_{self.kind}", lang, member=self.member, group=self.group)


def attended_meetings(group: Group, member_name: str,
                      records: Sequence[MeetingRecord]) -> tuple[str, tuple[MeetingRecord, ...]]:
    """The member's name as stored and the meetings they were present at, by number;
    :class:`NoCertificate` when they are not in the group or attended nothing."""
    member = group.member(member_name)
    if member is None:
        raise NoCertificate("not_member", " ".join(member_name.split()), group.code)
    attended = tuple(sorted((r for r in records if member.name in r.present), key=lambda r: r.number))
    if not attended:
        raise NoCertificate("nothing_attended", member.name, group.code)
    return member.name, attended


def certificate_pdf(group: Group, member_name: str, records: Sequence[MeetingRecord], lang: str) -> bytes:
    """An A4 bewijs van deelname for ``member_name`` (case and spacing ignored); one page for a
    trajectory of ten meetings."""
    name, attended = attended_meetings(group, member_name, records)
    pdf = a4.new_pdf(t("cert_title", lang), lang, margin=16)
    pdf.ln(14)
    pdf.set_font("DejaVu", "B", 24)
    pdf.cell(0, 14, t("cert_title", lang), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 9, name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(0, 7, t("cert_body", lang, member=name, group=group_label(group)), align="C",
                   new_x="LMARGIN", new_y="NEXT")
    a4.heading(pdf, t("cert_meetings", lang), size=12, gap=8)
    a4.table(pdf, [t(k, lang) for k in ("col_meeting", "col_date", "col_method", "col_hours")],
             [(r.number, a4.date_text(r.date, lang), method_name(r.method, lang), a4.hours_text(r.minutes / 60, lang))
              for r in attended], widths=(1, 1.4, 3, 1), size=10)
    minutes = sum(r.minutes for r in attended)
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, t("total", lang, n=len(attended), hours=a4.hours_text(round(minutes / 60, 2), lang)),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, t("cert_begeleider", lang, name=group.begeleider) if group.begeleider
                   else t("cert_begeleider_blank", lang), new_x="LMARGIN", new_y="NEXT")
    a4.signature_line(pdf, t("signature", lang))
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 4.5, t("cert_basis", lang, date=a4.date_text(dt.date.today(), lang)),
                   new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
