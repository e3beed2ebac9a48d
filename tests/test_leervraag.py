"""The leervraag check (issue 12, point 4): problems with ids and texts, a rewrite, bad input, never a crash."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intervisie_widgets import catalog
from intervisie_widgets.questions import analyse
from intervisie_widgets.questions.leervraag import PROBLEMS, check, to_ik

# (lang, leervraag, the problems the check should find) — written by us for this test.
EXAMPLES = [
    ("nl", "Hoe blijf ik rustig als een ouder in het oudergesprek boos wordt?", set()),
    ("nl", "Wat maakt dat ik in het teamoverleg mijn mening inslik?", set()),
    ("nl", "Hoe geef ik mijn stagiair feedback zonder dat ik haar ontmoedig?", set()),
    ("nl", "Hoe stel ik mijn grenzen als een cliënt mij tijdens de nachtdienst blijft bellen?", set()),
    ("nl", "Wat heb ik nodig om in het gesprek met mijn leidinggevende te zeggen wat ik denk?", set()),
    ("nl", "Hoe reageer ik als een leerling in de klas mij uitdaagt?", set()),
    ("nl", "Hoe krijg ik mijn collega zover dat hij op tijd komt?", {"other_person"}),
    ("nl", "Hoe zorg ik ervoor dat mijn team de deadlines haalt?", {"other_person"}),
    ("nl", "Waarom komt mijn collega steeds te laat op de dienst?", {"other_person", "not_ik"}),
    ("nl", "Hoe kan ik mijn leidinggevende overtuigen?", {"other_person"}),
    ("nl", "Wat moet mijn teamleider doen aan de werkdruk?", {"other_person", "not_ik"}),
    ("nl", "Hoe bewaak je je grenzen in het contact met cliënten?", {"not_ik"}),
    ("nl", "Hoe ga je om met een boze ouder in een oudergesprek?", {"not_ik"}),
    ("nl", "Hoe ga je om met agressie?", {"not_ik", "not_concrete"}),
    ("nl", "Moet ik mijn collega aanspreken op zijn gedrag in het overleg?", {"closed"}),
    ("nl", "Is het normaal dat ik boos word op de ouders?", {"closed"}),
    ("nl", "Ben ik te streng voor mijn leerlingen?", {"closed"}),
    ("nl", "Hoe kan ik beter communiceren?", {"not_concrete"}),
    ("nl", "Hoe word ik een betere professional?", {"not_concrete"}),
    ("nl", "Hoe reageer ik als mijn leidinggevende me onderbreekt? En wat doe ik daarna?", {"several"}),
    ("nl", "Hoe voel ik me in het overleg en wat zeg ik dan tegen mijn collega?", {"several"}),
    ("en", "How do I stay calm when a parent gets angry in the meeting?", set()),
    ("en", "What makes me hold back my opinion in the team meeting?", set()),
    ("en", "How do I give my intern feedback without discouraging her?", set()),
    ("en", "How do I get my colleague to arrive on time?", {"other_person"}),
    ("en", "How can I make sure my team meets the deadline?", {"other_person"}),
    ("en", "Why does my manager ignore me in meetings?", {"other_person"}),
    ("en", "How can I change my colleague?", {"other_person"}),
    ("en", "How do you deal with an angry parent in a meeting?", {"not_ik"}),
    ("en", "How do you deal with aggression?", {"not_ik", "not_concrete"}),
    ("en", "Should I talk to my manager about the schedule?", {"closed"}),
    ("en", "Am I too strict with my students?", {"closed"}),
    ("en", "How can I communicate better?", {"not_concrete"}),
    ("en", "How do I react when my manager interrupts me? And what do I do next?", {"several"}),
]


@pytest.mark.parametrize("lang, text, problems", EXAMPLES)
def test_each_example_gets_the_problems_a_trainer_would_name(lang, text, problems):
    """The check names exactly the problems of each written example, with a message per problem in nl and en."""
    result = check(text, lang)
    assert result.input_problem is None
    assert set(result.problems) == problems, result
    assert result.ok == (not problems)
    for ui in ("nl", "en"):
        messages = result.messages(ui)
        assert [i for i, _ in messages] == list(result.problems)
        assert all(t == catalog.text(f"leervraag.problem_{i}", ui) for i, t in messages)


def test_there_are_enough_examples_in_both_languages():
    """At least 30 written examples, both languages, every problem and the good case covered."""
    assert len(EXAMPLES) >= 30 and {lang for lang, _, _ in EXAMPLES} == {"nl", "en"}
    assert {p for _, _, ps in EXAMPLES for p in ps} == set(PROBLEMS)
    assert any(not ps for _, _, ps in EXAMPLES)


@pytest.mark.parametrize("lang, text, rewrite", [
    ("nl", "Hoe krijg ik mijn collega zover dat hij op tijd komt?",
     "Hoe bespreek ik met mijn collega dat ik graag wil dat hij op tijd komt?"),
    ("nl", "Hoe bewaak je je grenzen in het contact met cliënten?",
     "Hoe bewaak ik mijn grenzen in het contact met cliënten?"),
    ("nl", "Moet ik mijn collega aanspreken op zijn gedrag in het overleg?",
     "Hoe kan ik mijn collega aanspreken op zijn gedrag in het overleg?"),
    ("nl", "Is het normaal dat ik boos word op de ouders?", "Wat gebeurt er in mij als ik boos word op de ouders?"),
    ("nl", "Hoe reageer ik als mijn leidinggevende me onderbreekt? En wat doe ik daarna?",
     "Hoe reageer ik als mijn leidinggevende me onderbreekt?"),
    ("nl", "Ik wil leren om nee te zeggen tegen mijn teamleider.", "Hoe kan ik nee zeggen tegen mijn teamleider?"),
    ("en", "How do I get my colleague to arrive on time?",
     "How do I discuss with my colleague what I need when it comes to arriving on time?"),
    ("en", "How do you deal with an angry parent in a meeting?", "How do I deal with an angry parent in a meeting?"),
    ("en", "I want to learn to say no to my team leader.", "How can I say no to my team leader?"),
])
def test_the_rewrite_keeps_the_words_and_mends_the_problem(lang, text, rewrite):
    """A rewrite in the inbrenger's words that the check itself finds good (concrete where the original was)."""
    result = check(text, lang)
    assert result.rewrite == rewrite
    again = check(rewrite, lang)
    assert again.ok, again


