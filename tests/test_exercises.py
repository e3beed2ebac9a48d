"""The question exercises: state (drawing, scoring, language, privacy) and the page's widgets, without a browser."""
from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import ipywidgets as w
import pytest

from intervisie_widgets import app as app_module
from intervisie_widgets import catalog
from intervisie_widgets.model import LEVELS
from intervisie_widgets.questions import level_name
from intervisie_widgets.state import AppState
from intervisie_widgets.state import exercises as state_exercises
from intervisie_widgets.state.exercises import SORT_SIZE, ExercisesState
from intervisie_widgets.views.exercises import ExercisesView

BAD_INPUT = {
    "empty": ("", "Er staat nog niets"),
    "spaces": ("   \n\t ", "Er staat nog niets"),
    "paste": ("wat deed je " * 900, "te lang voor één vraag"),
    "emoji": ("😀🙈🔥", "geen woorden"),
    "other_language": ("Warum hast du das nicht früher gesagt, und wer war noch dabei?", "geen Nederlands of Engels"),
    "statement": ("Ik vind dat je te laat was.", "geen vraag maar een mededeling"),
}
HIGH = "wat vind je belangrijk in deze situatie?"  # overtuigingen, open, no advice
LOW = "wie waren er nog meer bij?"  # omgeving
ADVICE = "heb je er al aan gedacht om je teamleider te bellen?"


def view(lang="nl", seed=7) -> ExercisesView:
    return ExercisesView(AppState(lang=lang), seed=seed)


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def answer_sort(v: ExercisesView, wrong: int = 0) -> None:
    """Give every question its right level, except the first ``wrong`` ones (one level off)."""
    for i, q in enumerate(v.state.sort_items):
        level = q.level if i >= wrong else LEVELS[(LEVELS.index(q.level) + 1) % len(LEVELS)]
        v.sort.levels[i].value = level


# --------------------------------------------------------------------------- drawing from the bank
def test_sort_round_is_ten_distinct_good_questions_covering_every_level():
    """A Sorteren round holds ten different questions in the page language, every level at least once."""
    s = ExercisesState("nl", seed=1)
    items = s.sort_items
    assert len(items) == SORT_SIZE == len({q.text for q in items})
    assert {q.level for q in items} == set(LEVELS)
    assert all(q.lang == "nl" and q.open and not q.advice for q in items)


def test_seed_makes_rounds_reproducible_and_different_seeds_differ():
    """The same seed draws the same questions; another seed draws others."""
    a, b, c = ExercisesState("nl", seed=3), ExercisesState("nl", seed=3), ExercisesState("nl", seed=4)
    assert a.sort_items == b.sort_items and a.advice_items == b.advice_items and a.higher_start == b.higher_start
    assert a.sort_items != c.sort_items


def test_rounds_draw_from_train_and_dev():
    """Over a few rounds questions come from both the train and the dev split of the bank."""
    s = ExercisesState("nl", seed=5)
    splits = set()
    for _ in range(5):
        splits |= {q.split for q in s.sort_items + s.advice_items}
        s.new_sort()
        s.new_advice()
    assert splits == {"train", "dev"}


def test_english_rounds_use_english_questions():
    """In English every exercise draws English questions."""
    s = ExercisesState("en", seed=2)
    assert all(q.lang == "en" for q in s.sort_items + s.advice_items + (s.higher_start,))


# --------------------------------------------------------------------------- Sorteren
def test_sort_scores_and_explains_each_mistake():
    """Two wrong levels give 8 of 10 and, per mistake, the right level, why, its key question and the choice."""
    v = view()
    answer_sort(v, wrong=2)
    v.sort.check_button.click()
    result = v.state.sort_result
    assert (result.score, result.total, len(result.mistakes)) == (8, 10, 2)
    fb = v.sort.feedback.value
    assert "Je score: 8 van 10." in fb and 'aria-live="polite"' in fb
    m = result.mistakes[0]
    assert f"Dit is {level_name(m.question.level, 'nl')}" in fb
    assert catalog.text(f"questions.about_{m.question.level}", "nl") in fb
    assert "Jij koos " + level_name(m.given, "nl") in fb
    assert all(d.disabled for d in v.sort.levels) and v.sort.check_button.disabled
    assert v.state.rounds[-1].score == 8 and "Sorteren, 8 van 10" in v.scores.value


