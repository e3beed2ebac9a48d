"""The dashboard and the evaluation page follow the group and meeting of the link (issue 9, items 6
and 7): one group read in SQL, per trajectory, assumed meetings marked, attendance beside response,
the overview from SQL aggregates, bad links said in the user's language. No browser."""
from __future__ import annotations

import datetime as dt
import html
import io
import re

import numpy as np
import pandas as pd
import pytest
from conftest_pg import pg_admin_url, pg_url, sqlite_url, store, store_url  # noqa: F401
from PIL import Image
from sqlalchemy import event
from widgetkit import everything_shown, find

from intervisie_widgets import app, catalog
from intervisie_widgets.engines import analysis
from intervisie_widgets.exchange.demo import make_demo
from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.model.meeting import MeetingRecord
from intervisie_widgets.model.planning import default_plan, to_records
from intervisie_widgets.render import plots, report
from intervisie_widgets.state import AppState
from intervisie_widgets.state.dashboard import ALL, DashboardState
from intervisie_widgets.state.links import MAX_SESSION
from intervisie_widgets.storage import Store, plans
from intervisie_widgets.views.dashboard import DashboardView

PEOPLE = ("Annemarie", "Bartholomeus", "Cornelia", "Dagobert")
BEGELEIDER = "Evelien"
START = dt.date(2030, 1, 7)


def setup_group(store, code: str = "WIJK-1", assume_9: bool = True) -> None:
    """A stored group of four participants and a begeleider with the default plan of ten meetings."""
    members = tuple(Member(n) for n in PEOPLE) + (Member(BEGELEIDER, begeleider=True),)
    store.save_group(Group(members, code=code, name="Wijkteam"))
    plan = to_records(default_plan(PEOPLE, 10, START, 3))
    if not assume_9:
        plan[8] = {**plan[8], "assumed": False}
    store.save_plan(code, plan)


def record(store, number: int, present, code: str = "WIJK-1") -> None:
    begin = dt.datetime.combine(START + dt.timedelta(weeks=3 * (number - 1)), dt.time(14))
    store.record_meeting(code, MeetingRecord(number, "vier-fasen", "in-person", begin,
                                             begin + dt.timedelta(minutes=90), tuple(present)))


def evaluate(store, number: int, scores, code: str = "WIJK-1", role: str = "deelnemer", start: int = 0) -> None:
    """One evaluation per score (pseudonyms p0, p1 … from ``start``; never a member's name)."""
    for i, score in enumerate(scores, start=start):
        store.submit(code, number, role, f"p{i}", {"veiligheid": score, "leeropbrengst": score})


def recorded_store(store):
    """Meetings 1 and 2 recorded, 3 only evaluated: the numbers the rate tests check."""
    setup_group(store)
    record(store, 1, PEOPLE[:3] + (BEGELEIDER,))
    record(store, 2, PEOPLE)
    evaluate(store, 1, (4, 4))
    evaluate(store, 1, (5,), role="begeleider", start=10)
    evaluate(store, 2, (3, 3))
    evaluate(store, 3, (2,))
    return store


def open_dashboard(store, lang="nl", **link) -> DashboardView:
    return DashboardView(AppState(lang=lang), lambda: store, **link)


# --------------------------------------------------------------------------- the link
def test_the_link_opens_that_group_only(store):
    """?group= (any case) opens that group: the loaded answers and the chart description are that group's."""
    for who, score in (("a", 2), ("b", 2), ("c", 2)):
        store.submit("TEAM-A", 1, "deelnemer", who, {"veiligheid": score})
    for who, score in (("d", 5), ("e", 5), ("f", 5)):
        store.submit("TEAM-B", 1, "deelnemer", who, {"veiligheid": score})
    view = open_dashboard(store, group="team-b")
    assert view.state.group == "TEAM-B" and view.group.value == "TEAM-B"
    assert set(view.state.frame["group"].astype(str)) == {"TEAM-B"}
    assert "Veiligheid van 5,0 naar 5,0" in view.alts["trajectory"].value
    assert "2,0" not in view.alts["trajectory"].value


