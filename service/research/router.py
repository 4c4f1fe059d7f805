"""HTTP routes for a contact's research summaries."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from service.core.contract import response_headers
from service.core.deps import DEFAULT_LIMIT, Cursor, Limit, Reader, SessionDep, Writer
from service.core.errors import NotFound, error_responses
from service.core.schemas import Page, json_response
from service.research import service
from service.research.models import ResearchCreate, ResearchRead

router = APIRouter(
    prefix="/v1/contacts/{contact_id}/research",
    tags=["research"],
    responses=error_responses(401, 403, 404),
)
Version = Annotated[int, Path(ge=1, le=1_000_000)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={201: response_headers("Location"), **error_responses(409, 400, 413, 415, 422)},
)
async def add_research(
    contact_id: uuid.UUID,
    body: ResearchCreate,
    session: SessionDep,
    principal: Writer,
    response: Response,
) -> ResearchRead:
    """Add a new research version for the contact; older versions are kept."""
    summary = await service.add_research(
        session, tenant_id=principal.tenant_id, contact_id=contact_id, data=body
    )
    response.headers["Location"] = f"/v1/contacts/{contact_id}/research/{summary.version}"
    return ResearchRead.model_validate(summary)


@router.get("", responses=error_responses(404, 422), response_model=Page[ResearchRead])
async def list_research(
    contact_id: uuid.UUID,
    session: SessionDep,
    principal: Reader,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """List research versions, newest first."""
    page = await service.list_research(
        session, tenant_id=principal.tenant_id, contact_id=contact_id, limit=limit, cursor=cursor
    )
    return json_response(page)


@router.get("/latest", responses=error_responses(422))
async def get_latest_research(
    contact_id: uuid.UUID, session: SessionDep, principal: Reader
) -> ResearchRead:
    """The newest research version (404 when there is none yet)."""
    summary = await service.latest_research(
        session, tenant_id=principal.tenant_id, contact_id=contact_id
    )
    if summary is None:
        raise NotFound("This contact has no research yet.")
    return ResearchRead.model_validate(summary)


@router.get("/{version:int}", responses=error_responses(422))
async def get_research(
    contact_id: uuid.UUID, version: Version, session: SessionDep, principal: Reader
) -> ResearchRead:
    """One research version."""
    summary = await service.get_research_version(
        session, tenant_id=principal.tenant_id, contact_id=contact_id, version=version
    )
    return ResearchRead.model_validate(summary)


@router.delete(
    "/{version:int}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(422)
)
async def delete_research(
    contact_id: uuid.UUID, version: Version, session: SessionDep, principal: Writer
) -> None:
    """Erase one research version."""
    await service.delete_research_version(
        session, tenant_id=principal.tenant_id, contact_id=contact_id, version=version
    )
