"""Participants on their phones (issue 10, item 5): the light participant pages against Voilà's
evaluation page, and crowds that submit at once.

    python benchmarks/participants.py [--runs 5] [--crowd 30] [--conference 200] [--no-readme]

One real ``intervisie serve`` on 127.0.0.1 with the kit's own configuration (notebooks/voila.json:
the preheated pools are waited full and idle before every measurement), its SQLite database in a
scratch folder, one group with a join code per measured meeting.

(a) **Phone**: headless Chromium (/usr/bin/chromium) emulating a phone (375x812, touch, CPU
    throttled 4x, 40 ms latency, 20/10 Mbit/s: ``page_load.throttle``), a new browser context per
    load (cold cache). The wall-clock time from navigation to a usable form (its submit button
    visible) for, interleaved in each round: the participant form ``/deelnemen/<CODE>/evaluatie?
    role=deelnemer``; a static copy of that same HTML (saved from the server, same bytes) from
    ``python -m http.server``; and Voilà's ``/voila/render/evaluatie.ipynb?group=G&session=1``
    (usable when ``.ik-evaluation-submit`` is visible: the widgets are connected to the kernel).
(b) **Crowd** (``--crowd``, 30): that many HTTP clients (threads, each its own session and so its
    own ``_xsrf`` cookie) released at once by a barrier; each does what a phone does after scanning
    the QR code: GET ``/deelnemen/<CODE>``, GET the form, POST it, GET the confirmation page.
    "Stored" is the 303 answer to the POST, which the server sends after the store call returned
    (after the commit); afterwards the rows are counted and every client's key is looked up.
    Server memory: RSS of the server process (psutil) before and after the burst, and its peak
    sampled every 20 ms.
(c) **Conference** (``--conference``, 200): the same with more clients, figures only.

Not a test: read the figures with the load average printed next to them (other work may share
the two cores). Writes its section of benchmarks/README.md unless ``--no-readme``.
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
import threading
import time
from pathlib import Path
from urllib.parse import quote_plus

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests" / "browser")]

from browserkit import CHROMIUM, CHROMIUM_FLAGS, ServeProcess
from page_load import PHONE, WEIGHT_JS, throttle
from pageload_servers import PREHEATED_ID, StaticSite, wait_all_quiet
from participant_client import Phone, Submission

from intervisie_widgets.catalog import forms
from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.settings import SECRET_ENV
from intervisie_widgets.storage import Store
from intervisie_widgets.storage.schema import participant_key

README = HERE / "README.md"
TITLE = "## Participants (light pages, phones, crowds)"
GROUP = "Bench Zaal"
SECRET = "participants-benchmark-secret"
READY = {"participant": "form button.ikp-primary", "static": "form button.ikp-primary",
         "voila": ".ik-evaluation-submit"}
LABELS = {"participant": "participant form (`/deelnemen/<CODE>/evaluatie`)",
          "static": "static copy of that HTML (`http.server`)",
          "voila": "Voilà `evaluatie.ipynb` (warm pool)"}
TARGET_LOAD, TARGET_P100, TARGET_MB = 1.0, 3.0, 5.0
MB = 1e6


def sec(x: float) -> str:
    return f"{x:.3f} s" if x < 0.1 else f"{x:.2f} s"


def verdict(ok: bool) -> str:
    return "**MET**" if ok else "**MISSED**"


def db_url(server: ServeProcess) -> str:
    return f"sqlite:///{Path(server.env['INTERVISIE_DATA_DIR']) / 'intervisie.sqlite'}"


def set_up(server: ServeProcess) -> dict[int, str]:
    """The group and a live join code per meeting: 1 for the phone loads, 2 and 3 for the crowds."""
    with Store(db_url(server)) as store:
        store.save_group(Group((Member("Annemarie"), Member("Bartholomeus")), code=GROUP, name="Benchmark"))
        return {m: store.create_join(GROUP, m).code for m in (1, 2, 3)}


def submission(code: str, session: int, i: int) -> Submission:
    """Participant ``i``'s evaluation as deelnemer: every scale answered, one line of text."""
    form = forms.session_form()
    answers = [(it.id, str(it.scale.min + (i + k) % (it.scale.max - it.scale.min + 1)))
               for k, it in enumerate(form.items_for("deelnemer", None)) if it.type == "scale"]
    return Submission(code, GROUP, session, "evaluatie", f"deelnemer-{i:03d}", "deelnemer",
                      tuple(answers + [("les", f"Les van deelnemer {i}: eerst doorvragen.")]))


