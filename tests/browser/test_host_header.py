"""No DNS rebinding (issue 13, item 1): the real server on loopback answers a forged Host header
with 403 on every kind of route, and serves loopback names as before."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests

pytestmark = pytest.mark.browser
ROUTES = ["/", "/voila/tree", "/voila/render/home.ipynb", "/voila/render/dashboard.ipynb",
          "/voila/render/groep.ipynb", "/voila/api/contents", "/deelnemen"]


@pytest.mark.parametrize("path", ROUTES)
def test_a_forged_host_is_refused(server_url, path):
    """A request for 127.0.0.1 that says Host: evil.example gets 403 and none of the app's content."""
    port = urlsplit(server_url).port
    r = requests.get(server_url + path, headers={"Host": f"evil.example:{port}"}, allow_redirects=False, timeout=60)
    assert r.status_code == 403
    assert "ik-page" not in r.text and "jupyter-config-data" not in r.text


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_names_are_served(server_url, host):
    """The same request with a loopback Host is served (the home redirect)."""
    port = urlsplit(server_url).port
    r = requests.get(server_url + "/", headers={"Host": f"{host}:{port}"}, allow_redirects=False, timeout=60)
    assert r.status_code == 302 and "home.ipynb" in r.headers["Location"]
