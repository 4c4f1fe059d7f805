"""Draft rules: gather inputs, draft outside any transaction, store the gated result.

Creating a draft is three steps, each its own short transaction: prepare (reserve the
idempotency key, load and check the inputs), draft (LLM or offline, no database), store
(the draft, its first revision, the idempotent response). A model that takes 30 s
therefore never holds a connection, a lock or an open transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, Text, and_, bindparam, cast, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from service.checking.service import (
    contact_profile,
    policy_of,
    requester_profile,
    research_facts,
    stored_settings,
)
from service.contacts.models import Contact
from service.core import idempotency, metrics
from service.core.crud import get_owned
from service.core.db import lock_row, new_id, utcnow
from service.core.errors import (
    AlreadyContacted,
    BadGateway,
    Conflict,
    DoNotContact,
    NeedsResearch,
    NotFound,
    TooManyRequests,
)
from service.core.pagination import paginate
from service.core.ratelimit import retry_after_header
from service.core.schemas import Page
from service.drafts.conversation import earlier_requests
from service.drafts.models import Draft, DraftCreate, DraftRead, DraftRevision, PromptRead
from service.drafts.quotas import Quotas, check_drafts_per_day, lock_tenant
from service.drafts.recent import OTHER_DRAFTS_LIMIT, RecentDrafts
from service.gate.models import RequesterProfile
from service.llm.drafting import (
    PROMPT_FOR_KIND,
    Drafter,
    DraftingFailed,
    DraftInputs,
    GatedDraft,
    compose_gated,
)
from service.llm.prompts import PromptRegistry
from service.requesters.models import Requester
from service.research.models import ResearchSummary
from service.tenants.models import StoredTenantSettings, Tenant
from service.tenants.service import get_tenant
from service.webhooks import events as webhook_events

CREATE_ENDPOINT = "POST /v1/drafts"
DRAFTS = Draft.__table__  # type: ignore[attr-defined]
REVISIONS = DraftRevision.__table__  # type: ignore[attr-defined]
SUMMARIES = ResearchSummary.__table__  # type: ignore[attr-defined]
TENANTS = Tenant.__table__  # type: ignore[attr-defined]
REQUESTERS = Requester.__table__  # type: ignore[attr-defined]
CONTACTS = Contact.__table__  # type: ignore[attr-defined]
DAY = timedelta(days=1)


# -- inputs -----------------------------------------------------------------------------------


def missing_background(requester: RequesterProfile) -> bool:
    """The requester gave nothing a reason could be tied to."""
    return not (
        requester.background
        or requester.current_role
        or requester.interests
        or requester.learning_goals
        or requester.target_fields
    )


MISSING_BACKGROUND = "the requester's background, current role, interests or goals"
MISSING_FACTS = "research facts about the contact, their role or organization"


def missing_research(inputs: DraftInputs) -> list[str]:
    """What must exist before a specific reason can be grounded (empty: enough)."""
    missing = []
    if not inputs.facts:
        missing.append(MISSING_FACTS)
    if missing_background(inputs.requester):
        missing.append(MISSING_BACKGROUND)
    return missing


def newest_research_of(contact: Any) -> Any:
    """The join condition of a contact's newest research version."""
    versions = SUMMARIES.alias("versions")  # not correlated with the joined summary
    newest = (
        select(func.max(versions.c.version))
        .where(versions.c.contact_id == contact)
        .scalar_subquery()
    )
    return and_(SUMMARIES.c.contact_id == contact, SUMMARIES.c.version == newest)


# The tenant's settings, the requester, the contact and its newest research, in one
# statement (outer joins: a missing one is None, another tenant's is missing). Built once:
# a request only binds its ids.
_INPUTS: Select[Any] = (
    select(Tenant.settings, Requester, Contact, ResearchSummary)  # type: ignore[call-overload]
    .select_from(Tenant)
    .outerjoin(
        Requester,
        and_(REQUESTERS.c.tenant_id == TENANTS.c.id, REQUESTERS.c.id == bindparam("requester_id")),
    )
    .outerjoin(
        Contact,
        and_(CONTACTS.c.tenant_id == TENANTS.c.id, CONTACTS.c.id == bindparam("contact_id")),
    )
    .outerjoin(ResearchSummary, newest_research_of(CONTACTS.c.id))
    .where(TENANTS.c.id == bindparam("tenant_id"))
)


