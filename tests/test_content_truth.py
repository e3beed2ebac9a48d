"""The kit's content against its five sources (issue 11): group sizes per method and variant, the
advice banner per step, Kessels & Smit's explanations, flagged assumptions, the selector's reasons
and what ``intervisie methods --json`` shows of them."""
from __future__ import annotations

import io
import itertools
import json
import re

import pytest
from pypdf import PdfReader

from intervisie_widgets import catalog
from intervisie_widgets.catalog.loader import ContentError, read_yaml
from intervisie_widgets.catalog.method_files import parse_method
from intervisie_widgets.cli import main
from intervisie_widgets.engines.selector import Needs, assess
from intervisie_widgets.model.group import Member, size_notices
from intervisie_widgets.model.method import ADVICE_STATES, GOALS
from intervisie_widgets.render import handout
from intervisie_widgets.state import AppState
from intervisie_widgets.state.group import GroupState
from intervisie_widgets.views.facilitator import FacilitatorView
from intervisie_widgets.views.methods import MethodsView

METHODS = catalog.methods()
VARIANTS = [(m, v) for m in METHODS for v in m.variants]
SIZE_KEYS = {"group.warn_too_small", "group.warn_too_big", "group.warn_format_size"}


def plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").split())


def say(notice, lang="nl") -> str:
    values = {k: (v.get(lang) if hasattr(v, "get") and hasattr(v, "nl") else v) for k, v in notice.values.items()}
    return catalog.text(notice.key, lang, **values)


# --------------------------------------------------------------------------- 1. group size
@pytest.mark.parametrize("m, v", VARIANTS, ids=lambda x: getattr(x, "id", ""))
def test_size_check_follows_each_variant(m, v):
    """Every size the variant allows passes; one below and one above get exactly one warning naming its limits."""
    lo, hi = v.group_size.min, v.group_size.max
    for n in range(lo, hi + 1):
        assert size_notices(n, v, v.name) == (), (m.id, v.id, n)
    for n in {max(1, lo - 1), hi + 1} - set(range(lo, hi + 1)):
        notices = size_notices(n, v, v.name)
        assert len(notices) == 1, (m.id, v.id, n)
        text = say(notices[0])
        assert str(n) in text and (str(lo) in text if n < lo else str(hi) in text)


@pytest.mark.parametrize("m, v", VARIANTS, ids=lambda x: getattr(x, "id", ""))
def test_size_warnings_never_contradict(m, v):
    """For any size up to 20 there is at most one size warning; every limit it names is the variant's own."""
    lo, hi = v.group_size.min, v.group_size.max
    for n in range(1, 21):
        notices = [x for x in size_notices(n, v, v.name) if x.key in SIZE_KEYS]
        assert len(notices) <= 1, (m.id, v.id, n)
        for x in notices:
            assert x.values.get("why", "") in ("", v.size_source), "the reason is the variant's own source"
            text = say(type(x)(x.key, {**x.values, "why": ""}))
            assert "Online werkt het best" not in text
            assert all(int(k) == hi for k in re.findall(r"hooguit (\d+)", text)), text
            assert all(int(k) == lo for k in re.findall(r"minstens (\d+)", text)), text
            assert all((int(a), int(b)) == (lo, hi) for a, b in re.findall(r"(\d+) tot (\d+)", text)), text


@pytest.mark.parametrize("m, v", VARIANTS, ids=lambda x: getattr(x, "id", ""))
def test_size_warning_gives_the_variants_own_source(m, v):
    """A variant with its own size says where it comes from; without one, seed 003's 5-8 and its reasons apply."""
    n = v.group_size.max + 1
    (notice,) = size_notices(n, v, v.name)
    if v.size_default:
        assert (v.group_size.min, v.group_size.max) == (5, 8) and notice.key == "group.warn_too_big"
        assert "seed 003" in say(notice)
    else:
        assert v.size_source is not None, f"{m.id}/{v.id} names a size but not its source"
        assert notice.key == "group.warn_format_size" and v.size_source.nl in say(notice)


@pytest.mark.parametrize("m, v", VARIANTS, ids=lambda x: getattr(x, "id", ""))
def test_walkthrough_and_handout_say_where_the_size_comes_from(m, v):
    """The overview and the handout give the variant's size with its source (seed 003's rule when it names none)."""
    why = v.size_source.nl if v.size_source else catalog.text("methods.group_size_default", "nl")
    view = MethodsView(AppState(lang="nl"), m.id)
    view.variant.value = v.id
    assert why in plain(view.overview.value)
    assert why in plain(handout.handout_html(m, "nl", v.id))


