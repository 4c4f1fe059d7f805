"""Tenant and API-key rules: key minting, hashing, authentication, rotation."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from service.db import utcnow
from service.errors import NotFound, Unauthorized
from service.rawdb import Dialect, Raw
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


# What `principal_from_row` reads, in its order.
KEY_COLUMNS = ("id", "tenant_id", "prefix", "key_hash", "scopes", "revoked_at", "last_used_at")


def _key_columns(table: str) -> str:
    # Scopes as text: psycopg would decode the JSONB again on every row of a page join.
    return ", ".join(
        f"CAST({table}.{column} AS TEXT)" if column == "scopes" else f"{table}.{column}"
        for column in KEY_COLUMNS
    )


KEY_BY_HASH = f"SELECT {_key_columns('api_keys')} FROM api_keys WHERE key_hash = ?"  # noqa: S608


def page_with_key(page_sql: str, *, order: Sequence[str]) -> str:
    """One statement for a key's row and a page of its tenant's data, for a hot list.

    `page_sql` selects the page (in its order, with its LIMIT) and names the tenant as
    `{tenant}`; its parameters come between this statement's two `?` for the key's digest.
    Every result row starts with the key's columns (`KEY_COLUMNS`); the page's columns
    follow, NULL when the page is empty; no row at all means no such key. The page is read
    before the key is checked, and is thrown away unless the key may read it. `order`
    names the page's columns it is ordered by, for the joined rows to keep that order.
    """
    key_columns = _key_columns("k")
    inner = page_sql.format(tenant="(SELECT tenant_id FROM api_keys WHERE key_hash = ?)")
    return (
        f"SELECT {key_columns}, page.* FROM api_keys AS k"  # noqa: S608
        f" LEFT JOIN ({inner}) AS page ON 1 = 1 WHERE k.key_hash = ?"
        f" ORDER BY {', '.join(f'page.{column}' for column in order)}"
    )


_TOUCH_KEY = "UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)"


def key_digest(api_key: str, *, pepper: str) -> str:
    """The digest to look a presented key up by; 401 for anything not shaped like a key."""
    if not looks_like_key(api_key):
        raise Unauthorized("The API key is malformed.")
    return hash_key(api_key, pepper=pepper)


# Digest -> (the row it was read from, its principal, its last use): every request reads
# the key's row (revocation must bite at once), but parses it again only when it changed.
_PARSED: dict[str, tuple[tuple[Any, ...], Principal, datetime | None]] = {}
_PARSED_MAX = 4096


def principal_from_row(
    dialect: Dialect, row: tuple[Any, ...] | None, *, digest: str
) -> tuple[Principal, bool]:
    """The principal a `KEY_BY_HASH` row names, and whether its last use is due a write."""
    if row is None or not hmac.compare_digest(row[3], digest):
        raise Unauthorized("The API key is not valid.")
    if row[5] is not None:
        raise Unauthorized("The API key has been revoked.")
    parsed = _PARSED.get(digest)
    if parsed is None or parsed[0] != row:
        key_id, tenant_id, prefix, _, scopes, _, last_used_at = row
        principal = Principal(
            tenant_id=dialect.uuid_value(tenant_id),
            key_id=dialect.uuid_value(key_id),
            key_prefix=prefix,
            scopes=frozenset(dialect.json_value(scopes)),
        )
        last_used = None if last_used_at is None else dialect.time_value(last_used_at)
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        parsed = _PARSED[digest] = (row, principal, last_used)
    _, principal, last_used = parsed
    # Writing the last use on every request would turn every read into a write.
    return principal, last_used is None or utcnow() - last_used >= LAST_USED_RESOLUTION


def touch_key(raw: Raw, *, key_id: uuid.UUID) -> None:
    """Record that the key was used now (unless another request just did)."""
    now = utcnow()
    raw.execute(
        _TOUCH_KEY,
        (raw.time_param(now), raw.uuid_param(key_id), raw.time_param(now - LAST_USED_RESOLUTION)),
    )


def authenticate(raw: Raw, *, api_key: str, pepper: str) -> Principal:
    """Resolve a presented key to its principal, or raise 401."""
    digest = key_digest(api_key, pepper=pepper)
    principal, touch = principal_from_row(
        raw, raw.one_or_none(KEY_BY_HASH, (digest,)), digest=digest
    )
    if touch:
        touch_key(raw, key_id=principal.key_id)
    return principal
