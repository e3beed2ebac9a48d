"""Tests for the question engine (intervisie_widgets.questions) and the question bank."""
from __future__ import annotations

import collections
import subprocess
import sys

import pytest

from intervisie_widgets import catalog
from intervisie_widgets.catalog import question_bank
from intervisie_widgets.model import LEVELS
from intervisie_widgets.questions import (
    PROBLEMS,
    Analysis,
    analyse,
    analyse_many,
    detect_language,
    dev_items,
    evaluate,
    level_name,
    training,
)

#: Targets set for the rule-based flags in issue 3 (benchmarks/README.md, "target" column), not
#: today's measured scores: open/closed accuracy and advice-in-disguise F1 on the dev split.
OPEN_ACCURACY_TARGET = 0.98
ADVICE_F1_TARGET = 0.95

_norm = question_bank.normalise_question_text
#: Normalised texts the level model learns from: the bank's train split and every textbook anchor.
TRAINED_ON = ({_norm(q.text) for q in question_bank.question_bank() if q.split == "train"}
              | {_norm(q.text) for q in training.anchors(exclude_dev=False)})


def held_out(text: str) -> bool:
    """Whether the level model never saw ``text`` in training (neither a train-split item nor an anchor)."""
    return _norm(text) not in TRAINED_ON


def halfway_above_majority(labels) -> float:
    """The score halfway between always answering the commonest label and being always right.

    A level test asks at least this much: half the errors of the trivial guess are gone. The bar
    follows from the labels alone, so it does not move with the engine's measured score.
    """
    majority = max(collections.Counter(labels).values()) / len(labels)
    return (1 + majority) / 2


# --------------------------------------------------------------------------- flags, Dutch and English
@pytest.mark.parametrize("text, lang", [
    ("Wat vind je daar belangrijk aan?", "nl"),
    ("hoe heb je dat aangepakt", "nl"),
    ("In hoeverre ben je nog jezelf in deze functie?", "nl"),
    ("Kun je vertellen wat je toen deed?", "nl"),
    ("What do you find important here?", "en"),
    ("how did you go about it", "en"),
])
def test_open_questions_are_open(text, lang):
    """Questions that start with a question word (or ask to tell) are open."""
    a = analyse(text, lang)
    assert a.problem is None and a.open


@pytest.mark.parametrize("text, lang", [
    ("Heb je de ouders zelf gebeld?", "nl"),
    ("was het druk op de afdeling", "nl"),
    ("Vind je dat belangrijk?", "nl"),
    ("Je was boos?", "nl"),
    ("Did you call the parents yourself?", "en"),
    ("is there a protocol for this", "en"),
])
def test_closed_questions_are_closed(text, lang):
    """Yes/no questions (verb first, or a statement with a question mark) are closed."""
    a = analyse(text, lang)
    assert a.problem is None and a.is_question and not a.open


@pytest.mark.parametrize("text, lang", [
    ("Heb je er al aan gedacht om hem gewoon rechtstreeks aan te spreken?", "nl"),
    ("Waarom bel je de ouders niet gewoon op?", "nl"),
    ("Zou het niet helpen als je eerst even je excuses aanbiedt?", "nl"),
    ("is het geen idee om alles per mail te bevestigen", "nl"),
    ("Have you thought about talking to him directly?", "en"),
    ("Why don't you just send a follow-up email?", "en"),
    ("wouldn't it help to make a plan first", "en"),
])
def test_advice_in_disguise_is_flagged(text, lang):
    """A solution packed as a question is advice, and therefore not an open question."""
    a = analyse(text, lang)
    assert a.advice and not a.open


@pytest.mark.parametrize("text, lang", [
    ("Wat heb je zelf al geprobeerd?", "nl"),
    ("Wat vind je ervan dat je teamleider dit heeft besloten?", "nl"),
    ("Waarom deed je dat?", "nl"),
    ("What have you tried so far?", "en"),
    ("Why can't you delegate?", "en"),
])
def test_real_questions_are_not_advice(text, lang):
    """Asking what someone tried or thinks is not advice."""
    assert not analyse(text, lang).advice


