"""The README section and the target verdicts of benchmarks/page_load.py."""
from __future__ import annotations

import re
import statistics
from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"
LABELS = {"plain": "plain Voilà", "preheat": "plain Voilà + preheat", "kit": "intervisie serve",
          "static": "static HTML"}
#: Issue 2's targets for page load.
TARGET_SECONDS = 1.0
TARGET_SPEEDUP = 2.0
TARGET_IMPORT = 0.3


def sec(x: float) -> str:
    """Seconds, with milliseconds when short."""
    return f"{x:.3f} s" if x < 0.1 else f"{x:.2f} s"


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def targets(results: dict, imports: dict, pages: list[str]) -> list[str]:
    """One line per target (issue 2), with MET or MISSED, then the fair comparisons (no target)."""
    kit, plain, pre, static = (results[m] for m in ("kit", "plain", "preheat", "static"))
    worst = max(kit[nb]["median"] for nb in pages)
    speedups = {nb: plain[nb]["median"] / kit[nb]["median"] for nb in pages}
    vs_pre = {nb: kit[nb]["median"] / pre[nb]["median"] for nb in pages}
    vs_static = {nb: kit[nb]["median"] / static[nb]["median"] for nb in pages}
    imp = imports["intervisie_widgets"]
    join = lambda d: ", ".join(f"{nb} {v:.2f}×" for nb, v in d.items())
    return [
        (f"- **{verdict(worst <= TARGET_SECONDS)}**: median to a usable page with the warm pool ≤ "
        f"{TARGET_SECONDS:.1f} s (intervisie serve: slowest page {worst:.2f} s)."),
        (f"- **{verdict(min(speedups.values()) >= TARGET_SPEEDUP)}**: ≥ {TARGET_SPEEDUP:.0f}× faster than plain "
        f"Voilà without preheating (plain / kit: {join(speedups)})."),
        f"- **{verdict(imp <= TARGET_IMPORT)}**: `import intervisie_widgets` ≤ {TARGET_IMPORT} s ({imp:.3f} s).",
        (f"- No target, the fair comparison: kit / plain Voilà with the same preheating = {join(vs_pre)} "
        "(above 1.00× the kit is slower than Voilà's own preheating, below it faster)."),
        f"- No target, the limit: kit / static HTML = {join(vs_static)}.",
    ]


def fmt_mib(r: dict) -> str:
    return f"{r['rss']:.0f} / {r['uss']:.0f} MiB" if r.get("rss") else "–"


def burst_rows(bursts: dict) -> list[str]:
    rows = []
    for mode, b in bursts.items():
        ts = b["times"]
        if not ts:
            rows.append(f"| {LABELS[mode]} | 0/{b['n']} answered | | | | |")
            continue
        p90 = ts[min(len(ts) - 1, round(0.9 * (len(ts) - 1)))]
        rows.append(f"| {LABELS[mode]} | {sec(ts[0])} | {sec(statistics.median(ts))} | {sec(p90)} | "
                    f"{sec(ts[-1])} | {b['ok']}/{b['n']} |")
    return rows


def header(meta: dict) -> list[str]:
    la = lambda v: ", ".join(f"{x:.1f}" for x in v)
    title = "## Page load, emulated phone" if meta["phone"] else "## Page load"
    phone = (" Every browser context emulates a phone (375×812, touch, CPU 4× slower, 40 ms latency, "
             "20/10 Mbit/s)." if meta["phone"] else "")
    return [
        title, "",
        "`python benchmarks/page_load.py` (`--loads N`, `--pages a,b`, `--burst N`, `--phone`, `--no-readme`)",
        "runs four servers side by side on 127.0.0.1 and interleaves their loads: *plain Voilà*",
        "(`voila notebooks/`, a kernel per page), *plain Voilà + preheat* (the same with `preheat_kernel`",
        "and the pool sizes and `fill_delay` that `intervisie serve` reads from notebooks/voila.json),",
        "*intervisie serve* (the kit) and a *static HTML* snapshot of the kit's rendered page (its DOM and",
        "CSS, no JavaScript, no kernel; `python -m http.server`) as the lower limit. The time is the",
        "wall clock from navigation to a usable page (the language switch is visible, so the widgets",
        f"talk to the kernel), in headless Chromium on the same 2 cores.{phone} Median (min–max) of",
        f"{meta['loads']} loads in one browser context (warm HTTP cache) after a first visit (cold cache,",
        "in brackets); before every load all servers are idle and every pool is full.",
        "",
        (f"Measured {meta['date']} on the shared {meta['cores']}-core machine (Python {meta['python']}); load average "
        f"{la(meta['load_start'])} at the start, {la(meta['load_end'])} at the end; the run took "
        f"{meta['seconds'] / 60:.1f} min; this run: `python benchmarks/page_load.py"
        f"{''.join(' ' + a for a in meta.get('argv', []))}`."),
        "",
    ]


