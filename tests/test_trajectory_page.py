"""Widget tests (no browser) of the trajectory page on the stored group: members, plan, attendance, trajectories."""
from __future__ import annotations

import base64
import datetime as dt
import re
import sys

import ipywidgets as w
import pytest

from intervisie_widgets import app as app_module
from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.model.meeting import MeetingRecord
from intervisie_widgets.model.planning import PlannedSession
from intervisie_widgets.state import AppState
from intervisie_widgets.storage import Store
from intervisie_widgets.views.trajectory import TrajectoryView

TODAY = dt.date(2030, 3, 1)
NAMES = ("Ans", "Bram", "Cem", "Dewi", "Eva", "Fleur")
START = dt.datetime(2030, 3, 8, 14, 0)


@pytest.fixture
def store_factory(tmp_path):
    url = f"sqlite:///{tmp_path / 'trajectory.sqlite'}"
    store = Store(url)
    members = tuple(Member(n, years=2 + 3 * i) for i, n in enumerate(NAMES)) + (Member("Tess", begeleider=True),)
    store.save_group(Group(members, "Leren", "WIJK-ZUID", "Wijkteam Zuid"))
    return lambda: Store(url)


def page(store_factory, lang="nl", group="WIJK-ZUID") -> TrajectoryView:
    return TrajectoryView(AppState(lang=lang), store_factory, today=lambda: TODAY, group=group)


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'")


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def option_values(dropdown) -> list[str]:
    return [value for _, value in dropdown.options]


def record(store, number, present, day=0, minutes=90):
    begin = START + dt.timedelta(days=day)
    store.record_meeting("WIJK-ZUID", MeetingRecord(number, "negen-stappen", "standaard", begin,
                                                    begin + dt.timedelta(minutes=minutes), tuple(present)))


def test_the_page_lists_exactly_the_stored_participants(store_factory):
    """Inbrenger choices are the stored participants; the begeleider may lead but never brings a case; no own list."""
    v = page(store_factory)
    assert v.state.members == NAMES
    row = v.rows[0]
    assert option_values(row.inbrenger) == ["", *NAMES] and option_values(row.tijdbewaker) == ["", *NAMES]
    assert option_values(row.gespreksleider) == ["", *NAMES, "Tess"]
    assert {p.inbrenger for p in v.state.plan} == set(NAMES)
    assert not [x for x in walk(v.widget) if isinstance(x, w.Textarea)]
    info = plain(v.group_info.value)
    assert "Deelnemers: Ans, Bram, Cem, Dewi, Eva, Fleur" in info and "Begeleider: Tess" in info


def test_a_saved_plan_round_trips_with_method_variant_and_roles(store_factory):
    """Date, method, variant, inbrenger, gespreksleider and begeleider of a meeting are stored and come back."""
    v = page(store_factory)
    r = v.rows[1]
    r.method.value = "vier-fasen"
    assert r.tijdbewaker.layout.display == "none" and v.state.plan[1].tijdbewaker == ""
    assert r.variant.layout.display is None and v.state.plan[1].variant == "in-person"
    r.variant.value = "online"
    r.gespreksleider.value = "Tess"
    r.inbrenger.value = "Fleur"
    r.date.value = dt.date(2030, 4, 20)
    v.save_button.click()
    assert "De planning van WIJK-ZUID is bewaard (10 bijeenkomsten)" in plain(v.status.value)
    again = page(store_factory, lang="en")
    assert again.state.plan == v.state.plan and "has been loaded" in again.status.value
    r2 = again.rows[1]
    assert (r2.method.value, r2.variant.value, r2.gespreksleider.value, r2.inbrenger.value) == (
        "vier-fasen", "online", "Tess", "Fleur")
    assert r2.date.value == dt.date(2030, 4, 20) and again.rows[0].tijdbewaker.layout.display is None


def test_the_assumed_meeting_is_marked_also_after_reloading(store_factory):
    """Meeting 9's met/zonder begeleider reads as an assumption with its reason, in English too, after a save."""
    v = page(store_factory, lang="en")
    v.save_button.click()
    again = page(store_factory, lang="en")
    assert [p.number for p in again.state.plan if p.assumed] == [9]
    assert "(assumed)" in again.rows[8].label.value and "(assumed)" not in again.rows[9].label.value
    assert "does not name this meeting" in again.rows[8].assumed_note.value
    assert again.rows[8].assumed_note.layout.display is None and again.rows[9].assumed_note.layout.display == "none"


def test_the_commitments_of_seed_001_are_visible(store_factory):
    """The page shows the commitment to at least ten meetings and 'afspraak = afspraak', and warns below ten."""
    v = page(store_factory)
    text = plain(v.commitments.value)
    assert "minstens 10 bijeenkomsten" in text and "Afspraak = afspraak" in text
    v.app.lang = "en"
    assert "An agreement is an agreement" in plain(v.commitments.value)
    v.count.value = 8
    v.build_button.click()
    assert "The group commits to at least 10" in plain(v.checks.value)


