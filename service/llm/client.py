"""Typed wrapper around `openai.AsyncOpenAI` that returns one JSON object per call.

What it adds to the SDK:

* **Retries, ours only.** The SDK is built with `max_retries=0`; `tenacity` retries transient
  failures (429 except `insufficient_quota`, 408, 409, 5xx, timeouts, connection errors) with
  full-jitter exponential backoff, or exactly the server's `retry-after-ms` / `Retry-After`
  (seconds or HTTP date) capped at `retry_after_cap_s`. At most `max_attempts` attempts.
* **Output errors are failed attempts.** Malformed, empty, refused, truncated
  (`finish_reason == "length"`) or off-schema output raises `LLMOutputError` and is never
  returned. It is retried `output_retries` times (default once) within `max_attempts`: a
  sampling fluke often does not repeat, a systematic problem (a too-small `max_tokens`) does,
  and paying for more than one repeat is rarely worth it.
* **Structured output with fallback.** Modes are tried in order `json_schema` (strict) →
  `json_object_schema` (llama-cpp-python's `{"type": "json_object", "schema": {...}}`, the
  schema enforced by grammar) → `json_object` → `prompt` (no `response_format`, schema
  described in the system message, tolerant parsing). Any 4xx or 5xx whose error names
  `response_format`, `json_schema`, `json_object` or the schema means "this mode is not
  supported" (llama-cpp-python answers a `json_schema` request with a 500): the client moves
  to the next mode and *stays* there for later calls of the same model; a `ModeStore`
  remembers it per endpoint and model across restarts. A refusal of the schema itself
  (grammar, strict mode, guided decoding) skips the other schema mode. These negotiation
  requests are recorded but do not use up `max_attempts` (there are at most three of
  them). A pinned `output_mode` (`ASKWELL_LLM_OUTPUT_MODE`) is never changed: its refusal
  is an error.
* **Output budget always set.** `max_tokens` is sent by default: every OpenAI-compatible
  server (vLLM, Ollama, llama.cpp, Azure, OpenAI chat models) accepts it, whereas
  `max_completion_tokens` is OpenAI-specific and unknown to older servers. OpenAI's reasoning
  models reject `max_tokens`; when a 400 says so, the client switches to
  `max_completion_tokens` and remembers (and vice versa), so exactly one is always sent.
* **Every HTTP attempt recorded** (`AttemptRecord`) in the result and on raised `LLMError`s.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal, Protocol, cast

import aiohttp
import openai
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam
from openai.types.chat.completion_create_params import ResponseFormat
from pydantic import BaseModel, ConfigDict
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_random_exponential

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
    LLMTransientError,
    OutputProblem,
)
from service.llm.schemas import ChatMessage, ModelParams, TokenUsage

if TYPE_CHECKING:
    from service.core.config import Settings

__all__ = [
    "AttemptRecord",
    "LLMClient",
    "LLMResult",
    "ModeStore",
    "OutputMode",
    "OutputModeName",
    "Probe",
    "extract_json_object",
    "from_settings",
    "parse_retry_after",
]

log = logging.getLogger(__name__)

LimitParam = Literal["max_tokens", "max_completion_tokens"]
AttemptOutcome = Literal[
    "ok",
    "rate_limited",
    "server_error",
    "timeout",
    "connection_error",
    "mode_unsupported",
    "limit_param_unsupported",
    "param_unsupported",
    "rejected",
    "output_error",
]
# Local servers ignore the key, but the SDK insists on one.
_PLACEHOLDER_KEY = "not-needed"
_TRANSIENT_STATUS = frozenset({408, 409})
_MODE_WORDS = ("response_format", "response format", "json_schema", "json_object", "structured")
# Statuses that are never about the output mode, whatever their message says.
_NOT_MODE_STATUS = frozenset({401, 403, 404, 429})
# Sampling parameters a model may refuse (reasoning models take only their defaults):
# dropped, for this client's life, when a 400 names one as unsupported.
_OPTIONAL_PARAMS = ("temperature", "top_p", "presence_penalty", "frequency_penalty", "seed")
_UNSUPPORTED_WORDS = ("unsupported", "not supported", "does not support", "not allowed")
# What servers say when they refuse a JSON schema in particular: "strict mode is not
# supported", vLLM's guided decoding, llama.cpp's grammar built from the schema.
_SCHEMA_MODE_WORDS = ("schema", "strict", "guided", "grammar")


class OutputMode(StrEnum):
    """How the client asks for JSON, strongest first."""

    JSON_SCHEMA = "json_schema"
    JSON_OBJECT_SCHEMA = "json_object_schema"
    JSON_OBJECT = "json_object"
    PROMPT = "prompt"


# The modes' names, as the API's contract names its enumerations.
OutputModeName = Literal["json_schema", "json_object_schema", "json_object", "prompt"]


class ModeStore(Protocol):
    """Remembers the output mode that works, per endpoint and model (a database table)."""

    async def load(self, endpoint: str, model: str) -> OutputMode | None:
        """The remembered mode, or None."""
        ...

    async def save(self, endpoint: str, model: str, mode: OutputMode, detail: str | None) -> None:
        """Remember `mode` (`detail`: why the stronger one was given up)."""
        ...


_MODES = tuple(OutputMode)


class AttemptRecord(BaseModel):
    """One HTTP request made for a call, whatever its outcome."""

    model_config = ConfigDict(frozen=True)

    number: int  # 1-based order within the call
    mode: OutputMode
    limit_param: LimitParam
    started_at: datetime
    latency_s: float
    outcome: AttemptOutcome
    status_code: int | None = None
    error: str | None = None
    retry_after_s: float | None = None
    request_id: str | None = None
    usage: TokenUsage | None = None


class LLMResult(BaseModel):
    """A parsed JSON object from the model, with everything needed for provenance."""

    model_config = ConfigDict(frozen=True)

    data: dict[str, Any]
    raw_text: str
    usage: TokenUsage  # of the successful response
    total_usage: TokenUsage  # summed over every attempt that reported usage
    latency_s: float  # whole call, backoff included
    attempts: tuple[AttemptRecord, ...]
    mode: OutputMode
    model: str  # as reported by the provider
    finish_reason: str | None  # some servers leave it out
    request_params: dict[str, Any]  # what was sent besides the messages

    @property
    def attempt_count(self) -> int:
        return len(self.attempts)


ProbeOutcome = Literal[
    "ok", "output_error", "mode_unsupported", "http_error", "auth", "unreachable"
]


class Probe(BaseModel):
    """What one probe request found (see `LLMClient.probe`)."""

    mode: OutputMode
    outcome: ProbeOutcome
    latency_s: float
    status_code: int | None = None
    detail: str | None = None
    usage: TokenUsage | None = None
    text: str | None = None
    data: dict[str, Any] | None = None


class _Call:
    """Mutable bookkeeping for one `complete_json` call."""

    def __init__(self) -> None:
        self.attempts: list[AttemptRecord] = []
        self.output_failures = 0


class LLMClient:
    """Asks an OpenAI-compatible chat endpoint for a JSON object; see the module docstring."""

    def __init__(
        self,
        *,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        max_attempts: int = 4,
        max_output_tokens: int = 800,
        retry_after_cap_s: float = 60.0,
        backoff_base_s: float = 0.5,
        backoff_max_s: float = 8.0,
        output_retries: int = 1,
        limit_param: LimitParam = "max_tokens",
        initial_mode: OutputMode = OutputMode.JSON_SCHEMA,
        output_mode: OutputMode | None = None,
        mode_store: ModeStore | None = None,
        concurrency: int | None = None,
        openai_client: openai.AsyncOpenAI | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if base_url is None and api_key is None and openai_client is None:
            raise LLMConfigurationError(
                "no LLM endpoint configured: set OPENAI_BASE_URL or OPENAI_API_KEY"
            )
        self.model = model
        self.timeout_s = timeout_s
        self.max_attempts = max_attempts
        self.max_output_tokens = max_output_tokens
        self.retry_after_cap_s = retry_after_cap_s
        self.output_retries = output_retries
        self._api_key = api_key
        self._openai = openai_client or openai.AsyncOpenAI(
            api_key=api_key or _PLACEHOLDER_KEY,
            base_url=base_url,
            timeout=timeout_s,
            max_retries=0,  # tenacity owns retries; SDK retries would multiply attempts
            # aiohttp's transport costs about half the CPU per call of the default one,
            # which matters when a batch runner keeps dozens of calls in flight.
            http_client=openai.DefaultAioHttpClient(timeout=timeout_s),
        )
        self._backoff = wait_random_exponential(multiplier=backoff_base_s, max=backoff_max_s)
        self._sleep = sleep or asyncio.sleep
        # Per model (a prompt may name its own): the strongest mode not rejected so far.
        self._initial_mode = output_mode or initial_mode
        self._modes: dict[str, OutputMode] = {}
        self._loaded: set[str] = set()
        self.pinned_mode = output_mode
        self._store = mode_store
        self._store_lock = asyncio.Lock()
        self.endpoint = str(self._openai.base_url).rstrip("/")
        self._limit_param: LimitParam = limit_param
        self._dropped_params: set[str] = set()
        self._semaphore = asyncio.Semaphore(concurrency) if concurrency else None

    @property
    def mode(self) -> OutputMode:
        """The strongest structured-output mode the endpoint has not rejected so far (for
        the configured model)."""
        return self.mode_for(self.model)

    def mode_for(self, model: str) -> OutputMode:
        return self._modes.get(model, self._initial_mode)

    async def load_remembered_mode(self, model: str) -> None:
        """Take the stored mode of `model` on this endpoint, once (unless one is pinned)."""
        if model in self._loaded or self._store is None or self.pinned_mode is not None:
            return
        async with self._store_lock:
            if model in self._loaded:
                return
            try:
                stored = await self._store.load(self.endpoint, model)
            except Exception:
                log.warning("could not read the remembered output mode", exc_info=True)
                stored = None
            self._loaded.add(model)
            current = self._modes.get(model)
            if stored is not None and (
                current is None or _MODES.index(stored) > _MODES.index(current)
            ):
                self._modes[model] = stored

    @property
    def limit_param(self) -> LimitParam:
        return self._limit_param

    async def aclose(self) -> None:
        await self._openai.close()

    async def __aenter__(self) -> LLMClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def complete_json(
        self,
        *,
        messages: Sequence[ChatMessage],
        schema: Mapping[str, Any],
        schema_name: str,
        params: ModelParams | None = None,
    ) -> LLMResult:
        """Return the model's JSON object for `messages`, retrying transient failures."""
        params = params or ModelParams()
        call = _Call()
        started = time.monotonic()
        await self.load_remembered_mode(params.model or self.model)
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.max_attempts),
            wait=self._wait,
            retry=retry_if_exception(lambda exc: self._should_retry(call, exc)),
            sleep=self._sleep,
            before_sleep=self._log_retry,
            reraise=True,
        )
        result: tuple[Completion, dict[str, Any], str, dict[str, Any]] | None = None
        try:
            async for attempt in retrying:
                with attempt:
                    result = await self._attempt(call, messages, schema, schema_name, params)
        except LLMError as exc:
            exc.attempts = tuple(call.attempts)
            raise
        assert result is not None
        completion, data, raw_text, sent = result
        usage = completion.usage or TokenUsage()
        total = TokenUsage()
        for record in call.attempts:
            if record.usage is not None:
                total = total + record.usage
        return LLMResult(
            data=data,
            raw_text=raw_text,
            usage=usage,
            total_usage=total,
            latency_s=time.monotonic() - started,
            attempts=tuple(call.attempts),
            mode=call.attempts[-1].mode,
            model=completion.model,
            finish_reason=completion.finish_reason,
            request_params=sent,
        )

    # -- one attempt (plus any mode negotiation) ------------------------------------------

    async def _attempt(
        self,
        call: _Call,
        messages: Sequence[ChatMessage],
        schema: Mapping[str, Any],
        schema_name: str,
        params: ModelParams,
    ) -> tuple[Completion, dict[str, Any], str, dict[str, Any]]:
        model = params.model or self.model
        while True:
            mode, limit_param = self.mode_for(model), self._limit_param
            sent = self._request_params(params, mode, limit_param, schema, schema_name)
            body_messages = (
                _with_json_instruction(messages, schema)
                if mode != OutputMode.JSON_SCHEMA
                else list(messages)
            )
            started_at = datetime.now(UTC)
            t0 = time.monotonic()

            def record(
                outcome: AttemptOutcome,
                *,
                status: int | None = None,
                error: str | None = None,
                retry_after: float | None = None,
                request_id: str | None = None,
                usage: TokenUsage | None = None,
                mode: OutputMode = mode,
                limit_param: LimitParam = limit_param,
                t0: float = t0,
                started_at: datetime = started_at,
            ) -> None:
                call.attempts.append(
                    AttemptRecord(
                        number=len(call.attempts) + 1,
                        mode=mode,
                        limit_param=limit_param,
                        started_at=started_at,
                        latency_s=round(time.monotonic() - t0, 4),
                        outcome=outcome,
                        status_code=status,
                        error=error,
                        retry_after_s=retry_after,
                        request_id=request_id,
                        usage=usage,
                    )
                )

            try:
                completion = await self._send(body_messages, sent)
            except openai.APIStatusError as exc:
                status = exc.status_code
                full = self._detail(exc)
                detail = full[:300]
                request_id = exc.request_id
                if self._rejects_mode(status, full, mode):
                    record("mode_unsupported", status=status, error=detail, request_id=request_id)
                    if self.pinned_mode is not None:
                        raise LLMRequestError(
                            f"the model server does not support the pinned output mode "
                            f"{mode} (ASKWELL_LLM_OUTPUT_MODE; `auto` finds one that works): "
                            f"{status} {detail}",
                            status_code=status,
                            code="output_mode_unsupported",
                        ) from None
                    await self._downgrade(model, mode, status, detail)
                    continue
                refused = self._refused_param(status, detail, sent)
                if refused is not None:
                    record("param_unsupported", status=status, error=detail, request_id=request_id)
                    log.warning("the model refuses `%s`; sending it no more", refused)
                    self._dropped_params.add(refused)
                    continue
                if self._rejects_limit_param(status, detail, limit_param):
                    record(
                        "limit_param_unsupported",
                        status=status,
                        error=detail,
                        request_id=request_id,
                    )
                    self._limit_param = (
                        "max_completion_tokens" if limit_param == "max_tokens" else "max_tokens"
                    )
                    continue
                error = self._status_error(exc, detail)
                retry_after = getattr(error, "retry_after_s", None)
                outcome: AttemptOutcome = (
                    "rate_limited"
                    if isinstance(error, LLMRateLimitError)
                    else "server_error"
                    if isinstance(error, LLMServerError)
                    else "rejected"
                )
                record(
                    outcome,
                    status=status,
                    error=error.message,
                    retry_after=retry_after,
                    request_id=request_id,
                )
                raise error from None
            except (openai.APITimeoutError, TimeoutError) as exc:
                dropped = _connection_failure(exc)
                if dropped is not None:
                    record("connection_error", error=dropped)
                    raise LLMConnectionError(f"LLM connection failed ({dropped})") from None
                message = f"no answer within {self.timeout_s:g}s"
                record("timeout", error=message)
                raise LLMTimeoutError(f"LLM request timed out: {message}") from None
            except openai.APIConnectionError as exc:
                cause = type(exc.__cause__).__name__ if exc.__cause__ else "connection error"
                record("connection_error", error=cause)
                raise LLMConnectionError(f"LLM connection failed ({cause})") from None
            except (ValueError, openai.APIResponseValidationError):
                # The SDK raises json.JSONDecodeError (a ValueError) for a 200 that is not JSON.
                error = LLMOutputError("LLM response body was not valid JSON", problem="malformed")
                record("output_error", status=200, error=error.message)
                raise error from None

            usage = completion.usage
            try:
                data, raw_text = _parse_output(completion, schema)
            except LLMOutputError as exc:
                record("output_error", status=200, error=exc.message, usage=usage)
                raise
            record("ok", status=200, usage=usage)
            return completion, data, raw_text, sent

    # -- probes (`askwell llm check`) -----------------------------------------------------

    async def probe(
        self,
        mode: OutputMode,
        *,
        messages: Sequence[ChatMessage],
        schema: Mapping[str, Any],
        max_tokens: int,
    ) -> Probe:
        """One request in `mode`, no retries and no change of mode: what the server says."""
        params = ModelParams(max_tokens=max(16, max_tokens), temperature=0)
        sent = self._request_params(params, mode, self._limit_param, schema, "probe")
        sent[self._limit_param] = max_tokens  # the probe's own budget, not capped
        body = (
            _with_json_instruction(messages, schema)
            if mode != OutputMode.JSON_SCHEMA
            else list(messages)
        )
        t0 = time.monotonic()

        def done(outcome: ProbeOutcome, **kw: Any) -> Probe:
            return Probe(mode=mode, outcome=outcome, latency_s=time.monotonic() - t0, **kw)

        try:
            completion = await self._send(body, sent)
        except openai.APIStatusError as exc:
            full = self._detail(exc)
            status = exc.status_code
            if self._rejects_mode(status, full, mode):
                return done("mode_unsupported", status_code=status, detail=full[:300])
            if status in (401, 403):
                return done("auth", status_code=status, detail=full[:300])
            return done("http_error", status_code=status, detail=full[:300])
        except (openai.APITimeoutError, TimeoutError):
            return done("unreachable", detail=f"no answer within {self.timeout_s:g}s")
        except openai.APIConnectionError as exc:
            cause = type(exc.__cause__).__name__ if exc.__cause__ else "connection error"
            return done("unreachable", detail=f"connection failed ({cause})")
        except (ValueError, openai.APIResponseValidationError):
            return done("output_error", status_code=200, detail="the body is not JSON")
        try:
            data, raw = _parse_output(completion, schema)
        except LLMOutputError as exc:
            return done(
                "output_error",
                status_code=200,
                detail=exc.message,
                usage=completion.usage,
                text=(completion.content or "")[:300],
            )
        return done("ok", status_code=200, usage=completion.usage, text=raw[:300], data=data)

    async def list_models(self) -> list[str]:
        """The model ids the endpoint lists (`GET /models`)."""
        async with asyncio.timeout(self.timeout_s):
            page = await self._openai.models.list()
        return [m.id for m in page.data]

    async def _send(self, messages: list[ChatMessage], sent: dict[str, Any]) -> Completion:
        kwargs = dict(sent)
        if "response_format" in kwargs:
            kwargs["response_format"] = cast(ResponseFormat, kwargs["response_format"])
        if self._semaphore is None:
            return await self._create(messages, kwargs)
        async with self._semaphore:  # waiting for a slot is not part of the timeout
            return await self._create(messages, kwargs)

    async def _create(self, messages: list[ChatMessage], kwargs: dict[str, Any]) -> Completion:
        # The SDK's timeout bounds each read; this bounds the whole attempt (a server that
        # trickles bytes cannot hold a call open).
        async with asyncio.timeout(self.timeout_s):
            response = await self._openai.chat.completions.create(
                messages=cast(list[ChatCompletionMessageParam], messages), **kwargs
            )
        return completion_of(response)

    def _request_params(
        self,
        params: ModelParams,
        mode: OutputMode,
        limit_param: LimitParam,
        schema: Mapping[str, Any],
        schema_name: str,
    ) -> dict[str, Any]:
        budget = min(params.max_tokens or self.max_output_tokens, self.max_output_tokens)
        sent: dict[str, Any] = {"model": params.model or self.model, limit_param: budget}
        sent.update(
            (name, value)
            for name, value in params.sampling().items()
            if name not in self._dropped_params
        )
        if mode == OutputMode.JSON_SCHEMA:
            sent["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "schema": dict(schema), "strict": True},
            }
        elif mode == OutputMode.JSON_OBJECT_SCHEMA:
            sent["response_format"] = {"type": "json_object", "schema": dict(schema)}
        elif mode == OutputMode.JSON_OBJECT:
            sent["response_format"] = {"type": "json_object"}
        return sent

    # -- classification -------------------------------------------------------------------

    def _detail(self, exc: openai.APIStatusError) -> str:
        """The provider's error message, shortened and with anything key-like removed."""
        body = exc.body
        text = body.get("message") if isinstance(body, dict) else None
        if not isinstance(text, str) or not text:
            text = exc.message
        return redact(text, self._api_key)[:2000]

    @staticmethod
    def _rejects_mode(status: int, detail: str, mode: OutputMode) -> bool:
        """A 4xx or 5xx whose error names the structured-output request: "not supported".

        Servers differ in how they say it: a 400 (OpenAI, vLLM, Ollama), a 422 (FastAPI
        servers), a 500 naming `response_format` (llama-cpp-python's error wrapper)."""
        if mode == OutputMode.PROMPT or status < 400 or status in _NOT_MODE_STATUS:
            return False
        lowered = detail.lower()
        return any(word in lowered for word in _MODE_WORDS) or (
            mode != OutputMode.JSON_OBJECT and any(w in lowered for w in _SCHEMA_MODE_WORDS)
        )

    @staticmethod
    def _refused_param(status: int, detail: str, sent: Mapping[str, Any]) -> str | None:
        """The optional sampling parameter a 400 says the model does not support, if any."""
        if status not in (400, 422):
            return None
        lowered = detail.lower()
        if not any(word in lowered for word in _UNSUPPORTED_WORDS):
            return None
        for name in _OPTIONAL_PARAMS:
            if name in sent and name in lowered:
                return name
        return None

    @staticmethod
    def _rejects_limit_param(status: int, detail: str, limit_param: LimitParam) -> bool:
        if status not in (400, 422):
            return False
        lowered = detail.lower()
        if limit_param == "max_tokens":
            return "max_completion_tokens" in lowered
        return "max_completion_tokens" in lowered and "max_tokens" in lowered.replace(
            "max_completion_tokens", ""
        )

    async def _downgrade(self, model: str, rejected: OutputMode, status: int, detail: str) -> None:
        following = next_mode(rejected, detail)
        # Concurrent calls may both discover the rejection; never move back up.
        if _MODES.index(following) <= _MODES.index(self.mode_for(model)):
            return
        log.warning(
            "the model server refused %s output (%s); using %s from now on",
            rejected,
            status,
            following,
        )
        self._modes[model] = following
        if self._store is not None:
            try:
                await self._store.save(
                    self.endpoint, model, following, f"{rejected} refused: {status} {detail}"
                )
            except Exception:
                log.warning("could not remember the output mode", exc_info=True)

    @staticmethod
    def _status_error(exc: openai.APIStatusError, detail: str) -> LLMError:
        status = exc.status_code
        code = exc.code or exc.type
        label = f"{status} {code}" if code else str(status)
        message = f"LLM provider answered {label}: {detail}"
        if status == 429:
            if "insufficient_quota" in (exc.code, exc.type):
                return LLMQuotaError(message, status_code=status, code=code)
            return LLMRateLimitError(
                message, status_code=status, retry_after_s=parse_retry_after(exc.response.headers)
            )
        if status >= 500 or status in _TRANSIENT_STATUS:
            return LLMServerError(
                message, status_code=status, retry_after_s=parse_retry_after(exc.response.headers)
            )
        if status in (401, 403):
            return LLMAuthError(message, status_code=status, code=code)
        return LLMRequestError(message, status_code=status, code=code)

    def _should_retry(self, call: _Call, exc: BaseException) -> bool:
        if isinstance(exc, LLMTransientError):
            return True
        if isinstance(exc, LLMOutputError):
            call.output_failures += 1
            return call.output_failures <= self.output_retries
        return False

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        if isinstance(exc, LLMTransientError) and exc.retry_after_s is not None:
            wanted = exc.retry_after_s + random.uniform(0, min(0.1 * exc.retry_after_s, 1.0))  # noqa: S311
            return min(wanted, self.retry_after_cap_s)
        return float(self._backoff(state))

    @staticmethod
    def _log_retry(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        wait = state.next_action.sleep if state.next_action is not None else 0.0
        log.warning(
            "LLM attempt %d failed (%s); retrying in %.2fs", state.attempt_number, exc, wait
        )


def from_settings(settings: Settings, **overrides: Any) -> LLMClient:
    """Build the client from `Settings`; keyword overrides win (tests use small backoffs)."""
    if not settings.llm_configured:
        raise LLMConfigurationError(
            "no LLM endpoint configured: set OPENAI_BASE_URL or OPENAI_API_KEY"
        )
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    options: dict[str, Any] = {
        "model": settings.llm_model,
        "base_url": settings.openai_base_url,
        "api_key": key,
        "timeout_s": settings.llm_timeout_s,
        "max_attempts": settings.llm_max_attempts,
        "max_output_tokens": settings.llm_max_output_tokens,
        "retry_after_cap_s": settings.llm_retry_after_cap_s,
        "concurrency": settings.llm_concurrency,
        "output_mode": None
        if settings.llm_output_mode == "auto"
        else OutputMode(settings.llm_output_mode),
    }
    options.update(overrides)
    return LLMClient(**options)


# -- helpers --------------------------------------------------------------------------------


def _connection_failure(exc: BaseException) -> str | None:
    """The name of the connection failure behind a reported timeout, if that is what it was.

    The aiohttp transport reports a refused or dropped connection as a connect timeout;
    the request did fail, but saying so as a timeout would mislead whoever reads the
    attempt log.
    """
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, aiohttp.ServerTimeoutError | asyncio.TimeoutError):
            return None
        if isinstance(seen, aiohttp.ClientConnectionError | ConnectionError):
            return type(seen).__name__
        seen = seen.__cause__ or seen.__context__
    return None


