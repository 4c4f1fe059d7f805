"""HTTP routes for the calling tenant and its API keys."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status
from sqlmodel import SQLModel

from service.core.deps import Admin, Reader, SessionDep, SettingsDep
from service.core.errors import error_responses
from service.tenants import service
from service.tenants.models import ApiKeyCreate, ApiKeyCreated, ApiKeyRead, Scope

router = APIRouter(prefix="/v1", tags=["tenant"], responses=error_responses(401, 403))


class TenantRead(SQLModel):
    id: uuid.UUID
    name: str
    key_id: uuid.UUID
    scopes: list[str]


@router.get("/tenant")
async def get_current_tenant(session: SessionDep, principal: Reader) -> TenantRead:
    """The tenant the presented key belongs to, and that key's scopes."""
    tenant = await service.get_tenant(session, tenant_id=principal.tenant_id)
    return TenantRead(
        id=tenant.id, name=tenant.name, key_id=principal.key_id, scopes=sorted(principal.scopes)
    )


@router.get("/keys")
async def list_keys(session: SessionDep, principal: Admin) -> list[ApiKeyRead]:
    """Every key of the tenant, revoked ones included; secrets are never shown."""
    keys = await service.list_keys(session, tenant_id=principal.tenant_id)
    return [ApiKeyRead.model_validate(key) for key in keys]


@router.post(
    "/keys", status_code=status.HTTP_201_CREATED, responses=error_responses(400, 413, 415, 422)
)
async def create_key(
    body: ApiKeyCreate,
    session: SessionDep,
    settings: SettingsDep,
    principal: Admin,
    response: Response,
) -> ApiKeyCreated:
    """Mint a key (for rotation: create the new one, switch, then revoke the old one)."""
    key, api_key = await service.create_key(
        session,
        tenant_id=principal.tenant_id,
        name=body.name,
        scopes=[Scope(s) for s in body.scopes],
        pepper=settings.api_key_pepper.get_secret_value(),
    )
    response.headers["Cache-Control"] = "no-store"
    return ApiKeyCreated(**ApiKeyRead.model_validate(key).model_dump(), api_key=api_key)


@router.post("/keys/{key_id}/revoke", responses=error_responses(404, 422))
async def revoke_key(key_id: uuid.UUID, session: SessionDep, principal: Admin) -> ApiKeyRead:
    """Revoke a key; it is refused from the next request on. Revoking twice is harmless."""
    key = await service.revoke_key(session, tenant_id=principal.tenant_id, key_id=key_id)
    return ApiKeyRead.model_validate(key)
