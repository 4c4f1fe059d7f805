"""Batches on DBOS Transact: durable workflows, a partitioned queue, crash recovery.

One workflow per item, `askwell.batch_item` with the fixed id `askwell-item-<item id>`,
so enqueuing an item twice (a retried submission, the start-up sweep) starts it once.
Submitting a batch records it and its items in one transaction, answers, and then
enqueues the items on the engine's database in the background, `ENQUEUE_CHUNK` per
transaction, so the first items start within moments of the answer however large the
batch (enqueuing costs about a millisecond an item). What a crash in between leaves
out, a runner's sweep (at its start and every `SWEEP_INTERVAL_S`) enqueues.

Items run on the `askwell-batch-items` queue, partitioned by tenant: the queue's
dispatcher visits the tenants' partitions in random order on every poll, so one tenant's
5,000 items do not starve another tenant's 10. `ASKWELL_LLM_CONCURRENCY` bounds the model
calls of every runner together, through slots the runners share in the database
(`service.batches.limiter`); a process calls at most `ASKWELL_WORKER_CONCURRENCY` at once and
claims `ASKWELL_BATCH_PREFETCH` items more, which wait for a slot, so that a freed slot
never waits for the queue's next poll. `ASKWELL_LLM_RPM` is the queue's rate limit on item
starts, shared by all workers.

An item workflow drafts and stores in one go, with no recorded steps: the draft text never
lands in the engine's own tables (erasure would not reach it there), and the store is
conditional on the item not being finished yet (`service.batches.service.store_item`), so
running the workflow again after a crash (which is what recovery does) can cost a model
call but never makes a second draft. Recording a step would only add writes: there is no
earlier result worth replaying.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog
from dbos import DBOS, DBOSClient, DBOSConfig
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncSession

from service.batches import service
from service.batches.limiter import CallSlots, LimitedDrafter, shared_slots
from service.batches.outage import ModelOutage
from service.batches.runcache import RunCache
from service.batches.service import QueuedItem
from service.core import metrics
from service.core.config import Settings
from service.core.db import (
    Database,
    engine_state_url,
    prepare_sqlite_file,
    retry_on_contention,
    unit_of_work,
)
from service.drafts.recent import RecentDrafts
from service.llm.drafting import Drafter, DraftingFailed, compose_gated
from service.llm.errors import failure_cause
from service.llm.prompts import PromptRegistry
from service.webhooks import events as webhook_events
from service.webhooks import tasks as webhook_tasks  # registers its workflow before launch

log = logging.getLogger("askwell.batches")
events = structlog.get_logger("askwell.batches")

APP_NAME = "askwell"
# Fixed, not derived from a hash of the code: a worker restarted after a deploy must still
# recover the items it was running (the item workflow's shape is stable by design).
APP_VERSION = "askwell-batches-1"
ITEM_QUEUE = "askwell-batch-items"
ITEM_WORKFLOW = "askwell.batch_item"
# Processes started together may both create the engine's tables; the loser tries again.
MIGRATE_ATTEMPTS = 3


def system_database_url(settings: Settings) -> str:
    """Where the engine keeps its state: next to the SQLite file, or the same PostgreSQL
    database (in its own `dbos` schema)."""
    if settings.batch_system_database_url:
        return settings.batch_system_database_url
    return engine_state_url(settings.database_url)


def item_workflow_id(item: QueuedItem) -> str:
    """The item's workflow id: fixed per run, so enqueuing a run twice starts it once."""
    return f"askwell-item-{item.id}" if item.run == 0 else f"askwell-item-{item.id}-{item.run}"


# -- the process's runtime --------------------------------------------------------------------


@dataclass
class Runtime:
    database: Database
    drafter: Drafter  # a `LimitedDrafter` for a model: its calls take the shared slots
    repair_attempts: int
    cache: RunCache
    slots: CallSlots | None = None


_runtime: Runtime | None = None
_lock = threading.Lock()
_stop_sweeping = threading.Event()
_sweeper: asyncio.Task[None] | None = None
SWEEP_INTERVAL_S = 300.0


