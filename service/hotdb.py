"""Statements for the hottest paths without a threadpool hop: API-key lookups, list pages,
and on PostgreSQL a draft's inputs and its store.

A sync route costs a hop to a worker thread for its dependencies, one for the handler and
one for the commit; under load those hops, not the database, are most of a short read's
cost. The reads here run on the event loop instead:

- **PostgreSQL**: a few connections per event loop (autocommit: each read is its own
  snapshot), driven through libpq directly (`_Lane`): a read queues on the least busy
  one, and every statement is prepared on first use.
- **SQLite**: one connection per event loop, read on the loop itself. In WAL mode a reader
  never waits for a writer, so a read is a few tens of microseconds of CPU, less than the
  hop it saves. A read that still finds the database busy (a checkpoint, a recovery) waits
  at most `_SQLITE_INLINE_BUSY_MS` before it is retried on a worker thread, where it may
  wait as long as any other statement. An in-memory database always goes to a thread.

Reads come here, and on PostgreSQL writes that are one statement each (a statement is
atomic in autocommit; several rows at once are data-modifying CTEs). A write of several
statements keeps its transaction on the engine: lanes are shared by every task on the loop.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import uuid
import weakref
from collections import deque
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from functools import lru_cache
from typing import Any

from psycopg import AsyncConnection, DataError, OperationalError
from psycopg.adapt import Transformer
from psycopg.errors import error_from_result
from psycopg.pq import ExecStatus
from psycopg.pq.abc import PGresult
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from service.rawdb import Dialect, json_text, run_raw

log = logging.getLogger("askwell")

Rows = list[tuple[Any, ...]]
_SQLITE_INLINE_BUSY_MS = 20


class HotConnection(Dialect):
    """Where one request's hot reads run."""

    __slots__ = ()

    def json_param(self, value: Any) -> Any:
        # As text on both backends: a lane sends text, and the statement's column types it.
        return json_text(value)

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


def _text_param(value: Any) -> bytes | None:
    """A parameter in PostgreSQL's text format; its type is the one its place implies."""
    if value is None:
        return None
    if isinstance(value, str):
        if "\x00" in value:  # libpq would cut the text short at the NUL
            raise DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
        return value.encode()
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int | uuid.UUID):
        return str(value).encode()
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a hot read")
        return value.isoformat().encode()
    raise TypeError(f"no text form for a {type(value).__name__} parameter")


@lru_cache(maxsize=256)
def _numbered(statement: str) -> bytes:
    """`?` placeholders as libpq's `$1, $2, ...` (see `service.rawdb`: no literal `?`)."""
    parts = statement.split("?")
    return "".join(part if i == 0 else f"${i}{part}" for i, part in enumerate(parts)).encode()


class _Query:
    __slots__ = ("future", "params", "preparing", "statement")

    def __init__(
        self, statement: str, params: list[bytes | None], future: asyncio.Future[Rows]
    ) -> None:
        self.statement = statement
        self.params = params
        self.future = future
        self.preparing: bytes | None = None


class _Lane:
    """One PostgreSQL connection of the hot reads, driven through libpq itself.

    Reads queue on a lane, and the next one is sent from the socket's reader callback the
    moment the one before it is answered: the connection does not wait for the event
    loop to come round to the task that asked, and a read costs a few calls into libpq
    instead of psycopg's cursor machinery (several times as much CPU as the read itself,
    on the hottest path). Rows are loaded by psycopg's own `Transformer`, so they are the
    values a psycopg cursor returns. Each statement is prepared on first use.
    """

    def __init__(self, connection: AsyncConnection[Any]) -> None:
        self.connection = connection
        self.pg = connection.pgconn
        self.pg.nonblocking = 1
        self.socket = self.pg.socket
        self.loop = asyncio.get_running_loop()
        self.queue: deque[_Query] = deque()  # the head is the one sent
        self.prepared: dict[str, bytes] = {}
        self.transformer = Transformer(connection)
        self.encoding = connection.info.encoding
        self.broken = False
        self._result: PGresult | None = None
        self._closing: asyncio.Task[None] | None = None
        self.loop.add_reader(self.socket, self._readable)

    @classmethod
    async def open(cls, conninfo: str) -> _Lane:
        return cls(await AsyncConnection.connect(conninfo, autocommit=True))

    def run(self, statement: str, params: Sequence[Any]) -> asyncio.Future[Rows]:
        future: asyncio.Future[Rows] = self.loop.create_future()
        if self.broken:
            future.set_exception(OperationalError("the connection was lost"))
            return future
        query = _Query(statement, [_text_param(value) for value in params], future)
        self.queue.append(query)
        if len(self.queue) == 1:
            self._send(query)
        return future

    def _send(self, query: _Query) -> None:
        pg = self.pg
        try:
            name = self.prepared.get(query.statement)
            if name is not None:
                pg.send_query_prepared(name, query.params)
            elif len(self.prepared) < _MAX_PREPARED:
                query.preparing = f"askwell_hot_{len(self.prepared)}".encode()
                pg.send_prepare(query.preparing, _numbered(query.statement))
            else:
                pg.send_query_params(_numbered(query.statement), query.params)
            if pg.flush():
                self.loop.add_writer(self.socket, self._writable)
        except OperationalError as error:
            self._break(error)

    def _writable(self) -> None:
        try:
            if not self.pg.flush():
                self.loop.remove_writer(self.socket)
        except OperationalError as error:
            self._break(error)

    def _readable(self) -> None:
        pg = self.pg
        try:
            pg.consume_input()
            while self.queue and not pg.is_busy():
                result = pg.get_result()
                if result is None:  # the head's command is complete
                    done, self._result = self._result, None
                    self._complete(self.queue[0], done)
                elif self._result is None or self._result.status != ExecStatus.FATAL_ERROR:
                    self._result = result
        except OperationalError as error:
            self._break(error)

    def _complete(self, query: _Query, result: PGresult | None) -> None:
        prepared = result is not None and result.status == ExecStatus.COMMAND_OK
        if query.preparing is not None and prepared:
            self.prepared[query.statement] = query.preparing
            query.preparing = None
            self._send(query)  # the query itself, still at the head
            return
        self.queue.popleft()
        future = query.future
        if not future.done():
            if result is not None and result.status == ExecStatus.TUPLES_OK:
                try:
                    self.transformer.set_pgresult(result)
                    future.set_result(self.transformer.load_rows(0, result.ntuples, tuple))
                except Exception as error:
                    future.set_exception(error)
            elif result is not None and result.status == ExecStatus.COMMAND_OK:
                future.set_result([])  # a write without RETURNING
            elif result is None:
                future.set_exception(OperationalError("no result from the database"))
            else:
                future.set_exception(error_from_result(result, encoding=self.encoding))
        if self.queue:
            self._send(self.queue[0])

    def _break(self, error: Exception) -> None:
        """The connection is unusable: fail what waits on it and let it go."""
        if not self.broken:
            self._fail(error)
            self._closing = self.loop.create_task(self.connection.close())

    def _fail(self, error: Exception) -> None:
        self.broken = True
        self.loop.remove_reader(self.socket)
        self.loop.remove_writer(self.socket)
        while self.queue:
            future = self.queue.popleft().future
            if not future.done():
                future.set_exception(OperationalError(str(error)))

    async def close(self) -> None:
        if not self.broken:
            self._fail(OperationalError("the hot reads are closed"))
        await self.connection.close()


