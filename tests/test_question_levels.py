"""Tests for the level model's generalisation helpers: explain(), calibration, lemmas, evaluation."""
from __future__ import annotations

from intervisie_widgets.questions import analyse, explain


def test_explain_gives_typed_tokens_in_text_order():
    """explain() returns every word as typed (case, accents, inner apostrophe kept) in text order, with float weights."""
    text = "Wat vind jíj belangrijk aan je collega's?"
    out = explain(text, "nl")
    assert [tok for tok, _ in out] == ["Wat", "vind", "jíj", "belangrijk", "aan", "je", "collega's"]
    assert all(isinstance(w, float) for _, w in out)
    pos = 0
    for tok, _ in out:
        pos = text.index(tok, pos) + len(tok)


def test_explain_top_words_point_at_the_level():
    """The top word of a clear values question is its value word, and top= keeps only positive weights."""
    out = explain("Wat vind je het allerbelangrijkst in dit contact?", "nl", top=2)
    assert 1 <= len(out) <= 2 and all(w > 0 for _, w in out)
    full = dict(explain("Wat vind je het allerbelangrijkst in dit contact?", "nl"))
    assert max(full, key=full.get) in {"vind", "allerbelangrijkst"}, full
    assert full["het"] < full["vind"]


def test_explain_is_empty_for_a_problem():
    """A text that is not analysed as a question has nothing to explain."""
    assert analyse("asdfgh qwerty", "nl").problem is not None
    assert explain("asdfgh qwerty", "nl") == []
    assert explain("", "nl") == []
