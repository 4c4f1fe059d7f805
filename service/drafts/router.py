"""HTTP routes for drafts."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import JSONResponse

from service.core.contract import response_headers
from service.core.deps import (
    DEFAULT_LIMIT,
    Cursor,
    DraftingDep,
    IdempotencyKey,
    Limit,
    PromptsDep,
    Reader,
    SessionDep,
    Writer,
)
from service.core.errors import error_responses
from service.core.schemas import Page, json_response
from service.drafts import service
from service.drafts.models import DraftCreate, DraftRead, DraftStatus, PromptRead

router = APIRouter(prefix="/v1/drafts", tags=["drafts"], responses=error_responses(401, 403))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=DraftRead,
    responses={
        201: response_headers("ETag", "Location"),
        **error_responses(400, 404, 409, 413, 415, 422, 429, 502),
    },
)
async def create_draft(
    body: DraftCreate,
    session: SessionDep,
    principal: Writer,
    drafting: DraftingDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Draft a request for one contact, gate it (repairing when it fails), and store it.

    `needs_review` when the gate passed, `gate_failed` otherwise. 409 `needs-research`
    when the contact has no research facts (or the requester no background): no model call.
    """
    code, result = await service.create_draft(
        session,
        tenant_id=principal.tenant_id,
        data=body,
        drafting=drafting,
        idempotency_key=idempotency_key,
    )
    if isinstance(result, DraftRead):
        return json_response(
            result,
            status_code=status.HTTP_201_CREATED,
            headers={
                "Location": f"/v1/drafts/{result.id}",
                "ETag": service.etag(result.id, result.lock_version),
            },
        )
    return JSONResponse(
        result,
        status_code=code,
        headers={"Idempotent-Replayed": "true", "Location": f"/v1/drafts/{result['id']}"},
    )


@router.get("", responses=error_responses(404, 422), response_model=Page[DraftRead])
async def list_drafts(
    session: SessionDep,
    principal: Reader,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    status: DraftStatus | None = None,
    requester_id: Annotated[uuid.UUID | None, Query()] = None,
    contact_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Response:
    """List drafts, oldest first, with optional filters."""
    page = await service.list_drafts(
        session,
        tenant_id=principal.tenant_id,
        limit=limit,
        cursor=cursor,
        status=status,
        requester_id=requester_id,
        contact_id=contact_id,
    )
    return json_response(page)


@router.get(
    "/{draft_id}",
    responses={200: response_headers("ETag"), **error_responses(404, 422)},
    response_model=DraftRead,
)
async def get_draft(draft_id: uuid.UUID, session: SessionDep, principal: Reader) -> Response:
    """One draft with its gate report, provenance and attempts; `ETag` for `If-Match`."""
    draft = await service.get_draft(session, tenant_id=principal.tenant_id, draft_id=draft_id)
    return json_response(draft, headers={"ETag": service.etag(draft.id, draft.lock_version)})


prompts_router = APIRouter(
    prefix="/v1/prompts", tags=["prompts"], responses=error_responses(401, 403)
)


@prompts_router.get("")
async def list_prompts(
    session: SessionDep, principal: Reader, registry: PromptsDep
) -> list[PromptRead]:
    """Every loaded prompt version, and which one is the tenant's default."""
    return await service.list_prompts(session, tenant_id=principal.tenant_id, registry=registry)