def _current() -> Runtime:
    if _runtime is None:
        raise RuntimeError("the batch runner is not started in this process")
    return _runtime


# -- workflows --------------------------------------------------------------------------------


async def _draft_item(runtime: Runtime, item: uuid.UUID) -> str:
    sessions = runtime.database.sessions
    work = await service.begin_item(sessions, item, runtime.cache)
    if work is None:
        return "skipped"
    try:
        gated = await compose_gated(
            runtime.drafter,
            work.inputs,
            repair_attempts=runtime.repair_attempts,
            prompt_version=work.batch.prompt_version,
        )
    except DraftingFailed as exc:
        reason, detail = failure_cause(exc.cause)
        await service.fail_item(
            sessions,
            item,
            reason=reason,
            detail=detail,
            llm_attempts=sum(a.http_attempts for a in exc.attempts),
        )
        return "failed"
    return await service.store_item(
        sessions, item, work, gated, runtime.drafter.kind, runtime.cache
    )


@DBOS.workflow(name=ITEM_WORKFLOW)
async def run_item(item_id: str) -> str:
    runtime = _current()
    item = uuid.UUID(item_id)
    started = time.perf_counter()
    try:
        outcome = await _draft_item(runtime, item)
        elapsed = time.perf_counter() - started
        if outcome != "skipped":
            metrics.BATCH_ITEMS_FINISHED.labels(outcome).inc()
            metrics.BATCH_ITEM_DURATION.observe(elapsed)
        events.info(
            "batch_item", item_id=item_id, state=outcome, duration_ms=round(elapsed * 1000, 1)
        )
    except Exception as exc:  # a bug or a lost database: end the item, never leave it hanging
        log.exception("batch item %s failed", item_id)
        await service.fail_item(
            runtime.database.sessions,
            item,
            reason="error",
            detail=f"Internal error while drafting ({type(exc).__name__}).",
            llm_attempts=0,
        )
        metrics.BATCH_ITEMS_FINISHED.labels("error").inc()
        outcome = "error"
    await webhook_events.batch_item_done(runtime.database.sessions, item)
    return outcome


# -- starting and stopping --------------------------------------------------------------------


def dbos_config(settings: Settings) -> DBOSConfig:
    return {
        "name": APP_NAME,
        "system_database_url": system_database_url(settings),
        "application_version": APP_VERSION,
        "executor_id": settings.worker_id,
        "log_level": "WARNING",
        "sys_db_pool_size": 10,
    }


async def start_runner(
    settings: Settings,
    *,
    database: Database,
    drafter: Drafter,
    registry: PromptRegistry,
    recent_drafts: RecentDrafts | None = None,
) -> bool:
    """Run batch items in this process (the API's embedded runner or `askwell worker`).

    Awaited in the event loop that runs the items (the one the drafter's HTTP client and
    the database's connections belong to). The engine is one per process; False when it
    already runs here. The API shares its recent drafts (`recent_drafts`); a worker has
    its own.
    """
    global _runtime, _sweeper
    concurrency, worker, prefetch = queue_limits(settings)
    with _lock:
        if _runtime is not None:
            return False
        slots = None
        if drafter.kind == "llm":
            slots = shared_slots(database.engine, size=concurrency, local_limit=worker)
            drafter = LimitedDrafter(drafter, slots, _outage(database, settings))
        _runtime = Runtime(
            database=database,
            drafter=drafter,
            repair_attempts=settings.llm_repair_attempts,
            cache=RunCache(registry, recent=recent_drafts),
            slots=slots,
        )
    prepare_sqlite_file(system_database_url(settings))
    webhook_tasks.prepare(settings, database)
    DBOS(config=dbos_config(settings))
    # Launched from this loop's own thread, DBOS adopts the running loop: item workflows
    # run here, beside the database pool and the model client they use. (Launched from
    # another thread, they would run on DBOS's background loop and share this loop's
    # connections across loops.)
    DBOS.launch()
    await DBOS.register_queue_async(
        ITEM_QUEUE,
        # The model-call limit itself is the slots'; the queue's bound only keeps a fleet of
        # runners from claiming far more items than can be called at once.
        global_concurrency=2 * concurrency,
        worker_concurrency=worker + prefetch,
        partition_concurrency=2 * concurrency,
        limiter={"limit": settings.llm_rpm, "period": 60.0} if settings.llm_rpm else None,
        polling_interval_sec=settings.batch_poll_interval_s,
        on_conflict="always_update",
    )
    await sweep(database, settings)
    _sweeper = asyncio.get_running_loop().create_task(_sweep_forever(database, settings))
    await webhook_tasks.start()
    return True


