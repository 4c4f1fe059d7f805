"""The FastAPI application: settings, database, routers, error handling, health."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline

from service.batches.engine import Submitter, start_runner, stop_runner
from service.batches.models import BatchStatus, ItemStatus, SkipReason
from service.batches.router import router as batches_router
from service.batches.service import live_items
from service.checking.router import router as checking_router
from service.checking.schemas import CheckId, PromptName
from service.console.router import FORM_MEDIA_TYPES as CONSOLE_MEDIA_TYPES
from service.console.router import PREFIX as CONSOLE_PREFIX
from service.console.router import install_console
from service.contacts.router import router as contacts_router
from service.core import migrations
from service.core.config import Settings, get_settings
from service.core.contract import install_contract
from service.core.db import Database
from service.core.deps import DatabaseDep
from service.core.errors import (
    NotReady,
    error_responses,
    install_error_handlers,
    problem_response,
)
from service.core.heap import settle_heap
from service.core.metrics import exposition
from service.core.middleware import RequestGuard
from service.core.problems import router as problems_router
from service.core.ratelimit import RequestLimits
from service.core.telemetry import RequestTelemetry, configure_logging
from service.drafts.models import DraftStatus, Outcome
from service.drafts.quotas import Quotas
from service.drafts.recent import RecentDrafts
from service.drafts.router import prompts_router
from service.drafts.router import router as drafts_router
from service.drafts.service import Drafting
from service.examples import REQUEST_BODIES, RESPONSES
from service.gate.catalog import CheckMode
from service.gate.models import (
    Channel,
    DraftKind,
    EvidenceSource,
    FactAbout,
    GatePolicy,
    Seniority,
    Severity,
)
from service.llm.client import OutputModeName
from service.llm.drafting import build_drafter
from service.llm.modes import DatabaseModeStore
from service.llm.prompts import load_registry, resolve_prompts_dir
from service.llm.router import router as llm_router
from service.requesters.router import router as requesters_router
from service.research.router import router as research_router
from service.review.models import DecisionKind, OutreachKind
from service.review.router import outreach_router
from service.review.router import router as review_router
from service.tenants.models import ScopeName
from service.tenants.router import router as tenants_router
from service.usage.router import router as usage_router
from service.webhooks.models import (
    AttemptError,
    DeliveredEventType,
    DeliveryStatus,
    WebhookEventType,
)
from service.webhooks.router import router as webhooks_router

log = logging.getLogger("askwell")

API_VERSION = "0.1.0"
DESCRIPTION = """\
askwell drafts informational-interview requests with an LLM and refuses to let a lazy one
through: a deterministic checklist gate rejects any draft without a specific reason for
writing to this person, a clear time ask, or a preview of the questions.

