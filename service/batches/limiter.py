"""Model-call slots shared by every batch runner: at most N calls at once, across processes.

A batch runner claims items from the engine's queue, and the queue's poll is what hands a
freed place to the next item: with the queue's concurrency equal to the model-call limit,
every item's place stands empty from the moment it ends until the next poll has claimed
and started a successor, and the item's own work around its call (loading, gating,
storing) holds a place no call uses. Measured at 50 at once and 500 ms a call, that kept
the model 15-25% below the limit (the batch took 1.2-1.5x its ideal time, most of it at
the engine's default poll).

So a runner claims a few items more than it may call the model for (`prefetch`), and the
limit moves to the calls themselves: the batch code hands the drafter a `LimitedDrafter`
(which also waits out an outage of the model server, `service.batches.outage`),
whose every model call takes one of N numbered slots, held where every runner sees it and
released by the system when its holder dies:

- **PostgreSQL**: session-level advisory locks (`pg_try_advisory_lock`) on one connection
  of the process, outside any transaction; a lost connection (a killed worker) frees them.
  Every runner of a deployment stores its drafts in the same database, so they all see
  the same locks.
- **A SQLite file**: POSIX record locks on one byte per slot of a file beside the database
  (`fcntl.lockf`); the kernel frees them when the process exits. (A SQLite database is on
  one machine, so every runner that can open it can lock the file.)
- Otherwise (no file, or no POSIX locks) a count in the process.

Waiting is a lottery between processes: the calls that found no free slot queue in their
process, and one task per process tries for a slot every few milliseconds for the head of
that queue. A process that frees a slot does not hand it straight to its own next waiter,
so a runner with a long queue cannot keep every slot from another runner's items.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import time
from collections import deque
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from service.batches.outage import ModelOutage
from service.core.db import sqlite_path
from service.llm.drafting import Composition, Drafter, DrafterKind, DraftInputs, calls_of
from service.llm.errors import LLMError

log = logging.getLogger("askwell.batches")

# How often a process with waiting calls tries for a freed slot (seconds, +-50% jitter).
POLL_S = 0.005
# The first key of pg_try_advisory_lock(int, int): "askw", so that the slots' locks
# cannot be taken for another application's in the same database.
ADVISORY_NAMESPACE = 0x61736B77


class _Locks:
    """Numbered slots `0 .. size-1`, shared by every process that uses the same locks."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.held: set[int] = set()

    def candidates(self) -> list[int]:
        """The slots this process does not hold, starting at a random one: processes that
        try at the same moment spread over the free slots."""
        start = random.randrange(self.size)  # noqa: S311 - a spread, not a secret
        order = [*range(start, self.size), *range(start)]
        return [key for key in order if key not in self.held]

    async def try_take(self) -> int | None:
        raise NotImplementedError

    async def give_back(self, key: int) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        self.held.clear()


class _InProcess(_Locks):
    async def try_take(self) -> int | None:
        free = self.candidates()
        if not free:
            return None
        self.held.add(free[0])
        return free[0]

    async def give_back(self, key: int) -> None:
        self.held.discard(key)


class _FileLocks(_Locks):
    """One byte of `path` per slot, locked with POSIX record locks.

    Record locks belong to the process, not to a descriptor: taking a byte this process
    already holds would succeed, so `held` is consulted first; and closing any descriptor
    of the file drops all of the process's locks on it, so the file is opened once.
    """

    def __init__(self, path: Path, size: int) -> None:
        super().__init__(size)
        self.path = path
        self._fd: int | None = None

    def _descriptor(self) -> int:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        return self._fd

    async def try_take(self) -> int | None:
        import fcntl

        fd = self._descriptor()
        for key in self.candidates():
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, key, os.SEEK_SET)
            except OSError:
                continue  # another process holds it
            self.held.add(key)
            return key
        return None

    async def give_back(self, key: int) -> None:
        import fcntl

        if key in self.held and self._fd is not None:
            self.held.discard(key)
            fcntl.lockf(self._fd, fcntl.LOCK_UN, 1, key, os.SEEK_SET)

    async def close(self) -> None:
        await super().close()
        if self._fd is not None:
            os.close(self._fd)  # releases whatever is still held
            self._fd = None


_TAKE = text(
    "SELECT k FROM unnest(CAST(:free AS int[])) AS k"
    " WHERE pg_try_advisory_lock(CAST(:namespace AS int), k) LIMIT 1"
)
_GIVE_BACK = text("SELECT pg_advisory_unlock(CAST(:namespace AS int), CAST(:key AS int))")


