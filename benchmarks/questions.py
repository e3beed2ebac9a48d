"""Benchmark of the question engine on questions it has never seen: speed, first answer, dev scores.

    python benchmarks/questions.py            # all measurements
    python benchmarks/questions.py --quick    # fewer repetitions

Speed is measured on questions that are **not in the bank**: the benchmark builds Dutch and
English questions from its own templates and word lists (names, invented compound nouns,
places), drops any whose normalised text is in the question bank or its list of non-questions,
and checks that none is left. Rates are by the wall clock (the headline) and by this process's
CPU time, the median over the repetitions, each for

* a **cold** per-word cache: before every repetition the per-word caches of
  ``intervisie_widgets.questions`` are emptied (``levels.word_features``, an ``lru_cache``, and the
  level model's word-score rows, ``LevelModel._word_rows``); the lexicon and the trained model
  stay loaded, since a running page has them;
* a **warm** one: the same texts again after one untimed pass.

Also the time to the first answer in a fresh Python process (trained model cached, and an
empty cache so the model is trained first), the memory the engine adds to a process that has
numpy and PyYAML loaded already (as a Voila kernel has: the first answer plus 5 000 unseen
questions), the scores on the bank's dev split, on our external-style questions
(``tests/data/questions_external_style.jsonl``, those not in training) and, with ``--cv``, the
grouped cross-validation. Every target (issues 3 and 12) is printed with MET or MISSED.
Record the figures in ``benchmarks/README.md``.
"""
from __future__ import annotations

import argparse
import itertools
import os
import random
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
#: The same in a process that has numpy and PyYAML loaded already, as a Voila kernel has (issue 12's "warm kernel").
FIRST_ANSWER_KERNEL = "import numpy, yaml; " + FIRST_ANSWER
MEMORY = (
    "import sys, psutil, numpy, yaml; p = psutil.Process(); before = p.memory_info().rss; "
    "from intervisie_widgets.questions import analyse, analyse_many; "
    "analyse('Wat vind je daar belangrijk aan?'); first = p.memory_info().rss; "
    "analyse_many(sys.stdin.read().splitlines(), None); "
    "print((first - before) / 2**20, (p.memory_info().rss - before) / 2**20)"
)
TARGET_RATE = 5_000
TARGET_FIRST = 0.3  # seconds to the first answer, model cached (issue 12)
TARGET_MB = 30  # memory the engine adds to a kernel (issue 12)
TARGET_EXTERNAL = 0.80  # level accuracy per language on published-style questions never seen (issue 12)
TARGET_HELD_OUT = 0.93  # level accuracy on held-out questions in the style of the bank (issue 12)
LABELS = {("cold", "batch"): "analyse_many, per-word caches emptied before each run",
          ("cold", "single"): "analyse one by one, caches emptied before every question",
          ("warm", "batch"): "analyse_many, warm per-word caches",
          ("warm", "single"): "analyse one by one, warm per-word caches"}
TARGETS_DEV = {"level accuracy": 0.80, "open/closed accuracy": 0.98, "advice F1": 0.95}

# --------------------------------------------------------------------------- questions not in the bank
NAMES = ("Fenna", "Joris", "Meryem", "Daan", "Ilse", "Bram", "Noor", "Sven", "Yara", "Thijs", "Lotte", "Kees",
         "Anouk", "Ruben", "Esra", "Wout", "Fleur", "Milan", "Saskia", "Jelle")
PLACES = ("Zwolle", "Deventer", "Almere", "Tilburg", "Assen", "Leeuwarden", "Heerlen", "Gouda", "Delft", "Ede")
NL_PARTS = (("werk", "team", "project", "ouder", "zorg", "klas", "budget", "planning", "rooster", "dienst",
             "locatie", "cliënt", "sectie", "school", "afdeling"),
            ("overleg", "gesprek", "bespreking", "evaluatie", "wissel", "plan", "verslag", "bezoek", "conflict",
             "beslissing", "afspraak", "melding"))
EN_PARTS = (("budget", "shift", "ward", "team", "parent", "project", "roster", "client", "board", "site",
             "school", "office", "sales", "intake", "welfare"),
            ("review", "meeting", "handover", "briefing", "plan", "report", "visit", "dispute", "decision",
             "deadline", "audit", "escalation"))
