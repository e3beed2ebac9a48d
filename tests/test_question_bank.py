"""Tests for the question bank loader's entry fields (catalog.question_bank): tpl, unknown keys, non-questions."""
from __future__ import annotations

import collections

from intervisie_widgets.catalog import question_bank
from intervisie_widgets.model import LANGUAGES, LEVELS

SECTORS = {"zorg", "onderwijs", "overheid", "juridisch", "sociaal-werk", "management", "it", "algemeen"}


def _parse(data, name="nl/gedrag.yaml", lang="nl"):
    """(items, problems) of one bank file with the entries ``data``, read through the one loader."""
    import yaml

    from intervisie_widgets.catalog.loader import Source, load

    kind = question_bank.KINDS[LANGUAGES.index(lang)]
    loaded = load(kind, [Source(name, yaml.safe_dump(data, allow_unicode=True))])
    return list(loaded.items), list(loaded.problems)


def test_tpl_is_read_and_variants_share_their_split_and_group():
    """Entries with one tpl keep it, share one split and one group; an entry without tpl is grouped by its text."""
    texts = [f"Wat doe {w} als het misgaat nummer {i}?" for i in range(40) for w in ("ik", "je")]
    items, problems = _parse([{"t": t, "tpl": "x-misgaat"} for t in texts] + [{"t": "Wat zei je toen?"}])
    assert problems == []
    variants, single = items[:-1], items[-1]
    assert {q.tpl for q in variants} == {"x-misgaat"} and single.tpl == ""
    assert len({q.split for q in variants}) == 1
    assert {question_bank.question_group(q) for q in variants} == {"tpl:x-misgaat"}
    assert question_bank.question_group(single) == "text:wat zei je toen"
    assert len({question_bank.question_split(t) for t in texts}) == 2, "without tpl the texts would fall in both splits"


def test_unknown_fields_are_an_error_naming_the_field():
    """A misspelt key (sectr) leaves the entry out with a problem naming that field; the other entries load."""
    items, problems = _parse([{"t": "Wat zei je toen?", "sectr": "zorg"}, {"t": "Wat deed je daarna?", "tpl": "a"}])
    assert [q.text for q in items] == ["Wat deed je daarna?"]
    (problem,) = problems
    assert problem.field == "[1].sectr" and "sectr" in problem.message and "tpl" in problem.message


def test_tpl_must_be_text():
    """A tpl that is not text (a number) is a problem, not silently turned into a string."""
    items, problems = _parse([{"t": "Wat zei je toen?", "tpl": 3}])
    assert items == [] and problems[0].field == "[1].tpl"


def test_non_question_files_allow_lang_only():
    """niet-vragen.yaml takes t and lang; another key is an error, and an English file gives English statements."""
    items, problems = _parse([{"t": "Thanks.", "lang": "en"}, {"t": "ok", "level": "x"}], "en/niet-vragen.yaml", "en")
    assert [(n.text, n.lang) for n in items] == [("Thanks.", "en")]
    assert [p.field for p in problems] == ["[2].level"]


def test_packaged_bank_has_english_non_questions_and_known_sectors():
    """The packaged bank loads English non-questions and tags every question with one of the eight sectors."""
    assert collections.Counter(lang for _, lang in question_bank.non_questions())["en"] >= 20
    bank = question_bank.question_bank()
    assert {q.sector for q in bank} <= SECTORS
    assert {(q.lang, q.level) for q in bank} == {(lang, lv) for lang in ("nl", "en") for lv in LEVELS}



def test_template_variants_stay_on_one_level():
    """All variants of one template in the packaged bank have the same level and language."""
    groups = collections.defaultdict(set)
    for q in question_bank.question_bank():
        if q.tpl:
            groups[q.tpl].add((q.lang, q.level))
    assert groups and [t for t, levels in groups.items() if len(levels) > 1] == []
