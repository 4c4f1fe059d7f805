"""A requester's most recent drafts, kept in the process for the gate's `not_generic`.

Every new draft is compared with the requester's most recent drafts to other contacts
(`OTHER_DRAFTS_LIMIT` of them, their current text): up to 200 bodies, a few hundred
kilobytes, read again for every draft. A process keeps them per requester instead: loaded
once and again after `TTL_S`, and every draft the process stores is added at once, so its
own drafts are compared with each other as they are made. What another process stored, or
an edit made elsewhere, is seen at the next load, at most `TTL_S` later; the bodies are
only compared with, never shown.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

OTHER_DRAFTS_LIMIT = 200
TTL_S = 5.0

Key = tuple[uuid.UUID, uuid.UUID]  # (tenant id, requester id)


@dataclass
class _Drafts:
    loaded_at: float
    recent: deque[tuple[uuid.UUID, str]] = field(default_factory=deque)  # newest first
    # What `bodies` answers for a contact with no draft among `recent` (the usual case),
    # kept until `recent` changes.
    bodies: tuple[str, ...] | None = None
    contacts: frozenset[uuid.UUID] = frozenset()


class RecentDrafts:
    """Thread-safe: the batch runner loads in threads, the API on the event loop."""

    def __init__(self, ttl_s: float = TTL_S) -> None:
        self._ttl_s = ttl_s
        self._lock = threading.Lock()
        self._drafts: dict[Key, _Drafts] = {}

    def bodies(self, key: Key, *, contact_id: uuid.UUID) -> tuple[str, ...] | None:
        """The requester's recent drafts to contacts other than `contact_id`, newest first;
        None when they are not loaded or older than the TTL (then `put` what was read)."""
        with self._lock:
            cached = self._drafts.get(key)
            if cached is None or time.monotonic() - cached.loaded_at >= self._ttl_s:
                return None
            return self._bodies(cached, contact_id)

    def put(
        self, key: Key, rows: Iterable[tuple[uuid.UUID, str]], *, contact_id: uuid.UUID
    ) -> tuple[str, ...]:
        """Keep the requester's most recent drafts as read (`(contact id, body)`, newest
        first, `OTHER_DRAFTS_LIMIT + 1` of them when there are that many); `bodies` of them."""
        loaded = _Drafts(time.monotonic(), deque(rows, maxlen=OTHER_DRAFTS_LIMIT + 1))
        with self._lock:
            self._drafts[key] = loaded
            return self._bodies(loaded, contact_id)

    @staticmethod
    def _bodies(cached: _Drafts, contact_id: uuid.UUID) -> tuple[str, ...]:
        if contact_id not in cached.contacts and cached.bodies is not None:
            return cached.bodies
        bodies = tuple(body for other, body in cached.recent if other != contact_id)
        bodies = bodies[:OTHER_DRAFTS_LIMIT]
        if cached.bodies is None:
            cached.contacts = frozenset(other for other, _ in cached.recent)
            if contact_id not in cached.contacts:
                cached.bodies = bodies
        return bodies

    def add(self, key: Key, *, contact_id: uuid.UUID, body: str) -> None:
        """A draft this process just stored."""
        with self._lock:
            cached = self._drafts.get(key)
            if cached is not None:
                cached.recent.appendleft((contact_id, body))
                cached.bodies = None
