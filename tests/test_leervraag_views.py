"""The leervraag check on screen, without a browser: its tab on the exercises page and the session runner's step widget."""
from __future__ import annotations

from html import escape

import pytest

from intervisie_widgets import catalog
from intervisie_widgets.questions.leervraag import formulating_step, formulating_steps
from intervisie_widgets.state import AppState
from intervisie_widgets.views.exercises import ExercisesView
from intervisie_widgets.views.facilitator import FacilitatorView

OTHER = "Hoe krijg ik mijn collega zover dat hij op tijd komt?"
GOOD = "Hoe blijf ik rustig als een ouder in het oudergesprek boos wordt?"


def ask(check, text: str) -> str:
    check.input.value = text
    check.check_button.click()
    return check.feedback.value


def test_the_exercises_tab_names_the_problem_and_offers_a_rewrite():
    """A question about the other person gets that problem by id, its reason and a rewrite in the same words."""
    v = ExercisesView(AppState(lang="nl"), seed=3)
    check = v.leervraag.check
    html = ask(check, OTHER)
    assert 'data-problem="other_person"' in html and "niet over jouw eigen aandeel" in html
    assert "Hoe bespreek ik met mijn collega dat ik graag wil dat hij op tijd komt?" in html
    assert 'aria-live="polite"' in html
    assert catalog.text("leervraag.ok", "nl") in ask(check, GOOD)
    assert check.state.result.ok


@pytest.mark.parametrize("text, key", [("", "input_empty"), ("collega", "input_too_short"),
                                       ("😀🙈", "input_no_words"), ("Ik vind mijn collega lastig.", "input_not_question")])
def test_bad_input_on_the_tab_is_a_kind_message(text, key):
    """Empty, one word, emoji or a statement: the message in the learner's language, as a warning."""
    v = ExercisesView(AppState(lang="en"), seed=3)
    html = ask(v.leervraag.check, text)
    assert 'class="ik-warning"' in html
    assert escape(catalog.text(f"leervraag.{key}", "en", chars=len(text), limit=300)) in html


def test_the_tab_follows_the_language_switch():
    """After switching to English the labels and the problems are in English, the text stays."""
    v = ExercisesView(AppState(lang="nl"), seed=3)
    ask(v.leervraag.check, OTHER)
    v.frame.lang_toggle.value = "en"
    check = v.leervraag.check
    assert check.check_button.description == catalog.text("leervraag.check", "en")
    assert catalog.text("leervraag.problem_other_person", "en") in check.feedback.value
    assert check.input.value == OTHER


def test_an_engine_failure_is_a_message(monkeypatch):
    """If the check raised, the tab would say so politely, without a traceback."""
    import intervisie_widgets.questions.leervraag as lv

    monkeypatch.setattr(lv, "check", lambda *a, **k: 1 / 0)
    v = ExercisesView(AppState(lang="nl"), seed=3)
    html = ask(v.leervraag.check, OTHER)
    assert catalog.text("leervraag.engine_error", "nl") in html and "ZeroDivision" not in html


def test_the_runner_shows_the_check_only_where_the_inbrenger_formulates_the_question():
    """Negen stappen: at step 1 (vraag bedenken) and step 5 (herformuleren), not at steps 2 to 4."""
    view = FacilitatorView(AppState(lang="nl"), "negen-stappen", clock=lambda: 0.0)
    shown = []
    for _ in range(5):
        shown.append((view.state.step.id, view.leervraag.widget.layout.display != "none"))
        view.next_button.click()
    assert shown == [("vraag-bedenken", True), ("inventariseren", False), ("toelichting", False),
                     ("roddelfase", False), ("herformuleren", True)]


@pytest.mark.parametrize("method_id", catalog.method_catalog().ids)
def test_every_method_shows_the_check_exactly_at_its_listed_steps(method_id):
    """Walking each method's runner, the check shows at the steps leervraag.yaml lists for it and nowhere else."""
    view = FacilitatorView(AppState(lang="nl"), method_id, clock=lambda: 0.0)
    shown = set()
    for _ in range(len(view.state.session.plan)):
        if view.leervraag.widget.layout.display != "none":
            shown.add(view.state.step.id)
        view.next_button.click()
    assert shown == formulating_steps().get(method_id, set())


def test_the_runner_widget_checks_a_leervraag():
    """In the runner the widget works like on the exercises page, with the step's own hint."""
    view = FacilitatorView(AppState(lang="nl"), "negen-stappen", clock=lambda: 0.0)
    assert catalog.text("leervraag.step_hint", "nl") in view.leervraag.heading.value
    assert "ik-session-leervraag-input" in view.leervraag.input._dom_classes
    html = ask(view.leervraag, "Hoe ga je om met agressie?")
    assert 'data-problem="not_ik"' in html and 'data-problem="not_concrete"' in html


def test_a_method_without_a_question_step_never_shows_it():
    """Vijf vragen: the inbrenger tells the case; the check is at none of its steps."""
    view = FacilitatorView(AppState(lang="nl"), "vijf-vragen", clock=lambda: 0.0)
    for _ in range(len(view.state.session.plan)):
        assert view.leervraag.widget.layout.display == "none", view.state.step.id
        view.next_button.click()
    assert not formulating_step("vijf-vragen", "presentatie")


def test_every_listed_step_exists_in_its_method():
    """The step list of leervraag.yaml names real methods and steps, and the inbrenger or everyone speaks there."""
    steps = formulating_steps()
    assert "negen-stappen" in steps and {"vraag-bedenken", "herformuleren"} <= steps["negen-stappen"]
    for method_id, ids in steps.items():
        method = {s.id: s for s in catalog.method(method_id).steps}
        assert ids <= set(method), (method_id, ids - set(method))
        assert all(method[i].speaker in ("inbrenger", "individual", "all") for i in ids), method_id