def parse_retry_after(headers: Mapping[str, str], *, now: datetime | None = None) -> float | None:
    """Seconds to wait from `retry-after-ms`, else `Retry-After` (seconds or HTTP date)."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            value = float(millis) / 1000
        except ValueError:
            value = -1
        if value >= 0:
            return value
    raw = headers.get("retry-after")
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)
_REASONING = re.compile(r"<(think|thinking|reasoning)>.*?</\1>", re.DOTALL | re.IGNORECASE)
_REASONING_OPEN = re.compile(r"\s*<(?:think|thinking|reasoning)>", re.IGNORECASE)
_KEYLIKE = re.compile(r"(sk-[A-Za-z0-9_\-]{6,}|Bearer\s+\S+)")


def json_objects(text: str) -> Iterator[dict[str, Any]]:
    """The JSON objects in `text`, most likely answer first.

    Tolerates what servers without structured output send around the object: a
    byte-order mark, ```json fences, prose before and after (a trailing `// comment`
    included), raw control characters such as newlines inside strings (what
    grammar-constrained sampling often writes), and the reasoning block of reasoning
    models (`<think>...</think>`, which may itself contain JSON-like sketches), which is
    dropped. A reasoning block left open (the answer never came) yields nothing.
    """
    text = _REASONING.sub("", text.lstrip("\ufeff"))
    if _REASONING_OPEN.match(text):
        return
    candidates = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    decoder = json.JSONDecoder(strict=False)
    seen: list[dict[str, Any]] = []
    for candidate in candidates:
        stripped = candidate.strip()
        try:
            value = decoder.decode(stripped)
        except ValueError:
            value = None
        if isinstance(value, dict) and value not in seen:
            seen.append(value)
            yield value
        for match in re.finditer(r"\{", stripped):
            try:
                value, _end = decoder.raw_decode(stripped, match.start())
            except ValueError:
                continue
            if isinstance(value, dict) and value not in seen:
                seen.append(value)
                yield value


def extract_json_object(text: str) -> dict[str, Any]:
    """The first JSON object in `text` (see `json_objects`)."""
    for value in json_objects(text):
        return value
    raise ValueError("no JSON object found")


def next_mode(rejected: OutputMode, detail: str = "") -> OutputMode:
    """The mode to try after `rejected` was refused with `detail`.

    A refusal of the schema itself (a grammar that cannot be built, strict mode, guided
    decoding) rather than of the `json_schema` request type would refuse the schema in
    llama-cpp-python's form too: then `json_object` comes next.
    """
    index = _MODES.index(rejected)
    following = _MODES[min(index + 1, len(_MODES) - 1)]
    if following == OutputMode.JSON_OBJECT_SCHEMA:
        lowered = detail.lower()
        names_request = any(word in lowered for word in _MODE_WORDS)
        if not names_request and any(w in lowered for w in _SCHEMA_MODE_WORDS):
            return OutputMode.JSON_OBJECT
    return following


# Secrets shorter than this are not masked: a local server's placeholder key ("x", "none")
# would otherwise turn every such letter of a message into asterisks.
MIN_SECRET_CHARS = 8


def redact(text: str, secret: str | None) -> str:
    """`text` with `secret` (whole tokens only, at least `MIN_SECRET_CHARS` long) and
    anything key-like masked."""
    if secret and len(secret) >= MIN_SECRET_CHARS:
        token = re.compile(rf"(?<![A-Za-z0-9_\-]){re.escape(secret)}(?![A-Za-z0-9_\-])")
        text = token.sub("***", text)
    return _KEYLIKE.sub("***", text)


@dataclass(frozen=True, slots=True)
class Completion:
    """What is read of a chat completion: the first choice, the model and the usage."""

    model: str
    has_choice: bool
    content: str | None
    refusal: str | None
    finish_reason: str | None
    usage: TokenUsage | None


def _text(value: Any) -> str | None:
    """Message content as text; some servers send a list of parts instead of a string."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = [
            part.get("text") if isinstance(part, dict) else part
            for part in value
            if not isinstance(part, dict) or part.get("type", "text") in ("text", "output_text")
        ]
        return "".join(part for part in parts if isinstance(part, str))
    raise ValueError("message content is neither text nor a list of parts")


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def completion_of(response: object) -> Completion:
    """What is read of the SDK's chat completion; ValueError when the body was none.

    The SDK builds its models without validating them, so a server's odd answer (a list,
    choices that are not objects) arrives as whatever it was.
    """
    if not isinstance(response, ChatCompletion):
        raise ValueError("the response body is not a chat completion")
    try:
        return _completion(response)
    except (AttributeError, TypeError, IndexError) as exc:
        raise ValueError(f"the response body is not a chat completion: {exc}") from None