# --------------------------------------------------------------------------- (a) the phone
def phone_load(browser, url: str, ready: str) -> dict:
    """One load in a fresh phone context (cold cache): seconds to ``ready`` visible, bytes, requests."""
    ctx = browser.new_context(**PHONE)
    ctx.set_default_timeout(120_000)
    try:
        page = ctx.new_page()
        throttle(ctx, page)
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector(ready, state="visible")
        elapsed = time.perf_counter() - t0
        page.wait_for_load_state("load")
        weight = page.evaluate(WEIGHT_JS)
        page.close(run_before_unload=True)  # Voilà's beacon shuts the kernel down
        time.sleep(0.5)  # let the beacon leave before the context goes
    finally:
        ctx.close()
    return {"time": elapsed, "bytes": weight["bytes"], "requests": weight["requests"]}


def phone_runs(server: ServeProcess, static: StaticSite, code: str, runs: int) -> dict[str, list[dict]]:
    from playwright.sync_api import sync_playwright

    form = Phone(server.url).get(f"/deelnemen/{code}/evaluatie?role=deelnemer")
    (static.dir / "evaluatie.html").write_bytes(form.content)
    urls = {"participant": server.url + f"/deelnemen/{code}/evaluatie?role=deelnemer",
            "static": static.url + "/evaluatie.html",
            "voila": server.url + f"/voila/render/evaluatie.ipynb?group={quote_plus(GROUP)}&session=1"}
    out: dict[str, list[dict]] = {m: [] for m in urls}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            for i in range(runs):
                for mode, url in urls.items():
                    wait_all_quiet([server])
                    r = phone_load(browser, url, READY[mode])
                    out[mode].append(r)
                    print(f"  phone load {i + 1}  {mode:11} {r['time']:6.2f} s  {r['bytes'] / 1024:7.0f} KiB "
                          f"in {r['requests']} requests", flush=True)
        finally:
            browser.close()
    return out


# --------------------------------------------------------------------------- (b), (c) crowds
class PeakRss(threading.Thread):
    """The highest RSS of ``proc`` while running (sampled every 20 ms)."""

    def __init__(self, proc):
        super().__init__(daemon=True)
        self.proc, self.peak, self.done = proc, proc.memory_info().rss, threading.Event()

    def run(self):
        while not self.done.wait(0.02):
            self.peak = max(self.peak, self.proc.memory_info().rss)


def crowd(server: ServeProcess, code: str, session: int, n: int) -> dict:
    """``n`` phones at once: each opens the QR address, the form, submits, reads the confirmation."""
    import psutil

    wait_all_quiet([server])
    proc = psutil.Process(server.pid)
    phones = [Phone(server.url, timeout=120) for _ in range(n)]
    subs = [submission(code, session, i) for i in range(n)]
    subs[0].thanks()  # the texts load in this process before the clock runs
    outcomes: list = [None] * n
    gate = threading.Barrier(n + 1)

    def one(i: int) -> None:
        gate.wait()
        outcomes[i] = phones[i].submit(subs[i], open_first=f"/deelnemen/{code}")

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    rss0, cpu0, peak = proc.memory_info().rss, sum(proc.cpu_times()[:2]), PeakRss(proc)
    peak.start()
    gate.wait()
    t0 = time.monotonic()
    for t in threads:
        t.join(300)
    wall = time.monotonic() - t0
    peak.done.set()
    peak.join()
    rss1, cpu1 = proc.memory_info().rss, sum(proc.cpu_times()[:2])
    with Store(db_url(server)) as store:
        count = store.session_response_count(GROUP, session)
        rows = store.responses(GROUP)
    keys = set(rows.loc[rows["session"] == session, "participant"].astype(str))
    done = [o for o in outcomes if o is not None]
    acked = [o for o in done if o.acknowledged]
    return {"n": n, "acked": len(acked), "confirmed": sum(o.confirmed for o in done), "stored": count,
            "missing": sum(participant_key(GROUP, o.submission.pseudonym) not in keys for o in acked),
            "errors": sorted({o.error for o in done if o.error})[:3],
            "to_stored": sorted(o.acked_at - o.started for o in acked),
            "to_page": sorted(o.finished - o.started for o in done if o.confirmed),
            "wall": wall, "rss0": rss0, "rss1": rss1, "peak": peak.peak, "cpu": cpu1 - cpu0}


