"""The trainer's whole flow in the real app (Voilà + headless Chromium), issue 9:
create a group of six → plan ten meetings → run the first with attendance → the bewijs van
deelname downloads and holds that member's name and that one meeting, and no other name.
"""
from __future__ import annotations

import base64
import datetime as dt
import io

import pytest

pytestmark = pytest.mark.browser
CODE = "FLOW-1"
MEMBERS = ("Ans", "Bram", "Cem", "Dewi", "Eva", "Fleur")
ABSENT = "Fleur"
STATUS = "[role=status]"


def _create_group(open_page) -> None:
    page = open_page("/voila/render/groep.ipynb")
    page.locator(".ik-group-code input").fill(CODE)
    page.locator(".ik-group-group-name input").fill("Wijkteam Flow")
    for name in MEMBERS:
        page.locator(".ik-group-name input").fill(name)
        page.locator(".ik-group-add").click()
        page.locator(".ik-group-members .ik-member-row", has_text=name).wait_for()
    page.locator(".ik-group-save").click()
    page.locator(f".ik-group-status {STATUS}").wait_for()
    assert page.locator(".ik-group-members .ik-member-row").count() == len(MEMBERS)


def _plan_ten_meetings(open_page) -> None:
    page = open_page(f"/voila/render/traject.ipynb?group={CODE}")
    page.locator(".ik-trajectory-start input").fill(dt.date.today().isoformat())  # the first meeting is today
    page.locator(".ik-trajectory-build").click()
    page.locator(".ik-trajectory-rows .ik-plan-row").nth(9).wait_for()
    assert page.locator(".ik-trajectory-rows .ik-plan-row").count() == 10
    page.locator(".ik-trajectory-save").click()
    page.locator(f".ik-trajectory-status {STATUS}").wait_for()


def _run_and_record_the_first_meeting(open_page) -> None:
    page = open_page(f"/voila/render/sessie.ipynb?group={CODE}")
    page.locator(".ik-session-attendance .widget-checkbox", has_text=MEMBERS[0]).wait_for()
    page.locator(".ik-session-attendance .widget-checkbox", has_text=ABSENT).locator("input").uncheck()
    page.locator(".ik-session-toggle").click()
    page.locator(".ik-session-finish").click()
    page.locator(".ik-session-record").click()
    page.locator(".ik-session-record-status p").wait_for()
    status = page.locator(".ik-session-record-status p")
    assert status.get_attribute("role") == "status", status.inner_text()
    href = page.locator("a.ik-session-to-evaluation").get_attribute("href")
    assert href.startswith(f"evaluatie.ipynb?group={CODE}&session=1")


def _certificate_text(open_page, member: str) -> str:
    from pypdf import PdfReader

    page = open_page(f"/voila/render/traject.ipynb?group={CODE}")
    table = page.locator(".ik-trajectory-attendance table.ik-attendance-table")
    table.wait_for()
    page.locator(".ik-trajectory-downloads").click()
    link = page.locator("a.ik-trajectory-download-certificate", has_text=member)
    link.wait_for()
    href = link.get_attribute("href")
    assert href.startswith("data:application/pdf;base64,")
    pdf = PdfReader(io.BytesIO(base64.b64decode(href.split(",", 1)[1])))
    assert page.locator("a.ik-trajectory-download-certificate", has_text=ABSENT).count() == 0
    return "\n".join(p.extract_text() for p in pdf.pages)


def test_group_plan_meeting_attendance_certificate(open_page):
    """A group of six, ten planned meetings, the first one run with five present: Ans's certificate
    names Ans and meeting 1 only, and no other member; the absent member gets no certificate."""
    _create_group(open_page)
    _plan_ten_meetings(open_page)
    _run_and_record_the_first_meeting(open_page)
    text = _certificate_text(open_page, "Ans")
    assert "Ans" in text and CODE in text
    assert [n for n in MEMBERS[1:] if n in text] == []
    assert "Totaal: 1 bijeenkomst(en)" in text
    table = text.split("Bijeenkomst Datum Methode Uren", 1)[1].split("Totaal:", 1)[0]
    rows = [line.split()[0] for line in table.strip().splitlines()]
    assert rows == ["1"]
