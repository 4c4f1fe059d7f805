"""Fixtures for the LLM layer: a real local OpenAI-compatible server and clients pointed at it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

import pytest

from service.llm.client import LLMClient
from tests.support.llm_server import LLMServer

T = TypeVar("T")

API_KEY = "sk-test-0123456789abcdef"
DRAFT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"subject": {"type": ["string", "null"]}, "body": {"type": "string"}},
    "required": ["subject", "body"],
    "additionalProperties": False,
}
MESSAGES: list[Any] = [
    {"role": "system", "content": "You write informational-interview requests."},
    {"role": "user", "content": "Write one to Dana."},
]


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@pytest.fixture
def llm_server() -> Iterator[LLMServer]:
    with LLMServer() as server:
        yield server


@pytest.fixture
def make_client(llm_server: LLMServer) -> Callable[..., LLMClient]:
    """Clients with short timeouts and backoffs so retries are fast in tests."""

    def make(**overrides: Any) -> LLMClient:
        options: dict[str, Any] = {
            "model": "test-model",
            "base_url": llm_server.base_url,
            "api_key": API_KEY,
            "timeout_s": 2.0,
            "max_attempts": 4,
            "max_output_tokens": 800,
            "retry_after_cap_s": 5.0,
            "backoff_base_s": 0.01,
            "backoff_max_s": 0.05,
        }
        options.update(overrides)
        return LLMClient(**options)

    return make


async def complete(client: LLMClient, **kwargs: Any) -> Any:
    """One `complete_json` call with the draft schema, closing the client afterwards."""
    options: dict[str, Any] = {"messages": MESSAGES, "schema": DRAFT_SCHEMA, "schema_name": "draft"}
    options.update(kwargs)
    async with client:
        return await client.complete_json(**options)