class _AdvisoryLocks(_Locks):
    """PostgreSQL advisory locks `(ADVISORY_NAMESPACE, slot)` held by one session.

    One connection of the engine, in autocommit, used by one statement at a time. A session
    may take an advisory lock it already holds (the count goes up), so takes skip the slots
    held here. When the connection is lost the server frees its locks: what this process
    held is forgotten, and the next take opens another connection.
    """

    def __init__(self, engine: AsyncEngine, size: int) -> None:
        super().__init__(size)
        self.engine = engine
        self._connection: AsyncConnection | None = None
        self._using = asyncio.Lock()

    async def _connect(self) -> AsyncConnection:
        if self._connection is None:
            connection = await self.engine.connect()
            self._connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        return self._connection

    async def _run(self, statement: Any, params: dict[str, Any]) -> Sequence[Any]:
        """Run on the locks' connection; the caller holds `_using`."""
        connection = await self._connect()
        try:
            return (await connection.execute(statement, params)).all()
        except DBAPIError:
            # The session is gone, and the server freed its locks with it.
            self._connection = None
            self.held.clear()
            with contextlib.suppress(Exception):
                await connection.invalidate()
            raise

    async def try_take(self) -> int | None:
        # One take at a time, its candidates chosen inside: the session would grant a lock
        # it holds already to a second taker of the same slot.
        async with self._using:
            candidates = self.candidates()
            if not candidates:  # this process holds them all: no need to ask
                return None
            rows = await self._run(_TAKE, {"free": candidates, "namespace": ADVISORY_NAMESPACE})
            if not rows:
                return None
            key = int(rows[0][0])
            self.held.add(key)
            return key

    async def give_back(self, key: int) -> None:
        async with self._using:
            if key not in self.held:
                return
            self.held.discard(key)
            with contextlib.suppress(DBAPIError):  # a lost session freed it already
                await self._run(_GIVE_BACK, {"namespace": ADVISORY_NAMESPACE, "key": key})

    async def close(self) -> None:
        await super().close()
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close()


class CallSlots:
    """This process's way to the shared slots, and its own limit (`local_limit`)."""

    def __init__(self, locks: _Locks, *, local_limit: int) -> None:
        self.size = locks.size
        self._locks = locks
        self._local = asyncio.Semaphore(local_limit)
        self._waiters: deque[asyncio.Future[int]] = deque()
        self._poller: asyncio.Task[None] | None = None

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold a slot for one model call."""
        async with self._local:
            key = await self._take()
            try:
                yield
            finally:
                await self._locks.give_back(key)

    async def _take(self) -> int:
        if not self._waiters:
            with contextlib.suppress(DBAPIError):  # then wait and try again
                key = await self._locks.try_take()
                if key is not None:
                    return key
        waiter: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        if self._poller is None or self._poller.done():
            self._poller = asyncio.get_running_loop().create_task(self._poll())
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                await self._locks.give_back(waiter.result())
            raise

    async def _poll(self) -> None:
        """Try for a slot for the first waiter until nobody waits."""
        failing = False
        while True:
            while self._waiters and self._waiters[0].done():  # cancelled meanwhile
                self._waiters.popleft()
            if not self._waiters:
                return
            try:
                key = await self._locks.try_take()
                failing = False
            except Exception:  # the database is away: the calls wait until it is back
                if not failing:
                    log.warning("model-call slots: cannot take one; retrying", exc_info=True)
                failing = True
                key = None
            if key is None:
                await asyncio.sleep(POLL_S * random.uniform(0.5, 1.5))  # noqa: S311
                continue
            while self._waiters and self._waiters[0].done():
                self._waiters.popleft()
            if self._waiters:
                self._waiters.popleft().set_result(key)
            else:
                await self._locks.give_back(key)

    async def close(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
        await self._locks.close()


def shared_slots(engine: AsyncEngine, *, size: int, local_limit: int) -> CallSlots:
    """Slots shared by every runner of the database behind `engine` (see the module
    docstring); runners of another database never compete for them."""
    if engine.dialect.name == "postgresql":
        return CallSlots(_AdvisoryLocks(engine, size), local_limit=local_limit)
    path = sqlite_path(engine.url)
    if path is None or os.name != "posix":
        return CallSlots(_InProcess(size), local_limit=local_limit)
    path = path.resolve()
    return CallSlots(
        _FileLocks(path.with_name(path.name + "-llm-slots"), size), local_limit=local_limit
    )


class LimitedDrafter:
    """A drafter for batch items: every model call holds one of the shared slots
    (`CallSlots`), and while the model server is away the calls wait for it
    (`service.batches.outage.ModelOutage`) instead of failing their items."""

    def __init__(self, drafter: Drafter, slots: CallSlots, outage: ModelOutage) -> None:
        self.drafter = drafter
        self.slots = slots
        self.outage = outage
        self.kind: DrafterKind = drafter.kind

    def describe(self, inputs: DraftInputs, *, prompt_version: int | None) -> dict[str, Any]:
        return self.drafter.describe(inputs, prompt_version=prompt_version)

    async def compose(
        self,
        inputs: DraftInputs,
        *,
        prompt_version: int | None,
        repair_hints: Sequence[str],
        canary: str,
    ) -> Composition:
        started = time.monotonic()
        # The calls made while the server was away belong to this attempt's record.
        earlier: list[Any] = []
        while True:
            await self.outage.admit()
            try:
                async with self.slots.slot():
                    composition = await self.drafter.compose(
                        inputs,
                        prompt_version=prompt_version,
                        repair_hints=repair_hints,
                        canary=canary,
                    )
            except LLMError as error:
                away = await self.outage.failed(error)
                if away and time.monotonic() - started < self.outage.patience_s:
                    earlier.extend(error.attempts)
                    continue
                error.attempts = (*earlier, *error.attempts)
                raise
            await self.outage.answered()
            if not earlier:
                return composition
            calls = calls_of(earlier)
            return composition.model_copy(
                update={
                    "http_attempts": composition.http_attempts + len(earlier),
                    "calls": [
                        c.model_copy(update={"number": i})
                        for i, c in enumerate([*calls, *composition.calls], 1)
                    ],
                }
            )
