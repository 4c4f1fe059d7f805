"""The console's pages and forms. Each handler reads the session, calls the same service
functions the API's routes call (with the request's database session), and renders a
template; a write answers with a redirect to the page that shows its result."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from service.batches import service as batches
from service.console import render
from service.console.session import (
    CSRF_FIELD,
    ConsoleSession,
    clear_session,
    read_session,
    write_session,
)
from service.contacts.service import get_contact
from service.core.config import Settings
from service.core.context import note_tenant
from service.core.deps import SessionDep, SettingsDep, client_address
from service.core.errors import AppError, GateBlocked, NotFound, PreconditionFailed, Unauthorized
from service.core.ratelimit import RequestLimits
from service.drafts.service import etag, get_draft
from service.gate import Channel
from service.gate.catalog import CHECK_IDS
from service.requesters.service import get_requester, list_requesters
from service.research.service import get_research_version
from service.review import service as review
from service.review.models import ApprovalCreate, DraftEdit, RejectionCreate
from service.tenants.models import Scope
from service.tenants.service import (
    Principal,
    authenticate,
    authenticate_key_id,
    get_tenant,
    key_digest,
    touch_key,
)

PREFIX = "/console"
FORM_MEDIA_TYPES = ("application/x-www-form-urlencoded",)
_HERE = Path(__file__).parent
templates = Jinja2Templates(directory=_HERE / "templates")
templates.env.globals["check_label"] = render.check_label
templates.env.globals["CSRF_FIELD"] = CSRF_FIELD

router = APIRouter(prefix=PREFIX, include_in_schema=False)

CHANNELS: tuple[str, ...] = get_args(Channel)
QUEUE_PAGE = 20
ITEMS_PAGE = 50
# Pages run no script and load nothing from elsewhere, and no other site may frame them
# (an approve button under someone else's page is a click away from a decision).
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
NOTICES = {
    "signed-in": "Signed in.",
    "edited": "Your edit is saved as a new revision; the gate checked it again (below).",
    "approved": "Approved.",
    "rejected": "Rejected; the reason is recorded.",
    "cancelled": "Batch cancelled: queued items stop; drafts already made stay.",
}


@dataclass(frozen=True, slots=True)
class Reviewer:
    """A signed-in reviewer: the key's principal, the name decisions record, the session."""

    principal: Principal
    name: str
    session: ConsoleSession
    tenant_name: str


class SignInNeeded(Exception):
    """No valid session (none, expired, forged), or its key was revoked."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message)
        self.message = message


class CsrfRefused(Exception):
    """A form came without this session's CSRF token."""


def _limits(request: Request) -> RequestLimits:
    limits: RequestLimits = request.app.state.limits
    return limits


async def _signed_in(request: Request, session: AsyncSession, settings: Settings) -> Reviewer:
    """The reviewer of this request, with the key read again (a revoked key is refused)."""
    console = read_session(request, settings)
    if console is None or console.key_id is None or console.reviewer is None:
        raise SignInNeeded(None if console is None else "Sign in to continue.")
    try:
        principal, touch = await authenticate_key_id(session, key_id=console.key_id)
    except Unauthorized as refused:
        raise SignInNeeded(f"Your session has ended: {refused.detail}") from None
    if not principal.has(Scope.review):
        raise SignInNeeded("This API key lacks the `review` scope.")
    note_tenant(principal.tenant_id)
    if await _limits(request).take_request(principal.key_id) is not None:
        raise AppErrorPage(429, "Too many requests for this API key; wait a little.")
    if touch:
        await touch_key(session, key_id=principal.key_id)
    tenant = await get_tenant(session, tenant_id=principal.tenant_id)
    return Reviewer(principal, console.reviewer, console, tenant.name)


async def _form(request: Request, reviewer: Reviewer) -> Mapping[str, str]:
    """The posted form, once its CSRF token is this session's."""
    form = await request.form()
    if not reviewer.session.csrf_matches(form.get(CSRF_FIELD)):
        raise CsrfRefused
    return {name: value for name, value in form.items() if isinstance(value, str)}


