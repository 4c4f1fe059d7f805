"""Contact rules: tenant-scoped create, read, search, update and erase."""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, func, select

from service.contacts.models import (
    Contact,
    ContactCreate,
    ContactRead,
    ContactUpdate,
    Seniority,
)
from service.crud import apply_update, get_owned
from service.pagination import paginate
from service.schemas import Page

_READ_COLUMNS = [Contact.__table__.c[name] for name in ContactRead.model_fields]  # type: ignore[attr-defined]


def create_contact(session: Session, *, tenant_id: uuid.UUID, data: ContactCreate) -> Contact:
    contact = Contact(tenant_id=tenant_id, **data.model_dump())
    session.add(contact)
    session.flush()
    return contact


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
