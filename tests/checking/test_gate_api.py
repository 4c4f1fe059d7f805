"""The gate over HTTP: check any text, with inline or stored context, under tenant policy."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from tests.conftest import TenantKey
from tests.support.answers import assert_indistinguishable

GOOD = (
    "Hi Ana,\n\nI watched your HIMSS 2026 talk on reducing alarm fatigue in ICUs. As an ICU "
    "nurse who led our unit's EHR rollout, I'm trying to move into clinical informatics, and "
    "your path from the bedside to leading Mercy Health's nurse informatics team is the one "
    "I hope to follow.\n\nWould you have 15-20 minutes for a call in the next few weeks? "
    "I'd love to ask how you made the move from bedside nursing into informatics, and which "
    "skills matter most on your team today. If you're too busy, I'd be glad to speak with "
    "one of your colleagues instead.\n\nI know your time is valuable and I'll keep it brief."
    "\n\nThank you,\nMaría"
)
LAZY = "Hi there, I'd love to pick your brain about your career. Let me know!"
CONTEXT: dict[str, Any] = {
    "requester": {
        "name": "María Gómez",
        "current_role": "ICU nurse",
        "interests": ["clinical informatics"],
    },
    "contact": {"name": "Ana Pérez", "organization": "Mercy Health", "seniority": "executive"},
    "facts": [
        {"text": "Spoke at HIMSS 2026 about reducing alarm fatigue in ICUs", "about": "person"}
    ],
}


def check(client: TestClient, tenant: TenantKey, **body: Any) -> Any:
    return client.post("/v1/gate/check", json={"channel": "email", **body}, headers=tenant.headers)


def verdicts(report: dict[str, Any]) -> dict[str, bool]:
    return {c["id"]: c["passed"] for c in report["checks"]}


def test_good_message_passes_and_lazy_one_fails_with_reasons(
    client: TestClient, tenant: TenantKey
) -> None:
    good = check(client, tenant, text=GOOD, context=CONTEXT)
    assert good.status_code == 200
    assert good.json()["passed"] is True, good.json()
    lazy = check(client, tenant, text=LAZY, context=CONTEXT)
    assert lazy.status_code == 200  # a failing draft is an answer, not an error
    report = lazy.json()
    assert report["passed"] is False
    failed = {c["id"] for c in report["checks"] if not c["passed"] and c["severity"] == "block"}
    assert {"specific_reason", "time_ask", "preview_questions"} <= failed
    for result in report["checks"]:
        assert set(result) >= {
            "id",
            "version",
            "passed",
            "severity",
            "message",
            "evidence",
            "fix_hint",
        }
        if not result["passed"]:
            assert result["fix_hint"]


def test_context_can_be_loaded_by_reference(client: TestClient, tenant: TenantKey) -> None:
    h = tenant.headers
    requester = client.post("/v1/requesters", json=CONTEXT["requester"], headers=h).json()["id"]
    contact = client.post("/v1/contacts", json=CONTEXT["contact"], headers=h).json()["id"]
    client.post(f"/v1/contacts/{contact}/research", json={"facts": CONTEXT["facts"]}, headers=h)
    by_ref = check(client, tenant, text=GOOD, requester_id=requester, contact_id=contact).json()
    inline = check(client, tenant, text=GOOD, context=CONTEXT).json()
    assert by_ref == inline


def test_references_to_other_tenants_answer_404(
    client: TestClient, tenant: TenantKey, other_tenant: TenantKey
) -> None:
    theirs = client.post("/v1/contacts", json={"name": "X"}, headers=other_tenant.headers).json()[
        "id"
    ]
    foreign = check(client, tenant, text=GOOD, contact_id=theirs)
    missing = check(client, tenant, text=GOOD, contact_id="00000000-0000-4000-8000-0000000000aa")
    assert foreign.status_code == 404
    assert_indistinguishable(foreign, missing)


def test_per_request_policy_overrides(client: TestClient, tenant: TenantKey) -> None:
    base = check(client, tenant, text=LAZY)
    relaxed = check(
        client,
        tenant,
        text=LAZY,
        policy={"checks": {"time_ask": "warn", "specific_reason": "off"}},
    ).json()
    time_ask = next(c for c in relaxed["checks"] if c["id"] == "time_ask")
    assert time_ask["severity"] == "warn"
    assert "specific_reason" not in verdicts(relaxed)
    assert "specific_reason" in verdicts(base.json())


@pytest.mark.parametrize(
    "policy",
    [
        {"checks": {"nope": "block"}},
        {"min_questions": 99},
        {"connection_note_limit": 250},
        {"unknown": 1},
        {"checks": {"time_ask": "maybe"}},
    ],
)
def test_invalid_policy_overrides_are_422(
    client: TestClient, tenant: TenantKey, policy: dict[str, Any]
) -> None:
    assert check(client, tenant, text=GOOD, policy=policy).status_code == 422


def test_describe_gate(client: TestClient, tenant: TenantKey) -> None:
    body = client.get("/v1/gate", headers=tenant.headers).json()
    ids = {c["id"] for c in body["checks"]}
    assert {
        "specific_reason",
        "time_ask",
        "preview_questions",
        "colleague_offer",
        "no_placeholders",
        "addressed_to_contact",
        "no_job_ask",
        "channel_length",
        "no_foreign_links",
        "not_generic",
        "respects_time",
    } <= ids
    assert body["gate_version"]
    assert body["default_policy"]["max_minutes"] == 30


def test_tenant_policy_applies_and_needs_admin(
    client: TestClient, tenant: TenantKey, key_with: Any
) -> None:
    reader = key_with("read")
    forbidden = client.patch(
        "/v1/tenant/settings", json={"gate_policy": {"min_questions": 0}}, headers=reader.headers
    )
    assert forbidden.status_code == 403
    changed = client.patch(
        "/v1/tenant/settings",
        json={"gate_policy": {"checks": {"no_job_ask": "block"}, "connection_note_limit": 300}},
        headers=tenant.headers,
    )
    assert changed.status_code == 200
    policy = changed.json()["gate_policy"]
    assert policy["checks"]["no_job_ask"] == "block"
    assert policy["connection_note_limit"] == 300
    job_ask = GOOD.replace("I know your time", "Also, are you hiring? I know your time")
    report = check(client, tenant, text=job_ask, context=CONTEXT).json()
    result = next(c for c in report["checks"] if c["id"] == "no_job_ask")
    assert (result["passed"], result["severity"]) == (False, "block")
    # A second change merges; null resets to the defaults.
    merged = client.patch(
        "/v1/tenant/settings", json={"gate_policy": {"min_questions": 1}}, headers=tenant.headers
    ).json()["gate_policy"]
    assert merged["checks"]["no_job_ask"] == "block"
    assert merged["min_questions"] == 1
    reset = client.patch(
        "/v1/tenant/settings", json={"gate_policy": None}, headers=tenant.headers
    ).json()["gate_policy"]
    assert reset["checks"]["no_job_ask"] == "warn"
    assert client.get("/v1/tenant/settings", headers=reader.headers).json()["gate_policy"] == reset


def test_policy_of_one_tenant_does_not_touch_another(
    client: TestClient, tenant: TenantKey, other_tenant: TenantKey
) -> None:
    client.patch(
        "/v1/tenant/settings", json={"gate_policy": {"min_questions": 0}}, headers=tenant.headers
    )
    theirs = client.get("/v1/tenant/settings", headers=other_tenant.headers).json()
    assert theirs["gate_policy"]["min_questions"] == 2


def test_a_gate_check_reads_the_key_and_its_tenant_in_one_statement(
    app: Any, client: TestClient, tenant: TenantKey
) -> None:
    # The tenant's policy comes with the key; nothing is written, so no transaction either.
    assert check(client, tenant, text=GOOD).status_code == 200  # the key's last use is now
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    engine = app.state.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert check(client, tenant, text=GOOD).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len(statements) == 1, statements
    assert statements[0].lstrip().upper().startswith("SELECT")
    assert "tenants" in statements[0]
