"""The published contract (`openapi/openapi.json`): FastAPI's schema, made to say exactly
what the service does.

- Errors are `application/problem+json` only (FastAPI's own 422 shape is never answered).
- Enumerations are named schemas (`Channel`, `DraftStatus`...), one per set of values,
  instead of an inline copy per field: a generated client gets one `Channel` type.
- `If-Match` is required wherever leaving it out answers 428.
- `Retry-After` is documented on every 429 and 503, `Idempotent-Replayed` on the answers
  of every operation that takes an `Idempotency-Key`; routes declare their own `ETag` and
  `Location` with `response_headers`.
- Strings of `StrictInput` bodies say that they take no NUL character.
- Request bodies carry an example (`service/examples.py`).
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import FastAPI

from service.core.errors import PROBLEM_JSON, Problem, ValidationProblem
from service.core.schemas import StrictInput

HEADERS: dict[str, str] = {
    "ETag": "The draft's current version; send it back in `If-Match` to change the draft.",
    "Location": "Where the resource this answer is about can be read.",
    "Idempotent-Replayed": "`true` when this is the stored answer to an earlier request "
    "with the same `Idempotency-Key` (nothing was done again).",
    "Retry-After": "Seconds to wait before trying again.",
}


def response_headers(*names: str) -> dict[str, Any]:
    """A `responses` entry documenting headers a route's answer carries."""
    return {
        "headers": {
            name: {"description": HEADERS[name], "schema": {"type": "string"}} for name in names
        }
    }


NO_NUL_PATTERN = "^[^\\u0000]*$"


def install_contract(
    app: FastAPI,
    *,
    named_enums: Mapping[str, Any],
    examples: Mapping[str, dict[str, Any]] | None = None,
) -> None:
    """Make `app.openapi()` return the finished contract. `named_enums` maps a schema name
    to a `Literal[...]` alias (or a list of values); `examples` a schema name to an example
    of it."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = original()
            _problems_only(schema)
            _no_nul_in_strict_inputs(schema)
            _required_if_match(schema)
            _uniform_headers(schema)
            _named_enums(schema, named_enums)
            _examples(schema, examples or {})
            _drop_unused(schema, ("HTTPValidationError", "ValidationError"))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _examples(schema: dict[str, Any], examples: Mapping[str, dict[str, Any]]) -> None:
    # `examples` (a list), as JSON Schema 2020-12 and OpenAPI 3.1 spell it.
    components = _components(schema)
    for name, example in examples.items():
        components[name]["examples"] = [example]


def _operations(schema: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if method in {"get", "put", "post", "patch", "delete", "head", "options"}:
                yield operation


def _components(schema: dict[str, Any]) -> dict[str, Any]:
    components: dict[str, Any] = schema.setdefault("components", {}).setdefault("schemas", {})
    return components


def _problems_only(schema: dict[str, Any]) -> None:
    components = _components(schema)
    components.setdefault("Problem", Problem.model_json_schema())
    components.setdefault(
        "ValidationProblem",
        ValidationProblem.model_json_schema(ref_template="#/components/schemas/{model}"),
    )
    for defined in ValidationProblem.model_json_schema().get("$defs", {}):
        components.setdefault(defined, ValidationProblem.model_json_schema()["$defs"][defined])
    for operation in _operations(schema):
        for code, response in operation.get("responses", {}).items():
            if code[0] not in "45":
                continue
            content = response.setdefault("content", {})
            if PROBLEM_JSON not in content:
                # FastAPI's default 422 (HTTPValidationError): the service answers a problem.
                model = "ValidationProblem" if code in {"400", "422"} else "Problem"
                content[PROBLEM_JSON] = {"schema": {"$ref": f"#/components/schemas/{model}"}}
            content.pop("application/json", None)


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def _document_no_nul(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and not {"pattern", "enum", "format"} & set(node):
            node["pattern"] = NO_NUL_PATTERN
        for value in node.values():
            _document_no_nul(value)
    elif isinstance(node, list):
        for value in node:
            _document_no_nul(value)


def _no_nul_in_strict_inputs(schema: dict[str, Any]) -> None:
    strict = {model.__name__ for model in _subclasses(StrictInput)}
    for name, component in _components(schema).items():
        if name in strict:
            _document_no_nul(component)


def _required_if_match(schema: dict[str, Any]) -> None:
    for operation in _operations(schema):
        if "428" not in operation.get("responses", {}):
            continue
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "header" and parameter.get("name") == "If-Match":
                parameter["required"] = True
                parameter["schema"] = _not_null(parameter["schema"])


def _not_null(schema: dict[str, Any]) -> dict[str, Any]:
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(options) == 1:
        rest = {k: v for k, v in schema.items() if k not in {"anyOf", "default"}}
        return {**options[0], **rest}
    return schema


def _uniform_headers(schema: dict[str, Any]) -> None:
    for operation in _operations(schema):
        takes_key = any(
            p.get("in") == "header" and p.get("name") == "Idempotency-Key"
            for p in operation.get("parameters", [])
        )
        for code, response in operation.get("responses", {}).items():
            headers = response.setdefault("headers", {})
            if code in {"429", "503"}:
                headers.update(response_headers("Retry-After")["headers"])
            if takes_key and code.startswith("2"):
                headers.update(response_headers("Idempotent-Replayed")["headers"])
            if not headers:
                del response["headers"]


# -- named enumerations -----------------------------------------------------------------------


def _values(declared: Any) -> tuple[Any, ...]:
    if isinstance(declared, list | tuple):
        return tuple(declared)
    values = typing.get_args(declared)
    if not values:
        raise TypeError(f"not a Literal of values: {declared!r}")
    return values


def _camel(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", text))


def _named_enums(schema: dict[str, Any], named: Mapping[str, Any]) -> None:
    components = _components(schema)
    by_values = {frozenset(_values(declared)): name for name, declared in named.items()}

    def hoist(node: dict[str, Any], hint: str) -> dict[str, Any]:
        values = node["enum"]
        name = by_values.get(frozenset(values)) or hint
        definition = {"type": node.get("type", "string"), "enum": values, "title": name}
        while name in components and components[name] != definition:
            name += "_"  # another set of values under the same hint
            definition["title"] = name
        components[name] = definition
        kept = {k: v for k, v in node.items() if k in {"description", "default", "examples"}}
        return {"$ref": f"#/components/schemas/{name}", **kept}

    def visit(node: Any, hint: str) -> Any:
        if isinstance(node, dict):
            if "enum" in node and "$ref" not in node:
                return hoist(node, hint)
            for key, value in list(node.items()):
                if key == "properties":
                    node[key] = {p: visit(s, hint + _camel(p)) for p, s in value.items()}
                elif key in {"anyOf", "oneOf", "allOf", "prefixItems"}:
                    node[key] = [visit(s, hint) for s in value]
                elif key in {"items", "additionalProperties", "propertyNames", "schema"}:
                    node[key] = visit(value, hint)
            return node
        return node

    for name in list(components):
        component = components[name]
        if "enum" not in component:
            components[name] = visit(component, name)
    for operation in _operations(schema):
        for parameter in operation.get("parameters", []):
            parameter["schema"] = visit(parameter["schema"], _camel(parameter["name"]))


def _drop_unused(schema: dict[str, Any], names: Iterable[str]) -> None:
    components = _components(schema)
    for name in names:  # in order: a dropped schema may have been the only user of the next
        if f'"#/components/schemas/{name}"' not in json.dumps(schema):
            components.pop(name, None)
