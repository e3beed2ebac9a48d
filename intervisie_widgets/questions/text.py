"""Text handling for the question engine: the cue lexicon, normalisation, language detection.

Everything language-specific (function words, question words, typo fixes, patterns) lives
in ``content/questions/cues.yaml``; this module only compiles and applies it.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from ..catalog import question_bank

#: The languages the engine analyses; other detected languages are reported, not guessed.
SUPPORTED = ("nl", "en")

_PUNCT = re.compile(r"[^\w\s]|_")
_CLAUSE = re.compile(r"[,;:.!?\n()\[\]]+|\s[-–—]+\s")
_ASCII_SAFE = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True)
class Lexicon:
    """The compiled content of ``cues.yaml``."""

    stopwords: dict[str, frozenset[str]]
    question_words: dict[str, frozenset[str]]
    closed_openers: dict[str, frozenset[str]]
    subjects: dict[str, frozenset[str]]
    fillers: dict[str, frozenset[str]]
    prepositions: dict[str, frozenset[str]]
    not_question_openers: dict[str, re.Pattern]
    open_leadins: dict[str, re.Pattern]
    advice: dict[str, re.Pattern]
    leading: dict[str, re.Pattern]
    wrappers: dict[str, re.Pattern]
    level_cues: dict[str, tuple[tuple[str, re.Pattern], ...]]
    typos: dict[str, dict[str, str]]
    person: dict[str, dict[str, str]]
    question_word_levels: dict[str, dict[str, tuple[tuple[tuple[str, ...], str], ...]]]
    fingerprint: str


def _words(values) -> frozenset[str]:
    return frozenset(normalise(str(v)) for v in values or ())


def word_start_patterns(values) -> re.Pattern:
    """One pattern that matches where any of ``values`` matches at the start of a word.

    Trying the alternatives only where a word starts (the look-behind) makes the scan about
    three times faster than a plain alternation. Never matches when ``values`` is empty.
    """
    if not values:
        return re.compile(r"(?!x)x")
    return re.compile("(?<![^ ])(?:" + "|".join(f"(?:{v})" for v in values) + ")")


@functools.cache
def lexicon() -> Lexicon:
    """The cue lexicon, read once from ``content/questions/cues.yaml``."""
    import hashlib

    raw = question_bank.CONTENT.joinpath("questions", "cues.yaml").read_text(encoding="utf-8")
    data = question_bank.load_yaml(raw) or {}

    def per_lang(key, build):
        section = data.get(key) or {}
        return {lang: build(section.get(lang)) for lang in section}

    cues: dict[str, list[tuple[str, re.Pattern]]] = {}
    for concept, by_lang in (data.get("level_cues") or {}).items():
        for lang, pats in (by_lang or {}).items():
            cues.setdefault(lang, []).append((concept, word_start_patterns(pats)))
    return Lexicon(
        stopwords=per_lang("stopwords", _words),
        question_words=per_lang("question_words", _words),
        closed_openers=per_lang("closed_openers", _words),
        subjects=per_lang("subjects", _words),
        fillers=per_lang("fillers", _words),
        prepositions=per_lang("prepositions", _words),
        not_question_openers=per_lang("not_question_openers", word_start_patterns),
        open_leadins=per_lang("open_leadins", word_start_patterns),
        advice=per_lang("advice", word_start_patterns),
        leading=per_lang("leading", word_start_patterns),
        wrappers=per_lang("wrappers", word_start_patterns),
        level_cues={lang: tuple(v) for lang, v in cues.items()},
        typos={lang: {str(k): normalise(str(v)) for k, v in (m or {}).items()}
               for lang, m in (data.get("typos") or {}).items()},
        person={lang: {normalise(str(k)): normalise(str(v)) for k, v in (m or {}).items()}
                for lang, m in (data.get("person") or {}).items()},
        question_word_levels={lang: _question_word_table(by_level)
                              for lang, by_level in (data.get("question_word_levels") or {}).items()},
        fingerprint=hashlib.sha256(raw.encode()).hexdigest()[:16],
    )


def _question_word_table(by_level) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """First word → (words of a question-word phrase, level), the longest phrases first."""
    rows = sorted(((tuple(normalise(str(p)).split()), level) for level, phrases in (by_level or {}).items()
                   for p in phrases or ()), key=lambda r: (-len(r[0]), r[0]))
    out: dict[str, list] = {}
    for phrase, level in rows:
        if phrase:
            out.setdefault(phrase[0], []).append((phrase, level))
    return {w: tuple(v) for w, v in out.items()}


def question_word_level(words: Sequence[str], lang: str) -> tuple[int, str | None]:
    """How many of the opening ``words`` form a question-word phrase of the table, and its level."""
    if not words:
        return 0, None
    for phrase, level in lexicon().question_word_levels.get(lang, {}).get(words[0], ()):
        if tuple(words[:len(phrase)]) == phrase:
            return len(phrase), level
    return 0, None


def normalise(raw: str) -> str:
    """Lowercase, accents and punctuation removed, single spaces (no typo fixes)."""
    s = raw.lower()
    if _ASCII_SAFE.search(s):
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return " ".join(_PUNCT.sub(" ", s).split())


def fix_typos(norm: str, lang: str) -> str:
    """``norm`` with the known typos of ``lang`` replaced word by word."""
    typos = lexicon().typos.get(lang)
    if not typos:
        return norm
    return " ".join(typos.get(t, t) for t in norm.split())


def clauses(raw: str, lang: str) -> list[list[str]]:
    """The normalised, typo-fixed words of each clause (split at , ; : . ! ? and dashes)."""
    out = []
    for part in _CLAUSE.split(raw):
        words = fix_typos(normalise(part), lang).split()
        if words:
            out.append(words)
    return out


@functools.cache
def _word_languages() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for lang, words in lexicon().stopwords.items():
        for w in words:
            out.setdefault(w, []).append(lang)
    return {w: tuple(langs) for w, langs in out.items()}


def language_scores(words: list[str]) -> dict[str, int]:
    """How many of ``words`` are function words of each language the lexicon knows."""
    scores = dict.fromkeys(lexicon().stopwords, 0)
    table = _word_languages()
    for w in words:
        for lang in table.get(w, ()):
            scores[lang] += 1
    return scores


def detect_language(text: str | Sequence[str], default: str = "nl") -> str:
    """``nl``, ``en``, another code from the lexicon (``de``, ``fr`` …) or ``default`` when unsure.

    ``text`` is a text or its normalised words. A language other than Dutch or English wins
    only with clear evidence (at least two function words more than the best supported
    language), so a short question with one ambiguous word is not sent away.
    """
    words = normalise(text).split() if isinstance(text, str) else list(text)
    scores = language_scores(words)
    best_supported = max(SUPPORTED, key=lambda lang: (scores.get(lang, 0), lang == default))
    other = max((lang for lang in scores if lang not in SUPPORTED), key=lambda lang: scores[lang], default=None)
    if other and scores[other] >= 2 and scores[other] > scores.get(best_supported, 0):
        return other
    if scores.get(best_supported, 0) == 0:
        return default
    if scores.get(best_supported, 0) == scores.get(default, 0):
        return default
    return best_supported


def edit1(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def fuzzy_member(word: str, words: frozenset[str]) -> str | None:
    """``word`` itself when in ``words``; else the one member one typo away (words of 4+ letters)."""
    if word in words:
        return word
    if len(word) < 4:
        return None
    for w in sorted(words):
        if len(w) >= 4 and edit1(word, w):
            return w
    return None
