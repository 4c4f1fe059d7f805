"""The committed OpenAPI contract matches the app, with stable ids and documented errors."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI

from tests.conftest import REPO_ROOT

CONTRACT = REPO_ROOT / "openapi" / "openapi.json"


def test_committed_contract_matches_the_app(app: FastAPI) -> None:
    committed = json.loads(CONTRACT.read_text())
    live = json.loads(json.dumps(app.openapi()))
    assert committed == live, "run `askwell openapi > openapi/openapi.json` and commit it"


def operations(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op)
        for path, ops in app.openapi()["paths"].items()
        for method, op in ops.items()
    ]


def test_operation_ids_are_unique_snake_case(app: FastAPI) -> None:
    ids = [op["operationId"] for _, _, op in operations(app)]
    assert len(ids) == len(set(ids))
    for operation_id in ids:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", operation_id), operation_id


def test_every_v1_route_documents_its_errors(app: FastAPI) -> None:
    for method, path, op in operations(app):
        if not path.startswith("/v1"):
            continue
        codes = set(op["responses"])
        assert {"401", "403"} <= codes, (method, path)
        if "{" in path:
            assert "404" in codes, (method, path)
        if "requestBody" in op:
            assert {"413", "415", "422"} <= codes, (method, path)
        for code, response in op["responses"].items():
            if code.startswith(("4", "5")):
                assert "application/problem+json" in response["content"], (method, path, code)


def test_contract_is_openapi_3_1_with_bearer_auth(app: FastAPI) -> None:
    schema = app.openapi()
    assert schema["openapi"].startswith("3.1")
    schemes = schema["components"]["securitySchemes"]
    assert any(s["type"] == "http" and s["scheme"] == "bearer" for s in schemes.values())


def test_string_limits_are_visible_in_the_schema(app: FastAPI) -> None:
    schemas = app.openapi()["components"]["schemas"]
    contact = schemas["ContactCreate"]["properties"]
    assert contact["name"]["maxLength"] == 200
    facts = schemas["ResearchCreate"]["properties"]["facts"]
    assert facts["maxItems"] == 100
