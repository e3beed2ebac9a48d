"""Fixtures of the JupyterHub end-to-end test (tests/hub/test_hub_e2e.py, markers ``hub`` and
``browser``: ``./test.sh -m hub`` runs it alone, ``-m "not browser"`` leaves it out).

* ``hub`` -- a started :class:`hubkit.HubProcess` (JupyterHub from PyPI, configurable-http-proxy
  from .node/, DummyAuthenticator, SimpleLocalProcessSpawner) on loopback, whose kit database is a
  fresh schema of the PostgreSQL server in ``INTERVISIE_TEST_PG_URL``; stopped with everything it
  started, and checked to have left no process behind.
* ``hub_browser`` -- headless Chromium (/usr/bin/chromium) as in tests/browser/.

A missing prerequisite (jupyterhub, configurable-http-proxy, Chromium, PostgreSQL) skips the test
with the reason, except under CI (``CI=true``), where it fails.
"""
from __future__ import annotations

import sys
from pathlib import Path

import hubkit
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
from browserkit import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

from conftest_pg import pg_admin_url  # noqa: E402,F401 - the fixture, re-exported


@pytest.fixture(scope="module")
def hub_prerequisites():
    """Skip (under CI: fail) when jupyterhub, configurable-http-proxy or Chromium is missing."""
    missing = hubkit.missing_prerequisites()
    if missing:
        reason = "the hub test needs " + "; ".join(missing)
        if hubkit.on_ci():
            pytest.fail(reason + " (under CI it must run)", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def hub_db_url(pg_admin_url):  # noqa: F811
    """A fresh PostgreSQL schema for the kit's tables, dropped after the module."""
    from intervisie_widgets.storage.testing import temporary_pg_schema

    with temporary_pg_schema(pg_admin_url) as url:
        yield url


@pytest.fixture(scope="module")
def hub(hub_prerequisites, hub_db_url, tmp_path_factory):
    root = tmp_path_factory.mktemp("hub")
    env = hubkit.hub_env(root, hub_db_url, secret="hub-test-" + "p" * 32, coordinators="coord")
    proc = hubkit.HubProcess(root, env)
    try:
        proc.start()
        yield proc
    finally:
        started = proc.descendants() if proc.proc else []
        proc.stop()
        left = [p for p in started if p.is_running() and p.status() != "zombie"]
        assert not left, f"the hub left processes behind: {left}"


@pytest.fixture(scope="module")
def hub_browser(hub_prerequisites, playwright_instance):
    """Headless Chromium for the hub test, from the run's one Playwright (tests/conftest.py)."""
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
    try:
        yield browser
    finally:
        browser.close()
