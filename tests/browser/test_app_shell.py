"""The app shell served by ``intervisie serve``, in a real server and headless Chromium.

Proves (docs/serving.md):
* the home page loads at ``/``, with no request to another host and no failed request
  (Font Awesome is served by the app itself);
* ``?lang=en`` reaches a preheated kernel (``app.request_lang()``), also when the server
  listens on one address other than 127.0.0.1;
* closed tabs' kernels go away (the ``_xsrf`` cookie makes Voilà's ``beforeunload``
  shutdown work, with the XSRF check still on) and crashed tabs' kernels are culled, while
  the preheated pool survives culling;
* only notebooks are served: no source, data or configuration file is downloadable, and
  such a request is refused (403/404), never answered with a server error;
* a token is enforced; SIGTERM stops the server and every kernel.
"""
from __future__ import annotations

import http.client
import re
import signal
import time
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import pytest
import requests
from browserkit import NOTEBOOKS, ServeProcess, close_page, screenshot

from intervisie_widgets import catalog

#: Bound for closed pages' kernels to go away. The beforeunload shutdown is immediate; this
#: only leaves room for a busy 2-core machine and the pool refill (fill_delay 1 s).
CLOSE_TIMEOUT = 90.0
PREHEATED = re.compile(r"Using pre-heated kernel: \S+ for (\S+)")
PREHEATED_ID = re.compile(r"Using pre-heated kernel: (\S+) for")


def preheated_uses(server: ServeProcess, notebook: str) -> int:
    """How often the server's log says it handed a preheated kernel to ``notebook``."""
    return sum(1 for nb in PREHEATED.findall(server.log_text()) if nb == notebook)


def raw_get(base_url: str, path: str) -> tuple[int, dict, bytes]:
    """GET ``path`` exactly as written (no client-side ``..`` normalisation)."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


# --------------------------------------------------------------------------- home page
def test_home_at_root_makes_no_foreign_or_failed_request(open_page, server):
    """/ opens the home page with no request to another host, no failed request and no dead link."""
    page = open_page("/")
    assert urlsplit(page.url).path == "/voila/render/home.ipynb"
    page.wait_for_load_state("networkidle")
    assert page.external_requests == []
    assert page.failed_requests == []
    assert page.bad_responses == []
    assert any("/voila/templates/intervisie/static/fontawesome/css/all.min.css" in u for u in page.requests)
    # nothing in the page even points elsewhere (stylesheets, scripts, images, module imports)
    html = page.content()
    assert not re.search(r"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""",
                         html), "a resource from another host"
    assert not re.search(r"""import\(\s*["'](?:https?:)?//""", html), "external import()"
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html
    # every page the home page links to exists (no dead links)
    hrefs = page.eval_on_selector_all(".ik-page a[href]", "els => els.map(e => e.getAttribute('href'))")
    for href in hrefs:
        target = href.split("?")[0].split("/")[-1]
        if target.endswith(".ipynb"):
            assert (NOTEBOOKS / target).is_file(), href
    screenshot(page, "home")


def test_lang_query_reaches_the_preheated_kernel(open_page, server):
    """/?lang=en is served by a preheated kernel that still gets the query and shows English."""
    server.wait_for_pool()
    before = preheated_uses(server, "home.ipynb")
    page = open_page("/?lang=en")
    assert "lang=en" in page.url
    page.get_by_text(catalog.text("home.intro", "en")).wait_for()
    assert preheated_uses(server, "home.ipynb") == before + 1, "the page did not use a preheated kernel"


# --------------------------------------------------------------------------- kernels
def test_closed_pages_kernels_return_to_the_pool_size(open_page, server):
    """Closing five tabs shuts their kernels down through beforeunload (not culling) back to the pool size."""
    server.wait_for_pool()
    log_start = len(server.log_text())
    pages = [open_page(p) for p in ("/", "/voila/render/methoden.ipynb", "/voila/render/home.ipynb?lang=en",
                                    "/voila/render/methodekiezer.ipynb", "/voila/render/methoden.ipynb?lang=en")]
    page_kernels = set(server.kernel_ids())
    assert len(page_kernels) >= 5  # every open page holds a kernel
    for page in pages:
        close_page(page)
    after = server.wait_for_kernels(server.pool_size, timeout=CLOSE_TIMEOUT)
    log = server.log_text()[log_start:]
    shut = set(re.findall(r"Kernel shutdown: (\S+)", log))
    assert len(shut) >= 5, log[-3000:]
    assert "Culling" not in log  # the tab-close shutdown did it, not idle culling
    assert "_xsrf" not in log  # no XSRF failure on the shutdown beacon
    assert len(after) == server.pool_size


