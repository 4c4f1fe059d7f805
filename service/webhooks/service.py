"""Webhook rules: endpoints, events and their deliveries, attempts, replays.

Events are written in the transaction of what they report (the draft stored, the batch's
last item ended), with one delivery per subscribed endpoint; a runner then starts each
delivery's workflow (`service.webhooks.tasks`). Nothing here talks HTTP.
"""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from service.core.crud import get_owned
from service.core.db import insert_ignoring_conflicts, new_id, utcnow
from service.core.errors import Conflict, NotFound, Unprocessable
from service.core.pagination import paginate
from service.core.schemas import Page
from service.webhooks.addresses import AddressRefused, Resolver, check_url
from service.webhooks.models import (
    MAX_ENDPOINTS_PER_TENANT,
    PING,
    WebhookAttempt,
    WebhookAttemptRead,
    WebhookDelivery,
    WebhookDeliveryRead,
    WebhookEndpoint,
    WebhookEndpointCreate,
    WebhookEndpointUpdate,
    WebhookEvent,
)

ENDPOINTS = WebhookEndpoint.__table__  # type: ignore[attr-defined]
EVENTS = WebhookEvent.__table__  # type: ignore[attr-defined]
DELIVERIES = WebhookDelivery.__table__  # type: ignore[attr-defined]
ATTEMPTS = WebhookAttempt.__table__  # type: ignore[attr-defined]

SECRET_BYTES = 32
# How long the secret before a rotation keeps signing beside the new one.
ROTATION_OVERLAP = timedelta(hours=24)


class UrlRefused(Unprocessable):
    """The webhook URL is not one deliveries may go to: it must be `https` and reach a
    public address (not private, link-local or loopback, whatever its name resolves to)."""

    slug, title = "webhook-url-refused", "Webhook URL Refused"


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def message_id(event_id: uuid.UUID) -> str:
    return f"msg_{event_id.hex}"


# -- endpoints ----------------------------------------------------------------------------------


async def _check_url(url: str, *, allow_loopback: bool, resolver: Resolver) -> None:
    try:
        await check_url(url, allow_loopback=allow_loopback, resolver=resolver)
    except AddressRefused as exc:
        raise UrlRefused(str(exc), errors=[{"loc": ["body", "url"], "msg": str(exc)}]) from None


async def create_endpoint(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    data: WebhookEndpointCreate,
    allow_loopback: bool,
    resolver: Resolver,
) -> WebhookEndpoint:
    await _check_url(data.url, allow_loopback=allow_loopback, resolver=resolver)
    count = await session.scalar(
        select(func.count()).select_from(ENDPOINTS).where(ENDPOINTS.c.tenant_id == tenant_id)
    )
    if (count or 0) >= MAX_ENDPOINTS_PER_TENANT:
        raise Conflict(
            f"A tenant has at most {MAX_ENDPOINTS_PER_TENANT} webhook endpoints; delete one first."
        )
    endpoint = WebhookEndpoint(
        tenant_id=tenant_id,
        url=data.url,
        description=data.description,
        event_types=list(data.event_types),
        enabled=data.enabled,
        secret=new_secret(),
    )
    session.add(endpoint)
    await session.flush()
    return endpoint


async def get_endpoint(
    session: AsyncSession, *, tenant_id: uuid.UUID, endpoint_id: uuid.UUID
) -> WebhookEndpoint:
    return await get_owned(
        session, WebhookEndpoint, tenant_id=tenant_id, object_id=endpoint_id, label="Webhook"
    )


async def list_endpoints(
    session: AsyncSession, *, tenant_id: uuid.UUID, limit: int, cursor: str | None
) -> Page[WebhookEndpoint]:
    return await paginate(
        session,
        select(WebhookEndpoint).where(ENDPOINTS.c.tenant_id == tenant_id),
        sort=ENDPOINTS.c.created_at,
        id_column=ENDPOINTS.c.id,
        key=lambda e: (e.created_at, e.id),
        to_read=lambda e: e,
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/webhooks",
    )


async def update_endpoint(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    endpoint_id: uuid.UUID,
    data: WebhookEndpointUpdate,
    allow_loopback: bool,
    resolver: Resolver,
) -> WebhookEndpoint:
    endpoint = await get_endpoint(session, tenant_id=tenant_id, endpoint_id=endpoint_id)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("url") is not None:
        await _check_url(changes["url"], allow_loopback=allow_loopback, resolver=resolver)
    for field in ("url", "event_types", "enabled"):
        if changes.get(field) is not None:
            setattr(endpoint, field, changes[field])
    if "description" in changes:
        endpoint.description = changes["description"]
    if changes:
        endpoint.updated_at = utcnow()
    await session.flush()
    return endpoint


