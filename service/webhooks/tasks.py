"""Deliveries on the durable engine (DBOS Transact, the one batches run on).

Each run of a delivery is one workflow, `askwell.webhook_delivery`, with the fixed id
`askwell-webhook-<delivery id>-<run>`: attempts are its steps, and the waits between them
durable sleeps (`ASKWELL_WEBHOOKS_RETRY_BASE_S`, four times longer after each failure, at
most `ASKWELL_WEBHOOKS_RETRY_MAX_S`, `ASKWELL_WEBHOOKS_MAX_ATTEMPTS` in all). A runner
killed mid-wait resumes the wait when it starts again under its worker id; an attempt cut
short by the kill is made again (at least once: receivers drop repeats by `webhook-id`).

Workflows are started, not queued: a delivery that waits hours for its next attempt would
hold a queue's slot all that time. What bounds the work is `ASKWELL_WEBHOOKS_CONCURRENCY`
attempts at once per process. Each runner takes the deliveries no runner has
(`claim_pending`, every `ASKWELL_WEBHOOKS_POLL_INTERVAL_S`), starts their workflows, and at
start starts again any of its own that a crash left between the claim and the start.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass, field

import structlog
from dbos import DBOS, SetWorkflowID

from service.core.config import Settings
from service.core.db import Database, unit_of_work, utcnow
from service.webhooks import delivery, service
from service.webhooks.addresses import Resolver, system_resolver
from service.webhooks.events import follow_ups_due
from service.webhooks.service import Claimed

log = logging.getLogger("askwell.webhooks")
events = structlog.get_logger("askwell.webhooks")

DELIVERY_WORKFLOW = "askwell.webhook_delivery"
ATTEMPT_STEP = "askwell.webhook_attempt"
CLAIM_BATCH = 100
# An attempt that could not even be recorded (the database away) waits this long, and
# the run gives up after this many in a row; the delivery stays pending for a restart.
INTERNAL_RETRY_S = 30.0
INTERNAL_RETRIES = 20


def workflow_id(claimed: Claimed) -> str:
    return f"askwell-webhook-{claimed.delivery_id}-{claimed.run}"


def backoff(settings: Settings, failures: int) -> float:
    """Seconds to wait after the run's `failures`-th failed attempt."""
    wait: float = settings.webhooks_retry_base_s * 4 ** (failures - 1)
    return min(wait, settings.webhooks_retry_max_s)


@dataclass
class WebhookRuntime:
    database: Database
    settings: Settings
    resolver: Resolver
    slots: asyncio.Semaphore
    loop: asyncio.AbstractEventLoop
    tasks: list[asyncio.Task[None]] = field(default_factory=list)


_runtime: WebhookRuntime | None = None


def _current() -> WebhookRuntime:
    if _runtime is None:
        raise RuntimeError("webhook deliveries are not running in this process")
    return _runtime


# -- the workflow -------------------------------------------------------------------------------


async def _attempt(runtime: WebhookRuntime, claimed: Claimed) -> tuple[str, float]:
    settings = runtime.settings
    async with runtime.database.sessions(bind=runtime.database.autocommit) as session:
        due = await service.load_attempt(session, claimed)
    if due is None:
        return "gone", 0.0
    if not due.enabled:
        outcome = delivery.Outcome(utcnow(), 0, None, "endpoint_disabled")
    else:
        async with runtime.slots:
            outcome = await delivery.attempt(
                due.url,
                delivery.Message(due.message_id, due.body, due.secrets),
                allow_loopback=settings.webhooks_allow_loopback,
                timeout_s=settings.webhooks_timeout_s,
                resolver=runtime.resolver,
            )
    async with unit_of_work(runtime.database.sessions) as session:
        verdict, wait = await service.record_attempt(
            session,
            claimed,
            started_at=outcome.started_at,
            duration_ms=outcome.duration_ms,
            status_code=outcome.status_code,
            error=outcome.error,
            max_attempts=settings.webhooks_max_attempts,
            backoff=lambda failures: backoff(settings, failures),
        )
    # Ids and outcomes only: a URL may carry a receiver's token.
    events.info(
        "webhook_attempt",
        delivery_id=str(claimed.delivery_id),
        run=claimed.run,
        status_code=outcome.status_code,
        error=outcome.error,
        duration_ms=outcome.duration_ms,
        outcome=verdict,
        retry_in_s=wait if verdict == "retry" else None,
    )
    return verdict, wait


