"""Request limits shared by every API process: per API key, and failed sign-ins per address.

Counted with the `limits` library in the storage `ASKWELL_RATE_LIMIT_STORAGE_URL` names:
`memory://` (the default: one process, the embedded setup) or `redis://host:6379` (every
process of a deployment counts in the same place, so N processes do not allow N times the
rate). Fixed one-minute windows: one increment per request.

A storage that cannot be reached lets requests through (and says so in the log): the
limits protect the service, and a broken counter should not take the API down with it.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from limits import RateLimitItemPerMinute
from limits.aio.storage import Storage
from limits.aio.strategies import FixedWindowRateLimiter
from limits.storage import storage_from_string

log = logging.getLogger("askwell")

NAMESPACE = "askwell"


def retry_after_header(wait_s: float) -> str:
    return str(max(1, math.ceil(wait_s)))


@dataclass(frozen=True)
class Refusal:
    """Over a limit: seconds until the window that refused it ends."""

    retry_after_s: float


class RequestLimits:
    """The limits of one process, counted in a storage every process may share."""

    def __init__(
        self,
        storage_url: str,
        *,
        per_key_per_minute: int | None,
        auth_failures_per_minute: int | None,
    ) -> None:
        # The `async+` scheme gives the storage's asyncio implementation.
        url = storage_url if storage_url.startswith("async+") else f"async+{storage_url}"
        storage = storage_from_string(url)
        assert isinstance(storage, Storage)
        self.storage = storage
        self._limiter = FixedWindowRateLimiter(self.storage)
        self._per_key = (
            RateLimitItemPerMinute(per_key_per_minute, namespace=NAMESPACE)
            if per_key_per_minute
            else None
        )
        self._auth_failures = (
            RateLimitItemPerMinute(auth_failures_per_minute, namespace=NAMESPACE)
            if auth_failures_per_minute
            else None
        )

    async def take_request(self, key_id: object) -> Refusal | None:
        """Count one request of an API key; a refusal when the key is over its rate."""
        if self._per_key is None:
            return None
        return await self._hit(self._per_key, "key", str(key_id))

    async def sign_in_refused(self, address: str) -> Refusal | None:
        """A refusal while the address has failed to sign in too often this window."""
        if self._auth_failures is None:
            return None
        try:
            allowed = await self._limiter.test(self._auth_failures, "auth-failures", address)
            if allowed:
                return None
            return await self._refusal(self._auth_failures, "auth-failures", address)
        except Exception:
            log.warning("rate limits: storage unavailable; not limiting", exc_info=True)
            return None

    async def sign_in_failed(self, address: str) -> None:
        if self._auth_failures is not None:
            try:
                await self._limiter.hit(self._auth_failures, "auth-failures", address)
            except Exception:
                log.warning("rate limits: storage unavailable; not counting", exc_info=True)

    async def _hit(self, item: RateLimitItemPerMinute, *identifiers: str) -> Refusal | None:
        try:
            if await self._limiter.hit(item, *identifiers):
                return None
            return await self._refusal(item, *identifiers)
        except Exception:
            log.warning("rate limits: storage unavailable; not limiting", exc_info=True)
            return None

    async def _refusal(self, item: RateLimitItemPerMinute, *identifiers: str) -> Refusal:
        stats = await self._limiter.get_window_stats(item, *identifiers)
        return Refusal(retry_after_s=max(1.0, stats.reset_time - time.time()))
