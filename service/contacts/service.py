"""Contact rules: tenant-scoped create, bulk import, read, search, update and erase."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.contacts.importing import ContactImportResult, ContactImportRow, ImportBatch
from service.contacts.models import Contact, ContactCreate, ContactRead, ContactUpdate, Seniority
from service.core import idempotency
from service.core.crud import apply_update, get_owned
from service.core.db import new_id, utcnow
from service.core.pagination import paginate
from service.core.schemas import Page
from service.research.models import ResearchSummary

IMPORT_ENDPOINT = "POST /v1/contacts/import"
CONTACTS = Contact.__table__  # type: ignore[attr-defined]


async def create_contact(
    session: AsyncSession, *, tenant_id: uuid.UUID, data: ContactCreate
) -> Contact:
    contact = Contact(tenant_id=tenant_id, **data.model_dump())
    session.add(contact)
    await session.flush()
    return contact


async def add_imported(
    session: AsyncSession, *, tenant_id: uuid.UUID, rows: Sequence[ContactImportRow]
) -> list[uuid.UUID]:
    """Add each row's contact and, where the row has research, its first research version;
    the new contacts' ids, in the rows' order."""
    # A microsecond apart, so that a list (oldest first) shows them in the rows' order.
    start = utcnow()
    contacts = []
    summaries = []
    for offset, row in enumerate(rows):
        moment = start + timedelta(microseconds=offset)
        contact_id = new_id()
        contacts.append(
            {
                **row.model_dump(exclude={"research"}),
                "id": contact_id,
                "tenant_id": tenant_id,
                "do_not_contact": False,
                "referred_by_contact_id": None,
                "created_at": moment,
                "updated_at": moment,
            }
        )
        if row.research is not None:
            summaries.append(
                {
                    "id": new_id(),
                    "tenant_id": tenant_id,
                    "contact_id": contact_id,
                    "version": 1,
                    "facts": [fact.model_dump() for fact in row.research.facts],
                    "notes": row.research.notes,
                    "created_at": moment,
                }
            )
    if contacts:
        await session.execute(insert(CONTACTS), contacts)
    if summaries:
        await session.execute(insert(ResearchSummary.__table__), summaries)  # type: ignore[attr-defined]
    return [contact["id"] for contact in contacts]


async def import_contacts(
    session: AsyncSession, *, tenant_id: uuid.UUID, batch: ImportBatch, key: str | None
) -> ContactImportResult | dict[str, Any]:
    """Store the batch's valid rows; a replay returns the first report (as stored).

    One transaction: the key's reservation commits with the rows, and a concurrent request
    with the same key waits for it, then replays its answer.
    """
    if key is not None:
        earlier = await idempotency.reserve(
            session,
            tenant_id=tenant_id,
            endpoint=IMPORT_ENDPOINT,
            key=key,
            fingerprint=batch.fingerprint,
        )
        if earlier is not None:
            assert earlier.response_body is not None
            return earlier.response_body
    ids = await add_imported(session, tenant_id=tenant_id, rows=[row for _, row in batch.valid])
    report = batch.report(ids)
    if key is not None:
        await idempotency.complete(
            session,
            tenant_id=tenant_id,
            endpoint=IMPORT_ENDPOINT,
            key=key,
            status=200,
            body=report.model_dump(mode="json"),
        )
    return report


async def get_contact(
    session: AsyncSession, *, tenant_id: uuid.UUID, contact_id: uuid.UUID, for_update: bool = False
) -> Contact:
    return await get_owned(
        session,
        Contact,
        tenant_id=tenant_id,
        object_id=contact_id,
        label="Contact",
        for_update=for_update,
    )


def _like_contains(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with `/` as the escape character."""
    escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def matching(
    tenant_id: uuid.UUID,
    *,
    organization: str | None = None,
    seniority: Seniority | None = None,
    q: str | None = None,
) -> list[Any]:
    """The conditions of a contact search (the list's filters, a batch's filter)."""
    conditions = [CONTACTS.c.tenant_id == tenant_id]
    if organization is not None:
        conditions.append(func.lower(CONTACTS.c.organization) == organization.strip().lower())
    if seniority is not None:
        conditions.append(CONTACTS.c.seniority == seniority)
    if q:
        pattern = _like_contains(q.strip().lower())
        conditions.append(func.lower(CONTACTS.c.name).like(pattern, escape="/"))
    return conditions


async def list_contacts(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    limit: int,
    cursor: str | None,
    organization: str | None = None,
    seniority: Seniority | None = None,
    q: str | None = None,
) -> Page[ContactRead]:
    """A page of the tenant's contacts, oldest first."""
    conditions = matching(tenant_id, organization=organization, seniority=seniority, q=q)
    return await paginate(
        session,
        select(CONTACTS).where(*conditions),
        sort=CONTACTS.c.created_at,
        id_column=CONTACTS.c.id,
        key=lambda row: (row.created_at, row.id),
        to_read=lambda row: ContactRead.model_validate(row._mapping),
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/contacts",
        scalars=False,
    )


async def update_contact(
    session: AsyncSession, *, tenant_id: uuid.UUID, contact_id: uuid.UUID, data: ContactUpdate
) -> Contact:
    contact = await get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    apply_update(contact, data)
    await session.flush()
    return contact


async def delete_contact(
    session: AsyncSession, *, tenant_id: uuid.UUID, contact_id: uuid.UUID
) -> None:
    """Erase the contact and everything about it (research cascades in the database; the
    erasure hook leaves a tombstone, `service.review.erasure`)."""
    contact = await get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    await session.delete(contact)
    await session.flush()
