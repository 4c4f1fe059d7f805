"""The contacts list and the single-contact read must say exactly the same about a contact,
for every kind of value."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import col, update

from service.contacts.models import Contact
from tests.conftest import TenantKey
from tests.support.databases import unit_of_work

AWKWARD = {
    "name": 'Zoë "Z" O\'Brien \\ 李小龍 🚀',
    "title": "Head of\nthings\ttabbed",
    "department": "</script><b>",
    "organization": "Ünïcode GmbH",
    "seniority": "mid",
    "email": "zoe@example.com",
    "linkedin_url": "https://www.linkedin.com/in/zo%C3%AB",
    "how_found": "\u2028line separator\u2029 and \u00a0nbsp and \x7f",
    "notes": "x" * 4000,
}


def create(client: TestClient, tenant: TenantKey, **fields: Any) -> dict[str, Any]:
    response = client.post("/v1/contacts", json=fields, headers=tenant.headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def list_all(client: TestClient, tenant: TenantKey, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = client.get("/v1/contacts", params=query, headers=tenant.headers)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json"
        page = response.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def test_list_items_equal_the_single_reads_for_awkward_values(
    engine: Engine, client: TestClient, app: FastAPI, tenant: TenantKey
) -> None:
    referrer = create(client, tenant, name="Referrer")
    awkward = create(client, tenant, **AWKWARD)
    sparse = create(client, tenant, name="Only a name")
    whole_second = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    with unit_of_work(engine) as session:
        session.exec(
            update(Contact)
            .where(col(Contact.id) == uuid.UUID(awkward["id"]))
            .values(
                do_not_contact=True,
                referred_by_contact_id=uuid.UUID(referrer["id"]),
                created_at=whole_second,
                updated_at=datetime(2031, 5, 6, 7, 8, 9, 10, tzinfo=UTC),
            )
        )

    listed = {item["id"]: item for item in list_all(client, tenant, limit=1)}
    assert set(listed) == {referrer["id"], awkward["id"], sparse["id"]}
    for contact_id, item in listed.items():
        single = client.get(f"/v1/contacts/{contact_id}", headers=tenant.headers).json()
        assert item == single
        assert list(item) == list(single)  # the same fields, in the same order
    assert listed[awkward["id"]]["created_at"] == "2031-05-06T07:08:09Z"
    assert listed[awkward["id"]]["updated_at"] == "2031-05-06T07:08:09.000010Z"
    assert listed[awkward["id"]]["do_not_contact"] is True
    assert listed[awkward["id"]]["referred_by_contact_id"] == referrer["id"]
    assert listed[sparse["id"]]["referred_by_contact_id"] is None
    # The contact moved to 2031 comes last, and a page ending on a whole second pages on.
    assert [item["id"] for item in list_all(client, tenant, limit=2)][-1] == awkward["id"]


def test_an_unknown_key_answers_401_before_a_malformed_cursor(
    client: TestClient, tenant: TenantKey
) -> None:
    unknown = "askw_" + "a" * 10 + "_" + "b" * 32
    response = client.get(
        "/v1/contacts",
        params={"cursor": "not-a-cursor"},
        headers={"Authorization": f"Bearer {unknown}"},
    )
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    own = client.get("/v1/contacts", params={"cursor": "not-a-cursor"}, headers=tenant.headers)
    assert own.status_code == 404


def test_a_revoked_key_reads_no_page(client: TestClient, tenant: TenantKey) -> None:
    create(client, tenant, name="Someone")
    extra = client.post(
        "/v1/keys", json={"name": "reader", "scopes": ["read"]}, headers=tenant.headers
    ).json()
    headers = {"Authorization": f"Bearer {extra['api_key']}"}
    assert client.get("/v1/contacts", headers=headers).status_code == 200
    revoked = client.post(f"/v1/keys/{extra['id']}/revoke", headers=tenant.headers)
    assert revoked.status_code == 200, revoked.text
    response = client.get("/v1/contacts", headers=headers)
    assert response.status_code == 401
    assert "items" not in response.json()
