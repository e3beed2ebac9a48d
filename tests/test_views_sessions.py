"""Widget tests (no browser) for the session pages: facilitator, simulation, group and trajectory."""
from __future__ import annotations

import base64
import datetime as dt
import re

import ipywidgets as w
import pytest

from intervisie_widgets import app as app_module
from intervisie_widgets import catalog
from intervisie_widgets.catalog import scenarios
from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.model.session import FINISHED, RUNNING
from intervisie_widgets.state import AppState
from intervisie_widgets.storage import Store, StoreUnavailable
from intervisie_widgets.views.facilitator import FacilitatorView
from intervisie_widgets.views.group import GroupView
from intervisie_widgets.views.simulation import SimulationView
from intervisie_widgets.views.trajectory import TrajectoryView

TODAY = dt.date(2030, 3, 1)


class FakeClock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def interactive(widget):
    """Every control a user can operate (buttons and value widgets), except the hidden ticker."""
    return [x for x in walk(widget) if isinstance(x, (w.Button, w.ValueWidget))
            and not isinstance(x, (w.HTML, w.Play)) and x.layout.display != "none"]


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'")


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def fac(clock):
    return FacilitatorView(AppState(lang="nl"), "negen-stappen", clock=clock)


@pytest.fixture
def store_factory(tmp_path):
    url = f"sqlite:///{tmp_path / 'plan.sqlite'}"
    return lambda: Store(url)


# --------------------------------------------------------------------------- every page
@pytest.mark.parametrize("make", [
    lambda: FacilitatorView(AppState(lang="nl")), lambda: SimulationView(AppState(lang="nl")),
    lambda: GroupView(AppState(lang="nl")), lambda: TrajectoryView(AppState(lang="nl"), today=lambda: TODAY)],
    ids=["facilitator", "simulation", "group", "trajectory"])
def test_every_control_has_a_label_and_a_stable_class(make):
    """Each visible control has a description (its label) and an ik-* CSS class; no text key leaks."""
    view = make()
    controls = interactive(view.widget)
    assert len(controls) >= 3
    for x in controls:
        assert x.description.strip(), f"{type(x).__name__} {x._dom_classes} has no label"
        assert any(c.startswith("ik-") for c in x._dom_classes), type(x).__name__
    texts = " ".join(getattr(x, "value", "") for x in walk(view.widget) if isinstance(x, w.HTML))
    assert not re.search(r"\b(session|simulation|group|trajectory|methods)\.[a-z_]+\b", plain(texts))


@pytest.mark.parametrize("page", ["session", "simulation", "group", "trajectory"])
def test_app_functions_build_each_page_in_english(page):
    """app.<page>(lang='en') returns the page frame with an English title."""
    widget = getattr(app_module, page)(lang="en")
    title = next(x for x in walk(widget) if isinstance(x, w.HTML) and "<h1>" in x.value)
    assert catalog.text(f"{page}.title", "en") in title.value


def test_home_lists_the_four_new_pages():
    """pages.yaml has the four pages and their notebooks exist, so the home page links to them."""
    from intervisie_widgets.settings import load_settings
    from intervisie_widgets.views.home import available_pages

    ids = {p.id for p in available_pages(load_settings().notebooks_dir)}
    assert {"session", "simulation", "group", "trajectory"} <= ids


# --------------------------------------------------------------------------- facilitator
def test_facilitator_setup_shows_roles_and_the_step(fac):
    """Applying the set-up fills the roles, and the display names who speaks now."""
    fac.setup.participants.value = "Ans\nBram\nCem\nDewi\nEva"
    fac.setup.inbrenger.value = "Bram"
    fac.setup.leader.value = "Fenna"
    fac.setup.case.value = "Planner"
    fac.setup.apply_button.click()
    roles = plain(fac.roles.value)
    assert "Bram" in roles and "Fenna" in roles and "Planner" in roles
    assert fac.setup.warnings.value == ""
    assert "Vraag bedenken" in fac.step_name.value
    assert "Volgende stap" not in fac.next_step.value and "Inventariseren" in fac.next_step.value


