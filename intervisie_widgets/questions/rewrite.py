"""Turn a bare "waarom/why" question into "Wat maakt dat …?" / "What makes you …?"."""
from __future__ import annotations

import re

from .. import catalog

_NL = re.compile(r"^\W*waarom\s+(?P<verb>[^\W\d_]+)\s+(?P<subj>je|jij|u|jullie|hij|zij|ze|het|dat|dit|we|wij)\b\s*(?P<rest>.*?)[\s?.!]*$",
                 re.IGNORECASE)
_EN = re.compile(r"^\W*why\s+(?P<aux>did|do|does|are|were|would|is|was)\s+(?P<subj>you|he|she|they|it|we)\b\s*(?P<rest>.*?)[\s?.!]*$",
                 re.IGNORECASE)
#: Dutch past forms that do not end in -de/-te.
_NL_PAST = frozenset(
    "was waren had hadden zou zouden kon konden wou wilde mocht moest deed deden ging gingen zag kwam stond zat lag "
    "nam gaf bleef liep koos hield wist dacht vond zei kreeg werd sprak schreef bracht kocht zocht sloeg droeg vroeg "
    "liet viel hing trok wees bood schrok begon won verloor reed las at dronk zweeg riep hielp sprong vergat".split())
#: Present forms after "je/jij" that take a different form in a subordinate clause.
_NL_AFTER_JE = {"ben": "bent", "kun": "kunt", "zal": "zult", "ga": "gaat", "sta": "staat", "doe": "doet",
                "zie": "ziet", "sla": "slaat", "hou": "houdt", "wil": "wilt", "heb": "hebt"}
_EN_OBJ = {"you": "you", "he": "him", "she": "her", "they": "them", "it": "it", "we": "us"}


def _nl_finite(verb: str, subj: str) -> tuple[str, bool]:
    """The verb as it stands after the subject, and whether it is past tense."""
    v = verb.lower()
    past = v in _NL_PAST or v.endswith(("de", "te", "den", "ten"))
    if past or subj.lower() not in ("je", "jij"):
        return verb, past
    if v in _NL_AFTER_JE:
        return _NL_AFTER_JE[v], False
    return (verb if v.endswith("t") else verb + "t"), False


def why_rewrite(text: str, lang: str) -> str | None:
    """The "Wat maakt dat …?" form of a simple bare-why question, or ``None`` when it is not simple."""
    if lang == "nl":
        m = _NL.match(text.strip())
        if not m:
            return None
        verb, past = _nl_finite(m["verb"], m["subj"])
        clause = " ".join(x for x in (m["subj"].lower(), m["rest"], verb) if x)
        return catalog.text("questions.rewrite_why_past" if past else "questions.rewrite_why_present", "nl",
                            clause=clause)
    if lang == "en":
        m = _EN.match(text.strip())
        if not m or not m["rest"]:
            return None
        aux = m["aux"].lower()
        obj = _EN_OBJ[m["subj"].lower()]
        rest = m["rest"]
        if aux == "would":
            return catalog.text("questions.rewrite_why_would", "en", clause=f"{obj} {rest}")
        past = aux in ("did", "were", "was")
        return catalog.text("questions.rewrite_why_past" if past else "questions.rewrite_why_present", "en",
                            clause=f"{obj} {rest}")
    return None
