"""Shared by the benchmarks: a wall-clock and CPU timer (``with Timer() as t: …; t.wall, t.cpu``)."""
from __future__ import annotations

import time


class Timer:
    """Wall-clock (perf_counter) and CPU (process_time) seconds of a ``with`` block."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu
