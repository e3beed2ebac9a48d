"""Method walkthrough: state and widgets without a browser."""
import pytest

from intervisie_widgets import catalog
from intervisie_widgets.state import AppState, WalkthroughState
from intervisie_widgets.views.methods import MethodsView


@pytest.fixture
def view():
    return MethodsView(AppState(lang="nl"), "negen-stappen")


def test_state_starts_at_first_step_and_clamps():
    """The walkthrough starts at step 1 and never moves outside the method's steps."""
    s = WalkthroughState("negen-stappen")
    assert (s.step_index, s.is_first, s.is_last) == (0, True, False)
    s.previous()
    assert s.step_index == 0
    s.go(99)
    assert s.step_index == s.n_steps - 1 and s.is_last


def test_select_by_alias_resets_step():
    """Selecting a method by alias chooses it and starts again at its first step."""
    s = WalkthroughState("negen-stappen")
    s.next()
    s.select("Bilantmethode")
    assert s.method_id == "balint" and s.step_index == 0


def test_select_unknown_method_raises_and_keeps_state():
    """An unknown method id raises UnknownMethod and leaves the current method alone."""
    s = WalkthroughState("negen-stappen")
    s.next()
    with pytest.raises(catalog.UnknownMethod):
        s.select("bestaat-niet")
    assert (s.method_id, s.step_index) == ("negen-stappen", 1)


def test_next_to_last_step_updates_progress_and_buttons(view):
    """Clicking next to the last step shows 'Stap 9 van 9' and disables next, not previous."""
    assert view.prev_button.disabled and not view.next_button.disabled
    n = len(catalog.method("negen-stappen").steps)
    for _ in range(n + 3):
        view.next_button.click()
    assert f"Stap {n} van {n}" in view.progress.value
    assert view.next_button.disabled and not view.prev_button.disabled
    view.prev_button.click()
    assert f"Stap {n - 1} van {n}" in view.progress.value
    assert not view.next_button.disabled


def test_roddelfase_shows_its_rule_and_speaker(view):
    """At the roddelfase the rule forbids advice, the deelnemers speak and the inbrenger is away."""
    for _ in range(3):
        view.next_button.click()
    assert "Roddelfase" in view.step_name.value
    assert "Nog geen adviezen" in view.step_rule.value
    assert "De deelnemers" in view.speaker.value
    assert "buiten de kring" in view.step_what.value
    assert 'aria-current="step"' in view.overview.value


def test_language_switch_changes_every_text(view):
    """Switching to English re-renders the title, step, rule, buttons and method names."""
    for _ in range(3):
        view.next_button.click()
    view.frame.lang_toggle.value = "en"
    assert "Step 4 of 9" in view.progress.value
    assert "Gossip phase" in view.step_name.value
    assert "No advice yet" in view.step_rule.value
    assert view.next_button.description.startswith("Next")
    assert "Methods step by step" in view.frame.title.value
    labels = dict((v, k) for k, v in view.select.options)
    assert labels["negen-stappen"].startswith(catalog.method("negen-stappen").name.en)
    assert view.state.step_index == 3, "switching language keeps the step"


def test_dropdown_selects_method_and_shows_question_sets(view):
    """Choosing the five-questions model in the dropdown shows its two question sets."""
    view.next_button.click()
    view.select.value = "vijf-vragen"
    assert view.state.method_id == "vijf-vragen" and view.state.step_index == 0
    assert view.question_set.layout.display is None
    assert len(view.question_set.options) == 2
    assert "Wat wilde je" in view.questions.value
    view.question_set.value = "vijf-alternatieve-vragen"
    assert "Wat heb je gedaan" in view.questions.value


def test_variant_switch_changes_group_size(view):
    """The four-phase model shows its online variant with at most 4 participants."""
    view.select.value = "vier-fasen"
    assert view.variant.layout.display is None
    view.variant.value = "online"
    assert "3 tot 4 deelnemers" in view.overview.value
    view.variant.value = "in-person"
    assert "3 tot 5 deelnemers" in view.overview.value


def test_reconstructed_method_is_labelled(view):
    """A reconstructed method says so to the user, in the overview and in the dropdown."""
    view.select.value = "kernmodel"
    assert "Reconstructie" in view.overview.value
    assert any("reconstructie" in label for label, _ in view.select.options)


def test_handout_links_are_inline_downloads(view):
    """The handout button makes HTML and PDF download links with the file inline, nothing served."""
    view.make_handout()
    html = view.handout_links.value
    assert 'download="handout-negen-stappen' in html
    assert "data:text/html;base64," in html and "data:application/pdf;base64," in html
    view.next_button.click()
    assert view.handout_links.value == "", "a stale handout link disappears when the page changes"


def test_every_control_has_a_label(view):
    """Every input control on the page carries a visible description or tooltip."""
    for control in (view.select, view.variant, view.question_set):
        assert control.description
    for button in (view.prev_button, view.next_button, view.handout_button):
        assert button.description and button.tooltip
