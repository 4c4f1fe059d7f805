"""Requesters over HTTP."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import TenantKey

MARIA = {
    "name": "María Gómez",
    "email": "maria@example.org",
    "current_role": "ICU nurse",
    "background": "Eight years of critical-care nursing; led our unit's EHR rollout.",
    "interests": ["clinical informatics", "patient safety"],
    "learning_goals": "How nurses move into informatics roles.",
    "target_fields": ["health informatics"],
}


def test_requester_round_trip(client: TestClient, tenant: TenantKey) -> None:
    created = client.post("/v1/requesters", json=MARIA, headers=tenant.headers)
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    assert {k: body[k] for k in MARIA} == MARIA
    fetched = client.get(f"/v1/requesters/{body['id']}", headers=tenant.headers).json()
    assert fetched == body


def test_requester_list_sizes_are_capped(client: TestClient, tenant: TenantKey) -> None:
    response = client.post(
        "/v1/requesters",
        json={"name": "X", "interests": [f"topic {i}" for i in range(51)]},
        headers=tenant.headers,
    )
    assert response.status_code == 422


def test_patch_replaces_lists(client: TestClient, tenant: TenantKey) -> None:
    rid = client.post("/v1/requesters", json=MARIA, headers=tenant.headers).json()["id"]
    response = client.patch(
        f"/v1/requesters/{rid}", json={"interests": ["data"]}, headers=tenant.headers
    )
    assert response.json()["interests"] == ["data"]
    assert response.json()["target_fields"] == MARIA["target_fields"]


def test_list_and_delete(client: TestClient, tenant: TenantKey) -> None:
    ids = [
        client.post("/v1/requesters", json={"name": f"R{i}"}, headers=tenant.headers).json()["id"]
        for i in range(3)
    ]
    page = client.get("/v1/requesters", params={"limit": 2}, headers=tenant.headers).json()
    assert [item["id"] for item in page["items"]] == ids[:2]
    rest = client.get(
        "/v1/requesters", params={"cursor": page["next_cursor"]}, headers=tenant.headers
    ).json()
    assert [item["id"] for item in rest["items"]] == ids[2:]
    assert rest["next_cursor"] is None
    assert client.delete(f"/v1/requesters/{ids[0]}", headers=tenant.headers).status_code == 204
    assert client.get(f"/v1/requesters/{ids[0]}", headers=tenant.headers).status_code == 404
