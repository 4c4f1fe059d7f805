"""Database engine, metadata naming convention, column types and the request session."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from functools import partial
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import JSON, DateTime, MetaData, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, SQLModel, create_engine
from starlette.concurrency import run_in_threadpool

T = TypeVar("T")
P = ParamSpec("P")

# Stable constraint names, so that migrations can name what they alter on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata

# JSON documents: JSONB on PostgreSQL (indexable, compact), JSON text elsewhere.
JSONDoc = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _enable_sqlite_pragmas(busy_timeout_ms: int, dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    cursor.close()


def make_engine(
    url: str,
    *,
    pool_size: int = 10,
    busy_timeout_ms: int = 10_000,
    pool_timeout_s: float = 30.0,
) -> Engine:
    """Create the engine for `url`; SQLite gets foreign keys on and a data folder.

    `busy_timeout_ms` is how long a SQLite statement waits for another connection's write
    lock before it fails with "database is locked".
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            from pathlib import Path

            Path(database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(
                url,
                connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
                pool_size=pool_size,
                max_overflow=0,
                pool_timeout=pool_timeout_s,
            )
        else:
            engine = create_engine(
                url, connect_args={"check_same_thread": False}, poolclass=StaticPool
            )
        event.listen(engine, "connect", partial(_enable_sqlite_pragmas, busy_timeout_ms))
        return engine
    return create_engine(
        url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True, pool_recycle=1800
    )


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error, always close."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


class DatabaseSlots:
    """Admission control for database work from async code.

    Sync routes hold their session across several threadpool hops (auth, handler, commit).
    With more requests in flight than pooled connections, threads block waiting for a
    connection while the requests holding connections wait for a thread: a deadlock until
    the pool times out. Taking a slot on the event loop first, with as many slots as the pool
    has connections, makes that impossible. One semaphore per event loop (tests run several).
    """

    def __init__(self, size: int, engine: Engine | None = None) -> None:
        self.size = size
        self._by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]
        self._by_loop = weakref.WeakKeyDictionary()
        self.inline = None if engine is None else inline_engine_for(engine)

    def _semaphore(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        semaphore = self._by_loop.get(loop)
        if semaphore is None:
            semaphore = self._by_loop[loop] = asyncio.Semaphore(self.size)
        return semaphore

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._semaphore():
            yield

    async def run(self, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run blocking database work in the threadpool, holding a slot meanwhile."""
        async with self._semaphore():
            return await run_in_threadpool(function, *args, **kwargs)

    async def run_db(
        self,
        function: Callable[Concatenate[Engine, P], T],
        engine: Engine,
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """`function(engine, ...)`, a short transaction: on a SQLite file first on the event
        loop (see `inline_engine_for`), else (or when SQLite is busy) as `run` does."""
        if self.inline is not None:
            try:
                return function(self.inline, *args, **kwargs)
            except Exception as exc:
                if not sqlite_busy(exc):
                    raise
        return await self.run(function, engine, *args, **kwargs)

    def close(self) -> None:
        if self.inline is not None:
            self.inline.dispose()


# How long a SQLite transaction on the event loop may wait for another connection's write
# lock before it is undone and run in a thread instead (where it may wait its full time).
INLINE_BUSY_TIMEOUT_MS = 10


def inline_engine_for(engine: Engine) -> Engine | None:
    """An engine for short transactions run on the event loop, for a SQLite file.

    On SQLite a transaction of a few statements takes a fraction of a millisecond: handing
    it to a thread costs more than that (the hop, and GIL handovers with many requests in
    flight). Run on the loop, it must never wait there: its busy timeout is
    `INLINE_BUSY_TIMEOUT_MS`, after which it fails with "database is locked", rolls back,
    and the caller runs it in a thread (`sqlite_busy`). Two connections: a transaction may
    read through a second one beside it. None for PostgreSQL (its round trips stay in
    threads) and for an in-memory database (one shared connection).
    """
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return make_engine(
        url.render_as_string(hide_password=False),
        pool_size=2,
        busy_timeout_ms=INLINE_BUSY_TIMEOUT_MS,
        pool_timeout_s=INLINE_BUSY_TIMEOUT_MS / 1000,
    )


def sqlite_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" (or busy), raw or wrapped by SQLAlchemy, or no free
    connection in an inline engine's pool: worth running again in a thread."""
    if isinstance(exc, PoolTimeout):
        return True
    error = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(error, sqlite3.OperationalError):
        return False
    message = str(error).lower()
    return "locked" in message or "busy" in message


def pool_capacity(engine: Engine) -> int:
    """Connections the engine's pool can hand out at once."""
    pool = engine.pool
    size = getattr(pool, "size", lambda: 1)()
    overflow = max(getattr(pool, "_max_overflow", 0), 0)
    return max(1, size + overflow)
