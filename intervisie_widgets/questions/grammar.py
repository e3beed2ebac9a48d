"""Small pieces of Dutch and English grammar for the rewrites (:mod:`.rewrite`).

Only what the rewrite patterns need: the Dutch verb as it stands at the end of a subordinate
clause ("… dat je haar niet belt"), a separable particle joined to it ("aangeeft"), the
English -ing form, and turning a statement into a yes/no question ("je was boos" → "was je
boos"). The word lists are in ``content/questions/rewrites.yaml``.
"""
from __future__ import annotations

import functools
import re

from ..catalog import question_bank

#: Dutch past forms that do not end in -de/-te.
_NL_PAST = frozenset(
    "was waren had hadden zou zouden kon konden wou wilde mocht moest deed deden ging gingen zag kwam stond zat lag "
    "nam gaf bleef liep koos hield wist dacht vond zei kreeg werd sprak schreef bracht kocht zocht sloeg droeg vroeg "
    "liet viel hing trok wees bood schrok begon won verloor reed las at dronk zweeg riep hielp sprong vergat voelde "
    "merkte maakte".split())
#: Present forms after "je/jij" that take a different form in a subordinate clause.
_NL_AFTER_JE = {"ben": "bent", "kun": "kunt", "zal": "zult", "ga": "gaat", "sta": "staat", "doe": "doet",
                "zie": "ziet", "sla": "slaat", "hou": "houdt", "wil": "wilt", "heb": "hebt", "vind": "vindt",
                "word": "wordt", "houd": "houdt", "kan": "kunt"}
_NL_MODALS = frozenset("wil wilt kun kunt kan moet mag zou zal zult ga gaat durf durft hoef hoeft blijf blijft "
                       "wou wilde kon moest mocht ging durfde hoefde bleef".split())


@functools.cache
def data() -> dict:
    """The content of ``content/questions/rewrites.yaml``, read once."""
    raw = question_bank.CONTENT.joinpath("questions", "rewrites.yaml").read_text(encoding="utf-8")
    return question_bank.load_yaml(raw) or {}


def words_of(lang: str, key: str) -> frozenset[str]:
    """A word list of ``rewrites.yaml`` (``fillers``, ``particles`` …) for ``lang``."""
    return frozenset(str(w) for w in (data().get(lang, {}).get(key) or ()))


def drop_fillers(phrase: str, lang: str) -> str:
    """``phrase`` without the filler adverbs (al, eens, gewoon … / just, already …); "het eens"
    ("het eens zijn met") keeps its "eens"."""
    fillers = words_of(lang, "fillers")
    words = phrase.split()
    return " ".join(w for i, w in enumerate(words)
                    if w.lower() not in fillers or (w.lower() == "eens" and i > 0 and words[i - 1].lower() == "het"))


def nl_finite(verb: str, subj: str) -> tuple[str, bool]:
    """The Dutch verb as it stands after the subject in a subordinate clause, and whether it is past."""
    v = verb.lower()
    past = v in _NL_PAST or (len(v) > 3 and v.endswith(("de", "te", "den", "ten")))
    if past or subj.lower() not in ("je", "jij"):
        return verb, past
    if v in _NL_AFTER_JE:
        return _NL_AFTER_JE[v], False
    return (verb if v.endswith("t") else verb + "t"), False


