"""`GET /v1/contacts` answered beneath the framework, for the requests it would answer 200.

The contacts list is the service's hottest read, and on it the framework costs more than
the work: middlewares, routing over every route, dependency solving and query validation
take longer than the key lookup and the page, which the database writes as JSON
(`service.contacts.service.contacts_page_json`). This layer sits outermost and answers
the plain case itself, with the route's own pieces: the same key lookup and checks
(`service.deps.read_key_and_page`, `admit`), the same cursor check, the same page query
and the same JSON.

The invariant: it answers only what `list_contacts` would answer 200 to, with the same
status, headers and body bytes, and has the same effects (the key's rate limit and last
use). Anything else, or anything it is not sure of, it hands on unchanged to the app, so
every error still comes from the one normal stack: a missing, malformed, unknown or
revoked key, a key without `read`, a rate-limited key, a bad or foreign cursor, an
unknown, repeated or invalid query parameter (even one FastAPI would accept, such as
`limit=05`), any method but GET, any other path, any error on the way. Refusals are
found before anything is written or counted; only the rate limit itself is checked last,
and a refused take leaves the bucket as it was.

`tests/contacts/test_fast_list.py` compares its answers with the app's without it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import cast, get_args
from urllib.parse import parse_qsl

from fastapi.security.utils import get_authorization_scheme_param
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from service.contacts.models import Seniority
from service.contacts.router import NAME_SEARCH_MAX_LENGTH, ORGANIZATION_MAX_LENGTH
from service.contacts.service import contacts_page_json, contacts_page_query
from service.deps import CURSOR_MAX_LENGTH, admit, read_key_and_page, token_digest
from service.errors import AppError
from service.hotdb import HotDatabase
from service.pagination import DEFAULT_LIMIT, MAX_LIMIT, read_cursor
from service.tenants.models import Scope as KeyScope
from service.tenants.service import Principal

log = logging.getLogger("askwell")

LIST_PATH = "/v1/contacts"
_SENIORITIES = frozenset(get_args(Seniority))


def _limit(value: str) -> bool:
    # Plain decimals only: pydantic also takes " 5", "05", "5.0" and "1_0", which go on.
    return value.isascii() and value.isdigit() and value[0] != "0" and int(value) <= MAX_LIMIT


def _text(max_length: int) -> Callable[[str], bool]:
    # NUL goes on: the databases disagree about it, and the normal stack answers for it.
    return lambda value: len(value) <= max_length and "\x00" not in value


_PARAMETERS: Mapping[str, Callable[[str], bool]] = {
    "limit": _limit,
    "cursor": lambda value: 0 < len(value) <= CURSOR_MAX_LENGTH,
    "organization": _text(ORGANIZATION_MAX_LENGTH),
    "seniority": _SENIORITIES.__contains__,
    "q": _text(NAME_SEARCH_MAX_LENGTH),
}


def list_parameters(query_string: bytes) -> dict[str, str] | None:
    """The query's parameters when each is known, given once and plainly valid; else None.

    Parsed as Starlette parses a query string, so the values are the ones the route gets.
    """
    if not query_string:
        return {}
    parameters: dict[str, str] = {}
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        valid = _PARAMETERS.get(name)
        if valid is None or name in parameters or not valid(value):
            return None
        parameters[name] = value
    return parameters


def bearer_token(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The token of the one `Authorization: Bearer` header, as `HTTPBearer` reads it."""
    authorization = None
    for name, value in headers:
        if name == b"authorization":
            if authorization is not None:
                return None
            authorization = value
    if authorization is None:
        return None
    scheme, token = get_authorization_scheme_param(authorization.decode("latin-1"))
    if not scheme or not token or scheme.lower() != "bearer":
        return None
    return token


class _HandOn(Exception):
    """The normal stack answers this request."""


class FastContactList:
    """Pure ASGI: answers a plain `GET /v1/contacts` (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"] == scope.get("root_path", "") + LIST_PATH
        ):
            body = await _answer(scope)
            if body is not None:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-length", str(len(body)).encode("latin-1")),
                            (b"content-type", b"application/json"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


async def _answer(scope: Scope) -> bytes | None:
    """The 200 body `list_contacts` would send, or None to hand the request on."""
    parameters = list_parameters(scope["query_string"])
    token = bearer_token(scope["headers"])
    if parameters is None or token is None:
        return None
    try:
        return await _read_page(Request(scope), token, parameters)
    except (_HandOn, AppError):
        return None
    except Exception:
        # The normal stack meets the same trouble and answers for it.
        log.debug("fast contact list: handed on after an error", exc_info=True)
        return None


async def _read_page(request: Request, token: str, parameters: dict[str, str]) -> bytes:
    digest = token_digest(request, token)
    cursor = parameters.get("cursor")
    position = None if cursor is None else read_cursor(cursor, kind=datetime)
    touch_due = False

    async def check(principal: Principal, touch: bool) -> None:
        nonlocal touch_due
        # All the normal route could refuse for but the rate limit, before anything is
        # written or counted.
        if not principal.has(KeyScope.read):
            raise _HandOn
        if position is not None:
            position.check(f"{principal.tenant_id}/contacts")
        touch_due = touch

    limit = int(parameters.get("limit", DEFAULT_LIMIT))
    seniority = cast(Seniority | None, parameters.get("seniority"))
    hot: HotDatabase = request.app.state.hot_db
    async with hot.connection() as db:
        page = contacts_page_query(
            db,
            position,
            limit=limit,
            organization=parameters.get("organization"),
            seniority=seniority,
            q=parameters.get("q"),
        )
        principal, rows = await read_key_and_page(db, digest=digest, page=page, check=check)
    body = contacts_page_json(db, rows, tenant_id=principal.tenant_id, limit=limit)
    await admit(request, principal, touch=touch_due)
    return body
