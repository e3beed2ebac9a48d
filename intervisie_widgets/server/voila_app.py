"""The running server: Voilà with the kit's home redirect and start-up banner.

What the server does and why (details in docs/serving.md):

* It serves only the notebooks folder (``settings.notebooks_dir``) with the configuration in
  ``notebooks/voila.json`` (preheated kernels, hidden tracebacks, light theme, idle culling,
  images-only file access). This module adds only what has to be dynamic: address, port,
  token or password, and where the kit's Voilà template lives (``JUPYTER_PATH``).
* Pages use the kit's own template ``intervisie`` (``intervisie_widgets/voila_template``):
  Font Awesome is served locally, so a page makes no request to another host, and the
  ``_xsrf`` cookie that Voilà's tab-close shutdown needs is set, so a closed tab's kernel
  goes away.
* ``/`` and ``/voila/tree`` redirect (HTTP 302) to the home page ``home.ipynb``, keeping the
  query string (``/?lang=en`` opens the English home page).
* Serving on an address other than loopback needs a token or a password.
* A ``/voila/templates/`` path that is not ``<template>/static/<file>`` is a 404 (Voilà's own
  handler fails an assertion there and answers 500).
* ``/deelnemen`` and below are the light participant pages (:mod:`.participants`): plain HTML,
  no kernel, and the only routes that need no token or password -- a live join code opens its
  own meeting's forms and nothing else.

The pure functions (:func:`check_options`, :func:`voila_argv`, :func:`voila_config`,
:func:`server_env`, :func:`browse_url`) build everything without starting anything; they are
unit-tested in tests/test_server.py. :func:`serve` runs Voilà in this process, so Ctrl-C or
SIGTERM stops the server and shuts every kernel down.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .options import (
    HOME_NOTEBOOK,
    ServeError,
    ServeOptions,
    browse_url,
    check_options,
    home_redirect,
    port_free,
    server_env,
    voila_argv,
    voila_config,
)


# --------------------------------------------------------------------------- the running server
def is_template_static_path(path: str) -> bool:
    """Whether ``path`` (after ``/voila/templates/``) names a file ``<template>/static/<file>``.

    Voilà's own handler asserts that shape and answers HTTP 500 for any other path; the kit's
    handler answers 404 instead (a refusal, not a server error).
    """
    parts, normal = path.split("/", 2), os.path.normpath(path).split(os.path.sep, 2)
    return (len(parts) == 3 and parts[1] == "static" and len(normal) == 3 and normal[1] == "static"
            and normal[0] == parts[0] and normal[0] not in ("", ".", ".."))


def kit_handlers():
    """The kit's two handler classes, shared with the server extension (:mod:`.extension`):
    Voilà's template static files with a 404 for a path of another shape, and the home redirect."""
    from jupyter_server.base.handlers import JupyterHandler
    from tornado import web
    from voila.static_file_handler import TemplateStaticFileHandler

    class TemplateStaticHandler(TemplateStaticFileHandler):
        """Voilà's template static files; a path of another shape is a 404, not a 500."""

        def parse_url_path(self, path):
            if not is_template_static_path(path):
                raise web.HTTPError(404)
            return super().parse_url_path(path)

    class HomeRedirectHandler(JupyterHandler):
        """``/`` and ``/voila/tree/...`` → the home page. Authenticated, so ``/?token=…``
        logs the browser in (cookie) before it is sent on without the token."""

        @web.authenticated
        def get(self, *args):
            self.redirect(home_redirect(self.base_url, self.request.query))

    return TemplateStaticHandler, HomeRedirectHandler


def _app_class():
    """The Voilà application with the home redirect and our start-up banner (imports Voilà)."""
    from jupyter_server.utils import url_path_join
    from tornado.ioloop import IOLoop
    from voila.app import Voila
    from voila.static_file_handler import TemplateStaticFileHandler

    from . import participants

    TemplateStaticHandler, HomeRedirectHandler = kit_handlers()

    class IntervisieVoila(Voila):
        announce = None  # set by serve(): called with the port once the server listens

        def init_handlers(self):
            handlers = [(h[0], TemplateStaticHandler, *h[2:]) if h[1] is TemplateStaticFileHandler else h
                        for h in super().init_handlers()]
            # the participant pages (/deelnemen...): the only routes without the token, first in line
            handlers = participants.routes(self.server_url, participants.Participants()) + handlers
            if self.notebook_path or not (Path(self.root_dir) / HOME_NOTEBOOK).is_file():
                return handlers
            redirects = [
                (self.server_url, HomeRedirectHandler),
                (url_path_join(self.server_url, r"/voila/tree(?:/.*)?"), HomeRedirectHandler),
            ]
            return redirects + handlers

        def listen(self):
            if self.announce is not None:
                IOLoop.current().add_callback(lambda: self.announce(self.port))
            super().listen()

    return IntervisieVoila


def _say(text: str) -> None:
    print(text, flush=True)


def serve(opts: ServeOptions) -> int:
    """Run the server until Ctrl-C or SIGTERM; returns the exit status."""
    from traitlets.config import Config

    from .. import catalog

    t = lambda key, **v: catalog.text(f"serve.{key}", opts.lang, **v)  # noqa: E731
    try:
        check_options(opts)
        if not port_free(opts.ip, opts.port):
            raise ServeError("port_in_use", ip=opts.ip, port=opts.port)
    except ServeError as e:
        print(e.message(opts.lang), file=sys.stderr, flush=True)
        return 2

    Path(opts.data_dir).mkdir(parents=True, exist_ok=True)
    os.environ.update(server_env(opts))
    os.chdir(Path(opts.notebooks_dir).resolve())  # so notebooks/voila.json applies, as with `voila`

    def announce(port: int) -> None:
        _say(t("running", url=browse_url(opts, port)))
        _say(t("notebooks_dir", path=Path(opts.notebooks_dir).resolve()))
        _say(t("data_dir", path=Path(opts.data_dir).resolve()))
        if opts.db_url:
            _say(t("database", url=_redact(opts.db_url)))
        if opts.token:
            _say(t("auth_token", url=browse_url(opts, port)))
        elif opts.password:
            _say(t("auth_password"))
        _say(t("stop_hint"))

    _say(t("starting"))
    app_class = _app_class()
    app_class.announce = staticmethod(announce)
    app_class.launch_instance(argv=voila_argv(opts), config=Config(voila_config(opts)))
    _say(t("stopped"))
    return 0


def _redact(url: str) -> str:
    """A database URL without its password."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
