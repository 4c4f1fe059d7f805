"""Tenant and API-key rules: key minting, hashing, authentication, rotation."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from service.core.db import utcnow
from service.core.errors import NotFound, Unauthorized
from service.tenants.models import ApiKey, Scope, Tenant

KEY_PREFIX = "askw"
_ALPHABET = string.ascii_letters + string.digits
_PUBLIC_LEN = 10  # ~59 bits: unique enough to identify a key in listings
_SECRET_LEN = 32  # ~190 bits of secret randomness
# Updating last_used_at on every request would turn reads into writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)
# Prompt versions a new tenant starts pinned to. draft_request v2 leads with the strongest
# hook and why it matters; v1 stays available to tenants that pin it.
NEW_TENANT_PROMPT_VERSIONS: dict[str, int] = {"draft_request": 2}


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the tenant and the key they used, and the tenant's stored settings
    as the key was checked (read with the key, so a request that only needs them to read,
    such as a gate check, makes no second query)."""

    tenant_id: uuid.UUID
    key_id: uuid.UUID
    key_prefix: str
    scopes: frozenset[str]
    tenant_settings: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def has(self, scope: Scope) -> bool:
        return scope.granted_by(set(self.scopes))


def hash_key(api_key: str, *, pepper: str) -> str:
    return hmac.new(pepper.encode(), api_key.encode(), hashlib.sha256).hexdigest()


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def mint_key() -> tuple[str, str]:
    """Return `(prefix, full key)`; the key looks like `askw_<public>_<secret>`."""
    prefix = f"{KEY_PREFIX}_{_random(_PUBLIC_LEN)}"
    return prefix, f"{prefix}_{_random(_SECRET_LEN)}"


async def create_tenant(session: AsyncSession, *, name: str) -> Tenant:
    tenant = Tenant(
        name=name, settings={"default_prompt_versions": dict(NEW_TENANT_PROMPT_VERSIONS)}
    )
    session.add(tenant)
    await session.flush()
    return tenant


async def get_tenant(session: AsyncSession, *, tenant_id: uuid.UUID) -> Tenant:
    tenant = await session.get(Tenant, tenant_id)
    if tenant is None:
        raise NotFound("Tenant not found.")
    return tenant


async def create_key(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    name: str,
    scopes: Iterable[Scope],
    pepper: str,
) -> tuple[ApiKey, str]:
    prefix, api_key = mint_key()
    key = ApiKey(
        tenant_id=tenant_id,
        name=name,
        prefix=prefix,
        key_hash=hash_key(api_key, pepper=pepper),
        scopes=sorted({Scope(s).value for s in scopes}),
    )
    session.add(key)
    await session.flush()
    return key, api_key


async def list_keys(session: AsyncSession, *, tenant_id: uuid.UUID) -> Sequence[ApiKey]:
    statement = (
        select(ApiKey)
        .where(ApiKey.tenant_id == tenant_id)  # type: ignore[arg-type]
        .order_by(ApiKey.created_at, ApiKey.id)  # type: ignore[arg-type]
    )
    return (await session.scalars(statement)).all()


async def revoke_key(session: AsyncSession, *, tenant_id: uuid.UUID, key_id: uuid.UUID) -> ApiKey:
    key = await session.get(ApiKey, key_id)
    if key is None or key.tenant_id != tenant_id:
        raise NotFound("API key not found.")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        await session.flush()
    return key


def looks_like_key(api_key: str) -> bool:
    parts = api_key.split("_")
    return (
        len(parts) == 3
        and parts[0] == KEY_PREFIX
        and len(parts[1]) == _PUBLIC_LEN
        and len(parts[2]) == _SECRET_LEN
        and all(c in _ALPHABET for c in parts[1] + parts[2])
    )


def key_digest(api_key: str, *, pepper: str) -> str:
    """The digest to look a presented key up by; 401 for anything not shaped like a key."""
    if not looks_like_key(api_key):
        raise Unauthorized("The API key is malformed.")
    return hash_key(api_key, pepper=pepper)


_KEYS = ApiKey.__table__  # type: ignore[attr-defined]
_TENANTS = Tenant.__table__  # type: ignore[attr-defined]
_PRINCIPAL = select(
    _KEYS.c.id,
    _KEYS.c.tenant_id,
    _KEYS.c.prefix,
    _KEYS.c.key_hash,
    _KEYS.c.scopes,
    _KEYS.c.revoked_at,
    _KEYS.c.last_used_at,
    _TENANTS.c.settings.label("tenant_settings"),
).join(_TENANTS, _TENANTS.c.id == _KEYS.c.tenant_id)
_KEY_BY_HASH = _PRINCIPAL.where(_KEYS.c.key_hash == bindparam("digest"))
_KEY_BY_ID = _PRINCIPAL.where(_KEYS.c.id == bindparam("key_id"))


async def authenticate(session: AsyncSession, *, digest: str) -> tuple[Principal, bool]:
    """The principal of the key with `digest`, and whether its last use is due a write
    (`touch_key`); 401 when there is no such key or it is revoked."""
    row = (await session.execute(_KEY_BY_HASH, {"digest": digest})).one_or_none()
    if row is None or not hmac.compare_digest(row.key_hash, digest):
        raise Unauthorized("The API key is not valid.")
    return _principal(row)


async def authenticate_key_id(
    session: AsyncSession, *, key_id: uuid.UUID
) -> tuple[Principal, bool]:
    """`authenticate` for a key already proven once (a console session carries its id):
    the key is read again, so a revoked one is refused from its next request on."""
    row = (await session.execute(_KEY_BY_ID, {"key_id": key_id})).one_or_none()
    if row is None:
        raise Unauthorized("The API key is not valid.")
    return _principal(row)


def _principal(row: Any) -> tuple[Principal, bool]:
    if row.revoked_at is not None:
        raise Unauthorized("The API key has been revoked.")
    principal = Principal(
        tenant_id=row.tenant_id,
        key_id=row.id,
        key_prefix=row.prefix,
        scopes=frozenset(row.scopes),
        tenant_settings=row.tenant_settings or {},
    )
    # Writing the last use on every request would turn every read into a write.
    due = row.last_used_at is None or utcnow() - row.last_used_at >= LAST_USED_RESOLUTION
    return principal, due


async def touch_key(session: AsyncSession, *, key_id: uuid.UUID) -> None:
    """Record that the key was used now (unless another request just did)."""
    now = utcnow()
    await session.execute(
        update(ApiKey)
        .where(
            ApiKey.id == key_id,  # type: ignore[arg-type]
            (ApiKey.last_used_at.is_(None))  # type: ignore[union-attr]
            | (ApiKey.last_used_at < now - LAST_USED_RESOLUTION),  # type: ignore[operator]
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
