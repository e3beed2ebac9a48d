"""Open/closed and advice-in-disguise detection on our own question-form set (issue 12).

``tests/data/question_forms.yaml`` has a ``tuned`` part (the rules were fixed while looking at
it) and a ``blind`` part (held out, scored once after the tuning). Both are held to the issue's
targets per language, and each miss the issue names is a case of its own.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from intervisie_widgets.questions import analyse, analyse_many

DATA = Path(__file__).parent / "data" / "question_forms.yaml"
#: Issue 12's targets (not today's figures): open/closed accuracy on questions that are not
#: advice, and advice-in-disguise F1.
OPEN_TARGET = 0.98
ADVICE_F1_TARGET = 0.95
KINDS = {"open", "closed", "advice", "leading", "stacked", "statement"}


def load(part: str) -> list[dict]:
    """The items of one part (``tuned`` or ``blind``) of the question-form set."""
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))[part]


def expected_open(item: dict) -> bool | None:
    """Whether ``item`` should read as open (``None`` for advice and statements, which are not scored)."""
    kind = item["kind"]
    if kind in ("advice", "statement"):
        return None
    return item.get("open", kind == "open")


def score(items: list[dict]) -> dict:
    """Open/closed accuracy (non-advice questions), advice F1 and the misses of ``items`` in one language."""
    results = analyse_many([it["t"] for it in items], items[0]["lang"])
    right = counted = tp = fp = fn = 0
    misses = []
    for it, a in zip(items, results):
        if it["kind"] == "statement" and a.is_question:
            misses.append(("statement", it["t"]))
        want_open = expected_open(it)
        if want_open is not None:
            counted += 1
            ok = a.is_question and a.open == want_open
            right += ok
            if not ok:
                misses.append(("open", it["t"]))
        is_advice = it["kind"] == "advice"
        tp += is_advice and a.advice
        fp += (not is_advice) and a.advice
        fn += is_advice and not a.advice
        if is_advice != a.advice:
            misses.append(("advice", it["t"]))
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"open": right / counted, "advice_f1": f1, "n": len(items), "misses": misses}


def by_lang(items: list[dict], lang: str) -> list[dict]:
    """The items of ``items`` written in ``lang``."""
    return [it for it in items if it["lang"] == lang]


def test_the_set_is_well_formed():
    """Every item has a known kind, a sector and a language; the blind part is about a third of the set."""
    tuned, blind = load("tuned"), load("blind")
    for it in tuned + blind:
        assert it["kind"] in KINDS and it["lang"] in ("nl", "en") and it.get("sector"), it
    texts = [it["t"] for it in tuned + blind]
    assert len(texts) == len(set(texts)) >= 200
    assert 0.28 <= len(blind) / len(texts) <= 0.4


@pytest.mark.parametrize("part", ["tuned", "blind"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_issue_targets_per_language(part, lang):
    """Open/closed accuracy on non-advice questions and advice F1 meet issue 12's targets in each language."""
    s = score(by_lang(load(part), lang))
    assert s["open"] >= OPEN_TARGET, s
    assert s["advice_f1"] >= ADVICE_F1_TARGET, s


@pytest.mark.parametrize("text, lang", [
    ("Wat dacht je ervan om de mentor erbij te halen?", "nl"),
    ("wat dacht je ervan om eerst even met haar te bellen", "nl"),
])
def test_wat_dacht_je_ervan_om_is_advice(text, lang):
    """'Wat dacht je ervan om …' offers a solution: advice, not an open question."""
    a = analyse(text, lang)
    assert a.advice and not a.open


def test_wat_dacht_je_alone_stays_an_open_question():
    """'Wat dacht je op dat moment?' asks what someone thought: open, no advice."""
    a = analyse("Wat dacht je op dat moment?", "nl")
    assert a.open and not a.advice


@pytest.mark.parametrize("text, lang", [
    ("Belangrijk voor wie?", "nl"),
    ("En toen?", "nl"),
    ("Nodig waarvoor?", "nl"),
    ("Important to whom?", "en"),
    ("For the sake of what?", "en"),
    ("And then?", "en"),
    ("belangrijk voor wie", "nl"),
    ("important to whom", "en"),
])
def test_question_word_at_the_end_is_open(text, lang):
    """A short question with its question word at the end ('Belangrijk voor wie?') is open, also without a mark."""
    a = analyse(text, lang)
    assert a.is_question and a.open and not a.advice


@pytest.mark.parametrize("text", ["Hebben we de wethouder al geïnformeerd?", "Dient de cliënt zelf een verzoek in?",
                                  "hebben jullie een protocol voor agressie", "dienen we het bezwaar in"])
def test_hebben_and_dienen_open_yes_no_questions(text):
    """'Hebben we …' and 'Dient …' open a yes/no question, even without a question mark."""
    a = analyse(text, "nl")
    assert a.is_question and not a.open


@pytest.mark.parametrize("text, lang", [("Don't let it get to you.", "en"), ("Laat het je niet te veel raken.", "nl")])
def test_an_order_is_not_a_question(text, lang):
    """'Don't let it get to you.' is encouragement, not a question."""
    assert not analyse(text, lang).is_question


@pytest.mark.parametrize("text, lang", [("Ik weet niet waarom.", "nl"), ("Geen idee hoe.", "nl"), ("I don't know why.", "en"),
                                        ("No idea why.", "en")])
def test_a_statement_ending_in_a_question_word_is_no_question(text, lang):
    """'Geen idee waarom.' ends in a question word but asks nothing."""
    assert not analyse(text, lang).is_question
