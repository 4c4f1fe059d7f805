"""Request and response bodies of the gate's HTTP face, and tenant gate settings."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from annotated_types import Ge, Le
from pydantic import BaseModel, ConfigDict, Field, create_model

from service.core.schemas import JSON_INTEGER, JSON_NUMBER
from service.gate import CHECK_IDS, Channel, GateContext, GatePolicy
from service.gate.catalog import CheckMode

CheckId = Literal[CHECK_IDS]  # type: ignore[valid-type]
PromptName = Literal["draft_request", "follow_up"]


def _partial_policy() -> type[BaseModel]:
    """`GatePolicy` with every field optional: the shape of an override."""
    fields: dict[str, Any] = {}
    for name, info in GatePolicy.model_fields.items():
        annotation: Any = (
            Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
        )
        if name == "checks":
            annotation = dict[CheckId, CheckMode]
        elif info.annotation is int:
            annotation = Annotated[int, *info.metadata, JSON_INTEGER]
        elif info.annotation is float:
            annotation = Annotated[float, *info.metadata, JSON_NUMBER]
        fields[name] = (annotation | None, Field(default=None, description=info.description))
    model: type[BaseModel] = create_model(
        "GatePolicyOverrides",
        __config__=ConfigDict(extra="forbid"),
        __doc__="Changes to the gate policy; fields left out keep their current value.",
        **fields,
    )
    return model


GatePolicyOverrides = _partial_policy()


class GateCheckRequest(BaseModel):
    """A text to check, with optional context inline or by reference."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=20000, description="The message body as it would be sent.")
    subject: str | None = Field(default=None, max_length=300, description="Email subject.")
    channel: Channel
    context: GateContext | None = Field(
        default=None, description="Inline context; fields set here win over loaded ones."
    )
    requester_id: uuid.UUID | None = Field(
        default=None, description="Load this requester's profile as context."
    )
    contact_id: uuid.UUID | None = Field(
        default=None, description="Load this contact and their latest research as context."
    )
    policy: GatePolicyOverrides | None = Field(  # type: ignore[valid-type]
        default=None, description="Overrides of the tenant's policy, for this check only."
    )


class CheckDescription(BaseModel):
    id: str
    version: int
    default_mode: CheckMode
    description: str


class GateDescription(BaseModel):
    gate_version: str
    checks: list[CheckDescription]
    default_policy: GatePolicy


class QuotasRead(BaseModel):
    """Set by the service's operator; over a quota the answer is 429 with `Retry-After`."""

    drafts_per_day: int = Field(
        description="New drafts per 24 hours for the whole tenant, batch items still to be "
        "drafted included."
    )
    queued_batch_items: int = Field(description="Batch items waiting to be drafted at once.")


class TenantSettingsRead(BaseModel):
    gate_policy: GatePolicy = Field(description="The tenant's effective gate policy.")
    default_prompt_versions: dict[str, int] = Field(
        description="Prompt name → version used when a request pins none."
    )
    follow_up_delay_days: int
    daily_draft_cap: int | None = Field(
        description="New drafts per requester per 24 hours; null when there is no cap."
    )
    quotas: QuotasRead = Field(description="The tenant's quotas (read-only here).")


class TenantSettingsUpdate(BaseModel):
    """Fields to change; `gate_policy` merges into the current policy (null resets it)."""

    model_config = ConfigDict(extra="forbid")

    gate_policy: GatePolicyOverrides | None = None  # type: ignore[valid-type]
    default_prompt_versions: (
        dict[PromptName, Annotated[int, Ge(1), Le(10_000), JSON_INTEGER]] | None
    ) = Field(
        default=None,
        description="Prompt name → version for drafts that pin none; replaces the stored map. "
        "A version that does not exist falls back to the latest.",
    )
    follow_up_delay_days: Annotated[int, Ge(1), Le(365), JSON_INTEGER] | None = None
    daily_draft_cap: Annotated[int, Ge(1), Le(10_000), JSON_INTEGER] | None = Field(
        default=None,
        description="Most new drafts per requester in 24 hours (429 beyond); null removes it.",
    )
