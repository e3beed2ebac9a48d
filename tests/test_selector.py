"""Method selector: ranking and reasons."""
from intervisie_widgets import catalog
from intervisie_widgets.engines import selector
from intervisie_widgets.engines.selector import Needs
from intervisie_widgets.state import AppState
from intervisie_widgets.views.selector import SelectorView


def top(needs: Needs, n: int = 3) -> list[str]:
    return [r.method.id for r in selector.rank(needs)[:n]]


def test_success_goal_ranks_success_methods_first():
    """Learning from a success puts the succesmethode among the first three."""
    assert "succesmethode" in top(Needs("success", "beginner", 60, False, 6))


def test_emotions_goal_ranks_balint_high_for_experienced_group():
    """An experienced group working with emotions gets the Balint method near the top."""
    assert "balint" in top(Needs("emotions", "experienced", 120, False, 7))


def test_short_time_penalises_long_methods():
    """With 30 minutes a 90-minute method is marked as not fitting, with the minutes named."""
    rec = selector.assess(catalog.method("negen-stappen"), Needs("own_role", "beginner", 30, False, 6))
    assert not rec.fits
    texts = [r.text("nl") for r in rec.reasons if not r.positive]
    assert any("30 min beschikbaar" in t for t in texts)


def test_online_uses_online_variant_limits():
    """Online with 5 participants: the four-phase model's online variant (max 4) says the group is too big."""
    rec = selector.assess(catalog.method("vier-fasen"), Needs("solution", "beginner", 60, True, 5))
    assert rec.variant.online and rec.variant.group_size.max == 4
    assert any(r.key == "group_off" for r in rec.reasons)


def test_ranking_is_sorted_and_complete():
    """Every method appears once and scores never rise down the list."""
    ranked = selector.rank(Needs("solution", "experienced", 90, False, 6))
    assert len({r.method.id for r in ranked}) == len(ranked) == len(catalog.methods())
    assert all(a.score >= b.score for a, b in zip(ranked, ranked[1:]))


def test_view_ranks_and_translates():
    """The page ranks on click, links each method, and re-renders its reasons in English."""
    v = SelectorView(AppState(lang="nl"))
    v.goal.value = "success"
    v.minutes.value = 60
    v.advise_button.click()
    assert v.recommendations and "Methoden op volgorde" in v.results.value
    assert "method=succesmethode" in v.results.value
    v.frame.lang_toggle.value = "en"
    assert "Methods in order of fit" in v.results.value
    assert v.goal.value == "success", "switching language keeps the answers"


def test_reconstruction_is_a_note_not_a_merit():
    """'Partly reconstructed' is shown as a note (ℹ), neither a plus nor a minus."""
    rec = selector.assess(catalog.method("kernmodel"), Needs("insight", "beginner", 90, False, 6))
    [note] = [r for r in rec.reasons if r.key == "reconstructed"]
    assert note.note
    v = SelectorView(AppState(lang="nl"))
    v.goal.value = "insight"
    v.advise_button.click()
    assert "ℹ Deels gereconstrueerd" in v.results.value
    assert "✓ Deels gereconstrueerd" not in v.results.value