@dataclass(frozen=True)
class LoadedInputs:
    inputs: DraftInputs
    research_version: int | None
    settings: StoredTenantSettings


async def load_inputs(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    requester_id: uuid.UUID,
    contact_id: uuid.UUID,
    channel: Any,
    recent: RecentDrafts | None,
    refuse_opted_out: bool = True,
) -> LoadedInputs:
    """Everything a draft is made from.

    404 for a missing (or another tenant's) contact or requester, 409 for a contact who
    opted out (unless `refuse_opted_out` is false); in that order, before any other check.
    """
    row = (
        await session.execute(
            _INPUTS,
            {"tenant_id": tenant_id, "requester_id": requester_id, "contact_id": contact_id},
        )
    ).one_or_none()
    if row is None:
        raise NotFound("Tenant not found.")
    settings_doc, requester, contact, summary = row
    if contact is None:
        raise NotFound("Contact not found.")
    if contact.do_not_contact and refuse_opted_out:
        raise DoNotContact("This contact opted out: no further requests may be drafted for them.")
    if requester is None:
        raise NotFound("Requester not found.")
    settings = StoredTenantSettings.model_validate(settings_doc or {})
    others = await other_drafts(
        session,
        recent=recent or RecentDrafts(),
        tenant_id=tenant_id,
        requester_id=requester_id,
        contact_id=contact_id,
    )
    inputs = DraftInputs(
        requester=requester_profile(requester),
        contact=contact_profile(contact),
        contact_how_found=contact.how_found,
        contact_notes=contact.notes,
        facts=tuple(research_facts(summary)),
        research_notes=summary.notes if summary else None,
        channel=channel,
        policy=policy_of(settings),
        other_drafts=others,
    )
    return LoadedInputs(inputs, summary.version if summary else None, settings)


async def other_drafts(
    session: AsyncSession,
    *,
    recent: RecentDrafts,
    tenant_id: uuid.UUID,
    requester_id: uuid.UUID,
    contact_id: uuid.UUID,
) -> tuple[str, ...]:
    """The requester's most recent drafts to other contacts (their current text), for the
    gate's `not_generic`; kept in the process for a few seconds (`RecentDrafts`)."""
    key = (tenant_id, requester_id)
    bodies = recent.bodies(key, contact_id=contact_id)
    if bodies is None:
        rows = await session.execute(
            select(DRAFTS.c.contact_id, REVISIONS.c.body)
            .join(
                REVISIONS,
                and_(
                    REVISIONS.c.draft_id == DRAFTS.c.id,
                    REVISIONS.c.number == DRAFTS.c.revision,
                ),
            )
            .where(DRAFTS.c.tenant_id == tenant_id, DRAFTS.c.requester_id == requester_id)
            .order_by(DRAFTS.c.created_at.desc())
            .limit(OTHER_DRAFTS_LIMIT + 1)
        )
        bodies = recent.put(
            key, [(row.contact_id, row.body) for row in rows], contact_id=contact_id
        )
    return bodies


async def check_daily_cap(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    requester_id: uuid.UUID,
    cap: int | None,
    stored: bool = False,
) -> None:
    """Anti spray-and-pray: at most the tenant's cap of new drafts per requester in 24 h.

    Checked twice: before drafting (no model call for a requester already at the cap),
    and exactly when the draft is stored (`stored`: the new draft is already written in
    this transaction and counts), after `lock_requester`.
    """
    if cap is None:
        return
    since = utcnow() - DAY
    limit = cap + 1 if stored else cap
    recent = (
        await session.scalars(
            select(DRAFTS.c.created_at)
            .where(
                DRAFTS.c.tenant_id == tenant_id,
                DRAFTS.c.requester_id == requester_id,
                DRAFTS.c.created_at >= since,
            )
            .order_by(DRAFTS.c.created_at.desc())
            .limit(limit)
        )
    ).all()
    if len(recent) >= limit:
        wait = (min(recent) + DAY - utcnow()).total_seconds()
        raise TooManyRequests(
            f"This requester reached the tenant's cap of {cap} new drafts in 24 hours; "
            "fewer, more thoughtful requests work better.",
            headers={"Retry-After": retry_after_header(max(wait, 1.0))},
        )


