"""Decisions are append-only in the database; erasure leaves no personal data behind;
concurrent approvals of one revision yield exactly one success (PostgreSQL)."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

import service.models  # noqa: F401  (all tables on the metadata)
from service.core.db import metadata
from service.review.models import Erasure, ReviewDecision
from tests.conftest import TenantKey
from tests.drafts.conftest import ANA, FACTS, MARIA
from tests.review.test_review import act, approved, etag_of
from tests.support.databases import unit_of_work


def decision_ids(engine: Engine, app: FastAPI, draft_id: str) -> list[uuid.UUID]:
    with unit_of_work(engine) as session:
        rows = session.execute(
            select(ReviewDecision.id).where(ReviewDecision.draft_id == uuid.UUID(draft_id))  # type: ignore[arg-type]
        ).scalars()
        return list(rows)


@pytest.mark.parametrize(
    "statement",
    [
        lambda ids: update(ReviewDecision).where(ReviewDecision.id == ids[0]).values(reviewer="X"),  # type: ignore[arg-type]
        lambda ids: delete(ReviewDecision).where(ReviewDecision.id == ids[0]),  # type: ignore[arg-type]
    ],
    ids=["update", "delete"],
)
def test_the_database_refuses_to_change_or_delete_a_decision(
    engine: Engine, app: FastAPI, client: TestClient, tenant: TenantKey, statement: Any
) -> None:
    draft = approved(client, tenant)
    ids = decision_ids(engine, app, draft["id"])
    assert len(ids) == 1
    with pytest.raises(DBAPIError), unit_of_work(engine) as session:
        session.execute(statement(ids))
    assert decision_ids(engine, app, draft["id"]) == ids
    history = client.get(f"/v1/drafts/{draft['id']}/history", headers=tenant.headers).json()
    assert [e["decision"]["reviewer"] for e in history if e["type"] == "decision"] == ["Coach Kim"]


CANARIES = {
    "name": "Zebulon Quaxworth",
    "email": "zebulon.quax@canary-mail.example",
    "linkedin": "https://www.linkedin.com/in/zebulon-quax-canary",
    "fact": "Quaxworth canary fact about the Zirconium Lab",
    "reason": "Canary rejection reason Xylophage",
    "reviewer": "Canary Reviewer Wobblesworth",
}


def scan(engine: Engine, app: FastAPI) -> list[tuple[str, str]]:
    """(table, canary) for every canary found anywhere in the database."""
    hits = []
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(text(f'SELECT * FROM "{table.name}"')):
                dumped = json.dumps([str(v) for v in row], ensure_ascii=False)
                hits += [(table.name, c) for c in CANARIES.values() if c in dumped]
    return hits


def scene_with_canaries(client: TestClient, tenant: TenantKey, erase: str) -> dict[str, str]:
    """A requester and a researched contact; the one to be erased carries the canaries."""
    person = {"email": CANARIES["email"], "linkedin_url": CANARIES["linkedin"]}
    requester = {**MARIA, **(person if erase == "requester" else {})}
    if erase == "requester":
        requester["name"] = CANARIES["name"]
    contact = {**ANA, **(person if erase == "contact" else {})}
    if erase == "contact":
        contact["name"] = CANARIES["name"]
    h = tenant.headers
    ids = {
        "requester_id": client.post("/v1/requesters", json=requester, headers=h).json()["id"],
        "contact_id": client.post("/v1/contacts", json=contact, headers=h).json()["id"],
    }
    facts = [{"text": CANARIES["fact"], "about": "person"}, *FACTS]
    client.post(f"/v1/contacts/{ids['contact_id']}/research", json={"facts": facts}, headers=h)
    return ids


def draft_for(
    client: TestClient, tenant: TenantKey, ids: dict[str, str], **extra: Any
) -> dict[str, Any]:
    body = {**ids, "channel": "email", **extra}
    response = client.post("/v1/drafts", json=body, headers=tenant.headers)
    assert response.json()["status"] == "needs_review", response.text
    return dict(response.json())


@pytest.mark.parametrize("erase", ["contact", "requester"])
def test_erasure_leaves_only_a_tombstone(
    engine: Engine, app: FastAPI, client: TestClient, make_tenant: Any, erase: str
) -> None:
    tenant: TenantKey = make_tenant(name="Erasure")
    ids = scene_with_canaries(client, tenant, erase)
    kept = draft_for(client, tenant, ids)
    act(client, tenant, kept["id"], "approve", {"reviewer": CANARIES["reviewer"]})
    act(client, tenant, kept["id"], "sent", {})
    act(client, tenant, kept["id"], "outcome", {"outcome": "no_reply"})
    rejected = draft_for(
        client, tenant, ids, allow_repeat=True, repeat_reason="A second try, to be rejected."
    )
    headers = {**tenant.headers, "If-Match": etag_of(client, tenant, rejected["id"])}
    client.patch(
        f"/v1/drafts/{rejected['id']}",
        json={"body": f"Hi, {CANARIES['fact']}.", "reviewer": CANARIES["reviewer"]},
        headers=headers,
    )
    act(
        client,
        tenant,
        rejected["id"],
        "reject",
        {"reason": CANARIES["reason"], "reviewer": CANARIES["reviewer"]},
    )
    assert {c for _, c in scan(engine, app)} == set(CANARIES.values())

    path = (
        f"/v1/contacts/{ids['contact_id']}"
        if erase == "contact"
        else (f"/v1/requesters/{ids['requester_id']}")
    )
    assert client.delete(path, headers=tenant.headers).status_code == 204

    hits = scan(engine, app)
    if erase == "requester":
        # The contact's own research stays: it is about the contact, not the requester.
        assert {(t, c) for t, c in hits} == {("research_summaries", CANARIES["fact"])}
    else:
        assert hits == []
    with unit_of_work(engine) as session:
        [tombstone] = (
            session.execute(
                select(Erasure).where(Erasure.tenant_id == tenant.tenant_id)  # type: ignore[arg-type]
            )
            .scalars()
            .all()
        )
        assert tombstone.kind == erase
        assert (tombstone.drafts, tombstone.revisions) == (2, 3)
        assert (tombstone.decisions, tombstone.outreach_events) == (3, 2)
    assert client.get(f"/v1/drafts/{kept['id']}", headers=tenant.headers).status_code == 404


def race(
    client: TestClient, times: int, path: str, headers: dict[str, str], body: Any
) -> list[int]:
    """POST `body` to `path` `times` at once, on the app's own event loop (as uvicorn
    serves them: one loop, one pool of connections); their status codes."""

    async def all_at_once() -> list[int]:
        transport = httpx.ASGITransport(app=client.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as own:
            responses = await asyncio.gather(
                *(own.post(path, json=body, headers=headers) for _ in range(times))
            )
        return [response.status_code for response in responses]

    assert client.portal is not None, "the client's lifespan runs the app's loop"
    return client.portal.call(all_at_once)


@pytest.mark.postgres
def test_concurrent_approvals_yield_exactly_one_success(
    engine: Engine, app: FastAPI, client: TestClient, tenant: TenantKey
) -> None:
    from tests.review.test_review import new_draft

    draft = new_draft(client, tenant)
    tag = etag_of(client, tenant, draft["id"])
    headers = {**tenant.headers, "If-Match": tag}
    codes = race(client, 20, f"/v1/drafts/{draft['id']}/approve", headers, {})
    assert codes.count(200) == 1, codes
    assert set(codes) <= {200, 409, 412}, codes
    assert len(decision_ids(engine, app, draft["id"])) == 1


@pytest.mark.postgres
def test_concurrent_follow_ups_yield_exactly_one(
    engine: Engine, app: FastAPI, client: TestClient, tenant: TenantKey
) -> None:
    request = approved(client, tenant)
    act(client, tenant, request["id"], "sent", {})
    headers = {**tenant.headers, "If-Match": etag_of(client, tenant, request["id"])}
    # Forced: the request was sent just now, a month before its follow-up is due.
    codes = race(client, 10, f"/v1/drafts/{request['id']}/follow-up", headers, {"force": True})
    # The unique index settles the race: one follow-up, the rest refused, none a 500.
    assert codes.count(201) == 1, codes
    assert set(codes) <= {201, 409, 412}, codes
    with unit_of_work(engine) as session:
        count = session.execute(
            text("SELECT count(*) FROM drafts WHERE follow_up_of = :id"),
            {"id": uuid.UUID(request["id"])},
        ).scalar_one()
    assert count == 1
