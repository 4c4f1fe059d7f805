"""API keys: format, storage, authentication, scopes, listing and revocation."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from service.tenants.service import KEY_PREFIX, mint_key
from tests.conftest import TenantKey


def assert_unauthorized(response: object) -> None:
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= {"type", "title", "status", "detail"}
    assert body["status"] == 401


def test_minted_keys_have_prefix_and_at_least_128_bits() -> None:
    keys = {mint_key()[1] for _ in range(200)}
    assert len(keys) == 200
    for key in keys:
        prefix, _public, secret = key.split("_")
        assert prefix == KEY_PREFIX
        # 62 symbols per character: bits = len * log2(62)
        assert len(secret) * math.log2(62) >= 128


def test_keys_are_stored_only_as_hashes(engine: Engine, app: FastAPI, tenant: TenantKey) -> None:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT prefix, key_hash FROM api_keys")).all()
    stored = " ".join(f"{p} {h}" for p, h in rows)
    assert tenant.api_key not in stored
    assert tenant.api_key.rsplit("_", 1)[1] not in stored


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Basic dXNlcjpwYXNz",
        "Bearer not-a-key",
        "Bearer askw_AAAAAAAAAA_" + "B" * 32,  # well-formed, unknown
        "Token askw_AAAAAAAAAA_" + "B" * 32,
    ],
)
def test_missing_malformed_or_unknown_keys_get_401(
    client: TestClient, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = client.get("/v1/contacts", headers=headers)
    assert_unauthorized(response)
    assert response.headers["www-authenticate"] == "Bearer"


def test_revoked_key_is_refused_at_once(
    client: TestClient, tenant: TenantKey, key_with: Callable[..., TenantKey]
) -> None:
    reader = key_with("read")
    assert client.get("/v1/contacts", headers=reader.headers).status_code == 200
    revoked = client.post(f"/v1/keys/{reader.key_id}/revoke", headers=tenant.headers)
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert_unauthorized(client.get("/v1/contacts", headers=reader.headers))


@pytest.mark.parametrize(
    ("scopes", "method", "path", "allowed"),
    [
        (("read",), "GET", "/v1/contacts", True),
        (("read",), "POST", "/v1/contacts", False),
        (("drafts:write",), "POST", "/v1/contacts", True),
        (("drafts:write",), "GET", "/v1/contacts", True),
        (("review",), "GET", "/v1/contacts", True),
        (("review",), "POST", "/v1/contacts", False),
        (("drafts:write",), "GET", "/v1/keys", False),
        (("admin",), "GET", "/v1/keys", True),
        (("admin",), "POST", "/v1/contacts", True),
    ],
)
def test_scopes_decide_what_a_key_may_do(
    client: TestClient,
    key_with: Callable[..., TenantKey],
    scopes: tuple[str, ...],
    method: str,
    path: str,
    allowed: bool,
) -> None:
    key = key_with(*scopes)
    body = {"name": "Li Wei"} if method == "POST" else None
    response = client.request(method, path, json=body, headers=key.headers)
    if allowed:
        assert response.status_code in {200, 201}
    else:
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"


def test_created_key_is_shown_once_and_listed_without_secret(
    client: TestClient, tenant: TenantKey
) -> None:
    created = client.post(
        "/v1/keys", json={"name": "ci", "scopes": ["read"]}, headers=tenant.headers
    )
    assert created.status_code == 201
    body = created.json()
    assert body["api_key"].startswith(body["prefix"] + "_")
    assert created.headers["cache-control"] == "no-store"
    listed = client.get("/v1/keys", headers=tenant.headers)
    assert body["api_key"] not in listed.text
    entry = next(k for k in listed.json() if k["id"] == body["id"])
    assert entry == {k: v for k, v in body.items() if k != "api_key"}
    new_key = {"Authorization": f"Bearer {body['api_key']}"}
    assert client.get("/v1/contacts", headers=new_key).status_code == 200


def test_last_used_is_recorded(client: TestClient, tenant: TenantKey) -> None:
    client.get("/v1/contacts", headers=tenant.headers)
    keys = client.get("/v1/keys", headers=tenant.headers).json()
    assert keys[0]["last_used_at"] is not None


def test_unknown_scope_is_refused(client: TestClient, tenant: TenantKey) -> None:
    response = client.post(
        "/v1/keys", json={"name": "x", "scopes": ["superuser"]}, headers=tenant.headers
    )
    assert response.status_code == 422


def test_tenant_endpoint_names_the_caller(client: TestClient, tenant: TenantKey) -> None:
    body = client.get("/v1/tenant", headers=tenant.headers).json()
    assert body["id"] == str(tenant.tenant_id)
    assert body["scopes"] == ["admin"]
