"""Review and outreach rules: queue, edits, decisions, sending, outcomes, follow-ups.

Every write is a compare-and-set on the draft's `lock_version` (the ETag): two reviewers
who read the same state cannot both act on it, on any backend and in any number of
processes. The follow-up is drafted like a first request: short transactions before and
after, none while the drafter works.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncSession

from service.checking.service import stored_settings
from service.contacts.models import Contact, ContactMerge, ContactRead
from service.contacts.service import create_contact, get_contact
from service.core import idempotency
from service.core.db import utcnow
from service.core.errors import (
    Conflict,
    DoNotContact,
    FollowUpNotDue,
    GateBlocked,
    InvalidTransition,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unprocessable,
)
from service.core.pagination import MAX_LIMIT, encode_cursor, paginate
from service.core.schemas import Page
from service.drafts.conversation import how_long_ago
from service.drafts.models import Draft, DraftRead, DraftRevision
from service.drafts.service import (
    DRAFTS,
    REVISIONS,
    Drafting,
    current_revision,
    etag,
    get_owned_draft,
    insert_draft,
    load_inputs,
    new_draft,
    page_of_drafts,
    pinned_or_latest,
    to_read,
)
from service.drafts.service import _model_failed as model_failed
from service.gate import GateReport, run_gate
from service.llm.drafting import (
    PROMPT_FOR_KIND,
    DraftingFailed,
    DraftInputs,
    EarlierRequest,
    compose_gated,
)
from service.research.models import ResearchSummary
from service.review.models import (
    ApprovalCreate,
    DecisionRead,
    DraftEdit,
    HistoryEntry,
    OutcomeCreate,
    OutcomeRecorded,
    OutreachEvent,
    OutreachEventRead,
    RejectionCreate,
    ReviewDecision,
    RevisionRead,
    TimelineEntry,
)
from service.tenants.service import Principal, get_tenant
from service.webhooks import events as webhook_events

EDITABLE = ("needs_review", "gate_failed", "model_failed", "rejected", "approved")
REJECTABLE = ("needs_review", "gate_failed", "model_failed")
# Outcomes after which nobody should be chased again.
CLOSING_OUTCOMES = frozenset({"replied_positive", "replied_negative", "referred", "opted_out"})
CLOCK_SKEW = timedelta(minutes=5)


# Drafts one page of a check-filtered review queue reads at most.
QUEUE_SCAN_ROWS = 1000


def text_sha256(subject: str | None, body: str) -> str:
    """The hash a decision records: SHA-256 of the UTF-8 JSON array `[subject, body]`."""
    return hashlib.sha256(json.dumps([subject, body], ensure_ascii=False).encode()).hexdigest()


async def _draft(session: AsyncSession, *, tenant_id: uuid.UUID, draft_id: uuid.UUID) -> Draft:
    return await get_owned_draft(session, tenant_id=tenant_id, draft_id=draft_id)


def check_if_match(draft: Draft, if_match: str | None, *, required: bool = True) -> None:
    """428 without `If-Match` (where required), 412 unless it names the current state."""
    if if_match is None:
        if required:
            raise PreconditionRequired(
                "Send the draft's current ETag in `If-Match`; read it with GET first."
            )
        return
    current = etag(draft.id, draft.lock_version)
    if current not in (tag.strip() for tag in if_match.split(",")):
        raise PreconditionFailed(
            "The draft changed since you read it (stale ETag); read it again.",
            headers={"ETag": current},
        )


async def _advance(
    session: AsyncSession, draft: Draft, *, expected: Collection[str], **values: Any
) -> Draft:
    """Compare-and-set: apply `values` only if nobody changed the draft since it was read;
    the draft as it is now."""
    statement = (
        update(Draft)
        .where(
            DRAFTS.c.id == draft.id,
            DRAFTS.c.lock_version == draft.lock_version,
            DRAFTS.c.status.in_(list(expected)),
        )
        .values(lock_version=DRAFTS.c.lock_version + 1, updated_at=utcnow(), **values)
        .returning(Draft)
        .execution_options(populate_existing=True, synchronize_session=False)
    )
    advanced = (await session.scalars(statement)).first()
    if advanced is None:
        raise PreconditionFailed("The draft changed meanwhile; read it again and retry.")
    return advanced


def _transition_error(draft: Draft, action: str) -> InvalidTransition:
    return InvalidTransition(
        f"A draft in status `{draft.status}` cannot be {action}.", current_status=draft.status
    )


def _decision(
    principal: Principal,
    *,
    draft: Draft,
    revision: DraftRevision,
    decision: str,
    reviewer: str | None,
    reason: str | None = None,
) -> ReviewDecision:
    return ReviewDecision(
        tenant_id=principal.tenant_id,
        draft_id=draft.id,
        decision=decision,
        revision=revision.number,
        api_key_id=principal.key_id,
        api_key_prefix=principal.key_prefix,
        reviewer=reviewer,
        reason=reason,
        text_sha256=text_sha256(revision.subject, revision.body),
    )


async def review_queue(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    limit: int,
    cursor: str | None,
    requester_id: uuid.UUID | None = None,
    batch_id: uuid.UUID | None = None,
    channel: str | None = None,
    unpassed_check: str | None = None,
    newest_first: bool = False,
) -> Page[DraftRead]:
    """Drafts awaiting a reviewer, oldest first (or newest first), each with its gate
    report; with `unpassed_check`, only those whose report has that check failed or warned."""
    conditions = [DRAFTS.c.tenant_id == tenant_id, DRAFTS.c.status == "needs_review"]
    if requester_id is not None:
        conditions.append(DRAFTS.c.requester_id == requester_id)
    if batch_id is not None:
        conditions.append(DRAFTS.c.batch_id == batch_id)
    if channel is not None:
        conditions.append(DRAFTS.c.channel == channel)
    scope = f"{tenant_id}/review-queue{'/newest' if newest_first else ''}"
    if unpassed_check is None:
        return await page_of_drafts(
            session,
            conditions,
            limit=limit,
            cursor=cursor,
            scope=scope,
            descending=newest_first,
        )
    # Which checks a report failed is read from the report itself, the same way on every
    # backend; one page reads at most QUEUE_SCAN_ROWS drafts and may then come back short
    # (its cursor goes on from the last draft read).
    found: list[DraftRead] = []
    scanned = 0
    while True:
        page = await page_of_drafts(
            session,
            conditions,
            limit=MAX_LIMIT,
            cursor=cursor,
            scope=scope,
            descending=newest_first,
        )
        for draft in page.items:
            scanned += 1
            check = draft.gate_report.check(unpassed_check)
            if check is not None and not check.passed:
                found.append(draft)
            if len(found) == limit:
                return Page[DraftRead](
                    items=found, next_cursor=encode_cursor(scope, draft.created_at, draft.id)
                )
        if page.next_cursor is None or scanned >= QUEUE_SCAN_ROWS:
            return Page[DraftRead](items=found, next_cursor=page.next_cursor)
        cursor = page.next_cursor


async def regate(
    session: AsyncSession, *, draft: Draft, subject: str | None, body: str
) -> GateReport:
    """The gate's verdict on new text, in the draft's own context (nothing is inherited)."""
    inputs = (
        await load_inputs(
            session,
            tenant_id=draft.tenant_id,
            requester_id=draft.requester_id,
            contact_id=draft.contact_id,
            channel=draft.channel,
            recent=None,
            refuse_opted_out=False,  # a reviewer may still fix a draft to someone who opted out
        )
    ).inputs
    context = inputs.gate_context().model_copy(update={"kind": draft.kind})
    return run_gate(
        body, subject=subject, channel=inputs.channel, context=context, policy=inputs.policy
    )


async def edit_draft(
    session: AsyncSession,
    *,
    principal: Principal,
    draft_id: uuid.UUID,
    if_match: str | None,
    data: DraftEdit,
) -> DraftRead:
    """A human revision, gated again; the status follows the new report."""
    draft = await _draft(session, tenant_id=principal.tenant_id, draft_id=draft_id)
    check_if_match(draft, if_match)
    if draft.status not in EDITABLE:
        raise _transition_error(draft, "edited")
    previous = await current_revision(session, draft)
    subject = data.subject if "subject" in data.model_fields_set else previous.subject
    report = await regate(session, draft=draft, subject=subject, body=data.body)
    number = draft.revision + 1
    draft = await _advance(
        session,
        draft,
        expected=EDITABLE,
        revision=number,
        status="needs_review" if report.passed else "gate_failed",
    )
    revision = DraftRevision(
        tenant_id=principal.tenant_id,
        draft_id=draft.id,
        number=number,
        author="human",
        subject=subject,
        body=data.body,
        gate_report=report.model_dump(mode="json"),
        gate_passed=report.passed,
    )
    session.add(revision)
    await session.flush()
    session.add(
        _decision(
            principal, draft=draft, revision=revision, decision="edited", reviewer=data.reviewer
        )
    )
    await session.flush()
    # The edited revision's verdict, as for any stored draft: a fix that now passes awaits
    # review again, an edit that fails is gate_failed (the event carries the revision).
    await webhook_events.draft_stored(session, draft.model_dump(), revision.model_dump())
    return to_read(draft, revision)


async def approve(
    session: AsyncSession,
    *,
    principal: Principal,
    draft_id: uuid.UUID,
    if_match: str | None,
    reviewer: str | None,
) -> DraftRead:
    draft = await _draft(session, tenant_id=principal.tenant_id, draft_id=draft_id)
    check_if_match(draft, if_match)
    revision = await current_revision(session, draft)
    report = GateReport.model_validate(revision.gate_report)
    if not report.passed:
        raise GateBlocked(
            "The current revision fails the gate's blocking checks; edit it first.",
            failing_checks=[
                {"id": c.id, "message": c.message, "fix_hint": c.fix_hint}
                for c in report.blocking_failures
            ],
        )
    if draft.status != "needs_review":
        raise _transition_error(draft, "approved")
    draft = await _advance(session, draft, expected=("needs_review",), status="approved")
    session.add(
        _decision(principal, draft=draft, revision=revision, decision="approved", reviewer=reviewer)
    )
    await session.flush()
    return to_read(draft, revision)


async def reject(
    session: AsyncSession,
    *,
    principal: Principal,
    draft_id: uuid.UUID,
    if_match: str | None,
    reason: str,
    reviewer: str | None,
) -> DraftRead:
    draft = await _draft(session, tenant_id=principal.tenant_id, draft_id=draft_id)
    check_if_match(draft, if_match)
    if draft.status not in REJECTABLE:
        raise _transition_error(draft, "rejected")
    revision = await current_revision(session, draft)
    draft = await _advance(session, draft, expected=REJECTABLE, status="rejected")
    session.add(
        _decision(
            principal,
            draft=draft,
            revision=revision,
            decision="rejected",
            reviewer=reviewer,
            reason=reason,
        )
    )
    await session.flush()
    return to_read(draft, revision)


@dataclass(frozen=True)
class Decided:
    """A decision's answer: the draft it left, or the stored answer of a replay."""

    draft: DraftRead | None = None
    replay: dict[str, Any] | None = None


