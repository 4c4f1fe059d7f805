"""Tenants, their API keys and the scopes a key can hold."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar, Literal

from sqlalchemy import Column, String
from sqlmodel import Field, SQLModel

from service.core.db import JSONDoc, UTCDateTime, new_id, utcnow
from service.core.schemas import StrictInput


class Scope(StrEnum):
    """What a key may do. `admin` implies every other scope; writers and reviewers may read."""

    admin = "admin"
    drafts_write = "drafts:write"
    review = "review"
    read = "read"

    def granted_by(self, held: set[str]) -> bool:
        if Scope.admin in held or self in held:
            return True
        return self is Scope.read and bool(held & {Scope.drafts_write, Scope.review})


class Tenant(SQLModel, table=True):
    __tablename__: ClassVar[str] = "tenants"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    name: str = Field(max_length=200)
    # Tenant-level settings (gate policy, default prompt versions, follow-up delay, ...).
    settings: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSONDoc, nullable=False)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ApiKey(SQLModel, table=True):
    __tablename__: ClassVar[str] = "api_keys"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=200)
    # The public part of the key (shown in listings); the secret is kept only as a hash.
    prefix: str = Field(sa_column=Column(String(32), nullable=False, unique=True))
    key_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSONDoc, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


ScopeName = Literal["admin", "drafts:write", "review", "read"]


class ApiKeyCreate(StrictInput):
    name: str = Field(min_length=1, max_length=200)
    scopes: list[ScopeName] = Field(min_length=1, max_length=4)


class ApiKeyRead(SQLModel):
    id: uuid.UUID
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyRead):
    api_key: str = Field(description="The key itself. Shown only in this response; store it now.")


class StoredTenantSettings(SQLModel):
    """What `Tenant.settings` holds; absent keys mean the service default."""

    gate_policy: dict[str, Any] = Field(default_factory=dict)
    default_prompt_versions: dict[str, int] = Field(default_factory=dict)
    follow_up_delay_days: int = 30
    daily_draft_cap: int | None = None
    # Set by the operator (`askwell tenant quota`); None: the service's default.
    quota_drafts_per_day: int | None = None
    quota_queued_batch_items: int | None = None
