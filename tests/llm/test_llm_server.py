"""The stand-in LLM server itself: it must be a faithful, observable OpenAI-compatible endpoint."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import httpx2
import pytest
from openai import AsyncOpenAI

from tests.llm.conftest import run
from tests.support.llm_server import DEFAULT_DRAFT, LLMServer, Reply

ROOT = Path(__file__).resolve().parents[2]


def post(url: str, body: dict[str, Any], timeout: float = 5) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_answers_chat_completions_with_a_valid_draft_and_usage(llm_server: LLMServer) -> None:
    async def call() -> Any:
        async with AsyncOpenAI(base_url=llm_server.base_url, api_key="k", max_retries=0) as client:
            return await client.chat.completions.create(
                model="m", messages=[{"role": "user", "content": "hi"}], max_tokens=50
            )

    completion = run(call())

    content = completion.choices[0].message.content
    assert content is not None
    assert json.loads(content) == DEFAULT_DRAFT
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage is not None
    assert completion.usage.total_tokens == (
        completion.usage.prompt_tokens + completion.usage.completion_tokens
    )


def test_records_method_path_headers_and_body(llm_server: LLMServer) -> None:
    before = time.monotonic()
    post(f"{llm_server.base_url}/chat/completions", {"model": "m", "messages": [], "max_tokens": 9})

    (request,) = llm_server.requests
    assert request.method == "POST"
    assert request.path == "/v1/chat/completions"
    assert request.headers["content-type"] == "application/json"
    assert request.json == {"model": "m", "messages": [], "max_tokens": 9}
    assert request.received_at >= before


def test_lists_models(llm_server: LLMServer) -> None:
    with urllib.request.urlopen(f"{llm_server.base_url}/models", timeout=5) as response:
        body = json.loads(response.read())
    assert body["data"][0]["id"] == "askwell-test-model"


def test_unknown_path_is_a_404_in_openai_error_shape(llm_server: LLMServer) -> None:
    status, body = post(f"{llm_server.base_url}/embeddings", {"input": "x"})
    assert status == 404
    assert set(body["error"]) >= {"message", "type", "code"}


def test_scripted_replies_are_used_in_order_then_the_responder(llm_server: LLMServer) -> None:
    llm_server.script(Reply.insufficient_quota(), Reply.ok({"subject": "s", "body": "b"}))
    url = f"{llm_server.base_url}/chat/completions"

    first = post(url, {"messages": []})
    second = post(url, {"messages": []})
    third = post(url, {"messages": []})

    assert first[0] == 429
    assert first[1]["error"]["code"] == "insufficient_quota"
    assert json.loads(second[1]["choices"][0]["message"]["content"]) == {
        "subject": "s",
        "body": "b",
    }
    assert json.loads(third[1]["choices"][0]["message"]["content"]) == DEFAULT_DRAFT
    assert llm_server.pending == 0


def test_extra_headers_are_sent(llm_server: LLMServer) -> None:
    llm_server.script(Reply.rate_limited(retry_after="3", retry_after_ms="2500"))
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(
            urllib.request.Request(
                f"{llm_server.base_url}/chat/completions", data=b'{"messages": []}'
            ),
            timeout=5,
        )
    assert info.value.headers["Retry-After"] == "3"
    assert info.value.headers["retry-after-ms"] == "2500"


def test_can_refuse_json_schema_like_some_servers(llm_server: LLMServer) -> None:
    llm_server.supports_json_schema = False
    llm_server.script(Reply.ok(GOOD := {"subject": None, "body": "x"}))
    url = f"{llm_server.base_url}/chat/completions"

    status, body = post(url, {"messages": [], "response_format": {"type": "json_schema"}})
    ok_status, ok_body = post(url, {"messages": [], "response_format": {"type": "json_object"}})

    assert status == 400
    assert "json_schema" in body["error"]["message"]
    assert ok_status == 200  # the scripted reply was not consumed by the rejection
    assert json.loads(ok_body["choices"][0]["message"]["content"]) == GOOD


def test_truncated_and_refused_replies(llm_server: LLMServer) -> None:
    llm_server.script(Reply.truncated(), Reply.refused("no"))
    url = f"{llm_server.base_url}/chat/completions"

    _, truncated = post(url, {"messages": []})
    _, refused = post(url, {"messages": []})

    assert truncated["choices"][0]["finish_reason"] == "length"
    assert refused["choices"][0]["message"] == {
        "role": "assistant",
        "content": None,
        "refusal": "no",
    }


def test_handles_hundreds_of_concurrent_requests(llm_server: LLMServer) -> None:
    llm_server.latency_s = 0.3

    async def many() -> list[int]:
        limits = httpx2.Limits(max_connections=500)
        async with httpx2.AsyncClient(timeout=20, limits=limits) as client:
            responses = await asyncio.gather(
                *[
                    client.post(f"{llm_server.base_url}/chat/completions", json={"messages": []})
                    for _ in range(300)
                ]
            )
        return [r.status_code for r in responses]

    started = time.monotonic()
    statuses = run(many())

    assert statuses == [200] * 300
    assert time.monotonic() - started < 8  # 300 x 0.3 s in sequence would be 90 s


def test_runs_standalone_from_the_command_line() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.llm_server", "--port", "0", "--latency-ms", "200"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        base_url = line.strip().rsplit(" ", 1)[-1]
        assert base_url.startswith("http://127.0.0.1:")

        started = time.monotonic()
        status, body = post(f"{base_url}/chat/completions", {"messages": [], "max_tokens": 5})

        assert status == 200
        assert json.loads(body["choices"][0]["message"]["content"]) == DEFAULT_DRAFT
        assert time.monotonic() - started >= 0.19
    finally:
        process.terminate()
        process.wait(timeout=10)


def _rendered(channel: str, seniority: str = "mid") -> list[Any]:
    from service.llm.inputs import (
        ContactInput,
        DraftRequestVariables,
        RequesterInput,
        ResearchFactInput,
        ResearchInput,
        channel_limits,
    )
    from service.llm.prompts import load_registry

    variables = DraftRequestVariables(
        requester=RequesterInput(name="Sam Lee", current_role="data analyst"),
        contact=ContactInput(name="Dana Ortiz", organization="Acme", seniority=seniority),  # type: ignore[arg-type]
        research=ResearchInput(
            facts=[ResearchFactInput(text="Led Acme's pricing experiments team", about="person")]
        ),
        channel=channel,  # type: ignore[arg-type]
        limits=channel_limits(channel),  # type: ignore[arg-type]
        canary="CANARY-0123456789",
    )
    return load_registry(ROOT / "prompts").render("draft_request", **variables.as_variables())


@pytest.mark.parametrize("channel", ["email", "linkedin_message", "linkedin_connection_note"])
def test_default_reply_to_a_rendered_prompt_is_grounded_in_it(
    llm_server: LLMServer, channel: str
) -> None:
    status, body = post(
        f"{llm_server.base_url}/chat/completions", {"messages": _rendered(channel, "executive")}
    )

    draft = json.loads(body["choices"][0]["message"]["content"])
    assert status == 200
    assert draft["body"].startswith("Hi Dana,")
    # The research fact, said to the contact, and a bounded time ask.
    assert "you led Acme's pricing experiments team" in draft["body"]
    assert re.search(r"\b15(–20)? minutes", draft["body"])
    assert "colleague" in draft["body"]
    assert "CANARY" not in draft["body"]
    assert (draft["subject"] is not None) is (channel == "email")
    if channel == "linkedin_connection_note":
        assert len(draft["body"]) <= 200
    else:
        assert len(draft["body"].split()) <= 180
