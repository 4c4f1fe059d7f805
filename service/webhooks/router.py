"""HTTP routes for the tenant's webhook endpoints and their deliveries (`admin` scope)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from service.core.contract import response_headers
from service.core.deps import DEFAULT_LIMIT, Admin, Cursor, Limit, SessionDep, SettingsDep
from service.core.errors import error_responses
from service.core.schemas import Page, json_response
from service.webhooks import service
from service.webhooks.addresses import system_resolver
from service.webhooks.models import (
    WebhookDeliveryRead,
    WebhookEndpoint,
    WebhookEndpointCreate,
    WebhookEndpointCreated,
    WebhookEndpointRead,
    WebhookEndpointUpdate,
)

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"], responses=error_responses(401, 403))

# The name resolver registrations are checked with (tests put a fake one here).
resolver = system_resolver


def _read(endpoint: WebhookEndpoint) -> WebhookEndpointRead:
    return WebhookEndpointRead.model_validate(endpoint, from_attributes=True)


def _created(endpoint: WebhookEndpoint, response: Response) -> WebhookEndpointCreated:
    # The secret is in this answer only: nothing may keep a copy of it.
    response.headers["Cache-Control"] = "no-store"
    return WebhookEndpointCreated(**_read(endpoint).model_dump(), secret=endpoint.secret)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={201: response_headers("Location"), **error_responses(400, 409, 413, 415, 422)},
)
async def create_webhook(
    body: WebhookEndpointCreate,
    session: SessionDep,
    settings: SettingsDep,
    principal: Admin,
    response: Response,
) -> WebhookEndpointCreated:
    """Register an endpoint; its signing secret is in this answer and never again."""
    endpoint = await service.create_endpoint(
        session,
        tenant_id=principal.tenant_id,
        data=body,
        allow_loopback=settings.webhooks_allow_loopback,
        resolver=resolver,
    )
    response.headers["Location"] = f"/v1/webhooks/{endpoint.id}"
    return _created(endpoint, response)


@router.get("", responses=error_responses(404, 422), response_model=Page[WebhookEndpointRead])
async def list_webhooks(
    session: SessionDep, principal: Admin, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    """The tenant's endpoints, oldest first (secrets are never shown)."""
    page = await service.list_endpoints(
        session, tenant_id=principal.tenant_id, limit=limit, cursor=cursor
    )
    return json_response(
        Page[WebhookEndpointRead](
            items=[_read(e) for e in page.items], next_cursor=page.next_cursor
        )
    )


@router.get("/{webhook_id}", responses=error_responses(404, 422))
async def get_webhook(
    webhook_id: uuid.UUID, session: SessionDep, principal: Admin
) -> WebhookEndpointRead:
    """One endpoint."""
    return _read(
        await service.get_endpoint(session, tenant_id=principal.tenant_id, endpoint_id=webhook_id)
    )


@router.patch("/{webhook_id}", responses=error_responses(400, 404, 413, 415, 422))
async def update_webhook(
    webhook_id: uuid.UUID,
    body: WebhookEndpointUpdate,
    session: SessionDep,
    settings: SettingsDep,
    principal: Admin,
) -> WebhookEndpointRead:
    """Change the URL, description, event types or whether it is enabled."""
    endpoint = await service.update_endpoint(
        session,
        tenant_id=principal.tenant_id,
        endpoint_id=webhook_id,
        data=body,
        allow_loopback=settings.webhooks_allow_loopback,
        resolver=resolver,
    )
    return _read(endpoint)


@router.delete(
    "/{webhook_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(404, 422)
)
async def delete_webhook(webhook_id: uuid.UUID, session: SessionDep, principal: Admin) -> None:
    """Delete the endpoint and its deliveries."""
    await service.delete_endpoint(session, tenant_id=principal.tenant_id, endpoint_id=webhook_id)


@router.post("/{webhook_id}/rotate-secret", responses=error_responses(404, 422))
async def rotate_webhook_secret(
    webhook_id: uuid.UUID, session: SessionDep, principal: Admin, response: Response
) -> WebhookEndpointCreated:
    """A new signing secret, shown once; the old one signs beside it for 24 hours."""
    endpoint = await service.rotate_secret(
        session, tenant_id=principal.tenant_id, endpoint_id=webhook_id
    )
    return _created(endpoint, response)


@router.post(
    "/{webhook_id}/test",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(404, 409, 422),
)
async def test_webhook(
    webhook_id: uuid.UUID, session: SessionDep, principal: Admin
) -> WebhookDeliveryRead:
    """Send a `webhook.test` ping to the endpoint (whatever it subscribes to)."""
    return await service.send_ping(session, tenant_id=principal.tenant_id, endpoint_id=webhook_id)


@router.get(
    "/{webhook_id}/deliveries",
    responses=error_responses(404, 422),
    response_model=Page[WebhookDeliveryRead],
)
async def list_webhook_deliveries(
    webhook_id: uuid.UUID,
    session: SessionDep,
    principal: Admin,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """The endpoint's deliveries, newest first, each with its attempts."""
    page = await service.list_deliveries(
        session, tenant_id=principal.tenant_id, endpoint_id=webhook_id, limit=limit, cursor=cursor
    )
    return json_response(page)


@router.get("/{webhook_id}/deliveries/{delivery_id}", responses=error_responses(404, 422))
async def get_webhook_delivery(
    webhook_id: uuid.UUID, delivery_id: uuid.UUID, session: SessionDep, principal: Admin
) -> WebhookDeliveryRead:
    """One delivery with its attempts."""
    return await service.get_delivery(
        session, tenant_id=principal.tenant_id, endpoint_id=webhook_id, delivery_id=delivery_id
    )


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/replay",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(404, 409, 422),
)
async def replay_webhook_delivery(
    webhook_id: uuid.UUID, delivery_id: uuid.UUID, session: SessionDep, principal: Admin
) -> WebhookDeliveryRead:
    """Deliver the same message (same `webhook-id`) again, with attempts of its own."""
    return await service.replay(
        session, tenant_id=principal.tenant_id, endpoint_id=webhook_id, delivery_id=delivery_id
    )
