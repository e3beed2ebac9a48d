"""The kit as a Jupyter server extension, for a supervisor's own server on JupyterHub (issue 14).

``pip install intervisiekit`` puts ``jupyter-config/jupyter_server_config.d/intervisiekit.json``
into ``<prefix>/etc/jupyter/``, which enables this extension in every Jupyter server of that
environment, next to Voilà's own extension. In a server whose folder (``root_dir``) holds the
kit's notebooks, it makes ``<base_url>voila/render/home.ipynb`` the same pages as
``intervisie serve``, while JupyterLab stays at ``<base_url>lab`` for a coordinator who wants to
open the notebooks:

* the kit's Voilà template (``JUPYTER_PATH``, ``VoilaConfiguration.template``) and the page
  settings of ``notebooks/voila.json`` that the extension understands (hidden tracebacks, light
  theme, no template or theme override, stripped sources, images-only files). Preheated kernels
  exist only in the standalone Voilà app: here a page starts its kernel on request;
* ``<base_url>voila`` and ``<base_url>voila/tree/...`` redirect to the home page; a
  ``voila/templates/`` path that is not ``<template>/static/<file>`` is a 404;
* the participant pages (``<base_url>deelnemen``). On the hub, where ``INTERVISIE_PUBLIC_URL``
  names the participant service (:mod:`.hub_service`), they redirect there instead, so a phone
  that reaches a supervisor's server lands on the public pages;
* the database is tried once at start-up (in a thread, 5 s at most); when it cannot be reached
  the log says so in the server's language, and the pages start anyway and show the store's own
  message when they need the database.

The extension loads before Voilà's (jupyter_server loads extensions in alphabetical order), so
the template path and the settings are in place when Voilà reads them.
"""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

from ..settings import load_settings
from .options import HOME_NOTEBOOK, PUBLIC_URL_ENV, TEMPLATE_NAME, TEMPLATE_ROOT

#: ``VoilaConfiguration`` keys of notebooks/voila.json that only the standalone Voilà app knows.
STANDALONE_ONLY = frozenset({"preheat_kernel", "default_pool_size"})
#: How long the start-up check waits for the database (seconds).
DB_CHECK_TIMEOUT = 5


def _jupyter_server_extension_points():
    return [{"module": "intervisie_widgets.server.extension"}]


# --------------------------------------------------------------------------- pure parts
def template_jupyter_path(environ: dict) -> str:
    """``JUPYTER_PATH`` with the kit's template folder first (once)."""
    root = str(TEMPLATE_ROOT)
    paths = [p for p in environ.get("JUPYTER_PATH", "").split(os.pathsep) if p and p != root]
    return os.pathsep.join([root, *paths])


def voila_settings(notebooks_dir: Path) -> dict:
    """The ``VoilaConfiguration`` the extension applies: notebooks/voila.json's section without
    :data:`STANDALONE_ONLY`, and the kit's template."""
    cfg_file = Path(notebooks_dir) / "voila.json"
    cfg = json.loads(cfg_file.read_text(encoding="utf-8")) if cfg_file.is_file() else {}
    section = {k: v for k, v in cfg.get("VoilaConfiguration", {}).items() if k not in STANDALONE_ONLY}
    return {**section, "template": TEMPLATE_NAME}


def participants_elsewhere(public_url: str | None, base_url: str) -> str | None:
    """Where the participant pages are when not on this server: the public URL (no trailing
    slash) when its path is outside this server's ``base_url``, else None (served here)."""
    if not public_url:
        return None
    base = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
    path = urlsplit(public_url).path.rstrip("/") + "/"
    return None if path.startswith(base) else public_url.rstrip("/")


def database_problem(url: str, lang: str) -> str | None:
    """None when ``url`` answers ``SELECT 1``, else the store's message (password hidden)."""
    from sqlalchemy import text

    from ..storage import StoreError
    from ..storage.engine import guarded, make_engine

    try:
        engine = make_engine(url)
        try:
            with guarded(url), engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        finally:
            engine.dispose()
    except StoreError as exc:
        return exc.message(lang)
    return None


# --------------------------------------------------------------------------- the extension
def _routes(base_url: str, elsewhere: str | None) -> list[tuple]:
    from jupyter_server.auth.decorator import allow_unauthenticated
    from jupyter_server.base.handlers import JupyterHandler
    from jupyter_server.utils import url_path_join

    from ..engines.join import JOIN_PATH
    from . import participants
    from .voila_app import kit_handlers

    static, home = kit_handlers()
    routes = [(url_path_join(base_url, r"/voila/?"), home),
              (url_path_join(base_url, r"/voila/tree(?:/.*)?"), home),
              (url_path_join(base_url, r"/voila/templates/(.*)"), static)]
    if elsewhere is None:
        return routes + participants.routes(base_url, participants.Participants())

    class ToService(JupyterHandler):
        """A participant page asked of this server: 303 to the same page on the service."""

        @allow_unauthenticated
        def get(self, rest: str = "") -> None:
            query = ("?" + self.request.query) if self.request.query else ""
            self.redirect(f"{elsewhere}/{JOIN_PATH}{rest}{query}", status=303)

        post = get

    return routes + [(url_path_join(base_url, JOIN_PATH) + r"(/.*)?", ToService)]


def check_database(log, lang: str) -> None:
    url = load_settings().database_url
    box: dict = {}
    worker = threading.Thread(target=lambda: box.setdefault("problem", database_problem(url, lang)), daemon=True)
    worker.start()
    worker.join(DB_CHECK_TIMEOUT + 1)
    from .. import catalog

    from ..storage.engine import describe

    problem = box.get("problem") if not worker.is_alive() else catalog.text(
        "storage.unreachable", lang, where=describe(url), cause=f"> {DB_CHECK_TIMEOUT} s")
    if problem:
        log.error(catalog.text("hub.database_unreachable", lang, message=problem))


def _load_jupyter_server_extension(server_app) -> None:
    from .. import catalog

    settings = load_settings()
    os.environ["JUPYTER_PATH"] = template_jupyter_path(os.environ)
    root = Path(server_app.root_dir).expanduser().resolve()
    base_url = server_app.web_app.settings.get("base_url", "/")
    if (root / HOME_NOTEBOOK).is_file():
        os.environ.setdefault("INTERVISIE_NOTEBOOKS", str(root))
        configured = server_app.config.VoilaConfiguration
        for key, value in voila_settings(root).items():
            configured.setdefault(key, value)
        server_app.log.info(catalog.text("hub.extension_loaded", settings.lang,
                                         url=base_url.rstrip("/") + "/voila/render/" + HOME_NOTEBOOK, path=root))
    else:
        server_app.log.info(catalog.text("hub.no_home", settings.lang, path=root))
    elsewhere = participants_elsewhere(os.environ.get(PUBLIC_URL_ENV), base_url)
    if elsewhere:
        server_app.log.info(catalog.text("hub.participants_elsewhere", settings.lang, url=elsewhere))
    server_app.web_app.add_handlers(".*$", _routes(base_url, elsewhere))
    threading.Thread(target=check_database, args=(server_app.log, settings.lang), daemon=True).start()


load_jupyter_server_extension = _load_jupyter_server_extension
