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
calls of every runner together, through slots kept beside the engine's database
(`service.llm.slots`); a process calls at most `ASKWELL_WORKER_CONCURRENCY` at once and
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
import os
import sqlite3
import tempfile
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from dbos import DBOS, DBOSClient, DBOSConfig
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url

from service.batches import service
from service.batches.runcache import RunCache
from service.config import Settings
from service.db import inline_engine_for, make_engine, sqlite_busy, unit_of_work
from service.drafts.recent import RecentDrafts
from service.hotdb import HotDatabase
from service.llm import slots as call_slots
from service.llm.drafting import Drafter, DraftingFailed, compose_gated
from service.llm.prompts import PromptRegistry
from service.llm.slots import CallSlots, shared_slots

log = logging.getLogger("askwell.batches")

APP_NAME = "askwell"
# Fixed, not derived from a hash of the code: a worker restarted after a deploy must still
# recover the items it was running (the item workflow's shape is stable by design).
APP_VERSION = "askwell-batches-1"
ITEM_QUEUE = "askwell-batch-items"
ITEM_WORKFLOW = "askwell.batch_item"

T = TypeVar("T")
P = ParamSpec("P")


def system_database_url(settings: Settings) -> str:
    """Where the engine keeps its state: next to the SQLite file, or the same PostgreSQL
    database (in its own `dbos` schema)."""
    if settings.batch_system_database_url:
        return settings.batch_system_database_url
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:"):
            # A private in-memory database: batches cannot outlive it either, so their
            # engine state may live in a private file of the same short life.
            database = str(Path(tempfile.gettempdir()) / f"askwell-memory-{os.getpid()}.db")
        path = Path(database)
        return f"sqlite:///{path.with_name(path.stem + '-engine' + path.suffix)}"
    return url.render_as_string(hide_password=False)


_ENGINE_SQLITE_FILES: set[str] = set()


def prepare_sqlite_engine_database(url: str) -> None:
    """Put the engine's SQLite file in WAL mode, its connections at `synchronous=NORMAL`.

    DBOS leaves SQLite in its default rollback-journal mode at `synchronous=FULL`: several
    fsyncs per commit, every reader blocked by every writer, and a batch item commits there
    three or four times. WAL at NORMAL survives a killed process (what crash recovery is
    about) and loses at most the last commits on a power cut, after which an item's
    workflow runs again and its conditional store keeps it to one draft.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    path = Path(parsed.database or "").resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=30)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")  # persistent: stored in the file
    _ENGINE_SQLITE_FILES.add(str(path))


@event.listens_for(Engine, "connect")
def _engine_connection_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if not _ENGINE_SQLITE_FILES or not isinstance(dbapi_connection, sqlite3.Connection):
        return
    files = {row[2] for row in dbapi_connection.execute("PRAGMA database_list")}
    if files & _ENGINE_SQLITE_FILES:
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")


def item_workflow_id(item_id: uuid.UUID | str) -> str:
    return f"askwell-item-{item_id}"


# -- the process's runtime --------------------------------------------------------------------


@dataclass
class Runtime:
    engine: Engine
    drafter: Drafter
    registry: PromptRegistry
    repair_attempts: int
    executor: ThreadPoolExecutor
    cache: RunCache
    # SQLite only: the same database file, for transactions run on the event loop.
    inline_engine: Engine | None = None
    # PostgreSQL only: connections driven on the event loop (`service.hotdb`), where an
    # item's read and its one-statement writes run with no thread hop.
    hot: HotDatabase | None = None
    owns_hot: bool = True  # False: the API's, closed by the API
    loop: asyncio.AbstractEventLoop | None = None
    # The model-call slots every runner shares (`service.llm.slots`).
    slots: CallSlots | None = None

    async def run_db(
        self, function: Callable[Concatenate[Engine, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run one of the item's short transactions.

        On a SQLite file it runs on the event loop, and in a thread when SQLite is busy
        (`service.db.inline_engine_for`); PostgreSQL's round trips always run in a thread.
        """
        if self.inline_engine is not None:
            try:
                return function(self.inline_engine, *args, **kwargs)
            except Exception as exc:
                if not sqlite_busy(exc):
                    raise
        call = partial(function, self.engine, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self.executor, call)

    async def in_thread(self, function: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.executor, function)

    def close(self) -> None:
        """Called from a thread other than the loop's, with the loop still running."""
        for closable in (self.hot if self.owns_hot else None, self.slots):
            if closable is None or self.loop is None or not self.loop.is_running():
                continue
            closing = asyncio.run_coroutine_threadsafe(closable.close(), self.loop)
            try:
                closing.result(timeout=5)
            except Exception:
                log.warning("could not close %r", closable, exc_info=True)
        self.executor.shutdown(wait=False, cancel_futures=True)
        if self.inline_engine is not None:
            self.inline_engine.dispose()


