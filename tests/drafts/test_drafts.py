"""Drafting over HTTP against a real local OpenAI-compatible server."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from service.drafts import service as drafts_service
from tests.conftest import MakeTenant, TenantKey
from tests.drafts.conftest import ANA, FACTS, make_scene
from tests.support.answers import assert_indistinguishable
from tests.support.llm_server import LLMServer, Reply

LAZY = {
    "subject": "Quick chat?",
    "body": "Hi Ana,\n\nI'd love to pick your brain sometime about your career. "
    "Let me know if you are free.\n\nMaría",
}


def create(client: TestClient, tenant: TenantKey, body: dict[str, Any], **headers: str) -> Any:
    return client.post("/v1/drafts", json=body, headers={**tenant.headers, **headers})


def test_draft_passes_gate_and_records_provenance(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    scene = make_scene(llm_client, tenant)
    response = create(llm_client, tenant, scene.body())
    assert response.status_code == 201, response.text
    draft = response.json()
    assert draft["status"] == "needs_review", draft["gate_report"]
    assert draft["gate_report"]["passed"] is True
    assert draft["subject"]
    assert "Ana" in draft["body"]
    provenance = draft["provenance"]
    assert provenance["drafter"] == "llm"
    assert provenance["prompt"]["name"] == "draft_request"
    assert provenance["prompt"]["version"] == 2  # the newest, with no version pinned
    assert len(provenance["prompt"]["sha256"]) == 64
    assert provenance["model"] == "askwell-test-model"
    assert provenance["parameters"]["max_tokens"] > 0
    [attempt] = draft["attempts"]
    assert attempt["outcome"] == "passed"
    assert attempt["usage"]["total_tokens"] > 0
    assert attempt["latency_ms"] > 0
    assert response.headers["location"] == f"/v1/drafts/{draft['id']}"
    assert llm_client.get(f"/v1/drafts/{draft['id']}", headers=tenant.headers).json() == draft


def test_what_is_sent_to_the_model(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    scene = make_scene(llm_client, tenant)
    create(llm_client, tenant, scene.body())
    [request] = llm.chat_requests
    body = request.json
    assert body["max_tokens"] > 0
    assert body["model"] == "askwell-test-model"
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    start, end = user.index("<research_data>"), user.index("</research_data>")
    assert "alarm fatigue" in user[start:end]
    assert request.headers["authorization"] == "Bearer sk-test-local"


def test_no_research_answers_needs_research_without_calling_the_model(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    scene = make_scene(llm_client, tenant, facts=[])
    response = create(llm_client, tenant, scene.body())
    assert response.status_code == 409
    problem = response.json()
    assert problem["type"] == "/problems/needs-research"
    assert problem["missing"] == ["research facts about the contact, their role or organization"]
    assert llm.chat_requests == []


def test_repair_loop_feeds_fix_hints_back(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    scene = make_scene(llm_client, tenant)
    llm.script(Reply.ok(LAZY))  # then the default responder writes a good draft
    draft = create(llm_client, tenant, scene.body()).json()
    assert [a["outcome"] for a in draft["attempts"]] == ["gate_failed", "passed"]
    first, second = draft["attempts"]
    assert "time_ask" in first["blocking_failures"]
    assert second["repair_hints"]
    assert draft["status"] == "needs_review"
    assert draft["body"] != LAZY["body"]
    repair_prompt = llm.chat_requests[1].json["messages"][-1]["content"]
    assert any(hint[:40] in repair_prompt for hint in second["repair_hints"])


def test_draft_that_never_passes_ends_gate_failed(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    scene = make_scene(llm_client, tenant)
    llm.script(Reply.ok(LAZY), Reply.ok(LAZY), Reply.ok(LAZY))
    draft = create(llm_client, tenant, scene.body()).json()
    assert draft["status"] == "gate_failed"
    assert len(draft["attempts"]) == 3  # one draft + two repairs (the default)
    assert draft["gate_report"]["passed"] is False
    assert len(llm.chat_requests) == 3


def test_malformed_output_once_is_retried_on_the_same_prompt(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    scene = make_scene(llm_client, tenant)
    llm.script(Reply.malformed())
    draft = create(llm_client, tenant, scene.body()).json()
    assert draft["status"] == "needs_review"
    [attempt] = draft["attempts"]
    assert [c["outcome"] for c in attempt["calls"]] == ["output_error", "ok"]
    assert llm.chat_requests[0].json["messages"] == llm.chat_requests[1].json["messages"]


def test_unusable_output_ends_model_failed_with_its_attempts_not_502(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    scene = make_scene(llm_client, tenant)
    usage = {"prompt_tokens": 600, "completion_tokens": 100, "total_tokens": 700}
    llm.script(Reply.ok("Dear Ana, I am writing", usage=usage), Reply.malformed())
    response = create(llm_client, tenant, scene.body())
    assert response.status_code == 201, response.text
    draft = response.json()
    assert draft["status"] == "model_failed"
    assert draft["body"] == ""
    assert draft["failure_reason"] == "model_output_invalid"
    assert "not valid JSON" in draft["failure_detail"]  # the last answer's fault
    [attempt] = draft["attempts"]  # the repair loop is not spent on it
    assert attempt["outcome"] == "llm_error"
    assert attempt["reason"] == "model_output_invalid"
    assert attempt["body"] is None
    assert attempt["mode"] == "json_schema"
    assert attempt["usage"]["total_tokens"] == 700  # billed, though rejected
    assert [(c["status_code"], c["outcome"]) for c in attempt["calls"]] == [
        (200, "output_error"),
        (200, "output_error"),
    ]
    assert all(c["latency_ms"] >= 0 for c in attempt["calls"])
    assert len(llm.chat_requests) == 2
    assert draft["provenance"]["output_mode"] == "json_schema"
    # It is in the review queue's lists, and a person may write it or reject it.
    listed = llm_client.get(
        "/v1/drafts", params={"status": "model_failed"}, headers=tenant.headers
    ).json()["items"]
    assert [d["id"] for d in listed] == [draft["id"]]


def test_truncated_output_is_named_as_such(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    scene = make_scene(llm_client, tenant)
    llm.script(Reply.truncated(), Reply.truncated())
    draft = create(llm_client, tenant, scene.body()).json()
    assert draft["status"] == "model_failed"
    assert draft["failure_reason"] == "model_output_truncated"


def test_an_output_error_on_a_repair_keeps_the_gate_failed_draft(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    scene = make_scene(llm_client, tenant)
    llm.script(Reply.ok(LAZY), Reply.malformed(), Reply.malformed())
    draft = create(llm_client, tenant, scene.body()).json()
    assert draft["status"] == "gate_failed"
    assert draft["body"] == LAZY["body"]
    assert [a["outcome"] for a in draft["attempts"]] == ["gate_failed", "llm_error"]
    assert draft["failure_reason"] == "model_output_invalid"
    assert len(llm.chat_requests) == 3


def test_provider_down_answers_502_naming_the_cause_and_stores_nothing(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    scene = make_scene(llm_client, tenant)
    llm.script(*[Reply.error_reply(503, "overloaded")] * 2)
    response = create(llm_client, tenant, scene.body())
    assert response.status_code == 502
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["reason"] == "model_server_error"
    assert "The model server failed" in problem["detail"]
    assert "503" in problem["detail"]
    assert "overloaded" in problem["detail"]
    assert problem["attempts"][0]["reason"] == "model_server_error"
    assert llm_client.get("/v1/drafts", headers=tenant.headers).json()["items"] == []


def test_idempotent_replay_returns_first_response_without_new_call(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    scene = make_scene(llm_client, tenant)
    first = create(llm_client, tenant, scene.body(), **{"Idempotency-Key": "k-1"})
    again = create(llm_client, tenant, scene.body(), **{"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert len(llm.chat_requests) == 1
    other = create(llm_client, tenant, scene.body("linkedin_message"), **{"Idempotency-Key": "k-1"})
    assert other.status_code == 422
    listed = llm_client.get("/v1/drafts", headers=tenant.headers).json()["items"]
    assert len(listed) == 1


def test_failed_request_releases_its_idempotency_key(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    scene = make_scene(llm_client, tenant)
    llm.script(*[Reply.error_reply(500, "boom")] * 2)
    assert create(llm_client, tenant, scene.body(), **{"Idempotency-Key": "k-2"}).status_code == 502
    retried = create(llm_client, tenant, scene.body(), **{"Idempotency-Key": "k-2"})
    assert retried.status_code == 201


def test_pinned_and_unknown_prompt_versions(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    scene = make_scene(llm_client, tenant)
    pinned = create(llm_client, tenant, scene.body(prompt_version=1))
    assert pinned.json()["provenance"]["prompt"]["version"] == 1
    unknown = create(llm_client, tenant, scene.body(prompt_version=99))
    assert unknown.status_code == 404


def test_other_tenants_references_answer_like_missing_ones(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey, make_tenant: MakeTenant
) -> None:
    other = make_tenant(name="Other")
    theirs = make_scene(llm_client, other)
    mine = make_scene(llm_client, tenant)
    missing = "00000000-0000-4000-8000-00000000beef"
    for field in ("requester_id", "contact_id"):
        foreign = create(llm_client, tenant, {**mine.body(), field: getattr(theirs, field)})
        absent = create(llm_client, tenant, {**mine.body(), field: missing})
        assert foreign.status_code == 404
        assert_indistinguishable(foreign, absent)
    assert llm.chat_requests == []
    draft = create(llm_client, other, theirs.body()).json()
    assert llm_client.get(f"/v1/drafts/{draft['id']}", headers=tenant.headers).status_code == 404


def test_list_filters_by_status_and_contact(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    scene = make_scene(llm_client, tenant)
    good = create(llm_client, tenant, scene.body()).json()
    llm.script(Reply.ok(LAZY), Reply.ok(LAZY), Reply.ok(LAZY))
    bad = create(llm_client, tenant, scene.body("linkedin_message")).json()
    h = tenant.headers

    def ids(**params: str) -> list[str]:
        page = llm_client.get("/v1/drafts", params=params, headers=h).json()
        return [d["id"] for d in page["items"]]

    assert ids() == [good["id"], bad["id"]]
    assert ids(status="gate_failed") == [bad["id"]]
    assert ids(contact_id=scene.contact_id, status="needs_review") == [good["id"]]


def test_prompts_are_listed_with_tenant_default(llm_client: TestClient, tenant: TenantKey) -> None:
    prompts = llm_client.get("/v1/prompts", headers=tenant.headers).json()
    names = {(p["name"], p["version"]) for p in prompts}
    assert {("draft_request", 1), ("follow_up", 1)} <= names
    assert all(len(p["sha256"]) == 64 for p in prompts)
    # With no version pinned, the newest of each prompt is the default.
    newest = {name: max(v for n, v in names if n == name) for name, _ in names}
    assert all(p["is_default"] == (p["version"] == newest[p["name"]]) for p in prompts)


def test_deleting_the_contact_erases_drafts_and_stored_replays(
    engine: Engine, llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    scene = make_scene(llm_client, tenant)
    draft = create(llm_client, tenant, scene.body(), **{"Idempotency-Key": "erase-me"}).json()
    assert (
        llm_client.delete(f"/v1/contacts/{scene.contact_id}", headers=tenant.headers).status_code
        == 204
    )
    assert llm_client.get(f"/v1/drafts/{draft['id']}", headers=tenant.headers).status_code == 404
    with engine.connect() as connection:
        for table in ("drafts", "draft_revisions", "idempotency_keys"):
            rows = connection.exec_driver_sql(f"SELECT * FROM {table}").all()
            assert draft["id"].replace("-", "") not in str(rows).replace("-", ""), table


@pytest.mark.postgres  # SQLite does not refuse a value longer than its column
def test_a_draft_and_its_revision_are_stored_all_or_nothing(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draft and its first revision are written in one transaction: when the revision is
    refused, the draft row goes too."""
    scene = make_scene(llm_client, tenant)
    real = drafts_service.new_draft

    def too_long_author(**kwargs: Any) -> drafts_service.NewDraft:
        new = real(**kwargs)
        return drafts_service.NewDraft(new.draft, {**new.revision, "author": "x" * 40})

    monkeypatch.setattr(drafts_service, "new_draft", too_long_author)
    refused = create(llm_client, tenant, scene.body())
    assert refused.status_code == 422, refused.text
    listed = llm_client.get(
        "/v1/drafts", params={"contact_id": scene.contact_id}, headers=tenant.headers
    )
    assert listed.status_code == 200, listed.text
    assert listed.json()["items"] == []

    monkeypatch.undo()
    stored = create(llm_client, tenant, scene.body())
    assert stored.status_code == 201, stored.text
    fetched = llm_client.get(f"/v1/drafts/{stored.json()['id']}", headers=tenant.headers)
    assert fetched.json() == stored.json()


