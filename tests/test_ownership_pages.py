"""The pages inside a hub (issue 14 point 2): a trainer sees only their own and shared groups,
another trainer's group by link is refused with nothing of it shown, coordinators see every
group's aggregates only, and outside a hub nothing changes. Widget tests, no browser."""
from __future__ import annotations

import html
import re

import pytest

from intervisie_widgets import catalog
from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.state import AppState
from intervisie_widgets.storage import NotYours, Store
from intervisie_widgets.views.dashboard import DashboardView
from intervisie_widgets.views.evaluation_form import EvaluationFormView
from intervisie_widgets.views.facilitator import FacilitatorView
from intervisie_widgets.views.group import GroupView
from intervisie_widgets.views.trajectory import TrajectoryView
from widgetkit import everything_shown

SECRET = ("Geheimnaam Bertsgroep", "Verborgen Lid")  # bert's members: never on anna's pages
B1_NAME = "Groep B1"  # the name of bert's group: not on anna's pages either
REFUSAL_NL = "andere begeleider"


def shown(view) -> str:
    """Every text the page shows, tags removed and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", everything_shown(view)))


@pytest.fixture
def as_user(monkeypatch):
    def switch(user, coordinator=False):
        if user is None:
            monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
        else:
            monkeypatch.setenv("JUPYTERHUB_USER", user)
        if coordinator:
            monkeypatch.setenv("INTERVISIE_COORDINATOR", "1")
        else:
            monkeypatch.delenv("INTERVISIE_COORDINATOR", raising=False)
    return switch


@pytest.fixture
def store(tmp_path, as_user):
    """anna's group A1 and bert's B1, each with three evaluations of meeting 1 (scores 2 and 5)."""
    s = Store(f"sqlite:///{tmp_path / 'hub.sqlite'}")
    for user, code, members, score in (("anna", "A1", ("Ans", "Bram"), 2), ("bert", "B1", SECRET, 5)):
        as_user(user)
        s.save_group(Group(tuple(Member(n) for n in members), "Doel", code, f"Groep {code}"))
        for p in ("x", "y", "z"):
            s.submit(code, 1, "deelnemer", p, {"veiligheid": score, "leeropbrengst": score})
    as_user(None)
    yield s
    s.close()


def test_group_page_lists_own_groups_and_refuses_another_trainers(store, as_user):
    """anna's group page lists A1 only; ?group=B1 says it is another's and shows none of it."""
    as_user("anna")
    v = GroupView(AppState(lang="nl"), lambda: store, group="B1")
    assert [code for _, code in v.stored.options] == ["A1"]
    text = shown(v)
    assert REFUSAL_NL in v.open_status.value and "B1" in v.open_status.value
    assert not any(name in text for name in (*SECRET, B1_NAME))
    assert v.state.loaded_code == "" and v.code.value == ""


def test_saving_over_another_trainers_code_is_refused_and_nothing_lost(store, as_user):
    """anna typing bert's code as a new group gets the refusal; bert's group keeps its members."""
    as_user("anna")
    v = GroupView(AppState(lang="en"), lambda: store)
    v.code.value = "b1"
    v.name.value = "Nieuw"
    v.add_button.click()
    v.save()
    assert catalog.text("ownership.not_yours_change", "en", code="b1") in html.unescape(v.status.value)
    assert store.load_group("B1").participants == SECRET


def test_outside_a_hub_every_group_is_listed_and_opens(store, as_user):
    """Without JUPYTERHUB_USER the group page lists and opens every group, as before owners."""
    as_user(None)
    v = GroupView(AppState(lang="nl"), lambda: store, group="B1")
    assert [code for _, code in v.stored.options] == ["A1", "B1"]
    assert v.state.loaded_code == "B1" and v.state.group.participants == SECRET
    assert v.sharing.widget.layout.display == "none"


def test_trajectory_and_runner_refuse_another_trainers_group(store, as_user):
    """?group=B1 on anna's trajectory and session pages gives the refusal, no name of B1."""
    as_user("anna")
    t = TrajectoryView(AppState(lang="nl"), lambda: store, group="B1")
    f = FacilitatorView(AppState(lang="nl"), None, store_factory=lambda: store, group="B1")
    for view in (t, f):
        text = shown(view)
        assert REFUSAL_NL in text
        assert not any(name in text for name in (*SECRET, B1_NAME))
    assert t.state.group_code == "" and f.meeting.group is None


@pytest.mark.parametrize("page, names", [("group", (*SECRET, B1_NAME)), ("trajectory", SECRET),
                                         ("runner", (*SECRET, B1_NAME))])
