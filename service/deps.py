"""FastAPI dependencies, as `Annotated` aliases the routers use."""

from __future__ import annotations

import math
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from functools import partial
from typing import Annotated, Any

from fastapi import Depends, Header, Query, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from service.config import Settings
from service.db import DatabaseSlots
from service.errors import Forbidden, NotFound, TooManyRequests, Unauthorized
from service.hotdb import HotConnection, HotDatabase
from service.idempotency import MAX_KEY_LENGTH
from service.pagination import DEFAULT_LIMIT, MAX_LIMIT, Position, read_cursor
from service.ratelimit import RateLimiter, retry_after_header
from service.rawdb import Dialect, run_raw
from service.tenants.models import Scope
from service.tenants.service import (
    KEY_BY_HASH,
    KEY_COLUMNS,
    LAST_USED_RESOLUTION,
    Principal,
    key_digest,
    page_with_key,
    principal_from_row,
    touch_key,
)

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
    if session.in_transaction():
        await run_in_threadpool(_finish, session, commit=True)
    else:
        session.close()  # a sync handler committed in its own thread (service.routing)


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
# scope="function": the commit happens before the response leaves, so a failed commit
# becomes an error response instead of a silent loss after a 2xx.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


class _TouchClaims:
    """One request per key and process records a key's use when it is due, not every
    request that arrives before the first one's write lands."""

    def __init__(self, every_s: float) -> None:
        self.every_s = every_s
        self._claimed: dict[uuid.UUID, float] = {}
        self._lock = threading.Lock()

    def claim(self, key_id: uuid.UUID) -> bool:
        now = time.monotonic()
        with self._lock:
            if now - self._claimed.get(key_id, -math.inf) < self.every_s:
                return False
            if len(self._claimed) > 10_000:
                self._claimed.clear()
            self._claimed[key_id] = now
            return True


_TOUCHES = _TouchClaims(LAST_USED_RESOLUTION.total_seconds())


def credential_digest(request: Request, credentials: HTTPAuthorizationCredentials | None) -> str:
    """The digest to look the presented key up by; 401 when there is none to look up."""
    if credentials is None:
        raise Unauthorized("Send an API key as `Authorization: Bearer <key>`.")
    return token_digest(request, credentials.credentials)


def token_digest(request: Request, token: str) -> str:
    """The digest of a bearer token; 401 when it is not shaped like a key."""
    settings: Settings = request.app.state.settings
    return key_digest(token, pepper=settings.api_key_pepper.get_secret_value())


async def admit(
    request: Request, principal: Principal, *, touch: bool, scope: Scope | None = None
) -> None:
    """Let a known key's request through: record the key's use when it is due, then 429
    over the key's rate limit, 403 without `scope`."""
    app = request.app
    if touch and _TOUCHES.claim(principal.key_id):  # a write, so on the engine
        slots: DatabaseSlots = app.state.db_slots
        await slots.run(run_raw, app.state.engine, partial(touch_key, key_id=principal.key_id))
    limiter: RateLimiter | None = app.state.rate_limiter
    if limiter is not None and (wait := limiter.acquire(principal.key_id)) is not None:
        raise TooManyRequests(
            "Too many requests for this API key; slow down.",
            headers={"Retry-After": retry_after_header(wait)},
        )
    if scope is not None and not principal.has(scope):
        raise Forbidden(f"This API key lacks the `{scope.value}` scope.")


async def authorize_row(
    request: Request,
    dialect: Dialect,
    row: tuple[Any, ...] | None,
    *,
    digest: str,
    scope: Scope | None = None,
) -> Principal:
    """The principal of a key row read by digest: 401 when there is no valid key, then as
    `admit`."""
    principal, touch = principal_from_row(dialect, row, digest=digest)
    await admit(request, principal, touch=touch, scope=scope)
    return principal


async def authorize(
    request: Request,
    db: HotConnection,
    credentials: HTTPAuthorizationCredentials | None,
    scope: Scope | None = None,
) -> Principal:
    """The caller's principal, with its key looked up on `db` (see `authorize_row`)."""
    digest = credential_digest(request, credentials)
    row = await db.one_or_none(KEY_BY_HASH, (digest,))
    return await authorize_row(request, db, row, digest=digest, scope=scope)


