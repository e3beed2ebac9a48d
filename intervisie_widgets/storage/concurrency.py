"""Many processes submitting at once: used by the concurrency test and ``benchmarks/submissions.py``.

Each writer is a separate process (like a Voilà kernel) with its own :class:`Store`. All writers
wait at a barrier, then submit as fast as they can. Afterwards the caller counts the rows.
"""
from __future__ import annotations

import multiprocessing as mp
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class LoadResult:
    writers: int
    per_writer: int
    seconds: float
    errors: tuple[str, ...]

    @property
    def submissions(self) -> int:
        return self.writers * self.per_writer

    @property
    def per_second(self) -> float:
        return self.submissions / self.seconds if self.seconds else float("inf")


def _writer(url: str, group: str, writer: int, count: int, barrier, queue) -> None:
    from . import Store

    try:
        store = Store(url)
        barrier.wait(timeout=120)
        for i in range(count):
            # session i+1, one participant per writer: every submission is a new row
            answers = {"veiligheid": 1 + (writer + i) % 5, "rapportcijfer": 1 + (writer * 7 + i) % 10,
                       "les": f"les {writer}-{i}"}
            store.submit(group, i + 1, "deelnemer", f"schrijver-{writer}", answers)
        store.close()
        queue.put("")
    except Exception as exc:  # reported to the parent, which fails the run
        message = exc.message("en") if callable(getattr(exc, "message", None)) else str(exc)
        queue.put(f"writer {writer}: {type(exc).__name__}: {message}")


def run_writers(url: str, writers: int, per_writer: int, group: str = "LOAD") -> LoadResult:
    """Start ``writers`` processes that each submit ``per_writer`` evaluations; time the burst."""
    from . import Store

    Store(url).close()  # create/upgrade the schema once, before the burst
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(writers + 1)
    queue = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(url, group, w, per_writer, barrier, queue)) for w in range(writers)]
    for p in procs:
        p.start()
    barrier.wait(timeout=120)
    start = time.perf_counter()
    outcomes = [queue.get(timeout=600) for _ in procs]
    seconds = time.perf_counter() - start
    for p in procs:
        p.join(timeout=60)
    return LoadResult(writers, per_writer, seconds, tuple(o for o in outcomes if o))
