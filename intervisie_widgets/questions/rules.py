"""Rules for the form of a question: is it one, is it open, advice, leading, stacked, a bare why.

The rules read the clauses of the text (see :func:`text.clauses`) and the patterns in
``content/questions/cues.yaml`` and ``content/questions/forms.yaml``. They are deliberately plain so that the feedback can say
exactly what it noticed.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..catalog import question_bank
from .text import fuzzy_member, lexicon, normalise, word_start_patterns

#: Kinds of clause opening, see :func:`clause_kind`.
OPEN, CLOSED, LEADIN, TAGGED, NONE = "open", "closed", "leadin", "tagged", "none"
_WHY = {"nl": frozenset({"waarom"}), "en": frozenset({"why"})}
#: "… en wat niet": a contrast, not a second question.
_CONTRAST = frozenset({"niet", "wel", "not", "nog"})
#: A tag at the end that makes a statement a question ("Dat was lastig, hè").
_TAGS = {"nl": frozenset({"he", "toch"}), "en": frozenset({"right"})}
_AND_OR = {"nl": frozenset({"en", "of"}), "en": frozenset({"and", "or"})}
#: Pronouns that make a verb-first clause a question rather than an order ("Doe je …" vs "Doe het").
_PERSONS = {"nl": frozenset("je jij u jullie hij zij ze we wij er ik".split()),
            "en": frozenset("you he she they we i there it".split())}
#: Dutch finite verbs that are never an order.
_NL_AUX = frozenset("is was zijn waren ben bent heb hebt heeft had hadden kun kunt kan kon konden zou zouden "
                    "zal zul zult wil wilt wou mag mocht moet moest word wordt werd".split())
#: A statement made into a question with "toch": "Je was toch moe?", "Het lag toch aan …".
_TOCH = re.compile(r"^(je|jij|u|jullie|het|dat|dit|die|ze|zij|hij|er|we|wij|de \w+|deze \w+|die \w+)( \w+){1,5} toch\b")


#: After "<stem> je" these make an order, not a question ("Maak je niet druk", "Voel je maar vrij").
_NL_ORDER_AFTER_JE = frozenset({"niet", "geen", "nergens", "maar"})
#: A question word this near the end of a short question makes it open ("Belangrijk voor wie?").
_END_QUESTION_MAX_WORDS = 6
_END_UNMARKED_MAX_WORDS = 4


@dataclass(frozen=True)
class Forms:
    """The compiled content of ``forms.yaml``."""

    advice: dict[str, re.Pattern]
    closed_openers: dict[str, frozenset[str]]
    open_prompts: dict[str, re.Pattern]
    end_fillers: dict[str, frozenset[str]]
    end_ambiguous: dict[str, frozenset[str]]
    not_advice: dict[str, re.Pattern]
    open_leadins: dict[str, re.Pattern]
    advice_person: dict[str, dict[str, str]]
    advice_verbs: dict[str, dict[str, str]]
    end_question_words: dict[str, frozenset[str]]
    end_not_question: dict[str, re.Pattern]


@functools.cache
def forms() -> Forms:
    """The patterns of ``content/questions/forms.yaml``, read once."""
    raw = question_bank.CONTENT.joinpath("questions", "forms.yaml").read_text(encoding="utf-8")
    data = question_bank.load_yaml(raw) or {}

    def per_lang(key, build):
        return {lang: build(v) for lang, v in (data.get(key) or {}).items()}

    words = lambda values: frozenset(normalise(str(v)) for v in values or ())  # noqa: E731
    table = lambda m: {normalise(str(k)): normalise(str(v)) for k, v in (m or {}).items()}  # noqa: E731
    return Forms(advice=per_lang("advice", word_start_patterns), closed_openers=per_lang("closed_openers", words),
                 open_prompts=per_lang("open_prompts", word_start_patterns), end_fillers=per_lang("end_fillers", words),
                 end_ambiguous=per_lang("end_ambiguous", words), not_advice=per_lang("not_advice", word_start_patterns),
                 open_leadins=per_lang("open_leadins", word_start_patterns),
                 advice_person=per_lang("advice_person", table), advice_verbs=per_lang("advice_verbs", table),
                 end_question_words=per_lang("end_question_words", words),
                 end_not_question=per_lang("end_not_question", word_start_patterns))


@dataclass(frozen=True)
class Form:
    """What the rules found in one text."""

    is_question: bool
    open: bool
    advice: bool
    leading: bool
    stacked: bool
    bare_why: bool
    question_clauses: int


def _matches(patterns: dict, lang: str, text: str) -> bool:
    p = patterns.get(lang)
    return bool(p and p.search(text))


def _skip_fillers(words: list[str], lang: str) -> list[str]:
    fillers = lexicon().fillers.get(lang, frozenset())
    i = 0
    while i < len(words) - 1 and words[i] in fillers:
        i += 1
    return words[i:]


def _looks_like_order(words: list[str], lang: str) -> bool:
    """A present stem without a person after it ("Doe het gewoon", "Don't let it get to you"): an order."""
    if lang == "en" and words[:2] in (["don", "t"], ["do", "not"]):
        return len(words) > 2 and words[2] not in _PERSONS["en"]
    if lang == "en" and words[0] == "dont":
        return words[1] not in _PERSONS["en"]
    verb, nxt = words[0], words[1]
    if lang == "nl" and nxt == "je" and words[2:3] and words[2] in _NL_ORDER_AFTER_JE:
        nxt = words[2]  # "Maak je niet druk", "Schaam je nergens voor": a reflexive order
    if nxt in _PERSONS.get(lang, ()):
        return False
    if lang != "nl":
        return verb in ("do", "try", "ask", "tell", "take", "make", "let", "go", "stop", "start", "keep")
    past = verb.endswith(("de", "te", "den", "ten")) or verb in ("deed", "ging", "zag", "stond", "zat", "kwam", "kende",
                                                                 "wist", "dacht", "vond", "zei", "kreeg", "liep")
    return not past and verb not in _NL_AUX and not verb.endswith("t")


def _verb_first(words: list[str], lang: str, marked: bool) -> str | None:
    """``closed`` for a yes/no question opened by a finite verb, ``none`` for an order, else ``None``."""
    lex = lexicon()
    first = words[0]
    known = first in lex.closed_openers.get(lang, frozenset())
    # The verbs of forms.yaml count only with a subject after them ("Hebben we …", "Dient de …").
    extra = first in forms().closed_openers.get(lang, frozenset()) and words[1:2] and \
        words[1] in lex.subjects.get(lang, frozenset())
    if not (known or extra) or len(words) < 2:
        return None
    if not marked and _looks_like_order(words, lang):
        return NONE
    return CLOSED


def _question_word_at_end(words: list[str], lang: str, marked: bool) -> bool:
    """A short question that ends in its question word ("Belangrijk voor wie?", "Important to whom?")
    or asks for more ("En toen?", "And after that?"), with or without a question mark."""
    if len(words) > _END_QUESTION_MAX_WORDS:
        return False
    # Without a question mark only a short clause without a person ("belangrijk voor wie", not "ik weet niet waarom").
    if not marked and (len(words) > _END_UNMARKED_MAX_WORDS or any(w in _PERSONS.get(lang, ()) for w in words)):
        return False
    f = forms()
    if _matches(f.open_prompts, lang, " ".join(words)):
        return True
    if _matches(f.end_not_question, lang, " ".join(words)):
        return False
    fillers = f.end_fillers.get(lang, frozenset())
    tail = list(words)
    while len(tail) > 1 and tail[-1] in fillers:
        tail.pop()
    lex = lexicon()
    if len(tail) < 2 or tail[-1] not in lex.question_words.get(lang, frozenset()) | f.end_question_words.get(lang, frozenset()):
        return False
    first = _skip_fillers(tail, lang)[0]
    if first in lex.closed_openers.get(lang, frozenset()) or first in f.closed_openers.get(lang, frozenset()):
        return False  # "Weet je waarom?", "Is dat waar?": a yes/no question
    # "Dat is niet waar?": "waar" is "true" unless a preposition or filler stands before it ("Maar waar?")
    return tail[-1] not in f.end_ambiguous.get(lang, frozenset()) or \
        tail[-2] in lex.prepositions.get(lang, frozenset()) | lex.fillers.get(lang, frozenset())


def clause_kind(words: list[str], lang: str, marked: bool = True) -> str:
    """How a clause opens: ``open`` (question word), ``closed`` (verb then subject),
    ``leadin`` ("Kun je vertellen wat …"), ``tagged`` (a statement with "toch") or ``none``.

    ``marked`` says whether the text has a question mark; without one, an order ("Doe het
    gewoon") is not taken for a yes/no question.
    """
    lex = lexicon()
    if _question_word_at_end(words, lang, marked):
        return OPEN
    words = _skip_fillers(words, lang)
    if not words:
        return NONE
    joined = " ".join(words)
    if _matches(lex.not_question_openers, lang, joined):
        return NONE
    if _matches(lex.open_leadins, lang, joined) or _matches(forms().open_leadins, lang, joined):
        return LEADIN
    qwords = lex.question_words.get(lang, frozenset())
    if words[0] in qwords or (words[0] not in lex.stopwords.get(lang, ()) and fuzzy_member(words[0], qwords)):
        return OPEN
    # "In hoeverre …", "Met wie …", "Vanuit welke …": prepositions before the question word.
    preps = lex.prepositions.get(lang, frozenset())
    i = 0
    while i < min(3, len(words) - 1) and words[i] in preps:
        i += 1
    if i and words[i] in qwords:
        return OPEN
    verb_first = _verb_first(words, lang, marked)
    if verb_first is not None:
        return verb_first
    if lang == "nl" and _TOCH.search(joined):
        return TAGGED
    # "Als je naar jezelf kijkt, wat zie je dan": a question word, then verb and subject.
    openers = lex.closed_openers.get(lang, frozenset())
    subjects = lex.subjects.get(lang, frozenset())
    for k in range(1, len(words) - 2):
        if words[k] in qwords and words[k + 1] in openers and words[k + 2] in subjects:
            return OPEN
    return NONE


def _count_question_clauses(clauses: list[list[str]], kinds: list[str], lang: str) -> int:
    """Question clauses, counting "… en wat …" / "… and how …" inside a clause as a new one."""
    lex = lexicon()
    qwords = lex.question_words.get(lang, frozenset())
    openers = lex.closed_openers.get(lang, frozenset())
    subjects = lex.subjects.get(lang, frozenset())
    joiners = _AND_OR.get(lang, frozenset())
    n = 0
    seen_question = False
    for words, kind in zip(clauses, kinds):
        if kind != NONE and (not seen_question or len(words) > 2):
            # A short tag after a question ("…, denk je?") is not a question of its own.
            n += 1
            seen_question = True
        elif seen_question and words[0] in joiners and len(words) > 2:
            # ", en wat zei je toen" / ", of ben je …": a clause joined after a comma.
            if clause_kind(words[1:], lang) != NONE:
                n += 1
        for i in range(1, len(words) - 2):
            if words[i] in joiners and words[i - 1] not in qwords:
                nxt = words[i + 1]
                after = words[i + 2]
                if nxt in qwords and after not in joiners and after not in qwords and after not in _CONTRAST:
                    n += 1
                elif nxt in openers and words[i + 2] in subjects and kind != NONE:
                    n += 1
    return n


def _as_second_person(words: list[str], lang: str) -> str:
    """``words`` with "we"/"jullie"/"u" read as "je" (and the verb before them in the je-form)."""
    f = forms()
    person, verbs = f.advice_person.get(lang, {}), f.advice_verbs.get(lang, {})
    out = [person.get(w, w) for w in words]
    for i in range(len(words) - 1):
        if words[i + 1] in person:
            out[i] = verbs.get(words[i], out[i])
    return " ".join(out)


def _is_advice(joined: str, lang: str) -> bool:
    """Whether the question's words match an advice pattern (and none of the exceptions)."""
    f = forms()
    joined = _as_second_person(joined.split(), lang)
    if _matches(f.not_advice, lang, joined):
        return False
    return _matches(lexicon().advice, lang, joined) or _matches(f.advice, lang, joined)


def inspect(raw: str, clauses: list[list[str]], lang: str) -> Form:
    """The :class:`Form` of ``raw`` (its clauses already normalised for ``lang``)."""
    lex = lexicon()
    has_mark = "?" in raw
    kinds = [clause_kind(c, lang, has_mark) for c in clauses]
    first_q = next((k for k in kinds if k != NONE), NONE)
    exclaimed = not has_mark and raw.rstrip().endswith("!")
    tagged = bool(clauses) and clauses[-1][-1] in _TAGS.get(lang, ())
    is_question = not exclaimed and (has_mark or tagged or first_q != NONE)
    joined = " ".join(" ".join(c) for c in clauses)
    advice = is_question and _is_advice(joined, lang)
    # A statement with a question mark ("Je was boos?") asks for yes or no.
    is_open = first_q in (OPEN, LEADIN) and not advice
    leading = is_question and (first_q == TAGGED or _matches(lex.leading, lang, joined))
    n_clauses = _count_question_clauses(clauses, kinds, lang) if is_question else 0
    bare_why = False
    for words, kind in zip(clauses, kinds):
        if kind != NONE:
            w = _skip_fillers(words, lang)
            bare_why = bool(w) and fuzzy_member(w[0], _WHY.get(lang, frozenset())) is not None and not advice
            break
    return Form(is_question, is_open, advice, leading, n_clauses > 1, bare_why, max(n_clauses, 1 if is_question else 0))
