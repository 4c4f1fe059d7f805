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
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from service.checking.service import stored_settings
from service.contacts.models import Contact, ContactRead
from service.contacts.service import create_contact, get_contact
from service.crud import get_owned
from service.db import DatabaseSlots, unit_of_work, utcnow
from service.drafts.models import Draft, DraftRead, DraftRevision
from service.drafts.service import (
    check_may_contact,
    current_revision,
    default_prompt_version,
    etag,
    insert_draft,
    load_inputs,
    new_draft,
    page_of_drafts,
    to_read,
)
from service.errors import (
    BadGateway,
    Conflict,
    GateBlocked,
    InvalidTransition,
    PreconditionFailed,
    PreconditionRequired,
    Unprocessable,
)
from service.gate import GateReport, run_gate
from service.llm.drafting import (
    PROMPT_FOR_KIND,
    Drafter,
    DraftingFailed,
    DraftInputs,
    EarlierRequest,
    GatedDraft,
    compose_gated,
)
from service.llm.prompts import PromptRegistry
from service.llm.turns import send_turn
from service.pagination import paginate
from service.rawdb import INTEGRITY_ERRORS, session_raw
from service.review.models import (
    DecisionRead,
    DraftEdit,
    HistoryEntry,
    OutcomeCreate,
    OutcomeRecorded,
    OutreachEvent,
    OutreachEventRead,
    ReviewDecision,
    RevisionRead,
)
from service.schemas import Page
from service.tenants.service import Principal, get_tenant

EDITABLE = ("needs_review", "gate_failed", "rejected", "approved")
REJECTABLE = ("needs_review", "gate_failed")
# Outcomes after which nobody should be chased again.
CLOSING_OUTCOMES = frozenset({"replied_positive", "replied_negative", "referred", "opted_out"})
CLOCK_SKEW = timedelta(minutes=5)


def text_sha256(subject: str | None, body: str) -> str:
    """The hash a decision records: SHA-256 of the UTF-8 JSON array `[subject, body]`."""
    return hashlib.sha256(json.dumps([subject, body], ensure_ascii=False).encode()).hexdigest()


def _draft(session: Session, *, tenant_id: uuid.UUID, draft_id: uuid.UUID) -> Draft:
    return get_owned(session, Draft, tenant_id=tenant_id, object_id=draft_id, label="Draft")


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


