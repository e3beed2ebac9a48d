"""The leervraag check: is the inbrenger's own question a good leervraag? See :func:`check`.

A good leervraag (seed 000, step 1: "een vraag over jouw rol/jouw functioneren gerelateerd aan
een specifieke situatie") is an ik-question, open, concrete, about your own part in one
situation, and one question. "Hoe krijg ik mijn collega zover dat hij …" is about the other
person, not about your own part. The patterns are in ``content/questions/leervraag.yaml``;
the messages in ``content/texts/leervraag.yaml``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import catalog
from ..catalog import question_bank
from . import grammar
from .analysis import analyse
from .rewrite import first_question, prepare
from .text import SUPPORTED, lexicon, normalise

#: The problems of a leervraag, in the order they are shown.
PROBLEMS = ("several", "other_person", "not_ik", "closed", "not_concrete")
_AUX_EN = frozenset("do does did can could should would will shall may might must are were have has had am is was "
                    "when if that what how why who where which".split())
#: Fewer words than this is no leervraag yet ("collega", "Hoe dan?").
MIN_WORDS = 3
_TAG = re.compile(r"<[^>]*>")
#: Elements whose content is code or styling, never part of the question.
_CODE = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_CLAUSE_END = frozenset({",", "die", "dat", "wie", "wat", "who", "that", "which"})


@functools.cache
def _data() -> dict:
    raw = question_bank.CONTENT.joinpath("questions", "leervraag.yaml").read_text(encoding="utf-8")
    return question_bank.load_yaml(raw) or {}


@functools.cache
def _compiled(lang: str, key: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in _data().get(lang, {}).get(key) or ())


def formulating_steps() -> dict[str, frozenset[str]]:
    """Per method id, the steps where the inbrenger formulates or reformulates the question."""
    return {str(m): frozenset(str(s) for s in steps or ()) for m, steps in (_data().get("steps") or {}).items()}


def formulating_step(method_id: str, step_id: str) -> bool:
    """Whether the session runner shows the leervraag check at this step of this method."""
    return step_id in formulating_steps().get(method_id, frozenset())


@dataclass(frozen=True)
class LeervraagCheck:
    """The outcome of :func:`check`: ``problems`` (ids of :data:`PROBLEMS`), ``input_problem`` (the
    text is empty, too long, not a question … as in :data:`~.analysis.PROBLEMS`) and a ``rewrite``."""

    text: str
    lang: str
    problems: tuple[str, ...] = ()
    input_problem: str | None = None
    rewrite: str | None = None

    @property
    def ok(self) -> bool:
        return self.input_problem is None and not self.problems

    def messages(self, lang: str | None = None) -> list[tuple[str, str]]:
        """(id, message) for each problem, in ``lang``; the input problem alone when there is one."""
        lang = lang or self.lang
        if self.input_problem is not None:
            return [(self.input_problem, catalog.text(f"leervraag.input_{self.input_problem}", lang,
                                                      chars=len(self.text), limit=_limit()))]
        return [(p, catalog.text(f"leervraag.problem_{p}", lang)) for p in self.problems]

    def as_dict(self, lang: str | None = None) -> dict:
        """The ``leervraag`` object of ``intervisie classify``: ``ok``, ``problems`` (id and text), ``rewrite``."""
        return {"ok": self.ok, "lang": self.lang,
                "problems": [{"id": i, "text": t} for i, t in self.messages(lang)], "rewrite": self.rewrite}


def strip_html(text: str) -> str:
    """Text pasted with HTML tags, without the tags ("<b>Hoe</b> …" → "Hoe …") and without what a
    ``<script>`` or ``<style>`` element holds (code, not words of the question)."""
    return _TAG.sub(" ", _CODE.sub(" ", text)) if "<" in text else text


def _limit() -> int:
    from .analysis import MAX_CHARS

    return MAX_CHARS


def check(text: object, lang: str | None = "nl") -> LeervraagCheck:
    """Check a leervraag written in ``lang`` (``None``: detect Dutch or English); never raises."""
    raw = "" if text is None else text if isinstance(text, str) else str(text)
    raw = strip_html(raw)
    a = analyse(raw, lang)
    found = a.lang if a.lang in SUPPORTED else (lang if lang in SUPPORTED else "nl")
    if a.problem in (None, "not_question") and len(normalise(raw).split()) < MIN_WORDS:
        return LeervraagCheck(raw, found, input_problem="too_short")
    if a.problem is not None:
        better = _from_statement(raw, found) if a.problem == "not_question" else None
        return LeervraagCheck(raw, found, input_problem=a.problem, rewrite=better)
    problems = problems_of(raw, found, a)
    better = _rewrite(raw, found, problems) if problems else None
    return LeervraagCheck(raw, found, problems=problems, rewrite=better)


def problems_of(raw: str, lang: str, a=None) -> tuple[str, ...]:
    """The ids of what is wrong with a leervraag that is a question."""
    a = a if a is not None else analyse(raw, lang)
    words = normalise(raw).split()
    data = _data().get(lang, {})
    found = set()
    if a.stacked or raw.count("?") >= 2:
        found.add("several")
    first = prepare(first_question(raw, lang) or raw, lang)
    if any(p.search(first) for p in _compiled(lang, "other_person")):
        found.add("other_person")
    if not set(words) & {normalise(w) for w in data.get("self_words") or ()}:
        found.add("not_ik")
    if not a.open:
        found.add("closed")
    if not _concrete(raw, words, lang):
        found.add("not_concrete")
    return tuple(p for p in PROBLEMS if p in found)


def _concrete(raw: str, words: list[str], lang: str) -> bool:
    """A person, moment, place or event is named ("in het gesprek met de ouders", "toen ik …")."""
    data = _data().get(lang, {})
    norm = " ".join(words)
    if any(normalise(v) in norm for v in data.get("vague_words") or ()):
        return False
    situation = {normalise(w) for w in data.get("situation_words") or ()}
    if set(words) & situation:
        return True
    clause = data.get("situation_clauses")
    return bool(clause and re.search(clause, norm))


def _apply(kind: str, text: str, lang: str) -> str | None:
    """The first rewrite of ``leervraag.yaml``'s ``rewrites.<kind>`` that matches ``text``."""
    prepared = prepare(text, lang)
    for rule in (_data().get(lang, {}).get("rewrites") or {}).get(kind) or ():
        m = re.match(rule["match"], prepared, re.IGNORECASE)
        if m:
            values = {k: (v or "") for k, v in m.groupdict().items()}
            if "v" in values and lang == "en":
                values["ing"] = grammar.en_ing(values["v"])
            return _finish(rule["out"].format(**values))
    return None


