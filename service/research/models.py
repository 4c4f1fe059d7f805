"""Research summaries: what the requester learned about a contact, kept as versions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, model_validator
from pydantic.config import JsonDict
from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.contacts.models import HttpUrl
from service.core.db import JSONDoc, UTCDateTime, new_id, utcnow
from service.core.schemas import StrictInput

FactAbout = Literal["person", "organization", "role"]


class Fact(StrictInput):
    """One thing learned. Research text is untrusted data, never instructions."""

    text: str = Field(min_length=1, max_length=2000)
    about: FactAbout
    source_url: HttpUrl | None = None


class ResearchSummary(SQLModel, table=True):
    __tablename__: ClassVar[str] = "research_summaries"
    __table_args__ = (UniqueConstraint("contact_id", "version"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE", index=True)
    contact_id: uuid.UUID = Field(foreign_key="contacts.id", ondelete="CASCADE")
    version: int
    facts: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSONDoc, nullable=False)
    )
    notes: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


_EMPTY_RESEARCH: JsonDict = {
    "allOf": [
        {"anyOf": [{"not": {"required": ["facts"]}}, {"properties": {"facts": {"maxItems": 0}}}]},
        {
            "anyOf": [
                {"not": {"required": ["notes"]}},
                {"properties": {"notes": {"anyOf": [{"type": "null"}, {"pattern": "^\\s*$"}]}}},
            ]
        },
    ]
}


class ResearchCreate(StrictInput):
    """At least one fact, or some notes (a body with neither is a 422).

    The schema says it with `not` (no facts and no notes is refused), not with an `anyOf`
    of two shapes, which generated clients turn into two types for one request body."""

    model_config = ConfigDict(json_schema_extra={"not": _EMPTY_RESEARCH})

    facts: list[Fact] = Field(default_factory=list, max_length=100)
    notes: str | None = Field(
        default=None, max_length=20000, description="Free text; treated as untrusted data."
    )

    @model_validator(mode="after")
    def _not_empty(self) -> ResearchCreate:
        if not self.facts and not (self.notes and self.notes.strip()):
            raise ValueError("research needs at least one fact or some notes")
        return self


class ResearchRead(SQLModel):
    id: uuid.UUID
    contact_id: uuid.UUID
    version: int
    facts: list[Fact]
    notes: str | None
    created_at: datetime
