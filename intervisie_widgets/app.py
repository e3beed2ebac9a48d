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
    """Block once per kernel until Voilà hands over the request (preheated kernels only).

    Does what ``voila.utils.wait_for_request`` does without importing Voilà into the kernel,
    which costs about 2 CPU-seconds per page.
    """
    if os.environ.get("VOILA_PREHEAT") != "True":
        return  # not preheated: QUERY_STRING is already set (or this is not Voilà at all)
    import json

    from websockets.sync.client import connect

    base = os.environ.get("VOILA_WS_BASE_URL") or os.environ.get("VOILA_SERVER_URL", "/")
    url = (f"{os.environ.get('VOILA_WS_PROTOCOL', 'ws')}://{os.environ.get('VOILA_APP_IP', '127.0.0.1')}:"
           f"{os.environ.get('VOILA_APP_PORT', '8866')}{base}voila/query/{os.environ.get('VOILA_KERNEL_ID', '')}")
    try:
        with connect(url, open_timeout=5) as ws:
            os.environ.update(json.loads(ws.recv()))
    except Exception:  # no request info: the page falls back to the default language
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
    from . import catalog
    from .views.methods import MethodsView

    key = method or request_param("method")
    if key:
        try:
            catalog.method(key)
        except catalog.UnknownMethod:
            key = None  # the page shows the first method; a bad link must not break it
    return MethodsView(_app_state(lang), key or None).widget


def selector(lang: str | None = None):
    """The method selector: a few questions, a ranked list of fitting methods."""
    from .views.selector import SelectorView

    return SelectorView(_app_state(lang)).widget


def exercises(lang: str | None = None, seed: int | None = None):
    """The question exercises: sorting, advice or question, higher up the pyramid, free practice."""
    from .views.exercises import ExercisesView

    return ExercisesView(_app_state(lang), seed).widget


def session(method: str | None = None, lang: str | None = None, group: str | None = None):
    """The facilitator / projector page: a timer per step, who speaks, the rule, the roles.

    ``?group=<code>`` opens that stored group at its next planned meeting; ``?method=`` preselects
    a method for a free session.
    """
    from . import catalog
    from .views.facilitator import FacilitatorView

    key = method or request_param("method")
    if key:
        try:
            key = catalog.method(key).id
        except catalog.UnknownMethod:
            key = None  # a bad link shows the first method instead of breaking the page
    return FacilitatorView(_app_state(lang), key or None, group=(group or request_param("group"))[:64]).widget


def simulation(scenario: str | None = None, lang: str | None = None):
    """The simulation page: rehearse a session alone with a scripted scenario."""
    from .catalog import scenarios
    from .views.simulation import SimulationView

    key = scenario or request_param("scenario")
    if key not in {s.id for s in scenarios.scenarios()}:
        key = None
    return SimulationView(_app_state(lang), key).widget


def group(group: str | None = None, lang: str | None = None):
    """The group page: stored groups, members, composition checks, goal and intervisiecontract
    (``?group=CODE`` opens that group)."""
    from .views.group import GroupView

    return GroupView(_app_state(lang), group=group or request_param("group")[:64]).widget


def trajectory(group: str | None = None, lang: str | None = None):
    """The trajectory page of a stored group: the plan, attendance, the next trajectory
    (``?group=CODE`` chooses that group)."""
    from .views.trajectory import TrajectoryView

    return TrajectoryView(_app_state(lang), group=group or request_param("group")[:64]).widget


def evaluation(group: str | None = None, session: int | None = None, lang: str | None = None):
    """The evaluation form for participants (``?group=…&session=…`` fill in the first fields; a
    bad number or an unknown group is said on the page, which still works)."""
    from .views.evaluation_form import EvaluationFormView

    return EvaluationFormView(_app_state(lang), group=group or request_param("group")[:64],
                              session=session if session is not None else request_param("session")[:40]).widget


def reflection(group: str | None = None, lang: str | None = None):
    """The private reflection page: a reflectieverslag encrypted with the writer's own passphrase."""
    from .views.reflection import ReflectionView

    return ReflectionView(_app_state(lang), group=group or request_param("group")[:64]).widget


def dashboard(group: str | None = None, lang: str | None = None, session: int | None = None):
    """The coordinator dashboard: charts and tables of the evaluations, filtered. ``?group=CODE``
    opens that group's current trajectory (only that group is read), ``&session=N`` its meeting N."""
    from .views.dashboard import DashboardView

    return DashboardView(_app_state(lang), group=group or request_param("group")[:64],
                         session=session if session is not None else request_param("session")[:40]).widget