def test_sort_all_right():
    """All levels right gives 10 of 10 and no mistakes."""
    v = view()
    answer_sort(v)
    v.sort.check_button.click()
    assert "10 van 10" in v.sort.feedback.value and "Alles goed gesorteerd" in v.sort.feedback.value


def test_sort_check_with_open_questions_asks_to_finish():
    """Checking with questions left open names how many and records no score."""
    v = view()
    v.sort.levels[0].value = "gedrag"
    v.sort.check_button.click()
    assert "Nog 9 vraag/vragen zonder niveau" in v.sort.feedback.value
    assert v.state.sort_result is None and v.state.rounds == ()


def test_sort_choice_highlights_its_level_on_the_pyramid():
    """The level just chosen is the one highlighted in the pyramid's alt text."""
    v = view()
    v.sort.levels[3].value = "identiteit"
    assert v.pyramid.value.count("<img") == 1
    assert re.search(r'alt="[^"]*gemarkeerd[^"]*Identiteit\."', v.pyramid.value)


def test_new_sort_round_keeps_the_score_and_starts_fresh():
    """A new round leaves the last score in the chart and clears answers and feedback."""
    v = view()
    answer_sort(v, wrong=1)
    v.sort.check_button.click()
    old = v.state.sort_items
    v.sort.new_button.click()
    assert v.state.sort_items != old and all(d.value == "" and not d.disabled for d in v.sort.levels)
    assert "score" not in v.sort.feedback.value.lower()
    assert [r.score for r in v.state.rounds] == [9]


# --------------------------------------------------------------------------- Advies of vraag?
def test_advice_round_mixes_four_advice_and_four_real_questions():
    """The round has four advice questions in disguise and four real ones (open and closed), all different."""
    s = ExercisesState("nl", seed=11)
    assert sorted(q.advice for q in s.advice_items) == [False] * 4 + [True] * 4
    assert len({q.text for q in s.advice_items}) == 8
    real = [q for q in s.advice_items if not q.advice]
    assert any(not q.open for q in real) and any(q.open for q in real), "closed is not a give-away for advice"
    assert s.advice_target is not None and s.advice_target.advice


def test_advice_marks_scored_then_rewrite_checked_by_engine():
    """Marks are scored with a reason each; a rewrite still holding advice fails, an open question earns a point."""
    v = view()
    assert v.advice.rewrite_box.layout.display == "none"
    for i, q in enumerate(v.state.advice_items):
        v.advice.marks[i].value = "advice" if q.advice == (i != 0) else "question"  # the first one wrong
    v.advice.check_button.click()
    assert "7 van 8 goed" in v.advice.feedback.value
    assert "✗" in v.advice.questions[0].value and "✓" in v.advice.questions[1].value
    assert v.advice.rewrite_box.layout.display is None
    assert v.state.advice_target.shown in v.advice.rewrite_prompt.value
    v.advice.rewrite_input.value = ADVICE
    v.advice.rewrite_button.click()
    assert "Hier zit nog advies in" in v.advice.rewrite_feedback.value
    assert (v.state.rounds[-1].score, v.state.rounds[-1].total) == (7, 9)
    v.advice.rewrite_input.value = HIGH
    v.advice.rewrite_button.click()
    assert "Goed: een open vraag zonder advies" in v.advice.rewrite_feedback.value
    assert (v.state.rounds[-1].score, v.state.rounds[-1].total) == (8, 9)
    v.advice.rewrite_input.value = ADVICE  # a weaker later try does not take the point away
    v.advice.rewrite_button.click()
    assert v.state.rounds[-1].score == 8 and len(v.state.rounds) == 1