def test_seed_004_online_four_and_vijf_vragen_eight():
    """A vier-fasen online group of 4 gets no warning; a vijf-vragen group of 8 is told 5 to 7 only; negen-stappen takes 4."""
    online = catalog.method("vier-fasen").variant("online")
    assert size_notices(4, online, online.name) == ()
    vv = catalog.method("vijf-vragen").default_variant
    (notice,) = size_notices(8, vv, vv.name)
    text = say(notice)
    assert "5 tot 7" in text and "hooguit" not in text and "Seed 002" in text
    nine = catalog.method("negen-stappen").default_variant
    assert size_notices(4, nine, nine.name) == ()


def test_no_text_gives_every_method_seed_004s_limits():
    """The blanket 'Online werkt het best met 4 ... (seed 004)' is gone from the group texts."""
    texts = read_yaml("texts/group.yaml")
    assert not any("Online werkt het best" in str(v) for v in texts.values())


def test_group_state_checks_use_the_chosen_variant():
    """The group page's checks pass method and variant: four members are fine online (seed 004), not in vijf-vragen."""
    state = GroupState()
    for name in ("Ans", "Bram", "Cem", "Dewi"):
        state.group = state.group.with_member(Member(name, years=len(name) * 3))
    state.set_format("vier-fasen", "online")
    assert not [x for x in state.checks() if x.key in SIZE_KEYS]
    state.set_format("vijf-vragen", "standaard")
    assert [x.key for x in state.checks() if x.key in SIZE_KEYS] == ["group.warn_format_size"]


# --------------------------------------------------------------------------- 2. advice banner
def expected_advice(m, i: int) -> str:
    advice = [j for j, s in enumerate(m.steps) if s.advice_allowed]
    if i in advice:
        return "now"
    if not advice:
        return "none"
    return "not_yet" if any(j > i for j in advice) else "done"


@pytest.mark.parametrize("m", METHODS, ids=lambda m: m.id)
def test_advice_state_per_step(m):
    """Each step is 'now', 'not yet', 'done' (after the advice round) or 'none' (the method has no advice round)."""
    assert [m.advice_state(s.id) for s in m.steps] == [expected_advice(m, i) for i in range(len(m.steps))]


def test_advice_states_of_the_seed_methods():
    """Vijf-vragen and the succesmethode give no advice; negen-stappen 7-9 and vier-fasen's besluitvorming come after it."""
    for mid in ("vijf-vragen", "succesmethode"):
        m = catalog.method(mid)
        assert {m.advice_state(s.id) for s in m.steps} == {"none"}, mid
    nine = catalog.method("negen-stappen")
    assert [nine.advice_state(s.id) for s in nine.steps] == ["not_yet"] * 5 + ["now"] + ["done"] * 3
    four = catalog.method("vier-fasen")
    assert [four.advice_state(s.id) for s in four.steps] == ["not_yet", "not_yet", "now", "done"]


def banner_texts(lang: str) -> dict[str, str]:
    return {state: catalog.text(f"methods.advice_{state}", lang) for state in ADVICE_STATES}


@pytest.mark.parametrize("m", METHODS, ids=lambda m: m.id)
def test_walkthrough_banner_matches_every_step(m):
    """The walkthrough shows the step's own advice banner and none of the other three."""
    view = MethodsView(AppState(lang="nl"), m.id)
    texts = banner_texts("nl")
    for i, step in enumerate(m.steps):
        assert view.state.step_index == i
        shown = {state for state, text in texts.items() if text in plain(view.step_what.value)}
        assert shown == {m.advice_state(step.id)}, (m.id, step.id)
        view.next_button.click()


@pytest.mark.parametrize("mid", ["vijf-vragen", "negen-stappen", "vier-fasen"])
def test_session_page_banner_matches_every_step(mid):
    """The session (projector) page shows the same advice banner as the method, step by step."""
    view = FacilitatorView(AppState(lang="en"), mid, clock=lambda: 0.0)
    texts = banner_texts("en")
    for _ in range(len(view.state.session.plan)):
        step = view.state.step
        shown = {state for state, text in texts.items() if text in plain(view.rule.value)}
        assert shown == {view.state.method.advice_state(step.id)}, (mid, step.id)
        view.state.next()


# --------------------------------------------------------------------------- 3. explanations
def explanations(qs, lang="nl") -> list[str]:
    return [x.get(lang) for _, x in qs.items()]


def test_both_question_sets_have_five_explanations():
    """Kessels & Smit's two sets each give an explanation with every question (seed 002)."""
    sets = catalog.method("vijf-vragen").question_sets
    assert [len([x for _, x in qs.items() if x]) for qs in sets] == [5, 5]


