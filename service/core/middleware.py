"""ASGI middleware that guards requests before FastAPI reads them: one `Authorization`
header at most, bodies within the size limit, of a media type the route takes, and JSON
without duplicate members, numbers too long to read or nesting too deep to parse."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.core.errors import (
    PROBLEM_JSON,
    AppError,
    BadRequest,
    MalformedJson,
    PayloadTooLarge,
    Unprocessable,
    UnsupportedMediaType,
    problem_body,
)

_BODY_METHODS = {b"POST", b"PUT", b"PATCH"}


def _route_path(scope: Scope) -> str:
    """The path as the routes see it, without the prefix the app is mounted under."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


async def send_problem(
    send: Send,
    kind: type[AppError],
    detail: str,
    headers: Iterable[tuple[bytes, bytes]] = (),
    **extensions: Any,
) -> None:
    """Answer with a problem document before the app has read the request (the
    connection is closed after: the unread body cannot be trusted)."""
    body = json.dumps(problem_body(kind, detail, **extensions), separators=(",", ":")).encode()
    await send(
        {
            "type": "http.response.start",
            "status": kind.status,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# Routes that read another media type themselves, besides JSON: (method, path) -> types.
ROUTE_MEDIA_TYPES: Mapping[tuple[str, str], Iterable[str]] = {
    ("POST", "/v1/contacts/import"): ("text/csv",),
}


class _DuplicateMember(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    members: dict[str, Any] = {}
    for name, value in pairs:
        if name in members:
            raise _DuplicateMember(name)
        members[name] = value
    return members


def json_body_problem(body: bytes) -> tuple[type[AppError], str, dict[str, Any]] | None:
    """Why a JSON body cannot be taken as it was meant, if it cannot: (problem type,
    detail, extensions). A body that is simply not JSON is left to the route, which
    answers 400 with the position of the error."""
    try:
        json.loads(body, object_pairs_hook=_no_duplicates)
    except _DuplicateMember as duplicate:
        # Which of two values a client meant is not for the server to guess.
        name = duplicate.name if duplicate.name.isprintable() else repr(duplicate.name)
        return (
            Unprocessable,
            f"The JSON body has the member `{name}` twice.",
            {
                "errors": [
                    {"loc": ["body", name], "msg": "duplicate member", "type": "json_duplicate"}
                ]
            },
        )
    except RecursionError:
        return MalformedJson, "The JSON body is nested too deeply to read.", {}
    except ValueError as error:
        if "integer string conversion" in str(error):
            return MalformedJson, "The JSON body holds a number too long to read.", {}
    return None


def _is_json(content_type: bytes) -> bool:
    media_type = content_type.split(b";", 1)[0].strip().lower()
    return media_type == b"application/json" or (
        media_type.startswith(b"application/") and media_type.endswith(b"+json")
    )


class RequestGuard:
    """Refuse a request with two `Authorization` headers (400), oversized bodies (413)
    without reading them whole, non-JSON bodies (415) except where a route takes another
    media type, and JSON bodies the route would misread (`json_body_problem`)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        other_media_types: Iterable[str] = (),
        route_media_types: Mapping[tuple[str, str], Iterable[str]] = ROUTE_MEDIA_TYPES,
        prefix_media_types: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.other_media_types = frozenset(other_media_types)
        self.route_media_types = {
            route: frozenset(types) for route, types in route_media_types.items()
        }
        # Paths under a prefix that take other media types too (the console's forms).
        self.prefix_media_types = {
            prefix: frozenset(types) for prefix, types in (prefix_media_types or {}).items()
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if sum(1 for name, _ in scope["headers"] if name == b"authorization") > 1:
            await send_problem(send, BadRequest, "Send one `Authorization` header, not several.")
            return
        if scope["method"].encode() not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        limit = self.max_body_bytes
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await send_problem(send, BadRequest, "Content-Length is not a number.")
                return
            if size > limit:
                await self._too_large(send)
                return
        has_body = (declared is not None and declared != b"0") or b"transfer-encoding" in headers
        path = _route_path(scope)
        route_types = self.route_media_types.get((scope["method"], path), frozenset())
        for prefix, types in self.prefix_media_types.items():
            if path.startswith(prefix):
                route_types |= types
        if has_body and not self._acceptable(headers.get(b"content-type", b""), route_types):
            await send_problem(
                send,
                UnsupportedMediaType,
                f"Send the body as {' or '.join(['application/json', *sorted(route_types)])}.",
            )
            return

        # Read at most `limit` bytes ourselves (stopping as soon as it is exceeded), then
        # replay them: the app never sees a partial body and a huge one is never held.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > limit:
                await self._too_large(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body and _is_json(headers.get(b"content-type", b"")):
            problem = json_body_problem(body)
            if problem is not None:
                kind, detail, extensions = problem
                await send_problem(send, kind, detail, **extensions)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _acceptable(self, content_type: bytes, route_types: frozenset[str]) -> bool:
        media_type = content_type.split(b";", 1)[0].strip().lower().decode("latin-1")
        if media_type == "application/json" or (
            media_type.startswith("application/") and media_type.endswith("+json")
        ):
            return True
        return media_type in self.other_media_types or media_type in route_types

    async def _too_large(self, send: Send) -> None:
        await send_problem(
            send, PayloadTooLarge, f"The request body exceeds {self.max_body_bytes} bytes."
        )