_runtime: Runtime | None = None
_lock = threading.Lock()
_stop_sweeping = threading.Event()
SWEEP_INTERVAL_S = 300.0


def _current() -> Runtime:
    if _runtime is None:
        raise RuntimeError("the batch runner is not started in this process")
    return _runtime


# -- workflows --------------------------------------------------------------------------------


async def _draft_item(item_id: str) -> str:
    runtime = _current()
    item = uuid.UUID(item_id)
    db = runtime.hot.postgres if runtime.hot is not None else None
    if db is not None:
        work = await service.begin_item_hot(
            db, runtime.engine, item, runtime.cache, runtime.in_thread
        )
    else:
        work = await runtime.run_db(service.begin_item, item, runtime.cache)
    if work is None:
        return "skipped"
    slots_token = call_slots.CURRENT.set(runtime.slots)
    try:
        gated = await compose_gated(
            runtime.drafter,
            work.inputs,
            repair_attempts=runtime.repair_attempts,
            prompt_version=work.batch.prompt_version,
        )
    except DraftingFailed as exc:
        await _fail(
            runtime,
            item,
            reason="llm_unavailable",
            detail=f"The language model did not produce a usable draft: {exc}",
            llm_attempts=sum(a.http_attempts for a in exc.attempts),
        )
        return "failed"
    finally:
        call_slots.CURRENT.reset(slots_token)
    await asyncio.sleep(0)  # a turn of the loop between the gate and the store
    author = runtime.drafter.kind
    if db is not None:
        return await service.store_item_hot(db, item, work, gated, author, runtime.cache)
    outcome: str = await runtime.run_db(
        service.store_item, item, work, gated, author, runtime.cache
    )
    return outcome


async def _fail(
    runtime: Runtime, item: uuid.UUID, *, reason: str, detail: str, llm_attempts: int
) -> None:
    db = runtime.hot.postgres if runtime.hot is not None else None
    if db is not None:
        await service.fail_item_hot(
            db, item, reason=reason, detail=detail, llm_attempts=llm_attempts
        )
    else:
        await runtime.run_db(
            service.fail_item, item, reason=reason, detail=detail, llm_attempts=llm_attempts
        )


@DBOS.workflow(name=ITEM_WORKFLOW)
async def run_item(item_id: str) -> str:
    try:
        return await _draft_item(item_id)
    except Exception as exc:  # a bug or a lost database: end the item, never leave it hanging
        log.exception("batch item %s failed", item_id)
        await _fail(
            _current(),
            uuid.UUID(item_id),
            reason="error",
            detail=f"Internal error while drafting ({type(exc).__name__}).",
            llm_attempts=0,
        )
        return "error"


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
    engine: Engine,
    drafter: Drafter,
    registry: PromptRegistry,
    recent_drafts: RecentDrafts | None = None,
    hot: HotDatabase | None = None,
) -> bool:
    """Run batch items in this process (the API's embedded runner or `askwell worker`).

    Awaited in the event loop that should run the items (the one the drafter's HTTP client
    belongs to). The engine is one per process; False when it already runs here. The API
    shares its drafts cache and its event-loop connections (`recent_drafts`, `hot`); a
    worker has its own.
    """
    global _runtime
    with _lock:
        if _runtime is not None:
            return False
        _runtime = Runtime(
            engine=engine,
            drafter=drafter,
            registry=registry,
            repair_attempts=settings.llm_repair_attempts,
            executor=ThreadPoolExecutor(
                max_workers=max(4, settings.database_pool_size),
                thread_name_prefix="askwell-batch",
            ),
            cache=RunCache(registry, recent=recent_drafts),
            inline_engine=inline_engine_for(engine),
            hot=(
                None
                if engine.dialect.name == "sqlite"
                else hot or HotDatabase(engine, pool_size=settings.hot_read_pool_size)
            ),
            owns_hot=hot is None,
            loop=asyncio.get_running_loop(),
        )
    concurrency, worker, prefetch = queue_limits(settings)
    _runtime.slots = shared_slots(
        system_database_url(settings), size=concurrency, local_limit=worker
    )
    prepare_sqlite_engine_database(system_database_url(settings))
    DBOS(config=dbos_config(settings))
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
    await asyncio.to_thread(sweep, engine, settings)
    _stop_sweeping.clear()
    threading.Thread(
        target=_sweep_forever, args=(engine, settings), name="askwell-batch-sweep", daemon=True
    ).start()
    return True


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


