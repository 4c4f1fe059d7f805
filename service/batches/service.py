"""Batch rules: choose and classify contacts, record the batch, run one item, report.

Each item is owned by one workflow (`service/batches/engine.py`), and its terminal write
is conditional (`WHERE status NOT IN terminal`), so a retried or recovered workflow can
never store a second draft for the same item. An item runs in two short transactions,
before and after its drafting: none is open while the model works.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from service.batches.models import (
    ITEM_STATUSES,
    MAX_BATCH_CONTACTS,
    TERMINAL,
    Batch,
    BatchCreate,
    BatchItem,
    BatchItemRead,
    BatchRead,
    BatchStatus,
    ContactFilter,
    DryRunRead,
    ItemCounts,
    ModelOutage,
    SkippedContact,
)
from service.batches.runcache import BatchInputs, RunCache
from service.checking.service import (
    contact_profile,
    requester_profile,
    research_facts,
    stored_settings,
)
from service.contacts.models import Contact
from service.contacts.service import CONTACTS, matching
from service.core import idempotency
from service.core.crud import get_owned
from service.core.db import Sessions, retry_on_contention, unit_of_work, utcnow
from service.core.errors import Conflict, NeedsResearch, NotFound, Unprocessable
from service.core.pagination import paginate
from service.core.schemas import Page
from service.drafts.conversation import earlier_requests
from service.drafts.quotas import Quotas, check_drafts_per_day, check_queued_items, lock_tenant
from service.drafts.service import (
    DRAFTS,
    MISSING_BACKGROUND,
    SUMMARIES,
    NewDraft,
    check_prompt_version,
    insert_draft,
    missing_background,
    missing_research,
    new_draft,
    newest_research_of,
    other_drafts,
)
from service.llm.drafting import DraftInputs, GatedDraft
from service.llm.prompts import PromptRegistry
from service.requesters.service import get_requester
from service.research.models import ResearchSummary
from service.tenants.service import get_tenant
from service.webhooks import events as webhook_events

log = logging.getLogger("askwell.batches")

BATCHES = Batch.__table__  # type: ignore[attr-defined]
ITEMS = BatchItem.__table__  # type: ignore[attr-defined]
CREATE_ENDPOINT = "POST /v1/batches"
OPEN_DRAFT_STATUSES = ("needs_review", "approved")
REASON_DETAIL = {
    "opted_out": "The contact opted out: no further requests may be drafted for them.",
    "no_research": "No research facts about this contact yet: research first.",
    "open_draft": "The requester already has a draft for this contact awaiting review or approved.",
    "already_contacted": "The requester already sent this person a request: one conversation "
    "per person (follow it up when it is due instead).",
    "replied": "This person already replied to the requester: no new cold request.",
    "cancelled": "The batch was cancelled before this item started.",
    "contact_gone": "The contact was deleted.",
}
_CHUNK = 900  # stays under SQLite's bound-parameter limit in IN (...) lists


def _chunks(ids: list[uuid.UUID]) -> Iterable[list[uuid.UUID]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


# -- submission -----------------------------------------------------------------------------


async def _selected_contacts(
    session: AsyncSession, *, tenant_id: uuid.UUID, data: BatchCreate
) -> list[tuple[uuid.UUID, bool]]:
    """(contact id, do-not-contact) in the batch's order: as given, or oldest first."""
    columns = (CONTACTS.c.id, CONTACTS.c.do_not_contact)
    if data.contact_ids is not None:
        found: dict[uuid.UUID, bool] = {}
        for chunk in _chunks(data.contact_ids):
            rows = await session.execute(
                select(*columns).where(CONTACTS.c.tenant_id == tenant_id, CONTACTS.c.id.in_(chunk))
            )
            found.update({row.id: row.do_not_contact for row in rows})
        missing = [str(c) for c in data.contact_ids if c not in found]
        if missing:
            # Another tenant's contact answers exactly like one that does not exist.
            raise NotFound(
                f"{len(missing)} of the contacts do not exist.", missing_contact_ids=missing[:20]
            )
        return [(c, found[c]) for c in data.contact_ids]
    assert data.filter is not None
    filter: ContactFilter = data.filter
    matches = (
        await session.execute(
            select(*columns)
            .where(
                *matching(
                    tenant_id,
                    organization=filter.organization,
                    seniority=filter.seniority,
                    q=filter.q,
                )
            )
            .order_by(CONTACTS.c.created_at, CONTACTS.c.id)
            .limit(MAX_BATCH_CONTACTS + 1)
        )
    ).all()
    if len(matches) > MAX_BATCH_CONTACTS:
        raise Unprocessable(
            f"The filter matches more than {MAX_BATCH_CONTACTS} contacts; narrow it.",
            errors=[{"loc": ["body", "filter"], "msg": "too many matches", "type": "too_many"}],
        )
    if not matches:
        raise Conflict("The filter matches none of the tenant's contacts: nothing to draft.")
    return [(row.id, row.do_not_contact) for row in matches]