def test_keyed_and_unkeyed_drafts_are_stored_alike(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    """With and without a key (the key's reservation and stored answer are written beside
    the draft), a draft reads back the same way."""
    drafts = []
    for headers in ({}, {"Idempotency-Key": "same-shape-1"}):
        scene = make_scene(llm_client, tenant)
        response = create(llm_client, tenant, scene.body(), **headers)
        assert response.status_code == 201, response.text
        fetched = llm_client.get(f"/v1/drafts/{response.json()['id']}", headers=tenant.headers)
        assert fetched.json() == response.json()
        drafts.append(response.json())
    unkeyed, keyed = drafts

    def shape(draft: dict[str, Any]) -> dict[str, Any]:
        varying = {"id", "contact_id", "requester_id", "created_at", "updated_at", "attempts"}
        return {k: v for k, v in draft.items() if k not in varying}

    assert shape(unkeyed).keys() == shape(keyed).keys()
    assert unkeyed["status"] == keyed["status"] == "needs_review"
    assert unkeyed["revision"] == keyed["revision"] == 1
    assert unkeyed["provenance"] == keyed["provenance"]


def test_a_near_copy_of_the_requesters_last_draft_is_caught_at_once(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    """The requester's other drafts are kept in the process (service.drafts.recent): the
    draft just stored is among them for the very next request."""
    scene = make_scene(llm_client, tenant)
    first = create(llm_client, tenant, scene.body()).json()
    assert first["status"] == "needs_review", first["gate_report"]
    other = llm_client.post(
        "/v1/contacts", json={**ANA, "name": "Ana Pérez"}, headers=tenant.headers
    ).json()["id"]
    research = llm_client.post(
        f"/v1/contacts/{other}/research", json={"facts": FACTS}, headers=tenant.headers
    )
    assert research.status_code == 201, research.text
    llm.script(Reply.ok({"subject": first["subject"], "body": first["body"]}))
    second = create(llm_client, tenant, {**scene.body(), "contact_id": other}).json()
    attempt = second["attempts"][0]
    assert "not_generic" in attempt["blocking_failures"] + attempt["warnings"], attempt


def test_erasing_the_contact_while_the_model_works_answers_409_and_stores_nothing(
    llm_client: TestClient, llm: LLMServer, tenant: TenantKey
) -> None:
    import threading
    import time

    scene = make_scene(llm_client, tenant)
    llm.script(Reply.ok(delay_s=1.0))
    answers: list[Any] = []
    drafting = threading.Thread(
        target=lambda: answers.append(
            create(llm_client, tenant, scene.body(), **{"Idempotency-Key": "erased-meanwhile"})
        )
    )
    drafting.start()
    deadline = time.monotonic() + 10
    while not llm.chat_requests and time.monotonic() < deadline:
        time.sleep(0.01)
    assert llm.chat_requests, "the model was never asked"
    erased = llm_client.delete(f"/v1/contacts/{scene.contact_id}", headers=tenant.headers)
    assert erased.status_code == 204
    drafting.join(timeout=15)
    [answer] = answers
    assert answer.status_code == 409, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    listed = llm_client.get(
        "/v1/drafts", params={"requester_id": scene.requester_id}, headers=tenant.headers
    )
    assert listed.json()["items"] == []
    # The key was released with the failure: the same key may be used again.
    again = create(llm_client, tenant, scene.body(), **{"Idempotency-Key": "erased-meanwhile"})
    assert again.status_code == 404, again.text
