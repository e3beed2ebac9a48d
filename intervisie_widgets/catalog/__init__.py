"""Content as model values: YAML under ``intervisie_widgets/content`` (and a trainer's own
folders) read once per process, every problem reported with its file and field.

``catalog.text(key, lang)`` gives a user-facing string; ``catalog.method(key)`` and
``catalog.methods()`` the methods; the submodules ``forms``, ``scenarios`` and
``question_bank`` the other kinds of content.
"""
from .loader import CONTENT, ContentError, Problem, Reader, find_by_id, read_yaml, yaml_sources
from .method_files import Catalog, UnknownMethod, build_catalog, method, method_catalog, methods, parse_method
from .text_files import pages, roles, text, texts

__all__ = [
    "CONTENT", "Catalog", "ContentError", "Problem", "Reader", "UnknownMethod",
    "build_catalog", "find_by_id", "method", "method_catalog", "methods", "pages", "parse_method",
    "read_yaml", "roles", "text", "texts", "yaml_sources",
]