def _outage(database: Database, settings: Settings) -> ModelOutage:
    """The runner's breaker, its state written where every process reads batch status.

    The written state is a notice for readers of batch status, not part of any item's work:
    a write that lost to other writers is run again (`retry_on_contention`), and one that
    still fails is logged, never raised into the model call that noticed the outage (on a
    busy SQLite file that once failed an item that had nothing wrong with it)."""
    worker_id = settings.worker_id
    current: dict[str, uuid.UUID] = {}
    # One write at a time, in the breaker's order: a close must find the row its open
    # wrote, even when the server answers while that write is still on its way.
    writing = asyncio.Lock()

    @retry_on_contention
    async def write(change: Callable[[AsyncSession], Awaitable[None]]) -> None:
        async with unit_of_work(database.sessions) as session:
            await change(session)

    async def noted(change: Callable[[AsyncSession], Awaitable[None]]) -> None:
        try:
            await write(change)
        except Exception:
            log.exception("could not record the model server's state for batch status")

    async def opened(detail: str) -> None:
        async def open_row(session: AsyncSession) -> None:
            current["id"] = await service.open_outage(session, worker_id=worker_id, detail=detail)

        async with writing:
            await noted(open_row)

    async def probe_failed(detail: str) -> None:
        async with writing:
            outage_id = current.get("id")
            if outage_id is not None:
                await noted(
                    lambda session: service.outage_goes_on(
                        session, outage_id=outage_id, detail=detail
                    )
                )

    async def closed() -> None:
        async with writing:
            outage_id = current.pop("id", None)
            if outage_id is not None:
                await noted(lambda session: service.close_outage(session, outage_id=outage_id))

    return ModelOutage(
        patience_s=settings.llm_outage_patience_s,
        on_open=opened,
        on_failed_probe=probe_failed,
        on_close=closed,
    )


