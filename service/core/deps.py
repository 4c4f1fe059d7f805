"""FastAPI dependencies, as `Annotated` aliases the routers use.

Routers take what they need from here, never from `app.state`: the request's session, the
caller's principal (with the scope it needs), settings, the prompt registry, the drafter.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from service.batches.engine import Submitter
from service.core.config import Settings
from service.core.context import note_tenant
from service.core.db import Database
from service.core.errors import Forbidden, TooManyRequests, Unauthorized
from service.core.idempotency import MAX_KEY_LENGTH
from service.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from service.core.ratelimit import RequestLimits, retry_after_header
from service.drafts.service import Drafting
from service.llm.prompts import PromptRegistry
from service.tenants.models import Scope
from service.tenants.service import Principal, authenticate, key_digest, touch_key

_bearer = HTTPBearer(auto_error=False, description="An askwell API key: `Bearer askw_…`.")


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_database(request: Request) -> Database:
    database: Database = request.app.state.db
    return database


# Methods that change nothing (RFC 9110 "safe"): their statements need no transaction.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_READS_ONLY = "__askwell_reads_only__"

_Endpoint = TypeVar("_Endpoint", bound=Callable[..., Any])


def reads_only(endpoint: _Endpoint) -> _Endpoint:
    """Marks a handler that changes nothing though its method is not safe (a POST that
    only computes, such as a gate check): its statements run like a GET's."""
    setattr(endpoint, _READS_ONLY, True)
    return endpoint


def _reads_only(request: Request) -> bool:
    if request.method in SAFE_METHODS:
        return True
    route = request.scope.get("route")
    return getattr(getattr(route, "endpoint", None), _READS_ONLY, False)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's unit of work: committed before the response is sent, or rolled back.

    The session opens a transaction at its first statement, so a request that never
    touches the database costs none. A read (a safe method, or a handler marked
    `reads_only`) runs its statements in autocommit: it needs no transaction, and BEGIN
    and COMMIT would double its round trips. (The one write a read makes, a key's last
    use, is a single statement.)
    """
    database: Database = request.app.state.db
    if _reads_only(request):
        async with database.sessions(bind=database.autocommit) as session:
            yield session  # each statement committed itself
        return
    async with database.sessions() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        await session.commit()


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
DatabaseDep = Annotated[Database, Depends(get_database)]
# scope="function": the commit happens before the response leaves, so a failed commit
# becomes an error response instead of a silent loss after a 2xx.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]

Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def client_address(request: Request) -> str:
    """Who is asking, as far as the connection tells (the proxy's word when uvicorn trusts
    the proxy's forwarded headers)."""
    return request.client.host if request.client is not None else "unknown"


async def get_principal(
    request: Request, session: SessionDep, credentials: Credentials
) -> Principal:
    """The caller: 401 without a valid key, 429 over the key's rate limit or after too many
    failed sign-ins from the address. The key's last use is written (at most once a
    minute) in the request's transaction."""
    limits: RequestLimits = request.app.state.limits
    address = client_address(request)
    refused = await limits.sign_in_refused(address)
    if refused is not None:
        raise TooManyRequests(
            "Too many failed sign-ins from this address; wait before trying again.",
            headers={"Retry-After": retry_after_header(refused.retry_after_s)},
        )
    settings: Settings = request.app.state.settings
    try:
        if credentials is None:
            raise Unauthorized("Send an API key as `Authorization: Bearer <key>`.")
        digest = key_digest(
            credentials.credentials, pepper=settings.api_key_pepper.get_secret_value()
        )
        principal, touch = await authenticate(session, digest=digest)
    except Unauthorized:
        await limits.sign_in_failed(address)
        raise
    note_tenant(principal.tenant_id)
    refused = await limits.take_request(principal.key_id)
    if refused is not None:
        raise TooManyRequests(
            "Too many requests for this API key; slow down.",
            headers={"Retry-After": retry_after_header(refused.retry_after_s)},
        )
    if touch:
        await touch_key(session, key_id=principal.key_id)
    return principal


def require(scope: Scope) -> Callable[[Principal], Awaitable[Principal]]:
    async def check(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        if not principal.has(scope):
            raise Forbidden(f"This API key lacks the `{scope.value}` scope.")
        return principal

    return check


Reader = Annotated[Principal, Depends(require(Scope.read))]
Writer = Annotated[Principal, Depends(require(Scope.drafts_write))]
Reviewer = Annotated[Principal, Depends(require(Scope.review))]
Admin = Annotated[Principal, Depends(require(Scope.admin))]


async def get_prompts(request: Request) -> PromptRegistry:
    registry: PromptRegistry = request.app.state.prompts
    return registry


async def get_drafting(request: Request) -> Drafting:
    """The process's drafter, prompts, repair budget and recent drafts."""
    drafting: Drafting = request.app.state.drafting
    return drafting


async def get_submitter(request: Request) -> Submitter:
    submitter: Submitter = request.app.state.batch_submitter
    return submitter


PromptsDep = Annotated[PromptRegistry, Depends(get_prompts)]
DraftingDep = Annotated[Drafting, Depends(get_drafting)]
SubmitterDep = Annotated[Submitter, Depends(get_submitter)]

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