def test_advice_closed_rewrite_is_named_closed():
    """A rewrite that is a closed question is told to start with wat, hoe or welke."""
    v = view()
    for i, q in enumerate(v.state.advice_items):
        v.advice.marks[i].value = "advice" if q.advice else "question"
    v.advice.check_button.click()
    v.advice.rewrite_input.value = "is bellen een optie voor jou?"
    v.advice.rewrite_button.click()
    assert "gesloten vraag" in v.advice.rewrite_feedback.value


def test_advice_check_with_open_marks_asks_to_finish():
    """Checking before every question is marked asks for the rest and records nothing."""
    v = view()
    v.advice.marks[0].value = "advice"
    v.advice.check_button.click()
    assert "Nog 7 vraag/vragen niet gemarkeerd" in v.advice.feedback.value and v.state.rounds == ()


# --------------------------------------------------------------------------- Hoger in de piramide
def test_higher_starts_low_and_rewards_a_higher_question():
    """The start is omgeving or gedrag; a question on overtuigingen is higher, earns the point and is drawn."""
    v = view()
    start = v.state.higher_start
    assert start.level in ("omgeving", "gedrag") and start.shown in v.higher.start.value
    v.tabs.selected_index = 2
    v.higher.input.value = HIGH
    v.higher.check_button.click()
    assert "Overtuigingen en waarden" in v.higher.level.value
    assert "Gelukt" in v.higher.feedback.value
    assert (v.state.rounds[-1].exercise, v.state.rounds[-1].score) == ("higher", 1)
    alt = re.search(r'alt="([^"]*)"', v.pyramid.value).group(1)
    assert alt.endswith("Overtuigingen en waarden.") and f"startniveau: {level_name(start.level, 'nl')}" in alt


def test_higher_same_or_lower_level_is_not_higher():
    """An omgeving question does not climb; the feedback names the level and suggests the next one up."""
    v = view()
    v.higher.input.value = LOW
    v.higher.check_button.click()
    fb = v.higher.feedback.value
    assert "Omgeving" in v.higher.level.value and "Gelukt" not in fb
    assert "Probeer een niveau hoger" in fb and v.state.rounds[-1].score == 0


def test_higher_new_start_clears_the_input():
    """Another starting question empties the answer box and the result."""
    v = view()
    v.higher.input.value = HIGH
    v.higher.check_button.click()
    v.higher.new_button.click()
    assert v.higher.input.value == "" and v.higher.level.value == "" and v.state.higher_attempt is None


# --------------------------------------------------------------------------- Vrije oefening
def test_free_exercise_shows_level_form_tone_and_rewrite():
    """A bare waarom question gets its level, open, no advice, the bare-why tone and a rewrite."""
    v = view()
    v.free.input.value = "waarom deed je dat?"
    v.free.check_button.click()
    assert "Niveau: " in v.free.level.value and 'aria-live="polite"' in v.free.level.value
    flags = v.free.flags.value
    assert "Open vraag" in flags and "Geen advies" in flags and "Kale waarom-vraag" in flags
    assert "verhoor" in v.free.feedback.value and "Zo zou het kunnen:" in v.free.feedback.value


def test_free_exercise_flags_advice_and_closed():
    """Advice in disguise is shown as closed and as advice."""
    v = view()
    v.free.input.value = ADVICE
    v.free.check_button.click()
    assert "Gesloten vraag" in v.free.flags.value and "Advies in vermomming" in v.free.flags.value


def test_free_exercise_marks_the_words_that_made_the_level_and_says_what_to_change():
    """The words explain() gives are named and marked (<mark><strong>), labelled, with a line on what to change."""
    from intervisie_widgets.questions import explain

    v = view()
    v.free.input.value = HIGH
    v.free.check_button.click()
    words = [w for w, _ in explain(HIGH, "nl", top=3)]
    html = v.free.words.value
    assert words and all(f'<mark class="ik-word"><strong>{w}</strong></mark>' in html for w in words)
    assert "Woorden die het niveau bepaalden:</strong> " + ", ".join(words) in html
    assert 'aria-labelledby="ik-exercises-words-label"' in html
    assert "Wat je kunt veranderen:" in html and level_name("identiteit", "nl") in html