class AppErrorPage(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _page(
    request: Request,
    name: str,
    reviewer: Reviewer | None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        name,
        {"reviewer": reviewer, "csrf": reviewer.session.csrf if reviewer else None, **context},
        status_code=status,
        headers=PAGE_HEADERS,
    )


Handler = Callable[..., Awaitable[Response]]


def console_page(handler: Handler) -> Handler:
    """A service error on a page is shown as a page, not as problem+json."""

    @functools.wraps(handler)
    async def page(*args: Any, **kwargs: Any) -> Response:
        try:
            return await handler(*args, **kwargs)
        except AppError as error:
            request: Request = kwargs["request"]
            return _page(request, "error.html", None, status=error.status, message=error.detail)

    return page


def _redirect(path: str, **query: str) -> RedirectResponse:
    target = path + (f"?{urlencode(query)}" if query else "")
    return RedirectResponse(target, status_code=303)


def _uuid(value: str | None) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise AppErrorPage(422, f"`{value}` is not an id.") from None


def _safe_next(value: str | None) -> str:
    # Only a page of the console, never another site.
    if value and value.startswith(f"{PREFIX}/") and not value.startswith("//"):
        return value
    return f"{PREFIX}/queue"


# -- signing in and out --------------------------------------------------------------------


def _sign_in_page(
    request: Request,
    settings: Settings,
    *,
    message: str | None = None,
    status: int = 200,
    next_path: str | None = None,
) -> HTMLResponse:
    console = ConsoleSession.anonymous()
    response = templates.TemplateResponse(
        request,
        "sign_in.html",
        {
            "reviewer": None,
            "csrf": console.csrf,
            "message": message,
            "next_path": _safe_next(next_path),
        },
        status_code=status,
        headers=PAGE_HEADERS,
    )
    write_session(response, console, settings)
    return response


@router.get("")
async def console_home() -> RedirectResponse:
    return _redirect(f"{PREFIX}/queue")


@router.get("/sign-in")
async def sign_in_form(request: Request, settings: SettingsDep) -> HTMLResponse:
    return _sign_in_page(request, settings, next_path=request.query_params.get("next"))


@router.post("/sign-in")
async def sign_in(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    console = read_session(request, settings)
    form = await request.form()
    fields = {name: value for name, value in form.items() if isinstance(value, str)}
    next_path = fields.get("next")
    if console is None or not console.csrf_matches(fields.get(CSRF_FIELD)):
        raise CsrfRefused
    limits = _limits(request)
    address = client_address(request)
    if await limits.sign_in_refused(address) is not None:
        return _sign_in_page(
            request,
            settings,
            message="Too many failed sign-ins from this address; wait a minute.",
            status=429,
            next_path=next_path,
        )
    name = fields.get("reviewer", "").strip()
    if not 1 <= len(name) <= 200:
        return _sign_in_page(
            request,
            settings,
            message="Give your name (up to 200 characters): it is recorded on every decision.",
            status=422,
            next_path=next_path,
        )
    try:
        digest = key_digest(
            fields.get("api_key", "").strip(), pepper=settings.api_key_pepper.get_secret_value()
        )
        principal, touch = await authenticate(session, digest=digest)
    except Unauthorized as refused:
        await limits.sign_in_failed(address)
        return _sign_in_page(
            request, settings, message=refused.detail, status=401, next_path=next_path
        )
    if not principal.has(Scope.review):
        return _sign_in_page(
            request,
            settings,
            message="This API key lacks the `review` scope; use a review or admin key.",
            status=403,
            next_path=next_path,
        )
    if touch:
        await touch_key(session, key_id=principal.key_id)
    response = _redirect(_safe_next(next_path))
    write_session(
        response, ConsoleSession.signed_in(key_id=principal.key_id, reviewer=name), settings
    )
    return response


@router.post("/sign-out")
async def sign_out(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    reviewer = await _signed_in(request, session, settings)
    await _form(request, reviewer)
    response = _redirect(f"{PREFIX}/sign-in")
    clear_session(response, settings)
    return response


# -- the queue -------------------------------------------------------------------------------


@router.get("/queue")
@console_page
async def queue(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    reviewer = await _signed_in(request, session, settings)
    tenant_id = reviewer.principal.tenant_id
    query = request.query_params
    filters = {
        "requester": query.get("requester", ""),
        "batch": query.get("batch", ""),
        "channel": query.get("channel", ""),
        "check": query.get("check", ""),
    }
    channel = filters["channel"] if filters["channel"] in CHANNELS else None
    check = filters["check"] if filters["check"] in CHECK_IDS else None
    page = await review.review_queue(
        session,
        tenant_id=tenant_id,
        limit=QUEUE_PAGE,
        cursor=query.get("cursor") or None,
        requester_id=_uuid(filters["requester"]),
        batch_id=_uuid(filters["batch"]),
        channel=channel,
        unpassed_check=check,
        newest_first=True,
    )
    requesters = (await list_requesters(session, tenant_id=tenant_id, limit=100, cursor=None)).items
    batch_page = await batches.list_batches(session, tenant_id=tenant_id, limit=20, cursor=None)
    names = await _contact_names(session, tenant_id, [d.contact_id for d in page.items])
    rows = [
        {
            "draft": draft,
            "contact": names.get(draft.contact_id, "(contact gone)"),
            "verdict": render.verdict(draft.gate_report),
        }
        for draft in page.items
    ]
    active = {k: v for k, v in filters.items() if v}
    next_url = (
        f"{PREFIX}/queue?{urlencode({**active, 'cursor': page.next_cursor})}"
        if page.next_cursor
        else None
    )
    return _page(
        request,
        "queue.html",
        reviewer,
        rows=rows,
        filters=filters,
        requesters=requesters,
        batches=batch_page.items,
        channels=CHANNELS,
        checks=CHECK_IDS,
        next_url=next_url,
        first_url=f"{PREFIX}/queue?{urlencode(active)}" if query.get("cursor") else None,
    )


async def _contact_names(
    session: AsyncSession, tenant_id: uuid.UUID, contact_ids: list[uuid.UUID]
) -> dict[uuid.UUID, str]:
    names: dict[uuid.UUID, str] = {}
    for contact_id in dict.fromkeys(contact_ids):
        try:
            contact = await get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
        except NotFound:
            continue
        names[contact_id] = contact.name
    return names


# -- one draft -------------------------------------------------------------------------------


async def _draft_page(
    request: Request,
    session: AsyncSession,
    reviewer: Reviewer,
    draft_id: uuid.UUID,
    *,
    status: int = 200,
    error: str | None = None,
    failing: list[dict[str, Any]] | None = None,
    unsaved: Mapping[str, str] | None = None,
) -> HTMLResponse:
    tenant_id = reviewer.principal.tenant_id
    draft = await get_draft(session, tenant_id=tenant_id, draft_id=draft_id)
    contact = await get_contact(session, tenant_id=tenant_id, contact_id=draft.contact_id)
    requester = await get_requester(session, tenant_id=tenant_id, requester_id=draft.requester_id)
    research = None
    if draft.research_version is not None:
        try:
            research = await get_research_version(
                session,
                tenant_id=tenant_id,
                contact_id=draft.contact_id,
                version=draft.research_version,
            )
        except NotFound:
            research = None
    revisions = (
        await review.list_revisions(
            session, tenant_id=tenant_id, draft_id=draft_id, limit=100, cursor=None
        )
    ).items
    decisions = [
        entry.decision
        for entry in await review.history(session, tenant_id=tenant_id, draft_id=draft_id)
        if entry.decision is not None
    ]
    query = request.query_params
    numbers = [r.number for r in revisions]
    diff = None
    older = _int(query.get("from"), default=numbers[-2] if len(numbers) > 1 else None)
    newer = _int(query.get("to"), default=numbers[-1] if numbers else None)
    by_number = {r.number: r for r in revisions}
    if (
        older is not None
        and newer is not None
        and older != newer
        and {older, newer} <= set(by_number)
    ):
        diff = {
            "from": older,
            "to": newer,
            "subject": render.word_diff(
                by_number[older].subject or "", by_number[newer].subject or ""
            ),
            "body": render.word_diff(by_number[older].body, by_number[newer].body),
        }
    report = draft.gate_report
    return _page(
        request,
        "draft.html",
        reviewer,
        status=status,
        draft=draft,
        etag=etag(draft.id, draft.lock_version),
        contact=contact,
        requester=requester,
        research=research,
        grounded=render.grounding(report),
        body_segments=render.highlight(draft.body, render.evidence_spans(report, "draft")),
        subject_segments=render.highlight(
            draft.subject or "", render.evidence_spans(report, "subject")
        ),
        verdict=render.verdict(report),
        checks=[(check, render.check_state(check)) for check in report.checks],
        revisions=revisions,
        decisions=decisions,
        diff=diff,
        diff_from=older,
        diff_to=newer,
        notice=NOTICES.get(query.get("notice", "")),
        error=error,
        failing=failing or [],
        unsaved=unsaved,
    )


def _int(value: str | None, *, default: int | None) -> int | None:
    try:
        return int(value) if value else default
    except ValueError:
        return default


@router.get("/drafts/{draft_id}")
@console_page
async def draft_page(
    draft_id: uuid.UUID, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    reviewer = await _signed_in(request, session, settings)
    return await _draft_page(request, session, reviewer, draft_id)


async def _refused(
    request: Request,
    session: AsyncSession,
    reviewer: Reviewer,
    draft_id: uuid.UUID,
    error: AppError,
    *,
    unsaved: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """The draft as it is now, with why the action was refused (nothing of it was kept)."""
    await session.rollback()
    message = error.detail
    if isinstance(error, PreconditionFailed):
        message = (
            "Someone else changed this draft since you opened it; nothing was done. "
            "Its current text is below: read it, then decide again."
        )
    failing = error.extensions.get("failing_checks") if isinstance(error, GateBlocked) else None
    return await _draft_page(
        request,
        session,
        reviewer,
        draft_id,
        status=error.status,
        error=message,
        failing=failing,
        unsaved=unsaved,
    )


@router.post("/drafts/{draft_id}/edit")
@console_page
async def edit(
    draft_id: uuid.UUID, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    reviewer = await _signed_in(request, session, settings)
    form = await _form(request, reviewer)
    values: dict[str, Any] = {"body": form.get("body", ""), "reviewer": reviewer.name}
    if "subject" in form:
        values["subject"] = form["subject"].strip() or None
    try:
        data = DraftEdit.model_validate(values)
        await review.edit_draft(
            session,
            principal=reviewer.principal,
            draft_id=draft_id,
            if_match=form.get("etag"),
            data=data,
        )
    except ValidationError as invalid:
        await session.rollback()
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in invalid.errors()
        )
        return await _draft_page(
            request,
            session,
            reviewer,
            draft_id,
            status=422,
            error=f"The edit was not saved: {problems}.",
            unsaved=form,
        )
    except AppError as error:
        if isinstance(error, NotFound):
            raise
        return await _refused(request, session, reviewer, draft_id, error, unsaved=form)
    return _redirect(f"{PREFIX}/drafts/{draft_id}", notice="edited")


@router.post("/drafts/{draft_id}/approve")
@console_page
async def approve(
    draft_id: uuid.UUID, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    reviewer = await _signed_in(request, session, settings)
    form = await _form(request, reviewer)
    decision = ApprovalCreate(reviewer=reviewer.name)
    return await _decide(request, session, reviewer, draft_id, form, decision, "approved")


@router.post("/drafts/{draft_id}/reject")
@console_page
async def reject(
    draft_id: uuid.UUID, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    reviewer = await _signed_in(request, session, settings)
    form = await _form(request, reviewer)
    try:
        decision = RejectionCreate(reason=form.get("reason", "").strip(), reviewer=reviewer.name)
    except ValidationError:
        return await _draft_page(
            request,
            session,
            reviewer,
            draft_id,
            status=422,
            error="Say why you reject it (1 to 2,000 characters); nothing was done.",
        )
    return await _decide(request, session, reviewer, draft_id, form, decision, "rejected")


async def _decide(
    request: Request,
    session: AsyncSession,
    reviewer: Reviewer,
    draft_id: uuid.UUID,
    form: Mapping[str, str],
    decision: ApprovalCreate | RejectionCreate,
    notice: str,
) -> Response:
    """Record the reviewer's decision against the revision the form showed (its ETag)."""
    try:
        await review.decide(
            session,
            principal=reviewer.principal,
            draft_id=draft_id,
            decision=decision,
            if_match=form.get("etag"),
            key=None,
        )
    except AppError as error:
        if isinstance(error, NotFound):
            raise
        return await _refused(request, session, reviewer, draft_id, error)
    return _redirect(f"{PREFIX}/drafts/{draft_id}", notice=notice)


# -- batches ---------------------------------------------------------------------------------


@router.get("/batches")
@console_page
async def batches_page(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    reviewer = await _signed_in(request, session, settings)
    page = await batches.list_batches(
        session,
        tenant_id=reviewer.principal.tenant_id,
        limit=QUEUE_PAGE,
        cursor=request.query_params.get("cursor") or None,
    )
    next_url = (
        f"{PREFIX}/batches?{urlencode({'cursor': page.next_cursor})}" if page.next_cursor else None
    )
    return _page(request, "batches.html", reviewer, batches=page.items, next_url=next_url)


RUNNING = ("queued", "running", "paused")


@router.get("/batches/{batch_id}")
@console_page
async def batch_page(
    batch_id: uuid.UUID, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    reviewer = await _signed_in(request, session, settings)
    tenant_id = reviewer.principal.tenant_id
    query = request.query_params
    batch = await batches.get_batch(session, tenant_id=tenant_id, batch_id=batch_id)
    items = await batches.list_items(
        session,
        tenant_id=tenant_id,
        batch_id=batch_id,
        limit=ITEMS_PAGE,
        cursor=query.get("cursor") or None,
    )
    names = await _contact_names(session, tenant_id, [i.contact_id for i in items.items])
    requester = await get_requester(session, tenant_id=tenant_id, requester_id=batch.requester_id)
    live = batch.status in RUNNING
    return _page(
        request,
        "batch.html",
        reviewer,
        batch=batch,
        requester=requester,
        items=items.items,
        names=names,
        counts=batch.counts.model_dump(),
        refresh=live and query.get("refresh") != "off",
        live=live,
        notice=NOTICES.get(query.get("notice", "")),
        next_url=(
            f"{PREFIX}/batches/{batch_id}?{urlencode({'cursor': items.next_cursor})}"
            if items.next_cursor
            else None
        ),
    )


@router.post("/batches/{batch_id}/cancel")
@console_page
async def cancel_batch(
    batch_id: uuid.UUID, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    reviewer = await _signed_in(request, session, settings)
    await _form(request, reviewer)
    await batches.cancel(session, tenant_id=reviewer.principal.tenant_id, batch_id=batch_id)
    return _redirect(f"{PREFIX}/batches/{batch_id}", notice="cancelled")


# -- contacts --------------------------------------------------------------------------------


@router.get("/contacts/{contact_id}")
@console_page
async def contact_page(
    contact_id: uuid.UUID, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    reviewer = await _signed_in(request, session, settings)
    tenant_id = reviewer.principal.tenant_id
    contact = await get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    timeline = await review.timeline(session, tenant_id=tenant_id, contact_id=contact_id)
    return _page(request, "contact.html", reviewer, contact=contact, timeline=timeline)


# -- mounting --------------------------------------------------------------------------------


def install_console(app: FastAPI) -> None:
    """Serve the console at /console: its pages, its stylesheet, its refusals as pages."""
    app.include_router(router)
    app.mount(f"{PREFIX}/static", StaticFiles(directory=_HERE / "static"), name="console-static")

    async def sign_in_needed(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SignInNeeded)
        settings: Settings = request.app.state.settings
        next_path = request.url.path if request.method == "GET" else None
        if next_path and request.url.query:
            next_path += f"?{request.url.query}"
        return _sign_in_page(
            request, settings, message=exc.message, status=401, next_path=next_path
        )

    async def csrf_refused(request: Request, exc: Exception) -> Response:
        return _page(
            request,
            "error.html",
            None,
            status=403,
            message="This form was refused: it did not carry this session's security "
            "(CSRF) token. Reload the page and try again.",
        )

    async def error_page(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, AppErrorPage)
        return _page(request, "error.html", None, status=exc.status, message=exc.message)

    app.add_exception_handler(SignInNeeded, sign_in_needed)
    app.add_exception_handler(CsrfRefused, csrf_refused)
    app.add_exception_handler(AppErrorPage, error_page)
