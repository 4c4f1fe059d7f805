"""Tenant isolation: another tenant's object answers exactly like a missing one.

The matrix is built from the app's own routes, so a new route with an id in its path is
covered automatically (or fails here until it says what body it needs).
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from service.batches.models import Batch, BatchItem
from service.drafts.models import Draft, DraftRevision
from service.gate import run_gate
from service.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from service.webhooks.service import new_secret
from tests.conftest import MakeTenant, TenantKey
from tests.support.answers import assert_indistinguishable
from tests.support.databases import unit_of_work

MISSING = "00000000-0000-4000-8000-00000000dead"

# A valid body for each write route, so that the request reaches the ownership check.
BODIES: dict[tuple[str, str], dict[str, Any] | None] = {
    ("POST", "/v1/contacts/{contact_id}/research"): {"notes": "x"},
    ("PATCH", "/v1/contacts/{contact_id}"): {"name": "Changed"},
    ("PATCH", "/v1/requesters/{requester_id}"): {"name": "Changed"},
    ("PATCH", "/v1/drafts/{draft_id}"): {"body": "Hi C, changed."},
    ("POST", "/v1/drafts/{draft_id}/approve"): {},
    ("POST", "/v1/drafts/{draft_id}/reject"): {"reason": "Too generic."},
    ("POST", "/v1/drafts/{draft_id}/sent"): {},
    ("POST", "/v1/drafts/{draft_id}/outcome"): {"outcome": "no_reply"},
    ("POST", "/v1/drafts/{draft_id}/follow-up"): None,
    ("POST", "/v1/batches/{batch_id}/cancel"): None,
    ("POST", "/v1/batches/{batch_id}/retry-failed"): None,
    ("POST", "/v1/contacts/{contact_id}/opt-out"): None,
    ("PATCH", "/v1/webhooks/{webhook_id}"): {"enabled": False},
    ("POST", "/v1/webhooks/{webhook_id}/rotate-secret"): None,
    ("POST", "/v1/webhooks/{webhook_id}/test"): None,
    ("POST", "/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/replay"): None,
    ("POST", "/v1/contacts/{contact_id}/merge"): {
        "duplicate_id": "00000000-0000-4000-8000-00000000beef"
    },
}


def id_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every documented route with an id in its path."""
    return [
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if "{" in path and path.startswith("/v1")
        for method in sorted(operations)
    ]


def store_draft(
    engine: Engine, app: FastAPI, owner: TenantKey, requester_id: str, contact_id: str
) -> str:
    """A draft row of the owner's, written directly: isolation does not depend on drafting."""
    report = run_gate("Hi C, hello.", channel="email")
    with unit_of_work(engine) as session:
        draft = Draft(
            tenant_id=owner.tenant_id,
            requester_id=uuid.UUID(requester_id),
            contact_id=uuid.UUID(contact_id),
            channel="email",
            status="gate_failed",
        )
        session.add(draft)
        session.flush()
        session.add(
            DraftRevision(
                tenant_id=owner.tenant_id,
                draft_id=draft.id,
                number=1,
                author="human",
                body="Hi C, hello.",
                gate_report=report.model_dump(mode="json"),
                gate_passed=report.passed,
            )
        )
        return str(draft.id)


def store_batch(
    engine: Engine, app: FastAPI, owner: TenantKey, requester_id: str, contact_id: str
) -> str:
    """A batch of the owner's with one queued item, written directly."""
    with unit_of_work(engine) as session:
        batch = Batch(
            tenant_id=owner.tenant_id,
            requester_id=uuid.UUID(requester_id),
            channel="email",
            total=1,
        )
        session.add(batch)
        session.flush()
        session.add(
            BatchItem(
                tenant_id=owner.tenant_id,
                batch_id=batch.id,
                contact_id=uuid.UUID(contact_id),
                position=0,
                status="queued",
            )
        )
        return str(batch.id)


def store_webhook(engine: Engine, owner: TenantKey) -> tuple[str, str]:
    """A disabled endpoint of the owner's with one failed delivery, written directly."""
    with unit_of_work(engine) as session:
        endpoint = WebhookEndpoint(
            tenant_id=owner.tenant_id,
            url="https://hooks.example.org/x",
            event_types=["batch.completed"],
            enabled=False,
            secret=new_secret(),
        )
        event = WebhookEvent(tenant_id=owner.tenant_id, type="webhook.test", payload={})
        session.add_all([endpoint, event])
        session.flush()
        delivery = WebhookDelivery(
            tenant_id=owner.tenant_id,
            endpoint_id=endpoint.id,
            event_id=event.id,
            event_type="webhook.test",
            status="failed",
        )
        session.add(delivery)
        session.flush()
        return str(endpoint.id), str(delivery.id)


