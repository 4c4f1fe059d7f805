"""Contact rules: tenant-scoped create, bulk import, read, search, update and erase."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from service import idempotency
from service.contacts.importing import ContactImportResult, ContactImportRow, ImportBatch
from service.contacts.models import (
    Contact,
    ContactCreate,
    ContactRead,
    ContactUpdate,
    Seniority,
)
from service.crud import apply_update, get_owned
from service.db import unit_of_work, utcnow
from service.pagination import paginate
from service.research.models import ResearchSummary
from service.schemas import Page

IMPORT_ENDPOINT = "POST /v1/contacts/import"

_READ_COLUMNS = [Contact.__table__.c[name] for name in ContactRead.model_fields]  # type: ignore[attr-defined]


def create_contact(session: Session, *, tenant_id: uuid.UUID, data: ContactCreate) -> Contact:
    contact = Contact(tenant_id=tenant_id, **data.model_dump())
    session.add(contact)
    session.flush()
    return contact


def add_imported(
    session: Session, *, tenant_id: uuid.UUID, rows: Sequence[ContactImportRow]
) -> list[Contact]:
    """Add each row's contact and, where the row has research, its first research version."""
    # A microsecond apart, so that a list (oldest first) shows them in the rows' order.
    start = utcnow()
    contacts = [
        Contact(
            tenant_id=tenant_id,
            created_at=start + timedelta(microseconds=offset),
            updated_at=start + timedelta(microseconds=offset),
            **row.model_dump(exclude={"research"}),
        )
        for offset, row in enumerate(rows)
    ]
    session.add_all(contacts)
    session.flush()
    session.add_all(
        ResearchSummary(
            tenant_id=tenant_id,
            contact_id=contact.id,
            version=1,
            facts=[fact.model_dump() for fact in row.research.facts],
            notes=row.research.notes,
        )
        for contact, row in zip(contacts, rows, strict=True)
        if row.research is not None
    )
    session.flush()
    return contacts


def import_contacts(
    engine: Engine, *, tenant_id: uuid.UUID, batch: ImportBatch, key: str | None
) -> ContactImportResult | dict[str, Any]:
    """Store the batch's valid rows in one transaction; a replay returns the first report."""
    if key is not None:
        with unit_of_work(engine) as session:
            earlier = idempotency.reserve(
                session,
                tenant_id=tenant_id,
                endpoint=IMPORT_ENDPOINT,
                key=key,
                fingerprint=batch.fingerprint,
            )
        if earlier is not None:
            assert earlier.response_body is not None
            return earlier.response_body
    try:
        with unit_of_work(engine) as session:
            contacts = add_imported(
                session, tenant_id=tenant_id, rows=[row for _, row in batch.valid]
            )
            report = batch.report([contact.id for contact in contacts])
            if key is not None:
                idempotency.complete(
                    session,
                    tenant_id=tenant_id,
                    endpoint=IMPORT_ENDPOINT,
                    key=key,
                    status=200,
                    body=report.model_dump(mode="json"),
                )
    except BaseException:
        if key is not None:
            with unit_of_work(engine) as session:
                idempotency.release(session, tenant_id=tenant_id, endpoint=IMPORT_ENDPOINT, key=key)
        raise
    return report


def get_contact(session: Session, *, tenant_id: uuid.UUID, contact_id: uuid.UUID) -> Contact:
    return get_owned(session, Contact, tenant_id=tenant_id, object_id=contact_id, label="Contact")


def list_contacts(
    session: Session,
    *,
    tenant_id: uuid.UUID,
    limit: int,
    cursor: str | None,
    organization: str | None = None,
    seniority: Seniority | None = None,
    q: str | None = None,
) -> Page[ContactRead]:
    # Plain rows, not ORM objects: a list is read-only and this is the hottest read path.
    statement = select(*_READ_COLUMNS).where(Contact.tenant_id == tenant_id)
    if organization is not None:
        statement = statement.where(
            func.lower(col(Contact.organization)) == organization.strip().lower()
        )
    if seniority is not None:
        statement = statement.where(Contact.seniority == seniority)
    if q:
        statement = statement.where(
            func.lower(col(Contact.name)).contains(q.strip().lower(), autoescape=True)
        )
    return paginate(
        session,
        statement,
        sort=col(Contact.created_at),
        id_column=col(Contact.id),
        key=lambda row: (row.created_at, row.id),
        to_read=lambda row: ContactRead.__pydantic_validator__.validate_python(dict(row._mapping)),
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/contacts",
    )


def update_contact(
    session: Session, *, tenant_id: uuid.UUID, contact_id: uuid.UUID, data: ContactUpdate
) -> Contact:
    contact = get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    apply_update(contact, data)
    session.add(contact)
    session.flush()
    return contact


def delete_contact(session: Session, *, tenant_id: uuid.UUID, contact_id: uuid.UUID) -> None:
    """Erase the contact and everything about it (research cascades in the database)."""
    contact = get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    session.delete(contact)
    session.flush()
