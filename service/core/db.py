"""The database: one async engine, one session factory, column types, the units of work.

Every query the service makes goes through here: `create_async_engine` on psycopg
(PostgreSQL) or aiosqlite (SQLite), one `async_sessionmaker`, and sessions that end at a
request's or a job's boundary. The few places where the two backends differ live in this
module and nowhere else: the URL's driver, SQLite's connection pragmas,
`insert_ignoring_conflicts`, and how a lock is held (`lock_row`, `lock_names`).
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import os
import sqlite3
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager, closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import orjson
from sqlalchemy import JSON, DateTime, Insert, MetaData, event, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry, StaticPool
from sqlalchemy.types import TypeDecorator
from sqlalchemy.util import await_only
from sqlmodel import SQLModel
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_random_exponential

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

# A unique or foreign key refused a write.
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (IntegrityError,)


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


# -- engine -----------------------------------------------------------------------------------

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+psycopg"}


def async_url(url: str | URL) -> URL:
    """`url` with the async driver of its backend (`sqlite:///x.db` → aiosqlite, any
    PostgreSQL URL → psycopg's async mode)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in _ASYNC_DRIVERS:
        raise ValueError(f"unsupported database {backend!r}: use SQLite or PostgreSQL")
    return parsed.set(drivername=_ASYNC_DRIVERS[backend])


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str | URL) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL and in-memory databases)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database or "")


def _sqlite_pragmas(busy_timeout_ms: int, dbapi_connection: Any, _record: Any) -> None:
    # SQLite's own lower() folds ASCII only: "Ángel" would not match "ángel" as it does on
    # PostgreSQL. Python's folds every script.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    cursor.close()


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


# JSON columns are read and written with orjson: a draft's gate report and attempts are
# kilobytes, which the standard library takes several times longer to parse and write.
# `hide_parameters`: a statement's values (names, e-mails, message text) never appear in an
# error's text, and so never in a log line.
_ENGINE_OPTIONS: dict[str, Any] = {
    "json_serializer": _json_text,
    "json_deserializer": orjson.loads,
    "hide_parameters": True,
}


def _lower(value: str | None) -> str | None:
    return None if value is None else value.lower()


class FairQueuePool(AsyncAdaptedQueuePool):
    """The async queue pool, with its waiters served first come, first served.

    SQLAlchemy's async pool gives a returned connection to whichever task asks next, and
    a task that has just finished with one asks again at once: a waiter woken too late
    finds the pool empty and waits again. With more concurrent requests than connections
    that made a few requests wait several times the median (in-process, 64 concurrent
    `GET /v1/contacts/{id}` on a pool of 20: p99 550-600 ms for a median of 190-210). Here
    a task first takes a turn on a semaphore with one permit per connection, whose
    waiters are served in order (a newcomer queues behind them); the pool's own queue
    then never makes anyone wait, and the permit is given back with the connection
    (same figures: p99 250-390 ms for a median of 155-175).
    """

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._turns = asyncio.Semaphore(self._pool.maxsize + max(self._max_overflow, 0))

    def _do_get(self) -> ConnectionPoolEntry:
        if self._turns.locked():
            try:
                await_only(asyncio.wait_for(self._turns.acquire(), self._timeout))
            except TimeoutError:
                raise PoolTimeout(
                    f"No database connection was free within {self._timeout:.0f} s "
                    f"(pool of {self.size()})."
                ) from None
        else:
            await_only(self._turns.acquire())
        try:
            return super()._do_get()
        except BaseException:
            self._turns.release()
            raise

    def _do_return_conn(self, record: ConnectionPoolEntry) -> None:
        try:
            super()._do_return_conn(record)
        finally:
            self._turns.release()


def make_engine(
    url: str | URL, *, pool_size: int = 10, busy_timeout_ms: int = 10_000
) -> AsyncEngine:
    """The async engine for `url`. SQLite gets foreign keys, WAL and a data folder.

    `busy_timeout_ms` is how long a SQLite statement waits for another connection's write
    lock before it fails with "database is locked".
    """
    target = async_url(url)
    if target.get_backend_name() == "sqlite":
        path = sqlite_path(target)
        if path is None:
            engine = create_async_engine(target, poolclass=StaticPool, **_ENGINE_OPTIONS)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            engine = create_async_engine(
                target,
                poolclass=FairQueuePool,
                pool_size=pool_size,
                max_overflow=0,
                **_ENGINE_OPTIONS,
            )
        event.listen(engine.sync_engine, "connect", _pragmas(busy_timeout_ms))
        return engine
    # A fixed pool, as on SQLite: `pool_size` connections and no overflow. Overflow
    # connections are closed as soon as they are returned, so under load the pool would
    # open and close connections all the time (about 20 per second measured at 64
    # concurrent requests), and every process could reach twice its share of the
    # server's `max_connections`. A request holds a connection only while it talks to
    # the database; with more requests than connections they wait their turn, which is
    # why the default (`ASKWELL_DATABASE_POOL_SIZE`) is 20, not 10.
    return create_async_engine(
        target,
        poolclass=FairQueuePool,
        pool_size=pool_size,
        max_overflow=0,
        pool_recycle=1800,
        **_ENGINE_OPTIONS,
    )


