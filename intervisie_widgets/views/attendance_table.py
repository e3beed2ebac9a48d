"""Attendance on the trajectory page: an accessible table per member (meetings attended and missed,
hours) and the downloads: the attendance list (CSV, XLSX, PDF) and each participant's bewijs van
deelname. Member names appear only here, on the trainer's page, in the list and the certificate."""
from __future__ import annotations

import re

from ..model.group import Group
from ..model.meeting import Attendance
from ..state import AppState
from .common import esc
from .methods import download_link


def format_hours(hours: float, lang: str) -> str:
    """Hours with at most two decimals, a decimal comma in Dutch (1,5) and a point in English."""
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "nl" else text


def _numbers(app: AppState, numbers: tuple[int, ...]) -> str:
    if not numbers:
        return "<td>0</td>"
    listed = ", ".join(str(n) for n in numbers)
    return (f'<td>{len(numbers)} <span class="ik-note">({esc(app.t("trajectory.att_meetings", numbers=listed))})'
            f"</span></td>")


def attendance_html(app: AppState, group: Group, rows: tuple[Attendance, ...], meetings: int,
                    trajectory: int) -> str:
    """The table (caption, column and row headers), or a note when no meeting was recorded yet."""
    t = app.t
    if not meetings:
        return f'<p class="ik-note">{esc(t("trajectory.att_none", n=trajectory))}</p>'
    head = "".join(f'<th scope="col">{esc(t(f"trajectory.att_{c}"))}</th>'
                   for c in ("member", "attended", "missed", "hours"))
    body = []
    for a in rows:
        who = esc(a.member) + (f' <span class="ik-note">({esc(t("trajectory.att_begeleider"))})</span>'
                               if a.member == group.begeleider else "")
        body.append(f'<tr><th scope="row">{who}</th>{_numbers(app, a.attended)}{_numbers(app, a.missed)}'
                    f"<td>{esc(format_hours(a.hours, app.lang))}</td></tr>")
    caption = esc(t("trajectory.att_caption", n=trajectory, meetings=meetings))
    return (f'<table class="ik-attendance-table"><caption>{caption}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def slug(text: str) -> str:
    """A file-name part: letters, digits and dashes."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "x"


def attendance_downloads(app: AppState, group: Group, records: tuple, rows: tuple[Attendance, ...]) -> str:
    """Download links for the attendance list (CSV, XLSX, PDF) and a bewijs van deelname per
    participant who attended; a note when the renderers (``render.attendance``,
    ``render.certificate``) are not installed or fail."""
    t, lang = app.t, app.lang
    try:
        from ..render.attendance import attendance_csv, attendance_pdf, attendance_xlsx
        from ..render.certificate import certificate_pdf
    except ImportError:
        return f'<p class="ik-warning" role="alert">{esc(t("trajectory.downloads_missing"))}</p>'
    stem = f"{t('trajectory.file_attendance')}-{slug(group.code)}"
    try:
        links = [download_link(attendance_csv(group, records, lang), f"{stem}.csv", "text/csv",
                               t("trajectory.download_csv"), "ik-trajectory-download-csv"),
                 download_link(attendance_xlsx(group, records, lang), f"{stem}.xlsx",
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               t("trajectory.download_xlsx"), "ik-trajectory-download-xlsx"),
                 download_link(attendance_pdf(group, records, lang), f"{stem}.pdf", "application/pdf",
                               t("trajectory.download_pdf"), "ik-trajectory-download-pdf")]
        certificates = [download_link(certificate_pdf(group, a.member, records, lang),
                                      f"{t('trajectory.file_certificate')}-{slug(a.member)}.pdf", "application/pdf",
                                      t("trajectory.download_certificate", name=a.member),
                                      "ik-trajectory-download-certificate")
                        for a in rows if a.attended and a.member in group.participants]
    except Exception as exc:  # noqa: BLE001 - a renderer's failure is shown, never raised into the page
        return f'<p class="ik-warning" role="alert">{esc(t("trajectory.downloads_failed", error=exc))}</p>'
    items = "".join(f"<li>{link}</li>" for link in links)
    certs = ("".join(f"<li>{link}</li>" for link in certificates) if certificates
             else f'<li class="ik-note">{esc(t("trajectory.certificates_none"))}</li>')
    return (f"<p><b>{esc(t('trajectory.downloads_list'))}</b></p><ul>{items}</ul>"
            f"<p><b>{esc(t('trajectory.downloads_certificates'))}</b></p><ul>{certs}</ul>")
