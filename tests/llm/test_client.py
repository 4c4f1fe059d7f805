"""The LLM client against a real local OpenAI-compatible server, through the real openai SDK."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from service.core.config import Settings
from service.llm.client import (
    LLMClient,
    OutputMode,
    extract_json_object,
    from_settings,
    next_mode,
    parse_retry_after,
    redact,
)
from service.llm.errors import (
    LLMAuthError,
    LLMConfigurationError,
    LLMConnectionError,
    LLMError,
    LLMOutputError,
    LLMQuotaError,
    LLMRateLimitError,
    LLMRequestError,
    LLMServerError,
    LLMTimeoutError,
)
from service.llm.schemas import ModelParams
from tests.llm.conftest import API_KEY, DRAFT_SCHEMA, MESSAGES, complete, run
from tests.support.llm_server import (
    DEFAULT_DRAFT,
    FLAVOURS,
    Flavour,
    LLMServer,
    RecordedRequest,
    Reply,
)

MakeClient = Callable[..., LLMClient]
GOOD = {"subject": None, "body": "Hi Dana, would you have 15-20 minutes?"}


def gaps(server: LLMServer) -> list[float]:
    times = [r.received_at for r in server.chat_requests]
    return [b - a for a, b in itertools.pairwise(times)]


# -- the happy path ---------------------------------------------------------------------------


def test_returns_parsed_json_with_usage_and_one_attempt(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    result = run(complete(make_client()))

    assert result.data == DEFAULT_DRAFT
    assert result.mode is OutputMode.JSON_SCHEMA
    assert result.attempt_count == 1
    assert result.attempts[0].outcome == "ok"
    assert result.attempts[0].status_code == 200
    assert result.usage.prompt_tokens > 0
    assert result.usage.completion_tokens > 0
    assert result.usage.total_tokens == result.usage.prompt_tokens + result.usage.completion_tokens
    assert result.total_usage == result.usage
    assert result.latency_s > 0
    assert result.model == "test-model"
    assert result.finish_reason == "stop"
    assert len(llm_server.chat_requests) == 1


def test_sends_max_tokens_strict_schema_and_sampling_params(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    params = ModelParams(temperature=0.3, top_p=0.9, max_tokens=300)
    result = run(complete(make_client(), params=params))

    body = llm_server.chat_requests[0].json
    assert body["max_tokens"] == 300
    assert "max_completion_tokens" not in body
    assert body["temperature"] == 0.3
    assert body["top_p"] == 0.9
    assert body["model"] == "test-model"
    assert body["messages"] == MESSAGES
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "draft", "schema": DRAFT_SCHEMA, "strict": True},
    }
    assert result.request_params["max_tokens"] == 300


@pytest.mark.parametrize(("asked", "sent"), [(None, 800), (300, 300), (5000, 800)])
def test_max_tokens_is_always_sent_and_capped_by_setting(
    llm_server: LLMServer, make_client: MakeClient, asked: int | None, sent: int
) -> None:
    run(complete(make_client(), params=ModelParams(max_tokens=asked)))
    assert llm_server.chat_requests[0].json["max_tokens"] == sent


def test_sends_api_key_as_bearer_token(llm_server: LLMServer, make_client: MakeClient) -> None:
    run(complete(make_client()))
    assert llm_server.chat_requests[0].headers["authorization"] == f"Bearer {API_KEY}"


def test_model_override_from_params(llm_server: LLMServer, make_client: MakeClient) -> None:
    run(complete(make_client(), params=ModelParams(model="other-model")))
    assert llm_server.chat_requests[0].json["model"] == "other-model"


# -- retries --------------------------------------------------------------------------------


def test_retries_429_after_the_retry_after_seconds(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.script(Reply.rate_limited(retry_after="1"), Reply.ok(GOOD))

    result = run(complete(make_client()))

    assert result.data == GOOD
    assert result.attempt_count == 2
    assert [a.outcome for a in result.attempts] == ["rate_limited", "ok"]
    assert result.attempts[0].status_code == 429
    assert result.attempts[0].retry_after_s == 1.0
    (gap,) = gaps(llm_server)
    assert 0.95 <= gap < 2.0


def test_retry_after_ms_takes_precedence(llm_server: LLMServer, make_client: MakeClient) -> None:
    llm_server.script(Reply.rate_limited(retry_after="10", retry_after_ms="300"), Reply.ok(GOOD))

    run(complete(make_client()))

    (gap,) = gaps(llm_server)
    assert 0.28 <= gap < 1.5


def test_retry_after_is_capped(llm_server: LLMServer, make_client: MakeClient) -> None:
    llm_server.script(Reply.rate_limited(retry_after="30"), Reply.ok(GOOD))

    result = run(complete(make_client(retry_after_cap_s=0.2)))

    assert result.attempt_count == 2
    (gap,) = gaps(llm_server)
    assert 0.19 <= gap < 1.0


def test_retry_after_on_503_is_honoured(llm_server: LLMServer, make_client: MakeClient) -> None:
    llm_server.script(
        Reply.error_reply(503, "overloaded", headers={"Retry-After": "0.5"}), Reply.ok(GOOD)
    )
    run(complete(make_client()))
    (gap,) = gaps(llm_server)
    assert gap >= 0.48


NOW = datetime(2025, 11, 25, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "2"}, 2.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after-ms": "nonsense", "retry-after": "3"}, 3.0),
        ({"retry-after": format_datetime(NOW + timedelta(seconds=7), usegmt=True)}, 7.0),
        ({"retry-after": format_datetime(NOW - timedelta(seconds=7), usegmt=True)}, 0.0),
        ({"retry-after": "-4"}, 0.0),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_parse_retry_after(headers: dict[str, str], expected: float | None) -> None:
    assert parse_retry_after(headers, now=NOW) == expected


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408, 409])
def test_retries_transient_status_codes(
    llm_server: LLMServer, make_client: MakeClient, status: int
) -> None:
    llm_server.script(Reply.error_reply(status, "try again"), Reply.ok(GOOD))

    result = run(complete(make_client()))

    assert result.data == GOOD
    assert [a.status_code for a in result.attempts] == [status, 200]
    assert result.attempts[0].outcome == "server_error"


def test_retries_after_a_timeout(llm_server: LLMServer, make_client: MakeClient) -> None:
    llm_server.script(Reply.hang(5.0), Reply.ok(GOOD))

    started = time.monotonic()
    result = run(complete(make_client(timeout_s=0.5)))

    assert result.data == GOOD
    outcomes = [a.outcome for a in result.attempts]
    # On a loaded machine even the good reply may miss a 0.5 s deadline once; what matters
    # is that the hung attempt timed out, was retried, and the call did not wait it out.
    assert outcomes[0] == "timeout"
    assert outcomes[-1] == "ok"
    assert set(outcomes[1:-1]) <= {"timeout"}
    assert 0.45 <= result.attempts[0].latency_s < 2.0
    assert time.monotonic() - started < 4.5  # did not wait for the hung reply


def test_retries_a_dropped_connection(llm_server: LLMServer, make_client: MakeClient) -> None:
    llm_server.script(Reply.dropped(), Reply.ok(GOOD))

    result = run(complete(make_client()))

    assert result.data == GOOD
    assert [a.outcome for a in result.attempts] == ["connection_error", "ok"]


def test_connection_refused_is_a_connection_error(make_client: MakeClient) -> None:
    client = make_client(base_url="http://127.0.0.1:9/v1", max_attempts=2)
    with pytest.raises(LLMConnectionError) as info:
        run(complete(client))
    assert len(info.value.attempts) == 2


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (400, LLMRequestError),
        (401, LLMAuthError),
        (403, LLMAuthError),
        (404, LLMRequestError),
        (422, LLMRequestError),
    ],
)
def test_does_not_retry_client_errors(
    llm_server: LLMServer, make_client: MakeClient, status: int, error_type: type[LLMError]
) -> None:
    llm_server.script(
        Reply.error_reply(status, "messages[0] is invalid", type="invalid_request_error")
    )

    with pytest.raises(error_type) as info:
        run(complete(make_client()))

    assert len(llm_server.chat_requests) == 1
    assert info.value.attempts[0].outcome == "rejected"
    assert str(status) in str(info.value)


def test_does_not_retry_insufficient_quota(llm_server: LLMServer, make_client: MakeClient) -> None:
    llm_server.script(Reply.insufficient_quota(), Reply.ok(GOOD))

    with pytest.raises(LLMQuotaError, match="insufficient_quota"):
        run(complete(make_client()))

    assert len(llm_server.chat_requests) == 1


def test_gives_up_after_max_attempts(llm_server: LLMServer, make_client: MakeClient) -> None:
    llm_server.script(*[Reply.error_reply(503, "down")] * 10)

    with pytest.raises(LLMServerError) as info:
        run(complete(make_client(max_attempts=3)))

    assert len(llm_server.chat_requests) == 3
    assert [a.number for a in info.value.attempts] == [1, 2, 3]


def test_mixed_transient_failures_never_exceed_max_attempts(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.script(
        Reply.rate_limited(retry_after="0"), Reply.dropped(), Reply.hang(3.0), Reply.ok(GOOD)
    )

    with pytest.raises(LLMTimeoutError) as info:
        run(complete(make_client(max_attempts=3, timeout_s=0.8)))

    assert len(llm_server.chat_requests) == 3
    assert [a.outcome for a in info.value.attempts] == [
        "rate_limited",
        "connection_error",
        "timeout",
    ]


def test_single_attempt_means_no_retry(llm_server: LLMServer, make_client: MakeClient) -> None:
    llm_server.script(Reply.rate_limited(retry_after="0"), Reply.ok(GOOD))

    with pytest.raises(LLMRateLimitError):
        run(complete(make_client(max_attempts=1)))

    assert len(llm_server.chat_requests) == 1


def test_error_messages_never_contain_the_api_key(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.script(
        Reply.error_reply(401, f"Incorrect API key provided: {API_KEY}", code="invalid_api_key")
    )

    with pytest.raises(LLMAuthError) as info:
        run(complete(make_client()))

    assert API_KEY not in str(info.value)
    assert all(API_KEY not in (a.error or "") for a in info.value.attempts)
    assert "invalid_api_key" in str(info.value)


# -- structured-output fallbacks ----------------------------------------------------------------


def test_falls_back_to_json_object_and_remembers(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.supports_json_schema = False
    client = make_client(initial_mode=OutputMode.JSON_OBJECT_SCHEMA)
    llm_server.flavour = Flavour("no-schema-form", json_object_schema=False)

    async def two_calls() -> tuple[Any, Any]:
        async with client:
            first = await client.complete_json(
                messages=MESSAGES, schema=DRAFT_SCHEMA, schema_name="d"
            )
            second = await client.complete_json(
                messages=MESSAGES, schema=DRAFT_SCHEMA, schema_name="d"
            )
            return first, second

    first, second = run(two_calls())

    assert first.mode is OutputMode.JSON_OBJECT
    assert [a.outcome for a in first.attempts] == ["mode_unsupported", "ok"]
    assert second.mode is OutputMode.JSON_OBJECT
    assert second.attempt_count == 1
    assert client.mode is OutputMode.JSON_OBJECT
    sent = [r.json["response_format"] for r in llm_server.chat_requests]
    assert sent[0] == {"type": "json_object", "schema": DRAFT_SCHEMA}
    assert sent[1:] == [{"type": "json_object"}] * 2
    system = llm_server.chat_requests[1].json["messages"][0]["content"]
    assert system.startswith(MESSAGES[0]["content"])
    assert "JSON" in system  # json_object mode needs the word, and the schema is described
    assert '"body"' in system


def test_falls_back_to_plain_prompt_and_parses_fenced_json(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.supports_json_schema = False
    llm_server.supports_json_object = False
    llm_server.script(
        Reply.ok('Here is the draft:\n```json\n{"subject": null, "body": "Hi Dana"}\n```')
    )

    result = run(complete(make_client()))

    assert result.mode is OutputMode.PROMPT
    assert result.data == {"subject": None, "body": "Hi Dana"}
    assert [r.response_format_type for r in llm_server.chat_requests] == [
        "json_schema",
        "json_object",  # with the schema (llama-cpp-python's form)
        "json_object",
        None,
    ]
    assert "response_format" not in llm_server.chat_requests[-1].json
    assert llm_server.chat_requests[-1].json["max_tokens"] == 800


def test_a_reasoning_model_in_prompt_mode_gives_the_object_after_its_thoughts(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.supports_json_schema = False
    llm_server.supports_json_object = False
    thoughts = '<think>The shape is {"subject": "...", "body": "..."}; keep it short.</think>'
    example = 'For example {"note": "not the answer"}, but here it is: '
    answer = '{"subject": null, "body": "Hi Dana"}'
    llm_server.script(Reply.ok(f"{thoughts}\n{example}{answer}"))

    result = run(complete(make_client()))

    assert result.mode is OutputMode.PROMPT
    assert result.data == {"subject": None, "body": "Hi Dana"}
    assert [a.outcome for a in result.attempts][-1] == "ok"


def test_mode_negotiation_does_not_use_up_attempts(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.supports_json_schema = False
    llm_server.supports_json_object = False

    result = run(complete(make_client(max_attempts=1)))

    assert result.data == DEFAULT_DRAFT
    assert len(llm_server.chat_requests) == 4


@pytest.mark.parametrize(
    "message",
    [
        "strict mode is not supported for this model",
        "guided decoding backend 'xgrammar' failed",
        "failed to build a grammar for the request",
    ],
)
def test_a_400_refusing_the_schema_in_other_words_falls_back_to_json_mode(
    llm_server: LLMServer, make_client: MakeClient, message: str
) -> None:
    llm_server.script(Reply.error_reply(400, message, type="invalid_request_error"), Reply.ok(GOOD))
    client = make_client(max_attempts=1)

    result = run(complete(client))

    assert result.data == GOOD
    assert result.mode is OutputMode.JSON_OBJECT
    assert [a.outcome for a in result.attempts] == ["mode_unsupported", "ok"]


def test_a_400_about_something_else_does_not_trigger_fallback(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.script(Reply.error_reply(400, "messages: too long", type="invalid_request_error"))
    client = make_client()

    with pytest.raises(LLMRequestError):
        run(complete(client))

    assert client.mode is OutputMode.JSON_SCHEMA


def test_switches_to_max_completion_tokens_when_max_tokens_is_rejected(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    def reasoning_model(request: RecordedRequest) -> Reply:
        if "max_tokens" in request.json:
            return Reply.error_reply(
                400,
                "Unsupported parameter: 'max_tokens' is not supported with this model. "
                "Use 'max_completion_tokens' instead.",
                type="invalid_request_error",
                code="unsupported_parameter",
            )
        return Reply.ok(GOOD)

    llm_server.responder = reasoning_model
    client = make_client(max_attempts=1)

    result = run(complete(client))

    assert result.data == GOOD
    last = llm_server.chat_requests[-1].json
    assert last["max_completion_tokens"] == 800
    assert "max_tokens" not in last
    assert client.limit_param == "max_completion_tokens"
    assert [a.outcome for a in result.attempts] == ["limit_param_unsupported", "ok"]


def test_sampling_parameters_a_model_refuses_are_dropped_and_stay_dropped(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    def reasoning_model(request: RecordedRequest) -> Reply:
        if "temperature" in request.json:
            return Reply.error_reply(
                400,
                "Unsupported value: 'temperature' does not support 0.7 with this model. "
                "Only the default (1) value is supported.",
                type="invalid_request_error",
                code="unsupported_value",
            )
        return Reply.ok(GOOD)

    llm_server.responder = reasoning_model
    client = make_client(max_attempts=1)

    async def two_calls() -> tuple[Any, Any]:
        async with client:
            options: dict[str, Any] = {
                "messages": MESSAGES,
                "schema": DRAFT_SCHEMA,
                "schema_name": "draft",
                "params": ModelParams(temperature=0.7, top_p=0.9),
            }
            return await client.complete_json(**options), await client.complete_json(**options)

    first, second = run(two_calls())

    assert first.data == GOOD
    assert [a.outcome for a in first.attempts] == ["param_unsupported", "ok"]
    assert "temperature" not in first.request_params
    assert first.request_params["top_p"] == 0.9  # only the refused one goes
    assert [a.outcome for a in second.attempts] == ["ok"]  # remembered
    assert [("temperature" in r.json) for r in llm_server.chat_requests] == [True, False, False]


def test_a_refusal_of_something_not_sent_is_not_retried(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.script(
        Reply.error_reply(400, "'logprobs' is not supported with this model", type="invalid")
    )
    with pytest.raises(LLMRequestError):
        run(complete(make_client(max_attempts=1)))
    assert len(llm_server.chat_requests) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('  \n{"a": 1}\n', {"a": 1}),
        ('```json\n{"a": 1}\n```', {"a": 1}),
        ('```\n{"a": 1}\n```', {"a": 1}),
        ('Sure! Here it is: {"a": {"b": "}"}} Hope that helps.', {"a": {"b": "}"}}),
        ('[1, 2] and then {"a": 2}', {"a": 2}),
        ('{broken {"a": 3}', {"a": 3}),
        ('\ufeff{"a": 4}', {"a": 4}),
        ('<think>Maybe {"a": 0}? No.</think>\n{"a": 5}', {"a": 5}),
        ('<THINKING>\n{"a": 0}\n</THINKING>```json\n{"a": 6}\n```', {"a": 6}),
    ],
)
def test_extract_json_object(text: str, expected: dict[str, Any]) -> None:
    assert extract_json_object(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "no json here", "[1, 2]", '{"a": ', "```json\n```", '<think>I will answer {"a": 1}'],
)
def test_extract_json_object_rejects_non_objects(text: str) -> None:
    with pytest.raises(ValueError, match="no JSON object"):
        extract_json_object(text)


# -- output errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        (Reply.malformed(), "malformed"),
        (Reply.ok("I cannot produce JSON today."), "malformed"),
        (Reply.empty(), "empty"),
        (Reply.ok("   \n"), "empty"),
        (Reply.refused(), "refused"),
        (
            Reply(content='{"subject": null, "body": "x"}', finish_reason="content_filter"),
            "refused",
        ),
        (Reply.truncated(), "truncated"),
        (Reply.truncated(content=json.dumps(GOOD)), "truncated"),  # complete JSON, still cut off
        (Reply.ok({"subject": None}), "schema"),
        (Reply.ok({"subject": None, "body": 42}), "schema"),
    ],
)
def test_bad_output_is_an_error_never_content(
    llm_server: LLMServer, make_client: MakeClient, reply: Reply, problem: str
) -> None:
    llm_server.script(reply, reply, Reply.ok(GOOD))

    with pytest.raises(LLMOutputError) as info:
        run(complete(make_client()))

    assert info.value.problem == problem
    # One retry for output errors, then give up even though attempts remain.
    assert len(llm_server.chat_requests) == 2
    assert [a.outcome for a in info.value.attempts] == ["output_error", "output_error"]


def test_bad_output_once_is_retried(llm_server: LLMServer, make_client: MakeClient) -> None:
    llm_server.script(Reply.truncated(), Reply.ok(GOOD))

    result = run(complete(make_client()))

    assert result.data == GOOD
    assert [a.outcome for a in result.attempts] == ["output_error", "ok"]
    truncated_usage = result.attempts[0].usage
    assert truncated_usage is not None
    assert (
        result.total_usage.total_tokens == truncated_usage.total_tokens + result.usage.total_tokens
    )


def test_output_retries_can_be_turned_off(llm_server: LLMServer, make_client: MakeClient) -> None:
    llm_server.script(Reply.empty(), Reply.ok(GOOD))

    with pytest.raises(LLMOutputError):
        run(complete(make_client(output_retries=0)))

    assert len(llm_server.chat_requests) == 1


def test_extra_keys_are_dropped_when_schema_forbids_them(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.script(Reply.ok({**GOOD, "note": "ignore me"}))
    result = run(complete(make_client()))
    assert result.data == GOOD


# -- concurrency and configuration ---------------------------------------------------------------


def test_many_concurrent_calls_share_one_client(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.latency_s = 0.2
    client = make_client(timeout_s=20)

    async def many() -> list[Any]:
        async with client:
            return await asyncio.gather(
                *[
                    client.complete_json(messages=MESSAGES, schema=DRAFT_SCHEMA, schema_name="d")
                    for _ in range(150)
                ]
            )

    started = time.monotonic()
    results = run(many())

    assert len(results) == 150
    assert all(r.data == DEFAULT_DRAFT for r in results)
    assert time.monotonic() - started < 10  # concurrent, not 150 x 0.2 s in sequence


def test_concurrency_limit_bounds_requests_in_flight(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    in_flight = 0
    peak = 0

    async def slow(request: RecordedRequest) -> Reply:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.05)
        in_flight -= 1
        return Reply.ok(GOOD)

    llm_server.responder = slow
    client = make_client(concurrency=3)

    async def many() -> None:
        async with client:
            await asyncio.gather(
                *[
                    client.complete_json(messages=MESSAGES, schema=DRAFT_SCHEMA, schema_name="d")
                    for _ in range(12)
                ]
            )

    run(many())

    assert len(llm_server.chat_requests) == 12
    assert peak == 3


def test_from_settings(llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        OPENAI_BASE_URL=llm_server.base_url,
        OPENAI_API_KEY=API_KEY,
        llm_model="settings-model",
        llm_max_output_tokens=123,
        llm_max_attempts=2,
        llm_timeout_s=5,
    )
    llm_server.script(Reply.error_reply(503), Reply.error_reply(503), Reply.ok(GOOD))
    client = from_settings(settings, backoff_base_s=0.01, backoff_max_s=0.02)

    with pytest.raises(LLMServerError):
        run(complete(client))

    requests = llm_server.chat_requests
    assert len(requests) == 2
    assert requests[0].json["model"] == "settings-model"
    assert requests[0].json["max_tokens"] == 123
    assert requests[0].headers["authorization"] == f"Bearer {API_KEY}"


def test_from_settings_without_an_llm_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    with pytest.raises(LLMConfigurationError):
        from_settings(settings)


def test_local_server_needs_no_api_key(llm_server: LLMServer, make_client: MakeClient) -> None:
    result = run(complete(make_client(api_key=None)))
    assert result.data == DEFAULT_DRAFT


# -- what other OpenAI-compatible servers send ------------------------------------------------


def _completion_body(message: dict[str, Any], **extra: Any) -> bytes:
    body = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "other-server",
        "choices": [{"index": 0, "message": {"role": "assistant", **message}, **extra}],
    }
    return json.dumps(body).encode()


@pytest.mark.parametrize(
    ("message", "extra"),
    [
        # content as a list of parts, as some servers (and newer APIs) send it
        (
            {
                "content": [
                    {"type": "text", "text": json.dumps(GOOD)[:20]},
                    {"type": "text", "text": json.dumps(GOOD)[20:]},
                ]
            },
            {"finish_reason": "stop"},
        ),
        # no usage, no finish_reason, extra fields (reasoning) beside the content
        ({"content": json.dumps(GOOD), "reasoning_content": "thinking..."}, {}),
        # the answer in a fenced block
        ({"content": "```json\n" + json.dumps(GOOD) + "\n```"}, {"finish_reason": "stop"}),
    ],
)
def test_reads_answers_in_the_shapes_other_servers_use(
    llm_server: LLMServer, make_client: MakeClient, message: dict[str, Any], extra: dict[str, Any]
) -> None:
    llm_server.script(Reply(raw_body=_completion_body(message, **extra)))
    result = run(complete(make_client()))
    assert result.data == GOOD
    assert result.model == "other-server"
    assert result.attempt_count == 1


def test_usage_without_a_total_is_summed(llm_server: LLMServer, make_client: MakeClient) -> None:
    body = json.loads(_completion_body({"content": json.dumps(GOOD)}, finish_reason="stop"))
    body["usage"] = {"prompt_tokens": 120, "completion_tokens": 30}
    llm_server.script(Reply(raw_body=json.dumps(body).encode()))
    result = run(complete(make_client()))
    assert (result.usage.prompt_tokens, result.usage.total_tokens) == (120, 150)


@pytest.mark.parametrize(
    "raw_body",
    [b"[]", b'{"choices": "none"}', b'{"choices": [{"message": {"content": 7}}]}'],
)
def test_a_body_that_is_no_completion_is_a_malformed_attempt(
    llm_server: LLMServer, make_client: MakeClient, raw_body: bytes
) -> None:
    llm_server.script(*[Reply(raw_body=raw_body)] * 8)
    with pytest.raises(LLMOutputError):
        run(complete(make_client(max_attempts=1)))


# -- what real servers answer (the stand-in's flavours) -----------------------------------------


class MemoryModeStore:
    """`ModeStore` in a dict, as the database keeps it."""

    def __init__(self) -> None:
        self.modes: dict[tuple[str, str], OutputMode] = {}
        self.saved: list[tuple[str, str, OutputMode, str | None]] = []

    async def load(self, endpoint: str, model: str) -> OutputMode | None:
        return self.modes.get((endpoint, model))

    async def save(self, endpoint: str, model: str, mode: OutputMode, detail: str | None) -> None:
        self.modes[(endpoint, model)] = mode
        self.saved.append((endpoint, model, mode, detail))


def test_llama_cpp_python_500_naming_response_format_moves_on_without_retrying(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.flavour = FLAVOURS["llama_cpp_python"]
    store = MemoryModeStore()

    result = run(complete(make_client(max_attempts=1, mode_store=store)))

    assert result.data == DEFAULT_DRAFT
    assert result.mode is OutputMode.JSON_OBJECT_SCHEMA
    assert [(a.outcome, a.status_code) for a in result.attempts] == [
        ("mode_unsupported", 500),
        ("ok", 200),
    ]
    assert llm_server.chat_requests[1].json["response_format"] == {
        "type": "json_object",
        "schema": DRAFT_SCHEMA,
    }
    [(endpoint, model, mode, detail)] = store.saved
    assert (endpoint, model, mode) == (llm_server.base_url, "test-model", "json_object_schema")
    assert detail is not None
    assert "response_format" in detail

    # A restarted process asks in the remembered mode straight away.
    llm_server.reset()
    llm_server.flavour = FLAVOURS["llama_cpp_python"]
    again = run(complete(make_client(mode_store=store)))
    assert again.mode is OutputMode.JSON_OBJECT_SCHEMA
    assert again.attempt_count == 1
    assert len(llm_server.chat_requests) == 1


def test_a_500_that_does_not_name_the_output_mode_is_a_server_error(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.script(Reply.error_reply(500, "CUDA out of memory"), Reply.ok(GOOD))

    result = run(complete(make_client()))

    assert result.mode is OutputMode.JSON_SCHEMA
    assert [a.outcome for a in result.attempts] == ["server_error", "ok"]


def test_vllm_refusing_the_schema_itself_skips_to_json_object(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.flavour = FLAVOURS["vllm"]

    result = run(complete(make_client(model=llm_server.model, max_attempts=1)))

    assert result.mode is OutputMode.JSON_OBJECT
    assert "xgrammar" in (result.attempts[0].error or "")  # vLLM's top-level error shape
    assert [r.json["response_format"] for r in llm_server.chat_requests] == [
        {
            "type": "json_schema",
            "json_schema": {"name": "draft", "schema": DRAFT_SCHEMA, "strict": True},
        },
        {"type": "json_object"},
    ]


def test_vllm_context_overflow_names_the_cause(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.flavour = FLAVOURS["vllm"]

    with pytest.raises(LLMRequestError) as info:
        run(complete(make_client(model=llm_server.model, max_output_tokens=8000)))

    assert "maximum context length is 4096 tokens" in info.value.message
    # json_schema refused (its grammar backend), then json_object refused for the length.
    assert [r.response_format_type for r in llm_server.chat_requests] == [
        "json_schema",
        "json_object",
    ]


def test_ollama_model_not_pulled_is_refused_with_its_words(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.flavour = FLAVOURS["ollama"]

    with pytest.raises(LLMRequestError) as info:
        run(complete(make_client(model="llama3.2")))

    assert info.value.status_code == 404
    assert 'model "llama3.2" not found, try pulling it first' in info.value.message
    assert len(llm_server.chat_requests) == 1


def test_old_ollama_ignoring_json_schema_is_parsed_from_its_prose(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.flavour = FLAVOURS["ollama"]
    llm_server.script(Reply.ok('Sure! Here it is:\n{"subject": null, "body": "Hi Dana"}'))

    result = run(complete(make_client(model=llm_server.model)))

    assert llm_server.ignores_response_format(llm_server.chat_requests[0].json)
    assert result.data == {"subject": None, "body": "Hi Dana"}


def test_a_pinned_mode_is_sent_first_and_never_changed(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    store = MemoryModeStore()
    result = run(complete(make_client(output_mode=OutputMode.JSON_OBJECT, mode_store=store)))
    assert result.mode is OutputMode.JSON_OBJECT
    assert llm_server.chat_requests[0].json["response_format"] == {"type": "json_object"}

    llm_server.reset()
    llm_server.flavour = FLAVOURS["llama_cpp_python"]
    with pytest.raises(LLMRequestError) as info:
        run(complete(make_client(output_mode=OutputMode.JSON_SCHEMA, mode_store=store)))
    assert info.value.code == "output_mode_unsupported"
    assert "ASKWELL_LLM_OUTPUT_MODE" in info.value.message
    assert len(llm_server.chat_requests) == 1
    assert store.saved == []


def test_tokens_of_rejected_output_are_recorded(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    usage = {"prompt_tokens": 600, "completion_tokens": 100, "total_tokens": 700}
    llm_server.script(Reply.ok("not json", usage=usage), Reply.ok("still not", usage=usage))

    with pytest.raises(LLMOutputError) as info:
        run(complete(make_client()))

    assert [a.usage.total_tokens if a.usage else 0 for a in info.value.attempts] == [700, 700]


def test_an_off_schema_object_names_its_missing_fields(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.script(*[Reply.ok({"greeting": "hi"})] * 2)

    with pytest.raises(LLMOutputError) as info:
        run(complete(make_client()))

    assert info.value.problem == "schema"
    assert info.value.missing == ("subject", "body")
    assert "missing required fields subject, body" in info.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"subject": null, "body": "Hi Dana,\n\nline two"}', "Hi Dana,\n\nline two"),
        ('{"subject": null, "body": "tab\there"}', "tab\there"),
        ('```json\n{"subject": null, "body": "fenced"}\n```', "fenced"),
        ('Here is your JSON:\n{"subject": null, "body": "after prose"}', "after prose"),
        ('{"subject": null, "body": "commented"} // the draft', "commented"),
        ('{"subject": null, "body": "commented"}\n# done', "commented"),
    ],
)
def test_lenient_parsing(text: str, expected: str) -> None:
    assert extract_json_object(text)["body"] == expected


@pytest.mark.parametrize(
    ("key", "message", "expected"),
    [
        (
            "x",
            "Invalid value: expected a max_tokens of 0x10",
            "Invalid value: expected a max_tokens of 0x10",
        ),
        ("none", "none of the tokens", "none of the tokens"),
        ("secret-key-123", "key secret-key-123 rejected", "key *** rejected"),
        (
            "abcdefgh",
            "abcdefghij is another word; abcdefgh is the key",
            "abcdefghij is another word; *** is the key",
        ),
    ],
)
def test_redaction_masks_only_real_secrets_and_whole_tokens(
    key: str, message: str, expected: str
) -> None:
    assert redact(message, key) == expected


def test_a_short_key_does_not_mangle_provider_errors(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.script(
        Reply.error_reply(400, "max_tokens exceeds the context", type="invalid_request_error")
    )

    with pytest.raises(LLMRequestError) as info:
        run(complete(make_client(api_key="x")))

    assert "max_tokens exceeds the context" in info.value.message


@pytest.mark.parametrize(
    ("rejected", "detail", "expected"),
    [
        (
            OutputMode.JSON_SCHEMA,
            "response_format.type: Input should be 'text' or 'json_object'",
            OutputMode.JSON_OBJECT_SCHEMA,
        ),
        (
            OutputMode.JSON_SCHEMA,
            "failed to build a grammar for the schema",
            OutputMode.JSON_OBJECT,
        ),
        (
            OutputMode.JSON_OBJECT_SCHEMA,
            "unknown field response_format.schema",
            OutputMode.JSON_OBJECT,
        ),
        (OutputMode.JSON_OBJECT, "json_object is not supported", OutputMode.PROMPT),
        (OutputMode.PROMPT, "anything", OutputMode.PROMPT),
    ],
)
def test_next_mode(rejected: OutputMode, detail: str, expected: OutputMode) -> None:
    assert next_mode(rejected, detail) is expected
