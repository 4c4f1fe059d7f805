"""Limits that keep one client or tenant from flooding the service: failed sign-ins per
address, requests per key, and the tenant's quotas (drafts per day, queued batch items)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from service.main import create_app
from service.tenants.models import StoredTenantSettings, Tenant
from tests.batches.support import seed
from tests.conftest import MakeTenant, TenantKey, make_settings
from tests.support.databases import unit_of_work

BAD_KEY = "Bearer askw_AAAAAAAAAA_" + "B" * 32


def assert_429(response: object) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) >= 1


@pytest.fixture
def guarded(database_url: str) -> Iterator[TestClient]:
    app = create_app(make_settings(database_url, auth_failures_per_minute=3))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_an_address_that_keeps_failing_to_sign_in_is_refused_for_a_while(
    guarded: TestClient, tenant: TenantKey
) -> None:
    for _ in range(3):
        assert guarded.get("/v1/contacts", headers={"Authorization": BAD_KEY}).status_code == 401
    assert_429(guarded.get("/v1/contacts", headers={"Authorization": BAD_KEY}))
    # Even a valid key from that address waits: guessing cannot go on beside it.
    assert_429(guarded.get("/v1/contacts", headers=tenant.headers))


def test_successful_sign_ins_do_not_count_against_the_address(
    guarded: TestClient, tenant: TenantKey
) -> None:
    for _ in range(10):
        assert guarded.get("/v1/contacts", headers=tenant.headers).status_code == 200


def set_quotas(engine: Engine, tenant: TenantKey, **quotas: int) -> None:
    with unit_of_work(engine) as session:
        row = session.get(Tenant, tenant.tenant_id)
        assert row is not None
        stored = StoredTenantSettings.model_validate(row.settings)
        row.settings = stored.model_copy(update=quotas).model_dump()


def test_queued_batch_items_beyond_the_tenants_quota_are_refused(
    client: TestClient, engine: Engine, tenant: TenantKey
) -> None:
    set_quotas(engine, tenant, quota_queued_batch_items=5)
    requester, contacts = seed(engine, tenant.tenant_id, 7)

    def submit(ids: list[str]) -> object:
        return client.post(
            "/v1/batches",
            json={"requester_id": requester, "contact_ids": ids, "channel": "email"},
            headers=tenant.headers,
        )

    assert submit(contacts[:4]).status_code == 202
    refused = submit(contacts[4:6])
    assert_429(refused)
    assert refused.json()["quota"] == "queued_batch_items"
    assert submit(contacts[4:5]).status_code == 202  # exactly up to the quota
    listed = client.get("/v1/batches", headers=tenant.headers).json()["items"]
    assert sorted(b["total"] for b in listed) == [1, 4]


def test_drafts_per_day_beyond_the_tenants_quota_are_refused(
    client: TestClient, engine: Engine, tenant: TenantKey
) -> None:
    from tests.drafts.conftest import make_scene

    set_quotas(engine, tenant, quota_drafts_per_day=2)
    for _ in range(2):
        scene = make_scene(client, tenant)
        assert (
            client.post("/v1/drafts", json=scene.body(), headers=tenant.headers).status_code == 201
        )
    scene = make_scene(client, tenant)
    refused = client.post("/v1/drafts", json=scene.body(), headers=tenant.headers)
    assert_429(refused)
    assert refused.json()["quota"] == "drafts_per_day"
    # A batch would draft beyond it too.
    refused = client.post(
        "/v1/batches",
        json={
            "requester_id": scene.requester_id,
            "contact_ids": [scene.contact_id],
            "channel": "email",
        },
        headers=tenant.headers,
    )
    assert_429(refused)


def test_the_tenant_reads_its_quotas_and_cannot_change_them(
    client: TestClient, engine: Engine, tenant: TenantKey
) -> None:
    set_quotas(engine, tenant, quota_drafts_per_day=7)
    settings = client.get("/v1/tenant/settings", headers=tenant.headers).json()
    assert settings["quotas"] == {"drafts_per_day": 7, "queued_batch_items": 10_000}
    changed = client.patch(
        "/v1/tenant/settings", json={"quotas": {"drafts_per_day": 10**6}}, headers=tenant.headers
    )
    assert changed.status_code == 422


def test_other_tenants_do_not_share_a_quota(
    client: TestClient, engine: Engine, make_tenant: MakeTenant
) -> None:
    small, other = make_tenant(), make_tenant()
    set_quotas(engine, small, quota_queued_batch_items=1)

    def submit(owner: TenantKey) -> object:
        requester, contacts = seed(engine, owner.tenant_id, 1)
        return client.post(
            "/v1/batches",
            json={"requester_id": requester, "contact_ids": contacts, "channel": "email"},
            headers=owner.headers,
        )

    assert submit(small).status_code == 202
    assert_429(submit(small))
    assert submit(other).status_code == 202
