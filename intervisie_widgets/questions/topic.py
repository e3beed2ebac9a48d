"""The topic of a question as a noun phrase of the learner's own words ("je werk als verpleegkundige")."""
from __future__ import annotations

import re

from . import grammar
from .text import lexicon, normalise

_TOKEN = re.compile(r"[\w'’-]+")
_MAX_WORDS = 3
_PRONOUN_LIKE = frozenset({"het", "dat", "die", "dit", "deze", "it", "that", "this", "those", "these"})


def _is_word(token: str, lang: str) -> bool:
    """A word that can be part of a noun phrase: not a function word, question word or participle
    (a verb such as "werk" can be a noun after a determiner, so verbs are not excluded)."""
    w = normalise(token)
    lex = lexicon()
    if not w or not w.isalpha() or w in lex.stopwords.get(lang, ()) or w in grammar.words_of(lang, "particles"):
        return False
    if w in grammar.words_of(lang, "not_nouns"):
        return False
    if w in lex.question_words.get(lang, ()):
        return False
    if lang == "nl" and (re.fullmatch(r"\w*ge\w{2,}(d|t)", w) or re.fullmatch(r"\w{3,}(de|te)", w)):
        return False
    return not (lang == "en" and re.fullmatch(r"\w{3,}(ed)", w))


def _determiner_at(tokens: list[str], i: int, lang: str) -> bool:
    """Whether ``tokens[i]`` opens a noun phrase (a "je" right after a verb is the subject)."""
    w = tokens[i].lower()
    if w not in grammar.words_of(lang, "determiners"):
        return False
    if w in ("je", "jouw", "haar", "zijn", "your", "her", "his") and i > 0:
        prev = tokens[i - 1].lower()
        if w == "je" and prev not in grammar.words_of(lang, "prepositions") | {"je", "en", "of"}:
            return False
    if i + 1 >= len(tokens) or not _is_word(tokens[i + 1], lang):
        return False
    # "het/dat/it" can be a subject: "het gaat om", "dat klopt" are no noun phrases.
    return not (w in _PRONOUN_LIKE and normalise(tokens[i + 1]) in lexicon().closed_openers.get(lang, ()))


def find_topic(text: str, lang: str) -> str | None:
    """The first noun phrase of ``text``: a determiner and up to three words, with "als/met/van X"."""
    tokens = _TOKEN.findall(text)
    links = grammar.words_of(lang, "topic_links")
    for i in range(len(tokens)):
        if not _determiner_at(tokens, i, lang):
            continue
        phrase = [tokens[i]]
        j = i + 1
        while j < len(tokens) and len(phrase) <= _MAX_WORDS and _is_word(tokens[j], lang):
            phrase.append(tokens[j])
            j += 1
        if j + 1 < len(tokens) and tokens[j].lower() in links:
            k = j + 1
            tail = [tokens[j]]
            if _determiner_at(tokens, k, lang):
                tail.append(tokens[k])
                k += 1
            if k < len(tokens) and _is_word(tokens[k], lang):
                phrase += tail + [tokens[k]]
        return " ".join(phrase)
    return None
