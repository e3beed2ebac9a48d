"""Shared test set-up: keep Jupyter, matplotlib and the kit's data out of the user's home, and
make a missing text an error (``INTERVISIE_STRICT_TEXTS=1``: ``catalog.text`` raises MissingText,
here and in every server and kernel the tests start, since they inherit the environment)."""
from __future__ import annotations

import os
import tempfile

import pytest

_SCRATCH = tempfile.mkdtemp(prefix="intervisie-test-home-")
for var, sub in {
    "INTERVISIE_DATA_DIR": "data",
    "MPLCONFIGDIR": "mpl",
    "IPYTHONDIR": "ipython",
    "JUPYTER_CONFIG_DIR": "jupyter-config",
    "JUPYTER_DATA_DIR": "jupyter-data",
    "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
    "XDG_CACHE_HOME": "cache",
}.items():
    os.environ.setdefault(var, os.path.join(_SCRATCH, sub))
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["INTERVISIE_STRICT_TEXTS"] = "1"
for var in ("JUPYTERHUB_USER", "INTERVISIE_COORDINATOR"):  # tests run outside a hub unless they set these
    os.environ.pop(var, None)


@pytest.fixture(scope="session")
def playwright_instance():
    """Playwright's sync API, ONE per test run for every browser and hub test: a second
    ``sync_playwright()`` while the first is open fails ("Sync API inside the asyncio loop").
    The fixtures that launch Chromium check first that it is there."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw
