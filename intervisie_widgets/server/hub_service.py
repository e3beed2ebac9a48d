"""The participant pages as a public JupyterHub service (issue 14, point 3).

JupyterHub starts ``intervisie hub-service`` (see deploy/jupyterhub/jupyterhub_config.py) with
``JUPYTERHUB_SERVICE_URL`` (where to listen, e.g. ``http://127.0.0.1:10101``) and
``JUPYTERHUB_SERVICE_PREFIX`` (``/services/intervisie/``); its proxy sends
``<hub>/services/intervisie/...`` here. The service is *public*: it asks for no hub login and
uses no hub API. It serves only the light participant pages of :mod:`.participants` under
``<prefix>deelnemen``, which open nothing but what one live join code opens, on the same
PostgreSQL as the supervisors' servers (``INTERVISIE_DB_URL``) and with the same pseudonym secret
(``INTERVISIE_PSEUDONYM_SECRET``): without either it refuses to start, since answers keyed by
another secret could not be matched to the others. ``<prefix>`` itself redirects to the code page.

A plain tornado application, no notebook server and no kernels: about the memory of one Python
process with SQLAlchemy (benchmarks/README.md, docs/deploy.md).
"""
from __future__ import annotations

import asyncio
import secrets
import signal
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..settings import SECRET_ENV
from .options import ServeError, port_free

SERVICE_URL_ENV = "JUPYTERHUB_SERVICE_URL"
SERVICE_PREFIX_ENV = "JUPYTERHUB_SERVICE_PREFIX"
DEFAULT_PREFIX = "/services/intervisie/"


class HubServiceError(ServeError):
    """The service cannot start; the message is a key of content/texts/hub.yaml."""

    def message(self, lang: str) -> str:
        from .. import catalog

        return catalog.text(f"hub.{self.key}", lang, **self.values)


@dataclass(frozen=True)
class ServiceOptions:
    """Where the service listens and under which path the proxy sends requests."""

    ip: str
    port: int
    prefix: str


def service_options(environ: dict, ip: str | None = None, port: int | None = None,
                    prefix: str | None = None) -> ServiceOptions:
    """The options from the hub's environment, the arguments winning; :class:`HubServiceError`
    when the hub's variables are missing or the URL has no usable port. Also refuses to start
    without the shared database and the pseudonym secret."""
    url = environ.get(SERVICE_URL_ENV, "")
    if not url and port is None:
        raise HubServiceError("service_no_prefix")
    if url:
        try:
            parts = urlsplit(url)
            url_port = parts.port
        except ValueError:
            url_port, parts = None, None
        if parts is None or parts.scheme != "http" or not url_port:
            raise HubServiceError("service_bad_url", url=url)
        ip, port = ip or parts.hostname, port or url_port
    prefix = prefix or environ.get(SERVICE_PREFIX_ENV) or (DEFAULT_PREFIX if not url else "")
    if not prefix:
        raise HubServiceError("service_no_prefix")
    if not environ.get("INTERVISIE_DB_URL"):
        raise HubServiceError("service_no_db")
    if not environ.get(SECRET_ENV):
        raise HubServiceError("service_no_secret")
    return ServiceOptions(ip=ip or "127.0.0.1", port=int(port), prefix="/" + prefix.strip("/") + "/")


def make_app(prefix: str, participants):
    """The tornado application: the participant routes under ``prefix`` and ``prefix`` → the code page.

    The participant handlers are jupyter_server handlers; they get an identity provider with a
    random token nobody knows (every participant route is ``@allow_unauthenticated``) and the Host
    check off: the service listens behind the hub's proxy, which passes the public Host on.
    """
    import tornado.web
    from jupyter_server.auth import AllowAllAuthorizer, IdentityProvider

    from ..engines.join import JOIN_PATH
    from . import participants as pages

    idp = IdentityProvider(token=secrets.token_urlsafe(32))
    start = prefix + JOIN_PATH
    routes = pages.routes(prefix, participants) + [
        (prefix.rstrip("/") + "/?", tornado.web.RedirectHandler, {"url": start, "permanent": False})]
    return tornado.web.Application(
        routes, base_url=prefix, identity_provider=idp, authorizer=AllowAllAuthorizer(identity_provider=idp),
        cookie_secret=secrets.token_bytes(32), allow_remote_access=True, login_url=start)


async def _run(opts: ServiceOptions, say) -> None:
    from tornado.httpserver import HTTPServer

    from ..settings import load_settings
    from ..storage.engine import describe
    from .participant_base import Participants

    participants = Participants()
    # xheaders: the throttle of wrong codes counts the phone's address, which the hub's proxy appends
    # to X-Forwarded-For (tornado takes the last entry, the one the proxy saw)
    server = HTTPServer(make_app(opts.prefix, participants), xheaders=True)
    server.listen(opts.port, opts.ip)
    say("service_running", bind=f"{opts.ip}:{opts.port}", prefix=opts.prefix,
        database=describe(load_settings().database_url))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        server.stop()
        participants.close()


def run_service(environ: dict, ip: str | None = None, port: int | None = None, prefix: str | None = None,
                lang: str = "nl") -> int:
    """Run until SIGTERM (the hub stops its services so); 2 with a message when it cannot start."""
    import sys

    from .. import catalog

    def say(key, **values):
        print(catalog.text(f"hub.{key}", lang, **values), flush=True)

    try:
        opts = service_options(environ, ip, port, prefix)
        if not port_free(opts.ip, opts.port):
            raise HubServiceError("service_port_in_use", ip=opts.ip, port=opts.port)
    except ServeError as exc:
        print(exc.message(lang), file=sys.stderr, flush=True)
        return 2
    asyncio.run(_run(opts, say))
    say("service_stopped")
    return 0