def _finish(text: str) -> str:
    s = " ".join(text.split())
    s = re.sub(r"\s+([?,])", r"\1", s)
    s = s if s.endswith("?") else s.rstrip(".!") + "?"
    return s[:1].upper() + s[1:]


def _from_statement(raw: str, lang: str) -> str | None:
    """"Ik wil leren om nee te zeggen tegen …" → "Hoe kan ik nee zeggen tegen …?"."""
    better = _apply("statement", raw, lang)
    return better if better and "closed" not in problems_of(better, lang) else None


def _rewrite(raw: str, lang: str, problems: tuple[str, ...]) -> str | None:
    """A leervraag without the problems that words can mend (all but ``not_concrete``), or ``None``."""
    s = first_question(raw, lang) or raw if "several" in problems else raw
    if "not_ik" in problems:
        s = to_ik(s, lang)
    if "other_person" in problems or "other_person" in problems_of(s, lang):
        s = _apply("other_person", s, lang) or s
    if "closed" in problems_of(s, lang):
        s = _apply("closed", s, lang) or s
    s = _finish(prepare(s, lang))
    left = set(problems_of(s, lang)) - {"not_concrete"}
    return s if not left and s != _finish(prepare(raw, lang)) else None


def to_ik(text: str, lang: str) -> str:
    """A je-question as an ik-question: "Hoe bewaak je je grenzen?" → "Hoe bewaak ik mijn grenzen?"."""
    data = _data().get(lang, {})
    pronouns = {str(k): str(v) for k, v in (data.get("pronouns") or {}).items()}
    verbs = {str(k): str(v) for k, v in (data.get("je_to_ik") or {}).items()}
    tokens = re.findall(r"[\w'’]+|[^\w\s]", text)
    out: list[str] = []
    subject_seen = False
    for i, tok in enumerate(tokens):
        low = tok.lower()
        if low not in pronouns:
            out.append(tok)
            continue
        new = _pronoun(low, i, tokens, out, pronouns, subject_seen, lang)
        if new in ("ik", "I"):
            subject_seen = True
            _fix_verb(i, tokens, out, verbs, lang)
        out.append(new)
    return _join(out)


def _pronoun(low, i, tokens, out, pronouns, subject_seen, lang) -> str:
    prev = out[-1].lower() if out else ""
    nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
    if lang == "en":
        if low == "you":
            return "I" if prev in _AUX_EN or not out else "me"
        return pronouns[low]
    if low == "je":
        preps = grammar.words_of("nl", "prepositions")
        if prev in preps:
            return "mijn"
        if subject_seen and prev in ("ik",):
            # "Hoe voel je je daarbij?" → "me"; "Hoe bewaak je je grenzen?" → "mijn".
            stop = nxt in ("?", ",", "") or nxt in lexicon().stopwords.get("nl", ()) or nxt in preps
            return "me" if stop else "mijn"
        return "ik"
    return pronouns[low]


def _fix_verb(i, tokens, out, verbs, lang) -> None:
    """The verb that goes with the new "ik": before it ("kun ik" → "kan ik"), or later in the clause."""
    if lang == "en":
        if out and out[-1].lower() in ("are", "were"):
            out[-1] = "am" if out[-1].lower() == "are" else "was"
        elif i + 1 < len(tokens) and tokens[i + 1].lower() in ("are", "were"):
            tokens[i + 1] = "am" if tokens[i + 1].lower() == "are" else "was"
        return
    if out and out[-1].lower() in verbs:
        out[-1] = verbs[out[-1].lower()]
        return
    for j in range(i + 1, len(tokens)):
        if tokens[j].lower() in _CLAUSE_END:
            return
        if tokens[j].lower() in verbs:
            tokens[j] = verbs[tokens[j].lower()]
            return


def _join(tokens: list[str]) -> str:
    s = " ".join(tokens)
    return re.sub(r"\s+([?,.!])", r"\1", s)
