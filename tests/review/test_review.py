"""Review and outreach over HTTP: queue, edits, decisions, sending, outcomes, follow-ups."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import Engine

from service.batches.models import Batch
from service.drafts.models import Draft
from tests.conftest import TenantKey
from tests.drafts.conftest import make_scene
from tests.support.databases import unit_of_work

LAZY = "Hi Ana,\n\nI'd love to pick your brain sometime about your career.\n\nMaría"


def new_draft(client: TestClient, tenant: TenantKey, **scene: Any) -> dict[str, Any]:
    made = make_scene(client, tenant, **scene)
    response = client.post("/v1/drafts", json=made.body(), headers=tenant.headers)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "needs_review", response.json()["gate_report"]
    return dict(response.json())


def etag_of(client: TestClient, tenant: TenantKey, draft_id: str) -> str:
    return client.get(f"/v1/drafts/{draft_id}", headers=tenant.headers).headers["etag"]


def act(
    client: TestClient,
    tenant: TenantKey,
    draft_id: str,
    action: str,
    body: Any = None,
    etag: str | None = "current",
) -> Any:
    headers = dict(tenant.headers)
    if etag == "current":
        etag = etag_of(client, tenant, draft_id)
    if etag is not None:
        headers["If-Match"] = etag
    return client.post(f"/v1/drafts/{draft_id}/{action}", json=body, headers=headers)


def edit(
    client: TestClient, tenant: TenantKey, draft_id: str, body: dict[str, Any], etag: str | None
) -> Any:
    headers = dict(tenant.headers)
    if etag is not None:
        headers["If-Match"] = etag
    return client.patch(f"/v1/drafts/{draft_id}", json=body, headers=headers)


def approved(client: TestClient, tenant: TenantKey, **scene: Any) -> dict[str, Any]:
    draft = new_draft(client, tenant, **scene)
    response = act(client, tenant, draft["id"], "approve", {"reviewer": "Coach Kim"})
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_queue_lists_drafts_awaiting_review_oldest_first_with_gate_report(
    client: TestClient, tenant: TenantKey
) -> None:
    first = new_draft(client, tenant)
    second = new_draft(client, tenant)
    act(client, tenant, second["id"], "reject", {"reason": "Not now."})
    third = new_draft(client, tenant)
    queue = client.get("/v1/review/queue", headers=tenant.headers).json()
    assert [d["id"] for d in queue["items"]] == [first["id"], third["id"]]
    assert queue["items"][0]["gate_report"]["passed"] is True
    assert queue["items"][0]["gate_report"]["checks"]
    by_requester = client.get(
        "/v1/review/queue", params={"requester_id": third["requester_id"]}, headers=tenant.headers
    ).json()
    assert [d["id"] for d in by_requester["items"]] == [third["id"]]
    other_channel = client.get(
        "/v1/review/queue", params={"channel": "linkedin_message"}, headers=tenant.headers
    ).json()
    assert other_channel["items"] == []
    page = client.get("/v1/review/queue", params={"limit": 1}, headers=tenant.headers).json()
    rest = client.get(
        "/v1/review/queue", params={"cursor": page["next_cursor"]}, headers=tenant.headers
    ).json()
    assert [d["id"] for d in page["items"] + rest["items"]] == [first["id"], third["id"]]


def test_queue_filters_by_batch(
    engine: Engine, client: TestClient, app: FastAPI, tenant: TenantKey
) -> None:
    from_batch = new_draft(client, tenant)
    new_draft(client, tenant)  # drafted by hand: no batch
    batch_id = uuid.uuid4()
    with unit_of_work(engine) as session:
        session.add(
            Batch(
                id=batch_id,
                tenant_id=tenant.tenant_id,
                requester_id=uuid.UUID(from_batch["requester_id"]),
                channel="email",
                total=1,
            )
        )
        session.flush()
        session.execute(
            update(Draft).where(Draft.id == uuid.UUID(from_batch["id"])).values(batch_id=batch_id)
        )
    queue = client.get(
        "/v1/review/queue", params={"batch_id": str(batch_id)}, headers=tenant.headers
    ).json()
    assert [d["id"] for d in queue["items"]] == [from_batch["id"]]
    assert queue["items"][0]["batch_id"] == str(batch_id)
    unknown = client.get(
        "/v1/review/queue", params={"batch_id": str(uuid.uuid4())}, headers=tenant.headers
    ).json()
    assert unknown["items"] == []
    everything = client.get("/v1/review/queue", headers=tenant.headers).json()
    assert len(everything["items"]) == 2


def test_edit_creates_a_regated_human_revision(client: TestClient, tenant: TenantKey) -> None:
    draft = new_draft(client, tenant)
    tag = etag_of(client, tenant, draft["id"])
    response = edit(client, tenant, draft["id"], {"body": LAZY, "reviewer": "Kim"}, tag)
    assert response.status_code == 200, response.text
    edited = response.json()
    assert edited["revision"] == 2
    assert edited["status"] == "gate_failed"  # the pass of revision 1 is not inherited
    assert edited["subject"] == draft["subject"]
    assert edited["body"] == LAZY
    assert response.headers["etag"] != tag
    # Back to the machine's text: it passes again, as its own revision.
    again = edit(
        client,
        tenant,
        draft["id"],
        {"subject": None, "body": draft["body"]},
        response.headers["etag"],
    ).json()
    assert again["status"] == "needs_review"
    assert again["subject"] is None
    revisions = client.get(f"/v1/drafts/{draft['id']}/revisions", headers=tenant.headers).json()
    assert [(r["number"], r["author"], r["gate_passed"]) for r in revisions["items"]] == [
        (1, "offline", True),
        (2, "human", False),
        (3, "human", True),
    ]
    assert revisions["items"][1]["gate_report"]["passed"] is False


def test_writes_need_a_current_etag(client: TestClient, tenant: TenantKey) -> None:
    draft = new_draft(client, tenant)
    stale = etag_of(client, tenant, draft["id"])
    missing = edit(client, tenant, draft["id"], {"body": LAZY}, None)
    assert missing.status_code == 428
    assert missing.headers["content-type"] == "application/problem+json"
    assert edit(client, tenant, draft["id"], {"body": LAZY}, stale).status_code == 200
    conflict = edit(client, tenant, draft["id"], {"body": "Hi Ana, again."}, stale)
    assert conflict.status_code == 412
    assert conflict.json()["type"] == "/problems/precondition-failed"
    assert act(client, tenant, draft["id"], "approve", {}, etag=stale).status_code == 412
    assert act(client, tenant, draft["id"], "approve", {}, etag=None).status_code == 428
    assert act(client, tenant, draft["id"], "reject", {"reason": "x"}, etag=None).status_code == 428


def test_approve_records_who_when_and_the_hash_of_the_text(
    client: TestClient, tenant: TenantKey
) -> None:
    draft = approved(client, tenant)
    assert draft["status"] == "approved"
    history = client.get(f"/v1/drafts/{draft['id']}/history", headers=tenant.headers).json()
    [decision] = [e["decision"] for e in history if e["type"] == "decision"]
    assert decision["decision"] == "approved"
    assert decision["reviewer"] == "Coach Kim"
    assert decision["api_key_id"] == str(tenant.key_id)
    assert tenant.api_key.startswith(decision["api_key_prefix"])
    assert decision["revision"] == 1
    text = json.dumps([draft["subject"], draft["body"]], ensure_ascii=False)
    assert decision["text_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert [e["type"] for e in history] == ["attempt", "revision", "decision"]


def test_approving_a_failing_revision_is_refused_with_the_failing_checks(
    client: TestClient, tenant: TenantKey
) -> None:
    draft = new_draft(client, tenant)
    edit(client, tenant, draft["id"], {"body": LAZY}, etag_of(client, tenant, draft["id"]))
    response = act(client, tenant, draft["id"], "approve", {})
    assert response.status_code == 409
    problem = response.json()
    assert problem["type"] == "/problems/gate-failed"
    assert "time_ask" in {c["id"] for c in problem["failing_checks"]}
    assert client.get(f"/v1/drafts/{draft['id']}", headers=tenant.headers).json()["status"] == (
        "gate_failed"
    )


def test_reject_needs_a_reason_and_ends_review(client: TestClient, tenant: TenantKey) -> None:
    draft = new_draft(client, tenant)
    assert act(client, tenant, draft["id"], "reject", {}).status_code == 422
    assert act(client, tenant, draft["id"], "reject", {"reason": "x" * 2001}).status_code == 422
    rejected = act(client, tenant, draft["id"], "reject", {"reason": "Too long."}).json()
    assert rejected["status"] == "rejected"
    again = act(client, tenant, draft["id"], "approve", {})
    assert again.status_code == 409
    assert again.json()["type"] == "/problems/invalid-transition"


def test_read_and_writer_keys_cannot_decide(
    client: TestClient, tenant: TenantKey, key_with: Any
) -> None:
    draft = new_draft(client, tenant)
    for scopes in [("read",), ("drafts:write",)]:
        key = key_with(*scopes)
        response = act(client, key, draft["id"], "approve", {})
        assert response.status_code == 403, scopes
    reviewer = key_with("review")
    assert client.get("/v1/review/queue", headers=reviewer.headers).status_code == 200
    assert act(client, reviewer, draft["id"], "approve", {}).status_code == 200


def test_other_tenants_draft_answers_404(
    client: TestClient, tenant: TenantKey, other_tenant: TenantKey
) -> None:
    draft = new_draft(client, tenant)
    tag = etag_of(client, tenant, draft["id"])
    headers = {**other_tenant.headers, "If-Match": tag}
    for action, body in [("approve", {}), ("reject", {"reason": "x"}), ("sent", {})]:
        response = client.post(f"/v1/drafts/{draft['id']}/{action}", json=body, headers=headers)
        assert response.status_code == 404, action
    assert client.get("/v1/review/queue", headers=other_tenant.headers).json()["items"] == []


def test_only_approved_drafts_are_sent(client: TestClient, tenant: TenantKey) -> None:
    draft = new_draft(client, tenant)
    response = act(client, tenant, draft["id"], "sent", {})
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/invalid-transition"
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    ready = approved(client, tenant)
    assert act(client, tenant, ready["id"], "sent", {"sent_at": future}).status_code == 422
    sent_at = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    sent = act(client, tenant, ready["id"], "sent", {"sent_at": sent_at.isoformat()}).json()
    assert sent["status"] == "sent"
    assert datetime.fromisoformat(sent["sent_at"]) == sent_at
    assert datetime.fromisoformat(sent["follow_up_due_at"]) == sent_at + timedelta(days=30)
    assert act(client, tenant, ready["id"], "sent", {}).status_code == 409


def test_sent_defaults_to_now_and_honours_the_tenant_delay(
    client: TestClient, tenant: TenantKey
) -> None:
    client.patch("/v1/tenant/settings", json={"follow_up_delay_days": 7}, headers=tenant.headers)
    ready = approved(client, tenant)
    before = datetime.now(UTC)
    sent = act(client, tenant, ready["id"], "sent", None).json()
    moment = datetime.fromisoformat(sent["sent_at"])
    assert before - timedelta(seconds=5) <= moment <= datetime.now(UTC)
    assert datetime.fromisoformat(sent["follow_up_due_at"]) == moment + timedelta(days=7)


def test_outcome_needs_a_sent_draft(client: TestClient, tenant: TenantKey) -> None:
    ready = approved(client, tenant)
    response = act(client, tenant, ready["id"], "outcome", {"outcome": "no_reply"})
    assert response.status_code == 409


def test_referral_becomes_a_linked_contact(client: TestClient, tenant: TenantKey) -> None:
    ready = approved(client, tenant)
    act(client, tenant, ready["id"], "sent", {})
    colleague = {"name": "Lee Wong", "title": "Informatics nurse", "organization": "Mercy Health"}
    response = act(
        client,
        tenant,
        ready["id"],
        "outcome",
        {"outcome": "referred", "referred_contact": colleague},
    )
    assert response.status_code == 200, response.text
    recorded = response.json()
    assert recorded["draft"]["outcome"] == "referred"
    assert recorded["draft"]["follow_up_due_at"] is None
    new_id = recorded["referred_contact"]["id"]
    contact = client.get(f"/v1/contacts/{new_id}", headers=tenant.headers).json()
    assert contact["name"] == "Lee Wong"
    assert contact["referred_by_contact_id"] == ready["contact_id"]
    wrong = act(
        client,
        tenant,
        ready["id"],
        "outcome",
        {"outcome": "no_reply", "referred_contact": colleague},
    )
    assert wrong.status_code == 422


def test_opted_out_contact_gets_no_further_drafts(client: TestClient, tenant: TenantKey) -> None:
    ready = approved(client, tenant)
    act(client, tenant, ready["id"], "sent", {})
    act(client, tenant, ready["id"], "outcome", {"outcome": "opted_out"})
    contact = client.get(f"/v1/contacts/{ready['contact_id']}", headers=tenant.headers).json()
    assert contact["do_not_contact"] is True
    again = client.post(
        "/v1/drafts",
        json={
            "requester_id": ready["requester_id"],
            "contact_id": ready["contact_id"],
            "channel": "email",
        },
        headers=tenant.headers,
    )
    assert again.status_code == 409
    assert again.json()["type"] == "/problems/do-not-contact"
    assert act(client, tenant, ready["id"], "follow-up", None).status_code == 409
    # Clients cannot set it themselves.
    sneaky = client.patch(
        f"/v1/contacts/{ready['contact_id']}",
        json={"do_not_contact": False},
        headers=tenant.headers,
    )
    assert sneaky.status_code == 422


def test_due_follow_ups_are_listed_and_drafted_once(client: TestClient, tenant: TenantKey) -> None:
    ready = approved(client, tenant)
    not_due = approved(client, tenant)
    sent_at = datetime.now(UTC) - timedelta(days=40)
    act(client, tenant, ready["id"], "sent", {"sent_at": sent_at.isoformat()})
    act(client, tenant, not_due["id"], "sent", {})
    due = client.get("/v1/follow-ups", headers=tenant.headers).json()
    assert [d["id"] for d in due["items"]] == [ready["id"]]
    later = (datetime.now(UTC) + timedelta(days=31)).isoformat()
    both = client.get("/v1/follow-ups", params={"due_before": later}, headers=tenant.headers)
    assert [d["id"] for d in both.json()["items"]] == [ready["id"], not_due["id"]]

    unsent = new_draft(client, tenant)
    assert act(client, tenant, unsent["id"], "follow-up", None).status_code == 409

    response = act(client, tenant, ready["id"], "follow-up", None)
    assert response.status_code == 201, response.text
    follow_up = response.json()
    assert follow_up["kind"] == "follow_up"
    assert follow_up["follow_up_of"] == ready["id"]
    assert follow_up["contact_id"] == ready["contact_id"]
    assert response.headers["location"] == f"/v1/drafts/{follow_up['id']}"
    assert follow_up["provenance"]["drafter"] == "offline"
    checks = {c["id"] for c in follow_up["gate_report"]["checks"]}
    assert "refers_to_earlier" in checks
    assert follow_up["status"] == "needs_review", follow_up["gate_report"]

    second = act(client, tenant, ready["id"], "follow-up", None)
    assert second.status_code == 409
    assert act(client, tenant, follow_up["id"], "follow-up", None).status_code == 409
    due = client.get("/v1/follow-ups", headers=tenant.headers).json()
    assert due["items"] == []


def test_history_tells_the_whole_story_in_order(client: TestClient, tenant: TenantKey) -> None:
    draft = new_draft(client, tenant)
    edit(
        client,
        tenant,
        draft["id"],
        {"body": LAZY, "reviewer": "Kim"},
        etag_of(client, tenant, draft["id"]),
    )
    edit(client, tenant, draft["id"], {"body": draft["body"]}, etag_of(client, tenant, draft["id"]))
    act(client, tenant, draft["id"], "approve", {"reviewer": "Kim"})
    act(client, tenant, draft["id"], "sent", {})
    act(client, tenant, draft["id"], "outcome", {"outcome": "replied_positive"})
    history = client.get(f"/v1/drafts/{draft['id']}/history", headers=tenant.headers).json()
    kinds = [
        (e["type"], (e["decision"] or {}).get("decision") or (e["outreach"] or {}).get("kind"))
        for e in history
    ]
    assert kinds == [
        ("attempt", None),
        ("revision", None),
        ("revision", None),
        ("decision", "edited"),
        ("revision", None),
        ("decision", "edited"),
        ("decision", "approved"),
        ("outreach", "sent"),
        ("outreach", "outcome"),
    ]
    moments = [e["at"] for e in history]
    assert moments == sorted(moments)
    assert [e["revision"]["number"] for e in history if e["type"] == "revision"] == [1, 2, 3]


def test_a_retried_decision_with_its_idempotency_key_gets_the_first_answer(
    client: TestClient, tenant: TenantKey
) -> None:
    """The approval's answer was lost; the retry carries the ETag it already changed."""
    draft = new_draft(client, tenant)
    headers = {
        **tenant.headers,
        "If-Match": etag_of(client, tenant, draft["id"]),
        "Idempotency-Key": "approve-1",
    }
    url = f"/v1/drafts/{draft['id']}/approve"
    first = client.post(url, json={"reviewer": "Coach Kim"}, headers=headers)
    again = client.post(url, json={"reviewer": "Coach Kim"}, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["etag"] == first.headers["etag"]
    # Without the key the same retry is a stale write.
    stale = {k: v for k, v in headers.items() if k != "Idempotency-Key"}
    assert client.post(url, json={"reviewer": "Coach Kim"}, headers=stale).status_code == 412
    # One decision recorded; the key with another body is refused.
    history = client.get(f"/v1/drafts/{draft['id']}/history", headers=tenant.headers).json()
    assert [e["type"] for e in history].count("decision") == 1
    other = client.post(url, json={"reviewer": "Someone else"}, headers=headers)
    assert other.status_code == 422


def test_a_refused_decision_does_not_use_up_its_key(client: TestClient, tenant: TenantKey) -> None:
    draft = new_draft(client, tenant)
    url = f"/v1/drafts/{draft['id']}/reject"
    headers = {**tenant.headers, "If-Match": '"stale"', "Idempotency-Key": "reject-1"}
    assert client.post(url, json={"reason": "Too long."}, headers=headers).status_code == 412
    headers["If-Match"] = etag_of(client, tenant, draft["id"])
    response = client.post(url, json={"reason": "Too long."}, headers=headers)
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
