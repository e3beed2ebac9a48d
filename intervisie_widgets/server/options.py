"""What ``intervisie serve`` runs, as pure functions: options, checks, Voilà arguments and
configuration, environment, addresses. Nothing here starts or imports Voilà; see :mod:`.voila_app`."""
from __future__ import annotations

import errno
import ipaddress
import os
import re
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit

from ..settings import PACKAGE_DIR
from .guard import MIN_SECRET, host_settings, short_secret

TEMPLATE_NAME = "intervisie"
#: A Jupyter data directory holding ``voila/templates/intervisie``; put on ``JUPYTER_PATH``.
TEMPLATE_ROOT = PACKAGE_DIR / "voila_template"
HOME_NOTEBOOK = "home.ipynb"
DEFAULT_PORT = 8866
DEFAULT_IP = "127.0.0.1"
#: Environment variables that may carry the secret instead of the command line (``ps`` shows that).
TOKEN_ENV = "INTERVISIE_TOKEN"
PASSWORD_ENV = "INTERVISIE_PASSWORD"
#: The address participants reach the server at, passed to the kernels and handlers.
PUBLIC_URL_ENV = "INTERVISIE_PUBLIC_URL"
_HOST_NAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?")


class ServeError(Exception):
    """``intervisie serve`` cannot start; the message is a key of content/texts/serve.yaml."""

    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, lang: str) -> str:
        from .. import catalog

        return catalog.text(f"serve.{self.key}", lang, **self.values)

    def __str__(self) -> str:
        return self.message("en")


@dataclass(frozen=True)
class ServeOptions:
    """Everything ``intervisie serve`` was asked for."""

    notebooks_dir: Path
    data_dir: Path
    port: int = DEFAULT_PORT
    ip: str = DEFAULT_IP
    open_browser: bool = True
    token: str | None = None
    password: str | None = None
    db_url: str | None = None
    lang: str = "nl"
    #: The address participants' phones reach (``--public-url``); None: derived, see :func:`public_url`.
    public_url: str | None = None
    #: Extra Voilà options, passed on unchanged (``intervisie serve -- --Voila.base_url=/kit/``).
    extra_args: tuple[str, ...] = field(default=())


# --------------------------------------------------------------------------- pure logic
def is_loopback(ip: str) -> bool:
    """True if ``ip`` only accepts connections from this computer.

    ``""``, ``0.0.0.0`` and ``::`` mean every interface; a host name other than ``localhost``
    counts as not loopback (we do not resolve names to decide about access).
    """
    host = ip.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_options(opts: ServeOptions) -> None:
    """Raise :class:`ServeError` if the server must not start with these options."""
    if not 0 < opts.port < 65536:
        raise ServeError("bad_port", port=opts.port)
    if opts.token is not None and opts.password is not None:
        raise ServeError("token_and_password")
    if opts.token is not None and not opts.token.strip() or opts.password is not None and not opts.password:
        raise ServeError("empty_secret")
    if short_secret(opts.token, opts.password):
        raise ServeError("short_secret", n=MIN_SECRET)
    if not is_loopback(opts.ip) and not (opts.token or opts.password):
        raise ServeError("needs_auth", ip=opts.ip or "0.0.0.0")
    nb_dir = Path(opts.notebooks_dir)
    if not nb_dir.is_dir() or not any(nb_dir.glob("*.ipynb")):
        raise ServeError("no_notebooks", path=nb_dir)
    if opts.public_url is not None:
        check_public_url(opts.public_url)


def check_public_url(url: str) -> str:
    """``url`` as the participants' base address (no trailing slash); :class:`ServeError` unless it
    is http or https with a host (a name or an IP address) and has no user, query or fragment."""
    text = str(url or "").strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        raise ServeError("bad_public_url", url=text) from None
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host)
        good_host = True
    except ValueError:
        good_host = bool(_HOST_NAME.fullmatch(host)) and "[" not in parts.netloc
    if (parts.scheme.lower() not in ("http", "https") or not good_host or parts.query or parts.fragment
            or "@" in parts.netloc or any(c.isspace() for c in text)):
        raise ServeError("bad_public_url", url=text)
    return text.rstrip("/")


def primary_address() -> str | None:
    """This computer's address on its main network, or None. Nothing is sent: "connecting" a UDP
    socket to a documentation address (192.0.2.1, RFC 5737) only makes the system choose the
    interface it would route through; without a route, or with loopback only, there is none."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            addr = s.getsockname()[0]
    except OSError:
        return None
    return None if addr == "0.0.0.0" or ipaddress.ip_address(addr).is_loopback else addr


@dataclass(frozen=True)
class PublicUrl:
    """The participants' base address; ``found`` is False when the server listens on every
    interface but no network address was found, so ``url`` is loopback (this computer only)."""

    url: str
    found: bool = True


def public_url(opts: ServeOptions, find_address: Callable[[], str | None] | None = None) -> PublicUrl:
    """``--public-url`` when given, else ``http://<address>:<port>`` with Voilà's base_url: the
    listening address, or for ``0.0.0.0``/``::`` this computer's :func:`primary_address`."""
    if opts.public_url:
        return PublicUrl(check_public_url(opts.public_url))
    host, found = opts.ip.strip().strip("[]"), True
    if host in ("", "0.0.0.0", "::"):
        host = (find_address or primary_address)() or ""
        host, found = host or "127.0.0.1", bool(host)
    if ":" in host:
        host = f"[{host}]"
    base = next((a.split("=", 1)[1] for a in opts.extra_args if a.startswith("--Voila.base_url=")), "").strip("/")
    return PublicUrl(f"http://{host}:{opts.port}" + (f"/{base}" if base else ""), found)


