"""Widget tests of the evaluation form, reflection and dashboard pages (no browser)."""
from __future__ import annotations

import datetime as dt

import pytest
from widgetkit import find

from intervisie_widgets import app
from intervisie_widgets.engines import reflection
from intervisie_widgets.exchange.demo import make_demo
from intervisie_widgets.render import report
from intervisie_widgets.state import AppState
from intervisie_widgets.storage import Store, count_rows
from intervisie_widgets.views.dashboard import DashboardView
from intervisie_widgets.views.evaluation_form import EvaluationFormView
from intervisie_widgets.views.reflection import ReflectionView


@pytest.fixture
def store(tmp_path):
    """A store on a fresh SQLite file."""
    s = Store(f"sqlite:///{tmp_path / 'ik.sqlite'}")
    yield s
    s.close()


def fill(view, group="G1", session=2, pseudonym="Kees", role="deelnemer"):
    """Fill in the identifying fields of the evaluation form."""
    view.group.value, view.session.value, view.pseudonym.value = group, session, pseudonym
    view.role_boxes[role].value = True


def test_evaluation_submit_shows_confirmation(store):
    """Filling in the form and clicking submit stores the answers and says so clearly."""
    view = EvaluationFormView(AppState(lang="nl"), lambda: store)
    fill(view)
    view.item_widgets["veiligheid"].value = 4
    view.item_widgets["doorvragen"].value = 5
    view.item_widgets["rapportcijfer"].value = 8
    view.item_widgets["les"].value = "Eerst doorvragen."
    view.submit_button.click()
    assert "is opgeslagen (4 antwoorden)" in view.status.value and 'role="status"' in view.status.value
    df = store.responses("G1")
    assert sorted(df["item"]) == ["doorvragen", "les", "rapportcijfer", "veiligheid"]
    assert view.new_button.layout.display is None


def test_second_submission_asks_before_replacing(store):
    """A second submission for the same person and session asks first; 'no' keeps, 'yes' replaces."""
    view = EvaluationFormView(AppState(lang="en"), lambda: store)
    fill(view)
    view.item_widgets["veiligheid"].value = 2
    view.submit_button.click()
    view.new_button.click()
    view.item_widgets["veiligheid"].value = 5
    view.submit_button.click()
    assert view.confirm_box.layout.display is None and "replace your earlier answers" in view.status.value
    view.replace_no.click()
    assert store.responses("G1")["score"].tolist() == [2] and "nothing was changed" in view.status.value
    view.submit_button.click()
    view.replace_yes.click()
    assert store.responses("G1")["score"].tolist() == [5] and "has been replaced" in view.status.value
    assert count_rows(store, "ik_responses") == 1 and view.confirm_box.layout.display == "none"


def test_form_follows_role_and_kind(store):
    """The role decides the role-specific items; the end-of-trajectory form has its own items."""
    view = EvaluationFormView(AppState(lang="nl"), lambda: store)
    view.role_boxes["begeleider"].value = True
    assert "meta_positie" in view.item_widgets and "inbreng_vraag" not in view.item_widgets
    view.role_boxes["inbrenger"].value = True
    assert "inbreng_vraag" in view.item_widgets and "meta_positie" not in view.item_widgets
    assert view.role_boxes["begeleider"].value is False  # without a method that gives turns: one role
    view.kind.value = "trajectory"
    assert "traject_veiligheid" in view.item_widgets and "veiligheid" not in view.item_widgets


def test_missing_fields_and_empty_form_are_explained(store):
    """Without group code and pseudonym, or without any answer, nothing is stored and the page says why."""
    view = EvaluationFormView(AppState(lang="nl"), lambda: store)
    view.submit_button.click()
    assert "Groepscode" in view.status.value and "Schuilnaam" in view.status.value
    fill(view)
    view.submit_button.click()
    assert "nog geen enkele vraag" in view.status.value and 'role="alert"' in view.status.value
    assert count_rows(store, "ik_responses") == 0


def test_every_control_is_labelled_and_classed(store):
    """Every input carries a description (its label) and an ik-evaluation-* class; English on switch."""
    view = EvaluationFormView(AppState(lang="nl"), lambda: store)
    controls = [view.group, view.session, view.pseudonym, *view.role.children[1:], view.kind, *view.item_widgets.values()]
    for c in controls:
        assert c.description and any(k.startswith("ik-evaluation-") for k in c._dom_classes)
    view.frame.lang_toggle.value = "en"
    assert view.group.description == "Group code" and view.item_widgets["veiligheid"].description == "Safety"


def test_evaluation_store_failure_is_a_message(tmp_path):
    """An unreachable database gives a message on the page, not an exception."""
    view = EvaluationFormView(AppState(lang="nl"), lambda: Store("postgresql://x@127.0.0.1:9/y"))
    fill(view)
    view.item_widgets["veiligheid"].value = 3
    view.submit_button.click()
    assert "niet bereikbaar" in view.status.value


