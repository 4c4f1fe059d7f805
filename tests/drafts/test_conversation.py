"""One conversation per requester and person: no second cold request, a follow-up when due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.drafts.conversation import how_long_ago
from tests.conftest import TenantKey
from tests.review.test_review import act, approved


def sent(client: TestClient, tenant: TenantKey, days_ago: int = 0) -> dict[str, Any]:
    """An approved request, sent `days_ago` days ago."""
    draft = approved(client, tenant)
    moment = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
    response = act(client, tenant, draft["id"], "sent", {"sent_at": moment})
    assert response.status_code == 200, response.text
    return dict(response.json())


def again(client: TestClient, tenant: TenantKey, draft: dict[str, Any], **extra: Any) -> Any:
    body = {
        "requester_id": draft["requester_id"],
        "contact_id": draft["contact_id"],
        "channel": "email",
        **extra,
    }
    return client.post("/v1/drafts", json=body, headers=tenant.headers)


def test_a_second_cold_request_to_the_same_person_is_refused(
    client: TestClient, tenant: TenantKey
) -> None:
    first = sent(client, tenant)
    refused = again(client, tenant, first)
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["type"] == "/problems/already-contacted"
    assert problem["earlier_draft_id"] == first["id"]
    assert again(client, tenant, first, allow_repeat=True).status_code == 422
    allowed = again(
        client, tenant, first, allow_repeat=True, repeat_reason="They changed teams since."
    )
    assert allowed.status_code == 201, allowed.text
    assert allowed.json()["provenance"]["repeat"] == {
        "reason": "They changed teams since.",
        "earlier_draft_id": first["id"],
    }


def test_a_reply_or_a_referral_stops_further_requests_and_batches_skip_with_the_reason(
    client: TestClient, tenant: TenantKey
) -> None:
    contacted = sent(client, tenant)
    referred = sent(client, tenant)
    outcome = act(
        client,
        tenant,
        referred["id"],
        "outcome",
        {"outcome": "referred", "referred_contact": {"name": "Dana Colleague"}},
    )
    assert outcome.status_code == 200, outcome.text
    refused = again(client, tenant, referred)
    assert refused.status_code == 409
    assert refused.json()["standing"] == "replied"
    # A batch for both contacts, from the first requester... and from the second's.
    for draft, reason in ((contacted, "already_contacted"), (referred, "replied")):
        dry = client.post(
            "/v1/batches",
            json={
                "requester_id": draft["requester_id"],
                "contact_ids": [draft["contact_id"]],
                "channel": "email",
                "dry_run": True,
            },
            headers=tenant.headers,
        ).json()
        assert dry["would_draft"] == []
        assert [s["reason"] for s in dry["skipped"]] == [reason]


def test_a_follow_up_waits_for_its_day_unless_forced(client: TestClient, tenant: TenantKey) -> None:
    request = sent(client, tenant)
    early = client.post(f"/v1/drafts/{request['id']}/follow-up", json={}, headers=tenant.headers)
    assert early.status_code == 409
    problem = early.json()
    assert problem["type"] == "/problems/follow-up-not-due"
    assert problem["due_at"][:10] == (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    forced = client.post(
        f"/v1/drafts/{request['id']}/follow-up", json={"force": True}, headers=tenant.headers
    )
    assert forced.status_code == 201, forced.text
    follow_up = forced.json()
    assert "forced_early" in follow_up["provenance"]
    today = datetime.now(UTC)
    assert today.strftime("%B") not in follow_up["body"]
    assert today.date().isoformat() not in follow_up["body"]


def test_a_due_follow_up_says_how_long_ago_the_request_went(
    client: TestClient, tenant: TenantKey
) -> None:
    request = sent(client, tenant, days_ago=35)
    response = client.post(f"/v1/drafts/{request['id']}/follow-up", headers=tenant.headers)
    assert response.status_code == 201, response.text
    assert "about a month ago" in response.json()["body"]


@pytest.mark.parametrize(
    ("days", "said"),
    [
        (0, "earlier today"),
        (1, "yesterday"),
        (4, "a few days ago"),
        (9, "last week"),
        (15, "two weeks ago"),
        (21, "three weeks ago"),
        (31, "about a month ago"),
        (60, "a couple of months ago"),
    ],
)
def test_how_long_ago_is_said_as_a_person_says_it(days: int, said: str) -> None:
    now = datetime(2026, 12, 3, 12, tzinfo=UTC)
    assert how_long_ago(now - timedelta(days=days, hours=1), now) == said


def test_no_follow_up_after_an_opt_out(client: TestClient, tenant: TenantKey) -> None:
    request = sent(client, tenant, days_ago=40)
    assert (
        client.post(f"/v1/contacts/{request['contact_id']}/opt-out", headers=tenant.headers)
    ).status_code == 200
    response = client.post(f"/v1/drafts/{request['id']}/follow-up", headers=tenant.headers)
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/do-not-contact"
