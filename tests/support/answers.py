"""Comparing two answers that must not tell their causes apart."""

from __future__ import annotations

from typing import Any

from httpx import Response


def _without_request_id(document: Any) -> Any:
    if isinstance(document, dict):
        return {name: value for name, value in document.items() if name != "request_id"}
    return document


def assert_indistinguishable(first: Response, second: Response) -> None:
    """Same status, media type, length and document; only the request's own id differs
    (ids are all the same length, so the lengths must match byte for byte)."""
    assert first.status_code == second.status_code
    assert first.headers["content-type"] == second.headers["content-type"]
    assert len(first.content) == len(second.content)
    assert _without_request_id(first.json()) == _without_request_id(second.json())
    assert first.json().get("request_id") != second.json().get("request_id")