async def rotate_secret(
    session: AsyncSession, *, tenant_id: uuid.UUID, endpoint_id: uuid.UUID
) -> WebhookEndpoint:
    """A new secret; the old one signs beside it for `ROTATION_OVERLAP`."""
    endpoint = await get_endpoint(session, tenant_id=tenant_id, endpoint_id=endpoint_id)
    now = utcnow()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = now + ROTATION_OVERLAP
    endpoint.secret = new_secret()
    endpoint.updated_at = now
    await session.flush()
    return endpoint


async def delete_endpoint(
    session: AsyncSession, *, tenant_id: uuid.UUID, endpoint_id: uuid.UUID
) -> None:
    """Delete the endpoint with its deliveries (those under way stop at their next attempt)."""
    endpoint = await get_endpoint(session, tenant_id=tenant_id, endpoint_id=endpoint_id)
    await session.delete(endpoint)
    await session.flush()


def signing_secrets(endpoint: Any, now: datetime) -> tuple[str, ...]:
    """The secrets a delivery is signed with now: the current one, and the previous one
    while its overlap lasts."""
    current: str = endpoint.secret
    if (
        endpoint.previous_secret
        and endpoint.previous_secret_expires_at
        and (endpoint.previous_secret_expires_at > now)
    ):
        return (current, endpoint.previous_secret)
    return (current,)


# -- events -------------------------------------------------------------------------------------


async def emit(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    event_type: str,
    data: dict[str, Any],
    dedupe_key: str | None = None,
    endpoint_ids: Sequence[uuid.UUID] | None = None,
) -> uuid.UUID | None:
    """Record an event and a delivery for each enabled endpoint subscribed to it, in the
    caller's transaction; None when no endpoint wants it (or `dedupe_key` was used).

    `endpoint_ids` sends to those endpoints whatever they subscribe to (the ping).
    """
    rows = (
        await session.execute(
            select(ENDPOINTS.c.id, ENDPOINTS.c.event_types).where(
                ENDPOINTS.c.tenant_id == tenant_id,
                ENDPOINTS.c.enabled.is_(True),
                *([ENDPOINTS.c.id.in_(endpoint_ids)] if endpoint_ids is not None else []),
            )
        )
    ).all()
    targets = [row.id for row in rows if endpoint_ids is not None or event_type in row.event_types]
    if not targets:
        return None
    now = utcnow()
    event_id = new_id()
    event = {
        "id": event_id,
        "tenant_id": tenant_id,
        "type": event_type,
        "payload": {"type": event_type, "timestamp": now.isoformat(), "data": data},
        "dedupe_key": dedupe_key,
        "created_at": now,
    }
    if dedupe_key is None:
        await session.execute(insert(EVENTS), event)
    else:
        inserted = await session.execute(
            insert_ignoring_conflicts(session, EVENTS, index_elements=["tenant_id", "dedupe_key"])
            .values(event)
            .returning(EVENTS.c.id)
        )
        if inserted.first() is None:
            return None
    await session.execute(
        insert(DELIVERIES),
        [
            {
                "id": new_id(),
                "tenant_id": tenant_id,
                "endpoint_id": endpoint_id,
                "event_id": event_id,
                "event_type": event_type,
                "status": "pending",
                "run": 0,
                "attempts": 0,
                "run_attempts": 0,
                "claimed_by": None,
                "next_attempt_at": now,
                "last_status_code": None,
                "created_at": now,
                "updated_at": now,
                "finished_at": None,
            }
            for endpoint_id in targets
        ],
    )
    return event_id


async def subscribers(session: AsyncSession, *, tenant_id: uuid.UUID, event_type: str) -> bool:
    """Whether any enabled endpoint of the tenant wants `event_type` (a cheap first look)."""
    rows = await session.execute(
        select(ENDPOINTS.c.event_types).where(
            ENDPOINTS.c.tenant_id == tenant_id, ENDPOINTS.c.enabled.is_(True)
        )
    )
    return any(event_type in types for (types,) in rows)


async def send_ping(
    session: AsyncSession, *, tenant_id: uuid.UUID, endpoint_id: uuid.UUID
) -> WebhookDeliveryRead:
    endpoint = await get_endpoint(session, tenant_id=tenant_id, endpoint_id=endpoint_id)
    if not endpoint.enabled:
        raise Conflict("The webhook is disabled; enable it before testing it.")
    event_id = await emit(
        session,
        tenant_id=tenant_id,
        event_type=PING,
        data={"endpoint_id": str(endpoint.id)},
        endpoint_ids=[endpoint.id],
    )
    assert event_id is not None
    delivery_id = await session.scalar(
        select(DELIVERIES.c.id).where(DELIVERIES.c.event_id == event_id)
    )
    assert delivery_id is not None
    return await get_delivery(
        session, tenant_id=tenant_id, endpoint_id=endpoint_id, delivery_id=delivery_id
    )