def check_prompt_version(registry: PromptRegistry, version: int | None) -> None:
    """A pinned prompt version must exist."""
    if version is not None and version not in registry.versions(PROMPT_FOR_KIND["request"]):
        # Like any other reference in the body that points at nothing: 404.
        raise NotFound(f"Prompt version {version} of {PROMPT_FOR_KIND['request']} does not exist.")


def pinned_or_latest(registry: PromptRegistry, name: str, pinned: int | None) -> int:
    versions = registry.versions(name)
    return pinned if pinned in versions else versions[-1]


def require_research(inputs: DraftInputs) -> None:
    """409 `needs-research` unless a specific reason can be grounded."""
    missing = missing_research(inputs)
    if missing:
        raise NeedsResearch(
            "Not enough research to ground a specific reason: add " + " and ".join(missing) + ".",
            missing=missing,
        )


@dataclass(frozen=True)
class Prepared:
    inputs: DraftInputs
    research_version: int | None
    prompt_version: int
    daily_cap: int | None
    quotas: Quotas
    # Recorded with the draft: why a second first request to the same person was allowed.
    repeat: dict[str, str] | None = None


async def prepare_draft(
    session: AsyncSession, *, tenant_id: uuid.UUID, data: DraftCreate, drafting: Drafting
) -> Prepared:
    """Load and check everything a new draft needs; nothing is written."""
    registry = drafting.registry
    check_prompt_version(registry, data.prompt_version)
    loaded = await load_inputs(
        session,
        tenant_id=tenant_id,
        requester_id=data.requester_id,
        contact_id=data.contact_id,
        channel=data.channel,
        recent=drafting.recent,
    )
    await check_daily_cap(
        session,
        tenant_id=tenant_id,
        requester_id=data.requester_id,
        cap=loaded.settings.daily_draft_cap,
    )
    earlier = (
        await earlier_requests(
            session,
            tenant_id=tenant_id,
            requester_id=data.requester_id,
            contact_ids=[data.contact_id],
        )
    ).get(data.contact_id)
    if earlier is not None and not data.allow_repeat:
        raise AlreadyContacted(
            "The requester already wrote to this person"
            + (" and they replied" if earlier.standing == "replied" else "")
            + ": one conversation per person. Follow up on the earlier request (POST "
            "/v1/drafts/{id}/follow-up), or set `allow_repeat` with a `repeat_reason`.",
            earlier_draft_id=str(earlier.draft_id),
            standing=earlier.standing,
        )
    quotas = drafting.quotas.of(loaded.settings)
    await check_drafts_per_day(session, tenant_id=tenant_id, quota=quotas.drafts_per_day, adding=1)
    require_research(loaded.inputs)
    name = PROMPT_FOR_KIND["request"]
    prompt_version = data.prompt_version or pinned_or_latest(
        registry, name, loaded.settings.default_prompt_versions.get(name)
    )
    repeat = None
    if earlier is not None and data.repeat_reason is not None:
        repeat = {"reason": data.repeat_reason, "earlier_draft_id": str(earlier.draft_id)}
    return Prepared(
        loaded.inputs,
        loaded.research_version,
        prompt_version,
        loaded.settings.daily_draft_cap,
        quotas,
        repeat,
    )


# -- storing ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewDraft:
    """A draft about to be written with its first revision: their column values."""

    draft: dict[str, Any]
    revision: dict[str, Any]

    @property
    def id(self) -> uuid.UUID:
        draft_id: uuid.UUID = self.draft["id"]
        return draft_id

    @property
    def status(self) -> str:
        status: str = self.draft["status"]
        return status

    def read(self) -> DraftRead:
        return read_rows(self.draft, self.revision)


