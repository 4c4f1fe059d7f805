"""Research summaries: append-only versions, newest first, erased with their contact."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.conftest import TenantKey

FACTS = [
    {
        "text": "Leads the nurse informatics team at Mercy Health",
        "about": "role",
        "source_url": "https://mercy.example/team",
    },
    {"text": "Spoke at HIMSS 2026 about alarm fatigue", "about": "person"},
]


def new_contact(client: TestClient, tenant: TenantKey) -> str:
    response = client.post("/v1/contacts", json={"name": "Ana Pérez"}, headers=tenant.headers)
    contact_id: str = response.json()["id"]
    return contact_id


def add(client: TestClient, tenant: TenantKey, contact_id: str, **body: Any) -> Any:
    return client.post(f"/v1/contacts/{contact_id}/research", json=body, headers=tenant.headers)


def test_versions_are_kept_and_listed_newest_first(client: TestClient, tenant: TenantKey) -> None:
    cid = new_contact(client, tenant)
    first = add(client, tenant, cid, facts=FACTS[:1])
    second = add(client, tenant, cid, facts=FACTS, notes="Her team is hiring analysts.")
    assert first.status_code == second.status_code == 201
    assert (first.json()["version"], second.json()["version"]) == (1, 2)
    listed = client.get(f"/v1/contacts/{cid}/research", headers=tenant.headers).json()
    assert [item["version"] for item in listed["items"]] == [2, 1]
    assert listed["items"][1]["facts"] == [FACTS[0]]
    latest = client.get(f"/v1/contacts/{cid}/research/latest", headers=tenant.headers).json()
    assert latest == second.json()
    v1 = client.get(f"/v1/contacts/{cid}/research/1", headers=tenant.headers).json()
    assert v1 == first.json()


def test_research_versions_paginate_newest_first(client: TestClient, tenant: TenantKey) -> None:
    cid = new_contact(client, tenant)
    for i in range(5):
        add(client, tenant, cid, notes=f"note {i}")
    page = client.get(
        f"/v1/contacts/{cid}/research", params={"limit": 2}, headers=tenant.headers
    ).json()
    versions = [item["version"] for item in page["items"]]
    while page["next_cursor"]:
        page = client.get(
            f"/v1/contacts/{cid}/research",
            params={"limit": 2, "cursor": page["next_cursor"]},
            headers=tenant.headers,
        ).json()
        versions += [item["version"] for item in page["items"]]
    assert versions == [5, 4, 3, 2, 1]


def test_latest_without_research_is_404(client: TestClient, tenant: TenantKey) -> None:
    cid = new_contact(client, tenant)
    response = client.get(f"/v1/contacts/{cid}/research/latest", headers=tenant.headers)
    assert response.status_code == 404
    assert response.json()["detail"] == "This contact has no research yet."


def test_empty_research_is_refused(client: TestClient, tenant: TenantKey) -> None:
    cid = new_contact(client, tenant)
    assert add(client, tenant, cid).status_code == 422
    assert add(client, tenant, cid, facts=[], notes="   ").status_code == 422


def test_fact_shape_is_enforced(client: TestClient, tenant: TenantKey) -> None:
    cid = new_contact(client, tenant)
    bad_about = add(client, tenant, cid, facts=[{"text": "x", "about": "hobby"}])
    extra = add(client, tenant, cid, facts=[{"text": "x", "about": "person", "score": 1}])
    too_many = add(client, tenant, cid, facts=[{"text": "x", "about": "person"}] * 101)
    assert bad_about.status_code == extra.status_code == too_many.status_code == 422


def test_research_on_missing_contact_is_404(client: TestClient, tenant: TenantKey) -> None:
    response = add(client, tenant, "00000000-0000-4000-8000-000000000000", notes="x")
    assert response.status_code == 404


def test_deleting_a_version_keeps_the_others(client: TestClient, tenant: TenantKey) -> None:
    cid = new_contact(client, tenant)
    add(client, tenant, cid, notes="one")
    add(client, tenant, cid, notes="two")
    assert (
        client.delete(f"/v1/contacts/{cid}/research/1", headers=tenant.headers).status_code == 204
    )
    listed = client.get(f"/v1/contacts/{cid}/research", headers=tenant.headers).json()
    assert [item["version"] for item in listed["items"]] == [2]


def test_deleting_contact_erases_its_research(
    engine: Engine, client: TestClient, tenant: TenantKey, app: Any
) -> None:
    cid = new_contact(client, tenant)
    add(client, tenant, cid, facts=FACTS, notes="canary-research-7f3a")
    assert client.delete(f"/v1/contacts/{cid}", headers=tenant.headers).status_code == 204
    with engine.connect() as connection:
        left = connection.execute(
            text(
                "SELECT count(*) FROM research_summaries WHERE notes LIKE '%canary-research-7f3a%'"
            )
        ).scalar_one()
    assert left == 0
