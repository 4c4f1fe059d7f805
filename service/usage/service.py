"""Usage of one tenant over a period: drafts, model calls, tokens and their estimated cost.

Counted from the drafts themselves (each keeps the attempts behind it, with the tokens the
model server reported), so the figures are the same from every process and survive
restarts.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.core.config import ModelPrice
from service.drafts.models import Draft
from service.usage.models import GroupBy, UsageFigures, UsageGroup, UsageReport

_DRAFTS = Draft.__table__  # type: ignore[attr-defined]
OFFLINE = "offline"


@dataclass
class _Tally:
    drafts: int = 0
    model_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    priced: bool = True
    models: set[str] = field(default_factory=set)

    def add(
        self, model: str, calls: int, prompt: int, completion: int, price: ModelPrice | None
    ) -> None:
        self.drafts += 1
        self.model_calls += calls
        self.prompt_tokens += prompt
        self.completion_tokens += completion
        if model == OFFLINE:
            return
        if price is None:
            self.priced = False
        else:
            self.cost += price.cost(prompt, completion)

    def figures(self) -> dict[str, Any]:
        return {
            "drafts": self.drafts,
            "model_calls": self.model_calls,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "estimated_cost": round(self.cost, 6) if self.priced else None,
        }


def _spent(
    provenance: Mapping[str, Any], attempts: list[dict[str, Any]]
) -> tuple[str, int, int, int]:
    """The model, calls and tokens behind one draft."""
    if provenance.get("drafter") != "llm":
        return OFFLINE, 0, 0, 0
    model = str(provenance.get("model") or "unknown")
    calls = prompt = completion = 0
    for attempt in attempts:
        calls += int(attempt.get("http_attempts") or 0)
        usage = attempt.get("usage") or {}
        prompt += int(usage.get("prompt_tokens") or 0)
        completion += int(usage.get("completion_tokens") or 0)
    return model, calls, prompt, completion


async def usage(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    start: datetime,
    end: datetime,
    group_by: GroupBy,
    prices: Mapping[str, ModelPrice],
    currency: str,
) -> UsageReport:
    rows = await session.execute(
        select(
            _DRAFTS.c.created_at,
            _DRAFTS.c.requester_id,
            _DRAFTS.c.provenance,
            _DRAFTS.c.attempts,
        ).where(
            _DRAFTS.c.tenant_id == tenant_id,
            _DRAFTS.c.created_at >= start,
            _DRAFTS.c.created_at < end,
        )
    )
    groups: dict[str, _Tally] = defaultdict(_Tally)
    total = _Tally()
    for created_at, requester_id, provenance, attempts in rows:
        model, calls, prompt, completion = _spent(provenance or {}, attempts or [])
        if group_by == "day":
            key = created_at.date().isoformat()
        elif group_by == "requester":
            key = str(requester_id)
        else:
            key = model
        price = prices.get(model)
        groups[key].add(model, calls, prompt, completion, price)
        total.add(model, calls, prompt, completion, price)
    return UsageReport(
        from_=start,
        to=end,
        group_by=group_by,
        currency=currency,
        groups=[UsageGroup(key=key, **groups[key].figures()) for key in sorted(groups)],
        total=UsageFigures(**total.figures()),
    )
