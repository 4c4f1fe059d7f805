"""Requester rules: tenant-scoped create, read, update and erase."""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from service.crud import apply_update, get_owned
from service.pagination import paginate
from service.requesters.models import Requester, RequesterCreate, RequesterRead, RequesterUpdate
from service.schemas import Page


def create_requester(session: Session, *, tenant_id: uuid.UUID, data: RequesterCreate) -> Requester:
    requester = Requester(tenant_id=tenant_id, **data.model_dump())
    session.add(requester)
    session.flush()
    return requester


def get_requester(session: Session, *, tenant_id: uuid.UUID, requester_id: uuid.UUID) -> Requester:
    return get_owned(
        session, Requester, tenant_id=tenant_id, object_id=requester_id, label="Requester"
    )


def list_requesters(
    session: Session, *, tenant_id: uuid.UUID, limit: int, cursor: str | None
) -> Page[RequesterRead]:
    return paginate(
        session,
        select(Requester).where(Requester.tenant_id == tenant_id),
        sort=col(Requester.created_at),
        id_column=col(Requester.id),
        key=lambda r: (r.created_at, r.id),
        to_read=RequesterRead.model_validate,
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/requesters",
    )


def update_requester(
    session: Session, *, tenant_id: uuid.UUID, requester_id: uuid.UUID, data: RequesterUpdate
) -> Requester:
    requester = get_requester(session, tenant_id=tenant_id, requester_id=requester_id)
    apply_update(requester, data)
    session.add(requester)
    session.flush()
    return requester


def delete_requester(session: Session, *, tenant_id: uuid.UUID, requester_id: uuid.UUID) -> None:
    requester = get_requester(session, tenant_id=tenant_id, requester_id=requester_id)
    session.delete(requester)
    session.flush()
