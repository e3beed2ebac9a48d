"""Widget tests (no browser) of the session runner with a stored group: the planned meeting is
opened, attendance is ticked, and the finished meeting is recorded in a temporary SQLite store.

A fake clock (seconds) and a fake wall clock (datetimes) move together by hand: nothing sleeps.
"""
from __future__ import annotations

import datetime as dt
import re

import ipywidgets as w
import pytest

from intervisie_widgets import app as app_module
from intervisie_widgets import catalog
from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.model.meeting import MAX_NOTE
from intervisie_widgets.model.planning import change, default_plan, to_records
from intervisie_widgets.model.session import FINISHED, READY, RUNNING
from intervisie_widgets.state import AppState
from intervisie_widgets.state.session import SessionState
from intervisie_widgets.storage import Store, StoreUnavailable
from intervisie_widgets.views.facilitator import FacilitatorView

CODE = "WIJK-1"
START = dt.date(2030, 3, 8)
EVENING = dt.datetime(2030, 3, 8, 19, 0, 0)
PARTICIPANTS = ("Ans", "Bram", "Cem", "Dewi", "Eva", "Fleur")
BEGELEIDER = "Toos"


class Clocks:
    """A monotonic clock in seconds and a wall clock that moves with it."""

    def __init__(self):
        self.t = 0.0

    def __call__(self) -> float:
        return self.t

    def wall(self) -> dt.datetime:
        return EVENING + dt.timedelta(seconds=self.t)


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


@pytest.fixture
def clocks():
    return Clocks()


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'runner.sqlite'}"


@pytest.fixture
def store(url):
    """A store holding group WIJK-1 (six participants and a begeleider) with a plan of ten meetings.

    Meeting 1 is changed from the default so that the runner can only show it by reading the plan:
    vier-fasen online, Cem brings in, Dewi leads, Eva keeps time.
    """
    s = Store(url)
    members = tuple(Member(n) for n in PARTICIPANTS) + (Member(BEGELEIDER, begeleider=True),)
    s.save_group(Group(members, code=CODE, name="Wijkteam Noord"))
    plan = default_plan(PARTICIPANTS, 10, START, method="vijf-vragen")
    plan = change(plan, 1, method="vier-fasen", variant="online", inbrenger="Cem", gespreksleider="Dewi",
                  tijdbewaker="Eva")
    s.save_plan(CODE, to_records(plan))
    yield s
    s.close()


@pytest.fixture
def open_view(store, url, clocks):
    """A runner page on the test store; ``group`` opens a stored group as ``?group=`` does."""
    def make(group: str = CODE, lang: str = "nl", factory=None) -> FacilitatorView:
        return FacilitatorView(AppState(lang=lang), None, clock=clocks, wall_clock=clocks.wall,
                               store_factory=factory or (lambda: Store(url)), group=group)
    return make


def run_session(view: FacilitatorView, clocks: Clocks, seconds: float = 600) -> None:
    """Start the timer, let ``seconds`` pass on the first step, then finish."""
    view.toggle_button.click()
    clocks.t += seconds
    view.finish_button.click()


def tick(view: FacilitatorView, name: str, here: bool) -> None:
    view.group_panel.checks[name].value = here


# --------------------------------------------------------------------------- opening a planned meeting
def test_a_stored_group_opens_at_meeting_1_with_the_plans_method_and_roles(open_view):
    """?group= opens meeting 1 with the plan's method, format, inbrenger, gespreksleider and tijdbewaker."""
    v = open_view()
    s = v.state.session
    assert v.meeting.number == 1 and v.group_panel.number.value == 1
    assert (s.method_id, s.variant_id) == ("vier-fasen", "online")
    assert (s.roles.inbrenger, s.roles.gespreksleider, s.roles.tijdbewaker) == ("Cem", "Dewi", "Eva")
    assert s.inbrenger_now() == "Cem" and "Cem" in plain(v.roles.value)
    assert s.participants == PARTICIPANTS  # the begeleider is not a participant
    assert v.setup.participants.value == "\n".join(PARTICIPANTS)


def test_the_group_dropdown_lists_stored_groups_and_opens_the_chosen_one(open_view):
    """Without ?group= the page starts free; choosing the group in the dropdown opens its meeting 1."""
    v = open_view(group="")
    assert v.meeting.group is None and v.group_panel.number.layout.display == "none"
    assert ("Wijkteam Noord (WIJK-1)", CODE) in v.group_panel.group.options
    v.group_panel.group.value = CODE
    assert v.meeting.number == 1 and v.state.session.roles.inbrenger == "Cem"
    assert v.group_panel.number.layout.display is None