def spread(ts: list[float]) -> str:
    if not ts:
        return "–"
    p90 = ts[min(len(ts) - 1, round(0.9 * (len(ts) - 1)))]
    return f"{sec(statistics.median(ts))} / {sec(p90)} / {sec(ts[-1])}"


def print_crowd(c: dict) -> None:
    print(f"  crowd {c['n']:3}: {c['acked']}/{c['n']} acknowledged, {c['stored']} stored, {c['missing']} missing; "
          f"to stored median/p90/p100 {spread(c['to_stored'])}; to confirmation page {spread(c['to_page'])}; "
          f"all done {sec(c['wall'])}; RSS {c['rss0'] / MB:.1f} -> {c['rss1'] / MB:.1f} MB "
          f"(peak {c['peak'] / MB:.1f}); server CPU {c['cpu']:.2f} s", flush=True)
    for e in c["errors"]:
        print(f"    error: {e}", flush=True)


# --------------------------------------------------------------------------- the report
def crowd_ok(c: dict) -> bool:
    return c["acked"] == c["n"] == c["stored"] and c["missing"] == 0


def every(rs: list[dict]) -> str:
    return ", ".join(f"{r['time']:.2f}" for r in rs)


def report(loads: dict, crowds: list[dict], meta: dict) -> str:
    med = {m: statistics.median(r["time"] for r in rs) for m, rs in loads.items()}
    rows = [f"| {LABELS[m]} | **{sec(med[m])}** | {sec(min(r['time'] for r in rs))}–{sec(max(r['time'] for r in rs))} | "
            f"{every(rs)} | {rs[0]['bytes'] / 1024:.0f} KiB / {rs[0]['requests']} |" for m, rs in loads.items()]
    crow = []
    for c in crowds:
        growth = (c["rss1"] - c["rss0"]) / MB
        crow.append(f"| {c['n']} at once | {c['stored']}/{c['n']} ({c['missing']} missing) | {spread(c['to_stored'])} | "
                    f"{spread(c['to_page'])} | {sec(c['wall'])} | {c['rss0'] / MB:.1f} → {c['rss1'] / MB:.1f} MB "
                    f"(peak {c['peak'] / MB:.1f}) | {growth / c['n']:+.3f} MB | {c['cpu']:.2f} s |")
    b = crowds[0]
    growth_b = (b["rss1"] - b["rss0"]) / MB / b["n"]
    lines = [
        TITLE, "",
        ("`python benchmarks/participants.py [--runs 5] [--crowd 30] [--conference 200]` (issue 10, item 5; "
        "the module docstring says exactly what is timed). One real `intervisie serve` on 127.0.0.1 with the "
        "kit's configuration and its preheated pools warm, SQLite. The \"nothing lost\" test with a server "
        "killed mid-burst is `tests/browser/test_participants_burst.py` (not timed)."), "",
        f"Measured {meta['date']} on the shared {meta['cores']}-core machine (Python {meta['python']}); "
        f"`uptime` at the start: `{meta['uptime_start']}`; at the end: `{meta['uptime_end']}`."
        + (" **The load was high** (other work on the same cores): the figures are slower than on an idle machine."
           if max(meta["load_start"][0], meta["load_end"][0]) > 1.5 else ""), "",
        (f"(a) Emulated phone (375×812, CPU ×4, 40 ms, 20/10 Mbit/s), cold cache, {meta['runs']} loads each, "
        "interleaved; wall clock from navigation to a usable form:"), "",
        "| page | median | min–max | every load (s) | first load: bytes / requests |",
        "| --- | --- | --- | --- | --- |", *rows, "",
        f"Voilà loads served by a preheated kernel: {meta['preheated']} of {meta['runs']}.", "",
        ("(b), (c) Phones at once (threads released by a barrier; each: the QR address, the form, POST, "
        "the confirmation page). \"To stored\" runs from the phone's first request to the 303 after the commit; "
        "the server's RSS *before* is that of the warm server (it has served the phone loads: templates compiled, "
        "store open), *after* is taken once every phone is done:"), "",
        ("| crowd | stored | to stored: median / p90 / p100 | to confirmation page: median / p90 / p100 | "
        "all done | server RSS before → after | growth per phone | server CPU |"),
        "| --- | --- | --- | --- | --- | --- | --- | --- |", *crow, "",
        (f"- (a) {verdict(med['participant'] <= TARGET_LOAD)}: participant form ≤ {TARGET_LOAD:.1f} s median on the "
        f"phone ({sec(med['participant'])}; static copy {sec(med['static'])}, Voilà {sec(med['voila'])}, "
        f"{med['voila'] / med['participant']:.1f}× slower)."),
        (f"- (b) {verdict(crowd_ok(b))}: every submission of {b['n']} stored ({b['stored']}/{b['n']}, "
        f"{b['missing']} missing)."),
        (f"- (b) {verdict(bool(b['to_stored']) and b['to_stored'][-1] <= TARGET_P100)}: p100 ≤ {TARGET_P100:.0f} s "
        f"from first request to stored ({sec(b['to_stored'][-1]) if b['to_stored'] else 'none stored'})."),
        (f"- (b) {verdict(growth_b <= TARGET_MB)}: server memory growth ≤ {TARGET_MB:.0f} MB per participant "
        f"({growth_b:+.3f} MB)."),
        *(f"- (c) no target: {c['n']} at once, {c['stored']}/{c['n']} stored, p100 to stored "
          f"{sec(c['to_stored'][-1]) if c['to_stored'] else '–'}." for c in crowds[1:]),
    ]
    return "\n".join(lines) + "\n"


