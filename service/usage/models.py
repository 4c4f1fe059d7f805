"""What `GET /v1/usage` answers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

GroupBy = Literal["day", "requester", "model"]


class UsageFigures(BaseModel):
    drafts: int = Field(description="Drafts made (by the model or offline).")
    model_calls: int = Field(description="HTTP calls to the model server behind them.")
    prompt_tokens: int
    completion_tokens: int
    estimated_cost: float | None = Field(
        description="From the price table (`ASKWELL_LLM_PRICES`); null when a model used has "
        "no price there."
    )


class UsageGroup(UsageFigures):
    key: str = Field(
        description="The day (YYYY-MM-DD, UTC), the requester's id, or the model's name "
        "(`offline` for the offline drafter)."
    )


class UsageReport(BaseModel):
    from_: datetime = Field(alias="from", serialization_alias="from")
    to: datetime
    group_by: GroupBy
    currency: str
    groups: list[UsageGroup]
    total: UsageFigures

    model_config = {"populate_by_name": True}
