"""Contacts: the people a requester wants to approach."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, ClassVar, Literal

import sqlalchemy as sa
from pydantic import StringConstraints
from sqlalchemy import Index, String
from sqlmodel import Field, SQLModel

from service.core.db import UTCDateTime, new_id, utcnow
from service.core.schemas import StrictInput

Seniority = Literal["junior", "mid", "senior", "executive"]
# Character classes are spelled out (no `\s`): regex engines disagree on what is a space,
# and the schema must mean the same to clients as to the server.
Email = Annotated[
    str,
    StringConstraints(
        max_length=320, pattern=r"^[^@\x00-\x20\x7f]{1,64}@[^@\x00-\x20\x7f]{1,255}$"
    ),
]
HttpUrl = Annotated[
    str, StringConstraints(max_length=2048, pattern=r"^https?://[^\x00-\x20\x7f]+$")
]


class ContactBase(SQLModel):
    name: str = Field(min_length=1, max_length=200, description="Full name of the person.")
    title: str | None = Field(default=None, max_length=300, description="Job title.")
    department: str | None = Field(default=None, max_length=300, description="Team or department.")
    organization: str | None = Field(default=None, max_length=300)
    seniority: Seniority | None = Field(default=None, sa_type=String(16))
    email: Email | None = Field(default=None, sa_type=String(320))
    linkedin_url: HttpUrl | None = Field(default=None, sa_type=String(2048))
    how_found: str | None = Field(
        default=None, max_length=1000, description="How the requester found this person."
    )
    notes: str | None = Field(default=None, max_length=4000)


class Contact(ContactBase, table=True):
    __tablename__: ClassVar[str] = "contacts"
    __table_args__ = (
        Index("ix_contacts_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        # What says two records are one person (`service.contacts.identity`). Not unique:
        # records stored before matching existed may repeat a person until merged.
        Index("ix_contacts_tenant_id_email_key", "tenant_id", "email_key"),
        Index("ix_contacts_tenant_id_linkedin_key", "tenant_id", "linkedin_key"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE")
    # Server-owned: set when the person opted out (an outcome, or directly).
    do_not_contact: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    opted_out_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Server-owned: the normalised e-mail and LinkedIn profile.
    email_key: str | None = Field(default=None, sa_type=String(320))
    linkedin_key: str | None = Field(default=None, sa_type=String(2048))
    # Cleared by the erasure hook (service/review/erasure.py) when the referrer is erased.
    referred_by_contact_id: uuid.UUID | None = Field(default=None, foreign_key="contacts.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ContactMerge(SQLModel, table=True):
    """A contact merged into another: the survivor's history keeps it, and the merged-away
    id answers 404 with where it went. No personal data: the survivor holds the person."""

    __tablename__: ClassVar[str] = "contact_merges"
    __table_args__ = (Index("ix_contact_merges_tenant_id_from_id", "tenant_id", "from_id"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE")
    from_id: uuid.UUID  # the contact merged away (gone)
    into_id: uuid.UUID = Field(foreign_key="contacts.id", ondelete="CASCADE", index=True)
    api_key_id: uuid.UUID
    merged_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ContactCreate(ContactBase, StrictInput):
    pass


class ContactUpdate(StrictInput):
    """Fields to change; those left out keep their value, `null` clears an optional one."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    title: str | None = Field(default=None, max_length=300)
    department: str | None = Field(default=None, max_length=300)
    organization: str | None = Field(default=None, max_length=300)
    seniority: Seniority | None = None
    email: Email | None = None
    linkedin_url: HttpUrl | None = None
    how_found: str | None = Field(default=None, max_length=1000)
    notes: str | None = Field(default=None, max_length=4000)


class ContactRead(ContactBase):
    id: uuid.UUID
    do_not_contact: bool = Field(
        default=False, description="The person opted out: no further requests are drafted."
    )
    opted_out_at: datetime | None = Field(default=None, description="When they opted out.")
    referred_by_contact_id: uuid.UUID | None = Field(
        default=None, description="The contact who referred the requester to this person."
    )
    created_at: datetime
    updated_at: datetime
