"""HTTP routes for drafts."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import JSONResponse

from service.deps import (
    DEFAULT_LIMIT,
    Cursor,
    IdempotencyKey,
    Limit,
    Reader,
    SessionDep,
    Writer,
)
from service.drafts import service
from service.drafts.models import DraftCreate, DraftRead, DraftStatus, PromptRead
from service.errors import error_responses
from service.routing import CommittingRoute
from service.schemas import Page, json_response

router = APIRouter(
    route_class=CommittingRoute,
    prefix="/v1/drafts",
    tags=["drafts"],
    responses=error_responses(401, 403),
)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=DraftRead,
    responses=error_responses(400, 404, 409, 413, 415, 422, 429, 502),
)
async def create_draft(
    body: DraftCreate,
    request: Request,
    principal: Writer,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Draft a request for one contact, gate it (repairing when it fails), and store it.

    `needs_review` when the gate passed, `gate_failed` otherwise. 409 `needs-research`
    when the contact has no research facts (or the requester no background): no model call.
    """
    app = request.app
    code, result = await service.create_draft(
        app.state.engine,
        slots=app.state.db_slots,
        hot=app.state.hot_db,
        recent=app.state.recent_drafts,
        tenant_id=principal.tenant_id,
        data=body,
        drafter=app.state.drafter,
        registry=app.state.prompts,
        repair_attempts=app.state.settings.llm_repair_attempts,
        idempotency_key=idempotency_key,
    )
    if isinstance(result, DraftRead):
        # Serialized once, here: FastAPI would first re-encode the model field by field.
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
def list_drafts(
    session: SessionDep,
    principal: Reader,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    status: DraftStatus | None = None,
    requester_id: Annotated[uuid.UUID | None, Query()] = None,
    contact_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Response:
    """List drafts, oldest first, with optional filters."""
    page = service.list_drafts(
        session,
        tenant_id=principal.tenant_id,
        limit=limit,
        cursor=cursor,
        status=status,
        requester_id=requester_id,
        contact_id=contact_id,
    )
    return json_response(page)


@router.get("/{draft_id}", responses=error_responses(404, 422))
def get_draft(
    draft_id: uuid.UUID, session: SessionDep, principal: Reader, response: Response
) -> DraftRead:
    """One draft with its gate report, provenance and attempts; `ETag` for `If-Match`."""
    draft = service.get_draft(session, tenant_id=principal.tenant_id, draft_id=draft_id)
    response.headers["ETag"] = service.etag(draft.id, draft.lock_version)
    return draft


prompts_router = APIRouter(
    route_class=CommittingRoute,
    prefix="/v1/prompts",
    tags=["prompts"],
    responses=error_responses(401, 403),
)


@prompts_router.get("")
def list_prompts(request: Request, session: SessionDep, principal: Reader) -> list[PromptRead]:
    """Every loaded prompt version, and which one is the tenant's default."""
    return service.list_prompts(
        session, tenant_id=principal.tenant_id, registry=request.app.state.prompts
    )
