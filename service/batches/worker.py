"""`askwell worker`: run batch items without the API, for scaling out on PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
import signal
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from service.batches.engine import start_runner, stop_runner
from service.core.config import Settings
from service.core.db import Database
from service.core.heap import settle_heap
from service.llm.drafting import build_drafter
from service.llm.modes import DatabaseModeStore
from service.llm.prompts import load_registry, resolve_prompts_dir

log = logging.getLogger("askwell.worker")

# The worker proves it is alive (its loop runs and its database answers) by touching a file
# this often; `askwell worker --check` calls it dead after HEARTBEAT_STALE_S without one.
HEARTBEAT_S = 10.0
HEARTBEAT_STALE_S = 3 * HEARTBEAT_S


def heartbeat_file(settings: Settings) -> Path:
    """Where this worker's heartbeat is, per worker id (several may share a host)."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in settings.worker_id)
    return Path(tempfile.gettempdir()) / f"askwell-worker-{safe}.alive"


def check_heartbeat(settings: Settings, *, now: float | None = None) -> str | None:
    """None when the worker with this id beat recently; else what is wrong."""
    path = heartbeat_file(settings)
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
    except FileNotFoundError:
        return f"no heartbeat at {path}: worker {settings.worker_id} is not running here"
    if age > HEARTBEAT_STALE_S:
        return f"worker {settings.worker_id}'s last heartbeat was {age:.0f} s ago"
    return None


async def _beat(database: Database, path: Path) -> None:
    while True:
        try:
            async with database.autocommit.connect() as connection:
                await connection.execute(text("SELECT 1"))
            path.touch()
        except Exception:
            log.warning("heartbeat skipped: the database did not answer", exc_info=True)
        await asyncio.sleep(HEARTBEAT_S)


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
    beat = loop.create_task(_beat(database, heartbeat_file(settings)))
    log.warning(
        "askwell worker %s running batch items (concurrency %s of %s)",
        settings.worker_id,
        settings.worker_concurrency or settings.llm_concurrency,
        settings.llm_concurrency,
    )
    try:
        await stop.wait()
    finally:
        beat.cancel()
        heartbeat_file(settings).unlink(missing_ok=True)
        await stop_runner()
        client = getattr(drafter, "client", None)
        if client is not None:
            await client.aclose()
        await database.dispose()
