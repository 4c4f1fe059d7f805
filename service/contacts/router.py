"""HTTP routes for contacts."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from service.contacts import service
from service.contacts.importing import (
    IMPORT_DESCRIPTION,
    IMPORT_REQUEST_BODY,
    ContactImportResult,
    read_import,
)
from service.contacts.models import ContactCreate, ContactRead, ContactUpdate, Seniority
from service.core.contract import response_headers
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
from service.core.schemas import NO_NUL, Page, StrictInput, json_response

router = APIRouter(prefix="/v1/contacts", tags=["contacts"], responses=error_responses(401, 403))
# Only a UUID names a contact: `/v1/contacts/import` is another route, not a contact id.
ContactId = Annotated[uuid.UUID, Path()]
ORGANIZATION_MAX_LENGTH = 300
NAME_SEARCH_MAX_LENGTH = 200


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {
            "model": ContactRead,
            "description": "`on_duplicate=return`: the existing contact.",
            **response_headers("Location"),
        },
        201: response_headers("Location"),
        **error_responses(400, 409, 413, 415, 422),
    },
)
async def create_contact(
    body: ContactCreate,
    session: SessionDep,
    principal: Writer,
    response: Response,
    on_duplicate: Annotated[
        Literal["refuse", "return"],
        Query(
            description="When the tenant already has this person (same e-mail or LinkedIn "
            "profile): `refuse` answers 409 `contact-exists` with `existing_id`; `return` "
            "answers 200 with the existing contact."
        ),
    ] = "refuse",
) -> ContactRead:
    """Add a person to approach; a person is one contact per tenant."""
    contact, created = await service.create_contact(
        session, tenant_id=principal.tenant_id, data=body, on_duplicate=on_duplicate
    )
    response.headers["Location"] = f"/v1/contacts/{contact.id}"
    if not created:
        response.status_code = status.HTTP_200_OK
    return ContactRead.model_validate(contact)


@router.get("/duplicates", responses=error_responses(422))
async def list_duplicates(
    session: SessionDep, principal: Reader, limit: Limit = DEFAULT_LIMIT
) -> list[service.DuplicatePair]:
    """Pairs of contacts that may be one person (same e-mail or LinkedIn profile stored
    before matching, or the same name and organisation), oldest first; merge them with
    `POST /v1/contacts/{id}/merge`."""
    return await service.list_duplicates(session, tenant_id=principal.tenant_id, limit=limit)


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
    dry_run: Annotated[
        bool, Query(description="Store nothing; say which rows would be imported or matched.")
    ] = False,
) -> Any:
    """Add many contacts, with their research, from JSON or CSV."""
    # The body is read here, not by FastAPI: it may be CSV, and each row is checked on its own.
    body = await request.body()
    batch = await run_in_threadpool(
        read_import, body, content_type=request.headers.get("content-type")
    )
    result = await service.import_contacts(
        session, tenant_id=principal.tenant_id, batch=batch, key=idempotency_key, dry_run=dry_run
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
    return await service.read_contact(session, tenant_id=principal.tenant_id, contact_id=contact_id)


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


@router.post("/{contact_id:uuid}/opt-out", responses=error_responses(404, 422))
async def opt_out(contact_id: ContactId, session: SessionDep, principal: Writer) -> ContactRead:
    """The person asked not to be contacted: no requester of the tenant drafts to them
    again, and no follow-up is drafted."""
    contact = await service.opt_out(session, tenant_id=principal.tenant_id, contact_id=contact_id)
    return ContactRead.model_validate(contact)


class MergeRequest(StrictInput):
    duplicate_id: uuid.UUID = Field(
        description="The contact to fold into this one; it answers 404 afterwards."
    )


@router.post("/{contact_id:uuid}/merge", responses=error_responses(400, 404, 409, 413, 415, 422))
async def merge_contacts(
    contact_id: ContactId, body: MergeRequest, session: SessionDep, principal: Writer
) -> ContactRead:
    """Merge a duplicate into this contact: its research versions, drafts, outcomes and
    opt-out move over, and its empty fields are filled from the duplicate."""
    contact = await service.merge_contacts(
        session,
        tenant_id=principal.tenant_id,
        contact_id=contact_id,
        duplicate_id=body.duplicate_id,
        api_key_id=principal.key_id,
    )
    return ContactRead.model_validate(contact)
