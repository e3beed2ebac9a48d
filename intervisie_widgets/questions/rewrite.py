"""Rewrites that keep the learner's own words: :func:`suggest` gives a :class:`Rewrite`.

A closed question becomes open ("Heb je al met je leidinggevende gepraat?" → "Wat heb je tot
nu toe met je leidinggevende besproken?"), advice an exploring question on the same topic,
a bare "waarom" "Wat maakt dat …?", a leading question a neutral one, stacked questions the
first one alone, and a good question one level up the pyramid on the same topic. The patterns
are language data in ``content/questions/rewrites.yaml``. Where no pattern fits, a general
question of the level is offered, and the :class:`Rewrite` says that it is general.
"""
from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass

from .. import catalog
from ..model import LEVELS
from . import grammar
from .text import lexicon, normalise

KINDS = ("stacked", "advice", "leading", "why", "closed", "higher", "general")
_LEAD = {"nl": ("en", "maar", "dus", "oké", "oke", "nou", "ok"), "en": ("and", "but", "so", "ok", "okay", "well")}
_TAGS = {"nl": r",?\s*(?:toch|hè|he|niet dan|of niet|zeker|toch wel)$",
         "en": r",?\s*(?:right|isn[’']?t it|aren[’']?t you|don[’']?t you|didn[’']?t you|wasn[’']?t it|weren[’']?t you"
               r"|wasn[’']?t she|wasn[’']?t he|no)$"}
_INNER = {"nl": r"\b(?:toch|nou|gewoon)\s+", "en": r"\b(?:surely|obviously|clearly)\s+,?\s*"}
_EN_OBJ = {"you": "you", "he": "him", "she": "her", "they": "them", "it": "it", "we": "us"}
_NOT_CONTENT = frozenset("waar zo true the a an it that this so wel niet echt nog al een de het dat gelukt "
                         "possible right enough genoeg".split())
_YOU = frozenset({"je", "jij", "u", "jullie", "you"})
#: A question about yourself ("Hoe krijg ik …", "How do I …") gets the ik-form one level up.
_FIRST_PERSON = frozenset({"ik", "mij", "mijn", "i", "my", "me"})


@dataclass(frozen=True)
class Rewrite:
    """A better question and what kind of rewrite it is (one of :data:`KINDS`).

    ``general`` rewrites are example questions of a level, not built from the learner's words.
    """

    text: str
    kind: str
    lang: str

    @property
    def general(self) -> bool:
        return self.kind == "general"

    def label(self, lang: str | None = None) -> str:
        """What kind of rewrite this is, in words ("Van gesloten naar open", "Een algemene vraag …")."""
        return catalog.text(f"exercises.rewrite_kind_{self.kind}", lang or self.lang)


@dataclass(frozen=True)
class _Pattern:
    kinds: frozenset[str]
    regex: re.Pattern
    out: str
    opener: str | None
    noun: str | None


@functools.cache
def patterns(lang: str) -> tuple[_Pattern, ...]:
    """The compiled patterns of ``rewrites.yaml`` for ``lang`` (empty for another language)."""
    data = grammar.data()
    macros = data.get("macros", {}).get(lang, {})
    out = []
    for p in data.get(lang, {}).get("patterns") or ():
        source = p["match"]
        for name, value in macros.items():
            source = source.replace(f"<{name}>", value)
        out.append(_Pattern(frozenset(p["for"]), re.compile(source, re.IGNORECASE), p["out"], p.get("opener"),
                            p.get("noun")))
    return tuple(out)


def prepare(text: str, lang: str) -> str:
    """The question as the patterns read it: no end punctuation, no leading "en/and", lower first letter."""
    s = " ".join(str(text).split())
    s = re.sub(r"[\s?!.…]+$", "", s)
    lead = _LEAD.get(lang, ())
    while True:
        m = re.match(r"^(\w+)[,\s]+(?=\w)", s)
        if not (m and m[1].lower() in lead):
            break
        s = s[m.end():]
    if s and not (lang == "en" and re.match(r"^I\b", s)):
        s = s[0].lower() + s[1:]
    return s


