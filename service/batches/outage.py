"""The model server is away: batch items wait for it instead of failing.

A runner's model calls go through one `ModelOutage` (a circuit breaker). While the server
answers, calls pass. When a call fails because the server is away or failing (a refused
connection, a timeout, a 5xx, after the client's own retries), the breaker opens: the
other calls stop going out and wait, and one call at a time probes the server, first after
a second, then after twice as long, up to `MAX_PROBE_INTERVAL_S`. The first probe that gets
an answer closes the breaker and every waiting call goes. A call waits at most `patience_s`
for the server in all; after that its item fails, saying what happened.

An open breaker is written to `model_outages` (and refreshed by every failed probe), so
that a batch's status can say it is paused and why, whichever process is asked.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from service.llm.errors import LLMError, failure_cause, is_outage

log = logging.getLogger("askwell.batches")

FIRST_PROBE_S = 1.0
MAX_PROBE_INTERVAL_S = 15.0


class ModelOutage:
    """A circuit breaker over one runner's model calls (see the module docstring)."""

    def __init__(
        self,
        *,
        patience_s: float,
        on_open: Callable[[str], Awaitable[None]],
        on_failed_probe: Callable[[str], Awaitable[None]],
        on_close: Callable[[], Awaitable[None]],
    ) -> None:
        self.patience_s = patience_s
        self._on_open = on_open
        self._on_failed_probe = on_failed_probe
        self._on_close = on_close
        self._closed = asyncio.Event()
        self._closed.set()
        self._probing = False
        self._interval = FIRST_PROBE_S
        self._probe_at = 0.0

    @property
    def open(self) -> bool:
        return not self._closed.is_set()

    async def admit(self) -> None:
        """Return when a call may go out: the server answers, or this call is the probe."""
        while not self._closed.is_set():
            now = time.monotonic()
            if not self._probing and now >= self._probe_at:
                self._probing = True
                return
            wait = max(self._probe_at - now, 0.05) if not self._probing else 0.25
            try:
                await asyncio.wait_for(self._closed.wait(), timeout=wait)
            except TimeoutError:
                continue

    async def answered(self) -> None:
        """The server answered a call (whatever it said)."""
        if self._closed.is_set():
            return
        self._closed.set()
        self._probing = False
        self._interval = FIRST_PROBE_S
        log.warning("model server answers again; batch items go on")
        await self._on_close()

    async def failed(self, error: LLMError) -> bool:
        """A call failed; True when the server is away and the caller should wait for it."""
        if not is_outage(error):
            await self.answered()
            return False
        _, detail = failure_cause(error)
        now = time.monotonic()
        if self._closed.is_set():
            self._closed.clear()
            self._probing = False
            self._interval = FIRST_PROBE_S
            self._probe_at = now + self._interval
            log.warning("model server away (%s); batch items wait for it", detail)
            await self._on_open(detail)
        elif self._probing:
            self._probing = False
            self._interval = min(self._interval * 2, MAX_PROBE_INTERVAL_S)
            self._probe_at = now + self._interval
            await self._on_failed_probe(detail)
        return True

    async def stop(self) -> None:
        """The runner stops: an outage it saw is no longer its to report."""
        if not self._closed.is_set():
            self._closed.set()
            await self._on_close()