def test_xsrf_check_is_still_on(server_url):
    """The fix for the tab-close leak sets a cookie; it does not switch XSRF checks off."""
    r = requests.post(f"{server_url}/voila/api/shutdown/00000000-0000-0000-0000-000000000000", timeout=30)
    assert r.status_code == 403
    assert "_xsrf" in r.text


#: Preheat only these pages on the extra servers (the real voila.json preheats every page).
#: Voilà matches preheat_denylist against the absolute path: deny every basename but these two.
ONLY_PREHEAT = r"--VoilaKernelManager.preheat_denylist=.*/(?!home\.ipynb$|methoden\.ipynb$)[^/]*$"


def small_pool() -> int:
    """Preheated kernels of the extra servers: those of home.ipynb and methoden.ipynb only."""
    from intervisie_widgets.server import configured_pools

    pools = configured_pools(NOTEBOOKS)
    return pools.get("home.ipynb", 0) + pools.get("methoden.ipynb", 0)


@pytest.fixture(scope="module")
def other_address_server(tmp_path_factory):
    """A second server on 127.0.0.2 (loopback, but not 127.0.0.1) that culls kernels idle for 20 s.

    20 s, not less: a page's kernel counts as idle between the end of the render and the moment
    the browser connects to it, which takes several seconds on a loaded 2-core machine.
    """
    proc = ServeProcess(
        tmp_path_factory.mktemp("serve-127-0-0-2"),
        "--", ONLY_PREHEAT, "--MappingKernelManager.cull_idle_timeout=20",
        "--MappingKernelManager.cull_interval=2",
        ip="127.0.0.2", pool_size=small_pool(),
    )
    try:
        proc.start()
    except OSError as e:  # pragma: no cover - a kernel without the 127/8 loopback range
        pytest.skip(f"cannot listen on 127.0.0.2: {e}")
    yield proc
    proc.stop()


def test_lang_query_with_server_on_another_address(open_page, other_address_server):
    """Voilà never sets VOILA_APP_IP, so a preheated kernel looks for the server on 127.0.0.1;
    ``intervisie serve`` sets it, so ``?lang=en`` works on any address."""
    srv = other_address_server
    srv.wait_for_pool()
    before = preheated_uses(srv, "methoden.ipynb")
    page = open_page("/voila/render/methoden.ipynb?lang=en", base_url=srv.url)
    page.locator(".ik-methods-select .widget-label").filter(
        has_text=catalog.text("methods.choose", "en")).wait_for()
    assert preheated_uses(srv, "methoden.ipynb") == before + 1
    assert page.external_requests == [] and page.failed_requests == []


def test_crashed_tab_kernel_is_culled_and_pool_survives(open_page, other_address_server):
    """A tab that dies without ``beforeunload`` loses its kernel to idle culling (20 s here,
    600 s in voila.json); the preheated kernels, idle longer than that, are never culled."""
    srv = other_address_server
    srv.wait_for_pool()
    pool_before = set(srv.kernel_ids())
    page = open_page("/", base_url=srv.url)
    used = PREHEATED_ID.findall(srv.log_text())[-1]
    assert used in pool_before
    srv.wait_for_kernels(srv.pool_size + 1, timeout=CLOSE_TIMEOUT)  # pool refilled, page still open
    page.closing = True
    page.close(run_before_unload=False)  # like a crash: no beforeunload, so no shutdown request
    srv.wait_for_kernels(srv.pool_size, timeout=CLOSE_TIMEOUT, stable=4.0)
    after = set(srv.kernel_ids())
    assert re.search(rf"Culling .*{used}", srv.log_text()), srv.log_text()[-2000:]
    assert used not in after
    # every other kernel of the pool has been idle longer than the cull timeout, yet survives
    assert pool_before - {used} <= after
    assert len(after) == srv.pool_size


# --------------------------------------------------------------------------- what is served
REFUSED = [
    "/voila/files/pyproject.toml",
    "/voila/files/../pyproject.toml",
    "/voila/files/%2e%2e/pyproject.toml",
    "/voila/files/..%2fpyproject.toml",
    "/voila/files/../data/content.md",
    "/voila/files/../intervisie_widgets/settings.py",
    "/voila/files/voila.json",
    "/voila/files/home.ipynb",
    "/voila/files/app.py",
    "/voila/files/intervisie.sqlite",
    "/voila/files/answers.csv",
    "/voila/files/.hidden.png",
    "/voila/files/../docs/screenshots/home.png",
    "/voila/render/../pyproject.toml",
    "/voila/render/voila.json",
    "/voila/api/contents/voila.json",
    "/voila/static/../../settings.py",
    "/voila/templates/intervisie/static/../index.html.j2",
    "/voila/templates/intervisie/conf.json",
    "/voila/templates/../../../../pyproject.toml",
    "/api/contents/pyproject.toml",
    "/api/kernels",
    "/files/pyproject.toml",
    "/tree",
    "/lab",
]


