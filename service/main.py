"""The FastAPI application: settings, database, routers, error handling, health."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from service import migrations
from service.batches.engine import Submitter, start_runner, stop_runner
from service.batches.router import router as batches_router
from service.checking.router import router as checking_router
from service.config import Settings, get_settings
from service.contacts.fastlist import FastContactList
from service.contacts.router import router as contacts_router
from service.db import DatabaseSlots, make_engine, pool_capacity
from service.drafts.recent import RecentDrafts
from service.drafts.router import prompts_router
from service.drafts.router import router as drafts_router
from service.errors import (
    PROBLEM_JSON,
    Problem,
    error_responses,
    install_error_handlers,
    problem_response,
)
from service.heap import settle_heap
from service.hotdb import HotDatabase
from service.llm.drafting import build_drafter
from service.llm.prompts import load_registry, resolve_prompts_dir
from service.middleware import BodyGuard
from service.ratelimit import RateLimiter
from service.requesters.router import router as requesters_router
from service.research.router import router as research_router
from service.review.router import outreach_router
from service.review.router import router as review_router
from service.schemas import StrictInput
from service.tenants.router import router as tenants_router

log = logging.getLogger("askwell")

API_VERSION = "0.1.0"
DESCRIPTION = """\
askwell drafts informational-interview requests with an LLM and refuses to let a lazy one
through: a deterministic checklist gate rejects any draft without a specific reason for
writing to this person, a clear time ask, or a preview of the questions.

Authenticate with `Authorization: Bearer <api key>`. Errors are RFC 9457
`application/problem+json`. Lists use cursor pagination (`limit`, `cursor`, `next_cursor`).
"""


def _operation_id(route: APIRoute) -> str:
    # Operation ids are the handler names (`list_contacts`), stable across releases.
    return route.name


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    if settings.migrate_on_start:
        await run_in_threadpool(migrations.upgrade, settings.database_url)
    # Started on this thread, inside the running loop: the engine then runs batch items on
    # the loop the drafter's HTTP client belongs to.
    runner = settings.batch_embedded_worker and await start_runner(
        settings,
        engine=app.state.engine,
        drafter=app.state.drafter,
        registry=app.state.prompts,
        recent_drafts=app.state.recent_drafts,
        hot=app.state.hot_db,
    )
    settle_heap()
    try:
        yield
    finally:
        if runner:
            await run_in_threadpool(stop_runner)
        await app.state.batch_submitter.drain()
        app.state.batch_submitter.close()
        client = getattr(app.state.drafter, "client", None)
        if client is not None:
            await client.aclose()
        await app.state.hot_db.close()
        app.state.db_slots.close()
        app.state.engine.dispose()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="askwell",
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
            {"name": "health", "description": "Liveness and readiness."},
        ],
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings.database_url, pool_size=settings.database_pool_size)
    app.state.db_slots = DatabaseSlots(pool_capacity(app.state.engine), app.state.engine)
    app.state.hot_db = HotDatabase(app.state.engine, pool_size=settings.hot_read_pool_size)
    app.state.recent_drafts = RecentDrafts()
    # A bad prompt file stops the service here, with the file and the reason in the message.
    app.state.prompts = load_registry(resolve_prompts_dir(settings.prompts_dir))
    app.state.drafter = build_drafter(settings, app.state.prompts)
    app.state.batch_submitter = Submitter(settings)
    app.state.rate_limiter = (
        RateLimiter(settings.rate_limit_per_minute) if settings.rate_limit_per_minute else None
    )

    install_error_handlers(app)
    app.add_middleware(BodyGuard, max_body_bytes=settings.max_body_bytes)
    if settings.fast_contact_list:  # outermost: before the body guard and the routing
        app.add_middleware(FastContactList)

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
    ):
        app.include_router(router)

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        """The process is alive."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"], responses=error_responses(503))
    async def readyz(request: Request) -> dict[str, str]:
        """The database answers; ready to serve."""
        if not await run_in_threadpool(_database_answers, request.app):
            return _not_ready("The database is not reachable.")  # type: ignore[return-value]
        return {"status": "ready"}

    _register_problem_schema(app)
    return app


def _database_answers(app: FastAPI) -> bool:
    try:
        with app.state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        log.warning("readiness: database not reachable", exc_info=True)
        return False


def _not_ready(detail: str) -> JSONResponse:
    return problem_response(503, detail, slug="not-ready", headers={"Retry-After": "5"})


NO_NUL_PATTERN = "^[^\\u0000]*$"


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def _document_no_nul(node: Any) -> None:
    """Say in the schema what StrictInput enforces: no NUL characters in any string."""
    if isinstance(node, dict):
        if node.get("type") == "string" and not {"pattern", "enum", "format"} & set(node):
            node["pattern"] = NO_NUL_PATTERN
        for value in node.values():
            _document_no_nul(value)
    elif isinstance(node, list):
        for value in node:
            _document_no_nul(value)


def _register_problem_schema(app: FastAPI) -> None:
    """Errors are documented as problem+json only; FastAPI's own 422 shapes are dropped."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = original()
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for code, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if code[0] in "45" and PROBLEM_JSON in content:
                        content.pop("application/json", None)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("Problem", Problem.model_json_schema())
        strict = {model.__name__ for model in _subclasses(StrictInput)}
        for name, component in components.items():
            if name in strict:
                _document_no_nul(component)
        text = json.dumps(schema)
        for unused in ("HTTPValidationError", "ValidationError"):
            if f"#/components/schemas/{unused}" not in text:
                components.pop(unused, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
