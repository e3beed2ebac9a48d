"""The attendance list (rows, CSV, XLSX, PDF) and the bewijs van deelname, made from recorded meetings."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.model.meeting import MeetingRecord
from intervisie_widgets.render.attendance import attendance_csv, attendance_pdf, attendance_rows, attendance_xlsx
from intervisie_widgets.render.certificate import NoCertificate, certificate_pdf

MEMBERS = (Member("Ans"), Member("Bram"), Member("Cor"), Member("Dewi"), Member("Els", begeleider=True))
GROUP = Group(MEMBERS, code="ZORG-7", name="Wijkteam Zuid")


def meeting(number, day, minutes, present, method="vijf-vragen", inbrenger=""):
    start = dt.datetime(2025, 3, day, 14, 0)
    return MeetingRecord(number, method, "", start, start + dt.timedelta(minutes=minutes), tuple(present),
                         inbrenger=inbrenger, gespreksleider="Bram")


RECORDS = (meeting(1, 3, 90, ["Ans", "Bram", "Els"], inbrenger="Bram"),
           meeting(3, 24, 45, ["Ans", "Bram", "Cor", "Els"], method="eigen-methode", inbrenger="Ans"),
           meeting(2, 17, 60, ["Ans", "Cor"], method="tien-stappen", inbrenger="Ans"))
#: member: (attended, missed, hours, meetings attended)
EXPECTED = {"Ans": (3, 0, 3.25, (1, 2, 3)), "Bram": (2, 1, 2.25, (1, 3)), "Cor": (2, 1, 1.75, (2, 3)),
            "Dewi": (0, 3, 0.0, ()), "Els": (2, 1, 2.25, (1, 3))}


def pdf_text(payload: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(payload)).pages)


def test_rows_give_each_member_their_meetings_and_hours():
    """One row per member in the group's order, with role, meetings attended and missed, and hours."""
    rows = attendance_rows(GROUP, RECORDS)
    assert [r["member"] for r in rows] == list(GROUP.names)
    assert [r["role"] for r in rows] == ["deelnemer"] * 4 + ["begeleider"]
    got = {r["member"]: (r["attended"], r["missed"], r["hours"], r["attended_meetings"]) for r in rows}
    assert got == EXPECTED


@pytest.mark.parametrize("lang, head, hours", [("nl", "Naam", "3,25"), ("en", "Name", "3.25")])
def test_csv_has_one_row_per_member_with_the_numbers(lang, head, hours):
    """The CSV (UTF-8 with BOM, semicolons) has a heading row and one row per member with the right counts and hours."""
    payload = attendance_csv(GROUP, RECORDS, lang)
    assert payload.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(payload.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][1] == head and len(rows) == 1 + len(MEMBERS)
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["Ans"][3:6] == ["3", "0", hours]
    assert {n: (int(r[3]), int(r[4])) for n, r in by_name.items()} == {n: e[:2] for n, e in EXPECTED.items()}
    assert by_name["Cor"][6] == "2, 3" and by_name["Dewi"][6] == ""
    assert {r[0] for r in rows[1:]} == {"ZORG-7"}


def test_xlsx_holds_the_same_rows_and_one_row_per_meeting_attended():
    """The workbook's first sheet equals the CSV, numbers as numbers; the second lists each meeting a member attended."""
    book = load_workbook(io.BytesIO(attendance_xlsx(GROUP, RECORDS, "nl")))
    members, meetings = book.worksheets
    values = [list(r) for r in members.iter_rows(values_only=True)]
    csv_rows = list(csv.reader(io.StringIO(attendance_csv(GROUP, RECORDS, "nl").decode("utf-8-sig")), delimiter=";"))
    assert values[0] == csv_rows[0]
    as_text = [[f"{float(v):.2f}".replace(".", ",") if i == 5 else "" if v is None else str(v)
                for i, v in enumerate(r)] for r in values[1:]]
    assert as_text == csv_rows[1:]
    assert {r[1]: (r[3], r[4], r[5]) for r in values[1:]} == {n: e[:3] for n, e in EXPECTED.items()}
    pairs = [(r[0], r[1]) for r in meetings.iter_rows(min_row=2, values_only=True)]
    assert sorted(pairs) == sorted((n, m) for n, e in EXPECTED.items() for m in e[3])


