"""Small helpers every tenant-owned resource shares: scoped look-up and partial update."""

from __future__ import annotations

import uuid
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel
from sqlmodel import Session

from service.db import utcnow
from service.errors import NotFound


class TenantOwned(Protocol):
    id: uuid.UUID
    tenant_id: uuid.UUID


M = TypeVar("M", bound=TenantOwned)


def get_owned(
    session: Session, model: type[M], *, tenant_id: uuid.UUID, object_id: uuid.UUID, label: str
) -> M:
    """The tenant's object, or 404 — the same 404 whether it is missing or someone else's."""
    obj: M | None = session.get(model, object_id)
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
