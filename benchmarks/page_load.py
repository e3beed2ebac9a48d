"""Page load of the web app: plain ``voila notebooks/<page>`` against ``intervisie serve``.

    python benchmarks/page_load.py [--loads 5] [--pages home,methoden] [--no-readme]

For each page and each mode it measures, in headless Chromium (/usr/bin/chromium):

* the time from navigation (``page.goto``) to the first interactive widget (the page's
  language switch, ``.ik-common-lang button``, is visible: its view exists, so the widget
  manager is connected to the kernel) -- the median of ``--loads`` loads (>= 5) in one browser
  context (HTTP cache warm, like a trainee going back to a page). The very first visit (cold
  cache) is printed separately and not in the median;
* for ``intervisie serve`` every load starts with a warm pool (the preheated kernels have run
  their notebook up to ``wait_for_request`` and are idle); plain Voilà starts a kernel per load;
* the resident memory (RSS, and USS = memory only this process holds) of the kernel that
  serves the page, median over the loads;
* how many requests went to another host or failed (plain Voilà's template loads Font Awesome
  from a CDN; offline those requests fail);

plus the time of ``import intervisie_widgets`` in a fresh interpreter (median of 7). Both
servers run side by side in one run with the same scratch HOME/JUPYTER_* set-up as the
browser tests. The figures are printed and written into benchmarks/README.md ("Page load")
unless ``--no-readme`` is given. Not a test: the machine is shared, so read the figures
with the load average printed next to them.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from browserkit import CHROMIUM, CHROMIUM_FLAGS, VIEWPORT, ServeProcess  # noqa: E402

NOTEBOOKS = REPO / "notebooks"
README = REPO / "benchmarks" / "README.md"
FIRST_WIDGET = ".ik-common-lang button"
PREHEATED_ID = re.compile(r"Using pre-heated kernel: (\S+) for (\S+)")


# --------------------------------------------------------------------------- servers
class PlainVoila(ServeProcess):
    """``voila notebooks/<page>.ipynb`` with Voilà's defaults (run outside the notebooks folder,
    so notebooks/voila.json does not apply): a kernel per page load, stock template."""

    def __init__(self, root: Path, notebook: str):
        super().__init__(root, pool_size=0)
        voila = Path(sys.executable).with_name("voila")
        self.command = [str(voila) if voila.exists() else sys.executable, *([] if voila.exists() else ["-m", "voila"]),
                        str(NOTEBOOKS / notebook), "--no-browser", "--Voila.ip=127.0.0.1",
                        f"--port={self.port}", "--Voila.port_retries=0"]
        self.cwd = self.root


def wait_quiet(server: ServeProcess, timeout: float = 240.0) -> None:
    """Wait until the server and its kernels are idle (no CPU for a moment); for the preheated
    server also until the pool is full and warm."""
    import psutil

    if server.pool_size:
        server.wait_for_pool(timeout=timeout)
    deadline = time.monotonic() + timeout
    proc = psutil.Process(server.pid)
    last, quiet_since = None, None
    while time.monotonic() < deadline:
        procs = [proc, *server.kernel_processes()]
        total = 0.0
        for p in procs:
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.Error:
                pass
        if last is not None and total - last < 0.03:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= 0.75:
                return
        else:
            quiet_since = None
        last = total
        time.sleep(0.25)


def kernel_memory(server: ServeProcess, before: set[int], notebook: str, log_start: int) -> tuple[float, float] | None:
    """(RSS, USS) in MiB of the kernel that serves the page just loaded."""
    import psutil

    pid = None
    if server.pool_size:
        used = [k for k, nb in PREHEATED_ID.findall(server.log_text()[log_start:]) if nb == notebook]
        if used:
            pid = server.kernel_ids().get(used[-1])
    if pid is None:
        new = [p for p in server.kernel_processes() if p.pid not in before]
        if new:
            pid = max(new, key=lambda p: p.create_time()).pid
    if pid is None:
        return None
    try:
        mem = psutil.Process(pid).memory_full_info()
    except psutil.Error:
        return None
    return mem.rss / 2**20, mem.uss / 2**20


# --------------------------------------------------------------------------- measuring
def measure(browser, server: ServeProcess, path: str, notebook: str, loads: int) -> dict:
    from urllib.parse import urlsplit

    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.set_default_timeout(180_000)
    own = urlsplit(server.url).netloc
    times, rss, uss, external, failed = [], [], [], 0, 0
    first = None
    for i in range(loads + 1):
        wait_quiet(server)
        before = server.kernel_pids()
        log_start = len(server.log_text())
        page = ctx.new_page()
        reqs, fails = [], []
        page.on("request", lambda r: reqs.append(r.url))
        page.on("requestfailed", lambda r: fails.append(r.url) if "/voila/api/shutdown/" not in r.url else None)
        t0 = time.perf_counter()
        page.goto(server.url + path, wait_until="commit")
        page.wait_for_selector(FIRST_WIDGET, state="visible")
        elapsed = time.perf_counter() - t0
        mem = kernel_memory(server, before, notebook, log_start)
        page.wait_for_load_state("networkidle")
        external += sum(1 for u in reqs if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != own)
        failed += len(fails)
        page.close(run_before_unload=True)
        if i == 0:
            first = elapsed
            continue
        times.append(elapsed)
        if mem:
            rss.append(mem[0])
            uss.append(mem[1])
    ctx.close()
    return {
        "median": statistics.median(times), "min": min(times), "max": max(times), "first": first,
        "rss": statistics.median(rss) if rss else float("nan"),
        "uss": statistics.median(uss) if uss else float("nan"),
        "external": external, "failed": failed, "loads": len(times),
    }


def import_time(module: str = "intervisie_widgets", runs: int = 7) -> float:
    code = (f"import time; t = time.perf_counter(); import {module}; "
            "print(time.perf_counter() - t)")
    values = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
        values.append(float(out.stdout.strip()))
    return statistics.median(values)


# --------------------------------------------------------------------------- report
def report(results: dict, pages: list[str], imports: dict[str, float], loads: int, load_avg: str) -> str:
    end_load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        "## Page load",
        "",
        "`python benchmarks/page_load.py` (`--loads N`, default 5; `--no-readme` to only print) opens each",
        "page in headless Chromium and measures the time from navigation to the first interactive",
        "widget (the language switch is drawn, so the widget manager talks to the kernel): the",
        f"median of {loads} loads in one browser context (warm HTTP cache), after one first visit",
        "(cold cache, in brackets, not in the median). *plain* is `voila notebooks/<page>.ipynb`",
        "with Voilà's defaults (a kernel per page load, stock template); *serve* is",
        "`intervisie serve` (notebooks/voila.json: preheated pool, waited until warm before each",
        "load; the kit's template). Kernel memory is the kernel serving the page (RSS; USS = memory",
        "only that kernel holds).",
        "",
        f"Measured {dt.date.today().isoformat()} on the shared 2-core machine (Python {platform.python_version()}; "
        f"load average {load_avg} at the start, {end_load} at the end).",
        "",
        "| page | plain voila: median (min–max) [first] | intervisie serve: median (min–max) [first] | plain / serve |",
        "| --- | --- | --- | --- |",
    ]
    for nb in pages:
        p, s = results["plain"][nb], results["serve"][nb]
        lines.append(
            f"| {nb} | {p['median']:.2f} s ({p['min']:.2f}–{p['max']:.2f}) [{p['first']:.2f}] "
            f"| {s['median']:.2f} s ({s['min']:.2f}–{s['max']:.2f}) [{s['first']:.2f}] "
            f"| {p['median'] / s['median']:.1f}× |")
    lines += ["", "| page | kernel RSS / USS, plain | kernel RSS / USS, serve | requests to other hosts, plain / serve | failed requests, plain / serve |",
              "| --- | --- | --- | --- | --- |"]
    for nb in pages:
        p, s = results["plain"][nb], results["serve"][nb]
        lines.append(f"| {nb} | {p['rss']:.0f} / {p['uss']:.0f} MiB | {s['rss']:.0f} / {s['uss']:.0f} MiB "
                     f"| {p['external']} / {s['external']} | {p['failed']} / {s['failed']} |")
    lines += ["", "| import, fresh interpreter (median of 7) | time |", "| --- | --- |"]
    for mod, t in imports.items():
        lines.append(f"| `import {mod}` | {t:.3f} s |")
    lines += ["", "Targets (issue 2): ≤ 1.0 s median to interactive with the warm pool, ≥ 2× faster than",
              "plain Voilà, `import intervisie_widgets` ≤ 0.3 s. See docs/serving.md for what the figures mean.", ""]
    return "\n".join(lines)


def write_readme(section: str) -> None:
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Page load\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(section.rstrip("\n") + "\n\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    README.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--loads", type=int, default=5, help="measured loads per page and mode (>= 5)")
    ap.add_argument("--pages", default="home,methoden", help="notebooks (without .ipynb), comma-separated")
    ap.add_argument("--no-readme", action="store_true", help="only print, do not update benchmarks/README.md")
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing (apt-get install chromium)", file=sys.stderr)
        return 2
    pages = [f"{p.strip()}.ipynb" for p in args.pages.split(",") if p.strip()]
    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average {load_avg}", flush=True)

    imports = {m: import_time(m) for m in ("intervisie_widgets", "intervisie_widgets.app")}
    for m, t in imports.items():
        print(f"import {m}: {t:.3f} s", flush=True)

    from playwright.sync_api import sync_playwright

    results: dict = {"plain": {}, "serve": {}}
    with tempfile.TemporaryDirectory(prefix="ik-page-load-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        serve = ServeProcess(Path(tmp) / "serve")
        serve.start()
        try:
            for nb in pages:
                plain = PlainVoila(Path(tmp) / f"plain-{nb}", nb)
                plain.start()
                try:
                    for mode, server, path in (("plain", plain, "/"), ("serve", serve, f"/voila/render/{nb}")):
                        r = measure(browser, server, path, nb, args.loads)
                        results[mode][nb] = r
                        print(f"{nb:18} {mode:6} median {r['median']:.2f} s (min {r['min']:.2f}, max {r['max']:.2f}, "
                              f"first visit {r['first']:.2f}); kernel RSS {r['rss']:.0f} MiB, USS {r['uss']:.0f} MiB; "
                              f"external {r['external']}, failed {r['failed']}", flush=True)
                finally:
                    plain.stop()
        finally:
            serve.stop()
            browser.close()

    for nb in pages:
        ratio = results["plain"][nb]["median"] / results["serve"][nb]["median"]
        print(f"{nb}: plain / serve = {ratio:.1f}x", flush=True)
    section = report(results, pages, imports, args.loads, load_avg)
    print()
    print(section)
    if not args.no_readme:
        write_readme(section)
        print(f"written to {README.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