def test_the_query_string_preselects_the_group(monkeypatch, store, url):
    """app.session() reads ?group= (any case) and opens that group's planned meeting, in ?lang=."""
    monkeypatch.setenv("INTERVISIE_DB_URL", url)
    monkeypatch.setenv("QUERY_STRING", "group=wijk-1&lang=en")
    widget = app_module.session()

    def find(cls):
        stack = [widget]
        while stack:
            x = stack.pop()
            if cls in getattr(x, "_dom_classes", ()):
                return x
            stack.extend(getattr(x, "children", ()))
    assert find("ik-session-group").value == CODE
    assert find("ik-session-meeting").value == 1
    assert find("ik-session-inbrenger").value == "Cem"
    assert find("ik-session-group").description == "Group"


def test_an_unknown_group_code_is_named_and_the_page_runs_free(open_view):
    """A ?group= that is not stored says so with the code; the set-up stays a free session."""
    v = open_view(group="NOPE-9")
    assert v.meeting.group is None
    assert "NOPE-9" in plain(v.group_panel.notices.value) and 'role="alert"' in v.group_panel.notices.value
    assert v.state.session.participants == ()


def test_attendance_lists_every_member_ticked_with_the_begeleider_marked(open_view):
    """Seven checkboxes, all ticked; only the begeleider's label says begeleider."""
    v = open_view()
    boxes = v.group_panel.checks
    assert list(boxes) == [*PARTICIPANTS, BEGELEIDER] and all(b.value for b in boxes.values())
    marked = [n for n, b in boxes.items() if "begeleider" in b.description]
    assert marked == [BEGELEIDER]
    assert all("ik-session-present" in b._dom_classes for b in boxes.values())


def test_an_absent_inbrenger_is_dropped_and_the_trainer_is_asked_for_another(open_view):
    """Unticking the planned inbrenger removes them from the session and asks for another inbrenger."""
    v = open_view()
    tick(v, "Fleur", False)
    tick(v, "Cem", False)
    assert v.state.session.participants == ("Ans", "Bram", "Dewi", "Eva")
    assert v.setup.inbrenger.value == ""
    notice = plain(v.group_panel.notices.value)
    assert "Cem is volgens de planning inbrenger" in notice and "Kies een andere inbrenger" in notice
    assert "Dewi" not in notice  # the gespreksleider is here
    v.setup.inbrenger.value = "Bram"
    assert v.group_panel.notices.value == ""
    tick(v, "Cem", True)
    assert v.setup.inbrenger.value == "Bram"  # the trainer's choice stands when Cem comes after all
    assert v.state.session.participants == ("Ans", "Bram", "Cem", "Dewi", "Eva")


def test_ticking_attendance_while_the_timer_runs_does_not_restart_it(open_view, clocks):
    """Someone leaving during the session changes who is recorded present, not the running clock."""
    v = open_view()
    v.toggle_button.click()
    clocks.t += 90
    tick(v, "Ans", False)
    assert v.state.status == RUNNING and v.state.session.elapsed(clocks.t) == pytest.approx(90)
    assert "Ans" not in v.meeting.present


# --------------------------------------------------------------------------- recording
def test_recording_stores_who_was_there_the_times_and_each_step(open_view, store, clocks):
    """Record meeting stores the ticked members, wall-clock start and end, and planned vs actual per step."""
    v = open_view()
    tick(v, "Fleur", False)
    assert v.record.widget.layout.display == "none"
    v.toggle_button.click()
    clocks.t += 300
    v.next_button.click()
    clocks.t += 420
    v.finish_button.click()
    assert v.record.widget.layout.display is None
    v.record.note.value = "Volgende keer op tijd beginnen."
    v.record.record_button.click()
    (rec,) = store.meetings(CODE)
    assert rec.number == 1 and rec.method == "vier-fasen" and rec.variant == "online"
    assert rec.present == ("Ans", "Bram", "Cem", "Dewi", "Eva", BEGELEIDER)
    assert rec.started_at == EVENING and rec.ended_at == EVENING + dt.timedelta(seconds=720)
    assert rec.minutes == 12 and rec.inbrenger == "Cem" and rec.gespreksleider == "Dewi"
    assert [s.actual_seconds for s in rec.steps[:3]] == [300, 420, 0]
    first = catalog.method("vier-fasen").steps[0]
    assert (rec.steps[0].step_id, rec.steps[0].planned_minutes) == (first.id, first.minutes)
    assert rec.note == "Volgende keer op tijd beginnen."
    status = plain(v.record.status.value)
    assert "Bijeenkomst 1 van groep WIJK-1 is vastgelegd: 6 aanwezig, 12 minuten." in status


