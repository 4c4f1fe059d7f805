"""`/metrics` moves as the service works: a scenario of drafts (one by the model, one
replayed by its `Idempotency-Key`, one refused by the daily cap) and the figures after it."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import MakeTenant
from tests.drafts.conftest import ANA, Scene, make_scene
from tests.support.llm_server import LLMServer

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(client: TestClient) -> Samples:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def moved(before: Samples, after: Samples, name: str, **labels: str) -> float:
    """How much the samples called `name` whose labels include `labels` grew."""
    wanted = set(labels.items())

    def total(samples: Samples) -> float:
        return sum(v for (n, ls), v in samples.items() if n == name and wanted <= ls)

    return total(after) - total(before)


def test_a_scenario_moves_the_metrics(
    llm_client: TestClient, llm: LLMServer, make_tenant: MakeTenant
) -> None:
    tenant = make_tenant()
    scene = make_scene(llm_client, tenant)
    settings = llm_client.patch(
        "/v1/tenant/settings", json={"daily_draft_cap": 1}, headers=tenant.headers
    )
    assert settings.status_code == 200, settings.text
    # Another person for the same requester, over the requester's cap of one a day.
    other = make_scene(llm_client, tenant, contact={**ANA, "name": "Lee Chen"})
    second = Scene(tenant, scene.requester_id, other.contact_id)
    before = scrape(llm_client)

    key = {"Idempotency-Key": f"metrics-{uuid.uuid4()}"}
    first = llm_client.post("/v1/drafts", json=scene.body(), headers=tenant.headers | key)
    assert first.status_code == 201, first.text
    status = first.json()["status"]
    replay = llm_client.post("/v1/drafts", json=scene.body(), headers=tenant.headers | key)
    assert replay.headers.get("Idempotent-Replayed") == "true"
    capped = llm_client.post("/v1/drafts", json=second.body(), headers=tenant.headers)
    assert capped.status_code == 429, capped.text

    after = scrape(llm_client)
    route = {"method": "POST", "route": "/v1/drafts"}
    assert moved(before, after, "askwell_http_requests_total", **route, status="201") == 2
    assert moved(before, after, "askwell_http_requests_total", **route, status="429") == 1
    assert moved(before, after, "askwell_http_request_duration_seconds_count", **route) == 3
    assert moved(before, after, "askwell_idempotent_replays_total") == 1
    assert moved(before, after, "askwell_rate_limited_total", route="/v1/drafts") == 1
    # One draft made (the replay and the refused one made none), by the model.
    assert moved(before, after, "askwell_drafts_total") == 1
    assert moved(before, after, "askwell_drafts_total", status=status, channel="email") == 1
    assert moved(before, after, "askwell_drafts_total", source="llm") == 1
    calls = len(llm.chat_requests)
    assert calls >= 1
    assert moved(before, after, "askwell_model_calls_total", model="askwell-test-model") >= 1
    assert moved(before, after, "askwell_model_call_duration_seconds_count") >= 1
    tenant_tokens = {"tenant": str(tenant.tenant_id), "model": "askwell-test-model"}
    assert moved(before, after, "askwell_model_tokens_total", **tenant_tokens, kind="prompt") > 0
    assert (
        moved(before, after, "askwell_model_tokens_total", **tenant_tokens, kind="completion") > 0
    )
    failing = [c["id"] for c in first.json()["gate_report"]["checks"] if not c["passed"]]
    assert moved(before, after, "askwell_gate_failures_total") == len(failing)
    # Scrape-time gauges are there even with no batch.
    assert ("askwell_batch_queue_depth", frozenset()) in after
