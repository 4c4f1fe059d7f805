"""First come, first sent: drafting requests hand their model calls over in arrival order.

A burst of `POST /v1/drafts` arrives together. Each request's preparation (loading its
inputs, rendering the prompt, building the HTTP request) is a few milliseconds of CPU on
the event loop, and the HTTP client writes the request body from a task of its own, which
the loop runs only after everything already queued: the other requests' preparations. So
without an order, no model call leaves before every request is prepared, all of them come
back at the same moment, and their gating and storing then queue behind one another: the
burst takes preparation + model latency + post-processing, end to end.

With a turn per event loop, taken when the request starts preparing and handed on as soon
as its model call is in the transport's hands (`hand_on`), requests prepare one after
another and each call leaves as soon as it is ready: the answers come back spread out and
are handled as they arrive, so the burst takes about preparation + model latency.

A turn is only an ordering: the request holding it never waits for anything but its own
preparation (it hands the turn on before waiting for a free LLM slot), and it is handed
on at the latest when the request's drafting is over, whatever happened.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar

_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)
_held: ContextVar[Callable[[], None] | None] = ContextVar("askwell_send_turn", default=None)


@asynccontextmanager
async def send_turn() -> AsyncIterator[None]:
    """Wait for this request's turn (FIFO per event loop); hand it on on the way out."""
    loop = asyncio.get_running_loop()
    lock = _locks.get(loop)
    if lock is None:
        lock = _locks[loop] = asyncio.Lock()
    await lock.acquire()
    released = False

    def release() -> None:
        nonlocal released
        if not released:
            released = True
            lock.release()

    token = _held.set(release)
    try:
        yield
    finally:
        _held.reset(token)
        release()


def holding() -> bool:
    """Whether the running task holds a turn it has not handed on yet."""
    return _held.get() is not None


def hand_on() -> None:
    """Let the next request prepare (no-op when the running task holds no turn)."""
    release = _held.get()
    if release is not None:
        _held.set(None)
        release()