async def decide(
    session: AsyncSession,
    *,
    principal: Principal,
    draft_id: uuid.UUID,
    decision: ApprovalCreate | RejectionCreate,
    if_match: str | None,
    key: str | None,
) -> Decided:
    """Approve or reject, once per `Idempotency-Key`: a retry whose first answer was lost
    gets that answer again (not a 412 for the ETag the decision itself changed)."""
    action = "reject" if isinstance(decision, RejectionCreate) else "approve"
    endpoint = f"POST /v1/drafts/{{draft_id}}/{action}"
    if key is not None:
        earlier = await idempotency.reserve(
            session,
            tenant_id=principal.tenant_id,
            endpoint=endpoint,
            key=key,
            fingerprint=idempotency.request_hash(
                {
                    "draft_id": str(draft_id),
                    "if_match": if_match,
                    "body": decision.model_dump(mode="json"),
                }
            ),
        )
        if earlier is not None:
            assert earlier.response_body is not None
            return Decided(replay=earlier.response_body)
    if isinstance(decision, RejectionCreate):
        draft = await reject(
            session,
            principal=principal,
            draft_id=draft_id,
            if_match=if_match,
            reason=decision.reason,
            reviewer=decision.reviewer,
        )
    else:
        draft = await approve(
            session,
            principal=principal,
            draft_id=draft_id,
            if_match=if_match,
            reviewer=decision.reviewer,
        )
    if key is not None:
        await idempotency.complete(
            session,
            tenant_id=principal.tenant_id,
            endpoint=endpoint,
            key=key,
            status=200,
            body=draft.model_dump(mode="json"),
            draft_id=draft.id,
        )
    return Decided(draft=draft)