def test_reflection_write_and_open(store):
    """A writer saves a reflection and opens it only with pseudonym and passphrase together."""
    view = ReflectionView(AppState(lang="nl"), lambda: store)
    view.group.value, view.pseudonym.value = "G1", "Anna"
    view.text.value = "Wat ik leerde: XYZZY"
    view.passphrase.value = view.repeat.value = "mijn eigen zin"
    view.save_button.click()
    assert "versleuteld opgeslagen" in view.status.value and view.passphrase.value == ""
    assert "1 reflectieverslagen" in view.counts.value
    view.open_passphrase.value = "verkeerde zin"
    view.open_button.click()
    assert "XYZZY" not in view.opened.value and "gaat geen verslag open" in view.status.value
    view.open_passphrase.value = "mijn eigen zin"
    view.open_button.click()
    assert "XYZZY" in view.opened.value and view.open_passphrase.value == ""
    view.pseudonym.value = "Bram"
    assert view.opened.value == ""
    view.open_passphrase.value = "mijn eigen zin"
    view.open_button.click()  # the right passphrase under another pseudonym opens nothing
    assert "XYZZY" not in view.opened.value and "gaat geen verslag open" in view.status.value


def test_reflection_refuses_short_or_mismatched_passphrase(store):
    """A short or mistyped passphrase is refused before anything is stored."""
    view = ReflectionView(AppState(lang="en"), lambda: store)
    view.group.value, view.pseudonym.value, view.text.value = "G1", "Anna", "text"
    view.passphrase.value, view.repeat.value = "kort", "kort"
    view.save_button.click()
    assert f"at least {reflection.MIN_PASSPHRASE} characters" in view.status.value
    view.passphrase.value, view.repeat.value = "lang genoeg 1", "lang genoeg 2"
    view.save_button.click()
    assert "not the same" in view.status.value
    assert count_rows(store, "ik_reflections") == 0


def test_dashboard_filters_and_charts(store):
    """The dashboard shows three PNG charts with visible descriptions; filters change them."""
    make_demo(store, groups=2, sessions=6, seed=3)
    view = DashboardView(AppState(lang="nl"), lambda: store)
    assert [v for _, v in view.group.options] == ["", "DEMO-01", "DEMO-02"]
    assert all(bytes(img.value).startswith(b"\x89PNG") for img in view.images.values())
    assert "Lijngrafiek" in view.alts["trajectory"].value and "Heatmap" in view.alts["heatmap"].value
    view.group.value = "DEMO-02"
    view.item.value = "rapportcijfer"
    assert "Rapportcijfer" in view.alts["trajectory"].value and "grijs gearceerd" in view.alts["trajectory"].value
    view.role.value = "inbrenger"
    assert "Inbrenger" in view.alts["roles"].value and "Deelnemer" not in view.alts["roles"].value
    view.date_from.value = dt.date(2031, 1, 1)
    assert "Nog geen evaluaties" in view.status.value and view.images["trajectory"].layout.display == "none"
    view.date_from.value = None
    assert "samenvatting.csv" in view.downloads.value


def test_dashboard_report_shows_progress_and_link(store):
    """The report button asks for one group, then moves the progress bar from 0 step by step to full and offers a PDF."""
    make_demo(store, groups=1, sessions=3, seed=1)
    view = DashboardView(AppState(lang="en"), lambda: store)
    view.report_button.click()
    assert "Choose one group" in view.report_link.value
    store.save_reflection("DEMO-01", "x", "een lange sleutel", "privé")
    view.refresh()
    view.group.value = "DEMO-01"  # the only group: its charts equal "all groups", the counts still follow
    assert "Reflection reports in this group: 1" in view.counts.value
    view.progress.value = view.progress.max  # a bar left full by an earlier report starts again at 0
    seen = []
    view.progress.observe(lambda ch: seen.append((view.progress.value, view.progress.max)), "value")
    view.report_button.click()
    steps = len(report.CHARTS) + 1
    assert seen[0][0] == 0 and seen[-1] == (steps, steps)
    values = [v for v, _ in seen]
    assert values == sorted(values) and any(0 < v < steps for v in values), seen
    assert "data:application/pdf;base64," in view.report_link.value


def test_dashboard_on_empty_database(store):
    """An empty database shows the 'no data yet' notice and no chart."""
    view = DashboardView(AppState(lang="en"), lambda: store)
    assert "No evaluations" in view.status.value
    assert all(img.layout.display == "none" for img in view.images.values())


def test_app_functions_build_the_pages(monkeypatch, tmp_path):
    """app.evaluation/reflection/dashboard build their pages, prefilled from the query string."""
    url = f"sqlite:///{tmp_path / 'q.sqlite'}"
    with Store(url) as s:
        for who in ("a", "b", "c"):
            s.submit("Team A", 1, "deelnemer", who, {"veiligheid": 4})
        s.submit("Team B", 1, "deelnemer", "d", {"veiligheid": 3})
    monkeypatch.setenv("INTERVISIE_DB_URL", url)
    monkeypatch.setenv("QUERY_STRING", "lang=en&group=Team%20A&session=3")
    page = app.evaluation()
    assert find(page, "ik-evaluation-group").value == "Team A"
    assert find(page, "ik-evaluation-session").value == 3
    assert find(page, "ik-evaluation-group").description == "Group code"  # lang=en
    assert find(app.reflection(), "ik-reflection-group").value == "Team A"
    assert find(app.dashboard(), "ik-dashboard-group").value == "Team A"
    monkeypatch.setenv("QUERY_STRING", "group=Team%20A&session=abc")
    page = app.evaluation()
    assert find(page, "ik-evaluation-session").value == 1 and find(page, "ik-evaluation-group").value == "Team A"
