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

from sqlalchemy import Column, String, UniqueConstraint, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, Session, SQLModel, select

from service.db import JSONDoc, UTCDateTime, new_id, utcnow
from service.errors import Conflict, Unprocessable

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


def _dialect_insert(session: Session) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert
    return sqlite.insert


def reserve(
    session: Session, *, tenant_id: uuid.UUID, endpoint: str, key: str, fingerprint: str
) -> IdempotencyRecord | None:
    """Reserve `key`; return the earlier record when the key was used before.

    Raises 422 when the key was used with a different body and 409 while the first
    request with this key is still running. Commit it with the work (one transaction: a
    failure releases the key) or right away (then `release` it on failure).
    """
    existing = session.exec(
        select(IdempotencyRecord).where(
            IdempotencyRecord.tenant_id == tenant_id,
            IdempotencyRecord.endpoint == endpoint,
            IdempotencyRecord.key == key,
        )
    ).first()
    if existing is None:
        # INSERT .. ON CONFLICT DO NOTHING, not a savepoint: pysqlite commits a SAVEPOINT
        # opened before any other write, which would make the reservation outlive a
        # request that fails (and leave its key "still running" for good).
        statement = (
            _dialect_insert(session)(IdempotencyRecord)
            .values(
                id=new_id(),
                tenant_id=tenant_id,
                endpoint=endpoint,
                key=key,
                request_hash=fingerprint,
                created_at=utcnow(),
            )
            .on_conflict_do_nothing(index_elements=["tenant_id", "endpoint", "key"])
            .returning(IdempotencyRecord.id)
        )
        # RETURNING, not `rowcount`: psycopg reports -1 for an INSERT .. ON CONFLICT that
        # inserted nothing, which read as "reserved" let concurrent duplicates through.
        if session.execute(statement).first() is not None:
            return None
        return reserve(
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


def complete(
    session: Session,
    *,
    tenant_id: uuid.UUID,
    endpoint: str,
    key: str,
    status: int,
    body: dict[str, Any],
    draft_id: uuid.UUID | None = None,
) -> None:
    record = session.exec(
        select(IdempotencyRecord).where(
            IdempotencyRecord.tenant_id == tenant_id,
            IdempotencyRecord.endpoint == endpoint,
            IdempotencyRecord.key == key,
        )
    ).one()
    record.response_status = status
    record.response_body = body
    record.draft_id = draft_id
    session.add(record)


def release(session: Session, *, tenant_id: uuid.UUID, endpoint: str, key: str) -> None:
    """Forget a reservation whose request failed, so the client may retry with the key."""
    session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.tenant_id == tenant_id,  # type: ignore[arg-type]
            IdempotencyRecord.endpoint == endpoint,  # type: ignore[arg-type]
            IdempotencyRecord.key == key,  # type: ignore[arg-type]
            IdempotencyRecord.response_status.is_(None),  # type: ignore[union-attr]
        )
    )
