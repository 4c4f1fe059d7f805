"""A person is one contact per tenant: matching, duplicates, merges, opt-out, timeline."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from service.contacts.identity import email_key, linkedin_key
from service.contacts.models import Contact
from service.drafts.models import Draft
from service.research.models import ResearchSummary
from tests.conftest import TenantKey

ANA = {
    "name": "Ana Pérez",
    "organization": "Mercy Health",
    "email": "Ana.Perez@Mercy.org",
    "linkedin_url": "https://www.linkedin.com/in/ana-perez-rn/",
    "seniority": "senior",
}
FACTS = [
    {"text": "Spoke at HIMSS 2026 about reducing alarm fatigue in ICUs", "about": "person"},
    {"text": "Leads the nurse informatics team at Mercy Health", "about": "role"},
]


def count(engine: Engine, table: Any, tenant: TenantKey) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(
                select(func.count()).select_from(table).where(table.tenant_id == tenant.tenant_id)
            ).scalar_one()
        )


@pytest.mark.parametrize(
    ("given", "key"),
    [
        ("  Ana.Perez@Mercy.ORG ", "ana.perez@mercy.org"),
        ("", None),
        (None, None),
    ],
)
def test_email_keys_ignore_case_and_space(given: str | None, key: str | None) -> None:
    assert email_key(given) == key


@pytest.mark.parametrize(
    ("given", "key"),
    [
        ("https://www.linkedin.com/in/Ana-Perez-RN/", "in/ana-perez-rn"),
        ("http://linkedin.com/in/ana-perez-rn?trk=public_profile", "in/ana-perez-rn"),
        ("https://uk.linkedin.com/in/ana-perez-rn#about", "in/ana-perez-rn"),
        ("https://m.linkedin.com/in/ana-perez-rn/details/experience/", "in/ana-perez-rn"),
        ("https://www.linkedin.com/company/mercy-health/", None),
        ("https://evil.example/in/ana-perez-rn", None),
        ("https://linkedin.com.evil.example/in/ana", None),
        # The standard library refuses an unbalanced bracket in the host (a 500 the fuzzer
        # found): not a profile, not an error.
        ("https://linkedin.com[/in/ana", None),
    ],
)
def test_linkedin_keys_name_the_profile(given: str, key: str | None) -> None:
    assert linkedin_key(given) == key


def test_the_same_person_is_not_created_twice(client: TestClient, tenant: TenantKey) -> None:
    first = client.post("/v1/contacts", json=ANA, headers=tenant.headers)
    assert first.status_code == 201
    same_email = {"name": "A. Pérez", "email": "ANA.perez@mercy.ORG"}
    again = client.post("/v1/contacts", json=same_email, headers=tenant.headers)
    assert again.status_code == 409
    problem = again.json()
    assert problem["type"] == "/problems/contact-exists"
    assert problem["existing_id"] == first.json()["id"]
    same_profile = {"name": "Ana", "linkedin_url": "https://linkedin.com/in/ANA-PEREZ-RN"}
    returned = client.post(
        "/v1/contacts",
        params={"on_duplicate": "return"},
        json=same_profile,
        headers=tenant.headers,
    )
    assert returned.status_code == 200
    assert returned.json()["id"] == first.json()["id"]
    # Another tenant's person is another contact.
    listed = client.get("/v1/contacts", params={"q": "ana"}, headers=tenant.headers).json()
    assert len(listed["items"]) == 1


def test_another_tenant_may_have_the_same_person(
    client: TestClient, tenant: TenantKey, other_tenant: TenantKey
) -> None:
    for owner in (tenant, other_tenant):
        assert client.post("/v1/contacts", json=ANA, headers=owner.headers).status_code == 201


def test_importing_the_same_people_twice_stores_no_copies(
    client: TestClient, engine: Engine, tenant: TenantKey
) -> None:
    rows = [ANA, {"name": "Bo Lindqvist", "email": "bo@example.org"}, {"name": "No Keys"}]
    first = client.post("/v1/contacts/import", json={"contacts": rows}, headers=tenant.headers)
    assert first.status_code == 200
    assert first.json()["counts"]["created"] == 3
    again = client.post(
        "/v1/contacts/import",
        json={"contacts": [*rows[:2], {"name": "Cy", "email": "BO@example.org"}]},
        headers=tenant.headers,
    ).json()
    assert again["counts"] == {"rows": 3, "created": 0, "matched": 3, "invalid": 0}
    by_row = {r["row"]: r["contact_id"] for r in again["matched"]}
    created = {r["row"]: r["contact_id"] for r in first.json()["created"]}
    assert by_row == {1: created[1], 2: created[2], 3: created[2]}
    assert count(engine, Contact, tenant) == 3


def test_a_dry_run_import_says_what_it_would_do_and_writes_nothing(
    client: TestClient, engine: Engine, tenant: TenantKey
) -> None:
    existing = client.post("/v1/contacts", json=ANA, headers=tenant.headers).json()
    before = (count(engine, Contact, tenant), count(engine, ResearchSummary, tenant))
    rows = [
        {"name": "New One", "research": {"facts": FACTS}},
        {**ANA, "name": "Ana again"},
        {"name": "New One's colleague", "email": "c@example.org"},
        {"name": "Same colleague", "email": "C@example.org"},
        {"name": ""},
    ]
    result = client.post(
        "/v1/contacts/import",
        params={"dry_run": "true"},
        json={"contacts": rows},
        headers={**tenant.headers, "Idempotency-Key": "dry-1"},
    ).json()
    assert result["dry_run"] is True
    assert result["would_import"] == [1, 3]
    assert result["would_match"] == [
        {"row": 2, "contact_id": existing["id"], "same_as_row": None},
        {"row": 4, "contact_id": None, "same_as_row": 3},
    ]
    assert result["created"] == []
    assert result["matched"] == []
    assert [e["row"] for e in result["errors"]] == [5]
    assert (count(engine, Contact, tenant), count(engine, ResearchSummary, tenant)) == before
    # The key was not used by the dry run: the real import may take it.
    real = client.post(
        "/v1/contacts/import",
        json={"contacts": rows},
        headers={**tenant.headers, "Idempotency-Key": "dry-1"},
    )
    assert real.status_code == 200
    assert "idempotent-replayed" not in real.headers


def test_duplicates_are_listed_and_merged_with_their_history(
    client: TestClient, engine: Engine, tenant: TenantKey
) -> None:
    h = tenant.headers
    keep = client.post("/v1/contacts", json=ANA, headers=h).json()
    twin = client.post(
        "/v1/contacts",
        json={"name": "ana pérez", "organization": "MERCY HEALTH", "title": "CNIO"},
        headers=h,
    ).json()
    pairs = client.get("/v1/contacts/duplicates", headers=h).json()
    assert {"contact_id": keep["id"], "duplicate_id": twin["id"],
            "reason": "same_name_and_organization"} in pairs  # fmt: skip
    for contact in (keep, twin):
        assert (
            client.post(
                f"/v1/contacts/{contact['id']}/research", json={"facts": FACTS}, headers=h
            ).status_code
            == 201
        )
    assert client.post(f"/v1/contacts/{twin['id']}/opt-out", headers=h).status_code == 200

    merged = client.post(
        f"/v1/contacts/{keep['id']}/merge", json={"duplicate_id": twin["id"]}, headers=h
    )
    assert merged.status_code == 200, merged.text
    person = merged.json()
    assert person["title"] == "CNIO"  # filled from the duplicate
    assert person["do_not_contact"] is True  # the opt-out moved over
    gone = client.get(f"/v1/contacts/{twin['id']}", headers=h)
    assert gone.status_code == 404
    assert gone.json()["merged_into"] == keep["id"]
    versions = client.get(f"/v1/contacts/{keep['id']}/research", headers=h).json()["items"]
    assert sorted(v["version"] for v in versions) == [1, 2]
    timeline = client.get(f"/v1/contacts/{keep['id']}/timeline", headers=h).json()
    kinds = [entry["type"] for entry in timeline]
    assert kinds[0] == "created"
    assert {"research", "merged", "opted_out"} <= set(kinds)
    assert next(e for e in timeline if e["type"] == "merged")["merged_from"] == twin["id"]
    assert client.get("/v1/contacts/duplicates", headers=h).json() == []


def test_an_opt_out_holds_for_every_requester_of_the_tenant(
    client: TestClient, tenant: TenantKey
) -> None:
    from tests.drafts.conftest import MARIA

    h = tenant.headers
    contact = client.post("/v1/contacts", json=ANA, headers=h).json()["id"]
    client.post(f"/v1/contacts/{contact}/research", json={"facts": FACTS}, headers=h)
    requesters = [
        client.post("/v1/requesters", json={**MARIA, "name": n}, headers=h).json()["id"]
        for n in ("María Gómez", "Sam Lee")
    ]
    assert client.post(f"/v1/contacts/{contact}/opt-out", headers=h).status_code == 200
    for requester in requesters:
        response = client.post(
            "/v1/drafts",
            json={"requester_id": requester, "contact_id": contact, "channel": "email"},
            headers=h,
        )
        assert response.status_code == 409
        assert response.json()["type"] == "/problems/do-not-contact"


def test_merging_moves_the_drafts_and_answers_for_the_merged_id(
    client: TestClient, engine: Engine, tenant: TenantKey
) -> None:
    from tests.drafts.conftest import make_scene

    scene = make_scene(client, tenant)
    draft = client.post("/v1/drafts", json=scene.body(), headers=tenant.headers).json()
    keep = client.post(
        "/v1/contacts", json={"name": "Ana Pérez", "organization": "Mercy Health"},
        headers=tenant.headers,
    ).json()  # fmt: skip
    merged = client.post(
        f"/v1/contacts/{keep['id']}/merge",
        json={"duplicate_id": scene.contact_id},
        headers=tenant.headers,
    )
    assert merged.status_code == 200, merged.text
    moved = client.get(f"/v1/drafts/{draft['id']}", headers=tenant.headers).json()
    assert moved["contact_id"] == keep["id"]
    with engine.connect() as connection:
        owners = connection.execute(
            select(Draft.contact_id).where(Draft.tenant_id == tenant.tenant_id)  # type: ignore[arg-type]
        ).all()
    assert {str(o) for (o,) in owners} == {keep["id"]}
    self_merge = client.post(
        f"/v1/contacts/{keep['id']}/merge",
        json={"duplicate_id": keep["id"]},
        headers=tenant.headers,
    )
    assert self_merge.status_code == 409
