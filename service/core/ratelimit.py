"""Per-API-key request rate limit (token bucket, in process).

Each API process keeps its own buckets, so with N processes a key may get up to N times the
configured rate; the limit exists to stop a runaway client, not to meter billing.
"""

from __future__ import annotations

import math
import threading
import time
import uuid


class RateLimiter:
    def __init__(self, per_minute: int) -> None:
        self.capacity = float(per_minute)
        self.refill_per_s = per_minute / 60.0
        self._buckets: dict[uuid.UUID, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def acquire(self, key: uuid.UUID) -> float | None:
        """Take one token; return None when allowed, else seconds until one is available."""
        now = time.monotonic()
        with self._lock:
            tokens, stamp = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - stamp) * self.refill_per_s)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return None
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.refill_per_s


def retry_after_header(wait_s: float) -> str:
    return str(max(1, math.ceil(wait_s)))