def _event(principal: Principal, draft: Draft, **values: Any) -> OutreachEvent:
    return OutreachEvent(
        tenant_id=principal.tenant_id, draft_id=draft.id, api_key_id=principal.key_id, **values
    )


async def mark_sent(
    session: AsyncSession,
    *,
    principal: Principal,
    draft_id: uuid.UUID,
    if_match: str | None,
    sent_at: datetime | None,
) -> DraftRead:
    """The caller sent an approved draft; a first request now awaits a reply."""
    draft = await _draft(session, tenant_id=principal.tenant_id, draft_id=draft_id)
    check_if_match(draft, if_match, required=False)
    now = utcnow()
    if sent_at is not None and sent_at > now + CLOCK_SKEW:
        raise Unprocessable(
            "`sent_at` is in the future.",
            errors=[{"loc": ["body", "sent_at"], "msg": "in the future", "type": "value_error"}],
        )
    if draft.status != "approved":
        raise _transition_error(draft, "marked sent (approve it first)")
    contact = await get_contact(session, tenant_id=principal.tenant_id, contact_id=draft.contact_id)
    if contact.do_not_contact:
        raise DoNotContact("This contact opted out: no further requests may be drafted for them.")
    moment = sent_at or now
    due = None
    if draft.kind == "request":
        delay = stored_settings(await get_tenant(session, tenant_id=principal.tenant_id))
        due = moment + timedelta(days=delay.follow_up_delay_days)
    draft = await _advance(
        session,
        draft,
        expected=("approved",),
        status="sent",
        sent_at=moment,
        follow_up_due_at=due,
    )
    session.add(_event(principal, draft, kind="sent", occurred_at=moment))
    await session.flush()
    return to_read(draft, await current_revision(session, draft))