def new_draft(
    *,
    tenant_id: uuid.UUID,
    requester_id: uuid.UUID,
    contact_id: uuid.UUID,
    channel: str,
    gated: GatedDraft,
    research_version: int | None,
    author: str,
    kind: str = "request",
    follow_up_of: uuid.UUID | None = None,
    batch_id: uuid.UUID | None = None,
) -> NewDraft:
    """A new draft and its first revision as rows, with the status its gate report earns."""
    now = utcnow()
    draft_id = new_id()
    draft = {
        "id": draft_id,
        "tenant_id": tenant_id,
        "requester_id": requester_id,
        "contact_id": contact_id,
        "channel": channel,
        "kind": kind,
        "status": gated.status,
        "revision": 1,
        "research_version": research_version,
        "provenance": gated.provenance,
        "attempts": [a.model_dump(mode="json") for a in gated.attempts],
        "failure_reason": gated.failure_reason,
        "failure_detail": gated.failure_detail[:500] if gated.failure_detail else None,
        "lock_version": 1,
        "follow_up_of": follow_up_of,
        "batch_id": batch_id,
        "sent_at": None,
        "outcome": None,
        "outcome_at": None,
        "follow_up_due_at": None,
        "created_at": now,
        "updated_at": now,
    }
    revision = {
        "id": new_id(),
        "tenant_id": tenant_id,
        "draft_id": draft_id,
        "number": 1,
        "author": author,
        "subject": gated.subject,
        "body": gated.body,
        "gate_report": gated.report.model_dump(mode="json"),
        "gate_passed": gated.report.passed,
        "created_at": now,
    }
    return NewDraft(draft, revision)


async def lock_requester(session: AsyncSession, *, requester_id: uuid.UUID) -> None:
    """Hold the requester's row until the transaction ends: concurrent stores of drafts for
    one requester, in any number of processes, then count their daily cap one after the
    other."""
    await lock_row(session, REQUESTERS, requester_id)


_INSERT_DRAFT = insert(DRAFTS)
_INSERT_REVISION = insert(REVISIONS)


async def insert_draft(session: AsyncSession, new: NewDraft) -> NewDraft:
    """Write the draft and its first revision (counted in the metrics once committed)."""
    # The rows as parameters of a statement that never changes: SQLAlchemy compiles and
    # caches it once, where `.values(row)` built a new statement (and its cache key, column
    # by column) for every draft.
    await session.execute(_INSERT_DRAFT, new.draft)
    await session.execute(_INSERT_REVISION, new.revision)
    draft, revision = new.draft, new.revision
    metrics.after_commit(
        session,
        lambda: metrics.observe_draft(
            draft_id=str(draft["id"]),
            tenant_id=str(draft["tenant_id"]),
            status=draft["status"],
            channel=draft["channel"],
            provenance=draft["provenance"],
            gate_report=revision["gate_report"],
            attempts=draft["attempts"],
        ),
    )
    await webhook_events.draft_stored(session, new.draft, new.revision)
    return new


# -- the whole request ------------------------------------------------------------------------


@dataclass(frozen=True)
class Drafting:
    """What drafting needs besides the database: the drafter, prompts, the repair budget,
    and the process's recent drafts (`RecentDrafts`)."""

    drafter: Drafter
    registry: PromptRegistry
    repair_attempts: int
    recent: RecentDrafts
    quotas: Quotas


def _model_failed(exc: DraftingFailed, what: str) -> BadGateway:
    """502 naming what happened: the model server could not be reached, failed, or
    refused askwell (an answer it did give, however unusable, is a `model_failed` draft)."""
    later = exc.reason in ("model_server_unreachable", "model_server_error", "model_server_busy")
    return BadGateway(
        f"No {what} was made: {exc.detail}"
        + (" Retry later." if later else " Retrying will not help until this is fixed."),
        reason=exc.reason,
        attempts=[a.model_dump(mode="json") for a in exc.attempts],
    )


