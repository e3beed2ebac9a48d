"""Slowing down wrong join codes: a token bucket per address, in memory, of bounded size.

Every address may type ``burst`` wrong codes freely; the bucket refills one attempt per
``refill_seconds``. A wrong code with the bucket empty makes the address wait, and each further
one doubles the wait (``first_wait``, 2×, 4×, … up to ``max_wait``). While an address waits,
every code from it is refused without being looked up, so a guesser learns nothing from a hit.
Once the bucket is full again the waits start over. At most ``max_addresses`` addresses are
remembered (the least recently seen is forgotten first). The clock is injectable for tests.

The defaults (10 free, then one per 20 s) leave room for a room of phones behind one address
(a NAT or a proxy: the address is tornado's ``remote_ip``) typing a code wrong now and then,
while a guesser soon gets one try per ``max_wait`` (5 minutes; under 300 a day) against 8.5e11 codes.

The throttle is used from the server's event loop thread only (no locking).
"""
from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable


@dataclass
class _Bucket:
    tokens: float
    updated: float
    strikes: int = 0
    blocked_until: float = 0.0


class CodeThrottle:
    """Per-address limit on wrong join codes (see the module docstring)."""

    def __init__(self, burst: int = 10, refill_seconds: float = 20.0, first_wait: float = 2.0,
                 max_wait: float = 300.0, max_addresses: int = 10_000,
                 clock: Callable[[], float] = time.monotonic):
        if burst < 1 or refill_seconds <= 0 or first_wait <= 0 or max_wait < first_wait or max_addresses < 1:
            raise ValueError("burst >= 1, refill_seconds > 0, 0 < first_wait <= max_wait, max_addresses >= 1")
        self.burst, self.refill_seconds = burst, refill_seconds
        self.first_wait, self.max_wait = first_wait, max_wait
        self.max_addresses = max_addresses
        self.clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def _refresh(self, address: str, now: float) -> _Bucket | None:
        bucket = self._buckets.get(address)
        if bucket is None:
            return None
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) / self.refill_seconds)
        bucket.updated = now
        self._buckets.move_to_end(address)
        if bucket.tokens >= self.burst and now >= bucket.blocked_until:
            del self._buckets[address]  # back to a clean slate: nothing to remember
            return None
        return bucket

    def wait(self, address: str) -> float:
        """Seconds ``address`` must still wait before a code from it is looked up (0: go ahead)."""
        now = self.clock()
        bucket = self._refresh(address, now)
        return 0.0 if bucket is None else max(0.0, bucket.blocked_until - now)

    def failed(self, address: str) -> float:
        """Record a wrong code from ``address``; returns the wait it now has (0 while attempts remain)."""
        now = self.clock()
        bucket = self._refresh(address, now)
        if bucket is None:
            bucket = self._buckets[address] = _Bucket(float(self.burst), now)
            while len(self._buckets) > self.max_addresses:
                self._buckets.popitem(last=False)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            if bucket.tokens >= 1:
                return 0.0
        wait = min(self.max_wait, self.first_wait * 2 ** bucket.strikes)
        bucket.strikes += 1
        bucket.blocked_until = now + wait
        return wait