def test_a_vague_question_gets_no_invented_situation():
    """Only the writer knows the situation: a question that is only vague gets the problem, not a made-up rewrite."""
    result = check("Hoe kan ik beter communiceren?", "nl")
    assert result.problems == ("not_concrete",) and result.rewrite is None


def test_to_ik_turns_je_and_you_into_ik_and_i():
    """je/jij/jouw/jezelf become ik/mijn/me(zelf), with the verb that goes with ik; you/your become I/my."""
    assert to_ik("Hoe kun je jezelf beschermen?", "nl") == "Hoe kan ik mezelf beschermen?"
    assert to_ik("Hoe voel je je daarbij?", "nl") == "Hoe voel ik me daarbij?"
    assert to_ik("Wat doe je als je boos wordt?", "nl") == "Wat doe ik als ik boos word?"
    assert to_ik("What do you need when you are tired?", "en") == "What do I need when I am tired?"


@pytest.mark.parametrize("text, problem, words", [
    ("", "empty", "Er staat nog niets"),
    ("   ", "empty", "Er staat nog niets"),
    ("hoe", "too_short", "nog wat kort"),
    ("collega", "too_short", "nog wat kort"),
    ("x" * 5000, "too_long", "5000 tekens"),
    ("😀🙈🔥", "no_words", "geen woorden"),
    ("<b>Hoe</b> <script>alert(1)</script>", None, None),
    ("Warum kann ich meinem Kollegen nicht sagen, was ich denke?", "other_language", "geen Nederlands of Engels"),
    ("Ik vind mijn collega lastig.", "not_question", "nog geen vraag"),
])
def test_bad_input_gets_a_kind_message_in_the_learners_language(text, problem, words):
    """Empty, a single word, 5 000 characters, emoji, HTML, another language, a statement: a message, never a crash."""
    result = check(text, "nl")
    assert not result.ok
    assert "<script>" not in str(result.messages("nl")) and "<script>" not in (result.rewrite or "")
    if problem is not None:
        assert result.input_problem == problem
        ((pid, message),) = result.messages("nl")
        assert pid == problem and words in message
        assert result.messages("en")[0][1] == catalog.text(f"leervraag.input_{problem}", "en", chars=len(text),
                                                           limit=300)


