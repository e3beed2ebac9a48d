"""Intervisiekit: methods, question practice, session runner and evaluations for intervisie.

The package is layered (imports run one way, bottom to top; ``pyproject.toml`` holds the
import-linter contract): ``model`` ← ``catalog`` ← ``questions`` ← ``engines`` ← ``storage``
← ``render`` / ``exchange`` ← ``state`` ← ``views`` ← ``app`` / ``server`` ← ``cli``.

Importing the package is cheap: the names below load their module (and pandas, matplotlib or
widgets) only when first used, so ``from intervisie_widgets import analysis, plots, Store``
in a coordinator's notebook imports just those.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name -> (module, attribute or None for the module itself).
_PUBLIC: dict[str, tuple[str, str | None]] = {
    "app": ("intervisie_widgets.app", None),
    "catalog": ("intervisie_widgets.catalog", None),
    "model": ("intervisie_widgets.model", None),
    "analysis": ("intervisie_widgets.engines.analysis", None),
    "plots": ("intervisie_widgets.render.plots", None),
    "Store": ("intervisie_widgets.storage", "Store"),
    "make_demo": ("intervisie_widgets.exchange.demo", "make_demo"),
    "load_settings": ("intervisie_widgets.settings", "load_settings"),
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    try:
        module, attr = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'intervisie_widgets' has no attribute {name!r}") from None
    value = importlib.import_module(module)
    return getattr(value, attr) if attr else value


def __dir__() -> list[str]:
    return sorted(__all__)
