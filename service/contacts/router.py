"""HTTP routes for contacts."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from service.contacts import service
from service.contacts.importing import (
    IMPORT_DESCRIPTION,
    IMPORT_REQUEST_BODY,
    ContactImportResult,
    read_import,
)
from service.contacts.models import ContactCreate, ContactRead, ContactUpdate, Seniority
from service.core.deps import (
    DEFAULT_LIMIT,
    Cursor,
    IdempotencyKey,
    Limit,
    Reader,
    SessionDep,
    Writer,
)
from service.core.errors import error_responses
from service.core.schemas import NO_NUL, Page, json_response

router = APIRouter(prefix="/v1/contacts", tags=["contacts"], responses=error_responses(401, 403))
# Only a UUID names a contact: `/v1/contacts/import` is another route, not a contact id.
ContactId = Annotated[uuid.UUID, Path()]
ORGANIZATION_MAX_LENGTH = 300
NAME_SEARCH_MAX_LENGTH = 200


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(400, 413, 415, 422),
)
async def create_contact(
    body: ContactCreate, session: SessionDep, principal: Writer, response: Response
) -> ContactRead:
    """Add a person to approach."""
    contact = await service.create_contact(session, tenant_id=principal.tenant_id, data=body)
    response.headers["Location"] = f"/v1/contacts/{contact.id}"
    return ContactRead.model_validate(contact)


@router.post(
    "/import",
    response_model=ContactImportResult,
    description=IMPORT_DESCRIPTION,
    responses=error_responses(400, 409, 413, 415, 422),
    openapi_extra={"requestBody": IMPORT_REQUEST_BODY},
)
async def import_contacts(
    request: Request,
    session: SessionDep,
    principal: Writer,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Add many contacts, with their research, from JSON or CSV."""
    # The body is read here, not by FastAPI: it may be CSV, and each row is checked on its own.
    body = await request.body()
    batch = await run_in_threadpool(
        read_import, body, content_type=request.headers.get("content-type")
    )
    result = await service.import_contacts(
        session, tenant_id=principal.tenant_id, batch=batch, key=idempotency_key
    )
    if isinstance(result, ContactImportResult):
        return json_response(result)
    return JSONResponse(result, headers={"Idempotent-Replayed": "true"})


@router.get(
    "",
    responses=error_responses(404, 422),
    response_model=Page[ContactRead],
)
async def list_contacts(
    session: SessionDep,
    principal: Reader,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    organization: Annotated[
        str | None,
        Query(
            max_length=ORGANIZATION_MAX_LENGTH,
            pattern=NO_NUL,
            description="Exact organization, any case.",
        ),
    ] = None,
    seniority: Seniority | None = None,
    q: Annotated[
        str | None,
        Query(max_length=NAME_SEARCH_MAX_LENGTH, pattern=NO_NUL, description="Part of the name."),
    ] = None,
) -> Response:
    """List contacts, oldest first, with optional filters."""
    page = await service.list_contacts(
        session,
        tenant_id=principal.tenant_id,
        limit=limit,
        cursor=cursor,
        organization=organization,
        seniority=seniority,
        q=q,
    )
    return json_response(page)


@router.get("/{contact_id:uuid}", responses=error_responses(404, 422))
async def get_contact(contact_id: ContactId, session: SessionDep, principal: Reader) -> ContactRead:
    """One contact."""
    contact = await service.get_contact(
        session, tenant_id=principal.tenant_id, contact_id=contact_id
    )
    return ContactRead.model_validate(contact)


@router.patch("/{contact_id:uuid}", responses=error_responses(404, 400, 413, 415, 422))
async def update_contact(
    contact_id: ContactId, body: ContactUpdate, session: SessionDep, principal: Writer
) -> ContactRead:
    """Change some of a contact's fields."""
    contact = await service.update_contact(
        session, tenant_id=principal.tenant_id, contact_id=contact_id, data=body
    )
    return ContactRead.model_validate(contact)


@router.delete(
    "/{contact_id:uuid}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(404, 422),
)
async def delete_contact(contact_id: ContactId, session: SessionDep, principal: Writer) -> None:
    """Erase a contact and everything stored about them."""
    await service.delete_contact(session, tenant_id=principal.tenant_id, contact_id=contact_id)
