"""Batch rules: choose and classify contacts, record the batch, run one item, report.

Everything here is plain synchronous database work; `service/batches/engine.py` runs it
inside durable workflows. Each item is owned by one workflow, and its terminal write is
conditional (`WHERE status NOT IN terminal`), so a retried or recovered workflow can never
store a second draft for the same item.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, partial
from typing import Any

from sqlalchemy import func, insert, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from service import idempotency
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
    SkippedContact,
)
from service.batches.runcache import BatchInputs, RunCache
from service.checking.service import requester_profile
from service.contacts.models import Contact
from service.crud import get_owned
from service.db import utcnow
from service.drafts.models import Draft
from service.drafts.service import (
    CONTACT_COLUMNS,
    CONTACT_WIDTH,
    DRAFTS,
    NEWEST_RESEARCH,
    RESEARCH_COLUMNS,
    REVISIONS,
    NewDraft,
    check_prompt_version,
    contact_part,
    insert_draft,
    missing_research,
    new_draft,
    new_draft_params,
    research_part,
)
from service.errors import Conflict, NeedsResearch, NotFound, Unprocessable
from service.hotdb import HotConnection
from service.llm.drafting import DraftInputs, GatedDraft
from service.llm.prompts import PromptRegistry
from service.pagination import paginate
from service.rawdb import Dialect, Raw, column_names, raw_transaction, typed_marks
from service.requesters.service import get_requester
from service.research.models import ResearchSummary
from service.schemas import Page

log = logging.getLogger("askwell.batches")

CREATE_ENDPOINT = "POST /v1/batches"
OPEN_DRAFT_STATUSES = ("needs_review", "approved")
REASON_DETAIL = {
    "opted_out": "The contact opted out: no further requests may be drafted for them.",
    "no_research": "No research facts about this contact yet: research first.",
    "open_draft": "The requester already has a draft for this contact awaiting review or approved.",
    "cancelled": "The batch was cancelled before this item started.",
    "contact_gone": "The contact was deleted.",
}
_CHUNK = 900  # stays under SQLite's bound-parameter limit in IN (...) lists


def _chunks(ids: list[uuid.UUID]) -> Iterable[list[uuid.UUID]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


# -- submission -----------------------------------------------------------------------------


def _selected_contacts(
    session: Session, *, tenant_id: uuid.UUID, data: BatchCreate
) -> list[tuple[uuid.UUID, bool]]:
    """(contact id, do-not-contact) in the batch's order: as given, or oldest first."""
    if data.contact_ids is not None:
        found: dict[uuid.UUID, bool] = {}
        for chunk in _chunks(data.contact_ids):
            rows = session.exec(
                select(Contact.id, Contact.do_not_contact).where(
                    Contact.tenant_id == tenant_id, col(Contact.id).in_(chunk)
                )
            ).all()
            found.update({row[0]: row[1] for row in rows})
        missing = [str(c) for c in data.contact_ids if c not in found]
        if missing:
            # Another tenant's contact answers exactly like one that does not exist.
            raise NotFound(
                f"{len(missing)} of the contacts do not exist.", missing_contact_ids=missing[:20]
            )
        return [(c, found[c]) for c in data.contact_ids]
    assert data.filter is not None
    rows = session.exec(
        _filtered(tenant_id, data.filter)
        .order_by(col(Contact.created_at), col(Contact.id))
        .limit(MAX_BATCH_CONTACTS + 1)
    ).all()
    if len(rows) > MAX_BATCH_CONTACTS:
        raise Unprocessable(
            f"The filter matches more than {MAX_BATCH_CONTACTS} contacts; narrow it.",
            errors=[{"loc": ["body", "filter"], "msg": "too many matches", "type": "too_many"}],
        )
    if not rows:
        raise Conflict("The filter matches none of the tenant's contacts: nothing to draft.")
    return [(row[0], row[1]) for row in rows]


def _filtered(tenant_id: uuid.UUID, filter: ContactFilter) -> Any:
    statement = select(Contact.id, Contact.do_not_contact).where(Contact.tenant_id == tenant_id)
    if filter.organization is not None:
        statement = statement.where(
            func.lower(col(Contact.organization)) == filter.organization.strip().lower()
        )
    if filter.seniority is not None:
        statement = statement.where(Contact.seniority == filter.seniority)
    if filter.q is not None:
        statement = statement.where(
            func.lower(col(Contact.name)).contains(filter.q.strip().lower(), autoescape=True)
        )
    return statement


