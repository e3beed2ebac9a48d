"""Browser test fixtures: ONE real ``intervisie serve`` and ONE headless Chromium per session.

Use these in every browser test of the project (docs/serving.md, "Browser tests"):

* ``server_url`` -- ``http://127.0.0.1:<port>`` (no trailing slash) of the session's one
  ``intervisie serve --no-browser --port <free port>``. HOME, JUPYTER_*, IPYTHONDIR,
  MPLCONFIGDIR, XDG_*, TMPDIR and INTERVISIE_DATA_DIR point into the pytest basetemp. It is
  stopped with SIGTERM to its process group at the end of the session.
* ``server`` -- that server as a :class:`browserkit.ServeProcess` (``.url``, ``.pid``,
  ``.log_text()``, ``.kernel_pids()``, ``.kernel_ids()``, ``.pool_size``, ``.wait_for_pool()``).
* ``serve_process(*args, ip=..., env=..., pool_size=...)`` -- an extra short-lived server (own
  scratch dirs), stopped at teardown; for tests that need other options (token, culling, ...).
  Arguments after ``"--"`` go to Voilà; pass ``pool_size`` when they change the preheated pools.
* ``browser`` -- Playwright (sync API) Chromium from /usr/bin/chromium with the flags in
  ``browserkit.CHROMIUM_FLAGS``. Tests using it are skipped, with the reason, only when
  /usr/bin/chromium is absent; under CI (``CI=true``) they fail instead.
* ``open_page(path, wait=True, selector=".ik-page", base_url=None, viewport=None)`` -- opens
  ``server_url + path`` in a fresh browser context (1280x900) and returns the Playwright page,
  which records ``page.requests``, ``page.external_requests`` (any other host),
  ``page.failed_requests`` and ``page.bad_responses`` (HTTP >= 400). With ``wait=True`` it
  returns once ``selector`` is visible (the widgets are rendered and connected). Every page is
  closed with ``page.close(run_before_unload=True)`` at teardown, so its kernel is shut down.

Helpers (``from browserkit import wait_for_widgets, screenshot, close_page``):
``wait_for_widgets(page, selector)``, ``screenshot(page, name)`` -> <name>.png in a folder under the
pytest basetemp, or in docs/screenshots/ with ``INTERVISIE_REFRESH_SCREENSHOTS=1`` (the README's pictures).

Every test in this folder gets the ``browser`` marker (``pytest -m "not browser"`` skips them).
"""
from __future__ import annotations

from pathlib import Path

import browserkit
import pytest
from browserkit import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    PAGE_TIMEOUT_MS,
    VIEWPORT,
    ServeProcess,
    close_page,
    record_requests,
    require_chromium,
    wait_for_widgets,
)

_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder ``browser``."""
    for item in items:
        if _HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def screenshot_folder(tmp_path_factory):
    """Screenshots go under the pytest basetemp, so a test run leaves docs/screenshots/ alone."""
    browserkit.screenshot_dir = tmp_path_factory.mktemp("screenshots")
    yield browserkit.SCREENSHOTS if browserkit.refresh_screenshots() else browserkit.screenshot_dir
    browserkit.screenshot_dir = None


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The session's one real ``intervisie serve`` (a started :class:`ServeProcess`)."""
    proc = ServeProcess(tmp_path_factory.mktemp("serve"))
    proc.start()
    yield proc
    proc.stop()


@pytest.fixture(scope="session")
def server_url(server) -> str:
    """Base URL of the session's server, without a trailing slash."""
    return server.url


@pytest.fixture
def serve_process(tmp_path):
    """Factory for an extra server: ``serve_process("--token", "t", ip="127.0.0.1")``.

    Started at once (``start=False`` to start it yourself); stopped at teardown if still running.
    """
    started = []

    def make(*args, ip="127.0.0.1", env=None, start=True, pool_size=None):
        proc = ServeProcess(tmp_path / f"serve{len(started)}", *args, ip=ip, env=env, pool_size=pool_size)
        started.append(proc)
        return proc.start() if start else proc

    yield make
    for proc in started:
        proc.stop()


@pytest.fixture(scope="session")
def browser(playwright_instance):
    """Headless Debian Chromium driven by Playwright (sync API, tests/conftest.py); skips (or under
    CI fails) the test when Chromium is missing."""
    require_chromium()
    b = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
    yield b
    b.close()


@pytest.fixture
def open_page(browser, server_url):
    """``open_page(path)`` -> a recorded, rendered Playwright page (see the module docstring)."""
    contexts, pages = [], []

    def _open(path: str = "/", wait: bool = True, selector: str = ".ik-page",
              base_url: str | None = None, viewport: dict | None = None):
        base = (base_url or server_url).rstrip("/")
        ctx = browser.new_context(viewport=viewport or VIEWPORT)
        ctx.set_default_timeout(PAGE_TIMEOUT_MS)
        contexts.append(ctx)
        page = ctx.new_page()
        record_requests(page, base)
        pages.append(page)
        page.goto(base + path, wait_until="commit")
        if wait:
            wait_for_widgets(page, selector)
        return page

    yield _open
    for page in pages:
        try:
            close_page(page)
        except Exception:
            pass
    for ctx in contexts:
        try:
            ctx.close()
        except Exception:
            pass
