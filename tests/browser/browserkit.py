"""Helpers for the browser tests (imported by conftest.py and by tests: ``from browserkit import ...``).

* :class:`ServeProcess` -- a real ``intervisie serve`` in its own process group, with a
  scratch HOME/JUPYTER_*/XDG_*/TMPDIR/INTERVISIE_DATA_DIR, its log in a file, and helpers to
  count its kernel processes (``kernel_pids()``, ``kernel_ids()``, ``wait_for_pool()``).
* :func:`wait_for_widgets` -- wait until a Voilà page's widgets are rendered (interactive).
* :func:`screenshot` -- save a PNG into a temporary folder, or into docs/screenshots/ (the
  README uses home.png and walkthrough.png) when ``INTERVISIE_REFRESH_SCREENSHOTS=1``.
* :func:`require_chromium` -- skip without /usr/bin/chromium, but fail under CI (``CI=true``,
  :func:`on_ci`): CI never skips the browser tests silently.
* :func:`close_page` -- close a page like a user closing the tab (``beforeunload`` runs).
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
SCREENSHOTS = REPO / "docs" / "screenshots"
#: Set to 1 to refresh docs/screenshots/; otherwise screenshots go to :data:`screenshot_dir`.
REFRESH_SCREENSHOTS_ENV = "INTERVISIE_REFRESH_SCREENSHOTS"
#: The temporary screenshot folder (conftest.py points it into pytest's basetemp).
screenshot_dir: Path | None = None
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
#: Generous limits for a shared 2-core machine; every wait returns as soon as its condition holds.
SERVER_START_TIMEOUT = 90.0
PAGE_TIMEOUT_MS = 90_000


# --------------------------------------------------------------------------- the server process
def free_port(ip: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((ip, 0))
        return s.getsockname()[1]


def scratch_env(root: Path) -> dict[str, str]:
    """A process environment whose per-user state lives under ``root`` (created here)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER_", "INTERVISIE_", "VOILA_", "XDG_")) or k == "INTERVISIE_STRICT_TEXTS"}
    dirs = {
        "HOME": "home",
        "JUPYTER_CONFIG_DIR": "home/.jupyter",
        "JUPYTER_DATA_DIR": "home/.local/share/jupyter",
        "JUPYTER_RUNTIME_DIR": "home/.local/share/jupyter/runtime",
        "IPYTHONDIR": "home/.ipython",
        "MPLCONFIGDIR": "home/.config/matplotlib",
        "XDG_CONFIG_HOME": "home/.config",
        "XDG_CACHE_HOME": "home/.cache",
        "XDG_DATA_HOME": "home/.local/share",
        "XDG_STATE_HOME": "home/.local/state",
        "XDG_RUNTIME_DIR": "runtime",
        "TMPDIR": "tmp",
        "INTERVISIE_DATA_DIR": "data",
    }
    for var, sub in dirs.items():
        path = root / sub
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    os.chmod(root / "runtime", 0o700)
    env["PYTHONUNBUFFERED"] = "1"
    env["MPLBACKEND"] = "Agg"
    return env


def intervisie_command() -> list[str]:
    exe = Path(sys.executable).with_name("intervisie")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-c", "import sys; from intervisie_widgets.cli import main; sys.exit(main())"]