def kernel_app_ip(ip: str) -> str:
    """The address a preheated kernel uses to reach the server (``VOILA_APP_IP``).

    ``voila.utils.wait_for_request()`` connects to ``ws://$VOILA_APP_IP:$VOILA_APP_PORT``,
    and Voilà 0.5 never sets ``VOILA_APP_IP`` (it falls back to 127.0.0.1). That breaks the
    query string (``?lang=en``) when the server listens on one non-loopback address only, so
    we set it: the listening address itself, or loopback for the wildcard addresses.
    """
    host = ip.strip().strip("[]")
    if host in ("", "0.0.0.0", "localhost"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    try:
        if ipaddress.ip_address(host).version == 6:
            return f"[{host}]"
    except ValueError:
        pass
    return host


def voila_argv(opts: ServeOptions) -> list[str]:
    """The Voilà command line (without secrets; those go through :func:`voila_config`)."""
    nb_dir = Path(opts.notebooks_dir).resolve()
    return [
        str(nb_dir),
        f"--Voila.ip={opts.ip}",
        f"--Voila.port={opts.port}",
        "--Voila.port_retries=0",
        f"--Voila.open_browser={opts.open_browser}",
        f"--VoilaConfiguration.template={TEMPLATE_NAME}",
        *opts.extra_args,
    ]


def voila_config(opts: ServeOptions) -> dict:
    """Traitlets configuration that must not appear on a command line: token, password and
    the config search path (``voila.json`` is read from the notebooks folder only)."""
    cfg: dict = {"Voila": {"config_file_paths": [str(Path(opts.notebooks_dir).resolve())]}}
    if hosts := host_settings(is_loopback(opts.ip), public_url(opts).url):
        cfg["Voila"]["tornado_settings"] = hosts  # the Host check Voilà turns off (DNS rebinding)
    if opts.token:
        cfg["Voila"]["token"] = opts.token
    if opts.password:
        from jupyter_server.auth import passwd

        cfg["PasswordIdentityProvider"] = {"hashed_password": passwd(opts.password)}
    return cfg


def server_env(opts: ServeOptions, environ: dict | None = None) -> dict[str, str]:
    """Environment variables to set for the server and (inherited) its kernels."""
    environ = os.environ if environ is None else environ
    paths = [p for p in environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    template_root = str(TEMPLATE_ROOT)
    env = {
        "JUPYTER_PATH": os.pathsep.join([template_root, *[p for p in paths if p != template_root]]),
        "VOILA_APP_IP": kernel_app_ip(opts.ip),
        "INTERVISIE_NOTEBOOKS": str(Path(opts.notebooks_dir).resolve()),
        "INTERVISIE_DATA_DIR": str(Path(opts.data_dir).resolve()),
        "INTERVISIE_LANG": opts.lang,
        PUBLIC_URL_ENV: public_url(opts).url,
    }
    if opts.db_url:
        env["INTERVISIE_DB_URL"] = opts.db_url
    return env


def browse_url(opts: ServeOptions, port: int | None = None) -> str:
    """The address to open in a browser (with ``?token=`` when a token is set)."""
    host = opts.ip.strip().strip("[]")
    if host in ("", "0.0.0.0", "::"):
        host = socket.gethostname()
    elif ":" in host:
        host = f"[{host}]"
    url = f"http://{host}:{port or opts.port}/"
    if opts.token:
        url += "?" + urlencode({"token": opts.token})
    return url


def home_redirect(base_url: str, query: str, home: str = HOME_NOTEBOOK) -> str:
    """Where ``/`` and ``/voila/tree`` send the browser: the home page, same query, no token."""
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "token"]
    target = base_url.rstrip("/") + "/voila/render/" + home
    return target + ("?" + urlencode(kept) if kept else "")


def configured_pools(notebooks_dir: Path) -> dict[str, int]:
    """Preheated kernels per notebook as ``notebooks/voila.json`` configures them.

    Follows Voilà 0.5's ``VoilaKernelManager``: every ``*.ipynb`` under the folder (not in
    ``.ipynb_checkpoints``, not matching ``preheat_denylist`` -- which Voilà matches against
    the notebook's *absolute* path, e.g. ``".*/dashboard\\.ipynb$"``) gets the pool size of its
    entry in ``kernel_pools_config``, else of ``default``, else 1. Empty if preheat is off.
    Used by the browser tests and the benchmark to know how many kernels an idle server holds.
    """
    import json
    import re

    nb_dir = Path(notebooks_dir)
    cfg_file = nb_dir / "voila.json"
    cfg = json.loads(cfg_file.read_text(encoding="utf-8")) if cfg_file.is_file() else {}
    if not cfg.get("VoilaConfiguration", {}).get("preheat_kernel", False):
        return {}
    km = cfg.get("VoilaKernelManager", {})
    default_size = cfg.get("VoilaConfiguration", {}).get("default_pool_size", 1)
    pools = km.get("kernel_pools_config") or {"default": {"pool_size": default_size}}
    default = pools.get("default", {})
    deny = km.get("preheat_denylist", [])
    out = {}
    root = nb_dir.resolve()  # as `intervisie serve` passes it to Voilà
    for nb in sorted(root.rglob("*.ipynb")):
        full, name = str(nb), str(nb.relative_to(root))
        # Voilà matches preheat_denylist against the full path in directory mode
        if ".ipynb_checkpoints" in full or any(p in full or re.match(p, full) for p in deny):
            continue
        out[name] = int(pools.get(name, default).get("pool_size", default.get("pool_size", 1)))
    return out


def port_free(ip: str, port: int) -> bool:
    """True if we can bind ``ip:port`` (checked before Voilà starts, for a clear message)."""
    host = ip.strip().strip("[]") or "0.0.0.0"
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return True  # let Voilà report an unknown host
    family, _, _, _, addr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                return False
    return True