NL_TEMPLATES = (
    "Wie waren er allemaal bij het {thing} in {place}?",
    "Wat deed je precies toen {name} over het {thing} begon?",
    "Hoe zou je het {thing} met {name} een volgende keer aanpakken?",
    "Wat vind je zelf zo belangrijk aan het {thing}?",
    "Wie wil je zijn voor {name} tijdens het {thing}?",
    "Waar draagt het {thing} in {place} voor jou aan bij?",
    "Welke vaardigheid miste je bij het {thing} met {name}?",
    "Waarom vond {name} het {thing} in {place} zo lastig?",
)
EN_TEMPLATES = (
    "Who else was present at the {thing} in {place}?",
    "What exactly did you do when {name} brought up the {thing}?",
    "How would you handle the {thing} with {name} next time?",
    "What do you find so important about the {thing}?",
    "Who do you want to be for {name} during the {thing}?",
    "What does the {thing} in {place} contribute to your life?",
    "Which skill did you miss in the {thing} with {name}?",
    "Why did {name} find the {thing} in {place} so hard?",
)


def generated(lang: str, rng: random.Random) -> list[str]:
    """The questions the templates of ``lang`` make (compound 'things': werk + overleg → werkoverleg),
    shuffled per template and then taken from each template in turn, so every template is well mixed in."""
    templates, (first, second) = (NL_TEMPLATES, NL_PARTS) if lang == "nl" else (EN_TEMPLATES, EN_PARTS)
    things = [f"{a}{b}" if lang == "nl" else f"{a} {b}" for a, b in itertools.product(first, second)]
    per_template = []
    for t in templates:
        texts = list(dict.fromkeys(t.format(thing=thing, name=name, place=place)
                                   for thing, name, place in itertools.product(things, NAMES, PLACES)))
        rng.shuffle(texts)
        per_template.append(texts)
    return [t for group in itertools.zip_longest(*per_template) for t in group if t is not None]


def unseen_questions(n: int, seed: int = 7) -> tuple[list[tuple[str, str]], dict]:
    """``n`` (text, lang) pairs not in the bank (2/3 Dutch, 1/3 English, shuffled), and how they compare."""
    from intervisie_widgets.catalog import question_bank as qb

    known = {qb.normalise_question_text(q.text) for q in qb.question_bank()}
    known |= {qb.normalise_question_text(text) for text, _ in qb.non_questions()}
    rng = random.Random(seed)
    out, dropped = [], 0
    for lang, share in (("nl", 2 / 3), ("en", 1 / 3)):
        pool = generated(lang, rng)
        fresh = [t for t in pool if qb.normalise_question_text(t) not in known]
        dropped += len(pool) - len(fresh)
        want = round(n * share) if lang == "nl" else n - len(out)
        if want > len(fresh):
            raise SystemExit(f"only {len(fresh)} unseen {lang} questions; ask for fewer (-n)")
        out += [(t, lang) for t in fresh[:want]]
    rng.shuffle(out)
    assert not any(qb.normalise_question_text(t) in known for t, _ in out), "a generated question is in the bank"
    bank_words = {w for q in qb.question_bank() for w in qb.normalise_question_text(q.text).split()}
    words = {w for t, _ in out for w in qb.normalise_question_text(t).split()}
    return out, {"dropped": dropped, "words": len(words), "new_words": len(words - bank_words)}


# --------------------------------------------------------------------------- timing
def clear_word_caches() -> None:
    """Empty the per-word caches of the question engine (the lexicon and the model stay loaded)."""
    from intervisie_widgets.questions import levels, training

    levels.word_features.cache_clear()
    model = training.level_model()
    if model is not None:
        model._word_rows.clear()


def rates(fn, items, repeat: int, cold: bool) -> tuple[float, float]:
    """Median questions/s over ``repeat`` runs of ``fn(items, cold)``: (wall clock, this process's CPU time).

    ``fn`` returns the (wall, CPU) seconds it spent analysing, so emptying the caches is not timed."""
    if not cold:
        fn(items, False)  # fill the caches, untimed
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = fn(items, cold)
        walls.append(wall)
        cpus.append(cpu)
    return len(items) / statistics.median(walls), len(items) / max(statistics.median(cpus), 1e-9)