class ServeProcess:
    """A real ``intervisie serve`` in its own process group, with its log in a file."""

    def __init__(self, root: Path, *args: str, ip: str = "127.0.0.1", port: int | None = None,
                 env: dict[str, str] | None = None, pool_size: int | None = None):
        from intervisie_widgets.server import configured_pools

        self.root = Path(root)
        self.ip = ip
        self.port = port or free_port(ip)
        self.url = f"http://{ip}:{self.port}"
        self.env = {**scratch_env(self.root), **(env or {})}
        self.args = ["serve", "--no-browser", "--ip", ip, "--port", str(self.port), *args]
        #: the command line and working directory (benchmarks/page_load.py swaps in plain ``voila``)
        self.command = [*intervisie_command(), *self.args]
        self.cwd = REPO
        self.log_path = self.root / "serve.log"
        #: preheated kernels when idle (from notebooks/voila.json unless the caller overrides the pools)
        self.pool_size = sum(configured_pools(NOTEBOOKS).values()) if pool_size is None else pool_size
        self.proc: subprocess.Popen | None = None
        self.returncode: int | None = None

    # life cycle
    def start(self, timeout: float = SERVER_START_TIMEOUT) -> "ServeProcess":
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            self.command, cwd=self.cwd, env=self.env,
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.wait_until_answering(timeout)
        return self

    def wait_until_answering(self, timeout: float) -> None:
        import urllib.error
        import urllib.request

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *a, **k):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"intervisie serve exited with {self.proc.returncode}:\n{self.log_text()[-3000:]}")
            try:
                opener.open(self.url + "/voila/static/voila.js", timeout=2).close()
                return
            except urllib.error.HTTPError:
                return  # it answers (e.g. 302 to the login page)
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"intervisie serve did not answer within {timeout:.0f} s:\n{self.log_text()[-3000:]}")

    def stop(self, timeout: float = 60.0, sig: int = signal.SIGTERM) -> int:
        """``sig`` (SIGTERM; SIGINT is Ctrl-C) to the process group, wait, and make sure no kernel
        is left behind. Returns the exit status."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            kernels = self.kernel_processes()
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass
            try:
                self.returncode = self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.returncode = self.proc.wait(timeout=10)
            for k in kernels:  # only if the server failed to shut them down itself
                try:
                    k.kill()
                except Exception:
                    pass
        else:
            self.returncode = self.proc.returncode
        self._log.close()
        return self.returncode

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # observation
    @property
    def pid(self) -> int:
        return self.proc.pid

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def kernel_processes(self) -> list:
        """Running ipykernel processes started by the server (children of its process)."""
        import psutil

        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        out = []
        for p in children:
            try:
                if p.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(p.cmdline()):
                    out.append(p)
            except psutil.Error:
                pass
        return out

    def kernel_pids(self) -> set[int]:
        return {p.pid for p in self.kernel_processes()}

    def kernel_ids(self) -> dict[str, int]:
        """Kernel id -> pid of the running kernels (from the connection file in the command line)."""
        out = {}
        for p in self.kernel_processes():
            try:
                m = re.search(r"kernel-([0-9a-f-]{36})\.json", " ".join(p.cmdline()))
            except Exception:
                continue
            if m:
                out[m.group(1)] = p.pid
        return out

    def wait_for_kernels(self, count: int, timeout: float, stable: float = 1.5,
                         gone: set[int] = frozenset(), idle: bool = False) -> set[int]:
        """Wait until exactly ``count`` kernels run, none of ``gone`` among them, for ``stable`` s.

        With ``idle=True`` they must also have stopped using CPU (a preheated kernel has then
        run its notebook up to ``wait_for_request`` and is ready to serve a page at once).
        """
        import psutil

        deadline = time.monotonic() + timeout
        since, last, cpu = None, None, {}
        while time.monotonic() < deadline:
            procs = self.kernel_processes()
            pids = {p.pid for p in procs}
            now_cpu = {}
            for p in procs:
                try:
                    t = p.cpu_times()
                    now_cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    pass
            busy = idle and any(now_cpu.get(pid, 0) - cpu.get(pid, -1.0) > 0.05 for pid in pids)
            cpu = now_cpu
            if len(pids) == count and not (pids & gone) and not busy:
                if pids != last:
                    since, last = time.monotonic(), pids
                elif time.monotonic() - since >= stable:
                    return pids
            else:
                since, last = None, None
            time.sleep(0.25)
        raise AssertionError(
            f"expected {count} {'idle ' if idle else ''}kernel(s) (without {sorted(gone)}), "
            f"have {sorted(self.kernel_pids())} after {timeout:.0f} s\n{self.log_text()[-2000:]}")

    def wait_for_pool(self, timeout: float = 180.0, idle: bool = True) -> set[int]:
        """Wait until the server holds exactly its preheated pool, warm (idle) by default;
        return the kernel pids."""
        return self.wait_for_kernels(self.pool_size, timeout, idle=idle)


def record_requests(page, base_url: str) -> None:
    """Attach request bookkeeping to ``page``."""
    own = urlsplit(base_url).netloc
    page.requests, page.external_requests, page.failed_requests, page.bad_responses = [], [], [], []
    page.beacons = []  # tab-close shutdown beacons sent while navigating away
    page.closing = False

    def on_request(req):
        page.requests.append(req.url)
        parts = urlsplit(req.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != own:
            page.external_requests.append(req.url)

    def on_failed(req):
        if page.closing:  # the tab-close beacon and aborted loads while closing do not count
            return
        if "/voila/api/shutdown/" in req.url and "ERR_ABORTED" in (req.failure or ""):
            # Voilà's beforeunload sendBeacon when the page navigates away: Chromium reports it
            # as aborted, but the server receives it and shuts the kernel down (verified in its log)
            page.beacons.append(req.url)
            return
        page.failed_requests.append(f"{req.method} {req.url}: {req.failure}")

    def on_response(resp):
        if resp.status >= 400:
            page.bad_responses.append(f"{resp.status} {resp.request.method} {resp.url}")

    page.on("request", on_request)
    page.on("requestfailed", on_failed)
    page.on("response", on_response)


def close_page(page) -> None:
    """Close like a user closing the tab: ``beforeunload`` runs, so Voilà shuts the kernel down."""
    if not page.is_closed():
        page.closing = True
        page.close(run_before_unload=True)


def wait_for_widgets(page, selector: str = ".ik-page", timeout: float = PAGE_TIMEOUT_MS) -> None:
    """Wait until Voilà has rendered the page and the widget ``selector`` is visible.

    Voilà shows ``#rendered_cells`` once the notebook's outputs are in; the widget views appear
    once the widget manager has talked to the kernel, so a visible widget is an interactive one.
    """
    page.wait_for_selector(selector, state="visible", timeout=timeout)


def on_ci() -> bool:
    """Whether the tests run under CI (``CI=true``), where nothing may be skipped for want of a tool."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require_chromium(path: Path = CHROMIUM) -> None:
    """Skip the calling test when Chromium is missing, or fail it under CI (a skip would hide it)."""
    import pytest

    if not path.exists():
        reason = f"{path} is not installed (Debian: apt-get install chromium); browser tests need it"
        if on_ci():
            pytest.fail(f"{reason}, and under CI (CI=true) they must run, not be skipped", pytrace=False)
        pytest.skip(reason)


def refresh_screenshots() -> bool:
    """Whether screenshots should replace the README's pictures in docs/screenshots/."""
    return os.environ.get(REFRESH_SCREENSHOTS_ENV, "").strip().lower() in ("1", "true", "yes")


def screenshot(page, name: str) -> Path:
    """Save a PNG of the viewport as <name>.png in the temporary :data:`screenshot_dir`, or in
    docs/screenshots/ (used by the README) when ``INTERVISIE_REFRESH_SCREENSHOTS=1``."""
    global screenshot_dir
    if refresh_screenshots():
        folder = SCREENSHOTS
    else:
        if screenshot_dir is None:  # outside pytest: a folder of our own
            screenshot_dir = Path(tempfile.mkdtemp(prefix="intervisie-screenshots-"))
        folder = screenshot_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    return path