async def record_outcome(
    session: AsyncSession,
    *,
    principal: Principal,
    draft_id: uuid.UUID,
    if_match: str | None,
    data: OutcomeCreate,
) -> OutcomeRecorded:
    """What came of a sent draft. A referral may become a contact; an opt-out is final."""
    draft = await _draft(session, tenant_id=principal.tenant_id, draft_id=draft_id)
    check_if_match(draft, if_match, required=False)
    if data.referred_contact is not None and data.outcome != "referred":
        raise Unprocessable(
            "`referred_contact` goes only with the outcome `referred`.",
            errors=[
                {
                    "loc": ["body", "referred_contact"],
                    "msg": "only with referred",
                    "type": "value_error",
                }
            ],
        )
    if draft.status != "sent":
        raise _transition_error(draft, "given an outcome (mark it sent first)")
    contact = await get_contact(session, tenant_id=principal.tenant_id, contact_id=draft.contact_id)
    referred: Contact | None = None
    if data.referred_contact is not None:
        # A person the tenant already has is that contact, now known to be a referral.
        referred, _ = await create_contact(
            session,
            tenant_id=principal.tenant_id,
            data=data.referred_contact,
            on_duplicate="return",
        )
        if referred.referred_by_contact_id is None and referred.id != contact.id:
            referred.referred_by_contact_id = contact.id
    if data.outcome == "opted_out" and not contact.do_not_contact:
        contact.do_not_contact = True
        contact.opted_out_at = contact.updated_at = utcnow()
    now = utcnow()
    values: dict[str, Any] = {"outcome": data.outcome, "outcome_at": now}
    if data.outcome in CLOSING_OUTCOMES:
        values["follow_up_due_at"] = None
    draft = await _advance(session, draft, expected=("sent",), **values)
    session.add(
        _event(
            principal,
            draft,
            kind="outcome",
            outcome=data.outcome,
            occurred_at=now,
            referred_contact_id=referred.id if referred else None,
        )
    )
    await session.flush()
    return OutcomeRecorded(
        draft=to_read(draft, await current_revision(session, draft)),
        referred_contact=ContactRead.model_validate(referred) if referred else None,
    )