def _advance(session: Session, draft: Draft, *, expected: Collection[str], **values: Any) -> None:
    """Compare-and-set: apply `values` only if nobody changed the draft since it was read."""
    statement = (
        update(Draft)
        .where(
            col(Draft.id) == draft.id,
            col(Draft.lock_version) == draft.lock_version,
            col(Draft.status).in_(list(expected)),
        )
        .values(lock_version=col(Draft.lock_version) + 1, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    result = cast(CursorResult[Any], session.execute(statement))
    if result.rowcount != 1:
        raise PreconditionFailed("The draft changed meanwhile; read it again and retry.")
    session.refresh(draft)


def _transition_error(draft: Draft, action: str) -> InvalidTransition:
    return InvalidTransition(
        f"A draft in status `{draft.status}` cannot be {action}.", current_status=draft.status
    )


def _decide(
    session: Session,
    *,
    principal: Principal,
    draft: Draft,
    revision: DraftRevision,
    decision: str,
    reviewer: str | None,
    reason: str | None = None,
) -> None:
    session.add(
        ReviewDecision(
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
    )
    session.flush()


def _read(session: Session, draft: Draft) -> DraftRead:
    return to_read(draft, current_revision(session, draft))


def review_queue(
    session: Session,
    *,
    tenant_id: uuid.UUID,
    limit: int,
    cursor: str | None,
    requester_id: uuid.UUID | None = None,
    batch_id: uuid.UUID | None = None,
    channel: str | None = None,
) -> Page[DraftRead]:
    """Drafts awaiting a reviewer, oldest first, each with its gate report."""
    statement = select(Draft).where(Draft.tenant_id == tenant_id, Draft.status == "needs_review")
    if requester_id is not None:
        statement = statement.where(Draft.requester_id == requester_id)
    if batch_id is not None:
        statement = statement.where(Draft.batch_id == batch_id)
    if channel is not None:
        statement = statement.where(Draft.channel == channel)
    return page_of_drafts(
        session, statement, limit=limit, cursor=cursor, scope=f"{tenant_id}/review-queue"
    )


def regate(session: Session, *, draft: Draft, subject: str | None, body: str) -> GateReport:
    """The gate's verdict on new text, in the draft's own context (nothing is inherited)."""
    inputs = load_inputs(
        session_raw(session),
        tenant_id=draft.tenant_id,
        requester_id=draft.requester_id,
        contact_id=draft.contact_id,
        channel=draft.channel,
        refuse_opted_out=False,  # a reviewer may still fix a draft to someone who opted out
    ).inputs
    context = inputs.gate_context().model_copy(update={"kind": draft.kind})
    return run_gate(
        body, subject=subject, channel=inputs.channel, context=context, policy=inputs.policy
    )


def edit_draft(
    session: Session,
    *,
    principal: Principal,
    draft_id: uuid.UUID,
    if_match: str | None,
    data: DraftEdit,
) -> DraftRead:
    """A human revision, gated again; the status follows the new report."""
    draft = _draft(session, tenant_id=principal.tenant_id, draft_id=draft_id)
    check_if_match(draft, if_match)
    if draft.status not in EDITABLE:
        raise _transition_error(draft, "edited")
    previous = current_revision(session, draft)
    subject = data.subject if "subject" in data.model_fields_set else previous.subject
    report = regate(session, draft=draft, subject=subject, body=data.body)
    number = draft.revision + 1
    _advance(
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
    session.flush()
    _decide(
        session,
        principal=principal,
        draft=draft,
        revision=revision,
        decision="edited",
        reviewer=data.reviewer,
    )
    return to_read(draft, revision)


def approve(
    session: Session,
    *,
    principal: Principal,
    draft_id: uuid.UUID,
    if_match: str | None,
    reviewer: str | None,
) -> DraftRead:
    draft = _draft(session, tenant_id=principal.tenant_id, draft_id=draft_id)
    check_if_match(draft, if_match)
    revision = current_revision(session, draft)
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
    _advance(session, draft, expected=("needs_review",), status="approved")
    _decide(
        session,
        principal=principal,
        draft=draft,
        revision=revision,
        decision="approved",
        reviewer=reviewer,
    )
    return to_read(draft, revision)


def reject(
    session: Session,
    *,
    principal: Principal,
    draft_id: uuid.UUID,
    if_match: str | None,
    reason: str,
    reviewer: str | None,
) -> DraftRead:
    draft = _draft(session, tenant_id=principal.tenant_id, draft_id=draft_id)
    check_if_match(draft, if_match)
    if draft.status not in REJECTABLE:
        raise _transition_error(draft, "rejected")
    revision = current_revision(session, draft)
    _advance(session, draft, expected=REJECTABLE, status="rejected")
    _decide(
        session,
        principal=principal,
        draft=draft,
        revision=revision,
        decision="rejected",
        reviewer=reviewer,
        reason=reason,
    )
    return to_read(draft, revision)


def _event(principal: Principal, draft: Draft, **values: Any) -> OutreachEvent:
    return OutreachEvent(
        tenant_id=principal.tenant_id, draft_id=draft.id, api_key_id=principal.key_id, **values
    )


def mark_sent(
    session: Session,
    *,
    principal: Principal,
    draft_id: uuid.UUID,
    if_match: str | None,
    sent_at: datetime | None,
) -> DraftRead:
    """The caller sent an approved draft; a first request now awaits a reply."""
    draft = _draft(session, tenant_id=principal.tenant_id, draft_id=draft_id)
    check_if_match(draft, if_match, required=False)
    now = utcnow()
    if sent_at is not None and sent_at > now + CLOCK_SKEW:
        raise Unprocessable(
            "`sent_at` is in the future.",
            errors=[{"loc": ["body", "sent_at"], "msg": "in the future", "type": "value_error"}],
        )
    if draft.status != "approved":
        raise _transition_error(draft, "marked sent (approve it first)")
    check_may_contact(session, tenant_id=principal.tenant_id, contact_id=draft.contact_id)
    moment = sent_at or now
    due = None
    if draft.kind == "request":
        delay = stored_settings(get_tenant(session, tenant_id=principal.tenant_id))
        due = moment + timedelta(days=delay.follow_up_delay_days)
    _advance(
        session,
        draft,
        expected=("approved",),
        status="sent",
        sent_at=moment,
        follow_up_due_at=due,
    )
    session.add(_event(principal, draft, kind="sent", occurred_at=moment))
    session.flush()
    return _read(session, draft)


def record_outcome(
    session: Session,
    *,
    principal: Principal,
    draft_id: uuid.UUID,
    if_match: str | None,
    data: OutcomeCreate,
) -> OutcomeRecorded:
    """What came of a sent draft. A referral may become a contact; an opt-out is final."""
    draft = _draft(session, tenant_id=principal.tenant_id, draft_id=draft_id)
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
    contact = get_contact(session, tenant_id=principal.tenant_id, contact_id=draft.contact_id)
    referred: Contact | None = None
    if data.referred_contact is not None:
        referred = create_contact(
            session, tenant_id=principal.tenant_id, data=data.referred_contact
        )
        referred.referred_by_contact_id = contact.id
        session.add(referred)
    if data.outcome == "opted_out" and not contact.do_not_contact:
        contact.do_not_contact = True
        contact.updated_at = utcnow()
        session.add(contact)
    now = utcnow()
    values: dict[str, Any] = {"outcome": data.outcome, "outcome_at": now}
    if data.outcome in CLOSING_OUTCOMES:
        values["follow_up_due_at"] = None
    _advance(session, draft, expected=("sent",), **values)
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
    session.flush()
    return OutcomeRecorded(
        draft=_read(session, draft),
        referred_contact=ContactRead.model_validate(referred) if referred else None,
    )


def list_follow_ups(
    session: Session,
    *,
    tenant_id: uuid.UUID,
    due_before: datetime,
    limit: int,
    cursor: str | None,
) -> Page[DraftRead]:
    """Sent requests still waiting for a reply whose follow-up is due, soonest first."""
    statement = (
        select(Draft)
        .join(Contact, col(Contact.id) == col(Draft.contact_id))
        .where(
            Draft.tenant_id == tenant_id,
            Draft.status == "sent",
            col(Draft.follow_up_due_at).is_not(None),
            col(Draft.follow_up_due_at) <= due_before,
            col(Contact.do_not_contact).is_(False),
        )
    )
    page = paginate(
        session,
        statement,
        sort=col(Draft.follow_up_due_at),
        id_column=col(Draft.id),
        key=lambda d: (d.follow_up_due_at or d.created_at, d.id),
        to_read=lambda d: d,
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/follow-ups",
    )
    return Page[DraftRead](
        items=[_read(session, d) for d in page.items], next_cursor=page.next_cursor
    )


@dataclass(frozen=True)
class FollowUpPlan:
    inputs: DraftInputs
    research_version: int | None
    prompt_version: int
    original_version: int


def _prepare_follow_up(
    engine: Engine, *, tenant_id: uuid.UUID, draft_id: uuid.UUID, registry: PromptRegistry
) -> FollowUpPlan:
    with unit_of_work(engine) as session:
        original = _draft(session, tenant_id=tenant_id, draft_id=draft_id)
        _check_follow_up_allowed(session, original)
        loaded = load_inputs(
            session_raw(session),
            tenant_id=tenant_id,
            requester_id=original.requester_id,
            contact_id=original.contact_id,
            channel=original.channel,
        )
        inputs, research_version = loaded.inputs, loaded.research_version
        sent = current_revision(session, original)
        assert original.sent_at is not None
        inputs = inputs.model_copy(
            update={
                "kind": "follow_up",
                "earlier": EarlierRequest(
                    subject=sent.subject,
                    body=sent.body,
                    sent_on=original.sent_at.date().isoformat(),
                ),
            }
        )
        prompt_version = default_prompt_version(
            session, tenant_id=tenant_id, registry=registry, name=PROMPT_FOR_KIND["follow_up"]
        )
        return FollowUpPlan(inputs, research_version, prompt_version, original.lock_version)


def _check_follow_up_allowed(session: Session, original: Draft) -> None:
    if original.kind != "request":
        raise InvalidTransition("A follow-up is not followed up again: one per request.")
    existing = session.exec(select(Draft.id).where(Draft.follow_up_of == original.id)).first()
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


def _store_follow_up(
    engine: Engine,
    *,
    tenant_id: uuid.UUID,
    draft_id: uuid.UUID,
    gated: GatedDraft,
    plan: FollowUpPlan,
    author: str,
) -> DraftRead:
    with unit_of_work(engine) as session:
        original = _draft(session, tenant_id=tenant_id, draft_id=draft_id)
        _check_follow_up_allowed(session, original)
        try:
            with session.begin_nested():
                new = insert_draft(
                    session_raw(session),
                    new_draft(
                        tenant_id=tenant_id,
                        requester_id=original.requester_id,
                        contact_id=original.contact_id,
                        channel=original.channel,
                        gated=gated,
                        research_version=plan.research_version,
                        author=author,
                        kind="follow_up",
                        follow_up_of=original.id,
                    ),
                )
        except INTEGRITY_ERRORS:
            raise Conflict("This request already has its follow-up; there is only one.") from None
        # The follow-up exists now: the original no longer shows as due.
        original.follow_up_due_at = None
        original.lock_version += 1
        original.updated_at = utcnow()
        session.add(original)
        session.flush()
        return new.read()


async def create_follow_up(
    engine: Engine,
    *,
    slots: DatabaseSlots,
    tenant_id: uuid.UUID,
    draft_id: uuid.UUID,
    drafter: Drafter,
    registry: PromptRegistry,
    repair_attempts: int,
) -> DraftRead:
    """Draft the one follow-up of a sent request, gated with the follow-up profile."""
    async with send_turn():  # prepared and sent in arrival order, as drafts are
        plan = await slots.run(
            _prepare_follow_up, engine, tenant_id=tenant_id, draft_id=draft_id, registry=registry
        )
        try:
            gated = await compose_gated(
                drafter,
                plan.inputs,
                repair_attempts=repair_attempts,
                prompt_version=plan.prompt_version,
            )
        except DraftingFailed as exc:
            raise BadGateway(
                "The language model did not produce a usable follow-up; retry later.",
                attempts=[a.model_dump(mode="json") for a in exc.attempts],
            ) from None
    return await slots.run(
        _store_follow_up,
        engine,
        tenant_id=tenant_id,
        draft_id=draft_id,
        gated=gated,
        plan=plan,
        author=drafter.kind,
    )


def _revision_read(revision: DraftRevision) -> RevisionRead:
    return RevisionRead.model_validate(revision, from_attributes=True)


def list_revisions(
    session: Session, *, tenant_id: uuid.UUID, draft_id: uuid.UUID, limit: int, cursor: str | None
) -> Page[RevisionRead]:
    _draft(session, tenant_id=tenant_id, draft_id=draft_id)
    return paginate(
        session,
        select(DraftRevision).where(DraftRevision.draft_id == draft_id),
        sort=col(DraftRevision.number),
        id_column=col(DraftRevision.id),
        key=lambda r: (r.number, r.id),
        to_read=_revision_read,
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/drafts/{draft_id}/revisions",
        sort_type=int,
    )


def history(session: Session, *, tenant_id: uuid.UUID, draft_id: uuid.UUID) -> list[HistoryEntry]:
    """Attempts, revisions, decisions and outreach events of one draft, in time order."""
    draft = _draft(session, tenant_id=tenant_id, draft_id=draft_id)
    entries = [
        HistoryEntry(at=draft.created_at, type="attempt", attempt=attempt)  # type: ignore[arg-type]
        for attempt in draft.attempts
    ]
    revisions = session.exec(
        select(DraftRevision)
        .where(DraftRevision.draft_id == draft.id)
        .order_by(col(DraftRevision.number))
    ).all()
    entries += [
        HistoryEntry(at=r.created_at, type="revision", revision=_revision_read(r))
        for r in revisions
    ]
    decisions = session.exec(
        select(ReviewDecision).where(ReviewDecision.draft_id == draft.id)
    ).all()
    entries += [
        HistoryEntry(
            at=d.created_at,
            type="decision",
            decision=DecisionRead.model_validate(d, from_attributes=True),
        )
        for d in decisions
    ]
    events = session.exec(select(OutreachEvent).where(OutreachEvent.draft_id == draft.id)).all()
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