def test_attendance_pdf_names_group_begeleider_meetings_and_totals():
    """The PDF list holds the group's name and code, the begeleider, each member's meetings with date, and totals."""
    text = pdf_text(attendance_pdf(GROUP, RECORDS, "nl"))
    assert "Wijkteam Zuid (ZORG-7)" in text and "Begeleider: Els" in text
    assert "Vastgelegde bijeenkomsten: 3, van 03-03-2025 tot en met 24-03-2025." in text
    assert "Vijfvragenmodel (Kessels & Smit)" in text and "Tienstappenmethode" in text and "eigen-methode" in text
    assert "Totaal: 3 bijeenkomst(en), 3,25 uur" in text and "Totaal: 2 bijeenkomst(en), 1,75 uur" in text
    assert "Dewi (deelnemer)" in text and "Bij geen enkele vastgelegde bijeenkomst aanwezig." in text


def test_attendance_pdf_of_a_group_without_meetings_says_so():
    """With nothing recorded the list still prints, saying no meetings were recorded and that there is no begeleider."""
    text = pdf_text(attendance_pdf(Group(MEMBERS[:2], code="LEEG"), (), "en"))
    assert "No meetings have been recorded yet." in text and "no supervisor recorded" in text
    assert "Total: 0 meeting(s), 0.00 hours" in text


@pytest.mark.parametrize("lang, method, total", [
    ("nl", "Tienstappenmethode", "Totaal: 2 bijeenkomst(en), 1,75 uur"),
    ("en", "Ten-step method", "Total: 2 meeting(s), 1.75 hours"),
])
def test_certificate_holds_the_member_and_exactly_their_meetings(lang, method, total):
    """Cor's bewijs lists meetings 2 and 3 with date, method and hours, the total and the begeleider, no other member."""
    text = pdf_text(certificate_pdf(GROUP, " cor ", RECORDS, lang))
    assert "Cor" in text and "ZORG-7" in text and method in text and total in text
    attended, missed = (("17-03-2025", "24-03-2025"), "03-03-2025") if lang == "nl" else \
        (("2025-03-17", "2025-03-24"), "2025-03-03")
    assert all(d in text for d in attended) and missed not in text
    assert "Els" in text  # the begeleider signs
    for other in ("Ans", "Bram", "Dewi"):  # not even as inbrenger or gespreksleider
        assert other not in text
    assert "p-" not in text


def test_certificate_of_a_group_without_begeleider_leaves_a_line_for_the_name():
    """Without a begeleider the bewijs has a blank line for the begeleider's name and a signature line."""
    group = Group(MEMBERS[:4], code="ZORG-8")
    text = pdf_text(certificate_pdf(group, "Ans", RECORDS, "nl"))
    assert "Naam begeleider: ____" in text and "Handtekening begeleider" in text and "Els" not in text


@pytest.mark.parametrize("name, kind, nl, en", [
    ("Zoë", "not_member", "'Zoë' is geen lid van groep 'ZORG-7'", "'Zoë' is not a member of group 'ZORG-7'"),
    ("Dewi", "nothing_attended", "'Dewi' was bij geen enkele vastgelegde bijeenkomst",
     "'Dewi' was present at none of the recorded meetings"),
])
def test_no_certificate_for_a_stranger_or_someone_who_attended_nothing(name, kind, nl, en):
    """A name outside the group, or a member present at no meeting, gets a clear refusal in Dutch and English."""
    with pytest.raises(NoCertificate) as caught:
        certificate_pdf(GROUP, name, RECORDS, "nl")
    assert caught.value.kind == kind and isinstance(caught.value, LookupError)
    assert nl in caught.value.message("nl") and en in caught.value.message("en")