async def list_follow_ups(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    due_before: datetime,
    limit: int,
    cursor: str | None,
) -> Page[DraftRead]:
    """Sent requests still waiting for a reply whose follow-up is due, soonest first."""
    contacts = Contact.__table__  # type: ignore[attr-defined]
    opted_out = (
        select(contacts.c.id)
        .where(contacts.c.id == DRAFTS.c.contact_id, contacts.c.do_not_contact.is_(True))
        .exists()
    )
    return await page_of_drafts(
        session,
        [
            DRAFTS.c.tenant_id == tenant_id,
            DRAFTS.c.status == "sent",
            DRAFTS.c.follow_up_due_at.is_not(None),
            DRAFTS.c.follow_up_due_at <= due_before,
            ~opted_out,
        ],
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/follow-ups",
        sort=DRAFTS.c.follow_up_due_at,
    )


@dataclass(frozen=True)
class FollowUpPlan:
    inputs: DraftInputs
    research_version: int | None
    prompt_version: int


async def _check_follow_up_allowed(
    session: AsyncSession, original: Draft, *, force: bool = False
) -> None:
    if original.kind != "request":
        raise InvalidTransition("A follow-up is not followed up again: one per request.")
    existing = await session.scalar(select(DRAFTS.c.id).where(DRAFTS.c.follow_up_of == original.id))
    if existing is not None:
        raise Conflict(
            "This request already has its follow-up; there is only one.",
            follow_up_id=str(existing),
        )
    if original.status != "sent":
        raise _transition_error(original, "followed up (it was not sent)")
    if original.outcome in CLOSING_OUTCOMES:
        raise InvalidTransition(
            f"The request already has the outcome `{original.outcome}`: no follow-up.",
            outcome=original.outcome,
        )
    due = original.follow_up_due_at
    if due is not None and utcnow() < due and not force:
        raise FollowUpNotDue(
            f"The follow-up is due on {due.date().isoformat()}: give them the time to answer "
            '(or send `"force": true`, which is recorded).',
            due_at=due.isoformat(),
        )


async def _plan_follow_up(
    session: AsyncSession, *, original: Draft, drafting: Drafting, force: bool
) -> FollowUpPlan:
    await _check_follow_up_allowed(session, original, force=force)
    loaded = await load_inputs(
        session,
        tenant_id=original.tenant_id,
        requester_id=original.requester_id,
        contact_id=original.contact_id,
        channel=original.channel,
        recent=drafting.recent,
    )
    sent = await current_revision(session, original)
    assert original.sent_at is not None
    inputs = loaded.inputs.model_copy(
        update={
            "kind": "follow_up",
            "earlier": EarlierRequest(
                subject=sent.subject,
                body=sent.body,
                sent_on=original.sent_at.date().isoformat(),
                sent_ago=how_long_ago(original.sent_at, utcnow()),
            ),
        }
    )
    name = PROMPT_FOR_KIND["follow_up"]
    version = pinned_or_latest(
        drafting.registry, name, loaded.settings.default_prompt_versions.get(name)
    )
    return FollowUpPlan(inputs, loaded.research_version, version)