def write_readme(section: str) -> None:
    """Replace this benchmark's section of benchmarks/README.md, or append it; other sections stay."""
    import re

    text = README.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{re.escape(TITLE)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    README.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def uptime() -> str:
    return subprocess.run(["uptime"], check=False, capture_output=True, text=True).stdout.strip()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="phone loads per page (1-10)")
    ap.add_argument("--crowd", type=int, default=30, help="phones at once for (b) (1-100)")
    ap.add_argument("--conference", type=int, default=200, help="phones at once for (c) (0 = skip, at most 300)")
    ap.add_argument("--no-readme", action="store_true", help="only print, do not update benchmarks/README.md")
    args = ap.parse_args(argv)
    if not 1 <= args.runs <= 10 or not 1 <= args.crowd <= 100 or not 0 <= args.conference <= 300:
        ap.error("--runs 1-10, --crowd 1-100, --conference 0-300 (a run stays bounded)")
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing (apt-get install chromium)", file=sys.stderr)
        return 2
    os.environ[SECRET_ENV] = SECRET
    meta = {"date": dt.date.today().isoformat(), "python": platform.python_version(), "cores": os.cpu_count(),
            "runs": args.runs, "uptime_start": uptime(), "load_start": os.getloadavg()}
    print(meta["uptime_start"], flush=True)
    with tempfile.TemporaryDirectory(prefix="ik-participants-") as tmp:
        server = ServeProcess(Path(tmp) / "kit", env={SECRET_ENV: SECRET})
        static = StaticSite(Path(tmp) / "static")
        codes = set_up(server)
        try:
            server.start()
            static.start()
            loads = phone_runs(server, static, codes[1], args.runs)
            meta["preheated"] = sum(nb == "evaluatie.ipynb" for _, nb in PREHEATED_ID.findall(server.log_text()))
            crowds = []
            for session, n in ((2, args.crowd), (3, args.conference)):
                if n:
                    crowds.append(crowd(server, codes[session], session, n))
                    print_crowd(crowds[-1])
        finally:
            static.stop()
            server.stop()
    meta.update(uptime_end=uptime(), load_end=os.getloadavg())
    section = report(loads, crowds, meta)
    print()
    print(section)
    if not args.no_readme:
        write_readme(section)
        print("written to benchmarks/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