def _researched(session: Session, contact_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Contacts whose latest research summary has at least one fact."""
    latest: dict[uuid.UUID, tuple[int, bool]] = {}
    for chunk in _chunks(contact_ids):
        rows = session.exec(
            select(
                ResearchSummary.contact_id, ResearchSummary.version, ResearchSummary.facts
            ).where(col(ResearchSummary.contact_id).in_(chunk))
        ).all()
        for contact_id, version, facts in rows:
            if contact_id not in latest or latest[contact_id][0] < version:
                latest[contact_id] = (version, bool(facts))
    return {contact_id for contact_id, (_, has_facts) in latest.items() if has_facts}


def _with_open_drafts(
    session: Session, *, tenant_id: uuid.UUID, requester_id: uuid.UUID, contact_ids: list[uuid.UUID]
) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for chunk in _chunks(contact_ids):
        found.update(
            session.exec(
                select(Draft.contact_id).where(
                    Draft.tenant_id == tenant_id,
                    Draft.requester_id == requester_id,
                    Draft.kind == "request",
                    col(Draft.status).in_(OPEN_DRAFT_STATUSES),
                    col(Draft.contact_id).in_(chunk),
                )
            ).all()
        )
    return found


def classify(
    session: Session, *, tenant_id: uuid.UUID, data: BatchCreate
) -> tuple[list[uuid.UUID], list[uuid.UUID], list[SkippedContact]]:
    """(every selected contact in order, the ones to draft, the skipped with reasons)."""
    requester = get_requester(session, tenant_id=tenant_id, requester_id=data.requester_id)
    profile = requester_profile(requester)
    if not (
        profile.background
        or profile.current_role
        or profile.interests
        or profile.learning_goals
        or profile.target_fields
    ):
        raise NeedsResearch(
            "Not enough about the requester to ground a specific reason: add the "
            "requester's background, current role, interests or goals.",
            missing=["the requester's background, current role, interests or goals"],
        )
    selected = _selected_contacts(session, tenant_id=tenant_id, data=data)
    ids = [contact_id for contact_id, _ in selected]
    researched = _researched(session, ids)
    open_drafts = _with_open_drafts(
        session, tenant_id=tenant_id, requester_id=data.requester_id, contact_ids=ids
    )
    draft: list[uuid.UUID] = []
    skipped: list[SkippedContact] = []
    for contact_id, do_not_contact in selected:
        reason = (
            "opted_out"
            if do_not_contact
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
                SkippedContact(contact_id=contact_id, reason=reason, detail=REASON_DETAIL[reason])  # type: ignore[arg-type]
            )
    return ids, draft, skipped


def dry_run(
    session: Session, *, tenant_id: uuid.UUID, data: BatchCreate, registry: PromptRegistry
) -> DryRunRead:
    check_prompt_version(registry, data.prompt_version)
    _, draft, skipped = classify(session, tenant_id=tenant_id, data=data)
    return DryRunRead(
        requester_id=data.requester_id, channel=data.channel, would_draft=draft, skipped=skipped
    )


def submit(
    session: Session,
    *,
    tenant_id: uuid.UUID,
    data: BatchCreate,
    registry: PromptRegistry,
    key: str | None,
) -> tuple[bool, dict[str, Any], uuid.UUID, list[str]]:
    """Record the batch and its items: (replayed, body, batch id, the queued item ids).

    The caller enqueues the queued items on the engine (see `service/batches/engine.py`).
    """
    check_prompt_version(registry, data.prompt_version)
    if key is not None:
        earlier = idempotency.reserve(
            session,
            tenant_id=tenant_id,
            endpoint=CREATE_ENDPOINT,
            key=key,
            fingerprint=idempotency.request_hash(data.model_dump(mode="json")),
        )
        if earlier is not None:
            if earlier.response_body is None:
                raise Conflict("A request with this Idempotency-Key is still being processed.")
            return True, earlier.response_body, uuid.UUID(earlier.response_body["id"]), []
    ids, _, skipped = classify(session, tenant_id=tenant_id, data=data)
    batch = Batch(
        tenant_id=tenant_id,
        requester_id=data.requester_id,
        channel=data.channel,
        prompt_version=data.prompt_version,
        total=len(ids),
    )
    session.add(batch)
    session.flush()
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
                "finished_at": now if skipped_contact else None,
                "llm_attempts": 0,
                "updated_at": now,
            }
        )
    session.execute(insert(BatchItem), rows)
    body = read_batch(session, batch).model_dump(mode="json")
    if key is not None:
        idempotency.complete(
            session, tenant_id=tenant_id, endpoint=CREATE_ENDPOINT, key=key, status=202, body=body
        )
    queued = [str(row["id"]) for row in rows if row["status"] == "queued"]
    return False, body, batch.id, queued


# -- reading --------------------------------------------------------------------------------


def read_batch(session: Session, batch: Batch) -> BatchRead:
    rows = session.exec(
        select(
            BatchItem.status,
            func.count(),
            func.min(BatchItem.started_at),
            func.max(BatchItem.finished_at),
        )
        .where(BatchItem.batch_id == batch.id)
        .group_by(BatchItem.status)
    ).all()
    return _summary(
        id=batch.id,
        requester_id=batch.requester_id,
        channel=batch.channel,
        prompt_version=batch.prompt_version,
        total=batch.total,
        created_at=batch.created_at,
        cancelled_at=batch.cancelled_at,
        per_status=[(s, n, started, finished) for s, n, started, finished in rows],
    )


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
    )


# One statement for `GET /v1/batches/{id}`: the batch and its items' aggregates per status
# (one row per status; one row with a NULL status when it has no items).
BATCH_STATUS = """
SELECT b.id, b.requester_id, b.channel, b.prompt_version, b.total, b.created_at,
       b.cancelled_at, i.status, count(i.id), min(i.started_at), max(i.finished_at)
FROM batches AS b
LEFT JOIN batch_items AS i ON i.batch_id = b.id
WHERE b.id = ? AND b.tenant_id = ?
GROUP BY b.id, b.requester_id, b.channel, b.prompt_version, b.total, b.created_at,
         b.cancelled_at, i.status
"""


def batch_from_rows(dialect: Dialect, rows: list[tuple[Any, ...]]) -> BatchRead:
    """`BATCH_STATUS`'s rows as the API's view (404 when there are none)."""
    if not rows:
        raise NotFound("Batch not found.")

    def time_or_none(value: Any) -> datetime | None:
        return None if value is None else dialect.time_value(value)

    first = rows[0]
    return _summary(
        id=dialect.uuid_value(first[0]),
        requester_id=dialect.uuid_value(first[1]),
        channel=first[2],
        prompt_version=first[3],
        total=first[4],
        created_at=dialect.time_value(first[5]),
        cancelled_at=time_or_none(first[6]),
        per_status=[
            (row[7], row[8], time_or_none(row[9]), time_or_none(row[10]))
            for row in rows
            if row[7] is not None
        ],
    )


def list_batches(
    session: Session, *, tenant_id: uuid.UUID, limit: int, cursor: str | None
) -> Page[BatchRead]:
    return paginate(
        session,
        select(Batch).where(Batch.tenant_id == tenant_id),
        sort=col(Batch.created_at),
        id_column=col(Batch.id),
        key=lambda b: (b.created_at, b.id),
        to_read=lambda b: read_batch(session, b),
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/batches",
        descending=True,
    )


def list_items(
    session: Session,
    *,
    tenant_id: uuid.UUID,
    batch_id: uuid.UUID,
    limit: int,
    cursor: str | None,
    status: str | None = None,
) -> Page[BatchItemRead]:
    get_owned(session, Batch, tenant_id=tenant_id, object_id=batch_id, label="Batch")
    statement = select(BatchItem).where(BatchItem.batch_id == batch_id)
    if status is not None:
        statement = statement.where(BatchItem.status == status)
    return paginate(
        session,
        statement,
        sort=col(BatchItem.position),
        id_column=col(BatchItem.id),
        key=lambda i: (i.position, i.id),
        to_read=lambda i: BatchItemRead.model_validate(i, from_attributes=True),
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/batches/{batch_id}/items/{status or ''}",
        sort_type=int,
    )


def cancel(session: Session, *, tenant_id: uuid.UUID, batch_id: uuid.UUID) -> BatchRead:
    """Queued items stop (skipped, `cancelled`); items already drafting finish normally."""
    batch = get_owned(session, Batch, tenant_id=tenant_id, object_id=batch_id, label="Batch")
    if batch.cancelled_at is None:
        unfinished = session.exec(
            select(func.count())
            .select_from(BatchItem)
            .where(
                BatchItem.batch_id == batch_id,
                col(BatchItem.status).in_(("queued", "drafting")),
            )
        ).one()
        if unfinished == 0:
            raise Conflict("The batch already completed; there is nothing left to cancel.")
        now = utcnow()
        batch.cancelled_at = now
        session.add(batch)
        session.execute(
            update(BatchItem)
            .where(col(BatchItem.batch_id) == batch_id, col(BatchItem.status) == "queued")
            .values(
                status="skipped",
                reason="cancelled",
                detail=REASON_DETAIL["cancelled"],
                finished_at=now,
                updated_at=now,
            )
        )
        session.flush()
    return read_batch(session, batch)


def batches_to_run(session: Session) -> list[uuid.UUID]:
    """Batches with queued items (a runner's sweep enqueues them again, idempotently)."""
    return list(
        session.exec(
            select(BatchItem.batch_id).where(BatchItem.status == "queued").distinct()
        ).all()
    )


def queued_items(session: Session, batch_id: uuid.UUID) -> tuple[str, list[str]]:
    """(tenant id, the ids of the batch's items still queued, in order)."""
    batch = session.get(Batch, batch_id)
    if batch is None or batch.cancelled_at is not None:
        return "", []
    ids = session.exec(
        select(BatchItem.id)
        .where(BatchItem.batch_id == batch_id, BatchItem.status == "queued")
        .order_by(col(BatchItem.position))
    ).all()
    return str(batch.tenant_id), [str(i) for i in ids]


# -- running one item -----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemWork:
    inputs: DraftInputs
    research_version: int | None
    batch: BatchInputs
    contact_id: uuid.UUID


# The runner's statements, plain SQL: building a statement costs more than running it.
_NOT_TERMINAL = ", ".join(f"'{status}'" for status in sorted(TERMINAL))
_MARK_DRAFTING = "UPDATE batch_items SET status = ?, started_at = ?, updated_at = ? WHERE id = ?"
# Outside a transaction that read the item first: only an item not finished meanwhile.
_MARK_DRAFTING_OPEN = f"{_MARK_DRAFTING} AND status NOT IN ({_NOT_TERMINAL})"
# The item, its contact, the contact's newest research and whether the requester already has
# an open draft for the contact: everything `begin_item` decides on, in one statement.
_ITEM_INPUTS = f"""
SELECT i.status, i.batch_id, i.started_at, {CONTACT_COLUMNS}, {RESEARCH_COLUMNS},
       EXISTS (
           SELECT 1 FROM drafts AS d
           WHERE d.tenant_id = b.tenant_id AND d.requester_id = b.requester_id
             AND d.contact_id = c.id AND d.kind = 'request'
             AND d.status IN ({", ".join("?" for _ in OPEN_DRAFT_STATUSES)})
       )
FROM batch_items AS i
JOIN batches AS b ON b.id = i.batch_id
JOIN contacts AS c ON c.id = i.contact_id
{NEWEST_RESEARCH}
WHERE i.id = ?
"""  # noqa: S608


@lru_cache(maxsize=8)
def _end_item_sql(columns: tuple[str, ...]) -> str:
    assignments = ", ".join(f"{column} = ?" for column in columns)
    return (
        f"UPDATE batch_items SET {assignments}, finished_at = ?, updated_at = ? "  # noqa: S608
        f"WHERE id = ? AND status NOT IN ({_NOT_TERMINAL})"
    )


def _end_item_params(dialect: Dialect, item_id: uuid.UUID, values: dict[str, Any]) -> list[Any]:
    now = dialect.time_param(utcnow())
    params = [dialect.param(value) for value in values.values()]
    return [*params, now, now, dialect.uuid_param(item_id)]


def _end_item(raw: Raw, item_id: uuid.UUID, **values: Any) -> bool:
    """Move a non-terminal item to a terminal state; False when it already was terminal."""
    sql = _end_item_sql(tuple(values))
    return raw.execute(sql, _end_item_params(raw, item_id, values)) > 0


async def _end_item_hot(db: HotConnection, item_id: uuid.UUID, **values: Any) -> None:
    await db.all(_end_item_sql(tuple(values)), _end_item_params(db, item_id, values))


def _skipped(reason: str) -> dict[str, Any]:
    return {"status": "skipped", "reason": reason, "detail": REASON_DETAIL[reason]}


def _skip(raw: Raw, item_id: uuid.UUID, reason: str) -> None:
    _end_item(raw, item_id, **_skipped(reason))


@dataclass(frozen=True, slots=True)
class _ItemRow:
    """What `_ITEM_INPUTS` says about an item that may still be drafted."""

    batch_id: uuid.UUID
    started_at: Any
    contact: tuple[Any, ...]
    research_version: int | None
    facts: Any
    research_notes: str | None
    skip: str | None  # why it must not be drafted, as far as the row tells

    @classmethod
    def of(cls, dialect: Dialect, row: tuple[Any, ...] | None) -> _ItemRow | None:
        """None when there is nothing to do: the item is gone (erased with its contact) or
        already finished."""
        if row is None or row[0] in TERMINAL:
            return None
        contact = row[3 : 3 + CONTACT_WIDTH]
        version, facts, research_notes, open_draft = row[3 + CONTACT_WIDTH :]
        skip = "opted_out" if contact[10] else "open_draft" if open_draft else None
        batch_id = dialect.uuid_value(row[1])
        return cls(batch_id, row[2], contact, version, facts, research_notes, skip)

    def work(self, dialect: Dialect, batch: BatchInputs, others: tuple[str, ...]) -> ItemWork:
        contact = self.contact
        inputs = DraftInputs(
            requester=batch.requester,
            contact=contact_part(contact),
            contact_how_found=contact[8],
            contact_notes=contact[9],
            facts=research_part(dialect, self.facts),
            research_notes=self.research_notes,
            channel=batch.channel,
            policy=batch.policy,
            other_drafts=others,
        )
        contact_id = dialect.uuid_value(contact[0])
        return ItemWork(inputs, self.research_version, batch, contact_id)

    def drafting_params(self, dialect: Dialect, item_id: uuid.UUID) -> tuple[Any, ...]:
        now = utcnow()
        started = now if self.started_at is None else dialect.time_value(self.started_at)
        return (
            "drafting",
            dialect.time_param(started),
            dialect.time_param(now),
            dialect.uuid_param(item_id),
        )


def begin_item(engine: Engine, item_id: uuid.UUID, cache: RunCache) -> ItemWork | None:
    """Load the item's inputs and mark it drafting; None when there is nothing to draft.

    Conditions are checked again here, not only at submission: the contact may have opted
    out, or another draft for it appeared since. (A cancelled batch's queued items are
    already skipped.)
    """
    with raw_transaction(engine) as raw:
        found = raw.one_or_none(_ITEM_INPUTS, (*OPEN_DRAFT_STATUSES, raw.uuid_param(item_id)))
        item = _ItemRow.of(raw, found)
        if item is None:
            return None
        batch = cache.batch(engine, item.batch_id)
        if batch is None:
            return None  # erased with its requester
        if item.skip is not None:
            _skip(raw, item_id, item.skip)
            return None
        contact_id = raw.uuid_value(item.contact[0])
        work = item.work(raw, batch, cache.other_drafts(engine, batch, contact_id=contact_id))
        if missing_research(work.inputs):
            _skip(raw, item_id, "no_research")
            return None
        raw.execute(_MARK_DRAFTING, item.drafting_params(raw, item_id))
        return work


async def begin_item_hot(
    db: HotConnection,
    engine: Engine,
    item_id: uuid.UUID,
    cache: RunCache,
    load: Callable[[Callable[[], Any]], Awaitable[Any]],
) -> ItemWork | None:
    """`begin_item` on the event loop's PostgreSQL connections: a read, then one write.

    `load` runs what the cache must load from the database (rarely: once per batch and
    `runcache.TTL_S`) in a thread. Without a transaction around the read and the write, a
    change between them (an opt-out, another draft) is seen as late as it would be by the
    transaction, whose read took no lock either.
    """
    found = await db.one_or_none(_ITEM_INPUTS, (*OPEN_DRAFT_STATUSES, db.uuid_param(item_id)))
    item = _ItemRow.of(db, found)
    if item is None:
        return None
    batch = cache.cached_batch(item.batch_id) or await load(
        partial(cache.batch, engine, item.batch_id)
    )
    if batch is None:
        return None
    if item.skip is not None:
        await _end_item_hot(db, item_id, **_skipped(item.skip))
        return None
    contact_id = db.uuid_value(item.contact[0])
    others = cache.cached_other_drafts(batch, contact_id=contact_id)
    if others is None:
        others = await load(partial(cache.other_drafts, engine, batch, contact_id=contact_id))
    work = item.work(db, batch, others)
    if missing_research(work.inputs):
        await _end_item_hot(db, item_id, **_skipped("no_research"))
        return None
    await db.all(_MARK_DRAFTING_OPEN, item.drafting_params(db, item_id))
    return work


class _AlreadyFinished(Exception):
    """An earlier run of the item stored its draft: this run's transaction is undone."""


def store_item(
    engine: Engine,
    item_id: uuid.UUID,
    work: ItemWork,
    gated: GatedDraft,
    author: str,
    cache: RunCache,
) -> str:
    """Store the item's draft and end it, in one transaction; at most once per item."""
    try:
        with raw_transaction(engine) as raw:
            new = insert_draft(raw, new_draft(**_draft_of(work, gated, author)))
            if not _end_item(raw, item_id, **_stored(new, gated)):
                raise _AlreadyFinished
    except _AlreadyFinished:
        # Rolled back: the draft of the earlier run is the item's only one.
        return _duplicate(item_id)
    cache.add_draft(work.batch, contact_id=work.contact_id, body=gated.body)
    return new.status


async def store_item_hot(
    db: HotConnection,
    item_id: uuid.UUID,
    work: ItemWork,
    gated: GatedDraft,
    author: str,
    cache: RunCache,
) -> str:
    """`store_item` as one statement on the event loop's PostgreSQL connections: the item
    ends and the draft and its revision are written only if the item was not finished."""
    new = new_draft(**_draft_of(work, gated, author))
    values = _stored(new, gated)
    params = [*_end_item_params(db, item_id, values), *new_draft_params(db, new)]
    [(stored,)] = await db.all(_STORE_ITEM, params)
    if not stored:
        return _duplicate(item_id)
    cache.add_draft(work.batch, contact_id=work.contact_id, body=gated.body)
    return new.status


def _draft_of(work: ItemWork, gated: GatedDraft, author: str) -> dict[str, Any]:
    return {
        "tenant_id": work.batch.tenant_id,
        "requester_id": work.batch.requester_id,
        "contact_id": work.contact_id,
        "channel": work.batch.channel,
        "gated": gated,
        "research_version": work.research_version,
        "author": author,
        "batch_id": work.batch.batch_id,
    }


def _stored(new: NewDraft, gated: GatedDraft) -> dict[str, Any]:
    """The item's terminal values once `new` is its draft (`_STORED_COLUMNS`, in order)."""
    return {
        "status": new.status,
        "reason": None,
        "detail": None,
        "draft_id": new.id,
        "llm_attempts": sum(a.http_attempts for a in gated.attempts),
    }


def _duplicate(item_id: uuid.UUID) -> str:
    log.warning("batch item %s was already finished; this run's draft is dropped", item_id)
    return "duplicate"


_STORED_COLUMNS = ("status", "reason", "detail", "draft_id", "llm_attempts")
# The item ends, and only then (`FROM item`: one row or none) are the draft and its
# revision written; the count says which. Values written by a SELECT carry their types.
_STORE_ITEM = f"""
WITH item AS ({_end_item_sql(_STORED_COLUMNS)} RETURNING id),
d AS (INSERT INTO drafts ({column_names(DRAFTS)}) SELECT {typed_marks(DRAFTS)} FROM item),
r AS (
    INSERT INTO draft_revisions ({column_names(REVISIONS)})
    SELECT {typed_marks(REVISIONS)} FROM item
)
SELECT count(*) FROM item
"""  # noqa: S608


def fail_item(
    engine: Engine, item_id: uuid.UUID, *, reason: str, detail: str, llm_attempts: int
) -> None:
    with raw_transaction(engine) as raw:
        _end_item(raw, item_id, **_failed(reason, detail, llm_attempts))


async def fail_item_hot(
    db: HotConnection, item_id: uuid.UUID, *, reason: str, detail: str, llm_attempts: int
) -> None:
    await _end_item_hot(db, item_id, **_failed(reason, detail, llm_attempts))


def _failed(reason: str, detail: str, llm_attempts: int) -> dict[str, Any]:
    return {
        "status": "failed",
        "reason": reason,
        "detail": detail[:500],
        "llm_attempts": llm_attempts,
    }
