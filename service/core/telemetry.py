"""What the service tells the people who run it: JSON log lines and request telemetry.

Every log line is one JSON object on standard output: the service's own events
(`structlog.get_logger(...)`, with key-value fields) and those of its libraries (uvicorn,
DBOS, anything on the standard library's `logging`) go through one handler and one
formatter, so a line is a line however it was made. Lines written while a request is
served carry its `request_id`.

`RequestTelemetry` is the outermost middleware: it gives each request an id (the client's
`X-Request-ID` when it is a sane token, otherwise a new one), echoes it in the response
header, writes one `request` line (method, route template, status, duration, tenant) and
observes the request metrics. An exception nothing else handled becomes a 500 problem
here, logged once with its traceback.

What is logged is ids, statuses and timings: names, e-mail addresses, research and message
text never are at the default level (SQL parameters are hidden by the engine too).
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from collections.abc import MutableMapping
from time import perf_counter
from typing import Any, Literal

import orjson
import structlog
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.core.context import begin_request, current_request_id
from service.core.errors import AppError
from service.core.metrics import REPLAYED_HEADER, observe_request
from service.core.middleware import send_problem

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._:/+=-]{1,128}$")

log = structlog.get_logger("askwell.http")

LogFormat = Literal["json", "console"]


def _add_request_id(_logger: Any, _name: str, event: MutableMapping[str, Any]) -> Any:
    if "request_id" not in event:
        request_id = current_request_id()
        if request_id is not None:
            event["request_id"] = request_id
    return event


def _json(value: Any, **_: Any) -> str:
    return orjson.dumps(value, default=str).decode()


_SHARED: list[Any] = [
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    _add_request_id,
]
_HANDLER_MARK = "askwell_handler"


def configure_logging(level: str = "INFO", log_format: LogFormat = "json") -> None:
    """One handler on the root logger, writing JSON (or readable lines for a terminal).

    Idempotent: called by every process entry (the app factory, the worker); a second call
    replaces the first's handler instead of adding one.
    """
    renderer: Any = (
        structlog.processors.JSONRenderer(serializer=_json)
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(formatter)
    setattr(handler, _HANDLER_MARK, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # uvicorn's loggers keep handlers of their own, which would print plain lines.
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    # The HTTP clients' own line per call would repeat the model-call lines, URL and all.
    for name in ("httpx", "httpx2", "openai"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # The batch engine says one line per schema migration step (125 on a new database).
    logging.getLogger("dbos").setLevel(logging.WARNING)
    # The `request` line is the access log; uvicorn writes none when its logger has no
    # handler to write to.
    access = logging.getLogger("uvicorn.access")
    access.handlers.clear()
    access.propagate = False
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_SHARED,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def _request_id(scope: Scope) -> str:
    value: bytes
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            if _SANE_REQUEST_ID.match(value):
                return value.decode("ascii")
            break
    return uuid.uuid4().hex


def route_template(scope: Scope) -> str:
    """The matched route's path template (`/v1/drafts/{draft_id}`), never the raw path."""
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    return str(path) if isinstance(path, str) else "unmatched"


class RequestTelemetry:
    def __init__(self, app: ASGIApp, *, metrics: bool = True) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = perf_counter()
        request_id = _request_id(scope)
        # Not reset afterwards: a request is served in a task of its own, whose context
        # ends with it.
        record = begin_request(request_id)
        status = 500
        response_started = False
        replayed = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started, replayed
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                headers = MutableHeaders(scope=message)
                replayed = headers.get(REPLAYED_HEADER) == "true"
                headers.append(REQUEST_ID_HEADER, request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error", route=route_template(scope))
            if response_started:
                raise
            status = 500
            await send_problem(
                send,
                AppError,
                "An unexpected error occurred.",
                headers=[(REQUEST_ID_HEADER.lower().encode(), request_id.encode())],
            )
        finally:
            elapsed = perf_counter() - started
            route = route_template(scope)
            if self.metrics:
                observe_request(scope["method"], route, status, elapsed, replayed=replayed)
            log.info(
                "request",
                method=scope["method"],
                route=route,
                status=status,
                duration_ms=round(elapsed * 1000, 2),
                tenant_id=None if record.tenant_id is None else str(record.tenant_id),
            )