class _Formatter(string.Formatter):
    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value, spec):
        value = "" if value is None else str(value)
        if spec == "clean":
            return grammar.drop_fillers(value, self.lang)
        if spec == "positive":
            drop = grammar.words_of(self.lang, "positive_drop")
            words = value.split()
            lead = " " if value.startswith(" ") else ""
            return lead + " ".join(w for w in words if w.lower().strip("’'") not in drop)
        if spec == "inv":
            return grammar.invert(value, self.lang) or value
        return value


def _looks_like_content(word: str, lang: str) -> bool:
    """A word that can carry meaning (a noun or adjective), not a function word or a participle."""
    w = normalise(word)
    lex = lexicon()
    if len(w) < 3 or not w.isalpha() or w in _NOT_CONTENT or w in lex.stopwords.get(lang, ()):
        return False
    if w in lex.closed_openers.get(lang, ()):
        return False
    return not (lang == "nl" and re.fullmatch(r"\w*ge\w{2,}(d|t)", w))


def _computed(groups: dict, lang: str) -> dict:
    """The fields the code fills in (see the head of ``rewrites.yaml``)."""
    g = {k: (v or "") for k, v in groups.items()}
    s, v = g.get("s", "je") or "je", g.get("v", "")
    if lang == "nl":
        past = grammar.nl_finite(v, s)[1] if v else False
        g["maakt"] = "maakte" if past else "maakt"
        g["jou"] = "u" if s.lower() == "u" else "jou"
        if v and "rest" in groups:
            g["clause"] = grammar.nl_clause(s, v, g["rest"])[0]
        if "inf" in groups:
            drop = grammar.words_of("nl", "positive_drop") | grammar.words_of("nl", "fillers")
            x = " ".join(w for w in g.get("x", "").split() if w.lower() not in drop)
            g["xzou"] = _particle_last(x, g["inf"])
    else:
        g["makes"] = "made" if v.lower() in ("was", "did", "were") else "makes"
        g["obj"] = _EN_OBJ.get(s.lower(), s)
        if v:
            g["ing"] = grammar.en_ing(v)
    return g


def _particle_last(x: str, inf: str) -> str:
    """"hem op" + "bellen" → "hem zou opbellen"; "met haar" + "praten" → "met haar zou praten"."""
    words = x.split()
    if words and words[-1].lower() in grammar.words_of("nl", "particles"):
        return " ".join([*words[:-1], "zou", words[-1].lower() + inf])
    return " ".join([*words, "zou", inf])


def _you_second(prepared: str) -> bool:
    """"Mis je …", "Hebben jullie …": a verb before "je/jullie/you" opens a yes/no question."""
    words = prepared.split()
    return len(words) > 1 and words[1].lower() in _YOU


def _finish(text: str, lang: str = "") -> str:
    s = " ".join(text.split())
    s = re.sub(r"\s+([?,])", r"\1", s)
    if lang == "nl":
        r_words = "|".join(grammar.words_of("nl", "r_pronouns"))
        posts = "|".join(grammar.words_of("nl", "postpositions"))
        s = re.sub(rf"\b({r_words}) ({posts})\b(?= \w+\?$)", r"\1\2", s)
    return s[:1].upper() + s[1:] if s else s


def from_words(text: str, lang: str, kind: str) -> str | None:
    """The first pattern's rewrite of ``text`` for a question with problem ``kind``, if any fits
    and its result is an open question without advice."""
    from .analysis import analyse

    prepared = prepare(text, lang)
    openers = lexicon().closed_openers.get(lang, frozenset())
    for p in patterns(lang):
        if kind not in p.kinds:
            continue
        m = p.regex.match(prepared)
        if not m:
            continue
        if p.opener and normalise(m[p.opener]) not in openers and not _you_second(prepared):
            continue
        if p.noun and not _looks_like_content(m[p.noun] or "", lang):
            continue
        try:
            out = _finish(_Formatter(lang).format(p.out, **_computed(m.groupdict(), lang)), lang)
        except (KeyError, IndexError, ValueError):
            continue
        check = analyse(out, lang)
        if check.problem is None and check.lang == lang and check.open and not check.advice and not check.stacked:
            return out
    return None


