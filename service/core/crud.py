"""Small helpers every tenant-owned resource shares: scoped look-up and partial update."""

from __future__ import annotations

import uuid
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from service.core.db import utcnow
from service.core.errors import NotFound


class TenantOwned(Protocol):
    id: uuid.UUID
    tenant_id: uuid.UUID


M = TypeVar("M", bound=TenantOwned)


async def get_owned(
    session: AsyncSession,
    model: type[M],
    *,
    tenant_id: uuid.UUID,
    object_id: uuid.UUID,
    label: str,
    for_update: bool = False,
) -> M:
    """The tenant's object, or 404 — the same 404 whether it is missing or someone else's.

    `for_update` locks the row until the transaction ends (PostgreSQL; SQLite serializes
    writers anyway).
    """
    obj: M | None = await session.get(model, object_id, with_for_update=for_update or None)
    if obj is None or obj.tenant_id != tenant_id:
        raise NotFound(f"{label} not found.")
    return obj


def apply_update(obj: Any, update: BaseModel) -> None:
    """Copy the fields the client actually sent; `null` clears optional ones."""
    changes = update.model_dump(exclude_unset=True)
    for field, value in changes.items():
        if value is None and field == "name":
            continue  # required field; null means "leave as is"
        setattr(obj, field, value)
    if changes and hasattr(obj, "updated_at"):
        obj.updated_at = utcnow()