def _pragmas(busy_timeout_ms: int) -> Any:
    def connect(dbapi_connection: Any, record: Any) -> None:
        _sqlite_pragmas(busy_timeout_ms, dbapi_connection, record)

    return connect


# -- sessions ---------------------------------------------------------------------------------

Sessions = async_sessionmaker[AsyncSession]


@dataclass(frozen=True)
class Database:
    """The process's engine and its session factory.

    `autocommit` is the same engine (and pool) with each statement its own transaction,
    for work that only reads: it saves the round trips of BEGIN and COMMIT.
    """

    engine: AsyncEngine
    sessions: Sessions
    autocommit: AsyncEngine

    @classmethod
    def connect(cls, url: str | URL, *, pool_size: int = 10) -> Database:
        engine = make_engine(url, pool_size=pool_size)
        return cls(
            engine,
            async_sessionmaker(engine, expire_on_commit=False),
            engine.execution_options(isolation_level="AUTOCOMMIT"),
        )

    @property
    def sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    async def answers(self) -> bool:
        """The database takes a query."""
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return True

    async def dispose(self) -> None:
        await self.engine.dispose()


@asynccontextmanager
async def unit_of_work(sessions: Sessions) -> AsyncIterator[AsyncSession]:
    """One transaction: committed on success, rolled back on any error, always closed.

    For work outside a request (batch items, the CLI); a request uses its own session
    (`service.core.deps.SessionDep`).
    """
    async with sessions() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        await session.commit()


# PostgreSQL's errors for a transaction that lost to another's locks: serialization
# failure, deadlock, a lock not available.
_CONTENTION_SQLSTATES = frozenset({"40001", "40P01", "55P03"})


def is_contention(error: BaseException) -> bool:
    """Whether `error` ended a transaction only because others held the locks it needed
    (SQLite's busy timeout passed, a PostgreSQL deadlock or serialization failure): the
    transaction was rolled back whole, and running it again may well succeed."""
    if not isinstance(error, DBAPIError) or error.connection_invalidated:
        return False
    if getattr(error.orig, "sqlstate", None) in _CONTENTION_SQLSTATES:
        return True
    text = str(error.orig)
    return "database is locked" in text or "database table is locked" in text


_P = ParamSpec("_P")
_T = TypeVar("_T")


def retry_on_contention(
    work: Callable[_P, Awaitable[_T]],
) -> Callable[_P, Awaitable[_T]]:
    """Run `work` (a whole transaction, such as one `unit_of_work`) again when it lost to
    contention, up to five times with jittered, growing pauses; any other error, or the
    fifth loss, is raised. Under heavy load on SQLite a write can wait out the busy timeout
    behind many others: one batch item in a thousand then failed for it, though nothing
    was wrong with the item."""

    @functools.wraps(work)
    async def again(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        retrying = AsyncRetrying(
            retry=retry_if_exception(is_contention),
            stop=stop_after_attempt(5),
            wait=wait_random_exponential(multiplier=0.1, max=2.0),
            reraise=True,
        )
        return await retrying(work, *args, **kwargs)

    return again


# -- the statements the backends spell differently ---------------------------------------------


def _insert(session: AsyncSession, table: Any) -> Any:
    """The session's backend's `INSERT` for `table`, the one with `ON CONFLICT` clauses."""
    name = session.get_bind().dialect.name
    return (postgresql.insert if name == "postgresql" else sqlite.insert)(table)


def insert_ignoring_conflicts(
    session: AsyncSession, table: Any, *, index_elements: list[str]
) -> Insert:
    """`INSERT .. ON CONFLICT (index_elements) DO NOTHING` for `table` on the session's
    backend."""
    statement: Insert = _insert(session, table).on_conflict_do_nothing(
        index_elements=index_elements
    )
    return statement


def upsert(
    session: AsyncSession,
    table: Any,
    values: dict[str, Any],
    *,
    index_elements: list[str],
    update_columns: Sequence[str],
) -> Insert:
    """`INSERT .. ON CONFLICT (index_elements) DO UPDATE` for one row of `table` on the
    session's backend: a row already there takes the new `update_columns`."""
    statement = _insert(session, table).values(values)
    upserted: Insert = statement.on_conflict_do_update(
        index_elements=index_elements,
        set_={column: statement.excluded[column] for column in update_columns},
    )
    return upserted


async def lock_row(session: AsyncSession, table: Any, row_id: uuid.UUID) -> None:
    """Hold `table`'s row `row_id` until the transaction ends: what the transaction counts
    after this (a quota, a daily cap) includes every concurrent writer's work, in any number
    of processes, and no other writer can add to it until this one commits.

    PostgreSQL: `FOR NO KEY UPDATE` (rows that reference this one take KEY SHARE locks, which
    it must not wait for). SQLite has no row locks and begins a transaction at its first
    write: writing the row (to itself) takes the database's write lock now, waiting up to
    the busy timeout, so the reads that follow see the latest committed state.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            select(table.c.id).where(table.c.id == row_id).with_for_update(key_share=True)
        )
    else:
        await session.execute(update(table).where(table.c.id == row_id).values(id=table.c.id))


def _lock_number(name: str) -> int:
    """A name as a PostgreSQL advisory lock key (a signed 64-bit number)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), signed=True)


