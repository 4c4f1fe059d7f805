"""HTTP routes of review (queue, edits, decisions, history) and outreach (sent, outcome,
follow-ups). Writes carry `If-Match`; every draft response carries its `ETag`."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Response, status
from fastapi.responses import JSONResponse

from service.core.contract import response_headers
from service.core.db import utcnow
from service.core.deps import (
    DEFAULT_LIMIT,
    Cursor,
    DraftingDep,
    IdempotencyKey,
    Limit,
    Reader,
    Reviewer,
    SessionDep,
    Writer,
)
from service.core.errors import error_responses
from service.core.schemas import Page, UTCMomentQuery, json_response
from service.drafts.models import DraftRead, FollowUpCreate
from service.drafts.service import etag
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
    TimelineEntry,
)

assert erasure  # imported for its tombstone hooks

router = APIRouter(tags=["review"], responses=error_responses(401, 403))
outreach_router = APIRouter(tags=["outreach"], responses=error_responses(401, 403))

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


PRECONDITIONS = (404, 409, 412, 428, 400, 413, 415, 422)
# A change to one draft: it answers the draft's new ETag.
TAGGED = {200: response_headers("ETag"), **error_responses(*PRECONDITIONS)}


def _tagged(response: Response, draft: DraftRead) -> DraftRead:
    response.headers["ETag"] = etag(draft.id, draft.lock_version)
    return draft


@router.get("/v1/review/queue", responses=error_responses(404, 422), response_model=Page[DraftRead])
async def review_queue(
    session: SessionDep,
    principal: Reader,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    requester_id: Annotated[uuid.UUID | None, Query()] = None,
    batch_id: Annotated[uuid.UUID | None, Query(description="Only this batch's drafts.")] = None,
    channel: Channel | None = None,
) -> Response:
    """Drafts awaiting review (`needs_review`), oldest first, each with its gate report."""
    page = await service.review_queue(
        session,
        tenant_id=principal.tenant_id,
        limit=limit,
        cursor=cursor,
        requester_id=requester_id,
        batch_id=batch_id,
        channel=channel,
    )
    return json_response(page)


@router.patch("/v1/drafts/{draft_id}", responses=TAGGED)
async def edit_draft(
    draft_id: uuid.UUID,
    body: DraftEdit,
    session: SessionDep,
    principal: Reviewer,
    response: Response,
    if_match: IfMatch = None,
) -> DraftRead:
    """Replace the text with a new revision, gated again: a pass is never inherited."""
    draft = await service.edit_draft(
        session, principal=principal, draft_id=draft_id, if_match=if_match, data=body
    )
    return _tagged(response, draft)


@router.get(
    "/v1/drafts/{draft_id}/revisions",
    responses=error_responses(404, 422),
    response_model=Page[RevisionRead],
)
async def list_revisions(
    draft_id: uuid.UUID,
    session: SessionDep,
    principal: Reader,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Every revision of a draft, first to last, with its gate report."""
    page = await service.list_revisions(
        session, tenant_id=principal.tenant_id, draft_id=draft_id, limit=limit, cursor=cursor
    )
    return json_response(page)


def _decision_response(response: Response, decided: service.Decided) -> Any:
    if decided.replay is not None:
        body = decided.replay
        return JSONResponse(
            body,
            headers={
                "Idempotent-Replayed": "true",
                "ETag": etag(uuid.UUID(body["id"]), int(body["lock_version"])),
            },
        )
    assert decided.draft is not None
    return _tagged(response, decided.draft)