async def _researched(session: AsyncSession, contact_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Contacts whose latest research summary has at least one fact."""
    latest: dict[uuid.UUID, tuple[int, bool]] = {}
    for chunk in _chunks(contact_ids):
        rows = await session.execute(
            select(SUMMARIES.c.contact_id, SUMMARIES.c.version, SUMMARIES.c.facts).where(
                SUMMARIES.c.contact_id.in_(chunk)
            )
        )
        for contact_id, version, facts in rows:
            if contact_id not in latest or latest[contact_id][0] < version:
                latest[contact_id] = (version, bool(facts))
    return {contact_id for contact_id, (_, has_facts) in latest.items() if has_facts}


def _open_draft(tenant_id: Any, requester_id: Any, contact_id: Any) -> Any:
    """The requester already has a request to the contact awaiting review or approved."""
    return and_(
        DRAFTS.c.tenant_id == tenant_id,
        DRAFTS.c.requester_id == requester_id,
        DRAFTS.c.contact_id == contact_id,
        DRAFTS.c.kind == "request",
        DRAFTS.c.status.in_(OPEN_DRAFT_STATUSES),
    )


async def _with_open_drafts(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    requester_id: uuid.UUID,
    contact_ids: list[uuid.UUID],
) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for chunk in _chunks(contact_ids):
        rows = await session.scalars(
            select(DRAFTS.c.contact_id).where(
                _open_draft(tenant_id, requester_id, DRAFTS.c.contact_id),
                DRAFTS.c.contact_id.in_(chunk),
            )
        )
        found.update(rows)
    return found


async def classify(
    session: AsyncSession, *, tenant_id: uuid.UUID, data: BatchCreate
) -> tuple[list[uuid.UUID], list[uuid.UUID], list[SkippedContact]]:
    """(every selected contact in order, the ones to draft, the skipped with reasons)."""
    requester = await get_requester(session, tenant_id=tenant_id, requester_id=data.requester_id)
    if missing_background(requester_profile(requester)):
        raise NeedsResearch(
            f"Not enough about the requester to ground a specific reason: add {MISSING_BACKGROUND}.",
            missing=[MISSING_BACKGROUND],
        )
    selected = await _selected_contacts(session, tenant_id=tenant_id, data=data)
    ids = [contact_id for contact_id, _ in selected]
    researched = await _researched(session, ids)
    open_drafts = await _with_open_drafts(
        session, tenant_id=tenant_id, requester_id=data.requester_id, contact_ids=ids
    )
    earlier = await earlier_requests(
        session, tenant_id=tenant_id, requester_id=data.requester_id, contact_ids=ids
    )
    draft: list[uuid.UUID] = []
    skipped: list[SkippedContact] = []
    for contact_id, do_not_contact in selected:
        reason = (
            "opted_out"
            if do_not_contact
            else earlier[contact_id].standing
            if contact_id in earlier
            else "no_research"
            if contact_id not in researched
            else "open_draft"
            if contact_id in open_drafts
            else None
        )
        if reason is None:
            draft.append(contact_id)
        else:
            skipped.append(
                SkippedContact(contact_id=contact_id, reason=reason, detail=REASON_DETAIL[reason])
            )
    return ids, draft, skipped


async def dry_run(
    session: AsyncSession, *, tenant_id: uuid.UUID, data: BatchCreate, registry: PromptRegistry
) -> DryRunRead:
    check_prompt_version(registry, data.prompt_version)
    _, draft, skipped = await classify(session, tenant_id=tenant_id, data=data)
    return DryRunRead(
        requester_id=data.requester_id, channel=data.channel, would_draft=draft, skipped=skipped
    )


@dataclass(frozen=True)
class QueuedItem:
    """An item to hand to the engine: its id, and which run of it (0 unless it was sent
    back to the queue after failing)."""

    id: str
    run: int = 0


@dataclass(frozen=True)
class Submitted:
    replayed: bool
    body: dict[str, Any]
    batch_id: uuid.UUID
    queued: list[QueuedItem]  # the items to enqueue, in order


async def submit(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    data: BatchCreate,
    registry: PromptRegistry,
    quotas: Quotas,
    key: str | None,
) -> Submitted:
    """Record the batch and its items; the caller enqueues the queued ones on the engine
    once this transaction is committed (see `service/batches/engine.py`).

    The tenant's quotas (batch items waiting, drafts per day) are checked under the
    tenant's row lock, so batches accepted at the same time count one after the other.
    """
    check_prompt_version(registry, data.prompt_version)
    if key is not None:
        earlier = await idempotency.reserve(
            session,
            tenant_id=tenant_id,
            endpoint=CREATE_ENDPOINT,
            key=key,
            fingerprint=idempotency.request_hash(data.model_dump(mode="json")),
        )
        if earlier is not None:
            assert earlier.response_body is not None
            body = earlier.response_body
            return Submitted(True, body, uuid.UUID(body["id"]), [])
    ids, to_draft, skipped = await classify(session, tenant_id=tenant_id, data=data)
    await lock_tenant(session, tenant_id=tenant_id)
    limits = quotas.of(stored_settings(await get_tenant(session, tenant_id=tenant_id)))
    await check_queued_items(
        session, tenant_id=tenant_id, quota=limits.queued_batch_items, adding=len(to_draft)
    )
    await check_drafts_per_day(
        session, tenant_id=tenant_id, quota=limits.drafts_per_day, adding=len(to_draft)
    )
    batch = Batch(
        tenant_id=tenant_id,
        requester_id=data.requester_id,
        channel=data.channel,
        prompt_version=data.prompt_version,
        total=len(ids),
    )
    session.add(batch)
    await session.flush()
    now = utcnow()
    skip = {s.contact_id: s for s in skipped}
    rows = []
    for position, contact_id in enumerate(ids):
        skipped_contact = skip.get(contact_id)
        rows.append(
            {
                "id": uuid.uuid4(),
                "tenant_id": tenant_id,
                "batch_id": batch.id,
                "contact_id": contact_id,
                "position": position,
                "status": "queued" if skipped_contact is None else "skipped",
                "reason": skipped_contact.reason if skipped_contact else None,
                "detail": skipped_contact.detail if skipped_contact else None,
                "draft_id": None,
                "llm_attempts": 0,
                "runs": 0,
                "started_at": None,
                "finished_at": now if skipped_contact else None,
                "updated_at": now,
            }
        )
    await session.execute(insert(ITEMS), rows)
    body = (await read_batch(session, batch)).model_dump(mode="json")
    if key is not None:
        await idempotency.complete(
            session, tenant_id=tenant_id, endpoint=CREATE_ENDPOINT, key=key, status=202, body=body
        )
    queued = [QueuedItem(str(row["id"])) for row in rows if row["status"] == "queued"]
    if not queued:  # every item skipped: the batch is complete already
        await webhook_events.batch_submitted(session, batch_id=batch.id)
    return Submitted(False, body, batch.id, queued)


# -- reading --------------------------------------------------------------------------------


async def read_batch(session: AsyncSession, batch: Batch) -> BatchRead:
    rows = await session.execute(
        select(
            ITEMS.c.status,
            func.count(),
            func.min(ITEMS.c.started_at),
            func.max(ITEMS.c.finished_at),
        )
        .where(ITEMS.c.batch_id == batch.id)
        .group_by(ITEMS.c.status)
    )
    per_status = [(s, n, started, finished) for s, n, started, finished in rows]
    return _summary(
        id=batch.id,
        requester_id=batch.requester_id,
        channel=batch.channel,
        prompt_version=batch.prompt_version,
        total=batch.total,
        created_at=batch.created_at,
        cancelled_at=batch.cancelled_at,
        per_status=per_status,
        outage=await _outage_if_unfinished(session, per_status),
    )


async def _outage_if_unfinished(
    session: AsyncSession, per_status: list[tuple[str, int, Any, Any]]
) -> str | None:
    unfinished = any(status in ("queued", "drafting") and n for status, n, _, _ in per_status)
    return await current_outage(session) if unfinished else None


def _summary(
    *,
    id: uuid.UUID,
    requester_id: uuid.UUID,
    channel: str,
    prompt_version: int | None,
    total: int,
    created_at: datetime,
    cancelled_at: datetime | None,
    per_status: list[tuple[str, int, datetime | None, datetime | None]],
    outage: str | None = None,
) -> BatchRead:
    """A batch's status, counts and timings from its items' per-status aggregates."""
    counts: dict[str, int] = dict.fromkeys(ITEM_STATUSES, 0)
    starts = []
    ends = []
    for item_status, count, started, finished in per_status:
        counts[item_status] = count
        if started is not None:
            starts.append(started)
        if finished is not None:
            ends.append(finished)
    unfinished = counts["queued"] + counts["drafting"]
    status: BatchStatus
    if cancelled_at is not None:
        status = "cancelled"
    elif unfinished == 0:
        status = "completed"
    elif outage is not None:
        status = "paused"
    elif starts or counts["drafting"]:
        status = "running"
    else:
        status = "queued"
    return BatchRead(
        id=id,
        requester_id=requester_id,
        channel=channel,  # type: ignore[arg-type]
        prompt_version=prompt_version,
        status=status,
        total=total,
        counts=ItemCounts(**counts),
        created_at=created_at,
        started_at=min(starts) if starts else None,
        finished_at=max(ends) if ends and unfinished == 0 else None,
        cancelled_at=cancelled_at,
        paused_because=outage if status == "paused" else None,
    )


async def get_batch(
    session: AsyncSession, *, tenant_id: uuid.UUID, batch_id: uuid.UUID
) -> BatchRead:
    """A batch's status, counts and timings, in one statement (it is polled while it runs):
    the batch and its items' aggregates per status, one row per status."""
    item = ITEMS.alias("i")
    rows = (
        await session.execute(
            select(
                BATCHES,
                item.c.status.label("item_status"),
                func.count(item.c.id).label("items"),
                func.min(item.c.started_at).label("first_started_at"),
                func.max(item.c.finished_at).label("last_finished_at"),
            )
            .outerjoin(item, item.c.batch_id == BATCHES.c.id)
            .where(BATCHES.c.id == batch_id, BATCHES.c.tenant_id == tenant_id)
            .group_by(*BATCHES.c, item.c.status)
        )
    ).all()
    if not rows:
        raise NotFound("Batch not found.")
    first = rows[0]
    per_status = [
        (row.item_status, row.items, row.first_started_at, row.last_finished_at)
        for row in rows
        if row.item_status is not None
    ]
    return _summary(
        id=first.id,
        requester_id=first.requester_id,
        channel=first.channel,
        prompt_version=first.prompt_version,
        total=first.total,
        created_at=first.created_at,
        cancelled_at=first.cancelled_at,
        per_status=per_status,
        outage=await _outage_if_unfinished(session, per_status),
    )


async def list_batches(
    session: AsyncSession, *, tenant_id: uuid.UUID, limit: int, cursor: str | None
) -> Page[BatchRead]:
    page = await paginate(
        session,
        select(Batch).where(BATCHES.c.tenant_id == tenant_id),
        sort=BATCHES.c.created_at,
        id_column=BATCHES.c.id,
        key=lambda b: (b.created_at, b.id),
        to_read=lambda b: b,
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/batches",
        descending=True,
    )
    return Page[BatchRead](
        items=[await read_batch(session, batch) for batch in page.items],
        next_cursor=page.next_cursor,
    )


async def list_items(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    batch_id: uuid.UUID,
    limit: int,
    cursor: str | None,
    status: str | None = None,
) -> Page[BatchItemRead]:
    await get_owned(session, Batch, tenant_id=tenant_id, object_id=batch_id, label="Batch")
    conditions = [ITEMS.c.batch_id == batch_id]
    if status is not None:
        conditions.append(ITEMS.c.status == status)
    return await paginate(
        session,
        select(BatchItem).where(*conditions),
        sort=ITEMS.c.position,
        id_column=ITEMS.c.id,
        key=lambda i: (i.position, i.id),
        to_read=lambda i: BatchItemRead.model_validate(i, from_attributes=True),
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/batches/{batch_id}/items/{status or ''}",
        sort_type=int,
    )


async def cancel(session: AsyncSession, *, tenant_id: uuid.UUID, batch_id: uuid.UUID) -> BatchRead:
    """Queued items stop (skipped, `cancelled`); items already drafting finish normally.
    `batch.completed` (status `cancelled`) follows once none is left drafting."""
    batch = await get_owned(
        session, Batch, tenant_id=tenant_id, object_id=batch_id, label="Batch", for_update=True
    )
    if batch.cancelled_at is None:
        unfinished = await session.scalar(
            select(func.count())
            .select_from(ITEMS)
            .where(ITEMS.c.batch_id == batch_id, ITEMS.c.status.in_(("queued", "drafting")))
        )
        if not unfinished:
            raise Conflict("The batch already completed; there is nothing left to cancel.")
        now = utcnow()
        batch.cancelled_at = now
        await session.execute(
            update(ITEMS)
            .where(ITEMS.c.batch_id == batch_id, ITEMS.c.status == "queued")
            .values(
                status="skipped",
                reason="cancelled",
                detail=REASON_DETAIL["cancelled"],
                finished_at=now,
                updated_at=now,
            )
        )
        await session.flush()
        # Nothing left drafting: the batch ended here (else its last item's end says so).
        await webhook_events.batch_submitted(session, batch_id=batch_id)
    return await read_batch(session, batch)


async def queued_work(session: AsyncSession) -> list[tuple[str, list[QueuedItem]]]:
    """(tenant id, its queued items in order) of every unfinished, uncancelled batch: what
    a runner's sweep enqueues again (idempotently)."""
    rows = await session.execute(
        select(BATCHES.c.tenant_id, BATCHES.c.id, ITEMS.c.id.label("item_id"), ITEMS.c.runs)
        .join(ITEMS, ITEMS.c.batch_id == BATCHES.c.id)
        .where(ITEMS.c.status == "queued", BATCHES.c.cancelled_at.is_(None))
        .order_by(BATCHES.c.created_at, BATCHES.c.id, ITEMS.c.position)
    )
    pending: dict[uuid.UUID, tuple[str, list[QueuedItem]]] = {}
    for row in rows:
        queued = pending.setdefault(row.id, (str(row.tenant_id), []))[1]
        queued.append(QueuedItem(str(row.item_id), row.runs))
    return list(pending.values())


async def live_items(session: AsyncSession) -> dict[str, int]:
    """Items of every tenant waiting to be drafted (`queued`) and being drafted, now."""
    rows = await session.execute(
        select(ITEMS.c.status, func.count())
        .where(ITEMS.c.status.in_(("queued", "drafting")))
        .group_by(ITEMS.c.status)
    )
    return {"queued": 0, "drafting": 0} | dict(rows.all())


async def retry_failed(
    session: AsyncSession, *, tenant_id: uuid.UUID, batch_id: uuid.UUID, quotas: Quotas
) -> tuple[BatchRead, list[QueuedItem]]:
    """Send the batch's failed items back to the queue, each as a new run; the caller hands
    them to the engine once this is committed. The tenant's quotas count them."""
    batch = await get_owned(
        session, Batch, tenant_id=tenant_id, object_id=batch_id, label="Batch", for_update=True
    )
    if batch.cancelled_at is not None:
        raise Conflict("The batch was cancelled; its items are not drafted again.")
    failed = (
        await session.execute(
            select(ITEMS.c.id, ITEMS.c.runs).where(
                ITEMS.c.batch_id == batch_id, ITEMS.c.status == "failed"
            )
        )
    ).all()
    if failed:
        await lock_tenant(session, tenant_id=tenant_id)
        limits = quotas.of(stored_settings(await get_tenant(session, tenant_id=tenant_id)))
        await check_queued_items(
            session, tenant_id=tenant_id, quota=limits.queued_batch_items, adding=len(failed)
        )
        await check_drafts_per_day(
            session, tenant_id=tenant_id, quota=limits.drafts_per_day, adding=len(failed)
        )
        await session.execute(
            update(ITEMS)
            .where(ITEMS.c.batch_id == batch_id, ITEMS.c.status == "failed")
            .values(
                status="queued",
                reason=None,
                detail=None,
                started_at=None,
                finished_at=None,
                runs=ITEMS.c.runs + 1,
                updated_at=utcnow(),
            )
        )
    return (
        await read_batch(session, batch),
        [QueuedItem(str(item_id), runs + 1) for item_id, runs in failed],
    )


# -- the model server's outages -----------------------------------------------------------

OUTAGES = ModelOutage.__table__  # type: ignore[attr-defined]
# An outage nobody has probed for this long is forgotten (its runner died meanwhile).
OUTAGE_SEEN_FOR = timedelta(seconds=60)


async def open_outage(session: AsyncSession, *, worker_id: str, detail: str) -> uuid.UUID:
    outage = ModelOutage(worker_id=worker_id, detail=detail[:500])
    session.add(outage)
    await session.flush()
    return outage.id


async def outage_goes_on(session: AsyncSession, *, outage_id: uuid.UUID, detail: str) -> None:
    await session.execute(
        update(OUTAGES)
        .where(OUTAGES.c.id == outage_id)
        .values(last_failure_at=utcnow(), detail=detail[:500])
    )


async def close_outage(session: AsyncSession, *, outage_id: uuid.UUID) -> None:
    await session.execute(
        update(OUTAGES).where(OUTAGES.c.id == outage_id).values(closed_at=utcnow())
    )


async def current_outage(session: AsyncSession) -> str | None:
    """What a runner is seeing of the model server while it is away, if one is."""
    return await session.scalar(
        select(OUTAGES.c.detail)
        .where(
            OUTAGES.c.closed_at.is_(None), OUTAGES.c.last_failure_at >= utcnow() - OUTAGE_SEEN_FOR
        )
        .order_by(OUTAGES.c.opened_at.desc())
        .limit(1)
    )


# -- running one item -----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemWork:
    inputs: DraftInputs
    research_version: int | None
    batch: BatchInputs
    contact_id: uuid.UUID


_NOT_TERMINAL = sorted(TERMINAL)


async def _end_item(session: AsyncSession, item_id: uuid.UUID, **values: Any) -> bool:
    """Move a non-terminal item to a terminal state; False when it already was terminal."""
    now = utcnow()
    ended = await session.execute(
        update(ITEMS)
        .where(ITEMS.c.id == item_id, ITEMS.c.status.not_in(_NOT_TERMINAL))
        .values(**values, finished_at=now, updated_at=now)
        .returning(ITEMS.c.id)
    )
    return ended.first() is not None


def _skipped(reason: str) -> dict[str, Any]:
    return {"status": "skipped", "reason": reason, "detail": REASON_DETAIL[reason]}


def _item_statement(item_id: uuid.UUID) -> Any:
    """The item, its contact, the contact's newest research and whether the requester
    already has an open draft for the contact: everything `begin_item` decides on."""
    return (
        select(
            ITEMS.c.status,
            ITEMS.c.batch_id,
            ITEMS.c.started_at,
            Contact,
            ResearchSummary,
            exists()
            .where(_open_draft(BATCHES.c.tenant_id, BATCHES.c.requester_id, CONTACTS.c.id))
            .label("open_draft"),
        )
        .select_from(ITEMS)
        .join(BATCHES, BATCHES.c.id == ITEMS.c.batch_id)
        .join(Contact, CONTACTS.c.id == ITEMS.c.contact_id)
        .outerjoin(ResearchSummary, newest_research_of(CONTACTS.c.id))
        .where(ITEMS.c.id == item_id)
    )


@retry_on_contention
async def begin_item(sessions: Sessions, item_id: uuid.UUID, cache: RunCache) -> ItemWork | None:
    """Load the item's inputs and mark it drafting; None when there is nothing to draft.

    Conditions are checked again here, not only at submission: the contact may have opted
    out, or another draft for it appeared since. (A cancelled batch's queued items are
    already skipped.)
    """
    async with unit_of_work(sessions) as session:
        row = (await session.execute(_item_statement(item_id))).one_or_none()
        if row is None or row.status in TERMINAL:
            return None  # erased with its contact, or finished already
        batch = await cache.batch(session, row.batch_id)
        if batch is None:
            return None  # erased with its requester
        contact: Contact = row.Contact
        earlier = (
            await earlier_requests(
                session,
                tenant_id=batch.tenant_id,
                requester_id=batch.requester_id,
                contact_ids=[contact.id],
            )
        ).get(contact.id)
        skip = (
            "opted_out"
            if contact.do_not_contact
            else earlier.standing
            if earlier is not None
            else "open_draft"
            if row.open_draft
            else None
        )
        if skip is not None:
            await _end_item(session, item_id, **_skipped(skip))
            return None
        summary: ResearchSummary | None = row.ResearchSummary
        inputs = DraftInputs(
            requester=batch.requester,
            contact=contact_profile(contact),
            contact_how_found=contact.how_found,
            contact_notes=contact.notes,
            facts=tuple(research_facts(summary)),
            research_notes=summary.notes if summary else None,
            channel=batch.channel,
            policy=batch.policy,
            other_drafts=await other_drafts(
                session,
                recent=cache.recent,
                tenant_id=batch.tenant_id,
                requester_id=batch.requester_id,
                contact_id=contact.id,
            ),
        )
        if missing_research(inputs):
            await _end_item(session, item_id, **_skipped("no_research"))
            return None
        now = utcnow()
        await session.execute(
            update(ITEMS)
            .where(ITEMS.c.id == item_id, ITEMS.c.status.not_in(_NOT_TERMINAL))
            .values(status="drafting", started_at=row.started_at or now, updated_at=now)
        )
        return ItemWork(inputs, summary.version if summary else None, batch, contact.id)


class _AlreadyFinished(Exception):
    """An earlier run of the item stored its draft: this run's transaction is undone."""


@retry_on_contention
async def store_item(
    sessions: Sessions,
    item_id: uuid.UUID,
    work: ItemWork,
    gated: GatedDraft,
    author: str,
    cache: RunCache,
) -> str:
    """Store the item's draft and end it, in one transaction; at most once per item."""
    new = new_draft(
        tenant_id=work.batch.tenant_id,
        requester_id=work.batch.requester_id,
        contact_id=work.contact_id,
        channel=work.batch.channel,
        gated=gated,
        research_version=work.research_version,
        author=author,
        batch_id=work.batch.batch_id,
    )
    try:
        async with unit_of_work(sessions) as session:
            await insert_draft(session, new)
            if not await _end_item(session, item_id, **_stored(new, gated)):
                raise _AlreadyFinished
    except _AlreadyFinished:
        # Rolled back: the draft of the earlier run is the item's only one.
        log.warning("batch item %s was already finished; this run's draft is dropped", item_id)
        return "duplicate"
    cache.recent.add(
        (work.batch.tenant_id, work.batch.requester_id), contact_id=work.contact_id, body=gated.body
    )
    return new.status


def _stored(new: NewDraft, gated: GatedDraft) -> dict[str, Any]:
    """The item's terminal values once `new` is its draft."""
    return {
        "status": new.status,
        "reason": gated.failure_reason,
        "detail": gated.failure_detail[:500] if gated.failure_detail else None,
        "draft_id": new.id,
        "llm_attempts": sum(a.http_attempts for a in gated.attempts),
    }


@retry_on_contention
async def fail_item(
    sessions: Sessions, item_id: uuid.UUID, *, reason: str, detail: str, llm_attempts: int
) -> None:
    async with unit_of_work(sessions) as session:
        await _end_item(
            session,
            item_id,
            status="failed",
            reason=reason,
            detail=detail[:500],
            llm_attempts=llm_attempts,
        )