def test_walkthrough_shows_the_chosen_sets_explanations():
    """The walkthrough lists each question of the chosen set with its explanation, and follows a switch of set."""
    view = MethodsView(AppState(lang="nl"), "vijf-vragen")
    first, second = catalog.method("vijf-vragen").question_sets
    shown = plain(view.questions.value)
    assert all(x in shown for x in explanations(first)) and first.description.nl in shown
    view.question_set.value = second.id
    shown = plain(view.questions.value)
    assert all(x in shown for x in explanations(second))
    assert not any(x in shown for x in explanations(first))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_handout_html_and_pdf_show_the_explanations(lang):
    """Both handouts print every explanation of both question sets."""
    m = catalog.method("vijf-vragen")
    wanted = [x for qs in m.question_sets for x in explanations(qs, lang)]
    html_text = plain(handout.handout_html(m, lang))
    assert all(x in html_text for x in wanted)
    pdf = PdfReader(io.BytesIO(handout.handout_pdf(m, lang)))
    pdf_text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    missing = [x for x in wanted if " ".join(x.split()) not in pdf_text]
    assert not missing


def test_projector_shows_the_questions_during_the_discussie_only():
    """On the session page the chosen set, with explanations, shows in the discussie step and nowhere else."""
    view = FacilitatorView(AppState(lang="nl"), "vijf-vragen", clock=lambda: 0.0)
    first, second = catalog.method("vijf-vragen").question_sets
    seen = {}
    for _ in range(len(view.state.session.plan)):
        seen[view.state.step.id] = plain(view.questions.value)
        if view.state.step.uses_question_set:
            assert "brengt de vragen in" in seen[view.state.step.id]
            assert all(x in seen[view.state.step.id] for x in explanations(first))
            view.question_set.value = second.id
            assert all(x in plain(view.questions.value) for x in explanations(second))
        view.state.next()
    assert [sid for sid, text in seen.items() if text] == ["discussie"]


# --------------------------------------------------------------------------- 5. flagged assumptions
#: Per reconstructed method, (step id or None, phrase in the method, what its note must name in nl, in en).
CLAIMS = {
    "negen-stappen": [
        ("vraag-bedenken", "In stilte", "'In stilte' (stap 1)", "'in silence' (step 1)"),
        ("toelichting", "alleen verhelderende vragen", "'alleen verhelderende vragen' (stap 3)",
         "'only clarifying questions' (step 3)"),
        ("roddelfase", "derde persoon", "in de derde persoon", "third person"),
        ("herformuleren", "de groep discussieert er niet over", "'de groep discussieert er niet over' (stap 5)",
         "'the group does not debate it' (step 5)"),
        ("adviezen", "Alleen in deze stap", "'alleen in deze stap'", "'only in this step'"),
        ("reactie-inbrenger", "verdedigen hun adviezen niet", "'verdedigen hun adviezen niet' (stap 7)",
         "'do not defend their advice' (step 7)"),
        ("reactie-deelnemers", "Spreek vanuit jezelf", "spreken vanuit jezelf", "speaking for yourself"),
        ("evaluatie", "de inbrenger heeft het laatste woord", "'de inbrenger heeft het laatste woord' (stap 9",
         "'the case presenter has the last word' (step 9"),
        (None, "", "groepsgrootte van 4 tot 8", "group size of 4 to 8"),
        (None, "", "minuten per stap", "minutes per step"),
        (None, "", "gespreksleider en tijdbewaker", "chair and timekeeper"),
        (None, "", "elkaar kent en zich veilig voelt", "knows each other and feels safe"),
    ],
    "vier-fasen": [
        ("beeldvorming", "Nog geen meningen of adviezen", "'nog geen meningen of adviezen'",
         "'no opinions or advice yet'"),
        ("oordeelsvorming", "gaat nog niet in discussie", "'de inbrenger gaat nog niet in discussie'",
         "'the case presenter does not debate them yet'"),
        ("besluitvorming", "niet alsnog te overtuigen", "'de groep probeert de inbrenger niet alsnog te overtuigen'",
         "'the group does not try to change their mind'"),
        (None, "", "5 / 15 / 15 / 5", "5 / 15 / 15 / 5"),
        (None, "", "ondergrens van 3", "lower limit of 3"),
    ],
}


@pytest.mark.parametrize("mid", sorted(CLAIMS))
def test_reconstructed_note_names_every_assumption(mid):
    """The note names, in both languages, every rule, size and role the seed does not give."""
    m = catalog.method(mid)
    assert m.reconstructed and m.reconstructed_note is not None
    steps = {s.id: s for s in m.steps}
    for step_id, phrase, nl, en in CLAIMS[mid]:
        if step_id:  # the claim is about a rule the method really states
            step = steps[step_id]
            assert phrase.lower() in (step.rules.nl + " " + step.what.nl).lower(), (mid, step_id, phrase)
        assert nl.lower() in m.reconstructed_note.nl.lower(), (mid, nl)
        assert en.lower() in m.reconstructed_note.en.lower(), (mid, en)