# Hot pages are keyset pages by `(created_at, id)` (`service.pagination.raw_keyset`).
_PAGE_ORDER = ("created_at", "id")
PageQuery = Callable[[Dialect, Position | None], tuple[str, list[Any]]]
# Runs once the key is known, with its principal and whether its use is due a write;
# raises to refuse the request.
KeyCheck = Callable[[Principal, bool], Awaitable[None]]


async def read_key_and_page(
    db: HotConnection, *, digest: str, page: tuple[str, list[Any]], check: KeyCheck
) -> tuple[Principal, list[tuple[Any, ...]]]:
    """The principal of the key with `digest` (401 when there is none) and one page of
    its tenant's list, with `check` run on the key before the page is used.

    `page` is the page's SQL, where `{tenant}` stands for the tenant and comes before any
    `?`, and its parameters. On PostgreSQL the key and the page are one statement
    (`page_with_key`): one round trip, not two. SQLite has no round trips to save, and two
    plain statements are cheaper there than the join; `check` then runs between them, so a
    refused key reads no page.
    """
    sql, params = page
    if db.sqlite:
        row = await db.one_or_none(KEY_BY_HASH, (digest,))
        principal, touch = principal_from_row(db, row, digest=digest)
        await check(principal, touch)
        tenant = db.uuid_param(principal.tenant_id)
        return principal, await db.all(sql.format(tenant="?"), [tenant, *params])
    rows = await db.all(page_with_key(sql, order=_PAGE_ORDER), [digest, *params, digest])
    width = len(KEY_COLUMNS)
    principal, touch = principal_from_row(db, rows[0][:width] if rows else None, digest=digest)
    await check(principal, touch)
    return principal, [row[width:] for row in rows if row[width] is not None]


async def read_hot_page(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None,
    scope: Scope,
    *,
    cursor: str | None,
    list_name: str,
    page_query: PageQuery,
) -> tuple[Principal, Dialect, list[tuple[Any, ...]]]:
    """Authorize the caller and read one page of a tenant's list, on the event loop.

    `page_query(dialect, position)` gives the page's SQL and parameters (see
    `read_key_and_page`).
    """
    hot: HotDatabase = request.app.state.hot_db
    digest = credential_digest(request, credentials)
    try:
        position = None if cursor is None else read_cursor(cursor, kind=datetime)
    except NotFound:
        async with hot.connection() as db:  # a bad key answers 401 before a bad cursor
            await authorize(request, db, credentials, scope)
        raise

    async def check(principal: Principal, touch: bool) -> None:
        await admit(request, principal, touch=touch, scope=scope)
        if position is not None:
            position.check(f"{principal.tenant_id}/{list_name}")

    async with hot.connection() as db:
        principal, rows = await read_key_and_page(
            db, digest=digest, page=page_query(db, position), check=check
        )
    return principal, db, rows


async def get_principal(request: Request, credentials: Credentials) -> Principal:
    """Authenticate on the event loop (see `service.hotdb`), in no request transaction."""
    hot: HotDatabase = request.app.state.hot_db
    async with hot.connection() as db:
        return await authorize(request, db, credentials)


def require(scope: Scope) -> Callable[[Principal], Awaitable[Principal]]:
    async def check(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        if not principal.has(scope):
            raise Forbidden(f"This API key lacks the `{scope.value}` scope.")
        return principal

    return check


Reader = Annotated[Principal, Security(require(Scope.read))]
Writer = Annotated[Principal, Security(require(Scope.drafts_write))]
Reviewer = Annotated[Principal, Security(require(Scope.review))]
Admin = Annotated[Principal, Security(require(Scope.admin))]

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
CURSOR_MAX_LENGTH = 512
Cursor = Annotated[
    str | None,
    Query(
        max_length=CURSOR_MAX_LENGTH,
        description="`next_cursor` from the previous page; omit for the first.",
    ),
]
__all__ = ["DEFAULT_LIMIT"]