def nl_clause(subj: str, verb: str, rest: str) -> tuple[str, bool]:
    """The subordinate clause of "V subj rest": "je haar niet belt", "je het niet aangeeft bij …",
    "je dat wilt doen", "je niet eerlijk zegt wat …". Returns the clause and whether it is past."""
    finite, past = nl_finite(verb, subj)
    words = drop_fillers(rest, "nl").split()
    lower = [w.lower() for w in words]
    subordinators = words_of("nl", "subordinators")
    cut = next((i for i, w in enumerate(lower) if w in subordinators and i > 0), len(words))
    head, tail = words[:cut], words[cut:]
    at = _particle_at([w.lower() for w in head])
    if at is not None:
        # "het niet aan bij de coördinator" + "geeft" → "het niet aangeeft bij de coördinator"
        joined = head[:at] + [head[at].lower() + finite] + head[at + 1:]
        return " ".join([subj.lower(), *joined, *tail]), past
    if finite.lower() in _NL_MODALS | {"bent", "hebt", "heb", "heeft"} and head and re.fullmatch(r"\w+en", head[-1]):
        # "dat je dat wilt doen": the finite verb before the infinitive at the end.
        return " ".join([subj.lower(), *head[:-1], finite, head[-1], *tail]), past
    return " ".join([subj.lower(), *head, finite, *tail]), past


def _particle_at(lower: list[str]) -> int | None:
    """Where a separable particle stands in a clause: the last word, or a particle before a
    preposition ("aan bij de …"); not a word that belongs to an earlier "er/daar" ("er niet mee")."""
    particles = words_of("nl", "particles")
    preps = words_of("nl", "prepositions")
    spots = [i for i, w in enumerate(lower) if w in particles and (i == len(lower) - 1 or lower[i + 1] in preps)]
    if not spots:
        return None
    i = spots[-1] if spots[-1] == len(lower) - 1 else spots[0]
    if lower[i] in words_of("nl", "postpositions") and any(w in ("er", "daar", "hier") for w in lower[:i]) \
            and len(spots) == 1:
        return None
    return i


def nl_join_particle(words: str, verb: str) -> str:
    """"hem op" + "bellen" → "hem opbellen": a separable particle joined to the verb after it."""
    parts = words.split()
    if parts and parts[-1].lower() in words_of("nl", "particles"):
        return " ".join([*parts[:-1], parts[-1].lower() + verb])
    return " ".join([*parts, verb])


def en_ing(verb: str) -> str:
    """The English -ing form: talk → talking, make → making, stop → stopping, lie → lying."""
    v = verb.lower()
    if v in words_of("en", "double_final"):
        return v + v[-1] + "ing"
    if v.endswith("ie"):
        return v[:-2] + "ying"
    if v.endswith("e") and not v.endswith(("ee", "ye", "oe")) and v != "be":
        return v[:-1] + "ing"
    return v + "ing"


def invert(statement: str, lang: str) -> str | None:
    """A statement turned into a yes/no question: "je was boos" → "was je boos", "you were angry"
    → "were you angry". ``None`` when it does not start with a subject and a finite verb."""
    words = statement.split()
    if len(words) < 3:
        return None
    subjects = words_of(lang, "subjects")
    finite = words_of(lang, "finite_verbs")
    subj, verb = words[0].lower(), words[1].lower()
    if subj not in subjects:
        return None
    if lang == "en":
        if verb in finite:
            return " ".join([verb, subj, *words[2:]])
        # "you felt angry" → "did you feel angry" is not attempted: irregular pasts.
        return None
    if lang == "nl" and subj in ("dat", "dit", "het", "daar") and words[2].lower() in ("je", "jij", "u", "hij", "zij"):
        # "dat had je beter niet kunnen zeggen" → "had je dat beter niet kunnen zeggen"
        return " ".join([verb, words[2], subj, *words[3:]])
    if verb in finite or re.fullmatch(r"[a-z]+(t|de|te)", verb):
        if subj in ("je", "jij"):
            verb = _nl_stem(verb)
        return " ".join([verb, subj, *words[2:]])
    return None


_NL_BACK = {v: k for k, v in _NL_AFTER_JE.items() if k != "kan"}


def _nl_stem(verb: str) -> str:
    """"vindt" → "vind", "bent" → "ben", "gaat" → "ga", "praat" stays: the verb before "je"."""
    if verb in _NL_BACK:
        return _NL_BACK[verb]
    if not verb.endswith("t") or len(verb) < 4 or verb.endswith(("tt", "cht")) or verb[-2] in "aeiou":
        return verb
    return verb[:-1]
