"""Domain errors and their one translation into RFC 9457 `application/problem+json`."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

log = logging.getLogger("askwell")

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "/problems/"


class Problem(BaseModel):
    """RFC 9457 problem details; extension members may follow."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="URI reference identifying the problem type.")
    title: str = Field(description="Short, human-readable summary of the problem type.")
    status: int = Field(description="HTTP status code.")
    detail: str = Field(description="Explanation specific to this occurrence.")


class FieldError(BaseModel):
    loc: list[str | int] = Field(description='Where the problem is, e.g. ["body", "name"].')
    msg: str
    type: str | None = None


class ValidationProblem(Problem):
    """A problem whose `errors` member lists each invalid field."""

    errors: list[FieldError] = Field(default_factory=list)


class AppError(Exception):
    """Base of every error the service raises on purpose."""

    status: int = 500
    slug: str = "internal-error"
    title: str = "Internal Server Error"

    def __init__(
        self,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}
        self.extensions = extensions


class BadRequest(AppError):
    status, slug, title = 400, "bad-request", "Bad Request"


class Unauthorized(AppError):
    status, slug, title = 401, "unauthorized", "Unauthorized"

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"}, **extensions)


class Forbidden(AppError):
    status, slug, title = 403, "forbidden", "Forbidden"


class NotFound(AppError):
    status, slug, title = 404, "not-found", "Not Found"


class Conflict(AppError):
    status, slug, title = 409, "conflict", "Conflict"


class NeedsResearch(Conflict):
    slug, title = "needs-research", "Needs Research"


class DoNotContact(Conflict):
    slug, title = "do-not-contact", "Do Not Contact"


class ContactExists(Conflict):
    slug, title = "contact-exists", "Contact Exists"


class AlreadyContacted(Conflict):
    slug, title = "already-contacted", "Already Contacted"


class FollowUpNotDue(Conflict):
    slug, title = "follow-up-not-due", "Follow-Up Not Due"


class InvalidTransition(Conflict):
    slug, title = "invalid-transition", "Invalid Transition"


class GateBlocked(Conflict):
    slug, title = "gate-failed", "Gate Failed"


class PreconditionFailed(AppError):
    status, slug, title = 412, "precondition-failed", "Precondition Failed"


class PreconditionRequired(AppError):
    status, slug, title = 428, "precondition-required", "Precondition Required"


class PayloadTooLarge(AppError):
    status, slug, title = 413, "payload-too-large", "Payload Too Large"


class UnsupportedMediaType(AppError):
    status, slug, title = 415, "unsupported-media-type", "Unsupported Media Type"


class Unprocessable(AppError):
    status, slug, title = 422, "validation-error", "Unprocessable Content"


class TooManyRequests(AppError):
    status, slug, title = 429, "rate-limited", "Too Many Requests"


class BadGateway(AppError):
    status, slug, title = 502, "llm-failed", "Bad Gateway"


def problem_response(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + (slug or phrase.lower().replace(" ", "-").replace("'", "")),
        "title": title or phrase,
        "status": status,
        "detail": detail,
    }
    body.update(extensions)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Never echo the input back: it may be large, personal or a secret.
    return [
        {"loc": list(err.get("loc", ())), "msg": str(err.get("msg", "")), "type": err.get("type")}
        for err in exc.errors()[:50]
    ]


async def _app_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return problem_response(
        exc.status,
        exc.detail,
        slug=exc.slug,
        title=exc.title,
        headers=exc.headers,
        **exc.extensions,
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        # Starlette names only the first route that matched the path; name them all.
        allowed = _allowed_methods(request)
        if allowed:
            headers["Allow"] = ", ".join(allowed)
            detail = f"Use one of: {', '.join(allowed)}."
    return problem_response(exc.status_code, detail, headers=headers)


_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def _allowed_methods(request: Request) -> list[str]:
    """Methods some route fully matches for this path (asking the routes, not guessing)."""
    return [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
        )
    ]


async def _request_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _validation_errors(exc)
    if any(e["type"] == "json_invalid" for e in errors):
        return problem_response(
            400, "The request body is not valid JSON.", slug="malformed-json", errors=errors
        )
    return problem_response(
        422,
        "The request is not valid; see `errors`.",
        slug="validation-error",
        title="Unprocessable Content",
        errors=errors,
    )


async def _integrity_error(_request: Request, exc: Exception) -> JSONResponse:
    log.info("integrity error: %s", type(exc).__name__)
    return problem_response(409, "The request conflicts with the current state of a resource.")


async def _data_error(_request: Request, exc: Exception) -> JSONResponse:
    log.info("data error: %s", type(exc).__name__)
    return problem_response(
        422, "A value is not acceptable to the database.", slug="validation-error"
    )


async def _operational_error(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("database unavailable", exc_info=exc)
    return problem_response(
        503, "The database is temporarily unavailable.", headers={"Retry-After": "1"}
    )


async def _unhandled(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return problem_response(500, "An unexpected error occurred.", slug="internal-error")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _request_validation_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(OperationalError, _operational_error)
    app.add_exception_handler(Exception, _unhandled)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries documenting problem+json errors of a route."""
    responses: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        model = ValidationProblem if status in {400, 422} else Problem
        responses[status] = {
            "model": model,
            "description": HTTPStatus(status).phrase,
            "content": {
                PROBLEM_JSON: {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
            },
        }
    return responses