@pytest.mark.parametrize("consent", [True, False])
def test_the_title_is_stored_only_with_the_inbrengers_consent(open_view, store, clocks, consent):
    """The leervraag typed in the form is stored when the consent box is ticked, and left out otherwise."""
    v = open_view()
    v.setup.case.value = "De planner belt elke ochtend"
    v.setup.apply_button.click()
    run_session(v, clocks)
    assert v.record.title.value == "De planner belt elke ochtend"  # taken over from the set-up
    v.record.consent.value = consent
    v.record.record_button.click()
    (rec,) = store.meetings(CODE)
    assert rec.title == ("De planner belt elke ochtend" if consent else "")
    assert ("niet bewaard" in v.record.status.value) is not consent


def test_after_recording_links_lead_to_the_evaluation_and_the_dashboard(open_view, clocks):
    """The links carry the parameters those pages read: group, session and lang, to both pages."""
    v = open_view(lang="en")
    assert v.record.links.value == ""
    run_session(v, clocks)
    v.record.record_button.click()
    hrefs = re.findall(r'href="([^"]+)"', v.record.links.value)
    assert hrefs == ["evaluatie.ipynb?group=WIJK-1&amp;session=1&amp;lang=en",
                     "dashboard.ipynb?group=WIJK-1&amp;session=1&amp;lang=en"]


def test_after_meeting_1_is_recorded_the_next_open_shows_meeting_2(open_view, store, clocks):
    """A new runner page on the same group selects meeting 2 with its planned method and inbrenger."""
    v = open_view()
    run_session(v, clocks)
    v.record.record_button.click()
    assert [r.number for r in store.meetings(CODE)] == [1]
    planned = {r["number"]: r for r in store.load_plan(CODE)}[2]
    again = open_view()
    assert again.meeting.number == 2
    assert again.state.session.method_id == planned["method"] == "vijf-vragen"
    assert again.state.session.roles.inbrenger == planned["inbrenger"] != ""
    labels = {value: label for label, value in again.group_panel.number.options}
    assert "al vastgelegd" in labels[1] and "al vastgelegd" not in labels[2]


def test_recording_twice_is_refused_and_the_first_record_stays(open_view, store, clocks):
    """A second Record meeting (here, or from a new page on meeting 1) is refused with the message."""
    v = open_view()
    run_session(v, clocks)
    v.record.note.value = "eerste"
    v.record.record_button.click()
    v.record.note.value = "tweede"
    v.record.record_button.click()
    assert "Bijeenkomst 1 is al vastgelegd; de eerdere vastlegging blijft staan." in plain(v.record.status.value)
    assert 'role="alert"' in v.record.status.value and v.record.note.value == "tweede"
    other = open_view()
    other.group_panel.number.value = 1
    assert "al vastgelegd" in plain(other.group_panel.info.value)
    run_session(other, clocks)
    other.record.record_button.click()
    assert 'role="alert"' in other.record.status.value
    assert [(r.number, r.note) for r in store.meetings(CODE)] == [(1, "eerste")]


def test_a_meeting_with_nobody_ticked_is_not_recorded(open_view, store, clocks):
    """Unticking everyone gives the 'tick who was there' message and stores nothing."""
    v = open_view()
    for name in (*PARTICIPANTS, BEGELEIDER):
        tick(v, name, False)
    run_session(v, clocks)
    v.record.record_button.click()
    assert "Vink aan wie er bij bijeenkomst 1 was" in plain(v.record.status.value)
    assert store.meetings(CODE) == ()


def test_a_note_that_is_too_long_is_refused_and_kept(open_view, store, clocks):
    """A note over the maximum is named with its length; nothing is stored and the text stays."""
    v = open_view(lang="en")
    run_session(v, clocks)
    v.record.note.value = "x" * (MAX_NOTE + 1)
    v.record.record_button.click()
    assert f"{MAX_NOTE + 1} characters long; {MAX_NOTE} fit" in plain(v.record.status.value)
    assert store.meetings(CODE) == () and len(v.record.note.value) == MAX_NOTE + 1


def test_a_session_finished_without_starting_is_not_recorded(open_view, store):
    """Finishing before Start has no start time: the form says so and nothing is stored."""
    v = open_view()
    v.finish_button.click()
    v.record.record_button.click()
    assert "nooit gestart" in plain(v.record.status.value)
    assert store.meetings(CODE) == ()