@pytest.fixture
def owner_objects(
    engine: Engine, app: FastAPI, client: TestClient, make_tenant: MakeTenant
) -> tuple[TenantKey, dict[str, str]]:
    """Tenant B and one of each of its objects."""
    owner = make_tenant(name="Owner")
    requester = client.post("/v1/requesters", json={"name": "R"}, headers=owner.headers).json()
    contact = client.post("/v1/contacts", json={"name": "C"}, headers=owner.headers).json()
    client.post(
        f"/v1/contacts/{contact['id']}/research", json={"notes": "n"}, headers=owner.headers
    )
    webhook_id, delivery_id = store_webhook(engine, owner)
    return owner, {
        "webhook_id": webhook_id,
        "delivery_id": delivery_id,
        "requester_id": requester["id"],
        "contact_id": contact["id"],
        "version": "1",
        "key_id": str(owner.key_id),
        "draft_id": store_draft(engine, app, owner, requester["id"], contact["id"]),
        "batch_id": store_batch(engine, app, owner, requester["id"], contact["id"]),
    }


def fill(path: str, ids: dict[str, str]) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, f"no id for {path}"
    return path


def test_every_id_route_has_a_case(app: FastAPI) -> None:
    writes = {r for r in id_routes(app) if r[0] in {"POST", "PATCH", "PUT"}}
    missing = {r for r in writes if r not in BODIES and not r[1].endswith("/revoke")}
    assert not missing, f"add a valid body to BODIES for {missing}"


def test_other_tenants_objects_answer_like_missing_ones(
    app: FastAPI,
    client: TestClient,
    tenant: TenantKey,
    owner_objects: tuple[TenantKey, dict[str, str]],
) -> None:
    owner, ids = owner_objects
    missing_ids = {name: (MISSING if name != "version" else "1") for name in ids}
    routes = id_routes(app)
    assert len(routes) >= 10
    for method, path in routes:
        body = BODIES.get((method, path))
        foreign = client.request(method, fill(path, ids), json=body, headers=tenant.headers)
        absent = client.request(method, fill(path, missing_ids), json=body, headers=tenant.headers)
        assert foreign.status_code == 404, (method, path, foreign.text)
        assert foreign.headers["content-type"] == "application/problem+json"
        assert_indistinguishable(foreign, absent)

    # Nothing of the owner's changed.
    contact = client.get(f"/v1/contacts/{ids['contact_id']}", headers=owner.headers).json()
    assert contact["name"] == "C"
    research = client.get(f"/v1/contacts/{ids['contact_id']}/research", headers=owner.headers)
    assert [item["version"] for item in research.json()["items"]] == [1]
    keys = client.get("/v1/keys", headers=owner.headers).json()
    assert keys[0]["revoked_at"] is None
    webhook = f"/v1/webhooks/{ids['webhook_id']}"
    assert client.get(webhook, headers=owner.headers).json()["previous_secret_expires_at"] is None
    delivery = client.get(f"{webhook}/deliveries/{ids['delivery_id']}", headers=owner.headers)
    assert delivery.json()["status"] == "failed"


@pytest.mark.parametrize("path", ["/v1/contacts", "/v1/requesters"])
def test_foreign_cursor_answers_like_a_missing_one(
    client: TestClient, tenant: TenantKey, other_tenant: TenantKey, path: str
) -> None:
    mine = [
        client.post(path, json={"name": f"Mine {i}"}, headers=tenant.headers).json()["id"]
        for i in range(3)
    ]
    for i in range(3):
        client.post(path, json={"name": f"Theirs {i}"}, headers=other_tenant.headers)
    their_page = client.get(path, params={"limit": 1}, headers=other_tenant.headers).json()
    assert their_page["next_cursor"]
    foreign = client.get(path, params={"cursor": their_page["next_cursor"]}, headers=tenant.headers)
    missing = client.get(path, params={"cursor": "bm90aGluZw.AAAA"}, headers=tenant.headers)
    assert foreign.status_code == 404
    assert_indistinguishable(foreign, missing)
    everything = client.get(path, params={"limit": 100}, headers=tenant.headers).json()
    assert [item["id"] for item in everything["items"]] == mine


def test_research_cursor_from_another_contact_leaks_nothing(
    client: TestClient,
    tenant: TenantKey,
    owner_objects: tuple[TenantKey, dict[str, str]],
) -> None:
    owner, ids = owner_objects
    for _ in range(2):
        client.post(
            f"/v1/contacts/{ids['contact_id']}/research", json={"notes": "n"}, headers=owner.headers
        )
    page = client.get(
        f"/v1/contacts/{ids['contact_id']}/research", params={"limit": 1}, headers=owner.headers
    ).json()
    mine = client.post("/v1/contacts", json={"name": "Mine"}, headers=tenant.headers).json()["id"]
    listed = client.get(
        f"/v1/contacts/{mine}/research",
        params={"cursor": page["next_cursor"]},
        headers=tenant.headers,
    )
    assert listed.status_code == 404
    assert uuid.UUID(mine)
