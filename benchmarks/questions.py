"""Benchmark of the question engine: speed, time to the first answer, and dev-split scores.

    python benchmarks/questions.py            # all measurements
    python benchmarks/questions.py --quick    # fewer repetitions

Prints questions analysed per second (a batch with ``analyse_many`` and one by one with
``analyse``), the time to the first answer in a fresh Python process (with the trained
model in the cache, and with an empty cache so the model is trained first), and the
scores on the bank's dev split. Record the figures in ``benchmarks/README.md``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

FIRST_ANSWER = (
    "import time; t = time.perf_counter(); "
    "from intervisie_widgets.questions import analyse; "
    "a = analyse('Wat vind je daar belangrijk aan?'); "
    "print(time.perf_counter() - t, a.level)"
)


def questions_for_speed(n: int) -> list[str]:
    """``n`` texts drawn from the bank in a fixed order, with some sloppy typing mixed in."""
    from intervisie_widgets.catalog import question_bank

    bank = [q.text for q in question_bank.question_bank()]
    texts = []
    i = 0
    while len(texts) < n:
        t = bank[i % len(bank)]
        texts.append(t.lower().rstrip("?") if i % 3 == 0 else t)
        i += 1
    return texts


def per_second(fn, texts: list[str], repeat: int) -> tuple[float, float]:
    """The best rate over ``repeat`` runs of ``fn(texts)``: (by the wall clock, by this process's CPU time).

    The CPU-time rate is what the code does on an idle core; on a shared, busy machine the
    wall-clock rate is lower.
    """
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn(texts)
        best_wall = min(best_wall, time.perf_counter() - t)
        best_cpu = min(best_cpu, time.process_time() - c)
    return len(texts) / best_wall, len(texts) / max(best_cpu, 1e-9)


def first_answer(cache_dir: str | None) -> tuple[float, float]:
    """(seconds inside the process, seconds for the whole process) to the first analysis."""
    env = dict(os.environ)
    if cache_dir is not None:
        env["XDG_CACHE_HOME"] = cache_dir
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", FIRST_ANSWER], capture_output=True, text=True, env=env, check=True)
    wall = time.perf_counter() - t
    return float(out.stdout.split()[0]), wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("-n", type=int, default=20_000, help="questions per speed run (default 20000)")
    args = parser.parse_args(argv)
    repeat = 2 if args.quick else 5

    from intervisie_widgets.questions import analyse, analyse_many, dev_items, evaluate

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    analyse("Wat vind je daar belangrijk aan?")  # load the model outside the timings
    texts = questions_for_speed(args.n)
    batch = per_second(lambda ts: analyse_many(ts, "nl"), texts, repeat)
    single = per_second(lambda ts: [analyse(t, "nl") for t in ts], texts[: max(1, args.n // 4)], repeat)
    print(f"analyse_many: {batch[0]:,.0f} questions/s wall clock, {batch[1]:,.0f}/s CPU time "
          f"({args.n} questions, best of {repeat})")
    print(f"analyse one by one: {single[0]:,.0f} questions/s wall clock, {single[1]:,.0f}/s CPU time")
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")

    runs = 3 if args.quick else 5
    warm = [first_answer(None) for _ in range(runs)]
    print(f"first answer, fresh process, model cached: {statistics.median(w[0] for w in warm):.2f} s "
          f"in the process, {statistics.median(w[1] for w in warm):.2f} s with interpreter start (median of {runs})")
    with tempfile.TemporaryDirectory() as empty:
        cold = first_answer(empty)
    print(f"first answer, fresh process, empty cache (trains the model): {cold[0]:.2f} s in the process, "
          f"{cold[1]:.2f} s with interpreter start")

    s = evaluate(dev_items())
    acc = s["accuracy"]
    print(f"dev split (n={s['n']}): level accuracy {acc['level']:.3f}, level macro-F1 {s['level_macro_f1']:.3f}, "
          f"open/closed {acc['open']:.3f}, advice F1 {s['advice']['f1']:.3f} "
          f"(P {s['advice']['precision']:.3f}, R {s['advice']['recall']:.3f})")
    for lang in ("nl", "en"):
        sub = evaluate([it for it in dev_items() if it["lang"] == lang])
        print(f"  {lang} (n={sub['n']}): level accuracy {sub['accuracy']['level']:.3f}, "
              f"open {sub['accuracy']['open']:.3f}, advice F1 {sub['advice']['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
