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

from service.core.context import current_request_id

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
    request_id: str | None = Field(
        default=None,
        description="The request's id (its `X-Request-ID`), as in the service's logs.",
    )


class FieldError(BaseModel):
    loc: list[str | int] = Field(description='Where the problem is, e.g. ["body", "name"].')
    msg: str
    type: str | None = None


class ValidationProblem(Problem):
    """A problem whose `errors` member lists each invalid field."""

    errors: list[FieldError] = Field(default_factory=list)


class AppError(Exception):
    """The service failed in a way it did not expect. Nothing the request asked for is half
    done; try again later, and quote the problem's `request_id` if it persists."""

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
    """The request cannot be read as sent: a header, parameter or body is malformed."""

    status, slug, title = 400, "bad-request", "Bad Request"


class MalformedJson(BadRequest):
    """The body is not JSON the service can read: a syntax error (its position is in
    `errors`), a number too long or nesting too deep."""

    slug, title = "malformed-json", "Malformed JSON"


class Unauthorized(AppError):
    """No valid API key was sent. Send `Authorization: Bearer <key>` with a key that has
    not been revoked."""

    status, slug, title = 401, "unauthorized", "Unauthorized"

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"}, **extensions)


class Forbidden(AppError):
    """The API key is valid but lacks the scope this operation needs (`read`,
    `drafts:write`, `review` or `admin`)."""

    status, slug, title = 403, "forbidden", "Forbidden"


class NotFound(AppError):
    """Nothing of the calling tenant's is at this path: it never existed, was erased, or
    belongs to another tenant (which is never told apart)."""

    status, slug, title = 404, "not-found", "Not Found"


class MethodNotAllowed(AppError):
    """The path exists but not with this method; the `Allow` header lists those it takes."""

    status, slug, title = 405, "method-not-allowed", "Method Not Allowed"


class Conflict(AppError):
    """The request conflicts with the current state of a resource (a concurrent change,
    or a duplicate of something that must be unique)."""

    status, slug, title = 409, "conflict", "Conflict"


class NeedsResearch(Conflict):
    """A draft needs something known about the contact: add research first
    (`PUT /v1/contacts/{id}/research`)."""

    slug, title = "needs-research", "Needs Research"


class DoNotContact(Conflict):
    """The contact asked not to be contacted (or was opted out): nothing is drafted,
    approved or sent for them."""

    slug, title = "do-not-contact", "Do Not Contact"


class ContactExists(Conflict):
    """A contact with the same e-mail address or LinkedIn profile already exists; its id
    is in `contact_id`. Use it, or ask with `?on_duplicate=return`."""

    slug, title = "contact-exists", "Contact Exists"


class AlreadyContacted(Conflict):
    """The person already has a cold request drafted, approved or sent. Write a follow-up
    instead, or say why another first request is right (`allow_repeat`, `repeat_reason`)."""

    slug, title = "already-contacted", "Already Contacted"


class FollowUpNotDue(Conflict):
    """A follow-up is not due yet (`due_at` says when). Wait, or send `force: true` with a
    reason the draft records."""

    slug, title = "follow-up-not-due", "Follow-Up Not Due"


class InvalidTransition(Conflict):
    """The draft's status does not allow this step (e.g. approving a rejected draft, or
    marking a draft sent before it is approved)."""

    slug, title = "invalid-transition", "Invalid Transition"


class GateBlocked(Conflict):
    """The text fails the checklist gate, so it cannot be approved; `gate` holds the
    report with each failing check and how to fix it. Edit the draft and try again."""

    slug, title = "gate-failed", "Gate Failed"


class PreconditionFailed(AppError):
    """The `If-Match` ETag is not the resource's current one: someone changed it since you
    read it. Read it again (GET), look at the change, and retry with the new ETag."""

    status, slug, title = 412, "precondition-failed", "Precondition Failed"


class PayloadTooLarge(AppError):
    """The request body is larger than the service accepts (`ASKWELL_MAX_BODY_BYTES`)."""

    status, slug, title = 413, "payload-too-large", "Content Too Large"


class UnsupportedMediaType(AppError):
    """The body's `Content-Type` is not one this operation reads (JSON, or CSV where the
    operation says so)."""

    status, slug, title = 415, "unsupported-media-type", "Unsupported Media Type"


class Unprocessable(AppError):
    """The request is well-formed but a value is not acceptable; `errors` lists each field
    (`loc`) and why (`msg`)."""

    status, slug, title = 422, "validation-error", "Unprocessable Content"