Authenticate with `Authorization: Bearer <api key>`. Errors are RFC 9457
`application/problem+json`. Lists use cursor pagination (`limit`, `cursor`, `next_cursor`).
"""


# One named schema per enumeration of the contract, whichever fields use it.
NAMED_ENUMS: dict[str, Any] = {
    "Channel": Channel,
    "Seniority": Seniority,
    "FactAbout": FactAbout,
    "DraftKind": DraftKind,
    "DraftStatus": DraftStatus,
    "Outcome": Outcome,
    "DecisionKind": DecisionKind,
    "OutreachKind": OutreachKind,
    "CheckId": CheckId,
    "CheckMode": CheckMode,
    "Severity": Severity,
    "EvidenceSource": EvidenceSource,
    "PromptName": PromptName,
    "Scope": ScopeName,
    "BatchStatus": BatchStatus,
    "BatchItemStatus": ItemStatus,
    "OutputMode": OutputModeName,
    "SkipReason": SkipReason,
    "WebhookEventType": WebhookEventType,
    "DeliveredEventType": DeliveredEventType,
    "WebhookDeliveryStatus": DeliveryStatus,
    "WebhookAttemptError": AttemptError,
    "ConnectionNoteLimit": GatePolicy.model_fields["connection_note_limit"].annotation,
}


def _operation_id(route: APIRoute) -> str:
    # Operation ids are the handler names (`list_contacts`), stable across releases.
    return route.name


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    database: Database = app.state.db
    if settings.migrate_on_start:
        await migrations.upgrade_async(settings.database_url)
        # The engine's tables too, before the first batch arrives (lazily, twenty first
        # submissions at once would all create them).
        await asyncio.to_thread(app.state.batch_submitter.ensure_migrated)
    # Started in the running loop: the engine runs batch items on the loop the drafter's
    # HTTP client and the database's connections belong to.
    drafting: Drafting = app.state.drafting
    runner = settings.batch_embedded_worker and await start_runner(
        settings,
        database=database,
        drafter=drafting.drafter,
        registry=drafting.registry,
        recent_drafts=drafting.recent,
    )
    settle_heap()
    try:
        yield
    finally:
        if runner:
            await stop_runner()
        await app.state.batch_submitter.drain()
        app.state.batch_submitter.close()
        client = getattr(drafting.drafter, "client", None)
        if client is not None:
            await client.aclose()
        await database.dispose()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_format)
    # Swagger UI and ReDoc from the assets fastapi-offline ships: /docs works with no
    # network, and no page loads anything from a CDN.
    app = FastAPIOffline(
        title="askwell",
        swagger_ui_parameters={"validatorUrl": None},
        version=API_VERSION,
        description=DESCRIPTION,
        lifespan=_lifespan,
        generate_unique_id_function=_operation_id,
        openapi_tags=[
            {"name": "requesters", "description": "People on whose behalf requests are written."},
            {"name": "contacts", "description": "People to approach."},
            {"name": "research", "description": "What was learned about a contact (versioned)."},
            {"name": "drafts", "description": "Requests drafted for one contact, and gated."},
            {"name": "review", "description": "The review queue, edits and decisions."},
            {"name": "outreach", "description": "Sent, outcomes and follow-ups."},
            {"name": "batches", "description": "Drafting for many contacts, in the background."},
            {"name": "prompts", "description": "The versioned prompts drafts are made with."},
            {"name": "gate", "description": "The checklist gate, on any text."},
            {"name": "tenant", "description": "The calling tenant, its settings and API keys."},
            {"name": "usage", "description": "Drafts, model calls, tokens and their cost."},
            {
                "name": "webhooks",
                "description": "Signed event deliveries to the tenant's endpoints.",
            },
            {"name": "health", "description": "Liveness and readiness."},
        ],
    )
    app.state.settings = settings
    app.state.db = Database.connect(settings.database_url, pool_size=settings.database_pool_size)
    # A bad prompt file stops the service here, with the file and the reason in the message.
    registry = load_registry(resolve_prompts_dir(settings.prompts_dir))
    app.state.prompts = registry
    # The structured-output mode that works is remembered in the database, per endpoint
    # and model: found once, not after every restart.
    app.state.mode_store = DatabaseModeStore(app.state.db)
    app.state.drafter = build_drafter(settings, registry, mode_store=app.state.mode_store)
    app.state.drafting = Drafting(
        drafter=app.state.drafter,
        registry=registry,
        repair_attempts=settings.llm_repair_attempts,
        recent=RecentDrafts(),
        quotas=Quotas(
            drafts_per_day=settings.quota_drafts_per_day,
            queued_batch_items=settings.quota_queued_batch_items,
        ),
    )
    app.state.batch_submitter = Submitter(settings)
    app.state.limits = RequestLimits(
        settings.rate_limit_storage_url,
        per_key_per_minute=settings.rate_limit_per_minute,
        auth_failures_per_minute=settings.auth_failures_per_minute,
    )

    install_error_handlers(app)
    app.add_middleware(
        RequestGuard,
        max_body_bytes=settings.max_body_bytes,
        prefix_media_types={f"{CONSOLE_PREFIX}/": CONSOLE_MEDIA_TYPES},
    )
    # Outermost: every answer, the guard's refusals included, has an id and a log line.
    app.add_middleware(RequestTelemetry, metrics=settings.metrics)

    for router in (
        requesters_router,
        contacts_router,
        research_router,
        checking_router,
        drafts_router,
        batches_router,
        review_router,
        outreach_router,
        prompts_router,
        tenants_router,
        usage_router,
        webhooks_router,
        llm_router,
        problems_router,
    ):
        app.include_router(router)

    # The review console: HTML pages at /console, outside the API's contract.
    install_console(app)

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        """The process is alive."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"], responses=error_responses(503))
    async def readyz(database: DatabaseDep) -> dict[str, str]:
        """The database answers; ready to serve."""
        try:
            await database.answers()
        except Exception:
            log.warning("readiness: database not reachable", exc_info=True)
            return _not_ready("The database is not reachable.")  # type: ignore[return-value]
        return {"status": "ready"}

    if settings.metrics:

        @app.get(
            "/metrics",
            tags=["health"],
            response_class=PlainTextResponse,
            responses={200: {"content": {"text/plain": {}}}},
        )
        async def metrics(database: DatabaseDep) -> PlainTextResponse:
            """Prometheus metrics (text format); `ASKWELL_METRICS=false` turns them off."""
            async with database.sessions(bind=database.autocommit) as session:
                live = await live_items(session)
            body, content_type = exposition(live)
            return PlainTextResponse(body, media_type=content_type)

    install_contract(app, named_enums=NAMED_ENUMS, examples={**REQUEST_BODIES, **RESPONSES})
    return app


def _not_ready(detail: str) -> JSONResponse:
    return problem_response(NotReady, detail, headers={"Retry-After": "5"})