def queue_limits(settings: Settings) -> tuple[int, int, int]:
    """(model calls at once across all runners, calls at once in this process, items this
    process claims beyond its calls)."""
    concurrency = settings.llm_concurrency
    worker = min(settings.worker_concurrency or concurrency, concurrency)
    prefetch = settings.batch_prefetch
    if prefetch is None:
        # Enough for the items that end between two polls of the queue, at its default
        # poll (0.2 s) and a model answering in half a second.
        prefetch = max(1, worker // 2)
    return concurrency, worker, prefetch


async def _sweep_forever(database: Database, settings: Settings) -> None:
    while True:
        await asyncio.sleep(SWEEP_INTERVAL_S)
        try:
            await sweep(database, settings)
        except Exception:
            log.exception("batch sweep failed; trying again in %.0f s", SWEEP_INTERVAL_S)


async def stop_runner() -> None:
    """Stop running items here; those in flight are recovered by the next start."""
    global _runtime, _sweeper
    with _lock:
        runtime, _runtime = _runtime, None
    if runtime is None:
        return
    if _sweeper is not None:
        _sweeper.cancel()
        _sweeper = None
    await webhook_tasks.stop()
    await asyncio.to_thread(DBOS.destroy, workflow_completion_timeout_sec=0)
    if runtime.slots is not None:
        await runtime.slots.close()
    if isinstance(runtime.drafter, LimitedDrafter):
        await runtime.drafter.outage.stop()


def runner_started() -> bool:
    return _runtime is not None


async def sweep(database: Database, settings: Settings) -> int:
    """Enqueue the queued items of every unfinished batch (idempotent: fixed workflow ids)."""
    async with unit_of_work(database.sessions) as session:
        pending = await service.queued_work(session)
    if pending:
        submitter = Submitter(settings)
        try:
            for tenant_id, items in pending:
                await asyncio.to_thread(submitter.enqueue_items, tenant_id, items)
        finally:
            submitter.close()
    return sum(len(items) for _, items in pending)


ENQUEUE_CHUNK = 100


class Submitter:
    """Enqueues item workflows from any process, with or without a runner in it."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._url = system_database_url(settings)
        self.migrated = False
        self._migrating = threading.Lock()
        self._engine: Engine | None = None
        self._client_field: DBOSClient | None = None
        self._pending: set[asyncio.Task[None]] = set()

    @property
    def _client(self) -> DBOSClient:
        if self._client_field is None:
            self._client_field = DBOSClient(
                system_database_url=self._url,
                system_database_pool_size=2,
                application_name=APP_NAME,
                lazy=True,
            )
        return self._client_field

    def ensure_migrated(self) -> None:
        """Create the engine's tables if need be. Never call it inside a transaction on the
        same database: PostgreSQL's CREATE INDEX CONCURRENTLY waits for every open one.

        Called at start-up and again, as a no-op, by the first submission. Processes
        starting together may migrate at the same moment: the loser's error is retried,
        and the retry finds the tables made."""
        with self._migrating:
            if self.migrated:
                return
            # The client never creates the engine's tables, and the first submission may
            # come before any runner has started.
            prepare_sqlite_file(self._url)
            for attempt in range(MIGRATE_ATTEMPTS):
                try:
                    DBOS.migrate(self._url)
                    break
                except Exception:
                    if attempt == MIGRATE_ATTEMPTS - 1:
                        raise
                    log.warning("engine migration raced another process; trying again")
                    time.sleep(0.2 * (attempt + 1))
            self.migrated = True

    def enqueue_later(self, tenant_id: str, batch_id: uuid.UUID, items: list[QueuedItem]) -> None:
        """Enqueue the items in the background, `ENQUEUE_CHUNK` per transaction, in order."""
        task = asyncio.get_running_loop().create_task(
            self._enqueue_chunks(tenant_id, batch_id, items)
        )
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _enqueue_chunks(
        self, tenant_id: str, batch_id: uuid.UUID, items: list[QueuedItem]
    ) -> None:
        for start in range(0, len(items), ENQUEUE_CHUNK):
            chunk = items[start : start + ENQUEUE_CHUNK]
            try:
                await asyncio.to_thread(self.enqueue_items, tenant_id, chunk)
            except Exception:
                log.exception("could not enqueue batch %s now; a runner's sweep will", batch_id)
                return

    async def drain(self) -> None:
        """Wait for background enqueues (at shutdown; what is cut short the sweep redoes)."""
        if self._pending:
            await asyncio.wait(set(self._pending), timeout=10)

    def enqueue_items(self, tenant_id: str, items: list[QueuedItem]) -> None:
        """Enqueue the items on the tenant's partition, in one transaction."""
        self.ensure_migrated()
        if self._engine is None:
            # The engine's own database, through the client's API (a synchronous
            # connection): a chunk of items is enqueued in one transaction.
            # Two connections at most: concurrent submissions take turns, a chunk each.
            self._engine = create_engine(self._url, pool_size=2, max_overflow=0, pool_pre_ping=True)
        with self._engine.begin() as connection:
            self._enqueue_all(connection, tenant_id, items)

    def _enqueue_all(self, connection: Connection, tenant_id: str, items: list[QueuedItem]) -> None:
        for item in items:
            self._client.enqueue_in_transaction(
                connection,
                {
                    "workflow_name": ITEM_WORKFLOW,
                    "queue_name": ITEM_QUEUE,
                    "workflow_id": item_workflow_id(item),
                    "app_version": APP_VERSION,
                    "queue_partition_key": tenant_id,
                },
                item.id,
            )

    def close(self) -> None:
        if self._client_field is not None:
            self._client_field.destroy()
        if self._engine is not None:
            self._engine.dispose()


def migrate_engine(settings: Settings) -> None:
    """Create or upgrade the engine's own tables (`askwell migrate`; DBOS also does it when
    a runner launches)."""
    url = system_database_url(settings)
    prepare_sqlite_file(url)
    DBOS.migrate(url)
