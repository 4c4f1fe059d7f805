"""HTTP routes of review (queue, edits, decisions, history) and outreach (sent, outcome,
follow-ups). Writes carry `If-Match`; every draft response carries its `ETag`."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BeforeValidator
from sqlmodel import Session

from service import idempotency
from service.db import utcnow
from service.deps import (
    DEFAULT_LIMIT,
    Cursor,
    IdempotencyKey,
    Limit,
    Reader,
    Reviewer,
    SessionDep,
    Writer,
)
from service.drafts.models import DraftRead
from service.drafts.service import etag
from service.errors import error_responses
from service.gate import Channel
from service.review import erasure, service
from service.review.models import (
    ApprovalCreate,
    DraftEdit,
    HistoryEntry,
    OutcomeCreate,
    OutcomeRecorded,
    RejectionCreate,
    RevisionRead,
    SentCreate,
)
from service.routing import CommittingRoute
from service.schemas import Page, json_response
from service.tenants.service import Principal

assert erasure  # imported for its tombstone hooks

router = APIRouter(
    route_class=CommittingRoute, tags=["review"], responses=error_responses(401, 403)
)
outreach_router = APIRouter(
    route_class=CommittingRoute, tags=["outreach"], responses=error_responses(401, 403)
)

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=500,
        pattern=r"^[\x20-\x7e]+$",
        description="The draft's current ETag (from GET); stale → 412, missing → 428.",
    ),
]
OptionalIfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=500,
        pattern=r"^[\x20-\x7e]+$",
        description="Optional: the draft's current ETag; stale → 412.",
    ),
]


def _iso_datetime(value: object) -> object:
    # Pydantic also reads a bare number as a Unix time; the schema promises RFC 3339 only.
    if isinstance(value, str) and not re.match(r"^\d{4}-\d{2}-\d{2}T", value):
        raise ValueError("must be an RFC 3339 date-time with a time zone")
    return value


PRECONDITIONS = (404, 409, 412, 428, 400, 413, 415, 422)


def _tagged(response: Response, draft: DraftRead) -> DraftRead:
    response.headers["ETag"] = etag(draft.id, draft.lock_version)
    return draft


@router.get("/v1/review/queue", responses=error_responses(404, 422), response_model=Page[DraftRead])
def review_queue(
    session: SessionDep,
    principal: Reader,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    requester_id: Annotated[uuid.UUID | None, Query()] = None,
    batch_id: Annotated[uuid.UUID | None, Query(description="Only this batch's drafts.")] = None,
    channel: Channel | None = None,
) -> Response:
    """Drafts awaiting review (`needs_review`), oldest first, each with its gate report."""
    page = service.review_queue(
        session,
        tenant_id=principal.tenant_id,
        limit=limit,
        cursor=cursor,
        requester_id=requester_id,
        batch_id=batch_id,
        channel=channel,
    )
    return json_response(page)


@router.patch("/v1/drafts/{draft_id}", responses=error_responses(*PRECONDITIONS))
def edit_draft(
    draft_id: uuid.UUID,
    body: DraftEdit,
    session: SessionDep,
    principal: Reviewer,
    response: Response,
    if_match: IfMatch = None,
) -> DraftRead:
    """Replace the text with a new revision, gated again: a pass is never inherited."""
    draft = service.edit_draft(
        session, principal=principal, draft_id=draft_id, if_match=if_match, data=body
    )
    return _tagged(response, draft)


@router.get(
    "/v1/drafts/{draft_id}/revisions",
    responses=error_responses(404, 422),
    response_model=Page[RevisionRead],
)
def list_revisions(
    draft_id: uuid.UUID,
    session: SessionDep,
    principal: Reader,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Every revision of a draft, first to last, with its gate report."""
    page = service.list_revisions(
        session, tenant_id=principal.tenant_id, draft_id=draft_id, limit=limit, cursor=cursor
    )
    return json_response(page)


def _decided_once(
    session: Session,
    *,
    principal: Principal,
    endpoint: str,
    key: str | None,
    request: dict[str, Any],
    decide: Callable[[], DraftRead],
    response: Response,
) -> Any:
    """Run a decision once per `Idempotency-Key`: a retry whose first answer was lost gets
    that answer again (not a 412 for the ETag the decision itself changed)."""
    if key is not None:
        earlier = idempotency.reserve(
            session,
            tenant_id=principal.tenant_id,
            endpoint=endpoint,
            key=key,
            fingerprint=idempotency.request_hash(request),
        )
        if earlier is not None:
            assert earlier.response_body is not None
            body = earlier.response_body
            return JSONResponse(
                body,
                status_code=earlier.response_status or 200,
                headers={
                    "Idempotent-Replayed": "true",
                    "ETag": etag(uuid.UUID(body["id"]), int(body["lock_version"])),
                },
            )
    draft = decide()
    if key is not None:
        idempotency.complete(
            session,
            tenant_id=principal.tenant_id,
            endpoint=endpoint,
            key=key,
            status=200,
            body=draft.model_dump(mode="json"),
            draft_id=draft.id,
        )
    return _tagged(response, draft)