async def create_draft(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    data: DraftCreate,
    drafting: Drafting,
    idempotency_key: str | None,
) -> tuple[int, dict[str, Any] | DraftRead]:
    """Draft, gate and store; returns (status, body): a replay returns the stored body.

    A workflow of short transactions on the request's session: it commits when the inputs
    are read and the key is reserved, so no transaction is open while the model works;
    the store is the request's last transaction (committed by the request). A key whose
    draft could not be made is released, so the client may retry with it.
    """
    key = idempotency_key
    if key is not None:
        earlier = await idempotency.reserve(
            session,
            tenant_id=tenant_id,
            endpoint=CREATE_ENDPOINT,
            key=key,
            fingerprint=idempotency.request_hash(data.model_dump(mode="json")),
        )
        if earlier is not None:
            assert earlier.response_status is not None
            assert earlier.response_body is not None
            return earlier.response_status, earlier.response_body
    prepared = await prepare_draft(session, tenant_id=tenant_id, data=data, drafting=drafting)
    await session.commit()
    try:
        gated = await compose_gated(
            drafting.drafter,
            prepared.inputs,
            repair_attempts=drafting.repair_attempts,
            prompt_version=prepared.prompt_version,
        )
        if prepared.repeat is not None:
            gated = gated.model_copy(
                update={"provenance": {**gated.provenance, "repeat": prepared.repeat}}
            )
        new = new_draft(
            tenant_id=tenant_id,
            requester_id=data.requester_id,
            contact_id=data.contact_id,
            channel=data.channel,
            gated=gated,
            research_version=prepared.research_version,
            author=drafting.drafter.kind,
        )
        await insert_draft(session, new)
        read = new.read()
        if key is not None:
            await idempotency.complete(
                session,
                tenant_id=tenant_id,
                endpoint=CREATE_ENDPOINT,
                key=key,
                status=201,
                body=read.model_dump(mode="json"),
                draft_id=new.id,
            )
        # Counted again, exactly, where the draft is stored. The locks come last, so that
        # each is held only for its count and the commit: concurrent drafts of a tenant
        # write their rows side by side and queue only to be counted. (Requester, then
        # tenant: the order every path that holds both takes them in. The rows written
        # above take KEY SHARE locks on them, which `lock_row` does not wait for.)
        if prepared.daily_cap is not None:
            await lock_requester(session, requester_id=data.requester_id)
            await check_daily_cap(
                session,
                tenant_id=tenant_id,
                requester_id=data.requester_id,
                cap=prepared.daily_cap,
                stored=True,
            )
        await lock_tenant(session, tenant_id=tenant_id)
        await check_drafts_per_day(
            session,
            tenant_id=tenant_id,
            quota=prepared.quotas.drafts_per_day,
            adding=1,
            stored=True,
        )
        await session.flush()
    except BaseException as exc:
        await session.rollback()
        if key is not None:
            await idempotency.release(
                session, tenant_id=tenant_id, endpoint=CREATE_ENDPOINT, key=key
            )
            await session.commit()
        if isinstance(exc, DraftingFailed):
            raise _model_failed(exc, "draft") from None
        if isinstance(exc, IntegrityError):
            raise Conflict(
                "The contact or the requester was erased while the draft was being written; "
                "nothing was stored."
            ) from None
        raise
    drafting.recent.add((tenant_id, data.requester_id), contact_id=data.contact_id, body=read.body)
    return 201, read


# -- reading ----------------------------------------------------------------------------------


def read_rows(draft: Any, revision: Any) -> DraftRead:
    """The API's view of a draft, from its columns and its current revision's (mappings:
    rows read by name, or the values just written)."""
    return DraftRead.model_validate(
        {
            **draft,
            "subject": revision["subject"],
            "body": revision["body"],
            "gate_report": revision["gate_report"],
        }
    )


def to_read(draft: Draft, revision: DraftRevision) -> DraftRead:
    """`read_rows` for ORM objects (a draft a write just changed)."""
    return read_rows(
        {c.name: getattr(draft, c.name) for c in DRAFTS.c},
        {"subject": revision.subject, "body": revision.body, "gate_report": revision.gate_report},
    )


def etag(draft_id: uuid.UUID, lock_version: int) -> str:
    """A strong ETag naming one state of one draft."""
    return f'"{draft_id.hex}.{lock_version}"'


async def current_revision(session: AsyncSession, draft: Draft) -> DraftRevision:
    return (
        await session.scalars(
            select(DraftRevision).where(
                REVISIONS.c.draft_id == draft.id, REVISIONS.c.number == draft.revision
            )
        )
    ).one()


# A draft's columns and its current revision's text and report: what `read_rows` reads.
_DRAFT_READ_COLUMNS = (
    *DRAFTS.c,
    REVISIONS.c.subject,
    REVISIONS.c.body,
    # As text: `DraftRead` parses and checks it in one pass.
    cast(REVISIONS.c.gate_report, Text).label("gate_report"),
)