def test_the_group_view_reads_only_that_group(sqlite_url):
    """Opening a group queries the answers of that group's sessions only, and never all responses."""
    with Store(sqlite_url) as s:
        for code in ("TEAM-A", "TEAM-B"):
            for who in ("a", "b", "c"):
                s.submit(code, 1, "deelnemer", who, {"veiligheid": 4})
                s.submit(code, 2, "deelnemer", who, {"veiligheid": 3})
    store = Store(sqlite_url)
    statements, calls = [], []
    event.listen(store.engine, "connect", lambda dbapi, _rec: dbapi.set_trace_callback(statements.append))
    store.engine.dispose()  # the next connection is traced
    real = store.responses
    store.responses = lambda *a, **k: calls.append((a, k)) or real(*a, **k)
    with store.engine.connect() as conn:
        ids = {code: {r.id for r in conn.exec_driver_sql(
            "SELECT s.id FROM ik_sessions s JOIN ik_trajectories t ON t.id = s.trajectory_id "
            "JOIN ik_groups g ON g.id = t.group_id WHERE g.code = ?", (code,))} for code in ("TEAM-A", "TEAM-B")}
    statements.clear()
    state = DashboardState(lambda: store, min_group=3)
    state.follow_link("TEAM-B")
    state.refresh()
    assert state.status == "ready" and calls and all(a[0] == "TEAM-B" for a, _ in calls)
    reads = [sql for sql in statements if re.search(r"FROM ik_answers", sql)]
    assert reads, statements
    for sql in reads:
        asked = {int(i) for i in re.search(r"session_id IN \(([\d,]+)\)", sql).group(1).split(",")}
        assert asked == ids["TEAM-B"]
    store.close()


def test_the_overview_uses_sql_aggregates_not_answer_rows(store):
    """With no group, the dashboard never loads answers row by row; its charts come from SQL sums."""
    make_demo(store, groups=2, sessions=4, seed=5)
    store.responses = lambda *a, **k: pytest.fail("the overview loaded answers")
    state = DashboardState(lambda: store, min_group=3)
    state.refresh()
    assert state.group == ALL and state.status == "ready" and len(state.charts) == 3
    assert state.frame.empty


@pytest.mark.parametrize("by", [["session", "item"], ["role", "item"], ["item", "with_begeleider"]])
def test_sql_sums_give_the_pandas_summary(store, by):
    """Means, sd, respondents and suppression from the SQL sums equal analysis.summarise on the rows."""
    make_demo(store, groups=3, sessions=5, seed=2)
    store.submit("DEMO-01", 12, "deelnemer", "extra", {"veiligheid": 1})  # unplanned: met/zonder by default
    rows = analysis.filter_frame(analysis.prepare(store.responses(numeric_only=True)), kind="session")
    expected = analysis.summarise(rows, by, 3).sort_values(by).reset_index(drop=True)
    got = analysis.summarise_sums(store.answer_sums(by), by, 3).sort_values(by).reset_index(drop=True)
    assert list(got.columns) == list(expected.columns) and len(got) == len(expected)
    assert got[by].astype(str).equals(expected[by].astype(str))
    for col in ("n", "respondents", "suppressed"):
        assert got[col].tolist() == expected[col].tolist(), col
    for col in ("mean", "sd", "ci_low", "ci_high"):
        np.testing.assert_allclose(got[col].astype(float), expected[col].astype(float), rtol=1e-9, equal_nan=True)


# --------------------------------------------------------------------------- trajectories
def test_two_trajectories_give_a_selector_on_the_current_one(store):
    """A group with two trajectories opens on the latest; the selector shows both and switches the data."""
    setup_group(store)
    evaluate(store, 1, (2, 2, 2))
    store.start_trajectory("WIJK-1")
    evaluate(store, 1, (5, 5, 5))
    view = open_dashboard(store, group="WIJK-1")
    assert view.trajectory.layout.display is None
    assert view.trajectory.options == (("Traject 1", 1), ("Traject 2 (huidig)", 2))
    assert view.trajectory.value == 2 and view.state.frame["score"].unique().tolist() == [5.0]
    assert "Veiligheid van 5,0 naar 5,0" in view.alts["trajectory"].value
    view.trajectory.value = 1
    assert view.state.frame["score"].unique().tolist() == [2.0]
    assert "Veiligheid van 2,0 naar 2,0" in view.alts["trajectory"].value and "traject 1" in view.scope.value