def test_free_exercise_shows_no_highlight_rather_than_a_made_up_one(monkeypatch):
    """When the engine gives no words, nothing is marked; the line on what to change stays."""
    import intervisie_widgets.questions as q

    monkeypatch.setattr(q, "explain", lambda *a, **k: [])
    v = view()
    v.free.input.value = "heb je al met je leidinggevende gepraat?"
    v.free.check_button.click()
    assert "<mark" not in v.free.words.value and "Woorden die" not in v.free.words.value
    assert catalog.text("exercises.change_advice", "nl") in v.free.words.value


def test_free_exercise_rewrite_keeps_the_words_and_names_its_kind():
    """A closed question's suggestion is built from its own words and says it went from closed to open."""
    v = view()
    v.free.input.value = "Vind je het moeilijk om nee te zeggen?"
    v.free.check_button.click()
    html = v.free.feedback.value
    assert "Zo zou het kunnen: Wat maakt het voor jou moeilijk om nee te zeggen?" in html
    assert 'data-kind="closed"' in html and catalog.text("exercises.rewrite_kind_closed", "nl") in html


def test_one_word_and_html_get_a_note_before_the_feedback():
    """A single word and pasted HTML are checked, with a kind note first; the tags never reach the page."""
    from html import escape

    def first_note() -> str:
        return v.free.feedback.value.split("<li>")[1]

    v = view()
    v.free.input.value = "Waarom?"
    v.free.check_button.click()
    assert first_note().startswith(escape(catalog.text("exercises.note_one_word", "nl")))
    v.free.input.value = "<b>Wat vind je belangrijk?</b><script>alert(1)</script>"
    v.free.check_button.click()
    assert first_note().startswith(escape(catalog.text("exercises.note_html", "nl")))
    assert v.free.feedback.value.count("<li>") >= 2, "the feedback itself follows the note"
    assert "<script>" not in v.free.feedback.value + v.free.words.value


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_gives_the_friendly_message_in_every_text_box(case):
    """Empty, spaces, a 10 000-character paste, emoji, another language or a statement: a message, no error."""
    text, message = BAD_INPUT[case]
    v = view()
    for i, q in enumerate(v.state.advice_items):
        v.advice.marks[i].value = "advice" if q.advice else "question"
    v.advice.check_button.click()
    boxes = ((v.free.input, v.free.check_button, v.free.feedback, v.free.level),
             (v.higher.input, v.higher.check_button, v.higher.feedback, v.higher.level),
             (v.advice.rewrite_input, v.advice.rewrite_button, v.advice.rewrite_feedback, None))
    for box, button, feedback, level in boxes:
        box.value = text
        button.click()
        assert message in feedback.value, (case, box.description)
        assert 'class="ik-warning"' in feedback.value
        if level is not None:
            assert "Niveau: —" in level.value