def batch(items, cold: bool) -> tuple[float, float]:
    """``analyse_many`` per language; a cold run starts with empty per-word caches."""
    from intervisie_widgets.questions import analyse_many

    by_lang = {lang: [t for t, lg in items if lg == lang] for lang in ("nl", "en")}
    if cold:
        clear_word_caches()
    t, c = time.perf_counter(), time.process_time()
    for lang, texts in by_lang.items():
        analyse_many(texts, lang)
    return time.perf_counter() - t, time.process_time() - c


def one_by_one(items, cold: bool) -> tuple[float, float]:
    """``analyse`` per question; cold: the per-word caches are emptied before *every* question."""
    from intervisie_widgets.questions import analyse

    wall = cpu = 0.0
    for text, lang in items:
        if cold:
            clear_word_caches()
        t, c = time.perf_counter(), time.process_time()
        analyse(text, lang)
        wall += time.perf_counter() - t
        cpu += time.process_time() - c
    return wall, cpu


def first_answer(cache_dir: str | None, code: str = FIRST_ANSWER) -> tuple[float, float]:
    """(seconds inside the process, seconds for the whole process) to the first analysis."""
    env = dict(os.environ)
    if cache_dir is not None:
        env["XDG_CACHE_HOME"] = cache_dir
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    wall = time.perf_counter() - t
    return float(out.stdout.split()[0]), wall


def memory(texts: list[str]) -> tuple[float, float]:
    """MB the engine adds to a fresh process with numpy and PyYAML loaded: after the first answer, after ``texts``."""
    out = subprocess.run([sys.executable, "-c", MEMORY], input="\n".join(texts), capture_output=True, text=True,
                         check=True)
    first, after = out.stdout.split()
    return float(first), float(after)


