"""Contact rules: tenant-scoped create, bulk import, read, search, update and erase."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

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
from service.pagination import Position, encode_cursor, raw_keyset
from service.rawdb import Dialect, dumps
from service.research.models import ResearchSummary

IMPORT_ENDPOINT = "POST /v1/contacts/import"


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


def _list_sql(dialect: Dialect) -> str:
    """`SELECT <ContactRead as JSON>, created_at, id FROM contacts WHERE tenant_id = {tenant}`"""
    fields = []
    for name in ContactRead.model_fields:
        if name in ("id", "referred_by_contact_id"):
            fields.append((name, dialect.uuid_json_sql(name)))
        elif name in ("created_at", "updated_at"):
            fields.append((name, dialect.time_json_sql(name)))
        elif name == "do_not_contact":
            fields.append((name, dialect.bool_json_sql(name)))
        else:
            fields.append((name, name))
    # Only the read model's own field names go into this text, never input.
    item = dialect.json_object_sql(fields)
    return f"SELECT {item}, created_at, id FROM contacts WHERE tenant_id = {{tenant}}"  # noqa: S608


_LIST_SQL = {sqlite: _list_sql(Dialect(sqlite=sqlite)) for sqlite in (True, False)}


def _like_contains(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with `/` as the escape character."""
    escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def contacts_page_query(
    dialect: Dialect,
    position: Position | None,
    *,
    limit: int,
    organization: str | None = None,
    seniority: Seniority | None = None,
    q: str | None = None,
) -> tuple[str, list[Any]]:
    """A page of a tenant's contacts, oldest first, one row more than `limit`; the SQL
    names the tenant as `{tenant}` (see `service.deps.read_hot_page`)."""
    after, after_params = raw_keyset(dialect, position, sort="created_at")
    sql = [_LIST_SQL[dialect.sqlite]]
    params: list[Any] = []
    if organization is not None:
        sql.append("AND lower(organization) = ?")
        params.append(organization.strip().lower())
    if seniority is not None:
        sql.append("AND seniority = ?")
        params.append(seniority)
    if q:
        sql.append("AND lower(name) LIKE ? ESCAPE '/'")
        params.append(_like_contains(q.strip().lower()))
    sql.append(f"AND {after} ORDER BY created_at, id LIMIT ?")
    return " ".join(sql), [*params, *after_params, limit + 1]


def contacts_page_json(
    dialect: Dialect, rows: list[tuple[Any, ...]], *, tenant_id: uuid.UUID, limit: int
) -> bytes:
    """The JSON of a `Page[ContactRead]` from the page columns of `contacts_page_query`.

    The database already wrote each item (see `Dialect.json_object_sql`); this joins them.
    """
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        _, created_at, row_id = rows[-1]
        next_cursor = encode_cursor(
            f"{tenant_id}/contacts", dialect.time_value(created_at), dialect.uuid_value(row_id)
        )
    items = ",".join(row[0] for row in rows)
    return f'{{"items":[{items}],"next_cursor":'.encode() + dumps(next_cursor) + b"}"


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
