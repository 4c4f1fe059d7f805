"""The LLM layer's error hierarchy; messages never carry credentials.

LLMError
├── LLMConfigurationError        no endpoint / key configured
├── LLMTransientError            retried (429, 408, 409, 5xx, timeouts, connection errors)
│   ├── LLMRateLimitError
│   ├── LLMServerError
│   ├── LLMTimeoutError
│   └── LLMConnectionError
├── LLMRequestError              the provider refused the request; not retried
│   ├── LLMAuthError             401 / 403
│   └── LLMQuotaError            429 insufficient_quota: retrying cannot help
└── LLMOutputError               malformed / empty / refused / truncated / off-schema output
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from service.llm.client import AttemptRecord

OutputProblem = Literal["malformed", "empty", "refused", "truncated", "schema"]


class LLMError(Exception):
    """Base class; `attempts` lists every HTTP attempt of the failed call (set by the client)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.attempts: Sequence[AttemptRecord] = ()


class LLMConfigurationError(LLMError):
    """The client cannot be built from the given settings."""


class LLMTransientError(LLMError):
    """A failure that may go away on its own; the client retries it."""

    def __init__(
        self, message: str, *, status_code: int | None = None, retry_after_s: float | None = None
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.retry_after_s = retry_after_s


class LLMRateLimitError(LLMTransientError):
    """429 without `insufficient_quota`."""


class LLMServerError(LLMTransientError):
    """5xx, 408 or 409."""


class LLMTimeoutError(LLMTransientError):
    """No complete answer within the per-attempt timeout."""


class LLMConnectionError(LLMTransientError):
    """The connection failed or was dropped before an answer arrived."""


class LLMRequestError(LLMError):
    """The provider rejected the request (4xx); sending it again would not help."""

    def __init__(self, message: str, *, status_code: int | None, code: str | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code


class LLMAuthError(LLMRequestError):
    """401 / 403: the key is wrong or lacks access."""


class LLMQuotaError(LLMRequestError):
    """429 `insufficient_quota`: the account is out of credit."""


class LLMOutputError(LLMError):
    """The model answered, but not with usable content; never returned as a draft."""

    def __init__(
        self, message: str, *, problem: OutputProblem, raw_text: str | None = None
    ) -> None:
        super().__init__(message)
        self.problem: OutputProblem = problem
        self.raw_text = raw_text
        # For an off-schema object: the required fields it lacks.
        self.missing: tuple[str, ...] = ()


def failure_cause(error: LLMError | None) -> tuple[str, str]:
    """What a failed model call comes to, for people: a stable reason code and a sentence
    saying what happened (never "no usable output" when the server did answer)."""
    if error is None:
        return "model_output_invalid", "The model produced no usable draft."
    if isinstance(error, LLMConnectionError):
        return "model_server_unreachable", f"The model server could not be reached: {error.message}"
    if isinstance(error, LLMTimeoutError):
        return (
            "model_server_unreachable",
            f"The model server did not answer in time: {error.message}",
        )
    if isinstance(error, LLMRateLimitError):
        return "model_server_busy", f"The model server kept refusing for load: {error.message}"
    if isinstance(error, LLMServerError):
        return "model_server_error", f"The model server failed: {error.message}"
    if isinstance(error, LLMAuthError):
        return "model_auth", f"The model server refused askwell's credentials: {error.message}"
    if isinstance(error, LLMQuotaError):
        return "model_quota", f"The model account is out of quota: {error.message}"
    if isinstance(error, LLMOutputError):
        if error.problem == "truncated":
            return "model_output_truncated", f"The model's answer was cut off: {error.message}"
        return "model_output_invalid", f"The model's answer was not a usable draft: {error.message}"
    if isinstance(error, LLMRequestError):
        return "model_request_refused", f"The model server refused the request: {error.message}"
    return "model_server_error", error.message


def is_outage(error: LLMError) -> bool:
    """The model server is away or failing (not: refusing this request, or busy)."""
    return isinstance(error, LLMConnectionError | LLMTimeoutError | LLMServerError)