async def create_follow_up(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    draft_id: uuid.UUID,
    drafting: Drafting,
    force: bool = False,
) -> DraftRead:
    """Draft the one follow-up of a sent request, gated with the follow-up profile.

    Like `create_draft`, a workflow of short transactions on the request's session: the
    plan is read and committed before the model works, the follow-up stored after it.
    """
    original = await _draft(session, tenant_id=tenant_id, draft_id=draft_id)
    plan = await _plan_follow_up(session, original=original, drafting=drafting, force=force)
    early = original.follow_up_due_at is not None and utcnow() < original.follow_up_due_at
    await session.commit()
    try:
        gated = await compose_gated(
            drafting.drafter,
            plan.inputs,
            repair_attempts=drafting.repair_attempts,
            prompt_version=plan.prompt_version,
        )
    except DraftingFailed as exc:
        raise model_failed(exc, "follow-up") from None
    # Checked again, the draft locked: another follow-up, an outcome or an erasure may have
    # come meanwhile.
    try:
        await session.refresh(original, with_for_update=True)
    except InvalidRequestError:
        raise NotFound("Draft not found.") from None
    await _check_follow_up_allowed(session, original, force=force)
    if early:
        assert original.follow_up_due_at is not None
        gated = gated.model_copy(
            update={
                "provenance": {
                    **gated.provenance,
                    "forced_early": {"due_at": original.follow_up_due_at.isoformat()},
                }
            }
        )
    new = new_draft(
        tenant_id=tenant_id,
        requester_id=original.requester_id,
        contact_id=original.contact_id,
        channel=original.channel,
        gated=gated,
        research_version=plan.research_version,
        author=drafting.drafter.kind,
        kind="follow_up",
        follow_up_of=original.id,
    )
    try:
        await insert_draft(session, new)
    except IntegrityError:  # the unique follow_up_of: a concurrent one was stored first
        raise Conflict("This request already has its follow-up; there is only one.") from None
    # The follow-up exists now: the original no longer shows as due.
    original.follow_up_due_at = None
    original.lock_version += 1
    original.updated_at = utcnow()
    await session.flush()
    return new.read()


def _revision_read(revision: DraftRevision) -> RevisionRead:
    return RevisionRead.model_validate(revision, from_attributes=True)


async def list_revisions(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    draft_id: uuid.UUID,
    limit: int,
    cursor: str | None,
) -> Page[RevisionRead]:
    await _draft(session, tenant_id=tenant_id, draft_id=draft_id)
    return await paginate(
        session,
        select(DraftRevision).where(REVISIONS.c.draft_id == draft_id),
        sort=REVISIONS.c.number,
        id_column=REVISIONS.c.id,
        key=lambda r: (r.number, r.id),
        to_read=_revision_read,
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/drafts/{draft_id}/revisions",
        sort_type=int,
    )


async def history(
    session: AsyncSession, *, tenant_id: uuid.UUID, draft_id: uuid.UUID
) -> list[HistoryEntry]:
    """Attempts, revisions, decisions and outreach events of one draft, in time order."""
    draft = await _draft(session, tenant_id=tenant_id, draft_id=draft_id)
    entries = [
        HistoryEntry(at=draft.created_at, type="attempt", attempt=attempt)  # type: ignore[arg-type]
        for attempt in draft.attempts
    ]
    revisions = (
        await session.scalars(
            select(DraftRevision)
            .where(REVISIONS.c.draft_id == draft.id)
            .order_by(REVISIONS.c.number)
        )
    ).all()
    entries += [
        HistoryEntry(at=r.created_at, type="revision", revision=_revision_read(r))
        for r in revisions
    ]
    decisions = (
        await session.scalars(select(ReviewDecision).where(ReviewDecision.draft_id == draft.id))  # type: ignore[arg-type]
    ).all()
    entries += [
        HistoryEntry(
            at=d.created_at,
            type="decision",
            decision=DecisionRead.model_validate(d, from_attributes=True),
        )
        for d in decisions
    ]
    events = (
        await session.scalars(select(OutreachEvent).where(OutreachEvent.draft_id == draft.id))  # type: ignore[arg-type]
    ).all()
    entries += [
        HistoryEntry(
            at=e.created_at,
            type="outreach",
            outreach=OutreachEventRead.model_validate(e, from_attributes=True),
        )
        for e in events
    ]
    order = {"attempt": 0, "revision": 1, "decision": 2, "outreach": 3}
    # Stable: the same timestamp keeps attempts before the revision they produced, etc.
    return sorted(entries, key=lambda e: (e.at, order[e.type]))