def _completion(response: ChatCompletion) -> Completion:
    first = response.choices[0] if response.choices else None
    message = first.message if first is not None else None
    usage = response.usage
    refusal = getattr(message, "refusal", None)
    return Completion(
        model=str(response.model or ""),
        has_choice=first is not None,
        content=_text(message.content) if message is not None else None,
        refusal=refusal if isinstance(refusal, str) else None,
        finish_reason=first.finish_reason if first is not None else None,
        usage=TokenUsage(
            prompt_tokens=_count(usage.prompt_tokens),
            completion_tokens=_count(usage.completion_tokens),
            total_tokens=_count(usage.total_tokens)
            or _count(usage.prompt_tokens) + _count(usage.completion_tokens),
        )
        if usage is not None
        else None,
    )


def _with_json_instruction(
    messages: Sequence[ChatMessage], schema: Mapping[str, Any]
) -> list[ChatMessage]:
    """Describe the schema in the system message for modes where the server cannot enforce it."""
    instruction = (
        "Respond with one JSON object only: no prose, no code fences. "
        "It must match this JSON schema:\n" + json.dumps(schema, sort_keys=True)
    )
    out = [ChatMessage(role=m["role"], content=m["content"]) for m in messages]
    for message in out:
        if message["role"] == "system":
            message["content"] = f"{message['content'].rstrip()}\n\n{instruction}"
            return out
    return [ChatMessage(role="system", content=instruction), *out]