# Shared locks first, then the exclusive ones in ascending order: every transaction asks in
# the same order, so none waits for another in a cycle. (Append runs its branches in order,
# and the sort comes before the locking function in the outer query.)
_ADVISORY_LOCKS = text(
    "SELECT count(*) FROM ("
    " SELECT pg_advisory_xact_lock_shared(k) FROM unnest(CAST(:shared AS bigint[])) AS s(k)"
    " UNION ALL"
    " SELECT pg_advisory_xact_lock(k) FROM"
    " (SELECT DISTINCT unnest(CAST(:exclusive AS bigint[])) AS k ORDER BY 1) AS e"
    ") AS held"
)


async def lock_names(
    session: AsyncSession,
    *,
    exclusive: Sequence[str] = (),
    shared: Sequence[str] = (),
    table: Any,
    row_id: uuid.UUID,
) -> None:
    """Hold named locks until the transaction ends: `exclusive` names one transaction at a
    time, `shared` names any number at once but never beside an exclusive holder of the same
    name. Two writers of one thing (one person's e-mail) then take turns, while writers of
    different things do not wait for each other.

    PostgreSQL: transaction-scoped advisory locks, in one round trip. SQLite lets one writer
    in at a time anyway: it takes the database's write lock now (`lock_row` on `table`'s row
    `row_id`), as every other lock of the service does there.
    """
    if session.get_bind().dialect.name != "postgresql":
        await lock_row(session, table, row_id)
        return
    await session.execute(
        _ADVISORY_LOCKS,
        {
            "shared": sorted({_lock_number(name) for name in shared}),
            "exclusive": sorted({_lock_number(name) for name in exclusive}),
        },
    )


# -- the batch engine's own SQLite file -------------------------------------------------------

_PREPARED_SQLITE_FILES: set[str] = set()


def engine_state_url(url: str | URL) -> str:
    """Where a library that keeps its own tables (the batch engine) keeps them, as a plain
    URL: a file beside a SQLite database, or the same PostgreSQL database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return parsed.render_as_string(hide_password=False)
    database = parsed.database or ""
    if database in ("", ":memory:"):
        # A private in-memory database: what is kept beside it cannot outlive it either, so
        # it may live in a private file of the same short life.
        database = str(Path(tempfile.gettempdir()) / f"askwell-memory-{os.getpid()}.db")
    path = Path(database)
    return f"sqlite:///{path.with_name(path.stem + '-engine' + path.suffix)}"


def prepare_sqlite_file(url: str | URL) -> None:
    """Put a SQLite file another library opens (the batch engine's own database) in WAL
    mode, its connections at `synchronous=NORMAL`.

    DBOS leaves SQLite in its default rollback-journal mode at `synchronous=FULL`: several
    fsyncs per commit, every reader blocked by every writer, and a batch item commits there
    three or four times. WAL at NORMAL survives a killed process (what crash recovery is
    about) and loses at most the last commits on a power cut, after which an item's
    workflow runs again and its conditional store keeps it to one draft. No-op for
    anything but a SQLite file.
    """
    path = sqlite_path(url)
    if path is None:
        return
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=30)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")  # persistent: stored in the file
    _PREPARED_SQLITE_FILES.add(str(path))


@event.listens_for(Engine, "connect")
def _prepared_file_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if not _PREPARED_SQLITE_FILES or not isinstance(dbapi_connection, sqlite3.Connection):
        return
    files = {row[2] for row in dbapi_connection.execute("PRAGMA database_list")}
    if files & _PREPARED_SQLITE_FILES:
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
