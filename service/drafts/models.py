"""Drafts: a proposed request from one requester to one contact, with its gate report,
provenance and every attempt that produced it. Revisions keep each text and its verdict."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

from annotated_types import Ge, Le
from pydantic import BaseModel, ConfigDict, field_validator, model_validator
from sqlalchemy import Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.core.db import JSONDoc, UTCDateTime, new_id, utcnow
from service.core.schemas import JSON_INTEGER, StrictInput
from service.gate import Channel, GateReport
from service.llm.drafting import AttemptLog

DraftStatus = Literal["needs_review", "gate_failed", "model_failed", "approved", "rejected", "sent"]
DraftKind = Literal["request", "follow_up"]
Outcome = Literal["replied_positive", "replied_negative", "referred", "no_reply", "opted_out"]


class Draft(SQLModel, table=True):
    __tablename__: ClassVar[str] = "drafts"
    __table_args__ = (
        Index("ix_drafts_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        Index("ix_drafts_requester_id", "requester_id"),
        Index("ix_drafts_contact_id", "contact_id"),
        # At most one follow-up per request, even when two are asked for at once.
        Index("ix_drafts_follow_up_of", "follow_up_of", unique=True),
        Index("ix_drafts_tenant_id_follow_up_due_at", "tenant_id", "follow_up_due_at"),
        Index("ix_drafts_batch_id", "batch_id"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE")
    requester_id: uuid.UUID = Field(foreign_key="requesters.id", ondelete="CASCADE")
    contact_id: uuid.UUID = Field(foreign_key="contacts.id", ondelete="CASCADE")
    channel: str = Field(sa_column=Column(String(32), nullable=False))
    kind: str = Field(default="request", sa_column=Column(String(16), nullable=False))
    status: str = Field(sa_column=Column(String(32), nullable=False))
    revision: int = 1
    research_version: int | None = None
    provenance: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSONDoc, nullable=False)
    )
    attempts: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSONDoc, nullable=False)
    )
    # Why drafting stopped short: the model's answers were unusable (`model_failed`), or a
    # repair attempt failed (`gate_failed`). A reason code and what happened.
    failure_reason: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    failure_detail: str | None = Field(default=None, sa_column=Column(String(500), nullable=True))
    # Bumped on every change; the ETag is built from it (compare-and-set on writes).
    lock_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    # No ON DELETE: a follow-up shares its request's contact and requester, so an erasure
    # removes both in one statement.
    follow_up_of: uuid.UUID | None = Field(default=None, foreign_key="drafts.id")
    # The batch that drafted it, if any (the review queue filters by it). No ON DELETE: a
    # batch goes only with its requester (or tenant), whose drafts go in the same cascade.
    batch_id: uuid.UUID | None = Field(default=None, foreign_key="batches.id")
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    outcome: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    outcome_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    follow_up_due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DraftRevision(SQLModel, table=True):
    """One text of a draft and the gate's verdict on it; revisions are never changed."""

    __tablename__: ClassVar[str] = "draft_revisions"
    __table_args__ = (UniqueConstraint("draft_id", "number"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE", index=True)
    draft_id: uuid.UUID = Field(foreign_key="drafts.id", ondelete="CASCADE")
    number: int
    author: str = Field(sa_column=Column(String(16), nullable=False))  # llm | offline | human
    subject: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    body: str = Field(sa_column=Column(Text, nullable=False))
    gate_report: dict[str, Any] = Field(sa_column=Column(JSONDoc, nullable=False))
    gate_passed: bool
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DraftCreate(StrictInput):
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"allow_repeat": {"const": True}}, "required": ["allow_repeat"]},
            "then": {
                "required": ["repeat_reason"],
                "properties": {"repeat_reason": {"type": "string"}},
            },
        }
    )

    requester_id: uuid.UUID
    contact_id: uuid.UUID
    channel: Channel
    prompt_version: Annotated[int, Ge(1), Le(10_000), JSON_INTEGER] | None = Field(
        default=None, description="Pin a prompt version; default: the tenant's."
    )
    allow_repeat: bool = Field(
        default=False,
        description="Draft a new first request to someone the requester already wrote to "
        "(409 `already-contacted` otherwise); needs `repeat_reason`, which is recorded.",
    )
    repeat_reason: str | None = Field(default=None, min_length=3, max_length=500)

    @model_validator(mode="after")
    def _repeat_needs_a_reason(self) -> DraftCreate:
        if self.allow_repeat and self.repeat_reason is None:
            raise ValueError("allow_repeat needs a repeat_reason")
        return self


class FollowUpCreate(StrictInput):
    force: bool = Field(
        default=False,
        description="Draft it before it is due (409 `follow-up-not-due` otherwise); "
        "recorded with the draft.",
    )


class DraftRead(BaseModel):
    id: uuid.UUID
    requester_id: uuid.UUID
    contact_id: uuid.UUID
    channel: Channel
    kind: DraftKind
    status: DraftStatus
    revision: int
    subject: str | None
    body: str
    gate_report: GateReport
    research_version: int | None
    provenance: dict[str, Any] = Field(
        description="How it was made: drafter (llm|offline), prompt name/version/sha256, "
        "model and parameters."
    )
    attempts: list[AttemptLog]
    failure_reason: str | None = Field(
        default=None,
        description="Why drafting stopped short, when it did: model_output_invalid, "
        "model_output_truncated, model_server_error, model_server_unreachable, model_auth, "
        "model_quota... A `model_failed` draft has no usable text (its body is empty): the "
        "model answered, but never with a usable draft; write one in a revision, or reject it.",
    )
    failure_detail: str | None = Field(default=None, description="What happened, in words.")
    lock_version: int = Field(description="Changes on every write; the ETag carries it.")
    follow_up_of: uuid.UUID | None = Field(
        default=None, description="The request this draft follows up on."
    )
    batch_id: uuid.UUID | None = Field(default=None, description="The batch that drafted it.")
    sent_at: datetime | None = None
    outcome: Outcome | None = None
    outcome_at: datetime | None = None
    follow_up_due_at: datetime | None = Field(
        default=None, description="When a follow-up is due (sent, no reply yet)."
    )
    created_at: datetime
    updated_at: datetime

    @field_validator("gate_report", mode="before")
    @classmethod
    def _report_from_json(cls, value: Any) -> Any:
        # Lists read the stored report as its JSON text: parsed and checked in one pass,
        # about a third faster than a dict first.
        if isinstance(value, str | bytes):
            return GateReport.model_validate_json(value)
        return value


class PromptRead(SQLModel):
    name: str
    version: int
    sha256: str
    description: str
    changelog: str
    is_default: bool = Field(description="Used for this tenant when a request pins none.")