# -- deliveries ---------------------------------------------------------------------------------


def _delivery_statement() -> Any:
    return select(
        DELIVERIES,
        EVENTS.c.payload,
    ).join(EVENTS, EVENTS.c.id == DELIVERIES.c.event_id)


async def _attempts_of(
    session: AsyncSession, delivery_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[WebhookAttemptRead]]:
    found: dict[uuid.UUID, list[WebhookAttemptRead]] = {d: [] for d in delivery_ids}
    if delivery_ids:
        rows = await session.execute(
            select(ATTEMPTS)
            .where(ATTEMPTS.c.delivery_id.in_(delivery_ids))
            .order_by(ATTEMPTS.c.delivery_id, ATTEMPTS.c.number)
        )
        for row in rows:
            found[row.delivery_id].append(
                WebhookAttemptRead.model_validate(row, from_attributes=True)
            )
    return found


def _delivery_read(row: Any, attempts: list[WebhookAttemptRead]) -> WebhookDeliveryRead:
    return WebhookDeliveryRead(
        id=row.id,
        endpoint_id=row.endpoint_id,
        message_id=message_id(row.event_id),
        event_type=row.event_type,
        status=row.status,
        payload=row.payload,
        attempts=attempts,
        next_attempt_at=row.next_attempt_at if row.status == "pending" else None,
        created_at=row.created_at,
        updated_at=row.updated_at,
        finished_at=row.finished_at,
    )


async def list_deliveries(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    endpoint_id: uuid.UUID,
    limit: int,
    cursor: str | None,
) -> Page[WebhookDeliveryRead]:
    """The endpoint's deliveries, newest first, each with its attempts."""
    await get_endpoint(session, tenant_id=tenant_id, endpoint_id=endpoint_id)
    page = await paginate(
        session,
        _delivery_statement().where(
            DELIVERIES.c.endpoint_id == endpoint_id, DELIVERIES.c.tenant_id == tenant_id
        ),
        sort=DELIVERIES.c.created_at,
        id_column=DELIVERIES.c.id,
        key=lambda r: (r.created_at, r.id),
        to_read=lambda r: r,
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/webhooks/{endpoint_id}/deliveries",
        descending=True,
        scalars=False,
    )
    attempts = await _attempts_of(session, [row.id for row in page.items])
    return Page[WebhookDeliveryRead](
        items=[_delivery_read(row, attempts[row.id]) for row in page.items],
        next_cursor=page.next_cursor,
    )


async def get_delivery(
    session: AsyncSession, *, tenant_id: uuid.UUID, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
) -> WebhookDeliveryRead:
    row = (
        await session.execute(
            _delivery_statement().where(
                DELIVERIES.c.id == delivery_id,
                DELIVERIES.c.endpoint_id == endpoint_id,
                DELIVERIES.c.tenant_id == tenant_id,
            )
        )
    ).one_or_none()
    if row is None:
        raise NotFound("Delivery not found.")
    return _delivery_read(row, (await _attempts_of(session, [row.id]))[row.id])


async def replay(
    session: AsyncSession, *, tenant_id: uuid.UUID, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
) -> WebhookDeliveryRead:
    """Deliver the same message again, as a new run with attempts of its own."""
    current = await get_delivery(
        session, tenant_id=tenant_id, endpoint_id=endpoint_id, delivery_id=delivery_id
    )
    if current.status == "pending":
        raise Conflict("The delivery is still under way; replay it once it has ended.")
    endpoint = await get_endpoint(session, tenant_id=tenant_id, endpoint_id=endpoint_id)
    if not endpoint.enabled:
        raise Conflict("The webhook is disabled; enable it before replaying.")
    now = utcnow()
    await session.execute(
        update(DELIVERIES)
        .where(DELIVERIES.c.id == delivery_id, DELIVERIES.c.status != "pending")
        .values(
            status="pending",
            run=DELIVERIES.c.run + 1,
            run_attempts=0,
            claimed_by=None,
            next_attempt_at=now,
            finished_at=None,
            updated_at=now,
        )
    )
    return await get_delivery(
        session, tenant_id=tenant_id, endpoint_id=endpoint_id, delivery_id=delivery_id
    )


# -- what a runner does -------------------------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    delivery_id: uuid.UUID
    run: int


