"""The events, where they happen: one call from the domain code for each.

- `draft_stored` (in the draft's own transaction): `draft.needs_review` or
  `draft.gate_failed`, whoever drafted it (the API, a batch item, a follow-up).
- `batch_item_done` (after a batch item's workflow ends, in a transaction of its own):
  `batch.completed` once no item of the batch is queued or drafting. It runs again
  whenever the item's workflow runs again (recovery), and the event's key (the batch and
  its retry round) keeps it to one per completion; two items ending at once each see
  the other's end once both are committed, so one of them always sees the batch done.
- `batch_submitted`: the same for a batch whose every item was skipped at submission, and
  for a cancelled one (`"status": "cancelled"`): at the cancel when nothing was drafting,
  else when its last drafting item ends. The check locks the batch's row, so a cancel and
  an item ending at once cannot both miss the end.
- `follow_ups_due` (a runner's periodic scan): `follow_up.due` once per sent request.

Payloads carry ids, states and counts; never a name, an e-mail address or a text.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from service.batches.models import Batch, BatchItem
from service.contacts.models import Contact
from service.core.db import Sessions, unit_of_work, utcnow
from service.drafts.models import Draft
from service.webhooks.service import ENDPOINTS, EVENTS, emit, subscribers

log = logging.getLogger("askwell.webhooks")

BATCHES = Batch.__table__  # type: ignore[attr-defined]
ITEMS = BatchItem.__table__  # type: ignore[attr-defined]
DRAFTS = Draft.__table__  # type: ignore[attr-defined]
CONTACTS = Contact.__table__  # type: ignore[attr-defined]
FOLLOW_UP_SCAN_LIMIT = 500


async def draft_stored(session: Any, draft: Mapping[str, Any], revision: Mapping[str, Any]) -> None:
    """A new draft (its rows as written): `draft.needs_review` or `draft.gate_failed`."""
    status = draft["status"]
    if status not in ("needs_review", "gate_failed"):
        return
    report = revision.get("gate_report") or {}
    failed = [
        check["id"]
        for check in report.get("checks", [])
        if not check.get("passed") and check.get("severity") == "block"
    ]
    await emit(
        session,
        tenant_id=draft["tenant_id"],
        event_type=f"draft.{status}",
        data={
            "draft_id": str(draft["id"]),
            "status": status,
            "kind": draft["kind"],
            "channel": draft["channel"],
            "revision": draft["revision"],
            "requester_id": str(draft["requester_id"]),
            "contact_id": str(draft["contact_id"]),
            "batch_id": str(draft["batch_id"]) if draft.get("batch_id") else None,
            "failed_checks": failed,
        },
    )


async def batch_item_done(sessions: Sessions, item_id: uuid.UUID) -> None:
    """After an item's workflow: `batch.completed` if that was the batch's last item.
    Never raises (an item's outcome does not depend on its webhook)."""
    try:
        async with unit_of_work(sessions) as session:
            # One statement for the tenants without webhooks (most): no batch id, no work.
            batch_id = await session.scalar(
                select(ITEMS.c.batch_id).where(
                    ITEMS.c.id == item_id,
                    select(ENDPOINTS.c.id)
                    .where(
                        ENDPOINTS.c.tenant_id == ITEMS.c.tenant_id, ENDPOINTS.c.enabled.is_(True)
                    )
                    .exists(),
                )
            )
            if batch_id is not None:
                await batch_submitted(session, batch_id=batch_id)
    except Exception:
        log.exception("could not check whether batch item %s completed its batch", item_id)


async def batch_submitted(session: Any, *, batch_id: uuid.UUID) -> None:
    """`batch.completed` if no item of the batch is left to draft, once per completion;
    its status says whether the batch was cancelled."""
    batch = (
        await session.execute(
            select(
                BATCHES.c.tenant_id,
                BATCHES.c.requester_id,
                BATCHES.c.total,
                BATCHES.c.cancelled_at,
            )
            .where(BATCHES.c.id == batch_id)
            .with_for_update()
        )
    ).one_or_none()
    if batch is None:
        return
    if not await subscribers(session, tenant_id=batch.tenant_id, event_type="batch.completed"):
        return
    rows = (
        await session.execute(
            select(
                ITEMS.c.status, func.count(), func.max(ITEMS.c.runs), func.max(ITEMS.c.finished_at)
            )
            .where(ITEMS.c.batch_id == batch_id)
            .group_by(ITEMS.c.status)
        )
    ).all()
    counts = {status: count for status, count, _, _ in rows}
    if counts.get("queued") or counts.get("drafting"):
        return
    # A retry of the failed items (`retry-failed`) starts another round: another completion.
    round_ = max((runs or 0 for _, _, runs, _ in rows), default=0)
    finished = max((f for _, _, _, f in rows if f is not None), default=None)
    await emit(
        session,
        tenant_id=batch.tenant_id,
        event_type="batch.completed",
        data={
            "batch_id": str(batch_id),
            "requester_id": str(batch.requester_id),
            "status": "completed" if batch.cancelled_at is None else "cancelled",
            "total": batch.total,
            "counts": {
                status: counts.get(status, 0)
                for status in ("needs_review", "gate_failed", "skipped", "failed")
            },
            "finished_at": finished.isoformat() if finished else None,
            "cancelled_at": batch.cancelled_at.isoformat() if batch.cancelled_at else None,
        },
        dedupe_key=f"batch.completed:{batch_id}:{round_}",
    )


async def follow_ups_due(sessions: Sessions) -> int:
    """`follow_up.due` for every sent request whose follow-up has fallen due, once each, for
    the tenants that subscribe to it; the number of events written."""
    written = 0
    async with unit_of_work(sessions) as session:
        rows = await session.execute(
            select(ENDPOINTS.c.tenant_id, ENDPOINTS.c.event_types).where(
                ENDPOINTS.c.enabled.is_(True)
            )
        )
        tenants = {tenant for tenant, types in rows if "follow_up.due" in types}
    for tenant_id in tenants:
        async with unit_of_work(sessions) as session:
            opted_out = (
                select(CONTACTS.c.id)
                .where(CONTACTS.c.id == DRAFTS.c.contact_id, CONTACTS.c.do_not_contact.is_(True))
                .exists()
            )
            due = (
                await session.execute(
                    select(
                        DRAFTS.c.id,
                        DRAFTS.c.requester_id,
                        DRAFTS.c.contact_id,
                        DRAFTS.c.sent_at,
                        DRAFTS.c.follow_up_due_at,
                    )
                    .where(
                        DRAFTS.c.tenant_id == tenant_id,
                        DRAFTS.c.status == "sent",
                        DRAFTS.c.follow_up_due_at.is_not(None),
                        DRAFTS.c.follow_up_due_at <= utcnow(),
                        ~opted_out,
                    )
                    .order_by(DRAFTS.c.follow_up_due_at)
                    .limit(FOLLOW_UP_SCAN_LIMIT)
                )
            ).all()
            keys = {f"follow_up.due:{row.id}": row for row in due}
            if not keys:
                continue
            known = set(
                (
                    await session.execute(
                        select(EVENTS.c.dedupe_key).where(
                            EVENTS.c.tenant_id == tenant_id, EVENTS.c.dedupe_key.in_(list(keys))
                        )
                    )
                ).scalars()
            )
            for key, row in keys.items():
                if key in known:
                    continue
                emitted = await emit(
                    session,
                    tenant_id=tenant_id,
                    event_type="follow_up.due",
                    data={
                        "draft_id": str(row.id),
                        "requester_id": str(row.requester_id),
                        "contact_id": str(row.contact_id),
                        "sent_at": row.sent_at.isoformat() if row.sent_at else None,
                        "due_at": row.follow_up_due_at.isoformat(),
                    },
                    dedupe_key=key,
                )
                written += emitted is not None
    return written
