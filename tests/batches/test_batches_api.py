"""The batches API without a runner: submission, dry runs, validation, cancel, isolation."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import func, select

from service.batches.models import Batch, BatchItem
from service.contacts.models import Contact
from service.drafts.models import Draft
from tests.batches.support import seed
from tests.conftest import MakeTenant, TenantKey
from tests.support.databases import unit_of_work


def post(client: TestClient, tenant: TenantKey, body: dict[str, Any], **headers: str) -> Any:
    return client.post("/v1/batches", json=body, headers={**tenant.headers, **headers})


def test_submit_queues_researched_contacts_and_skips_the_rest_with_reasons(
    engine: Engine, client: TestClient, app: FastAPI, tenant: TenantKey
) -> None:
    requester, researched = seed(engine, tenant.tenant_id, 3)
    _, unresearched = seed(engine, tenant.tenant_id, 1, research=False)
    opted_out = researched[2]
    with unit_of_work(engine) as session:
        session.execute(
            update(Contact).where(Contact.id == uuid.UUID(opted_out)).values(do_not_contact=True)
        )
    contacts = [*researched, *unresearched]
    response = post(
        client, tenant, {"requester_id": requester, "contact_ids": contacts, "channel": "email"}
    )
    assert response.status_code == 202, response.text
    batch = response.json()
    assert response.headers["location"] == f"/v1/batches/{batch['id']}"
    assert batch["status"] == "queued"
    assert batch["total"] == 4
    assert batch["counts"]["queued"] == 2
    assert batch["counts"]["skipped"] == 2

    items = client.get(f"/v1/batches/{batch['id']}/items", headers=tenant.headers).json()["items"]
    assert [i["contact_id"] for i in items] == contacts  # submission order
    reasons = {i["contact_id"]: (i["status"], i["reason"]) for i in items}
    assert reasons[researched[0]] == ("queued", None)
    assert reasons[opted_out] == ("skipped", "opted_out")
    assert reasons[unresearched[0]] == ("skipped", "no_research")
    assert client.get(f"/v1/batches/{batch['id']}", headers=tenant.headers).json() == batch


def test_dry_run_says_what_would_happen_and_stores_nothing(
    engine: Engine, client: TestClient, app: FastAPI, tenant: TenantKey
) -> None:
    requester, contacts = seed(engine, tenant.tenant_id, 2)
    _, bare = seed(engine, tenant.tenant_id, 1, research=False)
    # An open draft (awaiting review) for the first contact: a batch would skip it.
    with unit_of_work(engine) as session:
        session.add(
            Draft(
                tenant_id=tenant.tenant_id,
                requester_id=uuid.UUID(requester),
                contact_id=uuid.UUID(contacts[0]),
                channel="email",
                status="needs_review",
            )
        )
    body = {
        "requester_id": requester,
        "contact_ids": [*contacts, *bare],
        "channel": "email",
        "dry_run": True,
    }
    response = post(client, tenant, body)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["dry_run"] is True
    assert result["would_draft"] == [contacts[1]]
    assert {s["contact_id"]: s["reason"] for s in result["skipped"]} == {
        contacts[0]: "open_draft",
        bare[0]: "no_research",
    }
    assert client.get("/v1/batches", headers=tenant.headers).json()["items"] == []


def test_filter_selects_matching_contacts(
    engine: Engine, client: TestClient, app: FastAPI, tenant: TenantKey
) -> None:
    requester, mercy = seed(engine, tenant.tenant_id, 3, organization="Mercy Health")
    seed(engine, tenant.tenant_id, 2, organization="Other Org")
    body = {
        "requester_id": requester,
        "filter": {"organization": "mercy health"},
        "channel": "linkedin_message",
        "dry_run": True,
    }
    response = post(client, tenant, body)
    assert response.status_code == 200, response.text
    result = response.json()
    assert sorted(result["would_draft"]) == sorted(mercy)
    body["filter"] = {"organization": "Nobody Inc"}
    assert post(client, tenant, body).status_code == 409


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"filter": {"seniority": "senior"}}, 422),  # both selections
        ({"contact_ids": None}, 422),  # neither
        ({"contact_ids": []}, 422),
        ({"channel": "carrier-pigeon"}, 422),
        ({"prompt_version": 999}, 404),
        ({"prompt_version": 1.5}, 422),
        ({"surprise": 1}, 422),
    ],
)
def test_invalid_submissions_are_problems_and_store_nothing(
    engine: Engine,
    client: TestClient,
    app: FastAPI,
    tenant: TenantKey,
    change: dict[str, Any],
    status: int,
) -> None:
    requester, contacts = seed(engine, tenant.tenant_id, 1)
    body: dict[str, Any] = {"requester_id": requester, "contact_ids": contacts, "channel": "email"}
    body.update(change)
    body = {k: v for k, v in body.items() if v is not None}
    response = post(client, tenant, body)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert client.get("/v1/batches", headers=tenant.headers).json()["items"] == []


def test_repeated_and_too_many_contacts_are_rejected(
    engine: Engine, client: TestClient, app: FastAPI, tenant: TenantKey
) -> None:
    requester, contacts = seed(engine, tenant.tenant_id, 1)
    body: dict[str, Any] = {
        "requester_id": requester,
        "contact_ids": contacts * 2,
        "channel": "email",
    }
    assert post(client, tenant, body).status_code == 422
    # null is not "left out": exactly one selection, and no nulls for either.
    assert (
        post(client, tenant, {**body, "contact_ids": contacts, "filter": None}).status_code == 422
    )
    body["contact_ids"] = [str(uuid.uuid4()) for _ in range(5_001)]
    response = post(client, tenant, body)
    assert response.status_code == 422
    assert "contact_ids" in str(response.json()["errors"])


def test_unknown_and_foreign_references_answer_404_alike(
    engine: Engine, client: TestClient, app: FastAPI, tenant: TenantKey, other_tenant: TenantKey
) -> None:
    requester, contacts = seed(engine, tenant.tenant_id, 1)
    _, foreign = seed(engine, other_tenant.tenant_id, 1)
    missing = str(uuid.uuid4())
    foreign_body = post(
        client, tenant, {"requester_id": requester, "contact_ids": foreign, "channel": "email"}
    ).json()
    missing_body = post(
        client, tenant, {"requester_id": requester, "contact_ids": [missing], "channel": "email"}
    ).json()
    assert foreign_body["status"] == missing_body["status"] == 404
    assert foreign_body["detail"] == missing_body["detail"]
    other_requester, _ = seed(engine, other_tenant.tenant_id, 0)
    response = post(
        client,
        tenant,
        {"requester_id": other_requester, "contact_ids": contacts, "channel": "email"},
    )
    assert response.status_code == 404


def test_requester_without_background_needs_research(
    engine: Engine, client: TestClient, app: FastAPI, tenant: TenantKey
) -> None:
    _, contacts = seed(engine, tenant.tenant_id, 1)
    bare = client.post("/v1/requesters", json={"name": "Sam"}, headers=tenant.headers).json()
    response = post(
        client, tenant, {"requester_id": bare["id"], "contact_ids": contacts, "channel": "email"}
    )
    assert response.status_code == 409
    assert response.json()["type"].endswith("needs-research")


def test_idempotency_key_replays_and_rejects_a_different_body(
    engine: Engine, client: TestClient, app: FastAPI, tenant: TenantKey
) -> None:
    requester, contacts = seed(engine, tenant.tenant_id, 2)
    body = {"requester_id": requester, "contact_ids": contacts, "channel": "email"}
    first = post(client, tenant, body, **{"Idempotency-Key": "batch-1"})
    again = post(client, tenant, body, **{"Idempotency-Key": "batch-1"})
    assert first.status_code == again.status_code == 202
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    other = post(
        client, tenant, {**body, "channel": "linkedin_message"}, **{"Idempotency-Key": "batch-1"}
    )
    assert other.status_code == 422
    with unit_of_work(engine) as session:
        count = session.exec(
            select(func.count()).select_from(Batch).where(Batch.tenant_id == tenant.tenant_id)
        ).one()
    assert count == 1


def test_cancel_stops_queued_items_and_is_repeatable(
    engine: Engine, client: TestClient, app: FastAPI, tenant: TenantKey
) -> None:
    requester, contacts = seed(engine, tenant.tenant_id, 3)
    batch = post(
        client, tenant, {"requester_id": requester, "contact_ids": contacts, "channel": "email"}
    ).json()
    # One item already finished before the cancel: it stays as it is.
    with unit_of_work(engine) as session:
        session.execute(
            update(BatchItem)
            .where(BatchItem.batch_id == uuid.UUID(batch["id"]), BatchItem.position == 0)
            .values(status="needs_review")
        )
    url = f"/v1/batches/{batch['id']}/cancel"
    cancelled = client.post(url, headers=tenant.headers)
    assert cancelled.status_code == 200, cancelled.text
    result = cancelled.json()
    assert result["status"] == "cancelled"
    assert result["cancelled_at"] is not None
    assert result["counts"]["needs_review"] == 1
    assert result["counts"]["skipped"] == 2
    items = client.get(
        f"/v1/batches/{batch['id']}/items?status=skipped", headers=tenant.headers
    ).json()["items"]
    assert {i["reason"] for i in items} == {"cancelled"}
    assert client.post(url, headers=tenant.headers).json() == result


def test_cancelling_a_completed_batch_is_a_conflict(
    engine: Engine, client: TestClient, app: FastAPI, tenant: TenantKey
) -> None:
    requester, contacts = seed(engine, tenant.tenant_id, 1, research=False)
    batch = post(
        client, tenant, {"requester_id": requester, "contact_ids": contacts, "channel": "email"}
    ).json()
    assert batch["status"] == "completed"  # nothing to draft: every item skipped at once
    response = client.post(f"/v1/batches/{batch['id']}/cancel", headers=tenant.headers)
    assert response.status_code == 409


def test_items_paginate_in_order(
    engine: Engine, client: TestClient, app: FastAPI, tenant: TenantKey
) -> None:
    requester, contacts = seed(engine, tenant.tenant_id, 7)
    batch = post(
        client, tenant, {"requester_id": requester, "contact_ids": contacts, "channel": "email"}
    ).json()
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = client.get(
            f"/v1/batches/{batch['id']}/items", params=params, headers=tenant.headers
        ).json()
        seen += [i["contact_id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == contacts


def test_other_tenants_batches_answer_like_missing_ones(
    engine: Engine, client: TestClient, app: FastAPI, tenant: TenantKey, make_tenant: MakeTenant
) -> None:
    requester, contacts = seed(engine, tenant.tenant_id, 1)
    batch = post(
        client, tenant, {"requester_id": requester, "contact_ids": contacts, "channel": "email"}
    ).json()
    intruder = make_tenant(name="Intruder")
    for path in (f"/v1/batches/{batch['id']}", f"/v1/batches/{batch['id']}/items"):
        foreign = client.get(path, headers=intruder.headers)
        missing = client.get(path.replace(batch["id"], str(uuid.uuid4())), headers=intruder.headers)
        assert foreign.status_code == missing.status_code == 404
        assert foreign.json()["detail"].replace(batch["id"], "") == missing.json()[
            "detail"
        ].replace(path.split("/")[3], "")
    cancel = client.post(f"/v1/batches/{batch['id']}/cancel", headers=intruder.headers)
    assert cancel.status_code == 404
    assert client.get("/v1/batches", headers=intruder.headers).json()["items"] == []


def test_scopes(
    engine: Engine, client: TestClient, app: FastAPI, tenant: TenantKey, key_with: Any
) -> None:
    requester, contacts = seed(engine, tenant.tenant_id, 1)
    reader = key_with("read")
    body = {"requester_id": requester, "contact_ids": contacts, "channel": "email"}
    assert post(client, reader, body).status_code == 403
    writer = key_with("drafts:write")
    assert post(client, writer, body).status_code == 202
    assert client.get("/v1/batches", headers=reader.headers).status_code == 200


def test_a_refused_submission_does_not_use_up_its_key(
    engine: Engine, client: TestClient, app: FastAPI, tenant: TenantKey
) -> None:
    requester, contacts = seed(engine, tenant.tenant_id, 1)
    key = {"Idempotency-Key": "retry-me"}
    missing = {"requester_id": requester, "contact_ids": [str(uuid.uuid4())], "channel": "email"}
    assert post(client, tenant, missing, **key).status_code == 404
    body = {"requester_id": requester, "contact_ids": contacts, "channel": "email"}
    assert post(client, tenant, body, **key).status_code == 202
