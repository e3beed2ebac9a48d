"""The rights of the people in the data (issue 13, item 8): inzage of a member, erasure, and a
retention purge that is a dry run unless confirmed."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from intervisie_widgets.cli import main
from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.model.meeting import MeetingRecord
from intervisie_widgets.model.planning import default_plan, to_records
from intervisie_widgets.storage import Store, UnknownGroup, count_rows

NAMES = ("Ans", "Bram", "Cem", "Dewi", "Eva")
START = dt.datetime(2030, 3, 4, 14, 0)


@pytest.fixture
def url(tmp_path) -> str:
    store = Store(f"sqlite:///{tmp_path / 'r.sqlite'}")
    store.save_group(Group(tuple(Member(n) for n in NAMES), code="G1", name="Groep"))
    store.save_plan("G1", to_records(default_plan(NAMES, 10, START.date())))
    store.record_meeting("G1", MeetingRecord(1, "vier-fasen", "in-person", START, START + dt.timedelta(hours=2),
                                             ("Ans", "Bram"), inbrenger="Ans", gespreksleider="Bram"))
    store.submit("G1", 1, "deelnemer", "tulp", {"veiligheid": 4})
    return store.url


def test_inzage_lists_what_is_stored_about_a_member(url, capsys):
    """`intervisie data --json` gives the member's facts, the meeting attended and where the plan names them."""
    assert main(["data", "--group", "G1", "--member", "ans", "--json", "--db", url]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "Ans" and [a["session"] for a in data["attended"]] == [1]
    assert {"trajectory": 1, "session": 1, "role": "inbrenger"} in data["named_in_plan"]


def test_erasing_a_member_needs_yes_and_then_removes_their_name_everywhere(url, capsys):
    """Without --yes nothing changes; with it the member, their attendance and their name in the plan are gone."""
    assert main(["data", "--group", "G1", "--member", "Ans", "--delete", "--db", url]) == 2
    store = Store(url)
    assert store.load_group("G1").names == NAMES
    assert main(["data", "--group", "G1", "--member", "Ans", "--delete", "--yes", "--db", url]) == 0
    assert store.load_group("G1").names == NAMES[1:]
    assert all("Ans" not in (p["inbrenger"], p["gespreksleider"], p["tijdbewaker"]) for p in store.load_plan("G1"))
    record = store.meetings("G1")[0]
    assert record.present == ("Bram",) and record.inbrenger == "" and record.gespreksleider == "Bram"
    assert len(store.responses("G1")) == 1  # the evaluations are not hers: they stay
    with pytest.raises(UnknownGroup):
        store.member_data("G1", "Ans")


def test_purge_is_a_dry_run_unless_confirmed(url, capsys):
    """purge --older-than lists the old trajectories and deletes nothing; with --yes they go, with their data."""
    store = Store(url)
    later = dt.datetime(2035, 1, 1)
    assert [f["group"] for f in store.expired_trajectories(dt.timedelta(days=730), now=later)] == ["G1"]
    assert store.expired_trajectories(dt.timedelta(days=730), now=dt.datetime(2030, 6, 1)) == []
    assert main(["purge", "--older-than", "24m", "--db", url]) == 0  # today: nothing old yet
    assert count_rows(store, "ik_responses") == 1
    assert [f["responses"] for f in store.purge(dt.timedelta(days=730), now=later)] == [1]
    assert count_rows(store, "ik_responses") == 0 and count_rows(store, "ik_attendance") == 0
    assert store.load_group("G1").members == ()


@pytest.mark.parametrize("period", ["24", "0m", "abc", "-3m", "24 maanden"])
def test_a_wrong_period_is_refused_with_a_message(url, period, capsys):
    """A period that is not like 24m, 2y, 12w or 90d gives exit 2 and a message in the user's language."""
    assert main(["purge", f"--older-than={period}", "--lang", "en", "--db", url]) == 2
    assert "is not a period" in capsys.readouterr().err
