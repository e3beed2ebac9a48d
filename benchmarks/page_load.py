"""Page load of the web app: what ``intervisie serve`` adds over Voilà, side by side in one run.

    python benchmarks/page_load.py [--loads 5] [--pages home,methoden] [--burst 8] [--phone] [--no-readme]

Four modes run at the same time on 127.0.0.1 (each server in its own process group, stopped
with SIGTERM at the end), and the loads are interleaved (plain, preheat, kit, static, then again),
so every mode sees the same load on the shared machine:

* **plain** -- ``voila notebooks/`` with Voilà's defaults: a kernel is started per page load;
* **preheat** -- the same plain Voilà with ``preheat_kernel=True`` and the per-notebook pool sizes
  and refill delay that ``intervisie serve`` configures (read from notebooks/voila.json with
  ``configured_pools``, not hard-coded). The kit's ratio against *this* mode is what the kit adds;
* **kit** -- ``intervisie serve`` (its template, XSRF cookie, culling and the same pools);
* **static** -- a static HTML snapshot of the kit's rendered page (its DOM and CSS, no
  JavaScript, no kernel) from ``python -m http.server``: the lower limit for this much page.

Per page and mode, in headless Chromium (/usr/bin/chromium): the **wall-clock time from
navigation to a usable page** (the language switch ``.ik-common-lang button`` is visible; its
view exists only once the widget manager has talked to the kernel), the median, min and max of
``--loads`` loads in one browser context (warm HTTP cache), after one first visit (cold cache,
shown separately). Before every load all servers are idle and every pool is full and warm.

**Burst** (``--burst N``, 0 to skip): N concurrent *server-side HTTP GETs* (threads, no browser)
of the first page, per mode, from a full pool and with no waiting for a refill in between; each
request's wall time until its whole HTML has arrived (the notebook has run in the kernel; the
browser would still have to load the front end and connect the widgets).

A run is bounded: at most 10 loads and 30 GETs per burst, and no new round of loads starts
after 4 minutes. ``--phone`` emulates a phone in every browser context (375x812, touch, CPU 4x slower, 40 ms
latency, 20/10 Mbit/s) and writes its own README section. Also printed: kernel memory, page
weight, requests to other hosts, and ``import intervisie_widgets`` in a fresh interpreter.
The figures go into benchmarks/README.md unless ``--no-readme``. Not a test: read the figures
with the load average printed next to them.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1] / "tests" / "browser")]

from browserkit import CHROMIUM, CHROMIUM_FLAGS, VIEWPORT, ServeProcess
from pageload_report import report, sec, write_readme
from pageload_servers import (
    PREHEATED_ID,
    PlainVoila,
    StaticSite,
    kit_pools,
    wait_all_quiet,
)

MODES = ("plain", "preheat", "kit", "static")
FIRST_WIDGET = ".ik-common-lang button"
#: No new round of loads starts after this long (a busy machine must not stretch a run without end).
BUDGET_SECONDS = 4 * 60
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
#: The page as it stands once usable, as one static file: its DOM without scripts, its CSS inlined
#: (font files left out: they would be absolute paths on the Voilà server).
SNAPSHOT_JS = """() => {
  const css = [];
  for (const sheet of document.styleSheets) {
    try { for (const r of sheet.cssRules) if (!(r instanceof CSSFontFaceRule)) css.push(r.cssText); }
    catch (e) {}
  }
  const body = document.body.cloneNode(true);
  body.querySelectorAll('script, link').forEach(s => s.remove());
  return {css: css.join('\\n'), body: body.outerHTML, lang: document.documentElement.lang || 'nl',
          title: document.title};
}"""
WEIGHT_JS = """() => {
  const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return {bytes: all.reduce((a, e) => a + (e.decodedBodySize || 0), 0), requests: all.length};
}"""


# --------------------------------------------------------------------------- one load
def new_context(browser, phone: bool):
    ctx = browser.new_context(**(PHONE if phone else {"viewport": VIEWPORT}))
    ctx.set_default_timeout(180_000)
    ctx.phone = phone
    return ctx


def throttle(ctx, page) -> None:
    cdp = ctx.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 40,
                                                  "downloadThroughput": 20e6 / 8, "uploadThroughput": 10e6 / 8})


def kernel_memory(server, before: set[int], notebook: str, log_start: int) -> tuple[float, float] | None:
    """(RSS, USS) in MiB of the kernel that serves the page just loaded."""
    import psutil

    if not isinstance(server, ServeProcess):
        return None
    used = [k for k, nb in PREHEATED_ID.findall(server.log_text()[log_start:]) if nb == notebook]
    pid = server.kernel_ids().get(used[-1]) if used else None
    if pid is None:
        new = [p for p in server.kernel_processes() if p.pid not in before]
        pid = max(new, key=lambda p: p.create_time()).pid if new else None
    try:
        mem = psutil.Process(pid).memory_full_info() if pid else None
    except psutil.Error:
        mem = None
    return (mem.rss / 2**20, mem.uss / 2**20) if mem else None


def load_once(ctx, server, path: str, notebook: str, snapshot: Path | None = None) -> dict:
    """Open the page once; the wall time to the first usable widget and what the load cost."""
    from urllib.parse import urlsplit

    is_voila = isinstance(server, ServeProcess)
    before = server.kernel_pids() if is_voila else set()
    log_start = len(server.log_text()) if is_voila else 0
    page = ctx.new_page()
    if ctx.phone:
        throttle(ctx, page)
    reqs, fails = [], []
    page.on("request", lambda r: reqs.append(r.url))
    page.on("requestfailed", lambda r: fails.append(r.url) if "/voila/api/shutdown/" not in r.url else None)
    t0 = time.perf_counter()
    page.goto(server.url + path, wait_until="commit")
    page.wait_for_selector(FIRST_WIDGET, state="visible")
    elapsed = time.perf_counter() - t0
    mem = kernel_memory(server, before, notebook, log_start) if is_voila else None
    page.wait_for_load_state("networkidle")
    weight = page.evaluate(WEIGHT_JS)
    if snapshot is not None:
        write_snapshot(page, snapshot)
    own = urlsplit(server.url).netloc
    page.close(run_before_unload=True)
    return {"time": elapsed, "mem": mem, "bytes": weight["bytes"], "requests": weight["requests"],
            "external": sum(1 for u in reqs if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != own),
            "failed": len(fails)}


def write_snapshot(page, path: Path) -> None:
    import html

    snap = page.evaluate(SNAPSHOT_JS)
    path.write_text(
        f'<!DOCTYPE html>\n<html lang="{html.escape(snap["lang"])}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(snap['title'])}</title>\n<style>\n{snap['css']}\n</style></head>\n"
        f"{snap['body']}\n</html>\n", encoding="utf-8")


# --------------------------------------------------------------------------- the runs
def page_path(mode: str, notebook: str) -> str:
    return f"/{Path(notebook).stem}.html" if mode == "static" else f"/voila/render/{notebook}"


def interleaved(browser, servers: dict, pages: list[str], loads: int, phone: bool, site: Path) -> dict:
    """First visits, then ``loads`` rounds; in each round every page in every mode once."""
    everyone = list(servers.values())
    contexts = {(m, nb): new_context(browser, phone) for m in servers for nb in pages}
    results = {m: {nb: {"loads": []} for nb in pages} for m in servers}
    deadline = time.monotonic() + BUDGET_SECONDS
    try:
        for i in range(loads + 1):
            if i > 1 and time.monotonic() > deadline:
                print(f"  stopping after {i - 1} rounds: the run is over its {BUDGET_SECONDS / 60:.0f}-minute budget",
                      flush=True)
                break
            for nb in pages:
                for mode, server in servers.items():
                    wait_all_quiet(everyone)
                    snap = site / f"{Path(nb).stem}.html" if mode == "kit" and i == 0 else None
                    r = load_once(contexts[mode, nb], server, page_path(mode, nb), nb, snap)
                    if i == 0:
                        results[mode][nb]["first"] = r
                    else:
                        results[mode][nb]["loads"].append(r)
                    print(f"  {'first visit' if i == 0 else f'load {i}':11} {nb:16} {mode:8} {r['time']:6.2f} s",
                          flush=True)
    finally:
        for ctx in contexts.values():
            ctx.close()
    return {m: {nb: summarise(r) for nb, r in per.items()} for m, per in results.items()}


def summarise(r: dict) -> dict:
    times = [x["time"] for x in r["loads"]]
    mems = [x["mem"] for x in r["loads"] if x["mem"]]
    return {
        "median": statistics.median(times), "min": min(times), "max": max(times), "first": r["first"]["time"],
        "rss": statistics.median(m[0] for m in mems) if mems else None,
        "uss": statistics.median(m[1] for m in mems) if mems else None,
        "bytes": r["first"]["bytes"], "requests": r["first"]["requests"],
        "external": r["first"]["external"] + sum(x["external"] for x in r["loads"]),
        "failed": r["first"]["failed"] + sum(x["failed"] for x in r["loads"]),
        "n": len(times),
    }


def burst(server, path: str, n: int, timeout: float = 180.0) -> dict:
    """``n`` concurrent GETs of ``path`` released at once; each one's seconds until its body is in."""
    import threading
    import urllib.request

    gate = threading.Barrier(n + 1)
    times: list[float | None] = [None] * n

    def get(i: int) -> None:
        gate.wait()
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(server.url + path, timeout=timeout) as resp:
                resp.read()
            times[i] = time.perf_counter() - t0
        except OSError:
            pass

    threads = [threading.Thread(target=get, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    gate.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join(timeout + 5)
    wall = time.perf_counter() - t0
    ok = sorted(t for t in times if t is not None)
    return {"n": n, "ok": len(ok), "times": ok, "wall": wall}


def import_time(module: str, runs: int = 7) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    values = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
        values.append(float(out.stdout.strip()))
    return statistics.median(values)


def run_servers(args, pages: list[str], tmp: Path) -> tuple[dict, dict]:
    from playwright.sync_api import sync_playwright

    pools, delay = kit_pools()
    print(f"pools (from notebooks/voila.json): {', '.join(f'{k} {v}' for k, v in pools.items() if v)}; "
          f"fill_delay {delay:g} s", flush=True)
    servers = {"plain": PlainVoila(tmp / "plain"), "preheat": PlainVoila(tmp / "preheat", pools, delay),
               "kit": ServeProcess(tmp / "kit"), "static": StaticSite(tmp / "static")}
    bursts: dict = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            for s in servers.values():
                s.start()
            t = wait_all_quiet(list(servers.values()))
            print(f"servers up, pools warm after {t:.0f} s", flush=True)
            results = interleaved(browser, servers, pages, args.loads, args.phone, servers["static"].dir)
            browser.close()
            for mode, server in servers.items() if args.burst else ():
                wait_all_quiet(list(servers.values()))
                b = bursts[mode] = burst(server, page_path(mode, pages[0]), args.burst)
                print(f"  burst {args.burst} x {pages[0]} {mode:8} {fmt_spread(b['times'])}, "
                      f"all in after {b['wall']:.2f} s ({b['ok']}/{b['n']} ok)", flush=True)
        finally:
            for s in servers.values():
                s.stop()
    return results, bursts


def fmt_spread(times: list[float]) -> str:
    if not times:
        return "no answer"
    p90 = times[min(len(times) - 1, round(0.9 * (len(times) - 1)))]
    return (f"min {sec(times[0])} / median {sec(statistics.median(times))} / p90 {sec(p90)} / "
            f"max {sec(times[-1])}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--loads", type=int, default=5, help="measured loads per page and mode after the first visit (1-10)")
    ap.add_argument("--pages", default="home,methoden", help="preheated notebooks (without .ipynb), comma-separated")
    ap.add_argument("--burst", type=int, default=8, help="concurrent GETs of the first page per mode (0-30, 0 = skip)")
    ap.add_argument("--phone", action="store_true", help="emulate a phone (small screen, CPU 4x slower, 40 ms latency)")
    ap.add_argument("--no-readme", action="store_true", help="only print, do not update benchmarks/README.md")
    args = ap.parse_args(argv)
    if not 1 <= args.loads <= 10 or not 0 <= args.burst <= 30:
        ap.error("--loads must be 1-10 and --burst 0-30 (a run stays bounded)")
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing (apt-get install chromium)", file=sys.stderr)
        return 2
    pages = [f"{p.strip()}.ipynb" for p in args.pages.split(",") if p.strip()]
    started, load_start = time.monotonic(), os.getloadavg()
    print(f"load average {', '.join(f'{x:.1f}' for x in load_start)}", flush=True)
    imports = {m: import_time(m) for m in ("intervisie_widgets", "intervisie_widgets.app")}
    with tempfile.TemporaryDirectory(prefix="ik-page-load-") as tmp:
        results, bursts = run_servers(args, pages, Path(tmp))
    meta = {"date": dt.date.today().isoformat(), "python": platform.python_version(), "cores": os.cpu_count(),
            "load_start": load_start, "load_end": os.getloadavg(), "seconds": time.monotonic() - started,
            "loads": min(r["n"] for per in results.values() for r in per.values()), "burst": args.burst, "burst_page": pages[0], "phone": args.phone,
            "argv": [a for a in (sys.argv[1:] if argv is None else argv) if a != "--no-readme"]}
    section, _verdicts = report(results, bursts, imports, pages, meta)
    print()
    print(section)
    if not args.no_readme:
        write_readme(section, phone=args.phone)
        print("written to benchmarks/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
