"""`Idempotency-Key` for writes that matter: a replay returns the first response.

A key is reserved (committed) before the work starts, so two concurrent requests with the
same key cannot both do it: the second gets 409 while the first runs. The response is
stored in the same transaction as the work's result. A failed request releases its key.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import Column, String, UniqueConstraint, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from service.core.db import JSONDoc, UTCDateTime, insert_ignoring_conflicts, new_id, utcnow
from service.core.errors import Conflict, Unprocessable

MAX_KEY_LENGTH = 200


class IdempotencyRecord(SQLModel, table=True):
    __tablename__: ClassVar[str] = "idempotency_keys"
    __table_args__ = (UniqueConstraint("tenant_id", "endpoint", "key"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE")
    endpoint: str = Field(sa_column=Column(String(100), nullable=False))
    key: str = Field(sa_column=Column(String(MAX_KEY_LENGTH), nullable=False))
    request_hash: str = Field(sa_column=Column(String(64), nullable=False))
    # The stored response may carry personal data: it goes when the draft it made goes.
    draft_id: uuid.UUID | None = Field(default=None, foreign_key="drafts.id", ondelete="CASCADE")
    response_status: int | None = None
    response_body: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONDoc))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


def request_hash(body: Any) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


_RECORDS = IdempotencyRecord.__table__  # type: ignore[attr-defined]
_KEY_COLUMNS = ["tenant_id", "endpoint", "key"]


def _where(tenant_id: uuid.UUID, endpoint: str, key: str) -> Any:
    return (
        (_RECORDS.c.tenant_id == tenant_id)
        & (_RECORDS.c.endpoint == endpoint)
        & (_RECORDS.c.key == key)
    )


async def reserve(
    session: AsyncSession, *, tenant_id: uuid.UUID, endpoint: str, key: str, fingerprint: str
) -> IdempotencyRecord | None:
    """Reserve `key`; return the earlier record when the key was used before.

    Raises 422 when the key was used with a different body and 409 while the first
    request with this key is still running. Commit it with the work (one transaction: a
    failure releases the key) or right away (then `release` it on failure).
    """
    # INSERT .. ON CONFLICT DO NOTHING, not a savepoint: pysqlite commits a SAVEPOINT
    # opened before any other write, which would make the reservation outlive a request
    # that fails (and leave its key "still running" for good). RETURNING, not `rowcount`:
    # psycopg reports -1 for an insert that did nothing, which once read as "reserved" and
    # let concurrent duplicates through. A concurrent first request's uncommitted row makes
    # this insert wait for its transaction, then do nothing.
    statement = (
        insert_ignoring_conflicts(session, _RECORDS, index_elements=_KEY_COLUMNS)
        .values(
            id=new_id(),
            tenant_id=tenant_id,
            endpoint=endpoint,
            key=key,
            request_hash=fingerprint,
            created_at=utcnow(),
        )
        .returning(_RECORDS.c.id)
    )
    if (await session.execute(statement)).first() is not None:
        return None
    existing = (
        await session.scalars(select(IdempotencyRecord).where(_where(tenant_id, endpoint, key)))
    ).first()
    if existing is None:  # released meanwhile by a request that failed: try again
        return await reserve(
            session, tenant_id=tenant_id, endpoint=endpoint, key=key, fingerprint=fingerprint
        )
    if existing.request_hash != fingerprint:
        raise Unprocessable(
            "This Idempotency-Key was already used with a different request body.",
            errors=[
                {"loc": ["header", "idempotency-key"], "msg": "key reused", "type": "idempotency"}
            ],
        )
    if existing.response_status is None:
        raise Conflict(
            "A request with this Idempotency-Key is still being processed; retry shortly.",
            headers={"Retry-After": "1"},
        )
    return existing


async def complete(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    endpoint: str,
    key: str,
    status: int,
    body: dict[str, Any],
    draft_id: uuid.UUID | None = None,
) -> None:
    """Store the response the reservation's request answered, for replays."""
    await session.execute(
        update(_RECORDS)
        .where(_where(tenant_id, endpoint, key))
        .values(response_status=status, response_body=body, draft_id=draft_id)
    )


async def release(session: AsyncSession, *, tenant_id: uuid.UUID, endpoint: str, key: str) -> None:
    """Forget a reservation whose request failed, so the client may retry with the key."""
    await session.execute(
        delete(_RECORDS).where(
            _where(tenant_id, endpoint, key), _RECORDS.c.response_status.is_(None)
        )
    )