async def claim_pending(session: AsyncSession, *, worker_id: str, limit: int) -> list[Claimed]:
    """Take up to `limit` deliveries no runner has started yet (each runner its own)."""
    rows = (
        await session.execute(
            select(DELIVERIES.c.id, DELIVERIES.c.run)
            .where(DELIVERIES.c.status == "pending", DELIVERIES.c.claimed_by.is_(None))
            .order_by(DELIVERIES.c.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    ).all()
    claimed = []
    for row in rows:
        taken = await session.execute(
            update(DELIVERIES)
            .where(
                DELIVERIES.c.id == row.id,
                DELIVERIES.c.run == row.run,
                DELIVERIES.c.claimed_by.is_(None),
            )
            .values(claimed_by=worker_id)
            .returning(DELIVERIES.c.id)
        )
        if taken.first() is not None:
            claimed.append(Claimed(row.id, row.run))
    return claimed


async def claimed_by(session: AsyncSession, *, worker_id: str) -> list[Claimed]:
    """The pending deliveries this runner took (to start again what a crash cut short)."""
    rows = await session.execute(
        select(DELIVERIES.c.id, DELIVERIES.c.run).where(
            DELIVERIES.c.status == "pending", DELIVERIES.c.claimed_by == worker_id
        )
    )
    return [Claimed(row.id, row.run) for row in rows]


@dataclass(frozen=True)
class Due:
    """What one attempt needs."""

    url: str
    message_id: str
    body: str
    secrets: tuple[str, ...]
    enabled: bool


async def load_attempt(session: AsyncSession, claimed: Claimed) -> Due | None:
    """The delivery's URL, message and secrets; None when it is gone or another run's."""
    row = (
        await session.execute(
            select(
                DELIVERIES.c.event_id,
                EVENTS.c.payload,
                ENDPOINTS.c.url,
                ENDPOINTS.c.enabled,
                ENDPOINTS.c.secret,
                ENDPOINTS.c.previous_secret,
                ENDPOINTS.c.previous_secret_expires_at,
            )
            .join(EVENTS, EVENTS.c.id == DELIVERIES.c.event_id)
            .join(ENDPOINTS, ENDPOINTS.c.id == DELIVERIES.c.endpoint_id)
            .where(
                DELIVERIES.c.id == claimed.delivery_id,
                DELIVERIES.c.run == claimed.run,
                DELIVERIES.c.status == "pending",
            )
        )
    ).one_or_none()
    if row is None:
        return None
    return Due(
        url=row.url,
        message_id=message_id(row.event_id),
        body=orjson.dumps(row.payload).decode(),
        secrets=signing_secrets(row, utcnow()),
        enabled=row.enabled,
    )


async def record_attempt(
    session: AsyncSession,
    claimed: Claimed,
    *,
    started_at: datetime,
    duration_ms: int,
    status_code: int | None,
    error: str | None,
    max_attempts: int,
    backoff: Callable[[int], float],
) -> tuple[str, float]:
    """Record an attempt and what follows: `succeeded`, `retry` (and in how many seconds)
    or `failed`; `gone` when the delivery was deleted or replayed meanwhile.

    `backoff(n)` is the wait after the run's n-th failed attempt. A disabled endpoint's
    delivery fails at once."""
    row = (
        await session.execute(
            select(DELIVERIES.c.attempts, DELIVERIES.c.run_attempts)
            .where(
                DELIVERIES.c.id == claimed.delivery_id,
                DELIVERIES.c.run == claimed.run,
                DELIVERIES.c.status == "pending",
            )
            .with_for_update()
        )
    ).one_or_none()
    if row is None:
        return "gone", 0.0
    now = utcnow()
    await session.execute(
        insert(ATTEMPTS).values(
            id=new_id(),
            delivery_id=claimed.delivery_id,
            number=row.attempts + 1,
            run=claimed.run,
            started_at=started_at,
            duration_ms=duration_ms,
            status_code=status_code,
            error=error,
            succeeded=error is None,
        )
    )
    run_attempts = row.run_attempts + 1
    retry_in_s = backoff(run_attempts)
    if error is None:
        status = "succeeded"
    elif run_attempts >= max_attempts or error == "endpoint_disabled":
        status = "failed"
    else:
        status = "retry"
    await session.execute(
        update(DELIVERIES)
        .where(DELIVERIES.c.id == claimed.delivery_id)
        .values(
            attempts=row.attempts + 1,
            run_attempts=run_attempts,
            last_status_code=status_code,
            status="pending" if status == "retry" else status,
            next_attempt_at=now + timedelta(seconds=retry_in_s) if status == "retry" else None,
            finished_at=None if status == "retry" else now,
            updated_at=now,
        )
    )
    return status, retry_in_s