@pytest.mark.parametrize("text, lang, leading", [
    ("Je hebt toch ook wel erg snel gereageerd?", "nl", True),
    ("Is het niet zo dat je die rol wel prettig vindt?", "nl", True),
    ("het lag toch vooral aan de bezetting", "nl", True),
    ("You just feel responsible for everything, don't you?", "en", True),
    ("Don't you think you were too harsh?", "en", True),
    ("Wat vond je lastig aan dat gesprek?", "nl", False),
    ("Waarom heb je die cliënt toch nog een kans gegeven?", "nl", False),
    ("What did you find difficult about it?", "en", False),
])
def test_leading_questions(text, lang, leading):
    """A question with the answer or a judgement in it ("toch", "isn't it") is leading; a neutral one is not."""
    assert analyse(text, lang).leading is leading


@pytest.mark.parametrize("text, lang, stacked", [
    ("Wat deed je, hoe reageerde hij daarop en wat deed je toen?", "nl", True),
    ("Hoe heb je het afgehandeld en wat heb je het team verteld?", "nl", True),
    ("What did you say, and how did she react?", "en", True),
    ("Waar en wanneer speelde dit zich af?", "nl", False),
    ("hoe zien je collega's jou, denk je", "nl", False),
    ("Wat vind je dat een cliënt mag vragen en wat niet?", "nl", False),
    ("Where and when did this happen?", "en", False),
])
def test_stacked_questions(text, lang, stacked):
    """Several question clauses in one go are stacked; "waar en wanneer" or a short tag is not."""
    a = analyse(text, lang)
    assert a.stacked is stacked
    assert (a.question_count > 1) is stacked


@pytest.mark.parametrize("text, lang, why", [
    ("Waarom stuurde je die mail?", "nl", True),
    ("waarom wil je per se de perfecte mentor zijn", "nl", True),
    ("Why did you send that email?", "en", True),
    ("Wat maakte dat je die mail stuurde?", "nl", False),
    ("Waarom bel je de ouders niet gewoon op?", "nl", False),  # advice, not a why question
    ("What made you send that email?", "en", False),
])
def test_bare_why(text, lang, why):
    """A question opening with a bare "waarom"/"why" is flagged; "Wat maakte dat …" is not."""
    assert analyse(text, lang).bare_why is why


#: Textbook questions in the style of the methods reference, one or two per level and language,
#: none of them trained on (the test checks that); written before the engine was asked.
HELD_OUT_TEXTBOOK = [
    ("Wie waren er nog meer aanwezig bij dat gesprek?", "nl", "omgeving"),
    ("Waar vond dat gesprek plaats?", "nl", "omgeving"),
    ("Wat zei je letterlijk tegen haar?", "nl", "gedrag"),
    ("Hoe heb je dat gesprek voorbereid?", "nl", "vaardigheden"),
    ("Wat is voor jou het belangrijkste in dit contact?", "nl", "overtuigingen"),
    ("Wat voor collega wil jij zijn?", "nl", "identiteit"),
    ("Waar doe je het uiteindelijk allemaal voor?", "nl", "zingeving"),
    ("Who else was there?", "en", "omgeving"),
    ("What exactly did you say to her?", "en", "gedrag"),
    ("How did you prepare for that conversation?", "en", "vaardigheden"),
    ("What matters most to you in this contact?", "en", "overtuigingen"),
    ("What kind of colleague do you want to be?", "en", "identiteit"),
    ("What is it all for, in the end?", "en", "zingeving"),
]


def test_held_out_textbook_questions_get_their_level():
    """Textbook questions never trained on land on their level at least halfway from the majority-level guess to perfect, with proper scores."""
    assert [t for t, _, _ in HELD_OUT_TEXTBOOK if not held_out(t)] == []
    assert {lv for _, _, lv in HELD_OUT_TEXTBOOK} == set(LEVELS)
    results = [analyse(text, lang) for text, lang, _ in HELD_OUT_TEXTBOOK]
    for a in results:
        assert abs(sum(a.level_scores.values()) - 1) < 1e-6 and a.confidence == max(a.level_scores.values())
    hits = [a.level == level for a, (_, _, level) in zip(results, HELD_OUT_TEXTBOOK)]
    misses = [(t, a.level) for a, (t, _, _), hit in zip(results, HELD_OUT_TEXTBOOK, hits) if not hit]
    assert sum(hits) / len(hits) >= halfway_above_majority([lv for _, _, lv in HELD_OUT_TEXTBOOK]), misses


