"""The published contract says what the service does, in a shape clients can generate from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import TenantKey

CONTRACT = json.loads((Path(__file__).parents[1] / "openapi" / "openapi.json").read_text())
METHODS = {"get", "put", "post", "patch", "delete"}


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in CONTRACT["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def _inline_enums(node: Any, where: str, found: list[str]) -> None:
    if isinstance(node, dict):
        if "enum" in node:
            found.append(where)
        for key, value in node.items():
            _inline_enums(value, f"{where}/{key}", found)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _inline_enums(value, f"{where}/{index}", found)


def test_enumerations_are_named_schemas_used_everywhere() -> None:
    schemas = CONTRACT["components"]["schemas"]
    found: list[str] = []
    for name, schema in schemas.items():
        if "enum" not in schema:
            _inline_enums(schema, name, found)
    _inline_enums(CONTRACT["paths"], "paths", found)
    assert found == []
    assert schemas["Channel"]["enum"] == ["email", "linkedin_message", "linkedin_connection_note"]
    text = json.dumps(CONTRACT)
    assert text.count('"#/components/schemas/Channel"') >= 5
    assert not any(
        name.endswith(("Channel", "Seniority")) and name not in {"Channel", "Seniority"}
        for name in schemas
    )


def test_if_match_is_required_where_leaving_it_out_answers_428() -> None:
    checked = 0
    for method, path, operation in operations():
        for parameter in operation.get("parameters", []):
            if parameter["name"] == "If-Match":
                requires = "428" in operation["responses"]
                assert parameter["required"] is requires, (method, path)
                checked += requires
    assert checked >= 4


def test_the_headers_answers_carry_are_documented() -> None:
    for method, path, operation in operations():
        responses = operation["responses"]
        for code in ("429", "503"):
            if code in responses:
                assert "Retry-After" in responses[code]["headers"], (method, path)
        takes_key = any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", []))
        for code, response in responses.items():
            if takes_key and code.startswith("2"):
                assert "Idempotent-Replayed" in response["headers"], (method, path, code)
    drafts = CONTRACT["paths"]["/v1/drafts"]["post"]["responses"]["201"]["headers"]
    assert {"ETag", "Location"} <= set(drafts)
    one = CONTRACT["paths"]["/v1/drafts/{draft_id}"]["get"]["responses"]["200"]["headers"]
    assert "ETag" in one


def test_documented_headers_are_sent(client: TestClient, tenant: TenantKey) -> None:
    """What the contract documents for creating a contact and a requester is what comes."""
    for path in ("/v1/contacts", "/v1/requesters"):
        created = client.post(path, json={"name": "Ana"}, headers=tenant.headers)
        assert created.status_code == 201
        assert created.headers["location"] == f"{path}/{created.json()['id']}"
        assert "Location" in CONTRACT["paths"][path]["post"]["responses"]["201"]["headers"]


@pytest.mark.parametrize(("method", "path", "operation"), operations())
def test_errors_are_problems_only(method: str, path: str, operation: dict[str, Any]) -> None:
    for code, response in operation["responses"].items():
        if code[0] in "45":
            assert list(response["content"]) == ["application/problem+json"], (method, path)


def _models() -> dict[str, type[Any]]:
    """Every pydantic model the service defines, by its schema name."""
    from pydantic import BaseModel

    import service.main  # noqa: F401  (imports every router and model)

    found: dict[str, type[Any]] = {}
    pending: list[type[Any]] = [BaseModel]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("service."):
                found.setdefault(sub.__name__, sub)
            pending.append(sub)
    return found


def _refs(node: dict[str, Any]) -> list[str]:
    # A body schema is a reference, or (an optional body) a reference or null.
    if "$ref" in node:
        return [node["$ref"]]
    return [ref for option in node.get("anyOf", []) for ref in _refs(option)]


def test_every_json_request_body_has_an_example_the_service_accepts() -> None:
    """Every JSON body's schema carries an example, and the model behind it validates it
    (an example that drifts from the model fails here, not in a client's hands)."""
    schemas = CONTRACT["components"]["schemas"]
    bodies = {
        ref.rsplit("/", 1)[-1]
        for _, _, operation in operations()
        for media, content in operation.get("requestBody", {}).get("content", {}).items()
        if media == "application/json"
        for ref in _refs(content["schema"])
    }
    assert len(bodies) >= 17, bodies
    models = _models()
    missing = sorted(name for name in bodies if not schemas[name].get("examples"))
    assert not missing, f"request bodies without an example: {missing}"
    for name in sorted(bodies):
        for example in schemas[name]["examples"]:
            models[name].model_validate(example)


def test_the_main_responses_have_examples_their_models_accept() -> None:
    from service.examples import RESPONSES

    schemas = CONTRACT["components"]["schemas"]
    models = _models()
    for name in ("DraftRead", "ContactRead", "RequesterRead", "ResearchRead", "BatchRead"):
        assert name in RESPONSES, name
    for name in RESPONSES:
        assert schemas[name]["examples"] == [RESPONSES[name]], name
        models[name].model_validate(RESPONSES[name])
