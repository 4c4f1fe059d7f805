"""Types shared by the prompt registry, the LLM client and the drafters."""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from pydantic import BaseModel, ConfigDict, Field


class ChatMessage(TypedDict):
    """One chat message as sent to an OpenAI-compatible endpoint."""

    role: Literal["system", "user", "assistant"]
    content: str


class ModelParams(BaseModel):
    """Sampling parameters a prompt asks for; `model` overrides the configured model name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str | None = Field(default=None, min_length=1, max_length=200)
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, gt=0, le=1)
    max_tokens: int | None = Field(default=None, ge=16, le=32_000)
    presence_penalty: float | None = Field(default=None, ge=-2, le=2)
    frequency_penalty: float | None = Field(default=None, ge=-2, le=2)
    seed: int | None = None

    def sampling(self) -> dict[str, Any]:
        """The sampling parameters that are set, without `model` and `max_tokens`."""
        return self.model_dump(exclude_none=True, exclude={"model", "max_tokens"})


class TokenUsage(BaseModel):
    """Token counts reported by the provider."""

    model_config = ConfigDict(frozen=True)

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: TokenUsage) -> TokenUsage:
        return TokenUsage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
        )
