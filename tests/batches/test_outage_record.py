"""The breaker's record of a model-server outage is a notice, never a reason to fail an item.

A soak run on SQLite once failed an item with "database is locked": the breaker opened, its
write to `model_outages` waited out the busy timeout behind the batch's own writes, and the
error went up through the model call into the item."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from service.batches.engine import _outage
from service.batches.models import ModelOutage as OutageRow
from service.core import migrations
from service.core.db import Database, make_engine
from service.llm.errors import LLMConnectionError
from tests.conftest import make_settings


def _migrated(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'outage.db'}"
    migrations.upgrade(url)
    return url


def _hold_write_lock(path: Path, taken: threading.Event, release: threading.Event) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    taken.set()
    release.wait(10)
    connection.execute("ROLLBACK")
    connection.close()


async def _server_goes_away(url: str, *, release_after_s: float | None) -> tuple[bool, int]:
    """(whether the call that saw the outage waits for the server, outage rows written) while
    another connection holds the write lock (busy timeout 50 ms), released after
    `release_after_s`, or only after the breaker has answered."""
    path = Path(url.split("///", 1)[1])
    engine = make_engine(url, busy_timeout_ms=50)
    database = Database(
        engine,
        async_sessionmaker(engine, expire_on_commit=False),
        engine.execution_options(isolation_level="AUTOCOMMIT"),
    )
    breaker = _outage(database, make_settings(url))
    taken, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, taken, release))
    holder.start()
    taken.wait(5)
    try:
        if release_after_s is not None:
            asyncio.get_running_loop().call_later(release_after_s, release.set)
        waits = await breaker.failed(LLMConnectionError("connection refused"))
    finally:
        release.set()
        holder.join()
    try:
        async with database.sessions() as session:
            rows = len((await session.scalars(select(OutageRow))).all())
    finally:
        await engine.dispose()
    return waits, rows


def test_an_outage_written_behind_a_busy_database_is_recorded_once_the_lock_goes(
    tmp_path: Path,
) -> None:
    waits, rows = asyncio.run(_server_goes_away(_migrated(tmp_path), release_after_s=0.08))
    assert waits
    assert rows == 1


def test_an_outage_that_cannot_be_recorded_still_lets_the_item_wait(tmp_path: Path) -> None:
    waits, rows = asyncio.run(_server_goes_away(_migrated(tmp_path), release_after_s=None))
    assert waits  # the item waits for the server; the write's failure is only logged
    assert rows == 0