@pytest.mark.parametrize("path", REFUSED)
def test_files_outside_the_notebooks_are_refused(server_url, path):
    """Source, data and configuration files are refused with 403 or 404, never with a server error."""
    status, headers, body = raw_get(server_url, path)
    if status in (301, 302):  # /voila/render/<not a notebook> redirects to /voila/files/<it>
        location = headers["Location"]
        assert location.startswith("/voila/files/"), location
        status, headers, body = raw_get(server_url, location)
    assert status in (403, 404), (path, status, body[:200])
    for secret in (b"[build-system]", b"VoilaConfiguration", b"def serve", b"base_template", b"nbformat"):
        assert secret not in body, (path, secret)


def test_contents_api_lists_notebooks_without_their_content(server_url):
    """Voilà's contents API lists only notebooks and folders, and never returns a notebook's content."""
    r = requests.get(f"{server_url}/voila/api/contents", timeout=30)
    assert r.status_code == 200
    names = {item["name"] for item in r.json()["content"]}
    assert names and all(n.endswith(".ipynb") or "." not in n for n in names), names
    r = requests.get(f"{server_url}/voila/api/contents/home.ipynb", timeout=30)
    assert r.json()["content"] is None


# --------------------------------------------------------------------------- token and stopping
def test_token_is_enforced(serve_process):
    """With --token nothing is served without it; the token logs the browser in and is dropped from the URL."""
    srv = serve_process("--token", "s3cret-token-for-the-tests", "--", "--VoilaConfiguration.preheat_kernel=False")
    base = srv.url
    # without the token: no page, no listing, no kernel API
    r = requests.get(f"{base}/voila/render/home.ipynb", allow_redirects=False, timeout=30)
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")
    r = requests.get(f"{base}/", allow_redirects=False, timeout=30)
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")
    assert requests.get(f"{base}/voila/api/contents", timeout=30).status_code == 403
    assert requests.get(f"{base}/voila/render/home.ipynb?token=wrong", allow_redirects=False,
                        timeout=30).status_code == 302
    # with the token: / logs the browser in (cookie) and sends it home without the token in the URL
    s = requests.Session()
    r = s.get(f"{base}/?token=s3cret-token-for-the-tests&lang=en", allow_redirects=False, timeout=30)
    assert r.status_code == 302
    assert r.headers["Location"] == "/voila/render/home.ipynb?lang=en"
    assert s.get(f"{base}/voila/api/contents", timeout=30).status_code == 200
    r = s.get(f"{base}/voila/render/home.ipynb?lang=en", timeout=120)
    assert r.status_code == 200 and "jupyter-config-data" in r.text
    assert "?token=s3cret-token-for-the-tests" in srv.log_text()  # the banner prints the link to hand out


def test_sigterm_stops_server_and_kernels(serve_process):
    """SIGTERM stops the server within 30 s, with every preheated kernel and its connection files gone."""
    srv = serve_process("--", ONLY_PREHEAT, pool_size=small_pool())
    kernels = srv.wait_for_pool()
    assert kernels
    m = re.search(r"Storing connection files in (\S+?)\.?$", srv.log_text(), re.M)
    t0 = time.monotonic()
    assert srv.stop() == 0
    took = time.monotonic() - t0
    for pid in kernels:
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    log = srv.log_text()
    assert "Handle signal 15" in log
    assert catalog.text("serve.stopped", "nl") in log
    if m:
        assert not Path(m.group(1)).exists()
    assert took < 30, took


def test_ctrl_c_stops_server_and_kernels(serve_process):
    """Ctrl-C (SIGINT to the process group) stops the server and the kernel of an open page."""
    srv = serve_process("--", "--VoilaConfiguration.preheat_kernel=False", pool_size=0)
    r = requests.get(f"{srv.url}/voila/render/home.ipynb", timeout=120)  # starts a kernel
    assert r.status_code == 200
    kernels = srv.kernel_pids()
    assert kernels
    assert srv.stop(sig=signal.SIGINT) == 0
    for pid in kernels:
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert catalog.text("serve.stopped", "nl") in srv.log_text()
