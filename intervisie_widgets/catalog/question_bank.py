"""The labelled question bank (``content/questions/<lang>/<level>.yaml``) and its train/dev split.

Part of the content layer: read once per process, every problem reported with file and field.
"""
from __future__ import annotations

import functools
from typing import Any

import yaml

from ..model import LANGUAGES, LEVELS, Question
from .loader import CONTENT, ContentError, Problem, Reader

#: Share of the bank held out as the dev split (by a stable hash of the normalised text).
DEV_PERCENT = 20
_NON_QUESTIONS_FILE = "niet-vragen"
_QUESTION_FLAGS = ("open", "advice", "leading", "stacked", "why")


def normalise_question_text(raw: str) -> str:
    """Lowercase, accents and punctuation removed, single spaces: the key for duplicates and splits."""
    import unicodedata

    s = unicodedata.normalize("NFKD", raw.lower())
    s = "".join(c if c.isalnum() else " " for c in s if not unicodedata.combining(c))
    return " ".join(s.split())


def question_split(raw: str) -> str:
    """``dev`` for about ``DEV_PERCENT`` % of texts, ``train`` for the rest; stable across runs."""
    import zlib

    key = normalise_question_text(raw).encode("utf-8")
    return "dev" if zlib.crc32(key) % 100 < DEV_PERCENT else "train"


def _question_files() -> list[tuple[str, str, Any]]:
    """(lang, level or file stem, packaged file) of every YAML file under ``content/questions/<lang>/``."""
    root = CONTENT.joinpath("questions")
    found = []
    for lang in LANGUAGES:
        d = root.joinpath(lang)
        if not d.is_dir():
            continue
        for f in sorted(d.iterdir(), key=lambda f: f.name):
            if f.name.endswith((".yaml", ".yml")):
                found.append((lang, f.name.rsplit(".", 1)[0], f))
    return found


def question_bank_fingerprint() -> str:
    """A hash of the raw bank files (cheap: no YAML parsing); changes whenever a file changes."""
    import hashlib

    h = hashlib.sha256()
    for lang, stem, f in _question_files():
        h.update(f"{lang}/{stem}\0".encode())
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]


def load_yaml(raw: str) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(raw, Loader=loader)  # noqa: S506 - a safe loader


@functools.cache
def _load_question_bank() -> tuple[tuple[Question, ...], tuple[tuple[str, str], ...], tuple[Problem, ...]]:
    problems: list[Problem] = []
    bank: list[Question] = []
    non_q: list[tuple[str, str]] = []
    seen: dict[tuple[str, str], str] = {}
    for lang, stem, f in _question_files():
        name = f"content/questions/{lang}/{f.name}"
        if stem != _NON_QUESTIONS_FILE and stem not in LEVELS:
            problems.append(Problem(name, "(file)", f"unknown level {stem!r}; allowed: {', '.join(LEVELS)}"))
            continue
        try:
            data = load_yaml(f.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else "(yaml)"
            problems.append(Problem(name, where, f"is not valid YAML: {getattr(exc, 'problem', exc)}"))
            continue
        if not isinstance(data, list):
            problems.append(Problem(name, "(top)", "should be a list of questions"))
            continue
        r = Reader(name, problems)
        for i, item in enumerate(data, start=1):
            where = f"[{i}]"
            try:
                if stem == _NON_QUESTIONS_FILE:
                    t = item if isinstance(item, str) else r.get(item, "t", where, str)
                    if t.strip():
                        non_q.append((t.strip(), lang))
                    continue
                t = r.get(item, "t", where, str).strip()
                if not t:
                    raise r.fail(f"{where}.t", "is empty")
                flags = {k: r.get(item, k, where, bool, k == "open") for k in _QUESTION_FLAGS}
                sector = r.get(item, "sector", where, str, "")
            except ContentError as exc:
                problems.append(exc.problem)
                continue
            key = (lang, normalise_question_text(t))
            if key in seen:
                r.warn(f"{where}.t", f"duplicate of a question in {seen[key]}; left out")
                continue
            seen[key] = name
            bank.append(Question(text=t, lang=lang, level=stem, sector=sector,
                                 split=question_split(t), **flags))
    return tuple(bank), tuple(non_q), tuple(problems)


def question_bank() -> tuple[Question, ...]:
    """Every labelled question under ``content/questions/<lang>/<level>.yaml``, loaded once.

    Each entry is a flow mapping: ``t`` (the text) is required; ``open`` defaults to true,
    ``advice``, ``leading``, ``stacked`` and ``why`` to false; ``sector`` is optional. The level
    is the file name. Broken files or entries are left out (see :func:`question_bank_problems`).
    """
    return _load_question_bank()[0]


def non_questions() -> tuple[tuple[str, str], ...]:
    """(text, lang) of the statements in ``niet-vragen.yaml``: input that is not a question."""
    return _load_question_bank()[1]


def question_bank_problems() -> tuple[Problem, ...]:
    """What was wrong in the bank files (skipped files and entries, duplicates)."""
    return _load_question_bank()[2]