_MAX_PREPARED = 200


class _Postgres(HotConnection):
    __slots__ = ("hot",)

    def __init__(self, hot: HotDatabase) -> None:
        super().__init__(sqlite=False)
        self.hot = hot

    async def all(self, statement: str, params: Sequence[Any] = ()) -> Rows:
        lane = await self.hot._lane()
        return await lane.run(statement, params)


class _Lanes:
    """One event loop's lanes: up to `size`, opened as the load asks for them."""

    def __init__(self, conninfo: str, size: int) -> None:
        self.conninfo = conninfo
        self.size = size
        self.lanes: list[_Lane] = []
        self.opening = 0
        self._first = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()

    async def pick(self) -> _Lane:
        """The lane with the shortest queue; another is opened meanwhile when all wait."""
        best = None
        for lane in self.lanes:
            if lane.broken:
                self.lanes = [lane for lane in self.lanes if not lane.broken]
                return await self.pick()
            if best is None or len(lane.queue) < len(best.queue):
                best = lane
        if best is None:
            return await self._open_first()
        if best.queue and len(self.lanes) + self.opening < self.size:
            self.opening += 1
            task = asyncio.get_running_loop().create_task(self._grow())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return best

    async def _open_first(self) -> _Lane:
        async with self._first:
            for lane in self.lanes:
                if not lane.broken:
                    return lane
            lane = await _Lane.open(self.conninfo)
            self.lanes.append(lane)
            return lane

    async def _grow(self) -> None:
        try:
            self.lanes.append(await _Lane.open(self.conninfo))
        except Exception:  # the next read tries again, or fails on the lanes it has
            log.warning("hot reads: could not open another connection", exc_info=True)
        finally:
            self.opening -= 1

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        lanes, self.lanes = self.lanes, []
        for lane in lanes:
            await lane.close()


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
        self._lanes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Lanes]
        self._lanes = weakref.WeakKeyDictionary()
        self._postgres = _Postgres(self)

    @property
    def postgres(self) -> HotConnection | None:
        """The event loop's PostgreSQL connections (each statement picks one), or None on
        SQLite."""
        return None if self.sqlite else self._postgres

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[HotConnection]:
        yield self.reader()

    def reader(self) -> HotConnection:
        """Where reads run on the running event loop (see the module docstring)."""
        if not self.sqlite:
            return self._postgres  # each read picks its own lane
        if self._sqlite_path is None:
            return _Threaded(self.engine)
        return _SQLiteInline(self.engine, self._sqlite_connection())

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

    async def _lane(self) -> _Lane:
        loop = asyncio.get_running_loop()
        lanes = self._lanes.get(loop)
        if lanes is None:
            assert self._conninfo is not None
            lanes = self._lanes[loop] = _Lanes(self._conninfo, self.pool_size)
        return await lanes.pick()

    async def close(self) -> None:
        """Close what belongs to the running loop (the app's, at shutdown)."""
        loop = asyncio.get_running_loop()
        lanes = self._lanes.pop(loop, None)
        if lanes is not None:
            await lanes.close()
        connection = self._sqlite.pop(loop, None)
        if connection is not None:
            connection.close()