@router.post(
    "/v1/drafts/{draft_id}/approve",
    responses=error_responses(*PRECONDITIONS),
    response_model=DraftRead,
)
def approve_draft(
    draft_id: uuid.UUID,
    session: SessionDep,
    principal: Reviewer,
    response: Response,
    body: Annotated[ApprovalCreate | None, Body()] = None,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Approve the current revision (only if it passes the gate's blocking checks)."""
    return _decided_once(
        session,
        principal=principal,
        endpoint="POST /v1/drafts/{draft_id}/approve",
        key=idempotency_key,
        request={
            "draft_id": str(draft_id),
            "if_match": if_match,
            "body": body.model_dump(mode="json") if body else None,
        },
        decide=lambda: service.approve(
            session,
            principal=principal,
            draft_id=draft_id,
            if_match=if_match,
            reviewer=body.reviewer if body else None,
        ),
        response=response,
    )


@router.post(
    "/v1/drafts/{draft_id}/reject",
    responses=error_responses(*PRECONDITIONS),
    response_model=DraftRead,
)
def reject_draft(
    draft_id: uuid.UUID,
    body: RejectionCreate,
    session: SessionDep,
    principal: Reviewer,
    response: Response,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Reject the current revision, with a reason."""
    return _decided_once(
        session,
        principal=principal,
        endpoint="POST /v1/drafts/{draft_id}/reject",
        key=idempotency_key,
        request={
            "draft_id": str(draft_id),
            "if_match": if_match,
            "body": body.model_dump(mode="json"),
        },
        decide=lambda: service.reject(
            session,
            principal=principal,
            draft_id=draft_id,
            if_match=if_match,
            reason=body.reason,
            reviewer=body.reviewer,
        ),
        response=response,
    )


@router.get("/v1/drafts/{draft_id}/history", responses=error_responses(404, 422))
def draft_history(
    draft_id: uuid.UUID, session: SessionDep, principal: Reader
) -> list[HistoryEntry]:
    """Attempts, revisions and gate reports, decisions and outreach events, in time order."""
    return service.history(session, tenant_id=principal.tenant_id, draft_id=draft_id)


@outreach_router.post("/v1/drafts/{draft_id}/sent", responses=error_responses(*PRECONDITIONS))
def mark_sent(
    draft_id: uuid.UUID,
    session: SessionDep,
    principal: Writer,
    response: Response,
    body: Annotated[SentCreate | None, Body()] = None,
    if_match: OptionalIfMatch = None,
) -> DraftRead:
    """Record that the caller sent an approved draft (askwell never sends)."""
    draft = service.mark_sent(
        session,
        principal=principal,
        draft_id=draft_id,
        if_match=if_match,
        sent_at=body.sent_at if body else None,
    )
    return _tagged(response, draft)


@outreach_router.post("/v1/drafts/{draft_id}/outcome", responses=error_responses(*PRECONDITIONS))
def record_outcome(
    draft_id: uuid.UUID,
    body: OutcomeCreate,
    session: SessionDep,
    principal: Writer,
    response: Response,
    if_match: OptionalIfMatch = None,
) -> OutcomeRecorded:
    """Record what came of a sent draft; `opted_out` stops all further drafts for the contact."""
    recorded = service.record_outcome(
        session, principal=principal, draft_id=draft_id, if_match=if_match, data=body
    )
    _tagged(response, recorded.draft)
    return recorded


@outreach_router.get(
    "/v1/follow-ups", responses=error_responses(404, 422), response_model=Page[DraftRead]
)
def list_follow_ups(
    session: SessionDep,
    principal: Reader,
    due_before: Annotated[
        AwareDatetime | None,
        BeforeValidator(_iso_datetime),
        Query(description="Due at or before this moment (default: now), RFC 3339."),
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Sent requests with no reply whose follow-up is due, soonest first."""
    page = service.list_follow_ups(
        session,
        tenant_id=principal.tenant_id,
        due_before=due_before or utcnow(),
        limit=limit,
        cursor=cursor,
    )
    return json_response(page)


@outreach_router.post(
    "/v1/drafts/{draft_id}/follow-up",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(404, 409, 422, 502),
)
async def create_follow_up(
    draft_id: uuid.UUID, request: Request, response: Response, principal: Writer
) -> DraftRead:
    """Draft the one polite follow-up of a sent request; a second answers 409."""
    app = request.app
    draft = await service.create_follow_up(
        app.state.engine,
        slots=app.state.db_slots,
        tenant_id=principal.tenant_id,
        draft_id=draft_id,
        drafter=app.state.drafter,
        registry=app.state.prompts,
        repair_attempts=app.state.settings.llm_repair_attempts,
    )
    response.headers["Location"] = f"/v1/drafts/{draft.id}"
    return _tagged(response, draft)
