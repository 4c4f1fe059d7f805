"""`GET /v1/usage`: drafts, model calls, tokens and cost of one tenant, grouped."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from service.main import create_app
from tests.conftest import MakeTenant, make_settings
from tests.drafts.conftest import ANA, make_scene
from tests.support.llm_server import LLMServer

PRICE = {"prompt_per_million": 2.0, "completion_per_million": 8.0}


@pytest.fixture(scope="module")
def priced_client(database_url: str, llm_server: LLMServer) -> Iterator[TestClient]:
    settings = make_settings(
        database_url,
        openai_base_url=llm_server.base_url,
        openai_api_key="sk-test-local",
        llm_model="askwell-test-model",
        llm_prices={"askwell-test-model": PRICE},
        llm_price_currency="EUR",
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def test_usage_counts_the_tenants_drafts_tokens_and_cost(
    priced_client: TestClient, client: TestClient, llm: LLMServer, make_tenant: MakeTenant
) -> None:
    tenant, other = make_tenant(), make_tenant(name="Other")
    scene = make_scene(priced_client, tenant)
    model_draft = priced_client.post("/v1/drafts", json=scene.body(), headers=tenant.headers)
    assert model_draft.status_code == 201, model_draft.text
    # An offline draft (the suite's plain app has no model) of the same tenant, and another
    # tenant's draft that must not count.
    offline_scene = make_scene(client, tenant, contact={**ANA, "name": "Lee Chen"})
    offline = client.post("/v1/drafts", json=offline_scene.body(), headers=tenant.headers)
    assert offline.status_code == 201, offline.text
    foreign = make_scene(priced_client, other)
    assert priced_client.post("/v1/drafts", json=foreign.body(), headers=other.headers).is_success

    attempts = model_draft.json()["attempts"]
    prompt = sum(a["usage"]["prompt_tokens"] for a in attempts)
    completion = sum(a["usage"]["completion_tokens"] for a in attempts)
    calls = sum(a["http_attempts"] for a in attempts)
    assert prompt > 0
    assert completion > 0

    by_model = priced_client.get("/v1/usage", params={"group_by": "model"}, headers=tenant.headers)
    assert by_model.status_code == 200, by_model.text
    report = by_model.json()
    assert report["currency"] == "EUR"
    groups = {g["key"]: g for g in report["groups"]}
    assert set(groups) == {"askwell-test-model", "offline"}
    model = groups["askwell-test-model"]
    assert (model["drafts"], model["model_calls"]) == (1, calls)
    assert (model["prompt_tokens"], model["completion_tokens"]) == (prompt, completion)
    assert model["estimated_cost"] == pytest.approx((prompt * 2.0 + completion * 8.0) / 1e6)
    assert groups["offline"] == {
        "key": "offline",
        "drafts": 1,
        "model_calls": 0,
        "prompt_tokens": 0,
        "completion_tokens": 0,
        "estimated_cost": 0.0,
    }
    assert report["total"]["drafts"] == 2
    assert report["total"]["prompt_tokens"] == prompt

    by_day = priced_client.get("/v1/usage", headers=tenant.headers).json()
    assert [g["key"] for g in by_day["groups"]] == [datetime.now(UTC).date().isoformat()]
    by_requester = priced_client.get(
        "/v1/usage", params={"group_by": "requester"}, headers=tenant.headers
    ).json()
    assert {g["key"] for g in by_requester["groups"]} == {
        scene.requester_id,
        offline_scene.requester_id,
    }
    # Without a price for the model, the cost is unknown, not zero.
    unpriced = client.get("/v1/usage", params={"group_by": "model"}, headers=tenant.headers)
    assert {g["key"]: g["estimated_cost"] for g in unpriced.json()["groups"]} == {
        "askwell-test-model": None,
        "offline": 0.0,
    }
    # A period before the drafts holds none.
    past = datetime.now(UTC) - timedelta(days=3)
    empty = priced_client.get(
        "/v1/usage",
        params={"from": (past - timedelta(days=1)).isoformat(), "to": past.isoformat()},
        headers=tenant.headers,
    ).json()
    assert empty["groups"] == []
    assert empty["total"]["drafts"] == 0
    # A period that ends before it starts holds nothing (not an error).
    backwards = priced_client.get(
        "/v1/usage",
        params={"from": past.isoformat(), "to": (past - timedelta(days=1)).isoformat()},
        headers=tenant.headers,
    )
    assert backwards.status_code == 200
    assert backwards.json()["total"]["drafts"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"from": "1700000000"},
        {"group_by": "week"},
        {"to": "0001-01-01T00:00:00+14:00"},
    ],
)
def test_bad_usage_periods_are_problems(
    client: TestClient, tenant_headers: dict[str, str], params: dict[str, str]
) -> None:
    response = client.get("/v1/usage", params=params, headers=tenant_headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"


@pytest.fixture
def tenant_headers(make_tenant: MakeTenant) -> dict[str, str]:
    return make_tenant(scopes=("read",)).headers