def with_current_revision() -> Any:
    """Drafts joined with their current revision, as rows of `_DRAFT_READ_COLUMNS`."""
    return select(*_DRAFT_READ_COLUMNS).join(
        REVISIONS,
        and_(REVISIONS.c.draft_id == DRAFTS.c.id, REVISIONS.c.number == DRAFTS.c.revision),
    )


def _read_row(row: Any) -> DraftRead:
    mapping = row._mapping
    return read_rows(mapping, mapping)


# Built once (as `contacts.service._CONTACT_BY_ID`): each request only binds.
_DRAFT_BY_ID = with_current_revision().where(
    DRAFTS.c.id == bindparam("draft_id"), DRAFTS.c.tenant_id == bindparam("tenant_id")
)


async def get_draft(
    session: AsyncSession, *, tenant_id: uuid.UUID, draft_id: uuid.UUID
) -> DraftRead:
    row = (
        await session.execute(_DRAFT_BY_ID, {"draft_id": draft_id, "tenant_id": tenant_id})
    ).one_or_none()
    if row is None:
        raise NotFound("Draft not found.")
    return _read_row(row)


async def get_owned_draft(
    session: AsyncSession, *, tenant_id: uuid.UUID, draft_id: uuid.UUID, for_update: bool = False
) -> Draft:
    return await get_owned(
        session,
        Draft,
        tenant_id=tenant_id,
        object_id=draft_id,
        label="Draft",
        for_update=for_update,
    )


async def page_of_drafts(
    session: AsyncSession,
    conditions: Sequence[Any],
    *,
    limit: int,
    cursor: str | None,
    scope: str,
    sort: Any = None,
    descending: bool = False,
) -> Page[DraftRead]:
    """One page of the drafts that meet `conditions`, oldest first (or by `sort`, or newest
    first when `descending`), each with its current revision."""
    sort = DRAFTS.c.created_at if sort is None else sort
    return await paginate(
        session,
        with_current_revision().where(*conditions),
        sort=sort,
        id_column=DRAFTS.c.id,
        key=lambda row: (row._mapping[sort.name], row.id),
        to_read=_read_row,
        limit=limit,
        cursor=cursor,
        scope=scope,
        descending=descending,
        scalars=False,
    )


async def list_drafts(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    limit: int,
    cursor: str | None,
    status: str | None = None,
    requester_id: uuid.UUID | None = None,
    contact_id: uuid.UUID | None = None,
) -> Page[DraftRead]:
    conditions = [DRAFTS.c.tenant_id == tenant_id]
    if status is not None:
        conditions.append(DRAFTS.c.status == status)
    if requester_id is not None:
        conditions.append(DRAFTS.c.requester_id == requester_id)
    if contact_id is not None:
        conditions.append(DRAFTS.c.contact_id == contact_id)
    return await page_of_drafts(
        session, conditions, limit=limit, cursor=cursor, scope=f"{tenant_id}/drafts"
    )


async def tenant_settings(session: AsyncSession, *, tenant_id: uuid.UUID) -> StoredTenantSettings:
    return stored_settings(await get_tenant(session, tenant_id=tenant_id))


async def default_prompt_version(
    session: AsyncSession, *, tenant_id: uuid.UUID, registry: PromptRegistry, name: str
) -> int:
    """The tenant's configured version of `name` if it exists, else the latest."""
    settings = await tenant_settings(session, tenant_id=tenant_id)
    return pinned_or_latest(registry, name, settings.default_prompt_versions.get(name))


async def list_prompts(
    session: AsyncSession, *, tenant_id: uuid.UUID, registry: PromptRegistry
) -> list[PromptRead]:
    pinned = (await tenant_settings(session, tenant_id=tenant_id)).default_prompt_versions
    defaults = {
        name: pinned_or_latest(registry, name, pinned.get(name)) for name in registry.names()
    }
    return [
        PromptRead(
            name=p.name,
            version=p.version,
            sha256=p.sha256,
            description=p.description,
            changelog=p.changelog,
            is_default=defaults[p.name] == p.version,
        )
        for p in registry
    ]
