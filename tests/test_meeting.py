"""Recorded meetings, attendance and the stored-group rules (model only, no widgets, no database)."""
from __future__ import annotations

import datetime as dt

from intervisie_widgets import catalog
from intervisie_widgets.model.group import MAX_MEMBERS, Group, Member, save_notices
from intervisie_widgets.model.meeting import MeetingRecord, attendance, record_from_session, record_notices
from intervisie_widgets.model.planning import PlannedSession, default_plan, next_planned
from intervisie_widgets.model.session import Roles, Session

START = dt.datetime(2030, 3, 4, 14, 0)
MEMBERS = ("Ans", "Bram", "Cem", "Dewi", "Eva", "Fleur")


def record(number: int, present, minutes: int = 90, day: int = 0) -> MeetingRecord:
    begin = START + dt.timedelta(days=day)
    return MeetingRecord(number, "vier-fasen", "in-person", begin, begin + dt.timedelta(minutes=minutes),
                         tuple(present))


def test_attendance_counts_meetings_and_minutes_per_member():
    """Each member gets the meetings they attended and missed and the minutes of the attended ones."""
    rows = attendance(MEMBERS[:3], [record(2, ["Ans"], 60, 35), record(1, ["Ans", "Bram"], 90)])
    ans, bram, cem = rows
    assert (ans.attended, ans.missed, ans.minutes, ans.hours) == ((1, 2), (), 150, 2.5)
    assert (bram.attended, bram.missed, bram.minutes) == ((1,), (2,), 90)
    assert (cem.attended, cem.missed, cem.minutes) == ((), (1, 2), 0)


def test_a_finished_session_becomes_a_record_with_step_times():
    """record_from_session keeps method, roles, present members and planned versus actual seconds per step."""
    method = catalog.method("vier-fasen")
    s = Session.create(method, "in-person", MEMBERS, Roles("Ans", "Bram"))
    s = s.start(0.0).next(120.0).finish(300.0)
    rec = record_from_session(s, 1, START, START + dt.timedelta(minutes=5), ["Ans", "Bram"], 300.0,
                              title="  Een   lastige  collega ", note=" kort ")
    assert (rec.method, rec.inbrenger, rec.gespreksleider, rec.present) == ("vier-fasen", "Ans", "Bram",
                                                                           ("Ans", "Bram"))
    assert [st.actual_seconds for st in rec.steps[:2]] == [120, 180]
    assert rec.steps[0].planned_minutes == method.steps[0].minutes
    assert (rec.title, rec.note, rec.minutes) == ("Een lastige collega", "kort", 5)


def test_a_record_that_cannot_be_stored_says_why():
    """Recorded twice, ending before it starts, before the trajectory, strangers or nobody present: each named."""
    bad = MeetingRecord(3, "vier-fasen", "in-person", START, START - dt.timedelta(minutes=1), ("Zoë",))
    keys = [n.key for n in record_notices(bad, MEMBERS, recorded=[3], trajectory_start=dt.date(2030, 4, 1))]
    assert keys == ["meeting.warn_recorded_twice", "meeting.warn_end_before_start", "meeting.warn_before_start",
                    "meeting.warn_unknown_present"]
    empty = record(4, [])
    assert [n.key for n in record_notices(empty, MEMBERS, recorded=[1])] == ["meeting.warn_nobody_present"]
    assert record_notices(record(4, ["Ans"]), MEMBERS, recorded=[1, 2, 3]) == ()


def test_the_next_planned_meeting_skips_those_held():
    """next_planned gives the lowest-numbered meeting not yet held, and None when all were held."""
    plan = default_plan(MEMBERS, 3)
    assert next_planned(plan, []).number == 1
    assert next_planned(plan, [1, 3]).number == 2
    assert next_planned(plan, [1, 2, 3]) is None


def test_the_default_plan_rotates_inbrenger_and_gespreksleider():
    """Over ten meetings everyone brings in a case and everyone leads at least once."""
    plan = default_plan(MEMBERS, 10)
    assert set(p.inbrenger for p in plan) == set(MEMBERS)
    assert set(p.gespreksleider for p in plan) == set(MEMBERS)
    assert all(p.inbrenger != p.gespreksleider for p in plan)
    assert isinstance(plan[0], PlannedSession) and plan[0].tijdbewaker not in ("", plan[0].inbrenger)


def test_a_group_needs_a_code_members_and_unique_names_to_be_saved():
    """save_notices names every reason a group cannot be stored, and none for a proper group."""
    six = Group(tuple(Member(n) for n in MEMBERS), code="WIJK-ZUID")
    assert save_notices(six) == ()
    assert [n.key for n in save_notices(Group(code=""))] == ["group.warn_code", "group.warn_no_members"]
    crowd = Group(tuple(Member(f"Lid {i}") for i in range(MAX_MEMBERS + 20)), code="X")
    assert [n.key for n in save_notices(crowd)] == ["group.warn_too_many_members"]
    twins = Group((Member("Ans"), Member(" ans "), Member("Bram", begeleider=True), Member("Cem", begeleider=True)),
                  code="X")
    assert [n.key for n in save_notices(twins)] == ["group.warn_duplicate_name", "group.warn_two_begeleiders"]


def test_the_begeleider_is_not_a_participant():
    """Group.participants leaves the begeleider out; Group.begeleider names them."""
    g = Group((Member("Ans"), Member("Tess", begeleider=True), Member("Bram")), code="X")
    assert g.participants == ("Ans", "Bram")
    assert g.begeleider == "Tess"
    assert g.member(" tess ").begeleider is True
