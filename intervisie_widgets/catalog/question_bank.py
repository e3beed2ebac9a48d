"""The labelled question bank (``content/questions/<lang>/<level>.yaml`` plus the trainer's
``$INTERVISIE_CONTENT_DIR/questions/<lang>/<level>.yaml``) and its train/dev split.

Read once per process through the one loader (:func:`~intervisie_widgets.catalog.loader.load`):
a YAML error names file and line, a broken entry file and field (``[3].t``). An entry's id is its
normalised text: a trainer's entry with the text of a packaged one replaces it (e.g. with another
level), the same text twice in the packaged files (or twice in the trainer's) is an error.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import yaml

from ..model import LANGUAGES, LEVELS, Question
# CONTENT: questions/ reads content/questions/cues.yaml through question_bank.CONTENT.
from .loader import CONTENT, PACKAGED, ContentError, Kind, Problem, Reader, Source, load  # noqa: F401

#: Share of the bank held out as the dev split (by a stable hash of the normalised text).
DEV_PERCENT = 20
_NON_QUESTIONS_FILE = "niet-vragen"
_QUESTION_FLAGS = ("open", "advice", "leading", "stacked", "why")
#: The fields an entry may have; any other key is an error (a typo such as ``sectr`` is not ignored).
_QUESTION_KEYS = frozenset(("t", "display", "sector", "tpl", *_QUESTION_FLAGS))
_NON_QUESTION_KEYS = frozenset(("t", "lang"))


def normalise_question_text(raw: str) -> str:
    """Lowercase, accents and punctuation removed, single spaces: the key for duplicates and splits."""
    import unicodedata

    s = unicodedata.normalize("NFKD", raw.lower())
    s = "".join(c if c.isalnum() else " " for c in s if not unicodedata.combining(c))
    return " ".join(s.split())


def question_split(raw: str, tpl: str = "") -> str:
    """``dev`` for about ``DEV_PERCENT`` % of texts, ``train`` for the rest; stable across runs.

    With a template id ``tpl`` the id decides, so every variant of one template lands in one split.
    """
    import zlib

    key = (f"tpl:{tpl}" if tpl else normalise_question_text(raw)).encode("utf-8")
    return "dev" if zlib.crc32(key) % 100 < DEV_PERCENT else "train"


def _sources() -> list[tuple[str, Source]]:
    """(lang, file) of every question bank file, packaged then the trainer's, per language."""
    return [(kind.folder.rsplit("/", 1)[1], src) for kind in KINDS for src in kind.sources()]


def question_bank_fingerprint() -> str:
    """A hash of the raw bank files (cheap: no YAML parsing); changes whenever a file changes."""
    import hashlib

    h = hashlib.sha256()
    for lang, src in _sources():
        label = f"{lang}/{_stem(src.name)}" if src.origin == PACKAGED else src.name
        h.update(f"{label}\0".encode())
        h.update(src.text.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:16]


def load_yaml(raw: str) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(raw, Loader=loader)  # noqa: S506 - a safe loader


@dataclass(frozen=True)
class NonQuestion:
    """A statement of ``niet-vragen.yaml``: input that is not a question."""

    text: str
    lang: str


