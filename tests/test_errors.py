"""Every error is RFC 9457 problem+json; limits hold; a 500 reveals nothing."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.main import create_app
from tests.conftest import TenantKey, make_settings

PROBLEM_KEYS = {"type", "title", "status", "detail"}


def assert_problem(response: object, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status
    return body


def test_malformed_json_is_400(client: TestClient, tenant: TenantKey) -> None:
    response = client.post(
        "/v1/contacts",
        content=b'{"name": ',
        headers={**tenant.headers, "Content-Type": "application/json"},
    )
    assert_problem(response, 400)


def test_unknown_path_is_404(client: TestClient) -> None:
    assert_problem(client.get("/v1/nothing-here"), 404)


def test_wrong_method_is_405_with_allow(client: TestClient, tenant: TenantKey) -> None:
    response = client.put("/v1/contacts", headers=tenant.headers)
    assert_problem(response, 405)
    assert set(response.headers["allow"].split(", ")) >= {"GET", "POST"}


def test_non_json_body_is_415(client: TestClient, tenant: TenantKey) -> None:
    response = client.post(
        "/v1/contacts",
        content=b"name=Li",
        headers={**tenant.headers, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_problem(response, 415)


def test_body_over_one_mib_is_413_by_declared_length(client: TestClient, tenant: TenantKey) -> None:
    payload = b'{"name": "' + b"x" * (1024 * 1024) + b'"}'
    response = client.post(
        "/v1/contacts",
        content=payload,
        headers={**tenant.headers, "Content-Type": "application/json"},
    )
    assert_problem(response, 413)


def test_chunked_body_over_limit_is_413_without_reading_it_all(
    client: TestClient, tenant: TenantKey
) -> None:
    sent = 0

    def chunks() -> Iterator[bytes]:
        nonlocal sent
        for _ in range(64):  # up to 4 MiB offered
            sent += 65536
            yield b"x" * 65536

    response = client.post(
        "/v1/contacts",
        content=chunks(),
        headers={**tenant.headers, "Content-Type": "application/json"},
    )
    assert_problem(response, 413)


def test_validation_error_is_422_and_does_not_echo_input(
    client: TestClient, tenant: TenantKey
) -> None:
    secret = "sk-live-should-not-echo"
    response = client.post(
        "/v1/contacts", json={"name": "x", "seniority": secret}, headers=tenant.headers
    )
    assert_problem(response, 422)
    assert secret not in response.text


def test_409_is_a_problem(client: TestClient, tenant: TenantKey, app: FastAPI) -> None:
    from sqlalchemy.exc import IntegrityError

    @app.get("/_test/conflict", include_in_schema=False)
    def conflict() -> None:
        raise IntegrityError("INSERT INTO secret_table", {}, Exception("duplicate key"))

    response = client.get("/_test/conflict")
    body = assert_problem(response, 409)
    assert "secret_table" not in response.text
    assert body["detail"]


def test_500_shows_no_traceback_or_sql(client: TestClient, app: FastAPI) -> None:
    @app.get("/_test/boom", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError("SELECT password FROM users -- Traceback (most recent call last)")

    response = client.get("/_test/boom")
    assert_problem(response, 500)
    assert "SELECT" not in response.text
    assert "Traceback" not in response.text


@pytest.fixture
def limited_client(database_url: str) -> Iterator[TestClient]:
    app = create_app(make_settings(database_url, rate_limit_per_minute=3))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_rate_limit_answers_429_with_retry_after(
    limited_client: TestClient, tenant: TenantKey
) -> None:
    statuses = [
        limited_client.get("/v1/contacts", headers=tenant.headers).status_code for _ in range(4)
    ]
    assert statuses[:3] == [200, 200, 200]
    response = limited_client.get("/v1/contacts", headers=tenant.headers)
    assert_problem(response, 429)
    assert int(response.headers["retry-after"]) >= 1


def test_unreachable_database_makes_readyz_503() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = make_settings(f"postgresql+psycopg://nobody@127.0.0.1:{port}/none")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        response = client.get("/readyz")
        assert_problem(response, 503)
        assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.parametrize("param", ["q", "organization"])
def test_nul_in_a_list_filter_is_422_on_every_database(
    client: TestClient, tenant: TenantKey, param: str
) -> None:
    response = client.get("/v1/contacts", params={param: "Ana\x00"}, headers=tenant.headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == ["query", param]


def test_a_database_error_is_a_problem_not_a_500(
    app: FastAPI, client: TestClient, tenant: TenantKey
) -> None:
    from sqlalchemy.exc import DataError, OperationalError

    async def refused() -> None:
        raise DataError("INSERT ...", {}, ValueError("invalid byte sequence for encoding"))

    async def lost() -> None:
        raise OperationalError(
            "SELECT 1", {}, ConnectionError("server closed the connection unexpectedly")
        )

    # Out of the schema: the suite shares this app, and its contract is checked elsewhere.
    app.add_api_route("/db-data-error", refused, include_in_schema=False)
    app.add_api_route("/db-connection-lost", lost, include_in_schema=False)
    data = client.get("/db-data-error")
    assert data.status_code == 422
    assert data.headers["content-type"] == "application/problem+json"
    gone = client.get("/db-connection-lost")
    assert gone.status_code == 503
    assert gone.headers["retry-after"] == "1"
    assert "server closed" not in gone.text


DEEP = "[" * 1200 + "]" * 1200
LONG_NUMBER = "9" * 5000


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/v1/follow-ups?due_before=0001-01-01T00:00:00%2B14:00", None, 422),
        ("GET", "/v1/follow-ups?due_before=9999-12-31T23:59:59-14:00", None, 422),
        ("POST", "/v1/contacts/import", '{"contacts": ' + DEEP + "}", 400),
        ("POST", "/v1/contacts/import", '{"contacts": [{"name": ' + LONG_NUMBER + "}]}", 400),
        ("POST", "/v1/contacts", '{"name": ' + DEEP + "}", 400),
        ("POST", "/v1/contacts", '{"name": "Li", "notes": ' + LONG_NUMBER + "}", 400),
        ("POST", "/v1/requesters", '{"name": "Li", "name": "Lu"}', 422),
        ("POST", "/v1/contacts/import", '{"contacts": [{"name": "Li", "name": "Lu"}]}', 422),
    ],
)
def test_inputs_that_once_broke_the_service_are_clear_problems(
    client: TestClient, tenant: TenantKey, method: str, path: str, body: str | None, status: int
) -> None:
    headers = {**tenant.headers, "Content-Type": "application/json"}
    response = client.request(method, path, content=body, headers=headers)
    assert_problem(response, status)


def test_a_duplicate_json_member_is_refused_not_overwritten(
    client: TestClient, tenant: TenantKey
) -> None:
    response = client.post(
        "/v1/contacts",
        content=b'{"name": "Ana", "name": "Someone else"}',
        headers={**tenant.headers, "Content-Type": "application/json"},
    )
    body = assert_problem(response, 422)
    assert body["errors"] == [
        {"loc": ["body", "name"], "msg": "duplicate member", "type": "json_duplicate"}
    ]
    listed = client.get("/v1/contacts", headers=tenant.headers).json()["items"]
    assert not any(item["name"] == "Someone else" for item in listed)


def test_two_authorization_headers_are_400(client: TestClient, tenant: TenantKey) -> None:
    header = ("Authorization", tenant.headers["Authorization"])
    response = client.get("/v1/contacts", headers=[header, header])
    assert_problem(response, 400)


def test_a_sent_moment_that_does_not_exist_in_utc_is_422(
    client: TestClient, tenant: TenantKey
) -> None:
    from tests.review.test_review import act, approved

    draft = approved(client, tenant)
    response = act(client, tenant, draft["id"], "sent", {"sent_at": "0001-01-01T00:00:00+14:00"})
    body = assert_problem(response, 422)
    assert body["errors"][0]["loc"] == ["body", "sent_at"]