def test_one_trajectory_hides_the_selector(store):
    """With one trajectory there is nothing to choose: the selector is hidden."""
    setup_group(store)
    evaluate(store, 1, (3, 3, 3))
    view = open_dashboard(store, group="WIJK-1")
    assert view.trajectory.layout.display == "none" and view.state.trajectory == 1


# --------------------------------------------------------------------------- planned or assumed
def rate_rows(view) -> dict[str, list[str]]:
    """The rows of the attendance and response table, by session number."""
    heading = catalog.text("charts.table_rates_heading", view.app.lang)
    (table,) = [t for t in view.state.tables if t[0] == heading]
    return {row[0]: list(row) for row in table[2]}


def test_an_assumed_meeting_is_marked_in_the_table_and_the_chart_description(store):
    """Session 9's met/zonder begeleider reads as assumed, not as fact; once planned it reads as planned."""
    setup_group(store)
    for n in (8, 9):
        evaluate(store, n, (4, 4, 4))
    view = open_dashboard(store, group="WIJK-1")
    rows = rate_rows(view)
    assert rows["9"][1] == "zonder begeleider (aangenomen)" and rows["8"][1] == "zonder begeleider (gepland)"
    alt = view.alts["trajectory"].value
    assert "Bij bijeenkomst 9 is met of zonder begeleider aangenomen, niet gepland" in alt
    assert "bijeenkomst 8" not in alt
    fig = plots.new_figure()
    ax = plots.plot_item_over_sessions(fig.subplots(), report.chart_frames(view.state.selection(), 3)["trajectory"],
                                       "nl", 3)
    assert "aangenomen, niet gepland: bijeenkomst 9" in [x.get_text() for x in ax.get_legend().get_texts()]
    store.save_plan("WIJK-1", [{**p, "assumed": False} for p in store.load_plan("WIJK-1")])
    view.refresh()
    assert rate_rows(view)["9"][1] == "zonder begeleider (gepland)"
    assert "aangenomen" not in view.alts["trajectory"].value


def test_an_assumed_meeting_is_said_in_english_too(store):
    """The English table and description mark the assumed meeting in English, not in Dutch."""
    setup_group(store)
    evaluate(store, 9, (4, 4, 4))
    view = open_dashboard(store, lang="en", group="WIJK-1")
    en = catalog.text("charts.table_assumed", "en", value=catalog.text("charts.without_begeleider", "en"))
    assert rate_rows(view)["9"][1] == en != "zonder begeleider (aangenomen)"
    alt = view.alts["trajectory"].value
    assert html.escape(catalog.text("charts.alt_assumed", "en", sessions="9"), quote=True) in alt
    assert "aangenomen" not in alt


# --------------------------------------------------------------------------- attendance and response
def test_attendance_and_response_rates_per_meeting(store):
    """Attendance is participants present / participants; response is evaluations / people present."""
    recorded_store(store)
    rates = analysis.meeting_rates(store.session_facts("WIJK-1")).set_index("session")
    assert rates.loc[1, ["present", "participants", "responses", "base"]].tolist() == [3, 4, 3, 4]
    assert rates.loc[1, "attendance_rate"] == 0.75 and rates.loc[1, "response_rate"] == 0.75
    assert rates.loc[2, "attendance_rate"] == 1.0 and rates.loc[2, "response_rate"] == 0.5
    assert not rates.loc[3, "recorded"] and rates.loc[3, "base_kind"] == "expected"
    assert rates.loc[3, "base"] == 5 and rates.loc[3, "response_rate"] == 0.2  # 4 participants + begeleider
    assert list(rates.index) == [1, 2, 3]  # planned meetings not yet held are left out