class PreconditionRequired(AppError):
    """This change needs `If-Match: <ETag>` (from the GET), so that it cannot overwrite a
    change you have not seen."""

    status, slug, title = 428, "precondition-required", "Precondition Required"


class TooManyRequests(AppError):
    """A rate limit or quota is reached; `Retry-After` says when to try again, and a
    quota's problem names it in `quota`."""

    status, slug, title = 429, "rate-limited", "Too Many Requests"


class BadGateway(AppError):
    """No draft was made: the model server could not be reached, kept failing, or refused
    askwell's request. `reason` names which (`model_server_unreachable`,
    `model_server_error`, `model_server_busy`, `model_auth`, `model_quota`,
    `model_request_refused`), `detail` what the server said, `attempts` every call. The
    first three may pass: try again later; the others need a setting changed
    (`askwell llm check` says which). A model that answers, but never with a usable draft,
    is not this: that draft is stored as `model_failed`."""

    status, slug, title = 502, "llm-failed", "Bad Gateway"


class ServiceUnavailable(AppError):
    """The service cannot answer now (its database is unreachable); `Retry-After` says
    when to try again."""

    status, slug, title = 503, "service-unavailable", "Service Unavailable"


class NotReady(ServiceUnavailable):
    """The instance is not ready to serve (its database does not answer); route traffic
    elsewhere and ask again after `Retry-After`."""

    slug, title = "not-ready", "Not Ready"


def problem_types() -> dict[str, type[AppError]]:
    """Every problem type the service answers with, by slug (`/problems/{slug}`)."""
    found: dict[str, type[AppError]] = {}
    pending: list[type[AppError]] = [AppError]
    while pending:
        kind = pending.pop()
        found.setdefault(kind.slug, kind)
        pending.extend(kind.__subclasses__())
    return found


# A status without a type of its own (Starlette's 404 for an unknown path, its 405...).
_BY_STATUS: dict[int, type[AppError]] = {
    kind.status: kind
    for kind in (
        BadRequest,
        NotFound,
        MethodNotAllowed,
        Conflict,
        PayloadTooLarge,
        UnsupportedMediaType,
        Unprocessable,
        TooManyRequests,
        ServiceUnavailable,
        AppError,
    )
}


def problem_body(kind: type[AppError], detail: str, **extensions: Any) -> dict[str, Any]:
    """The problem document: type, title, status, detail, the request's id, extensions."""
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + kind.slug,
        "title": kind.title,
        "status": kind.status,
        "detail": detail,
    }
    request_id = current_request_id()
    if request_id is not None:
        body["request_id"] = request_id
    body.update(extensions)
    return body


def problem_response(
    kind: type[AppError],
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    return JSONResponse(
        problem_body(kind, detail, **extensions),
        status_code=kind.status,
        headers=headers,
        media_type=PROBLEM_JSON,
    )


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Never echo the input back: it may be large, personal or a secret.
    return [
        {"loc": list(err.get("loc", ())), "msg": str(err.get("msg", "")), "type": err.get("type")}
        for err in exc.errors()[:50]
    ]


async def _app_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return problem_response(type(exc), exc.detail, headers=exc.headers, **exc.extensions)


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
    kind = _BY_STATUS.get(exc.status_code)
    if kind is None:
        # A status the service never answers on purpose: RFC 9457's untyped problem.
        return JSONResponse(
            {"type": "about:blank", "title": HTTPStatus(exc.status_code).phrase}
            | problem_body(AppError, detail, status=exc.status_code),
            status_code=exc.status_code,
            headers=headers,
            media_type=PROBLEM_JSON,
        )
    if kind is NotFound and detail == "Not Found":
        detail = "Nothing is at this path; see /docs for the API's paths."
    return problem_response(kind, detail, headers=headers)


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
        return problem_response(MalformedJson, "The request body is not valid JSON.", errors=errors)
    return problem_response(Unprocessable, "The request is not valid; see `errors`.", errors=errors)


async def _integrity_error(_request: Request, exc: Exception) -> JSONResponse:
    log.info("integrity error: %s", type(exc).__name__)
    return problem_response(Conflict, "The request conflicts with the current state of a resource.")


async def _data_error(_request: Request, exc: Exception) -> JSONResponse:
    log.info("data error: %s", type(exc).__name__)
    return problem_response(Unprocessable, "A value is not acceptable to the database.")


async def _operational_error(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("database unavailable", exc_info=exc)
    return problem_response(
        ServiceUnavailable, "The database is temporarily unavailable.", headers={"Retry-After": "1"}
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _request_validation_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(OperationalError, _operational_error)
    # Any other exception becomes a 500 problem in `service.core.telemetry`, which logs it
    # once with the request it belongs to.


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
