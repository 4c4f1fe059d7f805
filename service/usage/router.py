"""`GET /v1/usage`: what a tenant drafted and what it cost, by day, requester or model."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from service.core.db import utcnow
from service.core.deps import Reader, SessionDep, SettingsDep
from service.core.errors import error_responses
from service.core.schemas import UTCMomentQuery
from service.usage import service
from service.usage.models import GroupBy, UsageReport

router = APIRouter(prefix="/v1", tags=["usage"], responses=error_responses(401, 403))

DEFAULT_PERIOD = timedelta(days=30)


@router.get("/usage", responses=error_responses(422), response_model_by_alias=True)
async def get_usage(
    session: SessionDep,
    principal: Reader,
    settings: SettingsDep,
    from_: Annotated[
        UTCMomentQuery | None,
        Query(alias="from", description="Start, inclusive (RFC 3339; default: `to` − 30 days)."),
    ] = None,
    to: Annotated[
        UTCMomentQuery | None, Query(description="End, exclusive (RFC 3339; default: now).")
    ] = None,
    group_by: Annotated[
        GroupBy, Query(description="One group per day (UTC), requester or model.")
    ] = "day",
) -> UsageReport:
    """Drafts, model calls, tokens and an estimated cost from `from` up to `to` (a period
    that ends before it starts holds nothing).

    The cost uses the price table in `ASKWELL_LLM_PRICES` (per million prompt and completion
    tokens); it is null where a model used has no price. Offline drafts cost nothing."""
    end = to or utcnow()
    start = from_ or end - DEFAULT_PERIOD
    return await service.usage(
        session,
        tenant_id=principal.tenant_id,
        start=start,
        end=end,
        group_by=group_by,
        prices=settings.llm_prices,
        currency=settings.llm_price_currency,
    )
