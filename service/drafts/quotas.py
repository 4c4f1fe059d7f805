"""Per-tenant quotas: drafts per day, and batch items waiting to be drafted.

One tenant must not fill the database or the model's queue for everyone: 89 batches of
5,000 contacts were once accepted in four minutes. The operator sets a tenant's quotas
(`askwell tenant quota`); the service's settings give the defaults. Over a quota the answer
is 429 with `Retry-After`.

A batch's unfinished items are drafts on their way: they count against the drafts per day
as soon as the batch is accepted, so a tenant cannot queue past its quota and then draft
past it too. Checks that must hold exactly (a draft being stored, a batch being accepted)
take the tenant's row lock first, so concurrent requests in any number of processes count
one after the other.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.batches.models import BatchItem
from service.core.db import lock_row, utcnow
from service.core.errors import TooManyRequests
from service.core.ratelimit import retry_after_header
from service.drafts.models import Draft
from service.tenants.models import StoredTenantSettings, Tenant

DAY = timedelta(days=1)
UNFINISHED = ("queued", "drafting")
# How long to wait before asking again when queued items fill the quota (they finish at
# the model's pace; a minute is a fair guess, and the client can always ask sooner).
QUEUE_RETRY_AFTER_S = 60.0

_DRAFTS = Draft.__table__  # type: ignore[attr-defined]
_ITEMS = BatchItem.__table__  # type: ignore[attr-defined]
_TENANTS = Tenant.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Quotas:
    drafts_per_day: int
    queued_batch_items: int

    def of(self, stored: StoredTenantSettings) -> Quotas:
        """The tenant's quotas: its own where the operator set them, else these."""
        return Quotas(
            drafts_per_day=stored.quota_drafts_per_day or self.drafts_per_day,
            queued_batch_items=stored.quota_queued_batch_items or self.queued_batch_items,
        )


async def lock_tenant(session: AsyncSession, *, tenant_id: uuid.UUID) -> None:
    """Hold the tenant's row until the transaction ends: the tenant's quotas are then
    counted one transaction after the other."""
    await lock_row(session, _TENANTS, tenant_id)


_UNFINISHED_ITEMS = (
    select(func.count())
    .select_from(_ITEMS)
    .where(_ITEMS.c.tenant_id == bindparam("tenant_id"), _ITEMS.c.status.in_(UNFINISHED))
)
# The tenant's drafts since a time (how many, the oldest) and its batch items still to be
# drafted, in one round trip; built once, a request only binds its values.
_DRAFTS_AND_ITEMS = select(
    func.count(),
    func.min(_DRAFTS.c.created_at),
    _UNFINISHED_ITEMS.scalar_subquery(),
).where(_DRAFTS.c.tenant_id == bindparam("tenant_id"), _DRAFTS.c.created_at >= bindparam("since"))


async def _unfinished_items(session: AsyncSession, tenant_id: uuid.UUID) -> int:
    count = await session.scalar(_UNFINISHED_ITEMS, {"tenant_id": tenant_id})
    return int(count or 0)


async def check_drafts_per_day(
    session: AsyncSession, *, tenant_id: uuid.UUID, quota: int, adding: int, stored: bool = False
) -> None:
    """429 unless `adding` more drafts fit in the tenant's drafts per day, counting the
    drafts of the last 24 hours and the batch items still to be drafted. With `stored`,
    the `adding` drafts are already written in this transaction (so counted)."""
    made, oldest, pending = (
        await session.execute(_DRAFTS_AND_ITEMS, {"tenant_id": tenant_id, "since": utcnow() - DAY})
    ).one()
    pending = int(pending or 0)
    total = made + pending + (0 if stored else adding)
    if total > quota:
        wait = (oldest + DAY - utcnow()).total_seconds() if oldest is not None else 3600.0
        raise TooManyRequests(
            f"The tenant's quota of {quota} drafts per 24 hours is used up "
            f"({made} drafted, {pending} in batches waiting to be drafted).",
            headers={"Retry-After": retry_after_header(max(wait, 1.0))},
            quota="drafts_per_day",
            limit=quota,
        )


async def check_queued_items(
    session: AsyncSession, *, tenant_id: uuid.UUID, quota: int, adding: int
) -> None:
    """429 unless `adding` more batch items fit in the tenant's quota of items waiting to
    be drafted."""
    pending = await _unfinished_items(session, tenant_id)
    if pending + adding > quota:
        raise TooManyRequests(
            f"The tenant may have {quota} batch items waiting to be drafted; {pending} are "
            f"waiting and this batch adds {adding}.",
            headers={"Retry-After": retry_after_header(QUEUE_RETRY_AFTER_S)},
            quota="queued_batch_items",
            limit=quota,
        )
