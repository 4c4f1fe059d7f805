"""Webhooks: a tenant's endpoints, the events they receive, and each delivery's attempts.

An event (`webhook_events`) is written once, in the transaction of what it reports, with
its Standard Webhooks payload (`type`, `timestamp`, `data`); each enabled endpoint of the
tenant subscribed to its type gets a delivery (`webhook_deliveries`), and every HTTP
attempt of a delivery is a row of its own (`webhook_attempts`). Payloads carry ids and
states only: no names, e-mail addresses or message text leave the service this way.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field as PydanticField
from pydantic import StrictBool, StringConstraints, field_validator
from sqlalchemy import Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.core.db import JSONDoc, UTCDateTime, new_id, utcnow
from service.core.schemas import StrictInput

# What an endpoint can subscribe to.
WebhookEventType = Literal[
    "batch.completed", "draft.needs_review", "draft.gate_failed", "follow_up.due"
]
EVENT_TYPES: tuple[str, ...] = WebhookEventType.__args__  # type: ignore[attr-defined]
# What a delivery can carry: those, and the ping `POST /v1/webhooks/{id}/test` sends.
DeliveredEventType = Literal[
    "batch.completed", "draft.needs_review", "draft.gate_failed", "follow_up.due", "webhook.test"
]
PING = "webhook.test"

# pending: waiting for its next attempt (or its first); succeeded: a 2xx answer;
# failed: every attempt of its run failed (replay it to try again).
DeliveryStatus = Literal["pending", "succeeded", "failed"]

# Why an attempt failed, when no HTTP status says it.
AttemptError = Literal[
    "address_refused",  # the name resolved to an address webhooks may not reach
    "dns_failed",
    "connection_failed",
    "timeout",
    "redirect_not_followed",
    "http_error",  # an answer other than 2xx
    "endpoint_disabled",
    "internal_error",
]

MAX_ENDPOINTS_PER_TENANT = 20
URL_MAX_LENGTH = 2048
# Printable ASCII only (an international name goes as punycode, other characters
# percent-encoded): every regex engine reads this class the same way, `\S` they do not.
URL_PATTERN = r"^https?://[!-~]+$"
URL_RULES = (
    "Where deliveries are POSTed: an `https` URL of a public address (private, link-local "
    "and loopback addresses are refused, whatever the name resolves to; `http` only to "
    "loopback, when the service allows loopback)."
)


class WebhookEndpoint(SQLModel, table=True):
    __tablename__: ClassVar[str] = "webhook_endpoints"
    __table_args__ = (
        Index("ix_webhook_endpoints_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE")
    url: str = Field(sa_type=String(URL_MAX_LENGTH))
    description: str | None = Field(default=None, sa_type=String(200))
    event_types: list[str] = Field(default_factory=list, sa_column=Column(JSONDoc, nullable=False))
    enabled: bool = True
    # The signing secret must be readable to sign with (Standard Webhooks is symmetric).
    secret: str = Field(sa_type=String(100))
    # After a rotation the old secret signs too, for a while, so receivers can switch.
    previous_secret: str | None = Field(default=None, sa_type=String(100))
    previous_secret_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class WebhookEvent(SQLModel, table=True):
    __tablename__: ClassVar[str] = "webhook_events"
    # An event that must happen once (a follow-up falling due) carries a key of its own.
    __table_args__ = (UniqueConstraint("tenant_id", "dedupe_key"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE")
    type: str = Field(sa_type=String(40))
    payload: dict[str, Any] = Field(sa_column=Column(JSONDoc, nullable=False))
    dedupe_key: str | None = Field(default=None, sa_type=String(120))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class WebhookDelivery(SQLModel, table=True):
    __tablename__: ClassVar[str] = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_endpoint_id_created_at_id", "endpoint_id", "created_at", "id"),
        Index("ix_webhook_deliveries_status_claimed_by", "status", "claimed_by"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE")
    endpoint_id: uuid.UUID = Field(foreign_key="webhook_endpoints.id", ondelete="CASCADE")
    event_id: uuid.UUID = Field(foreign_key="webhook_events.id", ondelete="CASCADE", index=True)
    event_type: str = Field(sa_type=String(40))
    status: str = Field(default="pending", sa_type=String(20))
    # A replay starts a new run (a workflow of its own); attempts are numbered across runs.
    run: int = 0
    attempts: int = 0
    run_attempts: int = 0
    # The runner that started the run's workflow (None: no runner has it yet).
    claimed_by: str | None = Field(default=None, sa_type=String(100))
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_status_code: int | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebhookAttempt(SQLModel, table=True):
    __tablename__: ClassVar[str] = "webhook_attempts"
    __table_args__ = (UniqueConstraint("delivery_id", "number"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    delivery_id: uuid.UUID = Field(foreign_key="webhook_deliveries.id", ondelete="CASCADE")
    number: int
    run: int
    started_at: datetime = Field(sa_type=UTCDateTime)
    duration_ms: int
    status_code: int | None = None
    error: str | None = Field(default=None, sa_type=String(40))
    succeeded: bool


# -- API shapes ---------------------------------------------------------------------------------

WebhookUrl = Annotated[str, StringConstraints(max_length=URL_MAX_LENGTH, pattern=URL_PATTERN)]
EventTypes = Annotated[
    list[WebhookEventType],
    PydanticField(
        min_length=1, max_length=len(EVENT_TYPES), json_schema_extra={"uniqueItems": True}
    ),
]


def _distinct(values: list[str] | None) -> list[str] | None:
    if values is not None and len(set(values)) != len(values):
        raise ValueError("each event type at most once")
    return values


class WebhookEndpointCreate(StrictInput):
    url: WebhookUrl = Field(description=URL_RULES)
    description: str | None = Field(default=None, max_length=200)
    event_types: EventTypes = Field(description="The events to receive.")
    enabled: StrictBool = True

    _event_types = field_validator("event_types")(_distinct)


class WebhookEndpointUpdate(StrictInput):
    """Fields to change; those left out keep their value."""

    url: WebhookUrl | None = Field(default=None, description=URL_RULES)
    description: str | None = Field(default=None, max_length=200)
    event_types: EventTypes | None = None
    enabled: StrictBool | None = None

    _event_types = field_validator("event_types")(_distinct)


class WebhookEndpointRead(SQLModel):
    id: uuid.UUID
    url: str
    description: str | None
    event_types: list[WebhookEventType]
    enabled: bool
    previous_secret_expires_at: datetime | None = Field(
        description="Until when the secret before the last rotation still signs (a second "
        "`v1,` signature in `webhook-signature`)."
    )
    created_at: datetime
    updated_at: datetime


class WebhookEndpointCreated(WebhookEndpointRead):
    secret: str = Field(
        description="The signing secret (`whsec_…`), shown only now: verify each delivery's "
        "`webhook-signature` with it (any Standard Webhooks library does)."
    )


class WebhookAttemptRead(SQLModel):
    number: int
    run: int = Field(description="0 for the first delivery, then one more per replay.")
    started_at: datetime
    duration_ms: int
    status_code: int | None = Field(description="The receiver's HTTP status, if it answered.")
    error: AttemptError | None
    succeeded: bool


class WebhookDeliveryRead(SQLModel):
    id: uuid.UUID
    endpoint_id: uuid.UUID
    message_id: str = Field(description="The `webhook-id` header: the same for every attempt.")
    event_type: DeliveredEventType
    status: DeliveryStatus
    payload: dict[str, Any] = Field(description="The body sent: `type`, `timestamp`, `data`.")
    attempts: list[WebhookAttemptRead]
    next_attempt_at: datetime | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
