"""Short transactions from async code (batch runner, API): inline on SQLite, handed to a
thread when SQLite is busy."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from service.batches.engine import Runtime
from service.batches.runcache import RunCache
from service.db import DatabaseSlots, inline_engine_for, make_engine, sqlite_busy


def runtime_for(engine: Engine) -> Runtime:
    return Runtime(
        engine=engine,
        drafter=None,  # type: ignore[arg-type]  (not used by run_db)
        registry=None,  # type: ignore[arg-type]
        repair_attempts=0,
        executor=ThreadPoolExecutor(max_workers=2),
        cache=RunCache(None),  # type: ignore[arg-type]
        inline_engine=inline_engine_for(engine),
    )


class SlotsRunner:
    """The API's path (`DatabaseSlots.run_db`) behind the runner's interface."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.slots = DatabaseSlots(2, engine)

    async def run_db(self, function: Any, *args: Any) -> Any:
        return await self.slots.run_db(function, self.engine, *args)

    def close(self) -> None:
        self.slots.close()


def write(engine: Engine, value: str) -> tuple[str, str]:
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO notes (value) VALUES (:v)"), {"v": value})
    return value, threading.current_thread().name


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'runner.db'}", pool_size=2)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (value TEXT NOT NULL)"))
    return engine


def test_busy_is_told_from_other_errors() -> None:
    locked = sqlite3.OperationalError("database is locked")
    assert sqlite_busy(locked)
    assert sqlite_busy(OperationalError("INSERT", {}, locked))
    assert not sqlite_busy(sqlite3.OperationalError("no such table: notes"))
    assert not sqlite_busy(sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert not sqlite_busy(ValueError("database is locked"))


def test_postgresql_and_memory_databases_get_noinline_engine_for() -> None:
    memory = make_engine("sqlite://")
    assert inline_engine_for(memory) is None
    postgres = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert inline_engine_for(postgres) is None


@pytest.mark.parametrize("make_runner", [runtime_for, SlotsRunner], ids=["batch", "api"])
def test_an_uncontended_transaction_runs_on_the_event_loop(
    sqlite_file: Engine, make_runner: Any
) -> None:
    runtime = make_runner(sqlite_file)

    async def main() -> tuple[str, str]:
        return await runtime.run_db(write, "inline")

    try:
        value, thread = asyncio.run(main())
    finally:
        runtime.close()
    assert value == "inline"
    assert thread == threading.main_thread().name


@pytest.mark.parametrize("make_runner", [runtime_for, SlotsRunner], ids=["batch", "api"])
def test_a_busy_database_moves_the_transaction_to_a_thread_without_stalling_the_loop(
    sqlite_file: Engine, make_runner: Any
) -> None:
    runtime = make_runner(sqlite_file)
    path = sqlite_file.url.database
    assert path is not None
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    released = threading.Timer(0.5, lambda: holder.execute("COMMIT"))

    async def main() -> tuple[tuple[str, str], float]:
        stalls: list[float] = []

        async def ticker() -> None:
            while True:
                started = time.perf_counter()
                await asyncio.sleep(0.005)
                stalls.append(time.perf_counter() - started)

        ticking = asyncio.create_task(ticker())
        await asyncio.sleep(0.02)
        released.start()
        result = await runtime.run_db(write, "after the lock")
        ticking.cancel()
        return result, max(stalls)

    try:
        (value, thread), worst = asyncio.run(main())
    finally:
        released.cancel()
        runtime.close()
        holder.close()
    assert value == "after the lock"
    assert thread != threading.main_thread().name  # it waited in a worker thread
    # The loop paused only for the inline attempt's short busy wait, not for the 0.5 s lock.
    assert worst < 0.25, worst
    with sqlite_file.connect() as connection:
        rows = connection.execute(text("SELECT value FROM notes")).scalars().all()
    assert rows == ["after the lock"]  # written once: the inline attempt left nothing


def test_other_errors_are_not_retried(sqlite_file: Engine) -> None:
    runtime = runtime_for(sqlite_file)
    calls: list[Any] = []

    def broken(engine: Engine) -> None:
        calls.append(engine)
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO missing_table VALUES (1)"))

    try:
        with pytest.raises(OperationalError):
            asyncio.run(runtime.run_db(broken))
    finally:
        runtime.close()
    assert len(calls) == 1