@pytest.mark.parametrize("lang, text, problems", [
    ("nl", "Hoe blijf ik rustig als een ouder in het oudergesprek boos wordt?", set()),
    ("nl", "Hoe krijg ik mijn collega zover dat hij op tijd komt?", {"other_person"}),
    ("en", "How do I get my colleague to arrive on time?", {"other_person"}),
])
def test_html_tags_are_dropped_before_the_check(lang, text, problems):
    """A leervraag pasted with HTML tags around it gets the same problems and rewrite as the plain text, no tag in them."""
    tagged = check(f"<p><b>{text}</b></p>", lang)
    plain = check(text, lang)
    assert tagged.input_problem is None and set(tagged.problems) == problems
    assert tagged.rewrite == plain.rewrite and "<" not in (tagged.rewrite or "")
    assert (plain.rewrite is None) == (not problems), "the other-person questions have a rewrite to compare"


def test_script_and_style_contents_are_no_part_of_the_question():
    """A leervraag pasted with a script or style element gets the plain text's problems and rewrite (the code is dropped)."""
    text = "Hoe krijg ik mijn collega zover dat hij op tijd komt?"
    plain = check(text, "nl")
    for tagged in (f"<b>{text}</b><script>alert('zeg het maar')</script>",
                   f"<style>p {{ color: red }}</style>{text}", f"{text}<SCRIPT type=x>var a = 1;"):
        result = check(tagged, "nl")
        assert result.input_problem is None and result.problems == plain.problems, tagged
        assert result.rewrite == plain.rewrite


def test_as_dict_has_ok_problems_with_ids_and_texts_and_the_rewrite():
    """The classify shape: ok, problems as id and text, rewrite."""
    d = check("Hoe krijg ik mijn collega zover dat hij op tijd komt?", "nl").as_dict("en")
    assert d["ok"] is False and d["problems"] == [{"id": "other_person",
                                                   "text": catalog.text("leervraag.problem_other_person", "en")}]
    assert d["rewrite"].startswith("Hoe bespreek ik")
    assert check("Hoe blijf ik rustig als een ouder in het oudergesprek boos wordt?", "nl").as_dict()["ok"] is True


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes_analyse_rewrite_or_check(text):
    """Whatever is typed, analyse, its rewrite and the leervraag check return, with texts where there should be."""
    for lang in ("nl", "en", None):
        a = analyse(text, lang)
        better = a.suggestion()
        assert better is None or (better.text and better.kind)
        result = check(text, lang)
        assert bool(result.messages("nl")) == (not result.ok)  # a message exactly when not ok
        assert result.rewrite is None or result.rewrite.endswith("?")


def test_classify_adds_a_leervraag_object_to_lines_of_that_kind():
    """`intervisie classify` answers a line of kind leervraag with a leervraag object; other lines get none."""
    import io
    import json

    from intervisie_widgets.cli.classify import classify_stream

    lines = [{"text": "Hoe krijg ik mijn collega zover dat hij op tijd komt?", "kind": "leervraag"},
             {"text": "How do I stay calm when a parent gets angry in the meeting?", "kind": "leervraag", "lang": "en"},
             {"text": "Wat deed je toen?"}, {"text": "", "kind": "leervraag"}, {"text": "x", "kind": "gedicht"}]
    out, err = io.StringIO(), io.StringIO()
    code = classify_stream(io.StringIO("".join(json.dumps(x) + "\n" for x in lines)), out, err, "nl")
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert code == 1 and "kind" in err.getvalue() and "error" in rows[4]
    assert rows[0]["leervraag"]["ok"] is False
    assert [p["id"] for p in rows[0]["leervraag"]["problems"]] == ["other_person"]
    assert rows[0]["leervraag"]["rewrite"] == "Hoe bespreek ik met mijn collega dat ik graag wil dat hij op tijd komt?"
    assert rows[1]["leervraag"] == {"ok": True, "lang": "en", "problems": [], "rewrite": None}
    assert "leervraag" not in rows[2]
    assert rows[3]["leervraag"]["problems"][0]["id"] == "empty"