def test_attendance_table_for_two_recorded_meetings(store_factory):
    """Per member the meetings attended and missed and the hours, in a table with headers."""
    store = store_factory()
    record(store, 1, ("Ans", "Bram", "Tess"), minutes=90)
    record(store, 2, ("Ans", "Cem"), day=35, minutes=60)
    v = page(store_factory)
    html = v.attendance.value
    assert '<th scope="col">Aanwezig</th>' in html and "2 vastgelegde bijeenkomsten" in html
    rows = {re.sub(r"\s+", " ", plain(th)).strip(): [re.sub(r"\s+", " ", plain(td)).strip() for td in tds]
            for th, tds in ((m.group(1), re.findall(r"<td>(.*?)</td>", m.group(2)))
                            for m in re.finditer(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', html))}
    assert rows["Ans"] == ["2 (bijeenkomst 1, 2)", "0", "2,5"]
    assert rows["Bram"] == ["1 (bijeenkomst 1)", "1 (bijeenkomst 2)", "1,5"]
    assert rows["Cem"] == ["1 (bijeenkomst 2)", "1 (bijeenkomst 1)", "1"]
    assert rows["Dewi"] == ["0", "2 (bijeenkomst 1, 2)", "0"]
    assert rows["Tess (begeleider)"] == ["1 (bijeenkomst 1)", "1 (bijeenkomst 2)", "1,5"]
    assert len(rows) == 7


def test_downloads_hold_the_attendance_list_and_a_certificate_per_attending_participant(store_factory):
    """The download links carry the attendance list and one bewijs van deelname per participant who attended."""
    store = store_factory()
    record(store, 1, ("Ans", "Bram", "Tess"))
    v = page(store_factory)
    v.downloads_button.click()
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', v.downloads.value))
    assert set(links) == {"presentielijst-wijk-zuid.csv", "presentielijst-wijk-zuid.xlsx",
                          "presentielijst-wijk-zuid.pdf", "bewijs-van-deelname-ans.pdf",
                          "bewijs-van-deelname-bram.pdf"}
    assert "Ans" in base64.b64decode(links["presentielijst-wijk-zuid.csv"]).decode("utf-8-sig")
    assert base64.b64decode(links["bewijs-van-deelname-ans.pdf"]).startswith(b"%PDF")


def test_without_the_renderers_the_downloads_say_so(store_factory, monkeypatch):
    """When the attendance renderers cannot be imported the page shows a note instead of failing."""
    record(store_factory(), 1, ("Ans",))
    monkeypatch.setitem(sys.modules, "intervisie_widgets.render.attendance", None)
    v = page(store_factory)
    v.downloads_button.click()
    assert "nog niet beschikbaar" in v.downloads.value and "href" not in v.downloads.value


def test_a_plan_longer_than_30_meetings_is_refused_and_the_stored_plan_stays(store_factory):
    """31 meetings: a clear message, and the plan stored before is unchanged."""
    v = page(store_factory, lang="en")
    v.save_button.click()
    before = store_factory().load_plan("WIJK-ZUID")
    v.state.plan = tuple(PlannedSession(i, None, "balint", "Ans", False) for i in range(1, 32))
    v.save_button.click()
    assert "The plan has 31 meetings; at most 30 can be stored" in plain(v.status.value)
    assert store_factory().load_plan("WIJK-ZUID") == before and len(v.state.plan) == 31


def test_a_date_before_the_first_meeting_is_refused(store_factory):
    """A meeting dated before meeting 1 is named with both dates; nothing is stored."""
    v = page(store_factory)
    v.rows[4].date.value = v.rows[0].date.value - dt.timedelta(days=3)
    v.save_button.click()
    status = plain(v.status.value)
    assert "Bijeenkomst 5 staat op 2030-03-05, vóór de eerste bijeenkomst (1, 2030-03-08)" in status
    assert store_factory().load_plan("WIJK-ZUID") == [] and 'role="alert"' in v.status.value


def test_a_second_trajectory_asks_first_and_then_becomes_current(store_factory):
    """'New trajectory' asks; No changes nothing; Yes starts trajectory 2, which the page then shows, empty."""
    store = store_factory()
    record(store, 1, ("Ans",))
    v = page(store_factory)
    v.save_button.click()
    assert "Huidig traject: 1 (van 1)" in plain(v.group_info.value)
    v.new_button.click()
    assert v.confirm_box.layout.display is None and "Traject 2 starten" in plain(v.confirm_text.value)
    v.no_button.click()
    assert store.trajectory_numbers("WIJK-ZUID") == [1] and v.confirm_box.layout.display == "none"
    v.new_button.click()
    v.yes_button.click()
    assert store.trajectory_numbers("WIJK-ZUID") == [1, 2]
    assert "Huidig traject: 2 (van 2)" in plain(v.group_info.value) and "Traject 2 van WIJK-ZUID" in v.status.value
    assert "In traject 2 is nog geen bijeenkomst vastgelegd" in v.attendance.value
    assert store.load_plan("WIJK-ZUID") == [] and len(v.state.plan) == 10


def test_the_query_string_preselects_the_group(store_factory, monkeypatch):
    """app.trajectory() with ?group=CODE opens that stored group; an unknown code is named."""
    monkeypatch.setenv("INTERVISIE_DB_URL", store_factory().url)
    monkeypatch.setenv("QUERY_STRING", "group=wijk-zuid")
    widget = app_module.trajectory()
    choice = next(x for x in walk(widget) if "ik-trajectory-group" in getattr(x, "_dom_classes", ()))
    assert choice.value == "WIJK-ZUID"
    monkeypatch.setenv("QUERY_STRING", "group=ONBEKEND")
    widget = app_module.trajectory()
    status = next(x for x in walk(widget) if "ik-trajectory-status" in getattr(x, "_dom_classes", ()))
    assert "geen groep met de code 'ONBEKEND'" in plain(status.value)


def test_choosing_the_group_again_reloads_the_stored_plan(store_factory):
    """Unsaved edits are replaced by the stored plan when the group is chosen again from the list."""
    v = page(store_factory)
    v.save_button.click()
    saved = v.state.plan
    v.rows[0].inbrenger.value = "Fleur"
    v.group.value = ""
    v.group.value = "WIJK-ZUID"
    assert v.state.plan == saved and v.rows[0].inbrenger.value == "Ans"
