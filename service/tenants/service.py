"""Tenant and API-key rules: key minting, hashing, authentication, rotation."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, select

from service.db import utcnow
from service.errors import NotFound, Unauthorized
from service.tenants.models import ApiKey, Scope, Tenant

KEY_PREFIX = "askw"
_ALPHABET = string.ascii_letters + string.digits
_PUBLIC_LEN = 10  # ~59 bits: unique enough to identify a key in listings
_SECRET_LEN = 32  # ~190 bits of secret randomness
# Updating last_used_at on every request would turn reads into writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the tenant and the key they used."""

    tenant_id: uuid.UUID
    key_id: uuid.UUID
    key_prefix: str
    scopes: frozenset[str]

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


def create_tenant(session: Session, *, name: str) -> Tenant:
    tenant = Tenant(name=name)
    session.add(tenant)
    session.flush()
    return tenant


def get_tenant(session: Session, *, tenant_id: uuid.UUID) -> Tenant:
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise NotFound("Tenant not found.")
    return tenant


def create_key(
    session: Session, *, tenant_id: uuid.UUID, name: str, scopes: Iterable[Scope], pepper: str
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
    session.flush()
    return key, api_key


def list_keys(session: Session, *, tenant_id: uuid.UUID) -> Sequence[ApiKey]:
    statement = (
        select(ApiKey).where(ApiKey.tenant_id == tenant_id).order_by(ApiKey.created_at, ApiKey.id)  # type: ignore[arg-type]
    )
    return session.exec(statement).all()


def revoke_key(session: Session, *, tenant_id: uuid.UUID, key_id: uuid.UUID) -> ApiKey:
    key = session.get(ApiKey, key_id)
    if key is None or key.tenant_id != tenant_id:
        raise NotFound("API key not found.")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.add(key)
        session.flush()
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


def authenticate(session: Session, *, api_key: str, pepper: str) -> Principal:
    """Resolve a presented key to its principal, or raise 401."""
    if not looks_like_key(api_key):
        raise Unauthorized("The API key is malformed.")
    digest = hash_key(api_key, pepper=pepper)
    key = session.exec(select(ApiKey).where(ApiKey.key_hash == digest)).first()
    if key is None or not hmac.compare_digest(key.key_hash, digest):
        raise Unauthorized("The API key is not valid.")
    if key.revoked_at is not None:
        raise Unauthorized("The API key has been revoked.")
    now = utcnow()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
        key.last_used_at = now
        session.add(key)
    return Principal(
        tenant_id=key.tenant_id, key_id=key.id, key_prefix=key.prefix, scopes=frozenset(key.scopes)
    )