def test_the_dashboard_table_shows_both_rates(store):
    """The table shows present of participants, the attendance rate, evaluations of present and the response rate."""
    recorded_store(store)
    rows = rate_rows(open_dashboard(store, group="WIJK-1"))
    assert rows["1"] == ["1", "met begeleider (gepland)", "3 van 4", "75%", "3 van 4 aanwezigen", "75%"]
    assert rows["2"] == ["2", "met begeleider (gepland)", "4 van 4", "100%", "2 van 4 aanwezigen", "50%"]
    assert rows["3"] == ["3", "met begeleider (gepland)", "niet vastgelegd", "–", "1 van 5 verwacht", "20%"]


def test_means_stay_hidden_below_the_minimum_but_attendance_shows(store):
    """Two respondents: the means are hidden (minimum group 3), the attendance and response counts are not."""
    recorded_store(store)
    view = open_dashboard(store, group="WIJK-1")
    heat = report.chart_frames(view.state.selection(), 3)["heatmap"].set_index(["session", "item"])
    assert heat.loc[(2, "veiligheid"), "suppressed"] and pd.isna(heat.loc[(2, "veiligheid"), "mean"])
    assert not heat.loc[(1, "veiligheid"), "suppressed"]
    assert rate_rows(view)["2"][2:4] == ["4 van 4", "100%"]


def test_no_member_name_appears_on_the_dashboard(store):
    """Member names stay on the trainer's pages: no widget of the dashboard shows one."""
    recorded_store(store)
    for view in (open_dashboard(store, group="WIJK-1", session="1"), open_dashboard(store)):
        shown = everything_shown(view)
        assert "Opkomst" in shown
        assert not [n for n in PEOPLE + (BEGELEIDER,) if n in shown]


def test_the_linked_meeting_is_shown_with_its_rates(store):
    """?session=1 shows that meeting's attendance and response; a meeting not yet held says so."""
    recorded_store(store)
    view = open_dashboard(store, group="WIJK-1", session="1")
    assert ("Bijeenkomst 1, met begeleider (gepland): 3 van 4 deelnemers aanwezig (opkomst 75%); "
            "3 evaluaties van 4 aanwezigen (respons 75%).") in view.meeting.value
    later = open_dashboard(store, lang="en", group="WIJK-1", session="7")
    assert html.escape(catalog.text("links.session_not_held", "en", n=7)) in later.meeting.value


def test_the_overview_shows_attendance_over_all_groups(store):
    """All groups together: per session number the recorded meetings, present of participants, both rates."""
    recorded_store(store)
    setup_group(store, "WIJK-2")
    record(store, 1, PEOPLE[:3], code="WIJK-2")
    evaluate(store, 1, (3, 3, 3), code="WIJK-2")
    view = open_dashboard(store)
    (table,) = [t for t in view.state.tables if t[0].startswith("Opkomst en respons per bijeenkomst, alle")]
    rows = {r[0]: r for r in table[2]}
    assert rows["1"] == ("1", "2", "6 van 8", "75%", "6 van 7 aanwezigen", "86%")
    assert rows["2"] == ("2", "1", "4 van 4", "100%", "2 van 4 aanwezigen", "50%")


# --------------------------------------------------------------------------- bad links
@pytest.mark.parametrize("value", ["abc", "0", "1000000000", "-3", "2.5", str(MAX_SESSION + 1)])
def test_a_bad_session_in_the_link_is_said_and_the_page_works(store, value):
    """A session that is no number from 1 to the highest is named in a warning; the charts still show."""
    recorded_store(store)
    view = open_dashboard(store, group="WIJK-1", session=value)
    assert f"Het nummer van de bijeenkomst in de link ('{value}') klopt niet" in html.unescape(view.link_status.value)
    assert 'role="alert"' in view.link_status.value
    assert view.state.session == 0 and view.state.status == "ready" and view.meeting.value == ""
    assert all(bytes(img.value).startswith(b"\x89PNG") for img in view.images.values())