def test_the_owner_sees_the_names_the_refusal_hides(store, as_user, page, names):
    """bert's own group, trajectory and session pages for B1 show his members (and the group's name where the page names it), so their absence for anna is a refusal."""
    as_user("bert")
    views = {"group": lambda: GroupView(AppState(lang="nl"), lambda: store, group="B1"),
             "trajectory": lambda: TrajectoryView(AppState(lang="nl"), lambda: store, group="B1"),
             "runner": lambda: FacilitatorView(AppState(lang="nl"), None, store_factory=lambda: store, group="B1")}
    text = shown(views[page]())
    assert [name for name in names if name not in text] == [] and REFUSAL_NL not in text


def test_the_owners_dashboard_names_the_group_the_others_does_not_show(store, as_user):
    """bert's dashboard for B1 names 'Groep B1', so its absence from anna's dashboard is the refusal at work."""
    as_user("bert")
    assert B1_NAME in shown(DashboardView(AppState(lang="nl"), lambda: store, group="B1"))


def test_evaluation_page_refuses_another_trainers_group(store, as_user):
    """The evaluation form linked to B1 on anna's server says so, and a submission is refused, not stored."""
    as_user("anna")
    v = EvaluationFormView(AppState(lang="nl"), lambda: store, group="B1", session="1")
    assert any(n.key == "ownership.not_yours_open" for n in v.link_notices)
    before = len(store.responses("B1"))
    with pytest.raises(NotYours) as err:
        store.submit("B1", 1, "deelnemer", "w", {"veiligheid": 1})
    assert REFUSAL_NL in err.value.message("nl")
    assert len(store.responses("B1")) == before


def test_dashboard_of_a_trainer_covers_own_groups_only(store, as_user):
    """anna's dashboard offers A1 only, refuses ?group=B1, and its overview counts A1's answers (all 2s)."""
    as_user("anna")
    v = DashboardView(AppState(lang="nl"), lambda: store, group="B1")
    assert [code for _, code in v.group.options] == ["", "A1"]
    assert any(n.key == "ownership.not_yours_open" for n in v.state.link_notices)
    assert B1_NAME not in shown(v)
    sums = v.state.overview_sums(["item"])
    assert set(sums["total"] / sums["n"]) == {2.0}
    assert set(v.state.facts["group"]) == {"A1"}
    assert html.unescape(v.scope.value).count(catalog.text("ownership.overview_own", "nl")) == 1


def test_coordinator_sees_every_group_aggregated_but_edits_none(store, as_user):
    """A coordinator's dashboard offers every group and averages both (3.5); their group page lists none."""
    as_user("cora", coordinator=True)
    v = DashboardView(AppState(lang="nl"), lambda: store, group="B1")
    assert [code for _, code in v.group.options] == ["", "A1", "B1"]
    assert v.state.group == "B1" and not v.state.link_notices
    assert not any(name in shown(v) for name in SECRET)
    v.group.value = ""
    sums = v.state.overview_sums(["item"])
    assert set(sums["total"] / sums["n"]) == {3.5}
    assert catalog.text("ownership.overview_coordinator", "nl") in html.unescape(v.scope.value)
    g = GroupView(AppState(lang="nl"), lambda: store, group="B1")
    assert [code for _, code in g.stored.options] == [""] and REFUSAL_NL in g.open_status.value


def test_sharing_card_shares_with_an_odd_name_shown_escaped(store, as_user):
    """anna shares A1 with '<b>Zoë</b> @x': the name is stored exactly, shown escaped, and Zoë then lists A1."""
    odd = "<b>Zoë</b> @x"
    as_user("anna")
    v = GroupView(AppState(lang="nl"), lambda: store, group="A1")
    card = v.sharing
    assert card.widget.layout.display is None and card.owner_box.layout.display is None
    card.user.value = f"  {odd} "
    card.share_button.click()
    assert store.shares_of("A1") == [odd]
    assert "&lt;b&gt;Zoë&lt;/b&gt; @x" in card.about.value and "<b>Zoë</b>" not in card.about.value
    as_user(odd)
    z = GroupView(AppState(lang="nl"), lambda: store, group="A1")
    assert z.state.loaded_code == "A1" and z.sharing.owner_box.layout.display == "none"
    as_user("anna")
    card.chosen.value = odd
    card.unshare_button.click()
    assert store.shares_of("A1") == []


def test_a_too_long_hub_name_gets_a_clear_message_on_save(store, as_user):
    """A 300-character hub user saving a new group is told the name is too long; nothing is stored."""
    as_user("é" * 300)
    v = GroupView(AppState(lang="en"), lambda: store)
    v.code.value = "NEW"
    v.name.value = "Ans"
    v.add_button.click()
    v.save()
    assert "300 characters" in html.unescape(v.status.value)
    assert store.load_group("NEW") is None
