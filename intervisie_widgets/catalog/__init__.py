"""Content as model values: YAML under ``intervisie_widgets/content`` (and a trainer's own
folders) read once per process, every problem reported with its file and field.

Every kind goes through one loader (:func:`load`, see ``docs/content.md``).
``catalog.text(key, lang)`` gives a user-facing string (strict: :class:`MissingText`); ``catalog.method(key)`` and
``catalog.methods()`` the methods; the submodules ``forms``, ``scenarios`` and
``question_bank`` the other kinds of content.
"""
from .loader import (
    CONTENT, CONTENT_DIR_ENV, ContentError, Kind, Loaded, Problem, Reader, Source, find_by_id, load, read_yaml,
    yaml_sources,
)
from .method_files import Catalog, UnknownMethod, build_catalog, method, method_catalog, methods, parse_method
from .text_files import MissingText, pages, roles, strict_texts, text, texts
from .preparation import checklist



def clear_caches() -> None:
    """Forget every loaded catalog (methods, forms, scenarios, question bank), so the next use
    reads the files again, e.g. after ``INTERVISIE_CONTENT_DIR`` changed."""
    from . import forms, goals, preparation, question_bank, scenarios

    for cached in (method_catalog, forms.catalog, scenarios.catalog, question_bank.load_bank,
                   preparation.catalog, goals.loaded):
        cached.cache_clear()


__all__ = [
    "CONTENT", "CONTENT_DIR_ENV", "Catalog", "ContentError", "Kind", "Loaded", "MissingText", "Problem", "Reader",
    "Source", "UnknownMethod", "build_catalog", "checklist", "clear_caches", "find_by_id", "load", "method",
    "method_catalog", "methods", "pages", "parse_method", "read_yaml", "roles", "strict_texts", "text", "texts",
    "yaml_sources",
]
