"""The session engine (model/session.py, state/session.py) with a fake clock: no sleeping."""
from __future__ import annotations

import pytest

from intervisie_widgets import catalog
from intervisie_widgets.model.session import (
    FINISHED,
    PAUSED,
    READY,
    RUNNING,
    Case,
    Roles,
    Session,
    never_inbrenger,
    rotate_roles,
    time_notice,
)
from intervisie_widgets.state.session import SessionState


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, t: float = 1000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def state(clock):
    return SessionState("negen-stappen", clock=clock)


def test_new_session_is_ready_at_the_first_step_with_the_method_minutes(state):
    """A fresh session waits at step 1 with the full planned time of that step left."""
    s = state.session
    assert s.status == READY and s.index == 0
    first = catalog.method("negen-stappen").steps[0]
    assert s.current.step_id == first.id
    assert state.remaining() == first.minutes * 60


def test_time_counts_only_while_running(state, clock):
    """Before start and while paused the clock does not eat into the step's time."""
    clock.advance(100)
    full = state.remaining()
    state.start()
    clock.advance(30)
    assert state.remaining() == pytest.approx(full - 30)
    state.pause()
    assert state.status == PAUSED
    clock.advance(500)
    assert state.remaining() == pytest.approx(full - 30)
    state.resume()
    assert state.status == RUNNING
    clock.advance(10)
    assert state.remaining() == pytest.approx(full - 40)


def test_toggle_starts_pauses_and_resumes(state, clock):
    """The one big start/pause button cycles ready → running → paused → running."""
    state.toggle()
    assert state.status == RUNNING
    state.toggle()
    assert state.status == PAUSED
    state.toggle()
    assert state.status == RUNNING


def test_overrun_is_detected_on_tick(state, clock):
    """When the step's minutes are used up, the next tick sets overrun and remaining goes negative."""
    minutes = state.session.current.minutes
    state.start()
    clock.advance(minutes * 60 - 1)
    state.tick()
    assert not state.overrun
    clock.advance(2)
    state.tick()
    assert state.overrun
    assert state.remaining() == pytest.approx(-1)


def test_extend_gives_the_current_step_more_time_and_clears_overrun(state, clock):
    """Extending by N minutes adds N*60 seconds to the current step only."""
    minutes = state.session.current.minutes
    state.start()
    clock.advance(minutes * 60 + 30)
    state.tick()
    assert state.overrun
    state.extend(2)
    assert not state.overrun
    assert state.remaining() == pytest.approx(90)
    assert state.session.timings[1].extra_minutes == 0


@pytest.mark.parametrize("bad", [0, -3, 1.5, True, "2"])
def test_extend_refuses_what_is_not_a_positive_whole_number(state, bad):
    """Extending by zero, a negative, a fraction or a non-number raises ValueError and changes nothing."""
    before = state.session
    with pytest.raises(ValueError):
        state.extend(bad)
    assert state.session is before


def test_next_and_previous_keep_each_steps_own_time(state, clock):
    """Time spent is banked per step, and going back continues the earlier step's count."""
    state.start()
    clock.advance(60)
    state.next()
    clock.advance(20)
    state.previous()
    clock.advance(5)
    s = state.session
    assert s.index == 0
    assert s.elapsed(clock()) == pytest.approx(65)
    assert s.elapsed(clock(), 1) == pytest.approx(20)
    assert s.status == RUNNING


def test_previous_on_the_first_step_does_nothing(state):
    """There is no step before the first one."""
    before = state.session
    state.previous()
    assert state.session == before


def test_next_on_the_last_step_finishes_and_summary_compares_planned_and_actual(state, clock):
    """Running through every step ends the session; the summary lists planned vs actual per step."""
    state.start()
    steps = state.session.plan
    for i, p in enumerate(steps):
        clock.advance(p.minutes * 60 + (120 if i == 3 else -30))
        state.next()
    assert state.status == FINISHED
    summary = state.summary()
    assert [x.step_id for x in summary] == [p.step_id for p in steps]
    assert summary[3].over and summary[3].actual_minutes == pytest.approx(steps[3].minutes + 2)
    assert not summary[0].over
    clock.advance(999)
    assert state.summary() == summary  # a finished session's clock has stopped
    assert not state.overrun


def test_multi_round_variant_gives_each_participant_a_turn_as_inbrenger():
    """The in-person four-phase model runs one round per participant (max 5), each with its own inbrenger."""
    m = catalog.method("vier-fasen")
    people = ("Ans", "Bram", "Cem", "Dewi")
    s = Session.create(m, "in-person", people, Roles(inbrenger="Bram"), Case("x", "y"))
    assert s.rounds == 4
    assert len(s.plan) == 4 * len(m.steps)
    assert [s.plan[r * len(m.steps)].inbrenger for r in range(4)] == ["Bram", "Cem", "Dewi", "Ans"]
    s2 = Session.create(m, "online", people + ("Eva", "Fleur"))
    assert s2.rounds == 4  # the online variant stops at 4 rounds


def test_inbrenger_now_follows_the_round(clock):
    """In round 2 the roles show the second participant as inbrenger."""
    state = SessionState("vier-fasen", clock=clock)
    state.setup("vier-fasen", "online", ("Ans", "Bram"), Roles(inbrenger="Ans"))
    for _ in range(len(state.method.steps)):
        state.next()
    assert state.session.current.round == 2
    assert state.session.inbrenger_now() == "Bram"


def test_rotation_lets_every_member_bring_a_case():
    """Over as many sessions as members, every member is inbrenger once and never leads their own case."""
    members = ["Ans", "Bram", "Cem", "Dewi", "Eva", "Fleur"]
    roles = rotate_roles(members, 10)
    assert len(roles) == 10
    assert never_inbrenger(members, [r.inbrenger for r in roles]) == ()
    for r in roles:
        assert r.inbrenger not in (r.gespreksleider, r.tijdbewaker)
        assert r.inbrenger not in r.deelnemers


def test_rotation_with_too_few_sessions_names_who_is_left_out():
    """With fewer sessions than members, never_inbrenger names the members without a turn."""
    members = ["Ans", "Bram", "Cem"]
    roles = rotate_roles(members, 2)
    assert never_inbrenger(members, [r.inbrenger for r in roles]) == ("Cem",)
    assert rotate_roles([], 3) == (Roles(), Roles(), Roles())


def test_time_notice_when_the_steps_need_more_than_is_available():
    """A method whose step minutes exceed the time available yields a notice naming both numbers."""
    m = catalog.method("negen-stappen")
    assert time_notice(m, None, m.step_minutes) is None
    n = time_notice(m, None, 45)
    assert n is not None and n.key == "session.warn_time"
    assert n.values["needed"] == m.step_minutes and n.values["available"] == 45
    assert catalog.text(n.key, "en", **{**n.values, "method": "X"}) != n.key
