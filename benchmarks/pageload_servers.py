"""The servers that benchmarks/page_load.py compares, and how it waits for them to be idle.

* :class:`PlainVoila` -- ``voila notebooks/`` (directory mode, pages at ``/voila/render/X.ipynb``,
  Voilà's stock template) run from a scratch folder, so notebooks/voila.json does not apply.
  With ``pools`` it writes a ``voila.json`` there with ``preheat_kernel`` and the same
  per-notebook pool sizes and ``fill_delay`` that ``intervisie serve`` uses (read from
  notebooks/voila.json via :func:`intervisie_widgets.server.configured_pools`); nothing else of
  the kit's configuration (template, XSRF cookie, culling, file lists) is copied.
* :class:`StaticSite` -- ``python -m http.server`` over a folder of static HTML snapshots of the
  kit's pages (the lower limit: the same visible page without Voilà, kernel or JavaScript).
* :func:`wait_all_quiet` -- wait until every preheated pool is full and no server or kernel uses CPU.

Every server runs in its own process group and is stopped with SIGTERM to that group.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from browserkit import ServeProcess, free_port

NOTEBOOKS = REPO / "notebooks"
PREHEATED_ID = re.compile(r"Using pre-heated kernel: (\S+) for (\S+)")


def kit_pools() -> tuple[dict[str, int], float]:
    """The per-notebook pool sizes and the refill delay ``intervisie serve`` configures."""
    from intervisie_widgets.server import configured_pools

    cfg = json.loads((NOTEBOOKS / "voila.json").read_text(encoding="utf-8"))
    return configured_pools(NOTEBOOKS), float(cfg.get("VoilaKernelManager", {}).get("fill_delay", 1))


class PlainVoila(ServeProcess):
    """Stock ``voila notebooks/``; preheated with the kit's pool sizes when ``pools`` is given."""

    def __init__(self, root: Path, pools: dict[str, int] | None = None, fill_delay: float = 1.0):
        super().__init__(root, pool_size=sum(pools.values()) if pools else 0)
        voila = Path(sys.executable).with_name("voila")
        self.command = [*([str(voila)] if voila.exists() else [sys.executable, "-m", "voila"]),
                        str(NOTEBOOKS), "--no-browser", "--Voila.ip=127.0.0.1",
                        f"--Voila.port={self.port}", "--Voila.port_retries=0"]
        self.cwd = self.root  # voila.json is read from the working directory
        self.env["INTERVISIE_NOTEBOOKS"] = str(NOTEBOOKS)  # the same home page as the kit's
        if pools:
            config = {
                "VoilaConfiguration": {"preheat_kernel": True},
                "VoilaKernelManager": {
                    "kernel_pools_config": {"default": {"pool_size": 0},
                                            **{nb: {"pool_size": n} for nb, n in pools.items()}},
                    "fill_delay": fill_delay,
                },
            }
            (self.root / "voila.json").write_text(json.dumps(config, indent=1), encoding="utf-8")


class StaticSite:
    """``python -m http.server`` on 127.0.0.1 over ``root/site`` (files written by the caller)."""

    pool_size = 0

    def __init__(self, root: Path):
        self.dir = Path(root) / "site"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> StaticSite:
        import urllib.request

        (self.dir / "ping.txt").write_text("ok", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(self.port), "--directory", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/ping.txt", timeout=2).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the static HTTP server did not answer")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def kernel_processes(self) -> list:
        return []


def used_kernel_ids(server) -> set[str]:
    """Ids of the preheated kernels the server has handed to a page (from its log)."""
    if not isinstance(server, ServeProcess):
        return set()
    return {k for k, _ in PREHEATED_ID.findall(server.log_text())}


def pool_full(server) -> bool:
    """True if the server holds its whole preheated pool (kernels not yet handed out).

    Kernels of closed pages may live on (plain Voilà cannot shut them down, Voilà issue #1458),
    so the pool is counted as the running kernels that were never handed to a page."""
    if not server.pool_size:
        return True
    waiting = set(server.kernel_ids()) - used_kernel_ids(server)
    return len(waiting) >= server.pool_size


def _cpu_seconds(servers) -> tuple[float, int]:
    """CPU seconds used so far by the servers and their kernels, and how many processes that is."""
    import psutil

    total, count = 0.0, 0
    for server in servers:
        try:
            procs = [psutil.Process(server.pid), *server.kernel_processes()]
        except psutil.Error:
            continue
        for p in procs:
            try:
                t = p.cpu_times()
                total += t.user + t.system
                count += 1
            except psutil.Error:
                pass
    return total, count


def wait_all_quiet(servers, timeout: float = 240.0, quiet_for: float = 0.75) -> float:
    """Wait until every pool is full and the servers and their kernels have used (almost) no CPU
    for ``quiet_for`` seconds; returns the seconds waited. Says so and goes on after ``timeout``.

    "Almost no CPU": under 0.03 CPU-s per 0.25 s, plus 1 ms per process for the idle kernels
    that plain Voilà leaves behind (they answer heartbeats)."""
    start = time.monotonic()
    last, quiet_since = None, None
    while time.monotonic() - start < timeout:
        total, count = _cpu_seconds(servers)
        full = all(pool_full(s) for s in servers)
        if full and last is not None and total - last < 0.03 + 0.001 * count:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= quiet_for:
                break
        else:
            quiet_since = None
        last = total
        time.sleep(0.25)
    else:
        print(f"  (not quiet after {timeout:.0f} s; measuring anyway)", flush=True)
    return time.monotonic() - start
