"""`intervisie groups`, `group show` and `certificate` on a store filled by make_demo, and the demo's groups."""
from __future__ import annotations

import io
import json

import pytest
from conftest_pg import pg_admin_url, pg_url, sqlite_url, store, store_url  # noqa: F401
from pypdf import PdfReader

from intervisie_widgets.cli import main
from intervisie_widgets.exchange.demo import DEMO_TODAY, make_demo
from intervisie_widgets.model.group import Member
from intervisie_widgets.storage import Store, participant_key, response_key

PLAN_FIELDS = {"number", "date", "method", "method_name", "variant", "inbrenger", "gespreksleider", "tijdbewaker",
               "with_begeleider", "assumed", "held"}


@pytest.fixture
def demo(store_url):
    """A store with four demo groups of ten planned meetings (the last group half-way)."""
    with Store(store_url) as s:
        make_demo(s, groups=4, sessions=10, seed=4)
    return store_url


def run_json(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_groups_json_lists_every_group_with_its_counts(demo, capsys):
    """`groups --json` gives per group its code, name and the numbers of members, trajectories and meetings held."""
    listed = run_json(capsys, ["groups", "--json", "--db", demo])
    assert [g["code"] for g in listed] == ["DEMO-01", "DEMO-02", "DEMO-03", "DEMO-04"]
    with Store(demo) as s:
        for g in listed:
            assert set(g) == {"code", "name", "members", "trajectories", "meetings"}
            assert g["name"] == s.load_group(g["code"]).name != ""
            assert g["members"] == len(s.load_group(g["code"]).members)
            assert g["meetings"] == len(s.meetings(g["code"])) and g["trajectories"] == 1
    assert listed[-1]["meetings"] < 10 == listed[0]["meetings"]  # the late group is half-way on the demo's today


def test_groups_table_has_translated_headings(demo, capsys):
    """Without --json the list is a table with headings in the chosen language, one line per group."""
    assert main(["groups", "--db", demo, "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["Code", "Name", "Members"] and len(lines) == 2 + 4
    assert main(["groups", "--db", demo, "--lang", "nl"]) == 0
    assert capsys.readouterr().out.split()[:3] == ["Code", "Naam", "Leden"]


def test_group_show_json_has_members_plan_and_attendance(demo, capsys):
    """`group show --json` gives the members (one begeleider), the plan per meeting and attendance that adds up."""
    data = run_json(capsys, ["group", "show", "demo-04", "--json", "--db", demo])
    with Store(demo) as s:
        group, records = s.load_group("DEMO-04"), s.meetings("DEMO-04")
    assert data["code"] == "DEMO-04" and data["trajectory"] == 1
    assert [m["name"] for m in data["members"]] == list(group.names)
    assert [m["name"] for m in data["members"] if m["role"] == "begeleider"] == [group.begeleider]
    assert [p["number"] for p in data["plan"]] == list(range(1, 11)) and set(data["plan"][0]) == PLAN_FIELDS
    assert [p["number"] for p in data["plan"] if p["held"]] == [r.number for r in records]
    assert {p["inbrenger"] for p in data["plan"]} <= set(group.participants)
    assert all(p["method_name"] and p["method_name"] != p["method"] for p in data["plan"])
    for row in data["attendance"]:
        mine = [r for r in records if row["member"] in r.present]
        assert row["attended"] == len(mine) and row["attended"] + row["missed"] == len(records)
        assert row["attended_meetings"] == [r.number for r in mine]
        assert row["hours"] == round(sum(r.minutes for r in mine) / 60, 2)


def test_group_show_table_marks_the_begeleider_and_assumed_meetings(store_url, capsys):
    """The text view marks the begeleider and says 'aanname' for the meeting the seed does not state (9)."""
    with Store(store_url) as s:
        make_demo(s, groups=1, sessions=10, seed=2)
        begeleider = s.load_group("DEMO-01").begeleider
    assert main(["group", "show", "DEMO-01", "--db", store_url, "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert f"{begeleider} (begeleider)" in out
    plan_lines = [line for line in out.splitlines() if line.split() and line.split()[0] in {"9", "10"}]
    assert "zonder (aanname)" in plan_lines[0] and "aanname" not in plan_lines[1]


@pytest.mark.parametrize("lang, words", [("nl", "Groep 'NERGENS' bestaat niet."),
                                         ("en", "Group 'NERGENS' does not exist.")])
def test_group_show_of_an_unknown_group_fails_with_a_message(demo, capsys, lang, words):
    """An unknown group gives exit status 1 and a message in the user's language, nothing on stdout."""
    assert main(["group", "show", "NERGENS", "--db", demo, "--lang", lang]) == 1
    out = capsys.readouterr()
    assert words in out.err and out.out == ""


def test_certificate_holds_the_member_and_not_the_others(demo, tmp_path, capsys):
    """`certificate --member` writes a PDF with the member's name and meetings, and no other member's name."""
    with Store(demo) as s:
        group, records = s.load_group("DEMO-01"), s.meetings("DEMO-01")
    member = next(n for n in group.participants if any(n not in r.present for r in records))
    out = tmp_path / "bewijs.pdf"
    assert main(["certificate", "--group", "DEMO-01", "--member", member, "--out", str(out), "--db", demo]) == 0
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert member in text and group.begeleider in text
    others = [n for n in group.participants if n != member]
    assert not [n for n in others if n in text]
    attended = [r for r in records if member in r.present]
    assert f"Totaal: {len(attended)} bijeenkomst(en)" in text
    assert [r.date.strftime("%d-%m-%Y") in text for r in records] == [member in r.present for r in records]


@pytest.mark.parametrize("lang, words", [("nl", "was bij geen enkele vastgelegde bijeenkomst van groep"),
                                         ("en", "was present at none of the recorded meetings of group")])
def test_certificate_for_a_member_who_attended_nothing_fails(demo, tmp_path, capsys, lang, words):
    """A member who joined after every recorded meeting gets no certificate: exit 1, a message, no file."""
    with Store(demo) as s:
        s.save_group(s.load_group("DEMO-02").with_member(Member("Nieuwkomer")))
    out = tmp_path / "bewijs.pdf"
    assert main(["certificate", "--group", "DEMO-02", "--member", "Nieuwkomer", "--out", str(out),
                 "--db", demo, "--lang", lang]) == 1
    assert f"'Nieuwkomer' {words} 'DEMO-02'" in capsys.readouterr().err and not out.exists()


def test_demo_groups_have_members_plans_and_realistic_attendance(store):
    """The demo stores members with one begeleider, records only meetings before its today, mostly with everyone."""
    stats = make_demo(store, groups=8, sessions=10, seed=5)
    seen = absent = 0
    for summary in store.group_summaries():
        group, records = store.load_group(summary["code"]), store.meetings(summary["code"])
        plan = {p["number"]: p for p in store.load_plan(group.code)}
        assert 5 <= len(group.participants) <= 8 and group.begeleider and group.contract.missing == ()
        assert len(plan) == 10 and all(r.date < DEMO_TODAY for r in records)
        assert [n for n, p in plan.items() if p["date"] < DEMO_TODAY.isoformat()] == [r.number for r in records]
        for r in records:
            assert r.inbrenger == plan[r.number]["inbrenger"] and r.inbrenger in r.present
            assert (group.begeleider in r.present) == plan[r.number]["with_begeleider"]
            seen += len(group.participants)
            absent += sum(n not in r.present for n in group.participants)
    assert stats.meetings == sum(s["meetings"] for s in store.group_summaries()) < 8 * 10
    assert 0 < absent < 0.15 * seen


def test_demo_evaluations_carry_no_member_name(store):
    """No evaluation's key is derived from a member's name, and evaluations exist only for meetings that took place."""
    make_demo(store, groups=4, sessions=10, seed=6)
    answers = store.responses()
    for summary in store.group_summaries():
        group = store.load_group(summary["code"])
        keys = set(answers.loc[answers["group"] == group.code, "participant"])
        assert not keys & {participant_key(group.code, n) for n in group.names}
        assert not keys & {response_key(group.code, s, n) for n in group.names for s in range(1, 11)}
        held = {r.number for r in store.meetings(group.code)}
        assert set(answers.loc[answers["group"] == group.code, "session"]) <= held
    text = answers.astype(str).to_csv()
    names = {n for s in store.group_summaries() for n in store.load_group(s["code"]).names}
    assert not [n for n in names if n in text]


def test_same_seed_gives_the_same_groups_and_meetings(tmp_path):
    """Two demos with the same seed store the same members, plans and meetings."""
    def snapshot(url):
        with Store(url) as s:
            make_demo(s, groups=3, sessions=6, seed=9)
            return [(s.load_group(c), s.load_plan(c), s.meetings(c)) for c in s.groups()]
    a, b = (snapshot(f"sqlite:///{tmp_path / n}") for n in ("a.sqlite", "b.sqlite"))
    assert a == b and a[0][0].names != a[1][0].names


@pytest.mark.parametrize("lang, words", [("nl", "--sessions 1–30"), ("en", "--sessions 1–30")])
def test_demo_data_refuses_more_meetings_than_a_plan_holds(sqlite_url, capsys, lang, words):
    """`demo-data --sessions 31` stops before anything is written, saying the limit in the user's language."""
    assert main(["demo-data", "--sessions", "31", "--db", sqlite_url, "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert words in err and ("moet" in err) == (lang == "nl")
    with Store(sqlite_url) as s:
        assert s.groups() == []
