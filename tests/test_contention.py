"""A transaction that lost to others' locks is recognised, and run again (`retry_on_contention`)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import async_sessionmaker

from service.core.db import is_contention, make_engine, retry_on_contention, unit_of_work


def _locked_file(tmp_path: Path) -> Path:
    path = tmp_path / "contended.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
        connection.execute("INSERT INTO counter VALUES (0)")
    return path


def _hold_write_lock(path: Path, taken: threading.Event, release: threading.Event) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")  # the database's write lock, held
    taken.set()
    release.wait(5)
    connection.execute("ROLLBACK")
    connection.close()


async def _bump(path: Path, *, retried: bool) -> tuple[int, int]:
    """(attempts made, counter afterwards) for one write made while another connection holds
    the write lock until the write's first attempt has lost (SQLite's busy timeout here:
    50 ms)."""
    engine = make_engine(f"sqlite+aiosqlite:///{path}", busy_timeout_ms=50)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    attempts = 0

    taken, release = threading.Event(), threading.Event()

    async def bump() -> None:
        nonlocal attempts
        attempts += 1
        if attempts > 1:
            release.set()  # the first attempt lost; the lock goes
        async with unit_of_work(sessions) as session:
            await session.execute(text("UPDATE counter SET n = n + 1"))

    holder = threading.Thread(target=_hold_write_lock, args=(path, taken, release))
    holder.start()
    taken.wait(5)
    try:
        await (retry_on_contention(bump) if retried else bump)()
    finally:
        release.set()
        holder.join()
        async with engine.connect() as connection:
            count = (await connection.execute(text("SELECT n FROM counter"))).scalar_one()
        await engine.dispose()
    return attempts, int(count)


def test_a_write_that_waited_out_the_busy_timeout_is_contention(tmp_path: Path) -> None:
    path = _locked_file(tmp_path)
    with pytest.raises(DBAPIError) as raised:
        asyncio.run(_bump(path, retried=False))
    assert is_contention(raised.value)


def test_a_lost_transaction_runs_again_and_lands_once(tmp_path: Path) -> None:
    attempts, count = asyncio.run(_bump(_locked_file(tmp_path), retried=True))
    assert attempts > 1  # it did lose at first
    assert count == 1  # and landed once, with nothing of the lost attempts left


def test_other_errors_are_not_retried(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{_locked_file(tmp_path)}")
    sessions = async_sessionmaker(engine)
    calls = 0

    async def broken() -> None:
        nonlocal calls
        calls += 1
        async with unit_of_work(sessions) as session:
            await session.execute(text("SELECT * FROM no_such_table"))

    async def run() -> None:
        try:
            await retry_on_contention(broken)()
        finally:
            await engine.dispose()

    with pytest.raises(DBAPIError) as raised:
        asyncio.run(run())
    assert not is_contention(raised.value)
    assert calls == 1


async def _deadlock(url: str) -> BaseException | None:
    """Two transactions taking two rows' locks in opposite orders: PostgreSQL ends one."""
    engine = make_engine(url, pool_size=2)
    async with engine.begin() as connection:
        await connection.execute(text("DROP TABLE IF EXISTS contention_probe"))
        await connection.execute(text("CREATE TABLE contention_probe (id int PRIMARY KEY)"))
        await connection.execute(text("INSERT INTO contention_probe VALUES (1), (2)"))
    both_hold_one = asyncio.Barrier(2)

    async def take(first: int, second: int) -> None:
        async with engine.begin() as connection:
            lock = "SELECT id FROM contention_probe WHERE id = :id FOR UPDATE"
            await connection.execute(text(lock), {"id": first})
            await both_hold_one.wait()
            await connection.execute(text(lock), {"id": second})

    try:
        outcomes = await asyncio.gather(take(1, 2), take(2, 1), return_exceptions=True)
        return next((o for o in outcomes if isinstance(o, BaseException)), None)
    finally:
        async with engine.begin() as connection:
            await connection.execute(text("DROP TABLE contention_probe"))
        await engine.dispose()


def test_a_postgresql_deadlock_is_contention(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: set ASKWELL_TEST_DATABASE_URL")
    lost = asyncio.run(_deadlock(database_url))
    assert lost is not None
    assert is_contention(lost)
