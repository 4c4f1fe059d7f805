"""Model-call slots shared by batch runners (service.batches.limiter): never more than N at
once, across processes, and a dead holder's slots come back."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from service.batches import limiter
from service.batches.limiter import CallSlots
from service.core.db import make_engine
from tests.support.databases import configured_url, create_database, drop_database, is_postgres

pytestmark = pytest.mark.fleet  # runs apart from the other fleets (tests/conftest.py)


@contextlib.asynccontextmanager
async def shared_slots(url: str, *, size: int, local_limit: int) -> AsyncIterator[CallSlots]:
    """The slots of the database at `url`, closed (and its engine disposed) afterwards."""
    engine: AsyncEngine = make_engine(url, pool_size=2)
    calls = limiter.shared_slots(engine, size=size, local_limit=local_limit)
    try:
        yield calls
    finally:
        await calls.close()
        await engine.dispose()


def hold_many(calls: CallSlots, count: int, seconds: float) -> asyncio.Future[list[int]]:
    """Start `count` holders of a slot for `seconds` each; the future gives, per holder,
    how many holders were inside at once when it entered."""
    inside = 0

    async def holder() -> int:
        nonlocal inside
        async with calls.slot():
            inside += 1
            seen = inside
            await asyncio.sleep(seconds)
            inside -= 1
        return seen

    return asyncio.gather(*(holder() for _ in range(count)))


def test_a_process_never_holds_more_than_its_slots_and_every_holder_gets_one(
    tmp_path: Path,
) -> None:
    async def scenario() -> list[int]:
        async with shared_slots(
            f"sqlite:///{tmp_path / 'engine.db'}", size=3, local_limit=3
        ) as calls:
            return await hold_many(calls, 10, 0.02)

    seen = asyncio.run(scenario())
    assert len(seen) == 10
    assert max(seen) == 3


def test_the_local_limit_is_kept_below_the_shared_one() -> None:
    async def scenario() -> list[int]:
        async with shared_slots("sqlite://", size=5, local_limit=2) as calls:
            return await hold_many(calls, 6, 0.02)

    assert max(asyncio.run(scenario())) == 2


def test_a_cancelled_waiter_takes_no_slot_with_it(tmp_path: Path) -> None:
    async def scenario() -> int:
        async with shared_slots(
            f"sqlite:///{tmp_path / 'engine.db'}", size=1, local_limit=1
        ) as calls:
            first = asyncio.ensure_future(hold_many(calls, 1, 0.1))
            await asyncio.sleep(0.01)
            waiting = asyncio.ensure_future(hold_many(calls, 1, 0.01))
            await asyncio.sleep(0.02)
            waiting.cancel()
            await first
            # The slot is free again: taken at once, with nobody queued.
            done = await asyncio.wait_for(hold_many(calls, 3, 0.01), timeout=2)
            return max(done)

    assert asyncio.run(scenario()) == 1


HOLDER = textwrap.dedent(
    """
    import asyncio, sys
    from service.batches.limiter import shared_slots
    from service.core.db import make_engine

    async def main():
        engine = make_engine(sys.argv[1], pool_size=2)
        calls = shared_slots(engine, size=int(sys.argv[2]), local_limit=100)
        held = [calls.slot() for _ in range(int(sys.argv[3]))]
        for slot in held:
            await slot.__aenter__()
        print("holding", flush=True)
        await asyncio.sleep(3600)

    asyncio.run(main())
    """
)


def start_holder(url: str, size: int, count: int) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, url, str(size), str(count)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "holding"
    return holder


def free_slots(url: str, size: int) -> int:
    """How many slots this process can take at once without waiting."""

    async def count() -> int:
        async with shared_slots(url, size=size, local_limit=size) as calls:
            locks = calls._locks
            taken = 0
            while await locks.try_take() is not None:
                taken += 1
            return taken

    return asyncio.run(count())


@pytest.fixture
def postgres_engine_url(tmp_path: Path) -> Iterator[str]:
    url = configured_url()
    if url is None or not is_postgres(url):
        pytest.skip("needs PostgreSQL")
    engine_url = create_database(url, tmp_path, "slots")
    try:
        yield engine_url
    finally:
        drop_database(engine_url, url)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_slots_are_shared_between_processes_and_freed_when_a_holder_dies(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if backend == "postgres":
        url: str = request.getfixturevalue("postgres_engine_url")
    else:
        url = f"sqlite:///{tmp_path / 'engine.db'}"
    holder = start_holder(url, size=5, count=3)
    try:
        assert free_slots(url, 5) == 2
    finally:
        holder.kill()  # SIGKILL: no clean-up of its own
        holder.wait()
    assert free_slots(url, 5) == 5


@pytest.mark.postgres
def test_a_lost_connection_frees_the_slots_and_the_next_take_reconnects(
    postgres_engine_url: str,
) -> None:
    async def scenario() -> int:
        async with shared_slots(postgres_engine_url, size=2, local_limit=2) as calls:
            locks = calls._locks
            assert await locks.try_take() is not None
            connection = locks._connection  # type: ignore[attr-defined]
            raw = await connection.get_raw_connection()
            backend = raw.driver_connection.info.backend_pid
            engine = make_engine(postgres_engine_url, pool_size=1)
            try:
                async with engine.connect() as admin:
                    await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
            finally:
                await engine.dispose()
            # The next take finds the session gone (and forgets what it held) or reconnects.
            with contextlib.suppress(DBAPIError):
                await locks.try_take()
            while await locks.try_take() is not None:
                pass
            # Both slots again: the server let go of the dead session's lock.
            return len(locks.held)

    assert asyncio.run(scenario()) == 2


def test_in_memory_databases_count_in_the_process() -> None:
    async def kind() -> type:
        async with shared_slots("sqlite://", size=2, local_limit=2) as calls:
            return type(calls._locks)

    assert asyncio.run(kind()) is limiter._InProcess