# --------------------------------------------------------------------------- feedback and rewrite
def test_feedback_says_why_in_both_languages():
    """Each flag gives a point of feedback that explains itself, in the language asked for."""
    closed = analyse("Heb je de ouders gebeld?")
    assert any("ja of nee" in f for f in closed.feedback("nl"))
    assert any("yes or no" in f for f in closed.feedback("en"))
    advice = analyse("Heb je er al aan gedacht om hem te bellen?")
    assert any("advies in vraagvorm" in f for f in advice.feedback("nl"))
    why = analyse("Waarom deed je dat?")
    assert any("verhoor" in f for f in why.feedback("nl"))
    good = analyse("Wat is voor jou het belangrijkste in dit contact?")  # held out, on level 4
    fb = good.feedback("nl")
    assert any("Overtuigingen en waarden (niveau 4 van 6)" in f for f in fb)
    assert any(level_name("identiteit", "nl") in f for f in fb), "suggests the next level up"


def test_rewrites_are_better_questions():
    """A rewrite is an open, non-advice question; of a good question it aims one level higher."""
    cases = ["Heb je er al aan gedacht om hem te bellen?", "Heb je de ouders zelf gebeld?",
             "Waarom stuurde je die mail?", "Wie waren er nog meer bij?", "Hoe heb je dat aangepakt?"]
    for text in cases:
        better = analyse(analyse(text).rewrite("nl"), "nl")
        assert better.open and not better.advice and not better.bare_why and not better.stacked, (text, better)
    assert analyse("Waarom stuurde je die mail?").rewrite() == "Wat maakte dat je die mail stuurde?"
    assert analyse("Why did you send that email?", "en").rewrite() == "What made you send that email?"
    up = analyse(analyse("Wie waren er nog meer bij?").rewrite())
    assert LEVELS.index(up.level) == 1
    assert analyse("Waartoe doe je dit werk?").rewrite() is None, "nothing above the top"


def test_every_level_template_is_good_and_on_its_level():
    """The example questions used for rewrites (anchors on purpose: a rewrite must land where it promises) are open, clean and on their level."""
    for lang in ("nl", "en"):
        for level in LEVELS:
            a = analyse(catalog.text(f"questions.rewrite_{level}", lang), lang)
            assert a.good and a.level == level, (lang, level, a)


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("text, problem", [
    ("", "empty"),
    ("   \n\t ", "empty"),
    (None, "empty"),
    ("x" * 10_000, "too_long"),
    ("Wat vind je belangrijk? " * 500, "too_long"),
    ("😀🙈👍", "no_words"),
    ("?!?", "no_words"),
    ("Warum hast du das eigentlich gemacht?", "other_language"),
    ("Pourquoi est-ce que tu as fait ça?", "other_language"),
    ("asdf qwerty zxcv?", "other_language"),
    ("Ik vind dat je het goed hebt gedaan.", "not_question"),
    ("Doe het gewoon niet meer.", "not_question"),
    ("Wat goed dat je dit inbrengt!", "not_question"),
    ("That happened to me too last year.", "not_question"),
])
def test_bad_input_gives_a_clear_problem(text, problem):
    """Odd input never raises and never gets a silent level: it gets a named problem and a friendly message."""
    a = analyse(text)
    assert a.problem == problem and problem in PROBLEMS
    assert not a.is_question and a.level is None and a.rewrite() is None
    for lang in ("nl", "en"):
        (message,) = a.feedback(lang)
        assert message and not message.startswith("questions.")
    if problem == "not_question":
        assert a.feedback("nl")[0].startswith("Dit is geen vraag")


def test_non_questions_from_the_bank_are_recognised():
    """Most statements in niet-vragen.yaml are reported as not a question (or another problem)."""
    items = question_bank.non_questions()
    if not items:
        pytest.skip("niet-vragen.yaml is empty")
    missed = [t for t, lang in items if analyse(t, lang).problem is None]
    assert len(missed) <= 0.1 * len(items), missed


def test_language_detection():
    """Dutch and English are told apart; a German sentence is German; a short unclear text keeps the default."""
    assert detect_language("Wat vind je daar belangrijk aan?") == "nl"
    assert detect_language("What do you find important about it?") == "en"
    assert detect_language("Warum hast du das nicht gesagt?") == "de"
    assert detect_language("ok?", "en") == "en"
    assert analyse("What did you do next?", "nl").lang == "en", "a clearly English question is analysed as English"


