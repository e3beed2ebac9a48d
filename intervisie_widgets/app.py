"""One function per page of the web app. Each builds its state and view and returns the widget.

Notebooks call these in two lines, e.g. ``from intervisie_widgets import app; app.methods()``.
"""
from __future__ import annotations

import functools
import os
from urllib.parse import parse_qs

from .model import LANGUAGES
from .settings import load_settings
from .state import AppState


@functools.cache
def _wait_for_request() -> None:
    """Block once per kernel until Voilà hands over the request (preheated kernels only)."""
    try:
        from voila.utils import wait_for_request

        wait_for_request()
    except Exception:  # not running under Voilà, or an older Voilà
        pass


def request_param(name: str) -> str:
    """A parameter of the Voilà page's query string (``?lang=en&method=balint``), or ``""``.

    Under a preheated Voilà kernel the request arrives later: ``wait_for_request`` blocks until
    Voilà has set ``QUERY_STRING``. Outside Voilà it returns at once.
    """
    _wait_for_request()
    query = parse_qs(os.environ.get("QUERY_STRING", ""))
    return (query.get(name) or [""])[0]


def request_lang(default: str | None = None) -> str:
    """The page language from ``?lang=``, else ``default``, else the configured default."""
    lang = request_param("lang")
    if lang in LANGUAGES:
        return lang
    return default or load_settings().lang


def _app_state(lang: str | None) -> AppState:
    return AppState(lang=lang or request_lang())


def home(lang: str | None = None):
    """The home page with a link to every page of the kit."""
    from .views.home import HomeView

    return HomeView(_app_state(lang), load_settings().notebooks_dir).widget


def methods(method: str | None = None, lang: str | None = None):
    """The method walkthrough page; ``?method=<id>`` preselects a method."""
    from . import content
    from .views.methods import MethodsView

    key = method or request_param("method")
    if key:
        try:
            content.method(key)
        except content.UnknownMethod:
            key = None  # the page shows the first method; a bad link must not break it
    return MethodsView(_app_state(lang), key or None).widget


def selector(lang: str | None = None):
    """The method selector: a few questions, a ranked list of fitting methods."""
    from .views.selector import SelectorView

    return SelectorView(_app_state(lang)).widget