def test_an_unknown_group_in_the_link_is_said_and_all_groups_show(store):
    """?group= of no stored group: an English warning names it and the overview opens."""
    recorded_store(store)
    view = open_dashboard(store, lang="en", group="NOPE-9", session="2")
    assert catalog.text("links.unknown_group_dashboard", "en", value="NOPE-9") in html.unescape(view.link_status.value)
    assert view.state.group == ALL and view.group.value == ALL and view.state.status == "ready"
    assert view.meeting.value == ""


def test_the_highest_session_of_a_link_is_the_stores(store):
    """The link accepts exactly the session numbers the store keeps."""
    assert MAX_SESSION == plans.MAX_SESSIONS
    recorded_store(store)
    assert open_dashboard(store, group="WIJK-1", session=str(MAX_SESSION)).link_status.value == ""


def test_app_pages_read_group_and_session_from_the_query_string(monkeypatch, tmp_path):
    """app.dashboard and app.evaluation follow ?group=&session=; bad values are said, the pages still open."""
    url = f"sqlite:///{tmp_path / 'q.sqlite'}"
    with Store(url) as s:
        recorded_store(s)
    monkeypatch.setenv("INTERVISIE_DB_URL", url)
    monkeypatch.setenv("QUERY_STRING", "group=wijk-1&session=2&lang=nl")
    page = app.dashboard()
    assert "2 evaluaties van 4 aanwezigen" in find(page, "ik-dashboard-meeting").value
    form = app.evaluation()
    assert find(form, "ik-evaluation-group").value == "wijk-1" and find(form, "ik-evaluation-session").value == 2
    assert find(form, "ik-evaluation-link-status").value == ""
    monkeypatch.setenv("QUERY_STRING", "group=ONBEKEND&session=0&lang=en")
    form = app.evaluation()
    status = html.unescape(find(form, "ik-evaluation-link-status").value)
    assert catalog.text("links.bad_session", "en", value="0", max=MAX_SESSION) in status
    assert catalog.text("links.unknown_group_evaluation", "en", value="ONBEKEND") in status
    assert find(form, "ik-evaluation-session").value == 1 and find(form, "ik-evaluation-group").value == "ONBEKEND"
    dash = html.unescape(find(app.dashboard(), "ik-dashboard-link-status").value)
    assert catalog.text("links.unknown_group_dashboard", "en", value="ONBEKEND") in dash


# --------------------------------------------------------------------------- charts
def test_one_draw_gives_the_same_pixels_as_plots_render(store):
    """report.chart_png (one Agg draw) draws exactly the image plots.render draws, and the same alt text."""
    recorded_store(store)
    df = analysis.filter_frame(analysis.prepare(store.responses("WIJK-1", numeric_only=True)), kind="session")
    frames = report.chart_frames(df, 1)
    for name, plot in report.CHARTS:
        fast, fast_alt = report.chart_png(plot, frames[name], "nl", 1)
        slow, slow_alt = plots.render(plot, frames[name], "nl", min_group=1)
        a, b = (np.asarray(Image.open(io.BytesIO(png)).convert("RGBA")) for png in (fast, slow))
        assert a.shape == b.shape and (a == b).all(), name
        assert fast_alt == slow_alt


def test_a_database_problem_is_said_and_nothing_is_drawn(tmp_path):
    """A store that cannot be opened gives the dashboard an error message in the user's language, no charts."""
    from intervisie_widgets.storage import StoreUnavailable

    def broken():
        raise StoreUnavailable(str(tmp_path / "weg.sqlite"), "disk full", kind="cannot_open")
    view = DashboardView(AppState(lang="en"), broken, group="WIJK-1", session="2")
    assert view.state.status == "error" and 'class="ik-warning"' in view.status.value
    assert "weg.sqlite" in view.status.value and view.state.charts == []
    assert all(img.layout.display == "none" for img in view.images.values()) and view.meeting.value == ""
