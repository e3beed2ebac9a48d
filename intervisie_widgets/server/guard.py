"""Two guards of ``intervisie serve``, as pure functions (issue 13, items 1 and 7).

* **DNS rebinding**: Voilà turns Jupyter's Host check off (``allow_remote_access=True``), so on
  loopback a web page the trainer visits could rebind its own name to 127.0.0.1 and read the app.
  Served on loopback, the kit turns the check on again: only a loopback address, ``localhost`` or
  the host name of ``--public-url`` is served; any other Host gets 403. Beyond loopback every
  notebook page needs the token or password anyway (and phones reach the server by its address).
* **Secrets**: a token or password shorter than :data:`MIN_SECRET` characters is refused.
"""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

MIN_SECRET = 16


def host_settings(loopback: bool, public_url: str | None) -> dict:
    """Tornado settings that make jupyter_server check the Host header (empty beyond loopback)."""
    if not loopback:
        return {}
    names = ["localhost"]
    host = urlsplit(public_url or "").hostname
    if host and not _is_ip(host) and host not in names:
        names.append(host)
    return {"allow_remote_access": False, "local_hostnames": names}


def short_secret(token: str | None, password: str | None) -> bool:
    """True when the given token or password is too short to protect the pages."""
    return any(s is not None and len(s) < MIN_SECRET for s in (token, password))


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