async def timeline(
    session: AsyncSession, *, tenant_id: uuid.UUID, contact_id: uuid.UUID
) -> list[TimelineEntry]:
    """The person's whole story, oldest first: research versions, drafts (requests and
    follow-ups), review decisions, sending, outcomes, merges and an opt-out."""
    contact = await get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    entries = [TimelineEntry(at=contact.created_at, type="created", summary="Contact added.")]
    summaries = ResearchSummary.__table__  # type: ignore[attr-defined]
    for version, created_at in await session.execute(
        select(summaries.c.version, summaries.c.created_at).where(
            summaries.c.contact_id == contact.id
        )
    ):
        entries.append(
            TimelineEntry(
                at=created_at,
                type="research",
                summary=f"Research version {version} added.",
                research_version=version,
            )
        )
    drafts = (
        await session.execute(
            select(
                DRAFTS.c.id,
                DRAFTS.c.requester_id,
                DRAFTS.c.kind,
                DRAFTS.c.channel,
                DRAFTS.c.status,
                DRAFTS.c.created_at,
            ).where(DRAFTS.c.tenant_id == tenant_id, DRAFTS.c.contact_id == contact.id)
        )
    ).all()
    for draft in drafts:
        what = "Follow-up" if draft.kind == "follow_up" else "Request"
        entries.append(
            TimelineEntry(
                at=draft.created_at,
                type="draft",
                summary=f"{what} drafted ({draft.channel}); now {draft.status}.",
                draft_id=draft.id,
                requester_id=draft.requester_id,
            )
        )
    requester_of = {draft.id: draft.requester_id for draft in drafts}
    if requester_of:
        decisions = ReviewDecision.__table__  # type: ignore[attr-defined]
        for draft_id, decision, created_at in await session.execute(
            select(decisions.c.draft_id, decisions.c.decision, decisions.c.created_at).where(
                decisions.c.draft_id.in_(list(requester_of))
            )
        ):
            entries.append(
                TimelineEntry(
                    at=created_at,
                    type="decision",
                    summary=f"Draft {decision} by a reviewer.",
                    draft_id=draft_id,
                    requester_id=requester_of[draft_id],
                    decision=decision,
                )
            )
        events = OutreachEvent.__table__  # type: ignore[attr-defined]
        for draft_id, kind, outcome, occurred_at in await session.execute(
            select(events.c.draft_id, events.c.kind, events.c.outcome, events.c.occurred_at).where(
                events.c.draft_id.in_(list(requester_of))
            )
        ):
            entries.append(
                TimelineEntry(
                    at=occurred_at,
                    type="sent" if kind == "sent" else "outcome",
                    summary="Sent by the requester." if kind == "sent" else f"Outcome: {outcome}.",
                    draft_id=draft_id,
                    requester_id=requester_of[draft_id],
                    outcome=outcome,
                )
            )
    merges = ContactMerge.__table__  # type: ignore[attr-defined]
    for from_id, merged_at in await session.execute(
        select(merges.c.from_id, merges.c.merged_at).where(merges.c.into_id == contact.id)
    ):
        entries.append(
            TimelineEntry(
                at=merged_at,
                type="merged",
                summary="A duplicate record of this person was merged in.",
                merged_from=from_id,
            )
        )
    if contact.opted_out_at is not None:
        entries.append(
            TimelineEntry(
                at=contact.opted_out_at,
                type="opted_out",
                summary="Asked not to be contacted again.",
            )
        )
    # Moments that share a timestamp keep the order in which they can happen.
    moments = ("created", "merged", "research", "draft", "decision", "sent", "outcome", "opted_out")
    order = {kind: n for n, kind in enumerate(moments)}
    return sorted(entries, key=lambda e: (e.at, order[e.type]))
