"""Reads for the hottest paths without a threadpool hop: API-key lookups and list pages.

A sync route costs a hop to a worker thread for its dependencies, one for the handler and
one for the commit; under load those hops, not the database, are most of a short read's
cost. The reads here run on the event loop instead:

- **PostgreSQL**: an async psycopg pool (autocommit: each read is its own snapshot), one
  pool per event loop, prepared statements after a few uses.
- **SQLite**: one connection per event loop, read on the loop itself. In WAL mode a reader
  never waits for a writer, so a read is a few tens of microseconds of CPU, less than the
  hop it saves. A read that still finds the database busy (a checkpoint, a recovery) waits
  at most `_SQLITE_INLINE_BUSY_MS` before it is retried on a worker thread, where it may
  wait as long as any other statement. An in-memory database always goes to a thread.

Only reads come here: writes keep their transactions on the engine.
"""

from __future__ import annotations

import asyncio
import sqlite3
import weakref
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from service.rawdb import Dialect, run_raw

Rows = list[tuple[Any, ...]]
_SQLITE_INLINE_BUSY_MS = 20


class HotConnection(Dialect):
    """Where one request's hot reads run."""

    __slots__ = ()

    async def all(self, statement: str, params: Sequence[Any] = ()) -> Rows:
        raise NotImplementedError

    async def one_or_none(
        self, statement: str, params: Sequence[Any] = ()
    ) -> tuple[Any, ...] | None:
        rows = await self.all(statement, params)
        return rows[0] if rows else None


class _Threaded(HotConnection):
    """Each read on a worker thread, through the engine's pool."""

    __slots__ = ("engine",)

    def __init__(self, engine: Engine) -> None:
        super().__init__(sqlite=engine.dialect.name == "sqlite")
        self.engine = engine

    async def all(self, statement: str, params: Sequence[Any] = ()) -> Rows:
        return await run_in_threadpool(run_raw, self.engine, lambda raw: raw.all(statement, params))


class _SQLiteInline(_Threaded):
    __slots__ = ("connection",)

    def __init__(self, engine: Engine, connection: sqlite3.Connection) -> None:
        super().__init__(engine)
        self.connection = connection

    async def all(self, statement: str, params: Sequence[Any] = ()) -> Rows:
        try:
            cursor = self.connection.execute(statement, params)
            try:
                return cursor.fetchall()
            finally:
                cursor.close()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
        return await super().all(statement, params)


class _Postgres(HotConnection):
    __slots__ = ("connection",)

    def __init__(self, connection: AsyncConnection[Any]) -> None:
        super().__init__(sqlite=False)
        self.connection = connection

    async def all(self, statement: str, params: Sequence[Any] = ()) -> Rows:
        cursor = await self.connection.execute(self.sql(statement), params)
        rows: Rows = await cursor.fetchall()
        return rows


class HotDatabase:
    """Hands out a `HotConnection` on the running event loop."""

    def __init__(self, engine: Engine, *, pool_size: int) -> None:
        self.engine = engine
        self.pool_size = pool_size
        url = engine.url
        self.sqlite = url.get_backend_name() == "sqlite"
        self._sqlite_path = (
            url.database if self.sqlite and url.database not in (None, "", ":memory:") else None
        )
        self._conninfo = (
            None
            if self.sqlite
            else url.set(drivername="postgresql").render_as_string(hide_password=False)
        )
        self._sqlite: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, sqlite3.Connection]
        self._sqlite = weakref.WeakKeyDictionary()
        self._pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, AsyncConnectionPool[Any]]
        self._pools = weakref.WeakKeyDictionary()
        self._opening: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]
        self._opening = weakref.WeakKeyDictionary()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[HotConnection]:
        if not self.sqlite:
            pool = await self._pool()
            async with pool.connection() as connection:
                yield _Postgres(connection)
        elif self._sqlite_path is None:
            yield _Threaded(self.engine)
        else:
            yield _SQLiteInline(self.engine, self._sqlite_connection())

    def _sqlite_connection(self) -> sqlite3.Connection:
        loop = asyncio.get_running_loop()
        connection = self._sqlite.get(loop)
        if connection is None:
            assert self._sqlite_path is not None
            # Only this loop's thread uses it; the flag lets it be closed from another.
            connection = sqlite3.connect(self._sqlite_path, check_same_thread=False)
            connection.execute(f"PRAGMA busy_timeout={_SQLITE_INLINE_BUSY_MS}")
            self._sqlite[loop] = connection
        return connection

    async def _pool(self) -> AsyncConnectionPool[Any]:
        loop = asyncio.get_running_loop()
        pool = self._pools.get(loop)
        if pool is not None:
            return pool
        lock = self._opening.setdefault(loop, asyncio.Lock())
        async with lock:
            pool = self._pools.get(loop)
            if pool is None:
                assert self._conninfo is not None
                pool = AsyncConnectionPool(
                    self._conninfo,
                    min_size=1,
                    max_size=self.pool_size,
                    kwargs={"autocommit": True},
                    open=False,
                    name="askwell-hot-reads",
                )
                await pool.open()
                self._pools[loop] = pool
        return pool

    async def close(self) -> None:
        """Close what belongs to the running loop (the app's, at shutdown)."""
        loop = asyncio.get_running_loop()
        pool = self._pools.pop(loop, None)
        if pool is not None:
            await pool.close()
        connection = self._sqlite.pop(loop, None)
        if connection is not None:
            connection.close()