def _sweep_forever(engine: Engine, settings: Settings) -> None:
    while not _stop_sweeping.wait(SWEEP_INTERVAL_S):
        try:
            sweep(engine, settings)
        except Exception:
            log.exception("batch sweep failed; trying again in %.0f s", SWEEP_INTERVAL_S)


def stop_runner() -> None:
    global _runtime
    with _lock:
        if _runtime is None:
            return
        _stop_sweeping.set()
        DBOS.destroy(workflow_completion_timeout_sec=0)
        _runtime.close()
        _runtime = None


def runner_started() -> bool:
    return _runtime is not None


def sweep(engine: Engine, settings: Settings) -> int:
    """Enqueue the queued items of every unfinished batch (idempotent: fixed workflow ids)."""
    with unit_of_work(engine) as session:
        pending = [service.queued_items(session, b) for b in service.batches_to_run(session)]
    pending = [(tenant, items) for tenant, items in pending if items]
    if pending:
        submitter = Submitter(settings)
        try:
            for tenant_id, item_ids in pending:
                submitter.enqueue_items(tenant_id, item_ids)
        finally:
            submitter.close()
    return sum(len(items) for _, items in pending)


ENQUEUE_CHUNK = 100


class Submitter:
    """Enqueues item workflows from any process, with or without a runner in it."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._url = system_database_url(settings)
        self._migrated = False
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
        same database: PostgreSQL's CREATE INDEX CONCURRENTLY waits for every open one."""
        if not self._migrated:
            # The client never creates the engine's tables, and the first submission may
            # come before any runner has started.
            prepare_sqlite_engine_database(self._url)
            DBOS.migrate(self._url)
            self._migrated = True

    def enqueue_later(self, tenant_id: str, batch_id: uuid.UUID, item_ids: list[str]) -> None:
        """Enqueue the items in the background, `ENQUEUE_CHUNK` per transaction, in order."""
        task = asyncio.get_running_loop().create_task(
            self._enqueue_chunks(tenant_id, batch_id, item_ids)
        )
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _enqueue_chunks(
        self, tenant_id: str, batch_id: uuid.UUID, item_ids: list[str]
    ) -> None:
        for start in range(0, len(item_ids), ENQUEUE_CHUNK):
            chunk = item_ids[start : start + ENQUEUE_CHUNK]
            try:
                await asyncio.to_thread(self.enqueue_items, tenant_id, chunk)
            except Exception:
                log.exception("could not enqueue batch %s now; a runner's sweep will", batch_id)
                return

    async def drain(self) -> None:
        """Wait for background enqueues (at shutdown; what is cut short the sweep redoes)."""
        if self._pending:
            await asyncio.wait(set(self._pending), timeout=10)

    def enqueue_items(self, tenant_id: str, item_ids: list[str]) -> None:
        """Enqueue the items on the tenant's partition, in one transaction."""
        self.ensure_migrated()
        if self._engine is None:
            self._engine = make_engine(self._url, pool_size=2)
        with self._engine.begin() as connection:
            self._enqueue_all(connection, tenant_id, item_ids)

    def _enqueue_all(self, connection: Connection, tenant_id: str, item_ids: list[str]) -> None:
        for item_id in item_ids:
            self._client.enqueue_in_transaction(
                connection,
                {
                    "workflow_name": ITEM_WORKFLOW,
                    "queue_name": ITEM_QUEUE,
                    "workflow_id": item_workflow_id(item_id),
                    "app_version": APP_VERSION,
                    "queue_partition_key": tenant_id,
                },
                item_id,
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
    prepare_sqlite_engine_database(url)
    DBOS.migrate(url)