def test_facilitator_counts_down_and_turns_red_on_overrun(fac, clock):
    """Start runs the ticker; the countdown shows mm:ss, amber in the last minute, red with a label after."""
    fac.toggle_button.click()
    assert fac.state.status == RUNNING and fac.ticker.playing
    assert fac.toggle_button.description == "Pauze"
    clock.t = 30
    fac.ticker.value += 1  # what the browser's Play widget does every second
    assert "04:30" in fac.countdown.value and "ik-countdown-over" not in fac.countdown.value
    clock.t = 250
    fac.ticker.value += 1
    assert "ik-countdown-warn" in fac.countdown.value
    clock.t = 305
    fac.ticker.value += 1
    assert "ik-countdown-over" in fac.countdown.value and "+00:05" in fac.countdown.value
    assert "Tijd is om" in fac.countdown.value and fac.state.overrun


def test_facilitator_pause_extend_and_summary(fac, clock):
    """Pause stops the ticker, +5 minutes adds time, and finishing shows planned vs actual per step."""
    fac.toggle_button.click()
    clock.t = 100
    fac.toggle_button.click()
    assert not fac.ticker.playing and "Gepauzeerd" in fac.countdown.value
    before = fac.state.remaining()
    fac.extend5_button.click()
    assert fac.state.remaining() == pytest.approx(before + 300)
    fac.toggle_button.click()
    clock.t = 160
    fac.next_button.click()
    clock.t = 400
    fac.finish_button.click()
    assert fac.state.status == FINISHED and not fac.ticker.playing
    summary = plain(fac.summary.value)
    assert "02:40" in summary and "04:00" in summary  # step 1: 100 s + 60 s; step 2: 240 s
    assert "+5" in summary
    assert fac.next_button.disabled and fac.toggle_button.disabled


def test_facilitator_language_switch_keeps_the_input_and_the_clock(fac, clock):
    """Switching to English re-renders every text and keeps the typed participants and the state."""
    fac.setup.participants.value = "Ans\nBram"
    fac.toggle_button.click()
    fac.app.lang = "en"
    assert fac.toggle_button.description == "Pause"
    assert "Think of a question" in fac.step_name.value
    assert fac.setup.participants.value == "Ans\nBram"
    assert fac.setup.apply_button.description == "Set up meeting"
    assert fac.state.status == RUNNING


@pytest.mark.parametrize("n, words", [(2, "2"), (15, "15")])
def test_facilitator_warns_for_a_group_the_format_does_not_fit(fac, n, words):
    """2 or 15 participants give a warning that names the number and the format's limits."""
    names = "\n".join(f"P{i}" for i in range(n))
    fac.setup.participants.value = names
    fac.setup.apply_button.click()
    warning = plain(fac.setup.warnings.value)
    assert "Let op" in warning and words in warning and "4 tot 8" in warning
    assert fac.setup.participants.value == names
    assert len(fac.state.session.participants) == n


def test_facilitator_warns_for_duplicates_and_too_little_time(fac):
    """Duplicate names are named and kept once; too few minutes names needed and available time."""
    fac.setup.participants.value = "Ans\nBram\nans\nCem\nDewi"
    fac.setup.available.value = 60
    fac.setup.apply_button.click()
    warning = plain(fac.setup.warnings.value)
    assert "'ans'" in warning and "90" in warning and "60" in warning
    assert fac.state.session.participants == ("Ans", "Bram", "Cem", "Dewi")


def test_facilitator_online_four_phase_limits(clock):
    """The online four-phase variant takes at most 4 participants (seed 004) and runs one round each."""
    v = FacilitatorView(AppState(lang="en"), "vier-fasen", clock=clock)
    v.setup.variant.value = "online"
    assert v.setup.available.value == 180
    v.setup.participants.value = "A\nB\nC\nD\nE"
    v.setup.apply_button.click()
    assert "3 to 4" in plain(v.setup.warnings.value)
    assert v.state.session.rounds == 4 and "Round 1 of 4" in v.progress.value


