"""Requesters: the people on whose behalf requests are written."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from sqlalchemy import Column, Index, String
from sqlmodel import Field, SQLModel

from service.contacts.models import Email, HttpUrl
from service.core.db import JSONDoc, UTCDateTime, new_id, utcnow
from service.core.schemas import ListItem, StrictInput


class RequesterBase(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    email: Email | None = Field(default=None, sa_type=String(320))
    linkedin_url: HttpUrl | None = Field(default=None, sa_type=String(2048))
    current_role: str | None = Field(
        default=None, max_length=300, description="What the requester does now."
    )
    background: str | None = Field(
        default=None, max_length=4000, description="Education, experience, what they bring."
    )
    interests: list[ListItem] = Field(
        default_factory=list, max_length=50, sa_type=JSONDoc, description="Topics of interest."
    )
    learning_goals: str | None = Field(
        default=None, max_length=2000, description="What the requester wants to learn."
    )
    target_fields: list[ListItem] = Field(
        default_factory=list, max_length=50, sa_type=JSONDoc, description="Fields or roles sought."
    )


class Requester(RequesterBase, table=True):
    __tablename__: ClassVar[str] = "requesters"
    __table_args__ = (
        Index("ix_requesters_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE")
    interests: list[str] = Field(default_factory=list, sa_column=Column(JSONDoc, nullable=False))
    target_fields: list[str] = Field(
        default_factory=list, sa_column=Column(JSONDoc, nullable=False)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class RequesterCreate(RequesterBase, StrictInput):
    pass


class RequesterUpdate(StrictInput):
    """Fields to change; those left out keep their value, `null` clears an optional one."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    email: Email | None = None
    linkedin_url: HttpUrl | None = None
    current_role: str | None = Field(default=None, max_length=300)
    background: str | None = Field(default=None, max_length=4000)
    interests: list[ListItem] | None = Field(default=None, max_length=50)
    learning_goals: str | None = Field(default=None, max_length=2000)
    target_fields: list[ListItem] | None = Field(default=None, max_length=50)


class RequesterRead(RequesterBase):
    id: uuid.UUID
    created_at: datetime
    updated_at: datetime
