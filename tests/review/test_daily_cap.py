"""Anti spray-and-pray: an optional per-requester cap on new drafts per 24 hours."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import MakeTenant, TenantKey

FACTS = [
    {"text": "Leads the payments platform team at Monzo", "about": "role"},
    {"text": "Wrote about migrating ledgers to event sourcing in 2025", "about": "person"},
]


def scene(client: TestClient, tenant: TenantKey, contacts: int) -> tuple[str, list[str]]:
    h = tenant.headers
    requester = client.post(
        "/v1/requesters",
        json={
            "name": "Jo Lee",
            "current_role": "Backend developer",
            "background": "Five years of Java services at a bank",
        },
        headers=h,
    ).json()["id"]
    ids = []
    for i in range(contacts):
        contact = client.post(
            "/v1/contacts",
            json={"name": f"Ana Souza {i}", "organization": "Monzo", "seniority": "mid"},
            headers=h,
        ).json()["id"]
        client.post(f"/v1/contacts/{contact}/research", json={"facts": FACTS}, headers=h)
        ids.append(contact)
    return requester, ids


def draft(client: TestClient, tenant: TenantKey, requester: str, contact: str) -> Any:
    return client.post(
        "/v1/drafts",
        json={"requester_id": requester, "contact_id": contact, "channel": "linkedin_message"},
        headers=tenant.headers,
    )


def test_cap_answers_429_with_retry_after_and_is_per_requester(
    client: TestClient, tenant: TenantKey
) -> None:
    settings = client.patch(
        "/v1/tenant/settings", json={"daily_draft_cap": 2}, headers=tenant.headers
    )
    assert settings.json()["daily_draft_cap"] == 2
    requester, contacts = scene(client, tenant, 3)
    assert [draft(client, tenant, requester, c).status_code for c in contacts[:2]] == [201, 201]
    refused = draft(client, tenant, requester, contacts[2])
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert 1 <= int(refused.headers["retry-after"]) <= 24 * 3600
    other_requester, other_contacts = scene(client, tenant, 1)
    assert draft(client, tenant, other_requester, other_contacts[0]).status_code == 201


def test_cap_is_off_by_default_and_can_be_removed(
    client: TestClient, tenant: TenantKey, make_tenant: MakeTenant
) -> None:
    assert (
        client.get("/v1/tenant/settings", headers=tenant.headers).json()["daily_draft_cap"] is None
    )
    client.patch("/v1/tenant/settings", json={"daily_draft_cap": 1}, headers=tenant.headers)
    requester, contacts = scene(client, tenant, 2)
    assert draft(client, tenant, requester, contacts[0]).status_code == 201
    assert draft(client, tenant, requester, contacts[1]).status_code == 429
    client.patch("/v1/tenant/settings", json={"daily_draft_cap": None}, headers=tenant.headers)
    assert draft(client, tenant, requester, contacts[1]).status_code == 201
    other = make_tenant(name="Uncapped")
    assert (
        client.get("/v1/tenant/settings", headers=other.headers).json()["daily_draft_cap"] is None
    )