# --------------------------------------------------------------------------- simulation
@pytest.mark.parametrize("sc", scenarios.scenarios(), ids=lambda s: s.id)
def test_simulation_runs_to_the_end_with_full_score(sc):
    """Choosing the best option at every step gives the maximum score and a link to the question practice."""
    v = SimulationView(AppState(lang="nl"), sc.id)
    for st in sc.steps:
        v.options.index = st.best
        v.confirm_button.click()
        assert "ik-feedback-best" in v.feedback.value
        v.next_button.click()
    assert v.state.finished
    assert f"{sc.max_score} van {sc.max_score}" in v.result.value
    assert 'href="vragen.ipynb?lang=nl"' in v.result.value


def test_simulation_wrong_choice_shows_why_and_the_best_option():
    """A wrong choice shows its feedback, the best option, and the step returns in 'what to practise'."""
    sc = scenarios.scenario("negen-stappen-wijkverpleging")
    v = SimulationView(AppState(lang="nl"), sc.id)
    v.confirm_button.click()
    assert "Kies eerst" in v.feedback.value and not v.state.revealed
    wrong = next(i for i, o in enumerate(sc.steps[0].options) if o.score == 0)
    v.options.index = wrong
    v.confirm_button.click()
    assert sc.steps[0].options[wrong].feedback.nl[:30] in plain(v.feedback.value)
    assert "De beste keuze was" in v.feedback.value and v.options.disabled
    v.next_button.click()
    assert v.options.index is None and not v.options.disabled
    for st in sc.steps[1:]:
        v.options.index = st.best
        v.confirm_button.click()
        v.next_button.click()
    assert "Vraag bedenken" in v.result.value and f"{sc.max_score - 2} van" in v.result.value


def test_simulation_language_switch_restart_and_select():
    """English keeps the chosen answer; restart clears it; choosing another scenario starts that one."""
    sc = scenarios.scenario("vijf-vragen-onderwijs")
    v = SimulationView(AppState(lang="nl"), sc.id)
    v.options.index = 1
    v.confirm_button.click()
    v.app.lang = "en"
    assert v.options.index == 1 and "Does not fit this step" in v.feedback.value
    assert sc.steps[0].options[1].feedback.en in plain(v.feedback.value)
    assert "Pre-vocational" in v.case.value
    v.restart_button.click()
    assert v.state.choices == () and v.options.index is None
    v.select.value = "incidentmethode-woningcorporatie"
    assert v.state.scenario_id == "incidentmethode-woningcorporatie" and "Housing" in v.case.value


# --------------------------------------------------------------------------- group
def _add(v: GroupView, name, level="medewerker", years=0, manages="", initials=""):
    v.name.value, v.initials.value, v.level.value, v.years.value = name, initials, level, years
    v.manages.value = manages
    v.add_button.click()


def test_group_checks_size_hierarchy_and_experience():
    """Seed 003's checks appear as plain warnings with the reason, and go away when fixed."""
    v = GroupView(AppState(lang="nl"))
    _add(v, "Ans", years=1)
    _add(v, "Bram", years=2)
    checks = plain(v.checks.value)
    # The default format (vier-fasen in person) has its own limits (seed 004), not seed 003's 5-8.
    assert "met 2" in checks and "3 tot 5" in checks and "Seed 004" in checks and "starters" in checks
    assert "peerreview" not in checks
    _add(v, "Cem", level="leidinggevende", years=12, manages="Ans")
    checks = plain(v.checks.value)
    assert "Cem staat hoger" in checks and "Cem is leidinggevende van Ans" in checks
    assert "starters" not in checks
    v.editor.rows[2].remove.click()  # remove Cem
    for name, years in (("Dewi", 6), ("Eva", 15), ("Fleur", 4)):
        _add(v, name, years=years)
    v.variant.value = "online"
    assert "4" in plain(v.checks.value) and "Online" in plain(v.checks.value)
    v.variant.value = "in-person"
    assert "Geen opmerkingen" in v.checks.value


