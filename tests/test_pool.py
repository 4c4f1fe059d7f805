"""The connection pool serves waiting requests in the order they came (`FairQueuePool`)."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from service.core.db import make_engine


async def _order_of_service(url: str) -> list[str]:
    engine = make_engine(url, pool_size=1)
    order: list[str] = []

    async def take(name: str) -> None:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            order.append(name)

    try:
        first = await engine.connect()  # the only connection
        waiters = [asyncio.create_task(take(name)) for name in ("second", "third")]
        await asyncio.sleep(0.2)  # both are waiting for it now
        await first.close()
        # The task that gave the connection back asks again at once, as a request's next
        # statement does: it must queue behind the two that were waiting.
        await take("first-again")
        await asyncio.gather(*waiters)
    finally:
        await engine.dispose()
    return order


def test_waiters_get_connections_first_come_first_served(database_url: str) -> None:
    assert asyncio.run(_order_of_service(database_url)) == ["second", "third", "first-again"]


async def _after_a_cancelled_wait(url: str) -> int:
    engine = make_engine(url, pool_size=1)
    try:
        held = await engine.connect()

        async def wait() -> None:
            async with engine.connect():
                pass

        waiter = asyncio.create_task(wait())
        await asyncio.sleep(0.1)
        waiter.cancel()  # a request whose client went away while it waited
        await asyncio.gather(waiter, return_exceptions=True)
        await held.close()
        # Neither the cancelled wait nor the return lost the pool's only turn.
        async with asyncio.timeout(5):
            async with engine.connect() as connection:
                return int((await connection.execute(text("SELECT 1"))).scalar_one())
    finally:
        await engine.dispose()


def test_a_cancelled_wait_gives_its_turn_back(database_url: str) -> None:
    assert asyncio.run(_after_a_cancelled_wait(database_url)) == 1
