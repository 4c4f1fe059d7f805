"""Contacts over HTTP: create, read, filter, paginate, update, erase."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import TenantKey

ANA = {
    "name": "Ana Pérez",
    "title": "Director of Nursing Informatics",
    "department": "Clinical Informatics",
    "organization": "Mercy Health",
    "seniority": "executive",
    "email": "ana.perez@mercy.example",
    "linkedin_url": "https://www.linkedin.com/in/ana-perez",
    "how_found": "Her talk at HIMSS 2026",
    "notes": "Prefers email.",
}


def create(client: TestClient, tenant: TenantKey, **fields: Any) -> dict[str, Any]:
    response = client.post(
        "/v1/contacts", json={"name": "Someone", **fields}, headers=tenant.headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_created_contact_reads_back_with_server_fields(
    client: TestClient, tenant: TenantKey
) -> None:
    created = create(client, tenant, **ANA)
    assert {k: created[k] for k in ANA} == ANA
    assert created["created_at"].endswith("Z") or created["created_at"].endswith("+00:00")
    fetched = client.get(f"/v1/contacts/{created['id']}", headers=tenant.headers)
    assert fetched.status_code == 200
    assert fetched.json() == created


def test_create_answers_location_header(client: TestClient, tenant: TenantKey) -> None:
    response = client.post("/v1/contacts", json={"name": "Li Wei"}, headers=tenant.headers)
    assert response.headers["location"] == f"/v1/contacts/{response.json()['id']}"


@pytest.mark.parametrize(
    "field",
    ["id", "tenant_id", "created_at", "updated_at", "do_not_contact", "whatever"],
)
def test_server_owned_or_unknown_fields_are_refused(
    client: TestClient, tenant: TenantKey, field: str
) -> None:
    response = client.post(
        "/v1/contacts", json={"name": "Li Wei", field: "x"}, headers=tenant.headers
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert any(err["loc"] == ["body", field] for err in response.json()["errors"])


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "x", "seniority": "intern"}, "seniority"),
        ({"name": "x", "email": "not-an-email"}, "email"),
        ({"name": "x", "linkedin_url": "javascript:alert(1)"}, "linkedin_url"),
        ({"name": "x", "notes": "n" * 4001}, "notes"),
    ],
)
def test_invalid_fields_are_refused_with_their_location(
    client: TestClient, tenant: TenantKey, fields: dict[str, Any], bad: str
) -> None:
    response = client.post("/v1/contacts", json=fields, headers=tenant.headers)
    assert response.status_code == 422
    assert any(bad in err["loc"] for err in response.json()["errors"])


def test_nul_bytes_are_refused_not_stored(client: TestClient, tenant: TenantKey) -> None:
    response = client.post("/v1/contacts", json={"name": "A\u0000B"}, headers=tenant.headers)
    assert response.status_code == 422
    listed = client.get("/v1/contacts", headers=tenant.headers).json()
    assert listed["items"] == []


def test_patch_changes_only_sent_fields_and_null_clears(
    client: TestClient, tenant: TenantKey
) -> None:
    created = create(client, tenant, **ANA)
    response = client.patch(
        f"/v1/contacts/{created['id']}",
        json={"title": "Chief Nursing Officer", "notes": None},
        headers=tenant.headers,
    )
    assert response.status_code == 200
    updated = response.json()
    assert updated["title"] == "Chief Nursing Officer"
    assert updated["notes"] is None
    assert updated["organization"] == ANA["organization"]
    assert updated["updated_at"] > created["updated_at"]


def test_patch_refuses_unknown_fields(client: TestClient, tenant: TenantKey) -> None:
    created = create(client, tenant)
    response = client.patch(
        f"/v1/contacts/{created['id']}", json={"tenant_id": "x"}, headers=tenant.headers
    )
    assert response.status_code == 422


def test_delete_erases_contact(client: TestClient, tenant: TenantKey) -> None:
    created = create(client, tenant)
    assert client.delete(f"/v1/contacts/{created['id']}", headers=tenant.headers).status_code == 204
    assert client.get(f"/v1/contacts/{created['id']}", headers=tenant.headers).status_code == 404
    assert client.delete(f"/v1/contacts/{created['id']}", headers=tenant.headers).status_code == 404


def test_pages_cover_every_contact_once_in_stable_order(
    client: TestClient, tenant: TenantKey
) -> None:
    ids = [create(client, tenant, name=f"Person {i}")["id"] for i in range(7)]
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/v1/contacts", params=params, headers=tenant.headers).json()
        assert len(page["items"]) <= 3
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids


def test_default_page_size_is_twenty(client: TestClient, tenant: TenantKey) -> None:
    for i in range(21):
        create(client, tenant, name=f"P{i}")
    page = client.get("/v1/contacts", headers=tenant.headers).json()
    assert len(page["items"]) == 20
    assert page["next_cursor"]


@pytest.mark.parametrize("limit", [0, 101, -1])
def test_limit_outside_1_to_100_is_refused(
    client: TestClient, tenant: TenantKey, limit: int
) -> None:
    response = client.get("/v1/contacts", params={"limit": limit}, headers=tenant.headers)
    assert response.status_code == 422


@pytest.mark.parametrize("cursor", ["garbage", "e30", "WyJ4IiwieSJd.AAAA", "!!!", "a.b.c"])
def test_forged_cursor_answers_404(client: TestClient, tenant: TenantKey, cursor: str) -> None:
    response = client.get("/v1/contacts", params={"cursor": cursor}, headers=tenant.headers)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_tampered_cursor_answers_404(client: TestClient, tenant: TenantKey) -> None:
    for i in range(3):
        create(client, tenant, name=f"P{i}")
    cursor = client.get("/v1/contacts", params={"limit": 1}, headers=tenant.headers).json()[
        "next_cursor"
    ]
    payload, mac = cursor.split(".")
    tampered = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1] + "." + mac
    response = client.get("/v1/contacts", params={"cursor": tampered}, headers=tenant.headers)
    assert response.status_code == 404


def test_cursor_survives_deletion_of_its_row(client: TestClient, tenant: TenantKey) -> None:
    ids = [create(client, tenant, name=f"P{i}")["id"] for i in range(3)]
    page = client.get("/v1/contacts", params={"limit": 1}, headers=tenant.headers).json()
    client.delete(f"/v1/contacts/{ids[0]}", headers=tenant.headers)
    rest = client.get(
        "/v1/contacts", params={"cursor": page["next_cursor"]}, headers=tenant.headers
    ).json()
    assert [item["id"] for item in rest["items"]] == ids[1:]


def test_filters_by_organization_seniority_and_name(client: TestClient, tenant: TenantKey) -> None:
    create(client, tenant, name="Ana Pérez", organization="Mercy Health", seniority="senior")
    create(client, tenant, name="Bo Chen", organization="mercy health", seniority="junior")
    create(client, tenant, name="Anahí Ruiz", organization="Globex", seniority="senior")

    def names(**params: str) -> list[str]:
        page = client.get("/v1/contacts", params=params, headers=tenant.headers).json()
        return [item["name"] for item in page["items"]]

    assert names(organization="MERCY HEALTH") == ["Ana Pérez", "Bo Chen"]
    assert names(seniority="senior") == ["Ana Pérez", "Anahí Ruiz"]
    assert names(q="ana") == ["Ana Pérez", "Anahí Ruiz"]
    assert names(q="ana", organization="Globex") == ["Anahí Ruiz"]
    assert names(q="%") == []
    assert names(q="_") == []


def test_name_search_and_organization_ignore_case_in_every_script(
    client: TestClient, tenant: TenantKey
) -> None:
    """The same answers on SQLite as on PostgreSQL: case is folded beyond ASCII."""
    create(client, tenant, name="Ángel Núñez", organization="Ökotech Zürich")
    create(client, tenant, name="ΔΗΜΗΤΡΑ Παππά", organization="Ökotech Zürich")

    def names(**params: str) -> list[str]:
        page = client.get("/v1/contacts", params=params, headers=tenant.headers).json()
        return [item["name"] for item in page["items"]]

    assert names(q="ángel") == ["Ángel Núñez"]
    assert names(q="ÁNGEL NÚ") == ["Ángel Núñez"]
    assert names(q="δημήτρα".replace("ή", "η")) == ["ΔΗΜΗΤΡΑ Παππά"]
    assert names(organization="ÖKOTECH ZÜRICH") == ["Ángel Núñez", "ΔΗΜΗΤΡΑ Παππά"]