def external() -> dict[str, tuple[float, int]]:
    """Level accuracy and count per language on the external-style questions the model never trained on."""
    import json
    from pathlib import Path

    from intervisie_widgets.catalog import question_bank
    from intervisie_widgets.questions import evaluate, training

    norm = question_bank.normalise_question_text
    seen = ({norm(q.text) for q in question_bank.question_bank() if q.split == "train"}
            | {norm(q.text) for q in training.anchors(exclude_dev=False)})
    path = Path(__file__).resolve().parents[1] / "tests" / "data" / "questions_external_style.jsonl"
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = {}
    for lang in ("nl", "en"):
        mine = [it for it in items if it["lang"] == lang and norm(it["text"]) not in seen]
        out[lang] = (evaluate(mine)["accuracy"]["level"], len(mine))
    return out


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def speed(n: int, repeat: int) -> dict:
    items, info = unseen_questions(n)
    print(f"{len(items)} generated questions, none in the bank ({info['dropped']} generated ones were in it and "
          f"left out); {info['words']} distinct words, {info['new_words']} of them in no bank question")
    single_items = items[: max(1, n // 4)]
    out = {}
    for cache in ("cold", "warm"):
        out[cache, "batch"] = rates(batch, items, repeat, cache == "cold")
        out[cache, "single"] = rates(one_by_one, single_items, repeat, cache == "cold")
        for mode, k in (("batch", len(items)), ("single", len(single_items))):
            wall, cpu = out[cache, mode]
            print(f"  {LABELS[cache, mode]:<58} {wall:8,.0f} questions/s wall clock, {cpu:8,.0f}/s CPU "
                  f"({k} questions, median of {repeat}; {1000 / wall:.2f} ms each)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("-n", type=int, default=20_000, help="questions per speed run (default 20000, at most 40000)")
    parser.add_argument("--cv", action="store_true", help="also the grouped cross-validation (some seconds per fold)")
    args = parser.parse_args(argv)
    if not 1 <= args.n <= 40_000:
        parser.error("-n must be 1-40000")
    repeat = 3 if args.quick else 5

    from intervisie_widgets.questions import analyse, dev_items, evaluate

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    analyse("Wat vind je daar belangrijk aan?")  # load the lexicon and the model outside the timings
    rate = speed(args.n, repeat)

    runs = 3 if args.quick else 5
    warm = [first_answer(None) for _ in range(runs)]
    print(f"first answer, fresh process, model cached: {statistics.median(w[0] for w in warm):.2f} s "
          f"in the process, {statistics.median(w[1] for w in warm):.2f} s with interpreter start (median of {runs})")
    kernel = statistics.median(first_answer(None, FIRST_ANSWER_KERNEL)[0] for _ in range(runs))
    print(f"first answer, fresh process with numpy and PyYAML loaded (a warm kernel), model cached: {kernel:.2f} s")
    with tempfile.TemporaryDirectory() as empty:
        cold = first_answer(empty)
    print(f"first answer, fresh process, empty cache (trains the model): {cold[0]:.2f} s in the process, "
          f"{cold[1]:.2f} s with interpreter start")
    mb_first, mb_after = memory([t for t, _ in unseen_questions(5_000, seed=11)[0]])
    print(f"memory added to a process with numpy and PyYAML loaded: {mb_first:.1f} MB after the first answer, "
          f"{mb_after:.1f} MB after 5 000 more unseen questions")

    s = evaluate(dev_items())
    acc = s["accuracy"]
    dev = {"level accuracy": acc["level"], "open/closed accuracy": acc["open"], "advice F1": s["advice"]["f1"]}
    print(f"dev split (n={s['n']}): level accuracy {acc['level']:.3f}, level macro-F1 {s['level_macro_f1']:.3f}, "
          f"open/closed {acc['open']:.3f}, advice F1 {s['advice']['f1']:.3f} "
          f"(P {s['advice']['precision']:.3f}, R {s['advice']['recall']:.3f})")
    for lang in ("nl", "en"):
        sub = evaluate([it for it in dev_items() if it["lang"] == lang])
        print(f"  {lang} (n={sub['n']}): level accuracy {sub['accuracy']['level']:.3f}, "
              f"open {sub['accuracy']['open']:.3f}, advice F1 {sub['advice']['f1']:.3f}")

    ext = external()
    print("external-style questions never trained on: " + ", ".join(
        f"{lang} {acc:.3f} (n={n})" for lang, (acc, n) in ext.items()))
    if args.cv:
        from intervisie_widgets.questions.crossval import grouped_cv

        cv = grouped_cv()
        print(f"grouped {cv['folds']}-fold CV on the train split (n={cv['n']}, {cv['groups']} groups): level accuracy "
              f"{cv['accuracy']:.3f} (" + ", ".join(f"{k} {v:.3f}" for k, v in cv["accuracy_by_lang"].items()) + ")")

    print("targets (issues 3 and 12):")
    for cache in ("cold", "warm"):
        wall = rate[cache, "batch"][0]
        print(f"  {verdict(wall >= TARGET_RATE)}: analyse_many >= {TARGET_RATE:,}/s wall clock, unseen questions, "
              f"{cache} per-word cache ({wall:,.0f}/s)")
    for name, floor in TARGETS_DEV.items():
        print(f"  {verdict(dev[name] >= floor)}: dev split {name} >= {floor:.2f} ({dev[name]:.3f})")
    print(f"  {verdict(acc['level'] >= TARGET_HELD_OUT)}: dev split level accuracy >= {TARGET_HELD_OUT:.2f} "
          f"(held-out questions in the bank's style, issue 12; {acc['level']:.3f})")
    for lang, (a, n) in ext.items():
        print(f"  {verdict(a >= TARGET_EXTERNAL)}: external-style level accuracy {lang} >= {TARGET_EXTERNAL:.2f} "
              f"({a:.3f}, n={n}; our own set, see README)")
    print(f"  {verdict(kernel <= TARGET_FIRST)}: first answer in a warm kernel, model cached, <= {TARGET_FIRST} s "
          f"({kernel:.2f} s)")
    print(f"  {verdict(mb_after <= TARGET_MB)}: memory added to a kernel <= {TARGET_MB} MB ({mb_after:.1f} MB)")
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