def test_engine_failure_is_a_message_not_an_exception(monkeypatch):
    """If the engine raised, the page would show a polite message instead of a traceback."""
    import intervisie_widgets.questions as q

    def broken(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(q, "analyse", broken)
    v = view()
    v.free.input.value = HIGH
    v.free.check_button.click()
    assert "kon niet worden beoordeeld" in v.free.feedback.value and "boom" not in v.free.feedback.value


# --------------------------------------------------------------------------- language, layout, privacy
def test_language_switch_translates_and_keeps_work_in_progress():
    """Switching to English translates tabs and feedback, keeps a started round, redraws an untouched one in English."""
    v = view()
    answer_sort(v, wrong=1)
    v.sort.check_button.click()
    v.free.input.value = HIGH
    v.free.check_button.click()
    sorted_items = v.state.sort_items
    v.frame.lang_toggle.value = "en"
    assert v.tabs.titles == ("Sorting", "Advice or question?", "Higher up the pyramid", "Free practice",
                             "Learning question")
    assert "Your score: 9 of 10." in v.sort.feedback.value and "You chose" in v.sort.feedback.value
    assert v.state.sort_items == sorted_items, "a checked round stays"
    assert "Level: Beliefs and values" in v.free.level.value
    assert all(q.lang == "en" for q in v.state.advice_items), "an untouched round is drawn again in English"
    assert v.sort.levels[0].description == "Level of question 1"
    assert "Sorting, 9 of 10" in v.scores.value


def test_every_control_is_labelled_classed_and_fits_a_phone():
    """Every button, dropdown, toggle and text box has a label and an ik-exercises- class; no fixed width."""
    v = view()
    controls = [x for x in walk(v.widget) if isinstance(x, (w.Button, w.Dropdown, w.ToggleButtons, w.Textarea))]
    assert len(controls) >= SORT_SIZE + 8 + 8
    for c in controls:
        assert c.description.strip(), c
        assert any(k.startswith(("ik-exercises-", "ik-common-")) for k in c._dom_classes), c
    for x in walk(v.widget):
        width = getattr(getattr(x, "layout", None), "width", None)
        assert width in (None, "", "auto", "100%"), (x, width)
    required = {"ik-exercises-free-input", "ik-exercises-free-check", "ik-exercises-free-level"}
    found = {k for x in walk(v.widget) for k in getattr(x, "_dom_classes", ())}
    assert required <= found
    ui = Path(__file__).resolve().parents[1].joinpath("docs", "ui.md").read_text(encoding="utf-8")
    assert all(f"`{k}`" in ui for k in found if k.startswith("ik-exercises-")), "every class is listed in docs/ui.md"


def test_download_is_a_data_link_and_nothing_is_written(tmp_path, monkeypatch):
    """The learner's results come as an inline CSV link; no file appears in the working or data directory."""
    data_dir = Path(os.environ["INTERVISIE_DATA_DIR"])
    before = set(data_dir.rglob("*")) if data_dir.exists() else set()
    monkeypatch.chdir(tmp_path)
    v = view()
    assert v.download_button.disabled
    answer_sort(v, wrong=3)
    v.sort.check_button.click()
    v.download_button.click()
    m = re.search(r'href="data:text/csv;base64,([^"]+)"', v.download_link.value)
    csv_text = base64.b64decode(m.group(1)).decode("utf-8")
    assert csv_text.splitlines() == ["ronde,oefening,score,maximum", "1,Sorteren,7,10"]
    assert list(tmp_path.iterdir()) == []
    assert (set(data_dir.rglob("*")) if data_dir.exists() else set()) == before


def test_state_modules_import_no_storage_and_open_no_files():
    """The exercise state, checks and page import no storage layer and call no open()."""
    import ast

    from intervisie_widgets.engines import exercises as exercise_checks
    from intervisie_widgets.views import exercise_tabs, exercises

    for module in (state_exercises, exercise_checks, exercises, exercise_tabs):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not {m for m in imported if re.search(r"storage|sqlalchemy|sqlite|shelve|pickle", m)}, module
        calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert "open" not in calls, module


def test_app_function_builds_the_page():
    """app.exercises() returns the page widget with five tabs, the leervraag check last."""
    page = app_module.exercises(lang="en", seed=1)
    tabs = [x for x in walk(page) if isinstance(x, w.Tab)]
    assert len(tabs) == 1 and len(tabs[0].children) == 5 and tabs[0].titles[0] == "Sorting"
    assert tabs[0].titles[4] == "Learning question"


def test_page_is_listed_for_learners():
    """pages.yaml lists the exercises page for learners with its notebook, which exists."""
    page = next(p for p in catalog.pages() if p.id == "exercises")
    assert page.audience == ("learner",) and page.notebook == "vragen.ipynb"
    assert (Path(__file__).resolve().parents[1] / "notebooks" / page.notebook).is_file()
