"""Hot reads on the event loop (service.hotdb): a busy SQLite database must not stall it."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import psycopg
import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from service import hotdb
from service.hotdb import HotDatabase

T = TypeVar("T")


def test_a_busy_sqlite_read_waits_on_a_thread_not_on_the_event_loop(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    setup = sqlite3.connect(path)
    setup.execute("CREATE TABLE t (x INTEGER)")
    setup.execute("INSERT INTO t VALUES (1)")
    setup.commit()
    setup.close()
    # A rollback-journal database, where a writer's lock keeps readers out: what a WAL
    # reader meets only rarely (recovery, an exclusive-mode connection) but must survive.
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 10})
    hot = HotDatabase(engine, pool_size=2)
    locker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    locker.execute("BEGIN EXCLUSIVE")
    locker.execute("INSERT INTO t VALUES (2)")

    async def scenario() -> tuple[list[tuple[int, ...]], float, float]:
        loop = asyncio.get_running_loop()
        loop.call_later(0.5, locker.execute, "COMMIT")
        stop = asyncio.Event()
        longest_stall = 0.0

        async def ticker() -> None:
            nonlocal longest_stall
            last = loop.time()
            while not stop.is_set():
                await asyncio.sleep(0.005)
                now = loop.time()
                longest_stall = max(longest_stall, now - last)
                last = now

        ticking = asyncio.create_task(ticker())
        await asyncio.sleep(0.02)
        started = loop.time()
        async with hot.connection() as db:
            rows = await db.all("SELECT count(*) FROM t")
        waited = loop.time() - started
        stop.set()
        await ticking
        await hot.close()
        return rows, waited, longest_stall

    try:
        rows, waited, longest_stall = asyncio.run(scenario())
    finally:
        locker.close()
        engine.dispose()
    assert rows == [(2,)]  # it read after the writer committed...
    assert waited >= 0.4  # ...having waited for the lock...
    # ...while the loop went on serving: blocked on the lock it would stall ~0.5 s; the bound
    # leaves room for a busy CI machine's scheduling, not for the lock.
    assert longest_stall < 0.3, longest_stall


# PostgreSQL: reads driven through libpq on a few lanes (service.hotdb._Lane) ----------


def _postgres_hot(database_url: str, pool_size: int = 2) -> tuple[Engine, HotDatabase]:
    engine = create_engine(database_url)
    return engine, HotDatabase(engine, pool_size=pool_size)


def _run(engine: Engine, hot: HotDatabase, scenario: Callable[[], Awaitable[T]]) -> T:
    async def closing() -> T:
        try:
            return await scenario()
        finally:
            await hot.close()

    try:
        return asyncio.run(closing())
    finally:
        engine.dispose()


TYPED = (
    "SELECT CAST(? AS uuid), CAST(? AS timestamptz), ? + 1, CAST(? AS text), "
    "CAST(NULL AS text), true, CAST('{\"a\": [1]}' AS jsonb), CAST(? AS bigint)"
)


@pytest.mark.postgres
def test_postgres_hot_reads_return_what_a_psycopg_cursor_returns(database_url: str) -> None:
    engine, hot = _postgres_hot(database_url)
    params = [uuid.uuid4(), datetime(2030, 1, 2, 3, 4, 5, 6, tzinfo=UTC), 41, "Zoë ' ? %s", None]

    async def scenario() -> list[tuple[Any, ...]]:
        async with hot.connection() as db:
            return await db.all(TYPED, params)

    rows = _run(engine, hot, scenario)
    with psycopg.connect(database_url.replace("+psycopg", "")) as connection:
        expected = connection.execute(TYPED.replace("?", "%s"), params).fetchall()
    assert rows == expected
    assert rows[0][2] == 42


@pytest.mark.postgres
def test_postgres_hot_reads_share_few_connections_and_keep_their_answers(
    database_url: str,
) -> None:
    engine, hot = _postgres_hot(database_url, pool_size=2)

    async def read(n: int) -> Any:
        async with hot.connection() as db:
            rows = await db.all("SELECT CAST(? AS int) * 2, pg_backend_pid()", [n])
            return rows[0]

    async def scenario() -> list[Any]:
        return await asyncio.gather(*(read(n) for n in range(200)))

    answers = _run(engine, hot, scenario)
    assert [doubled for doubled, _ in answers] == [2 * n for n in range(200)]
    assert len({backend for _, backend in answers}) <= 2


@pytest.mark.postgres
def test_a_failed_statement_fails_only_its_own_read(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hotdb, "_MAX_PREPARED", 2)  # and later statements go unprepared
    engine, hot = _postgres_hot(database_url, pool_size=1)

    async def read(statement: str, params: list[Any]) -> Any:
        async with hot.connection() as db:
            return await db.all(statement, params)

    async def scenario() -> list[Any]:
        return await asyncio.gather(
            read("SELECT CAST(? AS int)", [1]),
            read("SELECT 1 / CAST(? AS int)", [0]),
            read("SELECT CAST(? AS text)", ["a\x00b"]),
            read("SELECT no_such_column", []),
            read("SELECT CAST(? AS int) + 2", [1]),
            read("SELECT CAST(? AS int) + 3", [1]),
            return_exceptions=True,
        )

    one, zero, nul, missing, three, four = _run(engine, hot, scenario)
    assert one == [(1,)]
    assert isinstance(zero, psycopg.errors.DivisionByZero)
    assert isinstance(nul, psycopg.DataError)
    assert isinstance(missing, psycopg.errors.UndefinedColumn)
    assert (three, four) == ([(3,)], [(4,)])


@pytest.mark.postgres
def test_a_lost_connection_fails_its_reads_and_the_next_read_opens_another(
    database_url: str,
) -> None:
    engine, hot = _postgres_hot(database_url, pool_size=1)
    admin = psycopg.connect(database_url.replace("+psycopg", ""), autocommit=True)

    async def backend() -> int:
        async with hot.connection() as db:
            rows = await db.all("SELECT pg_backend_pid()")
            return int(rows[0][0])

    async def scenario() -> tuple[int, int, int]:
        first = await backend()
        admin.execute("SELECT pg_terminate_backend(%s)", [first])
        failures = 0
        for _ in range(50):  # the loss shows on the next read, or before it
            try:
                second = await backend()
            except psycopg.OperationalError:
                failures += 1
                continue
            return first, second, failures
        raise AssertionError("no read succeeded after the connection was lost")

    try:
        first, second, failures = _run(engine, hot, scenario)
    finally:
        admin.close()
    assert second != first
    assert failures <= 1
