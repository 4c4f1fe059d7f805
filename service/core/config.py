"""Service configuration, read from environment variables (and an optional `.env` file)."""

from __future__ import annotations

import socket
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("data")


def _default_database_url() -> str:
    return f"sqlite:///{DEFAULT_DATA_DIR / 'askwell.db'}"


class ModelPrice(BaseModel):
    """What a model's provider charges, per million tokens."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    prompt_per_million: float = Field(ge=0)
    completion_per_million: float = Field(ge=0)

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (
            prompt_tokens * self.prompt_per_million
            + completion_tokens * self.completion_per_million
        ) / 1_000_000


class Settings(BaseSettings):
    """Everything the service can be told from outside; names are the env vars without prefix."""

    model_config = SettingsConfigDict(
        env_prefix="ASKWELL_", env_file=".env", extra="ignore", frozen=True
    )

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = Field(default_factory=_default_database_url)
    database_pool_size: int = Field(default=20, ge=1, le=200)
    migrate_on_start: bool = True

    # What the service tells its operators.
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "console"] = Field(
        default="json", description="JSON lines (default), or readable lines for a terminal."
    )
    metrics: bool = Field(default=True, description="Serve Prometheus metrics at /metrics.")

    # HTTP limits.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024, le=64 * 1024 * 1024)
    rate_limit_per_minute: int | None = Field(
        default=None, ge=1, description="Requests per minute per API key; off if unset."
    )
    auth_failures_per_minute: int | None = Field(
        default=30,
        ge=1,
        description="Failed sign-ins (401) per minute per client address before 429; off if unset.",
    )
    rate_limit_storage_url: str = Field(
        default="memory://",
        description="Where the rate limits count: memory:// (this process) or "
        "redis://host:6379 (shared by every process).",
    )

    # Per-tenant quotas (defaults; an operator sets a tenant's own with `askwell tenant quota`).
    quota_drafts_per_day: int = Field(default=10_000, ge=1)
    quota_queued_batch_items: int = Field(default=10_000, ge=1)

    # Pepper mixed into API-key hashes. Keys already carry 128+ bits of randomness, so a
    # fast keyed hash is enough; the pepper keeps a leaked table useless on its own.
    api_key_pepper: SecretStr = SecretStr("askwell-development-pepper")

    # Gate / prompts.
    prompts_dir: Path = Path("prompts")

    # LLM (OpenAI-compatible). The two OpenAI variables keep their conventional names.
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "ASKWELL_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "ASKWELL_OPENAI_BASE_URL")
    )
    llm_model: str = "gpt-4o-mini"
    llm_timeout_s: float = Field(default=30.0, gt=0, le=600)
    llm_max_attempts: int = Field(default=4, ge=1, le=10)
    llm_max_output_tokens: int = Field(default=800, ge=16, le=32_000)
    llm_retry_after_cap_s: float = Field(default=60.0, ge=0, le=3600)
    llm_repair_attempts: int = Field(default=2, ge=0, le=5)
    llm_output_mode: Literal[
        "auto", "json_schema", "json_object_schema", "json_object", "prompt"
    ] = Field(
        default="auto",
        description="How the model is asked for JSON: `auto` tries json_schema, then "
        "json_object_schema (llama-cpp-python), json_object, prompt, and remembers what "
        "works per endpoint and model; any other value pins that mode.",
    )
    llm_concurrency: int = Field(default=16, ge=1, le=1024)
    llm_rpm: int | None = Field(default=None, ge=1)
    llm_prices: dict[str, ModelPrice] = Field(
        default_factory=dict,
        description="Price table for usage reports: model name to its price per million "
        "prompt and completion tokens (JSON).",
    )
    llm_price_currency: str = Field(default="USD", min_length=1, max_length=10)
    llm_outage_patience_s: float = Field(
        default=600.0,
        ge=0,
        le=86_400,
        description="How long a batch item waits for a model server that is away before it "
        "fails (the batch shows `paused` meanwhile).",
    )

    # Batches (DBOS Transact). The API process runs batch items itself unless told not to;
    # `askwell worker` runs them without the API.
    batch_embedded_worker: bool = True
    batch_system_database_url: str | None = Field(
        default=None,
        description="The engine's own database; default: a SQLite file next to the data "
        "file, or the same PostgreSQL database (schema `dbos`).",
    )
    worker_id: str = Field(
        default_factory=socket.gethostname,
        min_length=1,
        max_length=100,
        description="Stable and unique per worker process: a restarted worker recovers the "
        "items it was running under this id. Default: the host name (a container's own, "
        "so scaled replicas differ).",
    )
    worker_concurrency: int | None = Field(
        default=None,
        ge=1,
        le=1024,
        description="Model calls one batch runner process makes at once (it claims "
        "`batch_prefetch` items more).",
    )
    batch_poll_interval_s: float = Field(default=0.2, gt=0, le=10)
    batch_prefetch: int | None = Field(
        default=None,
        ge=0,
        le=1024,
        description="Items a runner process claims beyond its model-call limit, ready to "
        "call as soon as a slot frees; default: half its concurrency (at least 1).",
    )

    # Webhooks (Standard Webhooks), delivered by the batch runners' engine.
    webhooks_allow_loopback: bool = Field(
        default=False,
        description="Let endpoints be loopback addresses, over http too (tests, local use).",
    )
    webhooks_timeout_s: float = Field(default=10.0, gt=0, le=60)
    webhooks_max_attempts: int = Field(default=8, ge=1, le=20)
    webhooks_retry_base_s: float = Field(
        default=10.0, gt=0, le=3600, description="Wait after a first failed attempt (then x4)."
    )
    webhooks_retry_max_s: float = Field(default=6 * 3600.0, gt=0, le=86_400)
    webhooks_concurrency: int = Field(default=16, ge=1, le=1024)
    webhooks_poll_interval_s: float = Field(default=0.5, gt=0, le=60)
    webhooks_follow_up_scan_s: float = Field(default=300.0, gt=0, le=86_400)

    @property
    def llm_configured(self) -> bool:
        """True when an LLM endpoint is configured; otherwise the offline drafter is used."""
        return self.openai_base_url is not None or self.openai_api_key is not None

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment != "production":
            return self
        problems: list[str] = []
        pepper = self.api_key_pepper.get_secret_value()
        if pepper in {"", "askwell-development-pepper", "changethis"}:
            problems.append("ASKWELL_API_KEY_PEPPER must be set to a secret value")
        elif len(pepper) < 16:
            problems.append("ASKWELL_API_KEY_PEPPER must be at least 16 characters")
        if self.is_sqlite:
            problems.append("ASKWELL_DATABASE_URL must point at PostgreSQL in production")
        if problems:
            raise ValueError("unsafe production settings: " + "; ".join(problems))
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
