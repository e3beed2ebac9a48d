"""Stored groups, members, plans, recorded meetings and attendance, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest
from conftest_pg import pg_admin_url, pg_url, sqlite_url, store, store_url  # noqa: F401

from intervisie_widgets.exchange.export import export
from intervisie_widgets.model.group import Contract, Group, Member
from intervisie_widgets.model.meeting import MeetingRecord, attendance
from intervisie_widgets.model.planning import default_plan, to_records
from intervisie_widgets.storage import InvalidPlan, Rejected, UnknownGroup, count_rows

NAMES = ("Ans", "Bram", "Cem", "Dewi", "Eva", "Fleur")
START = dt.datetime(2030, 3, 4, 14, 0)


def six(code: str = "WIJK-ZUID", **changes) -> Group:
    members = tuple(Member(n, level="medewerker", years=3 + i) for i, n in enumerate(NAMES))
    return Group(members + (Member("Tess", begeleider=True),), "Samen leren", code, "Wijkteam Zuid",
                 Contract(goal="Leren van elkaar", safety="Wat hier gezegd wordt, blijft hier"),
                 dt.date(2030, 2, 1), **changes)


def meeting(number: int, present, day: int = 0, minutes: int = 90) -> MeetingRecord:
    begin = START + dt.timedelta(days=day)
    return MeetingRecord(number, "vier-fasen", "in-person", begin, begin + dt.timedelta(minutes=minutes),
                         tuple(present), inbrenger=present[0] if present else "")


def test_a_group_round_trips_with_members_goal_and_contract(store):
    """What is saved comes back: code, name, goal, members in order with begeleider flag, contract and date."""
    assert store.save_group(six()) == "WIJK-ZUID"
    back = store.load_group("wijk-zuid")
    assert back == six()
    assert back.begeleider == "Tess" and back.participants == NAMES
    assert store.group_size("WIJK-ZUID") == 6  # the response rate counts participants only


def test_editing_a_group_updates_members_in_place(store):
    """Saving again with one member renamed and one added replaces the member list."""
    store.save_group(six())
    g = six()
    changed = Group((Member("Ans", years=20),) + g.members[1:] + (Member("Gijs"),), g.goal, g.code, "Nieuw")
    store.save_group(changed)
    back = store.load_group("WIJK-ZUID")
    assert back.names == ("Ans",) + NAMES[1:] + ("Tess", "Gijs")
    assert back.member("Ans").years == 20 and back.name == "Nieuw"


def test_a_group_that_breaks_a_rule_is_refused_and_nothing_changes(store):
    """Two members with the same name, or no members at all, are refused with a message in nl and en."""
    store.save_group(six())
    twins = Group((Member("Ans"), Member("ANS ")), code="WIJK-ZUID")
    with pytest.raises(Rejected) as err:
        store.save_group(twins)
    assert err.value.message("nl").startswith("De naam 'ANS' staat al in de groep.")
    assert err.value.message("en").startswith("The name 'ANS' is already in the group.")
    with pytest.raises(Rejected):
        store.save_group(Group(code="WIJK-ZUID"))
    assert store.load_group("WIJK-ZUID") == six()


def test_a_member_with_attendance_cannot_be_removed(store):
    """Removing a member who attended is refused, naming them; their attendance stays."""
    store.save_group(six())
    store.save_plan("WIJK-ZUID", to_records(default_plan(NAMES, 10, dt.date(2030, 3, 4))))
    store.record_meeting("WIJK-ZUID", meeting(1, ["Ans", "Bram"]))
    without_bram = Group(tuple(m for m in six().members if m.name != "Bram"), code="WIJK-ZUID")
    with pytest.raises(Rejected) as err:
        store.save_group(without_bram)
    assert "Bram" in err.value.message("nl") and "Bram" in err.value.message("en")
    assert store.meetings("WIJK-ZUID")[0].present == ("Ans", "Bram")


def test_meetings_are_recorded_once_and_give_attendance(store):
    """A recorded meeting comes back with who was present; a second record of it is refused."""
    store.save_group(six())
    store.save_plan("WIJK-ZUID", to_records(default_plan(NAMES, 10, dt.date(2030, 3, 4))))
    store.record_meeting("WIJK-ZUID", meeting(1, ["Ans", "Bram", "Cem"]))
    store.record_meeting("WIJK-ZUID", meeting(2, ["Ans", "Dewi"], day=35, minutes=60))
    with pytest.raises(Rejected) as err:
        store.record_meeting("WIJK-ZUID", meeting(2, ["Eva"], day=35))
    assert "2" in err.value.message("nl")
    records = store.meetings("WIJK-ZUID")
    assert [(r.number, r.present) for r in records] == [(1, ("Ans", "Bram", "Cem")), (2, ("Ans", "Dewi"))]
    rows = {a.member: a for a in attendance(NAMES, records)}
    assert (rows["Ans"].attended, rows["Ans"].minutes) == ((1, 2), 150)
    assert (rows["Eva"].attended, rows["Eva"].missed) == ((), (1, 2))


def test_a_meeting_before_the_trajectory_or_with_strangers_is_refused(store):
    """A date before the first planned meeting, or a present person who is no member, stores nothing."""
    store.save_group(six())
    store.save_plan("WIJK-ZUID", to_records(default_plan(NAMES, 10, dt.date(2030, 3, 4))))
    with pytest.raises(Rejected):
        store.record_meeting("WIJK-ZUID", meeting(1, ["Ans"], day=-10))
    with pytest.raises(Rejected):
        store.record_meeting("WIJK-ZUID", meeting(1, ["Zoë"]))
    assert store.meetings("WIJK-ZUID") == ()
    with pytest.raises(UnknownGroup):
        store.record_meeting("NIEMAND", meeting(1, ["Ans"]))


def test_the_plan_keeps_variant_and_rotating_roles(store):
    """variant, gespreksleider and tijdbewaker are stored per meeting; a plan of 31 meetings is refused."""
    plan = to_records(default_plan(NAMES, 10, dt.date(2030, 3, 4), method="vier-fasen"))
    plan[0]["variant"] = "online"
    store.save_plan("WIJK-ZUID", plan)
    assert store.load_plan("WIJK-ZUID") == plan
    with pytest.raises(InvalidPlan):
        store.save_plan("WIJK-ZUID", to_records(default_plan(NAMES, 30)) + [{"number": 31}])
    assert store.load_plan("WIJK-ZUID") == plan


def test_deleting_a_group_forgets_names_but_keeps_evaluations(store, tmp_path):
    """After delete_group no member name is stored anywhere, and the evaluations are still there."""
    store.save_group(six())
    store.save_plan("WIJK-ZUID", to_records(default_plan(NAMES, 10, dt.date(2030, 3, 4))))
    store.record_meeting("WIJK-ZUID", meeting(1, ["Ans", "Bram"]))
    store.submit("WIJK-ZUID", 1, "deelnemer", "tulp", {"veiligheid": 4})
    store.delete_group("WIJK-ZUID")
    assert store.load_group("WIJK-ZUID").members == ()
    assert store.meetings("WIJK-ZUID") == ()
    assert all(not p["inbrenger"] and not p["gespreksleider"] for p in store.load_plan("WIJK-ZUID"))
    assert count_rows(store, "ik_members") == 0 and count_rows(store, "ik_attendance") == 0
    assert len(store.responses("WIJK-ZUID")) == 1


def test_member_names_never_reach_an_evaluation_export(store, tmp_path):
    """The CSV export of a group with members, plan and meetings holds no member name."""
    store.save_group(six())
    store.save_plan("WIJK-ZUID", to_records(default_plan(NAMES, 10, dt.date(2030, 3, 4))))
    store.record_meeting("WIJK-ZUID", meeting(1, ["Ans", "Bram"]))
    store.submit("WIJK-ZUID", 1, "inbrenger", "Ans", {"veiligheid": 5})
    out = tmp_path / "export.csv"
    export(store, str(out), "csv")
    text = out.read_text(encoding="utf-8")
    assert "veiligheid" in text
    assert [n for n in (*NAMES, "Tess") if n in text] == []


def test_group_summaries_count_members_trajectories_and_meetings(store):
    """Each group is listed with its name and counts; a second trajectory becomes the current one."""
    store.save_group(six())
    store.save_plan("WIJK-ZUID", to_records(default_plan(NAMES, 10, dt.date(2030, 3, 4))))
    store.record_meeting("WIJK-ZUID", meeting(1, ["Ans"]))
    store.ensure_group("LEEG")
    assert store.group_summaries() == [
        {"code": "LEEG", "name": "", "members": 0, "trajectories": 1, "meetings": 0},
        {"code": "WIJK-ZUID", "name": "Wijkteam Zuid", "members": 7, "trajectories": 1, "meetings": 1},
    ]
    assert store.start_trajectory("WIJK-ZUID") == 2
    assert store.trajectory_numbers("WIJK-ZUID") == [1, 2]
    assert store.meetings("WIJK-ZUID") == ()  # the new trajectory has none yet