def test_group_of_fifteen_and_duplicate_names_keep_the_input():
    """A 15-member group warns it is too big; a duplicate name is refused, named, and stays in the input."""
    v = GroupView(AppState(lang="en"))
    for i in range(15):
        _add(v, f"Member {i}", years=i)
    assert "you are 15" in plain(v.checks.value) and "3 to 5" in plain(v.checks.value)  # the format's limits
    _add(v, "member 3", years=7)
    assert "'member 3' is already in the group" in plain(v.add_warning.value)
    assert v.name.value == "member 3" and v.years.value == 7
    assert len(v.state.group.members) == 15
    _add(v, "   ")
    assert "Fill in a name" in v.add_warning.value


def test_group_contract_exports_markdown_and_pdf_with_six_parts():
    """The contract download links hold Markdown with the six headings and names, and a real PDF."""
    v = GroupView(AppState(lang="nl"))
    _add(v, "Ans")
    _add(v, "Bram")
    v.goal.value = "Grenzen leren stellen"
    v.parts["room"].value = "Zaal 2"
    v.export_button.click()
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', v.export_links.value))
    md = base64.b64decode(links["intervisiecontract-nl.md"]).decode("utf-8")
    for part in ("goal", "safety", "dates", "names", "room", "inbreng"):
        assert catalog.text(f"group.contract_{part}", "nl") in md
    assert "Grenzen leren stellen" in md and "Ans\nBram" in md and "Zaal 2" in md
    assert base64.b64decode(links["intervisiecontract-nl.pdf"]).startswith(b"%PDF")
    assert "Data van de bijeenkomsten" in v.export_links.value  # still empty: named


def test_group_page_shows_preparation_and_switches_language():
    """The inbrenger's preparation questions and leervraag-vs-casus are shown; English keeps members."""
    v = GroupView(AppState(lang="nl"))
    _add(v, "Ans")
    assert "Wat heb je er tot nu toe al aan gedaan?" in v.preparation.value and "Leervraag" in v.preparation.value
    v.app.lang = "en"
    assert "What have you done about it so far?" in v.preparation.value
    assert v.parts["safety"].value.startswith("Taking part is voluntary")
    assert "Ans" in plain(v.member_list.children[1].children[0].value)


# --------------------------------------------------------------------------- trajectory
SIX = ("Ans", "Bram", "Cem", "Dewi", "Eva", "Fleur")


def stored_group(store_factory, code="WIJK-1", names=SIX):
    """Store a group of participants plus a begeleider (Tess) and return its code."""
    members = tuple(Member(n, years=2 + 3 * i) for i, n in enumerate(names)) + (Member("Tess", begeleider=True),)
    return store_factory().save_group(Group(members, code=code))


def test_trajectory_default_plan_follows_seed_001(store_factory):
    """Met begeleider in 1, 2, 3, 6, 10; session 9 zonder, marked and explained as an assumption."""
    v = TrajectoryView(AppState(lang="nl"), store_factory, today=lambda: TODAY)
    met = [p.number for p in v.state.plan if p.with_begeleider]
    assert met == [1, 2, 3, 6, 10]
    assumed = [p.number for p in v.state.plan if p.assumed]
    assert assumed == [9] and "(aangenomen)" in v.rows[8].label.value and "aangenomen" not in v.rows[7].label.value
    assert "noemt deze bijeenkomst niet" in v.rows[8].assumed_note.value and v.rows[7].assumed_note.value == ""
    v.rows[8].begeleider.value = True
    assert v.state.plan[8].with_begeleider and not v.state.plan[8].assumed
    assert "aangenomen" not in v.rows[8].label.value