@router.post(
    "/v1/drafts/{draft_id}/approve",
    responses=TAGGED,
    response_model=DraftRead,
)
async def approve_draft(
    draft_id: uuid.UUID,
    session: SessionDep,
    principal: Reviewer,
    response: Response,
    body: Annotated[ApprovalCreate | None, Body()] = None,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Approve the current revision (only if it passes the gate's blocking checks)."""
    decided = await service.decide(
        session,
        principal=principal,
        draft_id=draft_id,
        decision=body or ApprovalCreate(),
        if_match=if_match,
        key=idempotency_key,
    )
    return _decision_response(response, decided)


@router.post(
    "/v1/drafts/{draft_id}/reject",
    responses=TAGGED,
    response_model=DraftRead,
)
async def reject_draft(
    draft_id: uuid.UUID,
    body: RejectionCreate,
    session: SessionDep,
    principal: Reviewer,
    response: Response,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Reject the current revision, with a reason."""
    decided = await service.decide(
        session,
        principal=principal,
        draft_id=draft_id,
        decision=body,
        if_match=if_match,
        key=idempotency_key,
    )
    return _decision_response(response, decided)


@router.get("/v1/drafts/{draft_id}/history", responses=error_responses(404, 422))
async def draft_history(
    draft_id: uuid.UUID, session: SessionDep, principal: Reader
) -> list[HistoryEntry]:
    """Attempts, revisions and gate reports, decisions and outreach events, in time order."""
    return await service.history(session, tenant_id=principal.tenant_id, draft_id=draft_id)


@outreach_router.post("/v1/drafts/{draft_id}/sent", responses=TAGGED)
async def mark_sent(
    draft_id: uuid.UUID,
    session: SessionDep,
    principal: Writer,
    response: Response,
    body: Annotated[SentCreate | None, Body()] = None,
    if_match: OptionalIfMatch = None,
) -> DraftRead:
    """Record that the caller sent an approved draft (askwell never sends)."""
    draft = await service.mark_sent(
        session,
        principal=principal,
        draft_id=draft_id,
        if_match=if_match,
        sent_at=body.sent_at if body else None,
    )
    return _tagged(response, draft)


@outreach_router.post("/v1/drafts/{draft_id}/outcome", responses=TAGGED)
async def record_outcome(
    draft_id: uuid.UUID,
    body: OutcomeCreate,
    session: SessionDep,
    principal: Writer,
    response: Response,
    if_match: OptionalIfMatch = None,
) -> OutcomeRecorded:
    """Record what came of a sent draft; `opted_out` stops all further drafts for the contact."""
    recorded = await service.record_outcome(
        session, principal=principal, draft_id=draft_id, if_match=if_match, data=body
    )
    _tagged(response, recorded.draft)
    return recorded


@outreach_router.get(
    "/v1/follow-ups", responses=error_responses(404, 422), response_model=Page[DraftRead]
)
async def list_follow_ups(
    session: SessionDep,
    principal: Reader,
    due_before: Annotated[
        UTCMomentQuery | None,
        Query(description="Due at or before this moment (default: now), RFC 3339."),
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Sent requests with no reply whose follow-up is due, soonest first."""
    page = await service.list_follow_ups(
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
    responses={
        201: response_headers("ETag", "Location"),
        **error_responses(400, 404, 409, 413, 415, 422, 429, 502),
    },
)
async def create_follow_up(
    draft_id: uuid.UUID,
    session: SessionDep,
    principal: Writer,
    drafting: DraftingDep,
    response: Response,
    body: Annotated[FollowUpCreate | None, Body()] = None,
) -> DraftRead:
    """Draft the one polite follow-up of a sent request, once it is due (the tenant's
    delay after sending; 409 `follow-up-not-due` before, unless `force`); a second answers
    409, and none is drafted after a reply or an opt-out."""
    draft = await service.create_follow_up(
        session,
        tenant_id=principal.tenant_id,
        draft_id=draft_id,
        drafting=drafting,
        force=body.force if body else False,
    )
    response.headers["Location"] = f"/v1/drafts/{draft.id}"
    return _tagged(response, draft)


@outreach_router.get("/v1/contacts/{contact_id}/timeline", responses=error_responses(404, 422))
async def contact_timeline(
    contact_id: uuid.UUID, session: SessionDep, principal: Reader
) -> list[TimelineEntry]:
    """The person's whole story, oldest first: research versions, drafts, decisions,
    sent, outcomes, follow-ups, merges and an opt-out."""
    return await service.timeline(session, tenant_id=principal.tenant_id, contact_id=contact_id)
