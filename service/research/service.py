"""Research rules: append-only versions per contact, newest first."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from service.contacts.service import get_contact
from service.core.errors import Conflict, NotFound
from service.core.pagination import paginate
from service.core.schemas import Page
from service.research.models import ResearchCreate, ResearchRead, ResearchSummary

SUMMARIES = ResearchSummary.__table__  # type: ignore[attr-defined]


async def add_research(
    session: AsyncSession, *, tenant_id: uuid.UUID, contact_id: uuid.UUID, data: ResearchCreate
) -> ResearchSummary:
    """Store a new version; earlier versions are kept as they were."""
    # The contact's row lock serializes writers per contact (PostgreSQL; SQLite serializes
    # every writer anyway).
    await get_contact(session, tenant_id=tenant_id, contact_id=contact_id, for_update=True)
    latest = await session.scalar(
        select(func.max(SUMMARIES.c.version)).where(SUMMARIES.c.contact_id == contact_id)
    )
    summary = ResearchSummary(
        tenant_id=tenant_id,
        contact_id=contact_id,
        version=(latest or 0) + 1,
        facts=[fact.model_dump() for fact in data.facts],
        notes=data.notes,
    )
    session.add(summary)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict("Another research version was added at the same time; retry.") from None
    return summary


async def list_research(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    contact_id: uuid.UUID,
    limit: int,
    cursor: str | None,
) -> Page[ResearchRead]:
    await get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    return await paginate(
        session,
        select(ResearchSummary).where(
            SUMMARIES.c.tenant_id == tenant_id, SUMMARIES.c.contact_id == contact_id
        ),
        sort=SUMMARIES.c.version,
        id_column=SUMMARIES.c.id,
        key=lambda r: (r.version, r.id),
        to_read=ResearchRead.model_validate,
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/contacts/{contact_id}/research",
        descending=True,
        sort_type=int,
    )


async def newest_research(
    session: AsyncSession, *, contact_id: uuid.UUID
) -> ResearchSummary | None:
    """The contact's newest version (the caller has checked the contact is the tenant's)."""
    return (
        await session.scalars(
            select(ResearchSummary)
            .where(SUMMARIES.c.contact_id == contact_id)
            .order_by(SUMMARIES.c.version.desc())
            .limit(1)
        )
    ).first()


async def latest_research(
    session: AsyncSession, *, tenant_id: uuid.UUID, contact_id: uuid.UUID
) -> ResearchSummary | None:
    """The newest version, or None when the contact has no research yet."""
    await get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    return await newest_research(session, contact_id=contact_id)


async def get_research_version(
    session: AsyncSession, *, tenant_id: uuid.UUID, contact_id: uuid.UUID, version: int
) -> ResearchSummary:
    await get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    summary = (
        await session.scalars(
            select(ResearchSummary).where(
                SUMMARIES.c.tenant_id == tenant_id,
                SUMMARIES.c.contact_id == contact_id,
                SUMMARIES.c.version == version,
            )
        )
    ).first()
    if summary is None:
        raise NotFound("Research version not found.")
    return summary


async def delete_research_version(
    session: AsyncSession, *, tenant_id: uuid.UUID, contact_id: uuid.UUID, version: int
) -> None:
    """Erase one version (e.g. research pasted by mistake); other versions keep their numbers."""
    summary = await get_research_version(
        session, tenant_id=tenant_id, contact_id=contact_id, version=version
    )
    await session.delete(summary)
    await session.flush()