def test_a_store_failure_is_a_message_and_the_form_keeps_its_text(open_view, url, clocks):
    """When the database is gone at recording time the page names the problem and keeps the note."""
    class Flaky(Store):
        def record_meeting(self, code, record):
            raise StoreUnavailable("testdb", "offline")

    v = open_view(factory=lambda: Flaky(url))
    run_session(v, clocks)
    v.record.note.value = "bewaren graag"
    v.record.record_button.click()
    assert StoreUnavailable("testdb", "offline").message("nl") in plain(v.record.status.value)
    assert v.record.note.value == "bewaren graag" and v.meeting.recorded is None


def test_an_unplanned_meeting_of_the_group_gets_the_next_free_number(open_view, store, clocks):
    """The extra meeting keeps the chosen method and is recorded after the plan's last number."""
    v = open_view()
    extra = v.group_panel.number.options[-1]
    assert extra[1] == 11 and "buiten de planning" in extra[0]
    v.group_panel.number.value = 11
    v.setup.method.value = "balint"
    v.setup.apply_button.click()
    run_session(v, clocks)
    v.record.record_button.click()
    (rec,) = store.meetings(CODE)
    assert (rec.number, rec.method) == (11, "balint")
    assert open_view().meeting.number == 1  # the plan's first meeting is still to be held


def test_without_a_group_the_page_runs_a_free_session_as_before(open_view, store, clocks):
    """No group: typed participants run as today, the summary shows, and nothing is recorded."""
    v = open_view(group="")
    v.setup.participants.value = "Ans\nBram\nCem\nDewi\nEva"
    v.setup.inbrenger.value = "Bram"
    v.setup.apply_button.click()
    assert v.state.session.participants == ("Ans", "Bram", "Cem", "Dewi", "Eva")
    run_session(v, clocks, 120)
    assert v.state.status == FINISHED and "02:00" in plain(v.summary.value)
    assert v.record.widget.layout.display == "none" and v.group_panel.attendance.layout.display == "none"
    assert store.meetings(CODE) == ()


def test_switching_to_english_keeps_attendance_and_translates_the_panel(open_view):
    """The language switch keeps the ticks and says the labels and the absent-role notice in English."""
    v = open_view()
    tick(v, "Cem", False)
    v.app.lang = "en"
    assert not v.group_panel.checks["Cem"].value and v.group_panel.checks["Ans"].value
    assert v.group_panel.checks[BEGELEIDER].description == "Toos (supervisor)"
    assert "Choose another case presenter" in plain(v.group_panel.notices.value)
    assert v.group_panel.group.description == "Group" and v.record.record_button.description == "Record meeting"


# --------------------------------------------------------------------------- the wall clock in the state
def test_the_wall_clock_stamps_the_first_start_and_the_finish_only(clocks):
    """Pausing and resuming keep the start time; finishing stamps the end; a new set-up clears both."""
    st = SessionState("vijf-vragen", clock=clocks, wall_clock=clocks.wall)
    assert st.started_at is None and st.ended_at is None
    clocks.t = 10
    st.start()
    clocks.t = 70
    st.pause()
    clocks.t = 100
    st.resume()
    assert st.started_at == EVENING + dt.timedelta(seconds=10) and st.ended_at is None
    clocks.t = 400
    st.finish()
    st.finish()
    assert st.ended_at == EVENING + dt.timedelta(seconds=400)
    st.setup("vijf-vragen")
    assert st.status == READY and st.started_at is None and st.ended_at is None


def test_every_new_control_has_a_label_and_a_stable_class(open_view, clocks):
    """The group panel and the record form: each control labelled and carrying an ik-session-* class."""
    v = open_view()
    run_session(v, clocks)
    controls = [x for x in (v.group_panel.widget, v.record.widget) for x in _walk(x)
                if isinstance(x, (w.Button, w.ValueWidget)) and not isinstance(x, w.HTML)]
    assert len(controls) >= 12
    for x in controls:
        assert x.description.strip(), type(x).__name__
        assert any(c.startswith("ik-session-") for c in x._dom_classes), type(x).__name__


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_the_begeleider_is_ticked_only_at_meetings_planned_met_begeleider(open_view):
    """Meeting 1 (met begeleider in seed 001's build-up) ticks the begeleider; meeting 4 (zonder) does not."""
    v = open_view()
    assert v.meeting.number == 1 and BEGELEIDER in v.meeting.present
    v.group_panel.number.value = 4
    assert BEGELEIDER not in v.meeting.present and set(PARTICIPANTS) <= set(v.meeting.present)
    assert v.group_panel.checks[BEGELEIDER].value is False and v.group_panel.checks["Ans"].value is True
    v.group_panel.number.value = 6
    assert BEGELEIDER in v.meeting.present
