"""FastAPI dependencies, as `Annotated` aliases the routers use."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Header, Query, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from service.config import Settings
from service.db import DatabaseSlots, unit_of_work
from service.errors import Forbidden, TooManyRequests, Unauthorized
from service.idempotency import MAX_KEY_LENGTH
from service.pagination import DEFAULT_LIMIT, MAX_LIMIT
from service.ratelimit import RateLimiter, retry_after_header
from service.tenants.models import Scope
from service.tenants.service import Principal, authenticate

_bearer = HTTPBearer(auto_error=False, description="An askwell API key: `Bearer askw_…`.")


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _database_slot(request: Request) -> AsyncIterator[None]:
    slots: DatabaseSlots = request.app.state.db_slots
    async with slots.slot():
        yield


def _finish(session: Session, *, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


async def get_session(
    request: Request, _slot: Annotated[None, Depends(_database_slot, scope="function")]
) -> AsyncIterator[Session]:
    """The request's unit of work: committed before the response is sent, or rolled back.

    Async on purpose: opening a Session does no I/O, and ending it is one threadpool hop
    (a sync generator would cost two).
    """
    session = Session(request.app.state.engine, expire_on_commit=False)
    try:
        yield session
    except BaseException:
        await run_in_threadpool(_finish, session, commit=False)
        raise
    await run_in_threadpool(_finish, session, commit=True)


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
# scope="function": the commit happens before the response leaves, so a failed commit
# becomes an error response instead of a silent loss after a 2xx.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_principal(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise Unauthorized("Send an API key as `Authorization: Bearer <key>`.")
    principal = authenticate(
        session, api_key=credentials.credentials, pepper=settings.api_key_pepper.get_secret_value()
    )
    limiter: RateLimiter | None = request.app.state.rate_limiter
    if limiter is not None and (wait := limiter.acquire(principal.key_id)) is not None:
        raise TooManyRequests(
            "Too many requests for this API key; slow down.",
            headers={"Retry-After": retry_after_header(wait)},
        )
    return principal


async def get_principal_standalone(
    request: Request,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """Authenticate in a transaction of its own, for async routes that wait on a model and
    must not hold a request-long session meanwhile."""

    def authenticate_once() -> Principal:
        with unit_of_work(request.app.state.engine) as session:
            return get_principal(request, session, settings, credentials)

    slots: DatabaseSlots = request.app.state.db_slots
    return await slots.run(authenticate_once)


def require_standalone(scope: Scope) -> Callable[[Principal], Awaitable[Principal]]:
    async def check(
        principal: Annotated[Principal, Depends(get_principal_standalone)],
    ) -> Principal:
        if not principal.has(scope):
            raise Forbidden(f"This API key lacks the `{scope.value}` scope.")
        return principal

    return check


def require(scope: Scope) -> Callable[[Principal], Awaitable[Principal]]:
    # async: a scope check does no I/O, so it need not cost a threadpool hop.
    async def check(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        if not principal.has(scope):
            raise Forbidden(f"This API key lacks the `{scope.value}` scope.")
        return principal

    return check


Reader = Annotated[Principal, Security(require(Scope.read))]
Writer = Annotated[Principal, Security(require(Scope.drafts_write))]
Reviewer = Annotated[Principal, Security(require(Scope.review))]
Admin = Annotated[Principal, Security(require(Scope.admin))]
# For async routes that must not hold a database session while they wait (LLM calls).
StandaloneWriter = Annotated[Principal, Security(require_standalone(Scope.drafts_write))]

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=MAX_KEY_LENGTH,
        pattern=r"^[\x21-\x7e]+$",
        description="Makes retries safe: a replay returns the first response.",
    ),
]

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size (1–100).")]
Cursor = Annotated[
    str | None,
    Query(max_length=512, description="`next_cursor` from the previous page; omit for the first."),
]
__all__ = ["DEFAULT_LIMIT"]
