"""Requester rules: tenant-scoped create, read, update and erase."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.core.crud import apply_update, get_owned
from service.core.pagination import paginate
from service.core.schemas import Page
from service.requesters.models import Requester, RequesterCreate, RequesterRead, RequesterUpdate


async def create_requester(
    session: AsyncSession, *, tenant_id: uuid.UUID, data: RequesterCreate
) -> Requester:
    requester = Requester(tenant_id=tenant_id, **data.model_dump())
    session.add(requester)
    await session.flush()
    return requester


async def get_requester(
    session: AsyncSession, *, tenant_id: uuid.UUID, requester_id: uuid.UUID
) -> Requester:
    return await get_owned(
        session, Requester, tenant_id=tenant_id, object_id=requester_id, label="Requester"
    )


async def list_requesters(
    session: AsyncSession, *, tenant_id: uuid.UUID, limit: int, cursor: str | None
) -> Page[RequesterRead]:
    table = Requester.__table__  # type: ignore[attr-defined]
    return await paginate(
        session,
        select(Requester).where(table.c.tenant_id == tenant_id),
        sort=table.c.created_at,
        id_column=table.c.id,
        key=lambda r: (r.created_at, r.id),
        to_read=RequesterRead.model_validate,
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/requesters",
    )


async def update_requester(
    session: AsyncSession, *, tenant_id: uuid.UUID, requester_id: uuid.UUID, data: RequesterUpdate
) -> Requester:
    requester = await get_requester(session, tenant_id=tenant_id, requester_id=requester_id)
    apply_update(requester, data)
    await session.flush()
    return requester


async def delete_requester(
    session: AsyncSession, *, tenant_id: uuid.UUID, requester_id: uuid.UUID
) -> None:
    """Erase the requester and everything about them (the database cascades; the erasure
    hook leaves a tombstone, `service.review.erasure`)."""
    requester = await get_requester(session, tenant_id=tenant_id, requester_id=requester_id)
    await session.delete(requester)
    await session.flush()
