"""One term per concept (docs/glossary.md), and practice scenarios that agree with their methods."""
from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest
import yaml

from intervisie_widgets import catalog
from intervisie_widgets.catalog import Source, load, question_bank, scenarios
from intervisie_widgets.state import AppState
from intervisie_widgets.views.exercises import ExercisesView

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "intervisie_widgets" / "content"
GLOSSARY = ROOT / "docs" / "glossary.md"
# The content files whose terms this test holds to the glossary. Not yet here: questions/** and
# texts files added after this list.
CHECKED = (
    "roles.yaml", "texts/trajectory.yaml", "texts/charts.yaml", "texts/exercises.yaml",
    "texts/evaluation.yaml", "texts/home.yaml", "texts/meeting.yaml", "texts/live.yaml",
    "texts/attendance.yaml", "texts/participant.yaml", "texts/group.yaml", "texts/common.yaml",
    "pages.yaml", "texts/session.yaml", "texts/methods.yaml", "texts/selector.yaml", "texts/speakers.yaml",
    "texts/simulation.yaml", "texts/report.yaml", "texts/reflection.yaml", "texts/links.yaml",
    "texts/storage.yaml", "texts/data.yaml", "texts/demo.yaml", "texts/errors.yaml", "texts/join.yaml",
    "texts/questions.yaml", "texts/rights.yaml", "texts/serve.yaml",
    "texts/dashboard.yaml", "texts/causes.yaml", "texts/preparation.yaml", "texts/goals.yaml",
    "texts/ownership.yaml", "texts/leervraag.yaml", "texts/hub.yaml",
    "forms/sessie.yaml", "forms/traject.yaml", "preparation.yaml", "goals.yaml",
    *sorted(f"scenarios/{p.name}" for p in (CONTENT / "scenarios").glob("*.yaml")),
    *sorted(f"methods/{p.name}" for p in (CONTENT / "methods").glob("*.yaml")),
)


def glossary_rows() -> list[dict[str, str]]:
    """The glossary's table rows as dicts keyed by column header."""
    rows, header = [], None
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif not set(cells[0]) <= set("-: "):
            rows.append(dict(zip(header, cells)))
    return rows


def forbidden(column: str) -> list[str]:
    """Every word the glossary lists in one of its 'not in …' columns."""
    return sorted({w.strip() for row in glossary_rows() for w in row[column].split(",") if w.strip()})