def test_trajectory_members_each_bring_a_case_and_missing_ones_are_named(store_factory):
    """The stored participants fill the inbrengers so everyone has a turn; taking a turn away names who lacks one."""
    stored_group(store_factory)
    v = TrajectoryView(AppState(lang="nl"), store_factory, today=lambda: TODAY, group="WIJK-1")
    inbrengers = [r.inbrenger.value for r in v.rows]
    assert set(inbrengers) == set(SIX)
    assert "in orde" in v.checks.value
    for r in v.rows:
        if r.inbrenger.value == "Fleur":
            r.inbrenger.value = "Ans"
    assert "Fleur" in plain(v.checks.value) and "Nog niet aan de beurt" in plain(v.checks.value)


def test_trajectory_bad_input_warns_and_keeps_everything(store_factory):
    """A past date, dates out of order and a too-long method are each named; the entered dates stay."""
    stored_group(store_factory, names=("Ans", "Bram"))
    v = TrajectoryView(AppState(lang="en"), store_factory, today=lambda: TODAY, group="WIJK-1")
    v.rows[0].date.value = dt.date(2020, 5, 1)
    v.available.value = 60
    checks = plain(v.checks.value)
    assert "Meeting 1 is set for 2020-05-01" in checks and "needs 90 minutes" in checks
    v.rows[3].date.value = v.rows[1].date.value
    assert "Meeting 4 does not come after meeting 3" in plain(v.checks.value)
    assert v.rows[0].date.value == dt.date(2020, 5, 1) and v.state.members == ("Ans", "Bram")


def test_trajectory_saves_and_loads_through_the_store(store_factory):
    """Save stores the plan of the chosen group; a new page choosing the group loads it back, dates and roles included."""
    v = TrajectoryView(AppState(lang="nl"), store_factory, today=lambda: TODAY)
    v.save_button.click()
    assert "Kies eerst een bewaarde groep" in v.status.value
    stored_group(store_factory, names=("Ans", "Bram", "Cem"))
    v.state.refresh_groups()
    v.group.value = "WIJK-1"
    v.rows[8].begeleider.value = True
    v.save_button.click()
    assert "bewaard" in v.status.value
    records = store_factory().load_plan("WIJK-1")
    assert len(records) == 10 and records[8]["with_begeleider"] and not records[8]["assumed"]
    assert records[0]["date"] == (TODAY + dt.timedelta(days=7)).isoformat()
    w2 = TrajectoryView(AppState(lang="en"), store_factory, today=lambda: TODAY, group="wijk-1")
    assert "loaded" in w2.status.value and w2.state.members == ("Ans", "Bram", "Cem")
    assert [r.inbrenger.value for r in w2.rows] == [r["inbrenger"] for r in records]


def test_trajectory_store_failure_is_a_warning_and_the_plan_stays(store_factory):
    """When the database fails while saving the page says so and keeps the plan as entered."""
    stored_group(store_factory, names=("Ans",))

    class Broken(Store):
        def save_plan(self, *args):
            raise StoreUnavailable("db", "offline")

    url = store_factory().url
    v = TrajectoryView(AppState(lang="nl"), lambda: Broken(url), today=lambda: TODAY, group="WIJK-1")
    v.rows[2].date.value = dt.date(2031, 1, 1)
    before = v.state.plan
    v.save_button.click()
    assert "lukte niet" in v.status.value and 'role="alert"' in v.status.value
    assert v.state.plan == before and store_factory().load_plan("WIJK-1") == []


def test_trajectory_page_without_a_database_says_so():
    """A database that cannot be opened is a warning on the page, not an exception."""
    def broken():
        raise StoreUnavailable("db", "offline")

    v = TrajectoryView(AppState(lang="nl"), broken, today=lambda: TODAY, group="G")
    assert "lukte niet" in v.status.value and len(v.rows) == 10