def report(results: dict, bursts: dict, imports: dict, pages: list[str], meta: dict) -> tuple[str, list[str]]:
    modes = list(LABELS)
    lines = header(meta)
    lines += ["| page | " + " | ".join(LABELS[m] for m in modes) + " | kit / preheat | plain / kit |",
              "| --- |" + " --- |" * (len(modes) + 2)]
    for nb in pages:
        cells = [f"{results[m][nb]['median']:.2f} s ({results[m][nb]['min']:.2f}–{results[m][nb]['max']:.2f}) "
                 f"[{results[m][nb]['first']:.2f}]" for m in modes]
        k, p, pre = (results[m][nb]["median"] for m in ("kit", "plain", "preheat"))
        lines.append(f"| {nb} | " + " | ".join(cells) + f" | {k / pre:.2f}× | {p / k:.1f}× |")
    lines += ["", "| page | mode | page weight (first visit) | kernel RSS / USS | requests to other hosts / failed |",
              "| --- | --- | --- | --- | --- |"]
    for nb in pages:
        for m in modes:
            r = results[m][nb]
            lines.append(f"| {nb} | {LABELS[m]} | {r['bytes'] / 2**20:.2f} MiB in {r['requests']} request{'s' if r['requests'] != 1 else ''} | "
                         f"{fmt_mib(r)} | {r['external']} / {r['failed']} |")
    if bursts:
        lines += ["", f"Burst: {meta['burst']} concurrent HTTP GETs of {meta['burst_page']} (threads, no browser),",
                  "released together from a full pool with no refill in between; the time of each until its",
                  "whole HTML has arrived (for Voilà: the notebook has run; the browser would still load the front",
                  "end and connect the widgets).", "",
                  "| mode | min | median | p90 | max | answered |", "| --- | --- | --- | --- | --- | --- |",
                  *burst_rows(bursts)]
    lines += ["", "| import, fresh interpreter (median of 7) | time |", "| --- | --- |"]
    lines += [f"| `import {mod}` | {t:.3f} s |" for mod, t in imports.items()]
    verdicts = targets(results, imports, pages)
    lines += ["", "Targets (issue 2), as measured in this run:", "", *verdicts, "", *reading(meta, results, pages), ""]
    return "\n".join(lines), verdicts


def reading(meta: dict, results: dict, pages: list[str]) -> list[str]:
    """How to read the figures, with a plain warning when the load was high."""
    ratios = [results["kit"][nb]["median"] / results["preheat"][nb]["median"] for nb in pages]
    same = ("In this run kit / preheat is within 10 % of 1.00× on every page: the kit's speed-up over "
            "plain Voilà is Voilà's own preheating. " if all(0.9 <= r <= 1.1 for r in ratios) else "")
    busy = max(meta["load_start"][0], meta["load_end"][0]) > 1.5 * (meta["cores"] or 1)
    warn = ([(f"**The machine was busy** (load average above {1.5 * (meta['cores'] or 1):.0f} on "
             f"{meta['cores']} cores at the start or the end): every figure is slower than on an idle "
             "machine; the modes were interleaved, so their ratios still compare like with like."), ""]
            if busy else [])
    return [*warn,
            "How to read it: compare the kit with *plain Voilà + preheat* to see what the kit itself",
            f"adds to the speed. {same}What the kit adds besides is no requests",
            "to other hosts (Font Awesome served locally; offline, plain Voilà's CDN requests fail), a",
            "kernel that is shut down when its tab closes, and idle culling. The static page shows how",
            "much of a page's time is Voilà's front end (about 4.8 MiB of JavaScript and CSS) and the",
            "widgets talking to the kernel."
            + (" In the burst only the pooled kernels are ready; the other requests start a kernel each,"
               " and on two cores every request competes for the same CPU." if meta.get("burst") else "")]


def write_readme(section: str, phone: bool = False) -> None:
    """Replace this benchmark's section of benchmarks/README.md (or append it)."""
    title = "## Page load, emulated phone" if phone else "## Page load"
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(title)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _: section.rstrip("\n") + "\n\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    README.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
