"""Review decisions, outreach events and erasure tombstones, and their API shapes.

Decisions live apart from the machine's output and are append-only: the database itself
refuses to change or delete a decision row while its draft exists (see the migration).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, ClassVar, Literal

from pydantic import StringConstraints
from sqlalchemy import Column, Index, String, Text
from sqlmodel import Field, SQLModel

from service.contacts.models import ContactCreate, ContactRead
from service.core.db import UTCDateTime, new_id, utcnow
from service.core.schemas import StrictInput, UTCMoment
from service.drafts.models import DraftRead, Outcome
from service.gate import GateReport
from service.llm.drafting import AttemptLog

DecisionKind = Literal["approved", "rejected", "edited"]
OutreachKind = Literal["sent", "outcome"]
ErasureKind = Literal["contact", "requester"]

ReviewerName = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class ReviewDecision(SQLModel, table=True):
    """Who decided what about which revision; never updated, deleted only with its draft."""

    __tablename__: ClassVar[str] = "review_decisions"
    __table_args__ = (Index("ix_review_decisions_draft_id_created_at", "draft_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE", index=True)
    draft_id: uuid.UUID = Field(foreign_key="drafts.id", ondelete="CASCADE")
    decision: str = Field(sa_column=Column(String(16), nullable=False))
    revision: int
    # Keys are revoked, never deleted; no foreign key, so a decision never changes.
    api_key_id: uuid.UUID
    api_key_prefix: str = Field(sa_column=Column(String(32), nullable=False))
    reviewer: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    text_sha256: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OutreachEvent(SQLModel, table=True):
    """What the caller told us happened after approval: sent, then an outcome."""

    __tablename__: ClassVar[str] = "outreach_events"
    __table_args__ = (Index("ix_outreach_events_draft_id_created_at", "draft_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE", index=True)
    draft_id: uuid.UUID = Field(foreign_key="drafts.id", ondelete="CASCADE")
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    outcome: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    referred_contact_id: uuid.UUID | None = Field(
        default=None, foreign_key="contacts.id", ondelete="SET NULL"
    )
    api_key_id: uuid.UUID
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Erasure(SQLModel, table=True):
    """Tombstone of an erased contact or requester: what kind, when, how much; no personal
    data. `subject_sha256` lets someone who still holds the id confirm it was erased."""

    __tablename__: ClassVar[str] = "erasures"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE", index=True)
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    subject_sha256: str = Field(sa_column=Column(String(64), nullable=False))
    drafts: int = 0
    revisions: int = 0
    decisions: int = 0
    outreach_events: int = 0
    erased_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DraftEdit(StrictInput):
    """A reviewer's new text; `subject` left out keeps the current one, `null` clears it."""

    subject: str | None = Field(default=None, max_length=300, description="Email subject.")
    body: str = Field(min_length=1, max_length=20000)
    reviewer: ReviewerName | None = Field(default=None, description="Who edited, for the record.")


class ApprovalCreate(StrictInput):
    reviewer: ReviewerName | None = Field(default=None, description="Who approved, for the record.")


class RejectionCreate(StrictInput):
    reason: str = Field(min_length=1, max_length=2000, description="Why it was rejected.")
    reviewer: ReviewerName | None = Field(default=None, description="Who rejected, for the record.")


class SentCreate(StrictInput):
    sent_at: UTCMoment | None = Field(
        default=None, description="When the caller sent it (default: now); not in the future."
    )


class OutcomeCreate(StrictInput):
    outcome: Outcome
    referred_contact: ContactCreate | None = Field(
        default=None,
        description="With `referred`: the colleague the contact pointed to, stored as a new "
        "contact linked to this one.",
    )


class RevisionRead(SQLModel):
    number: int
    author: str = Field(description="llm, offline or human.")
    subject: str | None
    body: str
    gate_report: GateReport
    gate_passed: bool
    created_at: datetime


class DecisionRead(SQLModel):
    id: uuid.UUID
    draft_id: uuid.UUID
    decision: DecisionKind
    revision: int
    api_key_id: uuid.UUID
    api_key_prefix: str
    reviewer: str | None
    reason: str | None
    text_sha256: str = Field(
        description="SHA-256 (hex) of the UTF-8 JSON array [subject, body] of that revision."
    )
    created_at: datetime


class OutreachEventRead(SQLModel):
    id: uuid.UUID
    draft_id: uuid.UUID
    kind: OutreachKind
    outcome: Outcome | None
    occurred_at: datetime
    referred_contact_id: uuid.UUID | None
    created_at: datetime


class OutcomeRecorded(SQLModel):
    draft: DraftRead
    referred_contact: ContactRead | None = None


class HistoryEntry(SQLModel):
    """One event in a draft's life; exactly one of the payload fields is set."""

    at: datetime
    type: Literal["attempt", "revision", "decision", "outreach"]
    attempt: AttemptLog | None = None
    revision: RevisionRead | None = None
    decision: DecisionRead | None = None
    outreach: OutreachEventRead | None = None


class TimelineEntry(SQLModel):
    """One moment in the story of a person and the tenant's requesters."""

    at: datetime
    type: Literal[
        "created",
        "research",
        "draft",
        "decision",
        "sent",
        "outcome",
        "merged",
        "opted_out",
    ]
    summary: str = Field(description="What happened, in a few words (no message text).")
    draft_id: uuid.UUID | None = None
    requester_id: uuid.UUID | None = None
    research_version: int | None = None
    decision: DecisionKind | None = None
    outcome: Outcome | None = None
    merged_from: uuid.UUID | None = None