def neutral(text: str, lang: str) -> str:
    """A leading question without its tag or its "toch": "Je was toch boos?" → "was je boos"."""
    s = prepare(text, lang)
    s = re.sub(_TAGS.get(lang, "$^"), "", s, flags=re.IGNORECASE)
    s = re.sub(_INNER.get(lang, "$^"), "", s, flags=re.IGNORECASE).strip(" ,")
    return grammar.invert(s, lang) or s


def problem_kind(a) -> str | None:
    """The first thing to mend in an analysed question: advice, leading, why or closed."""
    if a.advice:
        return "advice"
    if a.leading:
        return "leading"
    if a.bare_why:
        return "why"
    if not a.open:
        return "closed"
    return None


def first_question(text: str, lang: str) -> str | None:
    """The first of several questions in one text, with its question mark."""
    s = " ".join(text.split())
    if s.count("?") >= 2:
        return s[: s.index("?") + 1]
    lex = lexicon()
    starts = lex.question_words.get(lang, frozenset()) | lex.closed_openers.get(lang, frozenset())
    for m in re.finditer(r",?\s+(?:en|of|and|or)\s+(\w+)|,\s*(\w+)", s):
        word = normalise(m[1] or m[2])
        if word in starts and m.start() > 0:
            return s[: m.start()].rstrip(" ,") + "?"
    return None


def suggest(a, lang: str | None = None) -> Rewrite | None:
    """The rewrite of an :class:`~.analysis.Analysis`; ``None`` for a problem or a good top-level question."""
    lang = lang or a.lang
    if a.problem is not None or a.level is None:
        return None
    if a.stacked:
        stacked = _stacked(a, lang)
        if stacked is not None:
            return stacked
    kind = problem_kind(a)
    if kind is not None:
        text = neutral(a.text, a.lang) if kind == "leading" else a.text
        out = from_words(text, a.lang, kind) or (from_words(text, a.lang, "closed") if kind == "leading" else None)
        if out:
            return Rewrite(out, kind, a.lang)
        key = "questions.rewrite_advice" if kind == "advice" else f"questions.rewrite_{a.level}"
        return Rewrite(catalog.text(key, lang), "general", lang)
    if a.level == LEVELS[-1]:
        return None
    return _higher(a, lang) if not a.stacked else None


def _stacked(a, lang: str) -> Rewrite | None:
    from .analysis import analyse

    first = first_question(a.text, a.lang)
    if not first:
        return None
    one = analyse(first, a.lang)
    if one.problem is not None or one.stacked:
        return None
    if one.good:
        return Rewrite(_finish(first), "stacked", a.lang)
    better = suggest(one, lang)
    if better is None or better.general:
        return None
    return Rewrite(better.text, "stacked", a.lang)


def _higher(a, lang: str) -> Rewrite:
    """One level up on the same topic ("… als het gaat om je werk als verpleegkundige?"), else general."""
    from .topic import find_topic

    nxt = LEVELS[LEVELS.index(a.level) + 1]
    topic = find_topic(a.text, a.lang)
    ik = bool(set(normalise(a.text).split()) & _FIRST_PERSON)
    template = (grammar.data().get(a.lang, {}).get("higher_ik" if ik else "higher") or {}).get(nxt)
    if topic and template:
        return Rewrite(_finish(template.format(topic=topic)), "higher", a.lang)
    return Rewrite(catalog.text(f"questions.rewrite_{nxt}", lang), "general", lang)