@pytest.mark.parametrize("m", METHODS, ids=lambda m: m.id)
def test_seed_003_default_size_is_flagged(m):
    """A method that takes seed 003's general 5-8 says so in its note (or its source, when not reconstructed)."""
    if any(v.size_default for v in m.variants):
        said = (m.reconstructed_note or m.source).nl
        assert "seed 003" in said, m.id


def test_pages_say_optimale_as_the_source_does():
    """The trajectory page describes seed 001's build-up with the source's word 'optimale'."""
    pages = read_yaml("pages.yaml")
    traject = next(p for p in pages if p["id"] == "trajectory")
    assert "optimale leeropbouw" in traject["description"]["nl"]
    assert "beproefd" not in json.dumps(pages, ensure_ascii=False)


# --------------------------------------------------------------------------- 9. selector reasons
NEEDS = [Needs(goal, exp, minutes, online, size) for goal, exp, minutes, online, size in
         itertools.product(GOALS, ("beginner", "experienced"), (30, 90, 240), (False, True), (3, 4, 6, 9))]


@pytest.mark.parametrize("m", METHODS, ids=lambda m: m.id)
def test_every_selector_reason_is_backed_by_the_method(m):
    """A reason for a method only ever states what its goals, experience, size, variants and flags say."""
    for needs in NEEDS:
        rec = assess(m, needs)
        for r in rec.reasons:
            if r.key.startswith("goal_not_"):
                assert r.key[9:] not in m.goals
            elif r.key.startswith("goal_"):
                assert r.key[5:] in m.goals and r.own == m.goal_reason(r.key[5:])
            elif r.key.startswith("experience_not_"):
                assert r.key[15:] not in m.experience
            elif r.key.startswith("experience_"):
                assert r.key[11:] in m.experience
            elif r.key == "group_ok":
                assert rec.variant.group_size.admits(needs.group_size)
            elif r.key == "online_variant":
                assert rec.variant.online
            elif r.key in ("needs_safe_group", "reconstructed"):
                assert getattr(m, r.key)


def test_vijf_vragen_reasons_come_from_seed_002():
    """The selector no longer tells vijf-vragen's users it redefines the question or is built for successes;
    what it says for its goals cites seed 002."""
    m = catalog.method("vijf-vragen")
    unsupported = {catalog.text("selector.goal_success", "nl"), catalog.text("selector.goal_insight", "nl")}
    for needs in NEEDS:
        said = {r.text("nl") for r in assess(m, needs).reasons if r.positive}
        assert not said & unsupported
    assert "insight" not in m.goals
    assert all("seed 002" in m.goal_reason(g).nl for g in m.goals)


def test_goal_reason_for_a_goal_the_method_lacks_is_refused():
    """A method file may not give a selector reason for a goal it does not have."""
    data = read_yaml("methods/vijf-vragen.yaml")
    data["goal_reasons"] = {**data["goal_reasons"], "emotions": {"nl": "x", "en": "x"}}
    with pytest.raises(ContentError, match="goal_reasons"):
        parse_method(data, "vijf-vragen.yaml", [])


# --------------------------------------------------------------------------- methods --json
def test_methods_json_has_sizes_question_sets_and_advice(capsys):
    """`methods --json` gives each variant's size (min, max, source), vijf-vragen's sets with explanations and advice per step."""
    assert main(["methods", "--json"]) == 0
    data = {m["id"]: m for m in json.loads(capsys.readouterr().out)}
    for m in METHODS:
        record = data[m.id]
        for v, rv in zip(m.variants, record["variants"]):
            assert rv["group_size"]["min"] == v.group_size.min and rv["group_size"]["max"] == v.group_size.max
            assert rv["group_size"]["general_default"] == v.size_default
        assert [s["advice"] for s in record["steps"]] == [m.advice_state(s.id) for s in m.steps]
        assert [s["advice_allowed"] for s in record["steps"]] == [s.advice_allowed for s in m.steps]
    online = next(v for v in data["vier-fasen"]["variants"] if v["id"] == "online")
    assert online["group_size"]["min"] <= 4 <= online["group_size"]["max"] and "Seed 004" in online["group_size"]["source"]["nl"]
    sets = data["vijf-vragen"]["question_sets"]
    assert [len(s["questions"]) for s in sets] == [5, 5]
    for s in sets:
        assert set(s["explanation"]) == {"nl", "en"}
        for q in s["questions"]:
            assert set(q["text"]) == set(q["explanation"]) == {"nl", "en"} and q["explanation"]["nl"]
    assert data["negen-stappen"]["question_sets"] == []
