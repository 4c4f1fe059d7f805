"""HTTP routes for requesters."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from service.core.contract import response_headers
from service.core.deps import DEFAULT_LIMIT, Cursor, Limit, Reader, SessionDep, Writer
from service.core.errors import error_responses
from service.core.schemas import Page, json_response
from service.requesters import service
from service.requesters.models import RequesterCreate, RequesterRead, RequesterUpdate

router = APIRouter(
    prefix="/v1/requesters", tags=["requesters"], responses=error_responses(401, 403)
)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={201: response_headers("Location"), **error_responses(400, 413, 415, 422)},
)
async def create_requester(
    body: RequesterCreate, session: SessionDep, principal: Writer, response: Response
) -> RequesterRead:
    """Add a person on whose behalf requests are written."""
    requester = await service.create_requester(session, tenant_id=principal.tenant_id, data=body)
    response.headers["Location"] = f"/v1/requesters/{requester.id}"
    return RequesterRead.model_validate(requester)


@router.get("", responses=error_responses(404, 422), response_model=Page[RequesterRead])
async def list_requesters(
    session: SessionDep, principal: Reader, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    """List requesters, oldest first."""
    page = await service.list_requesters(
        session, tenant_id=principal.tenant_id, limit=limit, cursor=cursor
    )
    return json_response(page)


@router.get("/{requester_id}", responses=error_responses(404, 422))
async def get_requester(
    requester_id: uuid.UUID, session: SessionDep, principal: Reader
) -> RequesterRead:
    """One requester."""
    requester = await service.get_requester(
        session, tenant_id=principal.tenant_id, requester_id=requester_id
    )
    return RequesterRead.model_validate(requester)


@router.patch("/{requester_id}", responses=error_responses(404, 400, 413, 415, 422))
async def update_requester(
    requester_id: uuid.UUID, body: RequesterUpdate, session: SessionDep, principal: Writer
) -> RequesterRead:
    """Change some of a requester's fields."""
    requester = await service.update_requester(
        session, tenant_id=principal.tenant_id, requester_id=requester_id, data=body
    )
    return RequesterRead.model_validate(requester)


@router.delete(
    "/{requester_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(404, 422)
)
async def delete_requester(requester_id: uuid.UUID, session: SessionDep, principal: Writer) -> None:
    """Erase a requester and everything stored about them."""
    await service.delete_requester(
        session, tenant_id=principal.tenant_id, requester_id=requester_id
    )
