"""Batches: one requester, many contacts, one durable unit of work per (batch, contact).

A batch's status and counts are derived from its items, so no worker ever contends for
the batch row: items move `queued → drafting → needs_review | gate_failed | model_failed |
skipped | failed`, each written by the one workflow that owns it.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

from annotated_types import Ge, Le
from pydantic import ConfigDict, field_validator, model_validator
from pydantic import Field as PydanticField
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy import Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.contacts.models import Seniority
from service.core.db import UTCDateTime, new_id, utcnow
from service.core.schemas import JSON_INTEGER, StrictInput
from service.gate import Channel

MAX_BATCH_CONTACTS = 5_000

ItemStatus = Literal[
    "queued", "drafting", "needs_review", "gate_failed", "model_failed", "skipped", "failed"
]
ITEM_STATUSES: tuple[ItemStatus, ...] = (
    "queued",
    "drafting",
    "needs_review",
    "gate_failed",
    "model_failed",
    "skipped",
    "failed",
)
TERMINAL: frozenset[str] = frozenset(
    {"needs_review", "gate_failed", "model_failed", "skipped", "failed"}
)
BatchStatus = Literal["queued", "running", "paused", "completed", "cancelled"]
SkipReason = Literal[
    "no_research",
    "opted_out",
    "open_draft",
    "already_contacted",
    "replied",
    "cancelled",
    "contact_gone",
]


class Batch(SQLModel, table=True):
    __tablename__: ClassVar[str] = "batches"
    __table_args__ = (
        Index("ix_batches_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        Index("ix_batches_requester_id", "requester_id"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE")
    requester_id: uuid.UUID = Field(foreign_key="requesters.id", ondelete="CASCADE")
    channel: str = Field(sa_column=Column(String(32), nullable=False))
    prompt_version: int | None = None
    total: int
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BatchItem(SQLModel, table=True):
    __tablename__: ClassVar[str] = "batch_items"
    __table_args__ = (
        UniqueConstraint("batch_id", "contact_id"),
        UniqueConstraint("batch_id", "position"),
        Index("ix_batch_items_batch_id_status", "batch_id", "status"),
        Index("ix_batch_items_contact_id", "contact_id"),
        # The tenant's unfinished items, counted against its quotas.
        Index("ix_batch_items_tenant_id_status", "tenant_id", "status"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE")
    batch_id: uuid.UUID = Field(foreign_key="batches.id", ondelete="CASCADE")
    # Erasing a contact erases its items with it (they would name nobody).
    contact_id: uuid.UUID = Field(foreign_key="contacts.id", ondelete="CASCADE")
    position: int
    status: str = Field(sa_column=Column(String(16), nullable=False))
    reason: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    detail: str | None = Field(default=None, sa_column=Column(String(500), nullable=True))
    # At most one draft per item, whatever is retried or recovered (unique).
    draft_id: uuid.UUID | None = Field(
        default=None, foreign_key="drafts.id", ondelete="SET NULL", unique=True
    )
    llm_attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # How many times the item was sent back to the queue after failing (retry-failed): each
    # run is a workflow of its own (`service.batches.engine.item_workflow_id`).
    runs: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ModelOutage(SQLModel, table=True):
    """A runner's model server stopped answering: batch items wait for it (the batch shows
    `paused`) instead of failing. One row per outage seen by one runner process."""

    __tablename__: ClassVar[str] = "model_outages"
    __table_args__ = (Index("ix_model_outages_closed_at", "closed_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    worker_id: str = Field(sa_column=Column(String(100), nullable=False))
    detail: str = Field(sa_column=Column(String(500), nullable=False))
    opened_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Refreshed by every failed probe: an outage whose runner died is forgotten after a while.
    last_failure_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


# -- API shapes -------------------------------------------------------------------------------


class ContactFilter(StrictInput):
    """Which of the tenant's contacts to draft for (all given fields must match)."""

    organization: str | None = Field(default=None, min_length=1, max_length=300)
    seniority: Seniority | None = None
    q: str | None = Field(default=None, min_length=1, max_length=200, description="Name search.")


class BatchCreate(StrictInput):
    """Exactly one of `contact_ids` and `filter` chooses the contacts."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["contact_ids"]}, {"required": ["filter"]}]}
    )

    requester_id: uuid.UUID
    contact_ids: (
        Annotated[
            list[uuid.UUID],
            PydanticField(
                min_length=1, max_length=MAX_BATCH_CONTACTS, json_schema_extra={"uniqueItems": True}
            ),
        ]
        | SkipJsonSchema[None]
    ) = Field(
        default=None,
        description="The contacts to draft for, in order (no repeats); or give `filter`.",
    )
    filter: ContactFilter | SkipJsonSchema[None] = Field(
        default=None,
        description=f"Draft for the contacts that match (at most {MAX_BATCH_CONTACTS}).",
    )
    channel: Channel
    prompt_version: Annotated[int, Ge(1), Le(10_000), JSON_INTEGER] | None = Field(
        default=None, description="Pin a prompt version; default: the tenant's."
    )
    dry_run: bool = Field(
        default=False,
        description="Only say which contacts would be drafted and which skipped, and why.",
    )

    @field_validator("contact_ids", "filter", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("must not be null: leave the field out instead")
        return value

    @model_validator(mode="after")
    def _one_selection(self) -> BatchCreate:
        if (self.contact_ids is None) == (self.filter is None):
            raise ValueError("give exactly one of contact_ids and filter")
        if self.contact_ids is not None and len(set(self.contact_ids)) != len(self.contact_ids):
            raise ValueError("contact_ids must not repeat a contact")
        return self


class ItemCounts(SQLModel):
    queued: int = 0
    drafting: int = 0
    needs_review: int = 0
    gate_failed: int = 0
    model_failed: int = 0
    skipped: int = 0
    failed: int = 0


class BatchRead(SQLModel):
    id: uuid.UUID
    requester_id: uuid.UUID
    channel: Channel
    prompt_version: int | None
    status: BatchStatus = Field(
        description="queued (nothing started), running, paused (the model server is away; items "
        "wait for it and go on by themselves), completed (every item terminal), cancelled."
    )
    paused_because: str | None = Field(
        default=None, description="While paused: what the runners saw of the model server."
    )
    total: int
    counts: ItemCounts
    created_at: datetime
    started_at: datetime | None = Field(description="When the first item started drafting.")
    finished_at: datetime | None = Field(description="When the last item ended (completed).")
    cancelled_at: datetime | None


class SkippedContact(SQLModel):
    contact_id: uuid.UUID
    reason: SkipReason
    detail: str


class DryRunRead(SQLModel):
    dry_run: Literal[True] = True
    requester_id: uuid.UUID
    channel: Channel
    would_draft: list[uuid.UUID]
    skipped: list[SkippedContact]


class BatchItemRead(SQLModel):
    id: uuid.UUID
    contact_id: uuid.UUID
    position: int
    status: ItemStatus
    reason: str | None = Field(
        description="Why an item was skipped (no_research, opted_out, open_draft, "
        "already_contacted, replied, cancelled, contact_gone), failed (model_server_unreachable, "
        "model_server_error, model_server_busy, model_auth, model_quota, "
        "model_request_refused, error: no draft), or its draft stopped short (model_failed: "
        "model_output_invalid, model_output_truncated; the draft records its attempts); "
        "`detail` says what happened."
    )
    detail: str | None
    draft_id: uuid.UUID | None
    llm_attempts: int = Field(description="HTTP requests made to the model for this item.")
    runs: int = Field(description="Times the item was queued again after failing.")
    started_at: datetime | None
    finished_at: datetime | None