def _stem(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _entry_key(item: Question | NonQuestion) -> tuple[str, str, str]:
    """Duplicates: a question with the same normalised text in the same language; a statement
    of ``niet-vragen.yaml`` with exactly the same text (``???`` and ``🙂`` normalise to nothing)."""
    if isinstance(item, NonQuestion):
        return ("not a question", item.lang, item.text)
    return ("question", item.lang, normalise_question_text(item.text))


def _parse_bank_file(lang: str, data: Any, file: str, problems: list[Problem]) -> list[tuple[str, Any]]:
    """The entries of one level file (or of ``niet-vragen.yaml``) as (field, item); a broken entry
    is left out with a Problem, a file that is not a list of entries raises ContentError."""
    stem = _stem(file)
    if stem != _NON_QUESTIONS_FILE and stem not in LEVELS:
        raise ContentError(Problem(file, "(file)", f"unknown level {stem!r}; allowed: {', '.join(LEVELS)}"))
    data = data or []
    if not isinstance(data, list):
        raise ContentError(Problem(file, "(top)", "should be a list of questions"))
    r = Reader(file, problems)
    out = []
    for i, item in enumerate(data, start=1):
        where = f"[{i}]"
        try:
            entry = _parse_entry(r, item, where, lang, stem)
        except ContentError as exc:
            problems.append(exc.problem)
            continue
        if entry is not None:
            out.append((f"{where}.t", entry))
    return out


def _check_keys(r: Reader, item: Any, where: str, allowed: frozenset[str]) -> None:
    """A mapping entry with a key outside ``allowed`` fails, naming the key and the allowed ones."""
    unknown = sorted(str(k) for k in item if k not in allowed) if isinstance(item, dict) else []
    if unknown:
        raise r.fail(f"{where}.{unknown[0]}", f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")


def _parse_entry(r: Reader, item: Any, where: str, lang: str, stem: str) -> Question | NonQuestion | None:
    if stem == _NON_QUESTIONS_FILE:
        _check_keys(r, item, where, _NON_QUESTION_KEYS)
        t = item if isinstance(item, str) else r.get(item, "t", where, str)
        return NonQuestion(t.strip(), lang) if t.strip() else None
    _check_keys(r, item, where, _QUESTION_KEYS)
    t = r.get(item, "t", where, str).strip()
    if not t:
        raise r.fail(f"{where}.t", "is empty")
    flags = {k: r.get(item, k, where, bool, k == "open") for k in _QUESTION_FLAGS}
    sector = r.get(item, "sector", where, str, "")
    display = r.get(item, "display", where, str, "").strip() or display_form(t, lang)
    tpl = r.get(item, "tpl", where, str, "").strip()
    return Question(text=t, lang=lang, level=stem, sector=sector, split=question_split(t, tpl), display=display,
                    tpl=tpl, **flags)


@functools.cache
def _spelling() -> dict[str, tuple[tuple[Any, str], ...]]:
    """Per language the (pattern, right) spelling fixes of ``content/questions/display.yaml``."""
    import re

    data = load_yaml(CONTENT.joinpath("questions", "display.yaml").read_text(encoding="utf-8")) or {}
    return {lang: tuple((re.compile(rf"(?<![\w']){re.escape(wrong)}(?![\w'])", re.IGNORECASE), right)
                        for wrong, right in (fixes or {}).items())
            for lang, fixes in (data.get("spelling") or {}).items()}


def _capital(s: str) -> str:
    """``s`` with its first letter upper case; Dutch "'s ochtends" becomes "'s Ochtends"."""
    start = 3 if s.startswith("'s ") else 0
    i = next((i for i, c in enumerate(s) if c.isalpha() and i >= start), None)
    return s if i is None else s[:i] + s[i].upper() + s[i + 1:]


def display_form(raw: str, lang: str) -> str:
    """How a learner sees a bank text: single spaces, known misspellings fixed, a capital first
    letter and a question mark at the end. The bank keeps ``raw`` for training."""
    s = " ".join(raw.split())
    for pattern, right in _spelling().get(lang, ()):
        s = pattern.sub(lambda m, right=right: _capital(right) if m.group(0)[:1].isupper() else right, s)
    s = s.rstrip(" .!")
    return _capital(s if s.endswith("?") else s + "?") if s else s


#: One kind per language: ``content/questions/<lang>/`` plus ``$INTERVISIE_CONTENT_DIR/questions/<lang>/``.
KINDS: tuple[Kind, ...] = tuple(Kind(f"questions/{lang}", functools.partial(_parse_bank_file, lang),
                                     "question (same text)", key=_entry_key, many=True) for lang in LANGUAGES)


@functools.cache
def load_bank() -> tuple[tuple[Question, ...], tuple[tuple[str, str], ...], tuple[Problem, ...]]:
    """(questions, non-questions, problems) of the packaged and the trainer's bank files, loaded once."""
    bank: list[Question] = []
    non_q: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for kind in KINDS:
        loaded = load(kind)
        bank += [q for q in loaded.items if isinstance(q, Question)]
        non_q += [(n.text, n.lang) for n in loaded.items if isinstance(n, NonQuestion)]
        problems += loaded.problems
    return tuple(bank), tuple(non_q), tuple(problems)


def question_bank() -> tuple[Question, ...]:
    """Every labelled question under ``content/questions/<lang>/<level>.yaml``, loaded once.

    Each entry is a flow mapping: ``t`` (the text) is required; ``open`` defaults to true,
    ``advice``, ``leading``, ``stacked`` and ``why`` to false; ``sector`` is optional, and so is
    ``display``: how learners see the question (else :func:`display_form` of ``t``), and ``tpl``:
    the id of the template the entry is a variant of (the ik/je/we forms of one sentence share it,
    so grouped cross-validation keeps them in one fold). Any other key is an error. The level
    is the file name. Broken files or entries are left out (see :func:`question_bank_problems`).
    """
    return load_bank()[0]


def question_group(q: Question) -> str:
    """The fold key for grouped cross-validation: the template id, else the normalised text."""
    return f"tpl:{q.tpl}" if q.tpl else f"text:{normalise_question_text(q.text)}"


def non_questions() -> tuple[tuple[str, str], ...]:
    """(text, lang) of the statements in ``niet-vragen.yaml``: input that is not a question."""
    return load_bank()[1]


def question_bank_problems() -> tuple[Problem, ...]:
    """What was wrong in the bank files (skipped files and entries, duplicates)."""
    return load_bank()[2]