def pairs(node, where: str = "") -> Iterator[tuple[str, str, str]]:
    """Every (place, nl, en) text pair in a parsed YAML tree."""
    if isinstance(node, dict):
        if isinstance(node.get("nl"), str) and isinstance(node.get("en"), str):
            yield where, node["nl"], node["en"]
        for k, v in node.items():
            yield from pairs(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from pairs(v, f"{where}[{i}]")


@functools.cache
def page_titles() -> tuple[str, ...]:
    """The page titles of pages.yaml, longest first: texts may name a page by its title."""
    data = yaml.safe_load((CONTENT / "pages.yaml").read_text(encoding="utf-8"))
    titles = [t for page in data for t in (page["title"]["nl"], page["title"]["en"])]
    return tuple(sorted(titles, key=len, reverse=True))


def clean(text: str) -> str:
    """The text without {placeholders} and page titles, which are not terms of this file."""
    text = re.sub(r"\{[^}]*\}", " ", text)
    for title in page_titles():
        text = text.replace(title, " ")
    return text


def uses(term: str, text: str) -> bool:
    """True if the text uses the term as a word (any case, plural allowed)."""
    words = r"\s*".join(re.escape(w) for w in term.split())
    return re.search(rf"(?<![\w-]){words}(s|en)?(?![\w-])", text, re.IGNORECASE) is not None


ALL_PAIRS = [(f"{f}{where}", nl, en) for f in CHECKED
             for where, nl, en in pairs(yaml.safe_load((CONTENT / f).read_text(encoding="utf-8")))]


def test_the_glossary_gives_one_term_per_concept_for_the_core_terms():
    """The core concepts of the issue each have exactly one Dutch and one English term."""
    table = {row["Dutch"]: row["English"] for row in glossary_rows()}
    assert table["inbrenger"] == "case presenter" and table["begeleider"] == "supervisor"
    assert table["gespreksleider"] == "chair" and table["deelnemer"] == "participant"
    assert table["bijeenkomst"] == "meeting" and table["casus"] == "case"
    assert table["leervraag"] == "learning question"
    english = [row["English"] for row in glossary_rows()]
    assert len(english) == len(set(english)), "two concepts share an English term"


@pytest.mark.parametrize("word", forbidden("Not in English"))
def test_english_texts_use_the_glossary_terms(word):
    """No English text in the checked files uses a word the glossary rules out for English."""
    hits = [where for where, _, en in ALL_PAIRS if uses(word, clean(en))]
    assert not hits, f"{word!r} in {hits}"


@pytest.mark.parametrize("word", forbidden("Not in Dutch"))
def test_dutch_texts_use_the_glossary_terms(word):
    """No Dutch text in the checked files uses a word the glossary rules out (sessie, casusinbrenger …)."""
    hits = [where for where, nl, _ in ALL_PAIRS if uses(word, clean(nl))]
    assert not hits, f"{word!r} in {hits}"


@pytest.mark.parametrize(("dutch", "english"), [
    ("begeleider", "supervisor"), ("gespreksleider", "chair"), ("inbrenger", "case presenter"),
    ("deelnemer", "participant"), ("leervraag", "learning question")])
def test_dutch_role_and_case_terms_keep_their_own_english(dutch, english):
    """Where the Dutch names the begeleider, gespreksleider, inbrenger … the English names the same one."""
    named = [(where, en) for where, nl, en in ALL_PAIRS if uses(dutch, clean(nl))]
    assert named, f"no checked text names the {dutch}: the check would prove nothing"
    assert not [(where, en) for where, en in named if not uses(english, clean(en))]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_page_titles_use_the_glossary_terms(lang):
    """Page titles (left out of the other checks, since texts may quote them) use no ruled-out word either."""
    column = "Not in Dutch" if lang == "nl" else "Not in English"
    titles = [page["title"][lang] for page in yaml.safe_load((CONTENT / "pages.yaml").read_text(encoding="utf-8"))]
    assert not [(t, w) for t in titles for w in forbidden(column) if uses(w, t)]


def notebook_markdown() -> list[tuple[str, str]]:
    """Every markdown cell of the app's notebooks, without `code spans`, as (notebook, text)."""
    cells = []
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                cells.append((nb.name, re.sub(r"`[^`]*`", " ", "".join(cell["source"]))))
    return cells


def test_notebook_markdown_uses_the_glossary_terms():
    """The notebooks' visible markdown (Dutch and English side by side) uses no word the glossary rules out."""
    words = forbidden("Not in Dutch") + forbidden("Not in English")
    assert notebook_markdown()
    assert not [(nb, w) for nb, text in notebook_markdown() for w in words if uses(w, text)]


def test_each_page_notebook_is_titled_as_its_page():
    """A page's notebook opens with the page's Dutch title from pages.yaml, so the tab and the link agree."""
    first = {}
    for nb, text in notebook_markdown():
        first.setdefault(nb, text.splitlines()[0])
    pages = yaml.safe_load((CONTENT / "pages.yaml").read_text(encoding="utf-8"))
    wrong = [(p["notebook"], first.get(p["notebook"])) for p in pages if first.get(p["notebook"]) != f"# {p['title']['nl']}"]
    assert not wrong


def test_the_leading_role_names_both_in_one_order_and_two_english_words():
    """roles.yaml calls the leading role 'Gespreksleider / begeleider' and 'Chair / supervisor'."""
    role = catalog.roles()["gespreksleider"]
    assert (role.name.nl, role.name.en) == ("Gespreksleider / begeleider", "Chair / supervisor")


def test_the_term_check_finds_a_banned_word_but_not_a_placeholder():
    """The check sees 'Facilitator' and 'sessies', and ignores '{session}' and page titles."""
    assert uses("facilitator", "The Facilitator: Toos") and uses("sessie", "twee sessies")
    assert not uses("session", clean("Meeting {session} of {n_sessions}"))
    assert not uses("sessie", "de sessiecode") and not uses("case owner", "the case presenter")


# --------------------------------------------------------------------------- scenarios vs methods
NUMBERS = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
           "negen": 9, "tien": 10, "vijftien": 15, "twintig": 20, "dertig": 30, "one": 1, "two": 2,
           "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "fifteen": 15, "twenty": 20, "thirty": 30}


def durations(text: str) -> list[int]:
    """Every duration in minutes a text states ('vijf minuten', 'het laatste kwartier', 'half an hour')."""
    found = [int(n) if n.isdigit() else NUMBERS[n.lower()]
             for n in re.findall(r"\b(\d+|[a-zé]+)[ -]minut(?:en|es?)\b", text, re.IGNORECASE)
             if n.isdigit() or n.lower() in NUMBERS]
    found += [15] * len(re.findall(r"\bkwartier\b|\bquarter of an hour\b", text, re.IGNORECASE))
    found += [30] * len(re.findall(r"\bhalf uur\b|\bhalf an hour\b", text, re.IGNORECASE))
    return found


@functools.cache
def role_words() -> dict[str, list[str]]:
    """Per role id, the Dutch and English words that name it (from roles.yaml)."""
    words: dict[str, list[str]] = {}
    for rid, role in catalog.roles().items():
        names = [w.strip() for name in (role.name.nl, role.name.en) for w in name.split("/")]
        words[rid] = sorted({rid, *(n for n in names if n)})
    return words


def roles_named(text: str) -> set[str]:
    """The role ids a text names."""
    return {rid for rid, words in role_words().items() if any(uses(w.rstrip("s"), text) for w in words)}


def scenario_texts(sc) -> list[str]:
    """Every learner-facing text of a scenario, both languages."""
    texts = [sc.title, sc.case, sc.leervraag, sc.role_intro, sc.practise]
    for st in sc.steps:
        texts += [st.situation, *(t for o in st.options for t in (o.text, o.feedback))]
    return [s for t in texts for s in (t.nl, t.en)]


def test_duration_and_role_finders_catch_the_old_faults():
    """'Het laatste kwartier' reads as 15 minutes and 'de tijdbewaker' names the timekeeper."""
    assert durations("Het laatste kwartier: evaluatie.") == [15]
    assert durations("Nog vijf minuten; you have 10 minutes.") == [5, 10]
    assert roles_named("Volgende keer mag de tijdbewaker ons terugroepen.") == {"tijdbewaker"}
    assert roles_named("the chair and the case presenter") == {"gespreksleider", "inbrenger"}


@pytest.mark.parametrize("sc", scenarios.scenarios(), ids=lambda s: s.id)
def test_scenario_step_times_agree_with_the_method(sc):
    """A duration a scenario's situation gives for its step is that step's minutes in the method."""
    minutes = {s.id: s.minutes for s in catalog.method(sc.method).steps}
    wrong = [(st.step, text, minutes[st.step]) for st in sc.steps for text in (st.situation.nl, st.situation.en)
             if any(d != minutes[st.step] for d in durations(text))]
    assert not wrong


@pytest.mark.parametrize("sc", scenarios.scenarios(), ids=lambda s: s.id)
def test_scenario_names_only_roles_of_its_method(sc):
    """Every role a scenario names (tijdbewaker, gespreksleider …) is a role of the method it practises."""
    method_roles = set(catalog.method(sc.method).roles)
    named = set().union(*(roles_named(t) for t in scenario_texts(sc)))
    assert named - method_roles == set()


# --------------------------------------------------------------------------- bank questions as learners see them
BANK = question_bank.question_bank()


def first_letter(text: str) -> str:
    """The first letter of a text, after a Dutch leading "'s " (as in "'s Ochtends")."""
    body = text.removeprefix("'s ")
    return next(c for c in body if c.isalpha())


def test_every_bank_question_is_shown_with_a_capital_and_a_question_mark():
    """What learners see of a bank question starts with a capital, ends with '?' and has single spaces."""
    bad = [q.shown for q in BANK if not (first_letter(q.shown).isupper() and q.shown.endswith("?"))
           or "  " in q.shown or q.shown != q.shown.strip()]
    assert not bad


def test_dutch_bank_questions_are_shown_in_the_je_form():
    """Intervisie is among peers: no Dutch question is shown with u, uw or uzelf."""
    u_form = re.compile(r"(?<![\w'])(u|uw|uzelf)(?![\w'])", re.IGNORECASE)
    assert not [q.shown for q in BANK if q.lang == "nl" and u_form.search(q.shown)]
    assert any(q.lang == "nl" and u_form.search(q.text) for q in BANK), "the bank should keep its u-form texts"


def test_known_misspellings_are_fixed_in_the_display_but_kept_for_training():
    """No shown text holds a spelling listed in questions/display.yaml; the raw texts keep them."""
    spelling = yaml.safe_load((CONTENT / "questions" / "display.yaml").read_text(encoding="utf-8"))["spelling"]
    for lang, fixes in spelling.items():
        for wrong in fixes:
            pattern = re.compile(rf"(?<![\w']){re.escape(wrong)}(?![\w'])", re.IGNORECASE)
            assert not [q.shown for q in BANK if q.lang == lang and pattern.search(q.shown)], wrong
    raw = {q.text: q.shown for q in BANK}
    assert raw["voor welke mensen sta je s ochtends op"] == "Voor welke mensen sta je 's ochtends op?"
    assert raw["welk verschil wil je maken voor deze clienten"] == "Welk verschil wil je maken voor deze cliënten?"


def test_display_form_fixes_case_spacing_and_punctuation():
    """The display form capitalises, adds one question mark, fixes listed spellings and keeps a good text."""
    assert question_bank.display_form("  wat schreef je  in het verslag ", "nl") == "Wat schreef je in het verslag?"
    assert question_bank.display_form("Hoe ging het met je collga.", "nl") == "Hoe ging het met je collega?"
    assert question_bank.display_form("s avonds, wat doe je dan", "nl") == "'s Avonds, wat doe je dan?"
    assert question_bank.display_form("Welke Clienten zag je", "nl") == "Welke Cliënten zag je?"
    good = "Wat vond je het moeilijkst aan dat gesprek?"
    assert question_bank.display_form(good, "nl") == good


def test_an_explicit_display_field_wins_over_the_normalisation():
    """A bank entry with display: is shown as written there; its text still trains the classifier."""
    raw = '- {t: "Heeft u dat gemeld?", display: "Heb je dat gemeld?"}\n- {t: "wat deed je toen"}\n'
    loaded = load(question_bank.KINDS[0], [Source("content/questions/nl/gedrag.yaml", raw)])
    assert loaded.problems == ()
    assert [(q.text, q.shown) for q in loaded.items] == [
        ("Heeft u dat gemeld?", "Heb je dat gemeld?"), ("wat deed je toen", "Wat deed je toen?")]


def test_the_sorting_exercise_shows_the_display_form():
    """Sorteren shows a question's display form, not the sloppy text it was typed as."""
    for seed in range(200):
        v = ExercisesView(AppState(lang="nl"), seed=seed)
        sloppy = [(i, q) for i, q in enumerate(v.state.sort_items) if q.text != q.shown]
        if sloppy:
            break
    i, q = sloppy[0]
    shown = v.sort.questions[i].value
    assert escape(q.shown) in shown and escape(q.text) not in shown
