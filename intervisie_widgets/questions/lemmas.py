"""Lemmas for the level model: "deed", "gedaan" and "doet" all count as "doen".

The table is made from simplemma's dictionaries when the model is trained (only then is
simplemma imported: loading its Dutch and English dictionaries costs about 70 MB and half a
second) and kept with the trained model. It holds every dictionary form of every lemma that
occurs in the training questions, so an unseen inflection of a known word ("motiveerde" when
the bank has "motiveert") gets the known lemma; a word whose lemma the model never saw would
carry no weight anyway and stays as it is.
"""
from __future__ import annotations

from typing import Iterable, Mapping

#: The installed tables: language → {word: lemma} (normalised words, only where they differ).
_TABLES: dict[str, dict[str, str]] = {}


def lemma(word: str, lang: str) -> str:
    """The lemma of a normalised word (the word itself when the table does not know it)."""
    table = _TABLES.get(lang)
    return table.get(word, word) if table else word


def table(lang: str) -> dict[str, str]:
    """The installed {word: lemma} of ``lang`` (empty when there is none); do not change it."""
    return _TABLES.get(lang) or {}


def install(tables: Mapping[str, Mapping[str, str]]) -> None:
    """Use ``tables`` (language → {word: lemma}) from now on."""
    from . import levels

    _TABLES.clear()
    _TABLES.update({lang: dict(t) for lang, t in tables.items()})
    levels.word_features.cache_clear()


def installed() -> dict[str, dict[str, str]]:
    """The tables in use (language → {word: lemma})."""
    return {lang: dict(t) for lang, t in _TABLES.items()}


def simplemma_version() -> str:
    """The installed simplemma's version ("" when it is not installed); part of the model's cache key.

    Read from the name of its ``.dist-info`` folder, without importing simplemma or
    ``importlib.metadata`` (either would add a few tenths of a second to the first answer);
    ``"installed"`` when there is no such folder.
    """
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("simplemma")
    if spec is None or not spec.origin:
        return ""
    infos = sorted(Path(spec.origin).parent.parent.glob("simplemma-*.dist-info"))
    return infos[-1].name[len("simplemma-"):-len(".dist-info")] if infos else "installed"


def _dictionary(lang: str) -> dict[str, str]:
    """simplemma's dictionary for ``lang`` as normalised {word: lemma}, one-word entries only."""
    from simplemma.strategies import DefaultDictionaryFactory

    from .text import normalise

    out: dict[str, str] = {}
    raw = DefaultDictionaryFactory(cache_max_size=0).get_dictionary(lang)
    for key in raw:
        word, lem = normalise(key), normalise(raw[key])
        if word and lem and " " not in word and " " not in lem:
            out.setdefault(word, lem)
    return out


def build(words_by_lang: Mapping[str, Iterable[str]]) -> dict[str, dict[str, str]]:
    """Tables for the given training words: all forms of their lemmas, where form and lemma differ.

    Without simplemma the tables are empty (the model then works on the words as typed).
    """
    try:
        import simplemma  # noqa: F401
    except ImportError:
        return {lang: {} for lang in words_by_lang}
    out = {}
    for lang, words in words_by_lang.items():
        full = _dictionary(lang)
        wanted = {full.get(w, w) for w in words}
        out[lang] = {w: lem for w, lem in full.items() if lem in wanted and lem != w}
    return out