def _output_error(message: str, problem: OutputProblem, raw: str | None = None) -> LLMOutputError:
    return LLMOutputError(message, problem=problem, raw_text=raw)


def _parse_output(completion: Completion, schema: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    if not completion.has_choice:
        raise _output_error("LLM response had no choices", "empty")
    raw = completion.content
    if completion.refusal:
        raise _output_error("the model refused to answer", "refused", raw)
    if completion.finish_reason == "content_filter":
        raise _output_error("the provider's content filter stopped the answer", "refused", raw)
    if completion.finish_reason == "length":
        raise _output_error("the answer was cut off at the output token limit", "truncated", raw)
    if raw is None or not raw.strip():
        raise _output_error("the model returned empty content", "empty", raw)
    # The first object that fits the schema: prose around the answer may hold others.
    data: dict[str, Any] | None = None
    problem: str | None = None
    first_object: dict[str, Any] | None = None
    for candidate in json_objects(raw):
        first_object = first_object or candidate
        candidate_problem = _schema_problem(candidate, schema)
        if candidate_problem is None:
            data, problem = candidate, None
            break
        problem = problem or candidate_problem
    if data is None and problem is None:
        raise _output_error("the model's answer is not a JSON object", "malformed", raw)
    if data is None:
        error = _output_error(
            f"the model's JSON does not match the schema: {problem}", "schema", raw
        )
        error.missing = tuple(missing_fields(first_object, schema)) if first_object else ()
        raise error
    properties = schema.get("properties")
    if schema.get("additionalProperties") is False and isinstance(properties, dict):
        data = {k: v for k, v in data.items() if k in properties}
    return data, raw


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def missing_fields(data: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    """The schema's required fields that `data` lacks, in the schema's order."""
    return [key for key in schema.get("required") or [] if key not in data]


def _schema_problem(data: dict[str, Any], schema: Mapping[str, Any]) -> str | None:
    """Check required keys and top-level property types: enough to reject off-schema output."""
    missing = missing_fields(data, schema)
    if missing:
        return f"missing required field{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
    properties = schema.get("properties") or {}
    for key, sub in properties.items():
        if key not in data or not isinstance(sub, dict) or "type" not in sub:
            continue
        allowed = sub["type"] if isinstance(sub["type"], list) else [sub["type"]]
        value = data[key]
        ok = any(
            isinstance(value, _JSON_TYPES.get(t, (object,)))
            and not (t in ("integer", "number") and isinstance(value, bool))
            for t in allowed
        )
        if not ok:
            return f"{key} should be {' or '.join(allowed)}"
    return None
