"""Research rules: append-only versions per contact, newest first."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from service.contacts.models import Contact
from service.contacts.service import get_contact
from service.errors import Conflict, NotFound
from service.pagination import paginate
from service.research.models import ResearchCreate, ResearchRead, ResearchSummary
from service.schemas import Page


def add_research(
    session: Session, *, tenant_id: uuid.UUID, contact_id: uuid.UUID, data: ResearchCreate
) -> ResearchSummary:
    """Store a new version; earlier versions are kept as they were."""
    get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    # Serialize writers per contact (row lock on PostgreSQL; SQLite serializes writes anyway).
    session.exec(select(Contact.id).where(Contact.id == contact_id).with_for_update()).one()
    latest = session.exec(
        select(func.max(ResearchSummary.version)).where(ResearchSummary.contact_id == contact_id)
    ).one()
    summary = ResearchSummary(
        tenant_id=tenant_id,
        contact_id=contact_id,
        version=(latest or 0) + 1,
        facts=[fact.model_dump() for fact in data.facts],
        notes=data.notes,
    )
    session.add(summary)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("Another research version was added at the same time; retry.") from None
    return summary


def list_research(
    session: Session,
    *,
    tenant_id: uuid.UUID,
    contact_id: uuid.UUID,
    limit: int,
    cursor: str | None,
) -> Page[ResearchRead]:
    get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    return paginate(
        session,
        select(ResearchSummary).where(
            ResearchSummary.tenant_id == tenant_id, ResearchSummary.contact_id == contact_id
        ),
        sort=col(ResearchSummary.version),
        id_column=col(ResearchSummary.id),
        key=lambda r: (r.version, r.id),
        to_read=ResearchRead.model_validate,
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/contacts/{contact_id}/research",
        descending=True,
        sort_type=int,
    )


def latest_research(
    session: Session, *, tenant_id: uuid.UUID, contact_id: uuid.UUID
) -> ResearchSummary | None:
    """The newest version, or None when the contact has no research yet."""
    get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    return session.exec(
        select(ResearchSummary)
        .where(ResearchSummary.tenant_id == tenant_id, ResearchSummary.contact_id == contact_id)
        .order_by(col(ResearchSummary.version).desc())
        .limit(1)
    ).first()


def get_research_version(
    session: Session, *, tenant_id: uuid.UUID, contact_id: uuid.UUID, version: int
) -> ResearchSummary:
    get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    summary = session.exec(
        select(ResearchSummary).where(
            ResearchSummary.tenant_id == tenant_id,
            ResearchSummary.contact_id == contact_id,
            ResearchSummary.version == version,
        )
    ).first()
    if summary is None:
        raise NotFound("Research version not found.")
    return summary


def delete_research_version(
    session: Session, *, tenant_id: uuid.UUID, contact_id: uuid.UUID, version: int
) -> None:
    """Erase one version (e.g. research pasted by mistake); other versions keep their numbers."""
    summary = get_research_version(
        session, tenant_id=tenant_id, contact_id=contact_id, version=version
    )
    session.delete(summary)
    session.flush()
