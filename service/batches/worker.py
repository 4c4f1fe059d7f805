"""`askwell worker`: run batch items without the API, for scaling out on PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
import signal

from service.batches.engine import start_runner, stop_runner
from service.core.config import Settings
from service.core.db import Database
from service.core.heap import settle_heap
from service.llm.drafting import build_drafter
from service.llm.modes import DatabaseModeStore
from service.llm.prompts import load_registry, resolve_prompts_dir

log = logging.getLogger("askwell.worker")


async def run_worker(settings: Settings) -> None:
    """Run until SIGTERM or SIGINT; items in flight are recovered by the next start."""
    database = Database.connect(settings.database_url, pool_size=settings.database_pool_size)
    registry = load_registry(resolve_prompts_dir(settings.prompts_dir))
    drafter = build_drafter(settings, registry, mode_store=DatabaseModeStore(database))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await start_runner(settings, database=database, drafter=drafter, registry=registry)
    settle_heap()
    log.warning(
        "askwell worker %s running batch items (concurrency %s of %s)",
        settings.worker_id,
        settings.worker_concurrency or settings.llm_concurrency,
        settings.llm_concurrency,
    )
    try:
        await stop.wait()
    finally:
        await stop_runner()
        client = getattr(drafter, "client", None)
        if client is not None:
            await client.aclose()
        await database.dispose()
