"""Webhook endpoints over HTTP: registration, refusals, isolation, events recorded.

No runner runs here, so nothing is delivered: deliveries stay `pending`. Only loopback
endpoints are ever enabled (a runner elsewhere in the suite may pick their deliveries up);
the public URL this file accepts is registered disabled and deleted again.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from service.batches.models import BatchItem
from service.core.db import Database
from service.main import create_app
from service.webhooks import router as webhooks_router
from service.webhooks.events import batch_item_done, follow_ups_due
from tests.batches.support import seed
from tests.conftest import TenantKey, make_settings
from tests.drafts.conftest import MARIA, make_scene
from tests.review.test_review import act, approved
from tests.support.databases import unit_of_work

LOOPBACK = "http://127.0.0.1:9/hook"  # the discard port: nothing listens


@pytest.fixture(scope="module")
def loopback_client(database_url: str) -> Iterator[TestClient]:
    """The app with `ASKWELL_WEBHOOKS_ALLOW_LOOPBACK=true`."""
    settings = make_settings(database_url, webhooks_allow_loopback=True)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def names(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """A name → addresses table the registration check resolves with (no real DNS)."""
    table: dict[str, list[str]] = {
        "hooks.example.org": ["93.184.215.14"],
        "rebind.example.org": ["127.0.0.1"],
        "inside.example.org": ["10.1.2.3"],
        "localhost": ["127.0.0.1"],
    }

    async def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError("no such name")
        return table[host]

    monkeypatch.setattr(webhooks_router, "resolver", resolve)
    return table


def register(client: TestClient, tenant: TenantKey, **body: Any) -> Any:
    payload = {"url": LOOPBACK, "event_types": ["draft.needs_review"], **body}
    return client.post("/v1/webhooks", json=payload, headers=tenant.headers)


def test_register_shows_the_secret_once(loopback_client: TestClient, tenant: TenantKey) -> None:
    response = register(loopback_client, tenant, description="dashboard")
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["secret"].startswith("whsec_")
    assert response.headers["location"] == f"/v1/webhooks/{created['id']}"
    assert response.headers["cache-control"] == "no-store"
    one = loopback_client.get(f"/v1/webhooks/{created['id']}", headers=tenant.headers).json()
    assert "secret" not in one
    assert one == {k: v for k, v in created.items() if k != "secret"}
    listed = loopback_client.get("/v1/webhooks", headers=tenant.headers).json()
    assert [e["id"] for e in listed["items"]] == [created["id"]]
    assert created["secret"] not in json.dumps(listed)


def test_update_rotate_and_delete(loopback_client: TestClient, tenant: TenantKey) -> None:
    created = register(loopback_client, tenant).json()
    path = f"/v1/webhooks/{created['id']}"
    changed = loopback_client.patch(
        path,
        json={"event_types": ["batch.completed", "follow_up.due"], "enabled": False},
        headers=tenant.headers,
    ).json()
    assert changed["event_types"] == ["batch.completed", "follow_up.due"]
    assert changed["enabled"] is False
    assert changed["description"] is None
    rotated = loopback_client.post(f"{path}/rotate-secret", headers=tenant.headers).json()
    assert rotated["secret"].startswith("whsec_")
    assert rotated["secret"] != created["secret"]
    assert rotated["previous_secret_expires_at"] is not None
    assert loopback_client.delete(path, headers=tenant.headers).status_code == 204
    assert loopback_client.get(path, headers=tenant.headers).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"event_types": []},
        {"event_types": ["draft.sent"]},
        {"event_types": ["batch.completed", "batch.completed"]},
        {"event_types": ["webhook.test"]},
        {"secret": "whsec_mine"},
        {"url": ""},
        {"url": "ftp://hooks.example.org/x"},
        {"enabled": 0},
    ],
)
def test_invalid_registrations_answer_422(
    loopback_client: TestClient, tenant: TenantKey, body: dict[str, Any]
) -> None:
    response = register(loopback_client, tenant, **body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


REFUSED_ANYWHERE = [
    "http://hooks.example.org/x",  # http to a public host
    "https://10.0.0.1/x",
    "https://172.16.5.4/x",
    "https://192.168.1.10/x",
    "https://169.254.169.254/latest/meta-data",
    "https://100.64.0.1/x",
    "https://[fe80::1]/x",
    "https://[fd12::1]/x",
    "https://0.0.0.0/x",
    "https://inside.example.org/x",  # a name resolving to a private address
    "https://user:pw@hooks.example.org/x",
    "https:///x",
]
REFUSED_WITHOUT_LOOPBACK = [
    "http://127.0.0.1:8080/x",
    "https://127.0.0.1/x",
    "https://[::1]/x",
    "https://[::ffff:127.0.0.1]/x",
    "https://localhost/x",
    "https://rebind.example.org/x",  # a name resolving to 127.0.0.1
]


@pytest.mark.parametrize("url", REFUSED_ANYWHERE + REFUSED_WITHOUT_LOOPBACK)
def test_urls_that_could_reach_inside_are_refused(
    client: TestClient, tenant: TenantKey, names: dict[str, list[str]], url: str
) -> None:
    response = register(client, tenant, url=url)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["type"] == "/problems/webhook-url-refused"
    assert problem["errors"][0]["loc"] == ["body", "url"]


@pytest.mark.parametrize("url", REFUSED_ANYWHERE)
def test_loopback_allowed_still_refuses_private_addresses(
    loopback_client: TestClient, tenant: TenantKey, names: dict[str, list[str]], url: str
) -> None:
    assert register(loopback_client, tenant, url=url).status_code == 422


def test_loopback_is_allowed_only_when_told(
    client: TestClient, loopback_client: TestClient, tenant: TenantKey, names: dict[str, list[str]]
) -> None:
    for url in ("http://127.0.0.1:9/x", "http://localhost:9/x", "http://[::1]:9/x"):
        assert register(client, tenant, url=url).status_code == 422
        response = register(loopback_client, tenant, url=url, enabled=False)
        assert response.status_code == 201, (url, response.text)
    moved = loopback_client.patch(
        f"/v1/webhooks/{response.json()['id']}",
        json={"url": "https://10.0.0.1/x"},
        headers=tenant.headers,
    )
    assert moved.status_code == 422


def test_a_public_https_url_is_accepted(
    client: TestClient, tenant: TenantKey, names: dict[str, list[str]]
) -> None:
    response = register(client, tenant, url="https://hooks.example.org/askwell", enabled=False)
    assert response.status_code == 201, response.text
    assert client.delete(f"/v1/webhooks/{response.json()['id']}", headers=tenant.headers)


def test_only_admin_keys_manage_webhooks(
    loopback_client: TestClient, tenant: TenantKey, key_with: Any
) -> None:
    created = register(loopback_client, tenant).json()
    for scopes in (("read",), ("drafts:write",), ("review",)):
        key = key_with(*scopes)
        assert loopback_client.get("/v1/webhooks", headers=key.headers).status_code == 403
        assert register(loopback_client, key).status_code == 403
        path = f"/v1/webhooks/{created['id']}/test"
        assert loopback_client.post(path, headers=key.headers).status_code == 403


def test_another_tenants_webhooks_are_not_there(
    loopback_client: TestClient, tenant: TenantKey, other_tenant: TenantKey
) -> None:
    mine = register(loopback_client, tenant).json()
    ping = loopback_client.post(f"/v1/webhooks/{mine['id']}/test", headers=tenant.headers).json()
    base = f"/v1/webhooks/{mine['id']}"
    c, h = loopback_client, other_tenant.headers
    for response in (
        c.get(base, headers=h),
        c.patch(base, json={"enabled": False}, headers=h),
        c.post(f"{base}/rotate-secret", headers=h),
        c.post(f"{base}/test", headers=h),
        c.get(f"{base}/deliveries", headers=h),
        c.get(f"{base}/deliveries/{ping['id']}", headers=h),
        c.post(f"{base}/deliveries/{ping['id']}/replay", headers=h),
        c.delete(base, headers=h),
    ):
        assert response.status_code == 404, response.request.url
        assert response.json()["type"] == "/problems/not-found"
    assert c.get("/v1/webhooks", headers=h).json()["items"] == []
    # The other tenant's own endpoint never receives this tenant's events.
    theirs = register(c, other_tenant, event_types=["draft.needs_review"]).json()
    scene = make_scene(c, tenant)
    assert c.post("/v1/drafts", json=scene.body(), headers=tenant.headers).status_code == 201
    assert c.get(f"/v1/webhooks/{theirs['id']}/deliveries", headers=h).json()["items"] == []
    assert c.get(base, headers=tenant.headers).status_code == 200


def test_a_ping_is_a_pending_delivery(loopback_client: TestClient, tenant: TenantKey) -> None:
    created = register(loopback_client, tenant).json()
    response = loopback_client.post(f"/v1/webhooks/{created['id']}/test", headers=tenant.headers)
    assert response.status_code == 202
    ping = response.json()
    assert ping["event_type"] == "webhook.test"
    assert ping["status"] == "pending"
    assert ping["message_id"].startswith("msg_")
    assert ping["payload"]["data"] == {"endpoint_id": created["id"]}
    assert ping["attempts"] == []
    replay = f"/v1/webhooks/{created['id']}/deliveries/{ping['id']}/replay"
    assert loopback_client.post(replay, headers=tenant.headers).status_code == 409


def test_a_draft_makes_a_delivery_with_ids_and_states_only(
    loopback_client: TestClient, tenant: TenantKey
) -> None:
    c = loopback_client
    wanted = register(c, tenant, event_types=["draft.needs_review", "draft.gate_failed"]).json()
    unwanted = register(c, tenant, event_types=["batch.completed"]).json()
    disabled = register(c, tenant, enabled=False).json()
    scene = make_scene(c, tenant)
    draft = c.post("/v1/drafts", json=scene.body(), headers=tenant.headers).json()
    page = c.get(f"/v1/webhooks/{wanted['id']}/deliveries", headers=tenant.headers).json()
    [delivery] = page["items"]
    assert delivery["event_type"] == f"draft.{draft['status']}"
    data = delivery["payload"]["data"]
    assert data["draft_id"] == draft["id"]
    assert data["requester_id"] == scene.requester_id
    assert data["contact_id"] == scene.contact_id
    assert data["status"] == draft["status"]
    text = json.dumps(delivery["payload"])
    for personal in (MARIA["name"], "Ana", "Mercy", draft["body"][:20]):
        assert personal not in text
    for other in (unwanted, disabled):
        listed = c.get(f"/v1/webhooks/{other['id']}/deliveries", headers=tenant.headers).json()
        assert listed["items"] == []


def test_deliveries_are_paginated_newest_first(
    loopback_client: TestClient, tenant: TenantKey
) -> None:
    created = register(loopback_client, tenant).json()
    base = f"/v1/webhooks/{created['id']}"
    ids = [
        loopback_client.post(f"{base}/test", headers=tenant.headers).json()["id"] for _ in range(3)
    ]
    first = loopback_client.get(f"{base}/deliveries?limit=2", headers=tenant.headers).json()
    assert [d["id"] for d in first["items"]] == ids[::-1][:2]
    rest = loopback_client.get(
        f"{base}/deliveries",
        params={"limit": 2, "cursor": first["next_cursor"]},
        headers=tenant.headers,
    ).json()
    assert [d["id"] for d in rest["items"]] == [ids[0]]
    assert rest["next_cursor"] is None
    other = register(loopback_client, tenant).json()
    foreign = loopback_client.get(
        f"/v1/webhooks/{other['id']}/deliveries",
        params={"cursor": first["next_cursor"]},
        headers=tenant.headers,
    )
    assert foreign.status_code == 404


def test_a_due_follow_up_is_an_event_once(
    loopback_client: TestClient, tenant: TenantKey, database_url: str
) -> None:
    c = loopback_client
    created = register(c, tenant, event_types=["follow_up.due"]).json()
    ready = approved(c, tenant)
    long_ago = datetime.now(UTC) - timedelta(days=40)
    sent = act(c, tenant, ready["id"], "sent", {"sent_at": long_ago.isoformat()})
    assert sent.status_code == 200, sent.text
    not_yet = approved(c, tenant)
    act(c, tenant, not_yet["id"], "sent", {})

    async def scan() -> int:
        database = Database.connect(database_url, pool_size=1)
        try:
            return await follow_ups_due(database.sessions)
        finally:
            await database.dispose()

    asyncio.run(scan())
    asyncio.run(scan())
    items = c.get(f"/v1/webhooks/{created['id']}/deliveries", headers=tenant.headers).json()[
        "items"
    ]
    assert [(d["event_type"], d["payload"]["data"]["draft_id"]) for d in items] == [
        ("follow_up.due", ready["id"])
    ]


def _batch_events(c: TestClient, tenant: TenantKey, endpoint: str) -> list[dict[str, Any]]:
    page = c.get(f"/v1/webhooks/{endpoint}/deliveries", headers=tenant.headers).json()
    return [d["payload"]["data"] for d in page["items"] if d["event_type"] == "batch.completed"]


def test_a_cancelled_batch_completes_once_its_last_drafting_item_ends(
    loopback_client: TestClient, tenant: TenantKey, engine: Engine, database_url: str
) -> None:
    """No runner here: items stay queued until the test moves them."""
    c = loopback_client
    endpoint = register(c, tenant, event_types=["batch.completed"]).json()["id"]
    requester, contacts = seed(engine, tenant.tenant_id, 3)
    body = {"requester_id": requester, "contact_ids": contacts, "channel": "email"}
    batch = c.post("/v1/batches", json=body, headers=tenant.headers).json()
    first = (BatchItem.batch_id == uuid.UUID(batch["id"])) & (BatchItem.position == 0)
    with unit_of_work(engine) as session:
        session.execute(update(BatchItem).where(first).values(status="drafting"))
    cancelled = c.post(f"/v1/batches/{batch['id']}/cancel", headers=tenant.headers)
    assert cancelled.status_code == 200, cancelled.text
    assert _batch_events(c, tenant, endpoint) == []  # one item is still drafting

    with unit_of_work(engine) as session:
        item_id = session.execute(select(BatchItem.id).where(first)).scalar_one()
        session.execute(update(BatchItem).where(first).values(status="needs_review"))

    async def item_ends() -> None:
        database = Database.connect(database_url, pool_size=1)
        try:
            await batch_item_done(database.sessions, item_id)
        finally:
            await database.dispose()

    asyncio.run(item_ends())
    asyncio.run(item_ends())  # a recovered workflow ends again: still one event
    [data] = _batch_events(c, tenant, endpoint)
    assert data["batch_id"] == batch["id"]
    assert data["status"] == "cancelled"
    assert data["cancelled_at"] == cancelled.json()["cancelled_at"].replace("Z", "+00:00")
    assert data["counts"] == {"needs_review": 1, "gate_failed": 0, "skipped": 2, "failed": 0}


def test_a_batch_cancelled_before_any_item_started_completes_at_the_cancel(
    loopback_client: TestClient, tenant: TenantKey, engine: Engine
) -> None:
    c = loopback_client
    endpoint = register(c, tenant, event_types=["batch.completed"]).json()["id"]
    requester, contacts = seed(engine, tenant.tenant_id, 2)
    body = {"requester_id": requester, "contact_ids": contacts, "channel": "email"}
    batch = c.post("/v1/batches", json=body, headers=tenant.headers).json()
    assert _batch_events(c, tenant, endpoint) == []
    url = f"/v1/batches/{batch['id']}/cancel"
    assert c.post(url, headers=tenant.headers).status_code == 200
    assert c.post(url, headers=tenant.headers).status_code == 200  # repeated: no second event
    [data] = _batch_events(c, tenant, endpoint)
    assert (data["batch_id"], data["status"], data["total"]) == (batch["id"], "cancelled", 2)
    assert data["counts"]["skipped"] == 2


def test_a_regated_edit_makes_a_delivery_with_its_revision(
    loopback_client: TestClient, tenant: TenantKey
) -> None:
    c = loopback_client
    endpoint = register(c, tenant, event_types=["draft.needs_review", "draft.gate_failed"])
    scene = make_scene(c, tenant)
    draft = c.post("/v1/drafts", json=scene.body(), headers=tenant.headers).json()
    assert draft["status"] == "needs_review", draft["gate_report"]
    tag = c.get(f"/v1/drafts/{draft['id']}", headers=tenant.headers).headers["etag"]
    lazy = "Hi Ana,\n\nI'd love to pick your brain sometime about your career.\n\nMaria"
    edited = c.patch(
        f"/v1/drafts/{draft['id']}",
        json={"body": lazy},
        headers={**tenant.headers, "If-Match": tag},
    )
    assert edited.status_code == 200, edited.text
    page = c.get(f"/v1/webhooks/{endpoint.json()['id']}/deliveries", headers=tenant.headers)
    events = [(d["event_type"], d["payload"]["data"]["revision"]) for d in page.json()["items"]]
    assert events == [("draft.gate_failed", 2), ("draft.needs_review", 1)]  # newest first
    data = page.json()["items"][0]["payload"]["data"]
    assert data["draft_id"] == draft["id"]
    assert data["failed_checks"]
    assert lazy[10:30] not in json.dumps(data)