def test_typing_is_tolerated():
    """No capital, no question mark and a typo give the tidy question's level, on a question never trained on."""
    tidy_text, sloppy_text = "Wat is voor jou het belangrijkste in dit contact?", "wat is voor jou het belangerijkste in dit contact"
    assert held_out(tidy_text) and held_out(sloppy_text)
    tidy, sloppy = analyse(tidy_text), analyse(sloppy_text)
    assert tidy.level == sloppy.level == "overtuigingen" and sloppy.open


# --------------------------------------------------------------------------- determinism, batches
def test_same_input_same_output():
    """Analysing twice, alone or in a batch, gives equal results."""
    texts = ["Wat vind je daar belangrijk aan?", "Heb je hem gebeld?", "", "What for?"]
    once = analyse_many(texts, "nl")
    again = analyse_many(texts, "nl")
    assert once == again
    assert [analyse(t, "nl") for t in texts] == once
    assert all(isinstance(a, Analysis) for a in once)


def test_training_is_deterministic_and_the_cache_round_trips(tmp_path):
    """Training twice on the same questions gives the same weights (no randomness); a saved model loads back."""
    import numpy as np

    from intervisie_widgets.questions import levels, training

    sample = [q for q in question_bank.question_bank() if q.split == "train"][::5]
    feats = training.bank_features(sample)
    a = training.fit(feats, [q.level for q in sample], {"iterations": 30})
    b = training.fit(feats, [q.level for q in sample], {"iterations": 30})
    assert a.vocab == b.vocab and np.array_equal(a.weights, b.weights)
    path = tmp_path / "m.npz"
    a.save(path)
    c = levels.LevelModel.load(path)
    assert c.vocab == a.vocab and np.array_equal(c.weights, a.weights)
    assert np.array_equal(c.probabilities(feats[:10]), a.probabilities(feats[:10]))


def test_import_is_light():
    """Importing the engine does not import numpy; the model loads on first use."""
    code = "import sys, intervisie_widgets.questions; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- dev split and bank
def test_dev_split_levels_beat_the_majority_baseline():
    """On dev items never trained on, level accuracy and macro-F1 lie at least halfway from always guessing the commonest level to perfect."""
    items = [it for it in dev_items() if held_out(it["text"])]
    assert len(items) >= 100
    s = evaluate(items)
    levels = [it["level"] for it in items]
    majority = max(collections.Counter(levels).values()) / len(levels)
    majority_macro_f1 = 2 * majority / (1 + majority) / len(set(levels))  # F1 of the commonest level only
    assert s["accuracy"]["level"] >= halfway_above_majority(levels), s["accuracy"]
    assert s["level_macro_f1"] >= (1 + majority_macro_f1) / 2, s["level_f1"]
    assert len(s["confusion"]) == 6 and sum(map(sum, s["confusion"])) == s["n"] - s["not_analysed"]


def test_dev_split_flags_meet_their_targets():
    """On the dev split open/closed accuracy and advice-in-disguise F1 meet the targets set for them in issue 3."""
    s = evaluate(dev_items())
    assert s["accuracy"]["open"] >= OPEN_ACCURACY_TARGET
    assert s["advice"]["f1"] >= ADVICE_F1_TARGET, s["advice"]


def test_split_is_stable_and_about_eighty_twenty():
    """The train/dev split depends only on the normalised text and holds back about a fifth."""
    assert question_bank.question_split("Wat vind je belangrijk?") == question_bank.question_split("wat vind je BELANGRIJK")
    bank = question_bank.question_bank()
    dev = sum(q.split == "dev" for q in bank)
    assert 0.12 <= dev / len(bank) <= 0.28


def test_bank_shape():
    """The bank has ≥ 600 Dutch and ≥ 150 English questions, every level ≥ 15 % per language, no duplicates."""
    bank = question_bank.question_bank()
    per_lang = collections.Counter(q.lang for q in bank)
    assert per_lang["nl"] >= 600 and per_lang["en"] >= 150
    for lang in ("nl", "en"):
        levels = collections.Counter(q.level for q in bank if q.lang == lang)
        for level in LEVELS:
            assert levels[level] >= 0.15 * per_lang[lang], (lang, level)
    assert not [p for p in question_bank.question_bank_problems() if "duplicate" in p.message]
    assert not [p for p in question_bank.question_bank_problems() if p.severity == "error"]