@DBOS.step(name=ATTEMPT_STEP)
async def attempt_step(delivery_id: str, run: int) -> tuple[str, float]:
    """One attempt, recorded: (`succeeded` | `retry` | `failed` | `gone` | `error`, wait)."""
    claimed = Claimed(uuid.UUID(delivery_id), run)
    try:
        # The engine adopted the runner's loop at launch: the step runs where the
        # database pool belongs.
        return await _attempt(_current(), claimed)
    except Exception:
        log.exception("webhook delivery %s: the attempt could not be made or recorded", delivery_id)
        return "error", INTERNAL_RETRY_S


@DBOS.workflow(name=DELIVERY_WORKFLOW)
async def deliver(delivery_id: str, run: int) -> str:
    """Attempt until a 2xx, the last attempt, or the delivery is gone (deleted, replayed)."""
    internal = 0
    while True:
        status, wait = await attempt_step(delivery_id, run)
        if status == "error":
            internal += 1
            if internal >= INTERNAL_RETRIES:
                return "error"
        elif status != "retry":
            return status
        else:
            internal = 0
        await DBOS.sleep_async(wait)


# -- the runner's part --------------------------------------------------------------------------


async def _start(claimed: Claimed) -> None:
    with SetWorkflowID(workflow_id(claimed)):
        await DBOS.start_workflow_async(deliver, str(claimed.delivery_id), claimed.run)


async def dispatch(runtime: WebhookRuntime) -> int:
    """Claim the deliveries no runner has and start their workflows; how many."""
    async with unit_of_work(runtime.database.sessions) as session:
        claimed = await service.claim_pending(
            session, worker_id=runtime.settings.worker_id, limit=CLAIM_BATCH
        )
    for one in claimed:
        await _start(one)
    return len(claimed)


async def restart_own(runtime: WebhookRuntime) -> int:
    """Start the workflows of this runner's claimed deliveries that have none (a crash
    between the claim and the start); the others the engine recovered itself."""
    async with runtime.database.sessions(bind=runtime.database.autocommit) as session:
        mine = await service.claimed_by(session, worker_id=runtime.settings.worker_id)
    started = 0
    for one in mine:
        if await DBOS.get_workflow_status_async(workflow_id(one)) is None:
            await _start(one)
            started += 1
    return started


async def _dispatch_forever(runtime: WebhookRuntime) -> None:
    interval = runtime.settings.webhooks_poll_interval_s
    while True:
        try:
            started = await dispatch(runtime)
        except Exception:
            log.exception("webhook dispatch failed; trying again")
            started = 0
        if started < CLAIM_BATCH:
            await asyncio.sleep(interval)


async def _scan_forever(runtime: WebhookRuntime) -> None:
    while True:
        try:
            await follow_ups_due(runtime.database.sessions)
        except Exception:
            log.exception("follow-up scan failed; trying again later")
        await asyncio.sleep(runtime.settings.webhooks_follow_up_scan_s)


def prepare(
    settings: Settings, database: Database, *, resolver: Resolver = system_resolver
) -> None:
    """Make deliveries runnable in this process; called in the runner's loop before the
    engine launches (launching recovers the workflows this runner had in flight)."""
    global _runtime
    _runtime = WebhookRuntime(
        database=database,
        settings=settings,
        resolver=resolver,
        slots=asyncio.Semaphore(settings.webhooks_concurrency),
        loop=asyncio.get_running_loop(),
    )


async def start() -> None:
    """Take deliveries, once the engine is launched: restart this runner's own that a
    crash left unstarted, then claim new ones and scan for due follow-ups."""
    runtime = _current()
    try:
        await restart_own(runtime)
    except Exception:
        log.exception("could not restart this runner's webhook deliveries")
    runtime.tasks = [
        runtime.loop.create_task(_dispatch_forever(runtime)),
        runtime.loop.create_task(_scan_forever(runtime)),
    ]


async def stop() -> None:
    """Stop taking deliveries. The runtime stays for the workflows in flight until the
    engine's shutdown ends them (the next start recovers them)."""
    runtime = _runtime
    if runtime is None:
        return
    for task in runtime.tasks:
        task.cancel()
    await asyncio.gather(*runtime.tasks, return_exceptions=True)
