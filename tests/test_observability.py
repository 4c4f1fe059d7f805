"""Request ids, problem types that resolve, and documentation that needs no network."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.core.config import Settings
from service.core.errors import problem_types
from service.main import create_app
from tests.conftest import TenantKey


def test_a_sane_request_id_is_echoed_and_quoted_in_problems(
    client: TestClient, tenant: TenantKey
) -> None:
    missing = client.get(
        "/v1/contacts/00000000-0000-4000-8000-000000000000",
        headers={**tenant.headers, "X-Request-ID": "trace-42.a"},
    )
    assert missing.status_code == 404
    assert missing.headers["x-request-id"] == "trace-42.a"
    assert missing.json()["request_id"] == "trace-42.a"


@pytest.mark.parametrize("given", ["has space", "x" * 129, 'quote"d', ""])
def test_an_unusable_request_id_is_replaced(client: TestClient, given: str) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": given})
    made = response.headers["x-request-id"]
    assert made != given
    assert re.fullmatch(r"[0-9a-f]{32}", made)


def test_every_problem_carries_its_request_id(client: TestClient, tenant: TenantKey) -> None:
    answers = [
        client.get("/nowhere"),  # the router's 404
        client.get("/v1/contacts/not-a-uuid", headers=tenant.headers),
        client.post(  # the request guard's 415, before any route
            "/v1/contacts", content=b"x", headers={**tenant.headers, "content-type": "text/plain"}
        ),
        client.post("/v1/contacts", json={}, headers=tenant.headers),  # validation
        client.get("/v1/contacts"),  # no key
    ]
    for answer in answers:
        problem = answer.json()
        assert answer.headers["content-type"] == "application/problem+json", answer.text
        assert set(problem) >= {"type", "title", "status", "detail", "request_id"}
        assert problem["status"] == answer.status_code
        assert problem["request_id"] == answer.headers["x-request-id"]
        assert problem["type"].startswith("/problems/")
    assert [a.status_code for a in answers] == [404, 404, 415, 422, 401]


@pytest.fixture
def failing_client(settings: Settings) -> Iterator[TestClient]:
    app: FastAPI = create_app(settings)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_an_unexpected_error_is_a_problem_with_the_request_id(
    failing_client: TestClient,
) -> None:
    response = failing_client.get("/boom", headers={"X-Request-ID": "bug-1"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"] == "bug-1"
    problem = response.json()
    assert problem["type"] == "/problems/internal-error"
    assert problem["request_id"] == "bug-1"
    assert "a bug" not in response.text


def test_every_problem_type_resolves(client: TestClient) -> None:
    kinds = problem_types()
    assert {"gate-failed", "precondition-required", "not-found", "malformed-json"} <= set(kinds)
    listed = client.get("/problems").json()
    assert {entry["type"] for entry in listed} == {f"/problems/{slug}" for slug in kinds}
    for slug, kind in kinds.items():
        described = client.get(f"/problems/{slug}")
        assert described.status_code == 200
        body = described.json()
        assert body["status"] == kind.status
        assert body["title"] == kind.title
        assert len(body["description"]) > 40, slug
    page = client.get("/problems/gate-failed", headers={"accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert "Gate Failed" in page.text
    unknown = client.get("/problems/no-such-thing")
    assert unknown.status_code == 404
    assert unknown.json()["type"] == "/problems/not-found"


def test_problem_types_in_the_contract_resolve(client: TestClient) -> None:
    """Every `/problems/...` the code can answer with is one `/problems/{slug}` explains."""
    kinds = problem_types()
    for answer in (client.get("/nowhere"), client.delete("/healthz")):
        slug = answer.json()["type"].removeprefix("/problems/")
        assert slug in kinds


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_load_nothing_from_elsewhere(client: TestClient, page: str) -> None:
    html = client.get(page)
    assert html.status_code == 200
    assert not EXTERNAL.search(html.text), "a page loads something from another host"
    assets = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html.text)
    assert any(asset.endswith(".js") for asset in assets)
    for asset in assets:
        if asset.startswith("/"):
            assert client.get(asset).status_code == 200, asset
    if page == "/docs":
        assert "validatorUrl" in html.text  # no badge fetched from validator.swagger.io
