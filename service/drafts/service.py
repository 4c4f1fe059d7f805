"""Draft rules: gather inputs, draft outside any transaction, store the gated result.

Creating a draft is three steps, each with its own short transaction where one is needed:
prepare (load and check inputs, reserve the idempotency key), draft (LLM or offline, no
database), store (draft, first revision, idempotency response). A model that takes 30 s
therefore never holds a connection or a lock.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NoReturn

from sqlalchemy import Table
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from service import idempotency
from service.checking.service import (
    merge_policy,
    stored_settings,
)
from service.contacts.service import get_contact
from service.crud import get_owned
from service.db import DatabaseSlots, new_id, unit_of_work, utcnow
from service.drafts.models import Draft, DraftCreate, DraftRead, DraftRevision, PromptRead
from service.drafts.recent import OTHER_DRAFTS_LIMIT, RecentDrafts
from service.errors import BadGateway, DoNotContact, NeedsResearch, NotFound, TooManyRequests
from service.gate import GateReport
from service.gate.models import ContactProfile, GatePolicy, RequesterProfile, ResearchFact
from service.hotdb import HotConnection, HotDatabase
from service.llm.drafting import (
    PROMPT_FOR_KIND,
    Drafter,
    DraftingFailed,
    DraftInputs,
    GatedDraft,
    compose_gated,
)
from service.llm.prompts import PromptRegistry
from service.llm.turns import send_turn
from service.pagination import paginate
from service.ratelimit import retry_after_header
from service.rawdb import Dialect, Raw, insert_row, insert_sql, row_params, session_raw
from service.schemas import Page
from service.tenants.models import StoredTenantSettings
from service.tenants.service import get_tenant

CREATE_ENDPOINT = "POST /v1/drafts"


@dataclass(frozen=True)
class Prepared:
    inputs: DraftInputs | None
    research_version: int | None
    prompt_version: int | None = None
    replay: tuple[int, dict[str, Any]] | None = None


def missing_research(inputs: DraftInputs) -> list[str]:
    """What must exist before a specific reason can be grounded (empty: enough)."""
    missing = []
    if not inputs.facts:
        missing.append("research facts about the contact, their role or organization")
    requester = inputs.requester
    if not (
        requester.background
        or requester.current_role
        or requester.interests
        or requester.learning_goals
        or requester.target_fields
    ):
        missing.append("the requester's background, current role, interests or goals")
    return missing


# Everything a draft is made from, in one statement: the tenant's settings, the requester,
# the contact and the contact's newest research (LEFT JOINs: a missing one is NULL).
# A contact `c` and its newest research `s`, as `contact_part`/`research_part` read them.
CONTACT_COLUMNS = (
    "c.id, c.name, c.title, c.department, c.organization, c.seniority, c.email,"
    " c.linkedin_url, c.how_found, c.notes, c.do_not_contact"
)
CONTACT_WIDTH = 11
RESEARCH_COLUMNS = "s.version, s.facts, s.notes"
NEWEST_RESEARCH = (
    "LEFT JOIN research_summaries AS s ON s.contact_id = c.id AND s.version ="
    " (SELECT max(version) FROM research_summaries WHERE contact_id = c.id)"
)
_INPUTS = f"""
SELECT t.settings,
       r.id, r.name, r.background, r.current_role, r.interests, r.learning_goals,
       r.target_fields, r.email, r.linkedin_url,
       {CONTACT_COLUMNS},
       {RESEARCH_COLUMNS}
FROM tenants AS t
LEFT JOIN requesters AS r ON r.tenant_id = t.id AND r.id = ?
LEFT JOIN contacts AS c ON c.tenant_id = t.id AND c.id = ?
{NEWEST_RESEARCH}
WHERE t.id = ?
"""  # noqa: S608
_OTHER_DRAFTS = """
SELECT v.body FROM drafts AS d
JOIN draft_revisions AS v ON v.draft_id = d.id AND v.number = d.revision
WHERE d.tenant_id = ? AND d.requester_id = ? AND d.contact_id <> ?
ORDER BY d.created_at DESC LIMIT ?
"""
# What `RecentDrafts` keeps of a requester: its newest drafts, whoever they were to.
_REQUESTER_DRAFTS = """
SELECT d.contact_id, v.body FROM drafts AS d
JOIN draft_revisions AS v ON v.draft_id = d.id AND v.number = d.revision
WHERE d.tenant_id = ? AND d.requester_id = ?
ORDER BY d.created_at DESC LIMIT ?
"""
_RECENT_DRAFTS = """
SELECT created_at FROM drafts WHERE tenant_id = ? AND requester_id = ? AND created_at >= ?
ORDER BY created_at DESC LIMIT ?
"""


@dataclass(frozen=True)
class LoadedInputs:
    inputs: DraftInputs
    research_version: int | None
    settings: StoredTenantSettings


def load_inputs(
    raw: Raw,
    *,
    tenant_id: uuid.UUID,
    requester_id: uuid.UUID,
    contact_id: uuid.UUID,
    channel: Any,
    refuse_opted_out: bool = True,
) -> LoadedInputs:
    """The inputs of a draft, in two plain statements (drafting's hot path).

    404 for a missing (or another tenant's) contact or requester, 409 for a contact who
    opted out (unless `refuse_opted_out` is false); in that order, before any other check.
    """
    found = raw.one_or_none(_INPUTS, _inputs_params(raw, tenant_id, requester_id, contact_id))
    row = _check_inputs_row(found, refuse_opted_out=refuse_opted_out)
    others = raw.all(_OTHER_DRAFTS, _others_params(raw, tenant_id, requester_id, contact_id))
    return _inputs_from_rows(raw, row, [body for (body,) in others], channel)


async def load_inputs_hot(
    db: HotConnection,
    *,
    recent: RecentDrafts,
    tenant_id: uuid.UUID,
    requester_id: uuid.UUID,
    contact_id: uuid.UUID,
    channel: Any,
) -> LoadedInputs:
    """`load_inputs` on the event loop's connections (`service.hotdb`), with the requester's
    other drafts from `recent` (read into it when it has none fresh)."""
    row = await db.one_or_none(_INPUTS, _inputs_params(db, tenant_id, requester_id, contact_id))
    checked = _check_inputs_row(row, refuse_opted_out=True)
    key = (tenant_id, requester_id)
    others = recent.bodies(key, contact_id=contact_id)
    if others is None:
        ids = (db.uuid_param(tenant_id), db.uuid_param(requester_id))
        rows = await db.all(_REQUESTER_DRAFTS, (*ids, OTHER_DRAFTS_LIMIT + 1))
        drafts = [(db.uuid_value(other), body) for other, body in rows]
        others = recent.put(key, drafts, contact_id=contact_id)
    return _inputs_from_rows(db, checked, others, channel)


def _inputs_params(
    dialect: Dialect, tenant_id: uuid.UUID, requester_id: uuid.UUID, contact_id: uuid.UUID
) -> tuple[Any, ...]:
    """`_INPUTS`'s parameters; `_others_params` those of `_OTHER_DRAFTS`."""
    return tuple(dialect.uuid_param(i) for i in (requester_id, contact_id, tenant_id))


def _others_params(
    dialect: Dialect, tenant_id: uuid.UUID, requester_id: uuid.UUID, contact_id: uuid.UUID
) -> tuple[Any, ...]:
    ids = (tenant_id, requester_id, contact_id)
    return (*(dialect.uuid_param(i) for i in ids), OTHER_DRAFTS_LIMIT)


def _check_inputs_row(row: Sequence[Any] | None, *, refuse_opted_out: bool) -> Sequence[Any]:
    """The row of `_INPUTS`, or the first error it calls for."""
    if row is None:
        raise NotFound("Tenant not found.")
    if row[10] is None:
        raise NotFound("Contact not found.")
    if row[10 + 10] and refuse_opted_out:
        raise DoNotContact("This contact opted out: no further requests may be drafted for them.")
    if row[1] is None:
        raise NotFound("Requester not found.")
    return row


def _inputs_from_rows(
    dialect: Dialect, row: Sequence[Any], others: Sequence[str], channel: Any
) -> LoadedInputs:
    settings_doc, requester = row[0], row[1:10]
    contact, research = row[10 : 10 + CONTACT_WIDTH], row[10 + CONTACT_WIDTH :]
    settings = StoredTenantSettings.model_validate(dialect.json_value(settings_doc) or {})
    _, name, background, current_role, interests, goals, fields, email, linkedin = requester
    version, facts, research_notes = research
    inputs = DraftInputs(
        requester=RequesterProfile(
            name=name,
            background=background,
            current_role=current_role,
            interests=dialect.json_value(interests),
            learning_goals=goals,
            target_fields=dialect.json_value(fields),
            email=email,
            linkedin_url=linkedin,
        ),
        contact=contact_part(contact),
        contact_how_found=contact[8],
        contact_notes=contact[9],
        facts=research_part(dialect, facts),
        research_notes=research_notes,
        channel=channel,
        policy=merge_policy(GatePolicy(), settings.gate_policy),
        other_drafts=tuple(others),
    )
    return LoadedInputs(inputs, version, settings)


def contact_part(columns: Sequence[Any]) -> ContactProfile:
    """The profile in a row's `CONTACT_COLUMNS`."""
    return ContactProfile(
        name=columns[1],
        title=columns[2],
        department=columns[3],
        organization=columns[4],
        seniority=columns[5],
        email=columns[6],
        linkedin_url=columns[7],
    )


def research_part(dialect: Dialect, facts: Any) -> tuple[ResearchFact, ...]:
    """The facts in a row's `RESEARCH_COLUMNS` (none without research)."""
    return tuple(ResearchFact.model_validate(fact) for fact in (dialect.json_value(facts) or ()))


def check_daily_cap_raw(
    raw: Raw, *, tenant_id: uuid.UUID, requester_id: uuid.UUID, cap: int | None
) -> None:
    """`check_daily_cap` for `load_inputs`, with the cap already read."""
    if cap is not None:
        recent = raw.all(_RECENT_DRAFTS, _recent_params(raw, tenant_id, requester_id, cap))
        _refuse_over_cap([raw.time_value(created_at) for (created_at,) in recent], cap)


def _recent_params(
    dialect: Dialect, tenant_id: uuid.UUID, requester_id: uuid.UUID, cap: int
) -> tuple[Any, ...]:
    since = utcnow() - DAY
    return (
        dialect.uuid_param(tenant_id),
        dialect.uuid_param(requester_id),
        dialect.time_param(since),
        cap,
    )


def _prepare(
    engine: Engine,
    *,
    tenant_id: uuid.UUID,
    data: DraftCreate,
    registry: PromptRegistry,
    key: str | None,
    fingerprint: str,
) -> Prepared:
    check_prompt_version(registry, data.prompt_version)
    with unit_of_work(engine) as session:
        if key is not None:
            earlier = idempotency.reserve(
                session,
                tenant_id=tenant_id,
                endpoint=CREATE_ENDPOINT,
                key=key,
                fingerprint=fingerprint,
            )
            if earlier is not None:
                assert earlier.response_status is not None
                assert earlier.response_body is not None
                return Prepared(None, None, replay=(earlier.response_status, earlier.response_body))
        raw = session_raw(session)
        loaded = load_inputs(
            raw,
            tenant_id=tenant_id,
            requester_id=data.requester_id,
            contact_id=data.contact_id,
            channel=data.channel,
        )
        check_daily_cap_raw(
            raw,
            tenant_id=tenant_id,
            requester_id=data.requester_id,
            cap=loaded.settings.daily_draft_cap,
        )
        return _ready(loaded, data, registry)


async def _prepare_hot(
    db: HotConnection,
    *,
    recent: RecentDrafts,
    tenant_id: uuid.UUID,
    data: DraftCreate,
    registry: PromptRegistry,
) -> Prepared:
    """`_prepare` without an idempotency key, on the event loop's connections
    (`service.hotdb`): only reads, so no transaction is needed."""
    check_prompt_version(registry, data.prompt_version)
    loaded = await load_inputs_hot(
        db,
        recent=recent,
        tenant_id=tenant_id,
        requester_id=data.requester_id,
        contact_id=data.contact_id,
        channel=data.channel,
    )
    cap = loaded.settings.daily_draft_cap
    if cap is not None:
        params = _recent_params(db, tenant_id, data.requester_id, cap)
        made = await db.all(_RECENT_DRAFTS, params)
        _refuse_over_cap([db.time_value(created_at) for (created_at,) in made], cap)
    return _ready(loaded, data, registry)


def _ready(loaded: LoadedInputs, data: DraftCreate, registry: PromptRegistry) -> Prepared:
    missing = missing_research(loaded.inputs)
    if missing:
        raise NeedsResearch(
            "Not enough research to ground a specific reason: add " + " and ".join(missing) + ".",
            missing=missing,
        )
    name = PROMPT_FOR_KIND["request"]
    prompt_version = data.prompt_version or pinned_or_latest(
        registry, name, loaded.settings.default_prompt_versions.get(name)
    )
    return Prepared(loaded.inputs, loaded.research_version, prompt_version)


DAY = timedelta(days=1)


def check_daily_cap(session: Session, *, tenant_id: uuid.UUID, requester_id: uuid.UUID) -> None:
    """Anti spray-and-pray: at most the tenant's cap of new drafts per requester in 24 h."""
    cap = stored_settings(get_tenant(session, tenant_id=tenant_id)).daily_draft_cap
    if cap is None:
        return
    since = utcnow() - DAY
    recent = session.exec(
        select(Draft.created_at)
        .where(
            Draft.tenant_id == tenant_id,
            Draft.requester_id == requester_id,
            col(Draft.created_at) >= since,
        )
        .order_by(col(Draft.created_at).desc())
        .limit(cap)
    ).all()
    _refuse_over_cap(list(recent), cap)


def _refuse_over_cap(recent: list[datetime], cap: int) -> None:
    if len(recent) >= cap:
        wait = (min(recent) + DAY - utcnow()).total_seconds()
        raise TooManyRequests(
            f"This requester reached the tenant's cap of {cap} new drafts in 24 hours; "
            "fewer, more thoughtful requests work better.",
            headers={"Retry-After": retry_after_header(max(wait, 1.0))},
        )


def check_may_contact(session: Session, *, tenant_id: uuid.UUID, contact_id: uuid.UUID) -> None:
    """An opted-out contact gets no further drafts (409)."""
    if get_contact(session, tenant_id=tenant_id, contact_id=contact_id).do_not_contact:
        raise DoNotContact("This contact opted out: no further requests may be drafted for them.")


DRAFTS: Table = Draft.__table__  # type: ignore[attr-defined]
REVISIONS: Table = DraftRevision.__table__  # type: ignore[attr-defined]
# A draft and its first revision in one statement (PostgreSQL: one statement is atomic).
INSERT_NEW_DRAFT = f"WITH d AS ({insert_sql(DRAFTS)}) {insert_sql(REVISIONS)}"


@dataclass(frozen=True, slots=True)
class NewDraft:
    """A draft just written with its first revision: their column values."""

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


def insert_draft(raw: Raw, new: NewDraft) -> NewDraft:
    """Write a `new_draft(...)`: the draft and its first revision, two plain INSERTs."""
    insert_row(raw, DRAFTS, new.draft)
    insert_row(raw, REVISIONS, new.revision)
    return new


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
    """A new draft and its first revision as rows, with the status its gate report earns.

    Plain rows: building the ORM's instances (or even a Core insert) adds nothing for two
    new rows but CPU, which every draft and batch item spends. The values here are the
    models' defaults (`Draft`, `DraftRevision`), written out.
    """
    now = utcnow()
    draft_id = new_id()
    draft = {
        "id": draft_id,
        "tenant_id": tenant_id,
        "requester_id": requester_id,
        "contact_id": contact_id,
        "channel": channel,
        "kind": kind,
        "status": "needs_review" if gated.report.passed else "gate_failed",
        "revision": 1,
        "research_version": research_version,
        "provenance": gated.provenance,
        "attempts": [a.model_dump(mode="json") for a in gated.attempts],
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


def new_draft_params(dialect: Dialect, new: NewDraft) -> list[Any]:
    """The parameters of `INSERT_NEW_DRAFT`: the draft's columns, then the revision's."""
    return [*row_params(dialect, DRAFTS, new.draft), *row_params(dialect, REVISIONS, new.revision)]


def _store(
    engine: Engine,
    *,
    tenant_id: uuid.UUID,
    data: DraftCreate,
    gated: GatedDraft,
    research_version: int | None,
    author: str,
    key: str | None,
) -> DraftRead:
    with unit_of_work(engine) as session:
        new = insert_draft(
            session_raw(session),
            new_draft(
                tenant_id=tenant_id,
                requester_id=data.requester_id,
                contact_id=data.contact_id,
                channel=data.channel,
                gated=gated,
                research_version=research_version,
                author=author,
            ),
        )
        read = new.read()
        if key is not None:
            idempotency.complete(
                session,
                tenant_id=tenant_id,
                endpoint=CREATE_ENDPOINT,
                key=key,
                status=201,
                body=read.model_dump(mode="json"),
                draft_id=new.id,
            )
        return read


async def _store_hot(
    db: HotConnection,
    *,
    tenant_id: uuid.UUID,
    data: DraftCreate,
    gated: GatedDraft,
    research_version: int | None,
    author: str,
) -> DraftRead:
    """`_store` without an idempotency key, on the event loop's PostgreSQL connections:
    both rows in one statement, which is its own transaction."""
    new = new_draft(
        tenant_id=tenant_id,
        requester_id=data.requester_id,
        contact_id=data.contact_id,
        channel=data.channel,
        gated=gated,
        research_version=research_version,
        author=author,
    )
    await db.all(INSERT_NEW_DRAFT, new_draft_params(db, new))
    return new.read()


def _release(engine: Engine, *, tenant_id: uuid.UUID, key: str) -> None:
    with unit_of_work(engine) as session:
        idempotency.release(session, tenant_id=tenant_id, endpoint=CREATE_ENDPOINT, key=key)


async def create_draft(
    engine: Engine,
    *,
    slots: DatabaseSlots,
    hot: HotDatabase | None = None,
    recent: RecentDrafts | None = None,
    tenant_id: uuid.UUID,
    data: DraftCreate,
    drafter: Drafter,
    registry: PromptRegistry,
    repair_attempts: int,
    idempotency_key: str | None,
) -> tuple[int, dict[str, Any] | DraftRead]:
    """Draft, gate and store; returns (status, body) — a replay returns the stored body.

    Without an idempotency key, preparing is reads, run on the event loop's connections
    (`service.hotdb`); on PostgreSQL storing is one statement, run there too, with no
    thread hop. Otherwise each is a short transaction on the engine
    (`DatabaseSlots.run_db`: on a SQLite file, on the loop as well).
    """
    key = idempotency_key
    fingerprint = "" if key is None else idempotency.request_hash(data.model_dump(mode="json"))
    recent = recent or RecentDrafts()
    reader = hot.reader() if hot is not None and key is None else None
    db = hot.postgres if hot is not None and key is None else None

    async def fail(exc: BaseException) -> NoReturn:
        if key is not None:
            await slots.run_db(_release, engine, tenant_id=tenant_id, key=key)
        if isinstance(exc, DraftingFailed):
            raise BadGateway(
                "The language model did not produce a usable draft; retry later.",
                attempts=[a.model_dump(mode="json") for a in exc.attempts],
            ) from None
        raise exc

    # Sent in arrival order (service.llm.turns); stored as the answers come back. The turn
    # covers what runs on the loop without waiting before the model call: on SQLite the
    # preparation too; on PostgreSQL it waits for the database, and holding the turn
    # across that wait would make every request behind it wait as well.
    async with AsyncExitStack() as turn:
        if slots.inline is not None:
            await turn.enter_async_context(send_turn())
        if reader is not None:
            prepared = await _prepare_hot(
                reader, recent=recent, tenant_id=tenant_id, data=data, registry=registry
            )
        else:
            prepared = await slots.run_db(
                _prepare,
                engine,
                tenant_id=tenant_id,
                data=data,
                registry=registry,
                key=key,
                fingerprint=fingerprint,
            )
        if prepared.replay is not None:
            return prepared.replay
        assert prepared.inputs is not None
        if slots.inline is None:
            await turn.enter_async_context(send_turn())
        try:
            gated = await compose_gated(
                drafter,
                prepared.inputs,
                repair_attempts=repair_attempts,
                prompt_version=prepared.prompt_version,
            )
        except BaseException as exc:
            await fail(exc)
    version, author = prepared.research_version, drafter.kind
    try:
        if db is not None:
            read = await _store_hot(
                db,
                tenant_id=tenant_id,
                data=data,
                gated=gated,
                research_version=version,
                author=author,
            )
        else:
            read = await slots.run_db(
                _store,
                engine,
                tenant_id=tenant_id,
                data=data,
                gated=gated,
                research_version=version,
                author=author,
                key=key,
            )
    except BaseException as exc:
        await fail(exc)
    recent.add((tenant_id, data.requester_id), contact_id=data.contact_id, body=read.body)
    return 201, read


def check_prompt_version(registry: PromptRegistry, version: int | None) -> None:
    """A pinned prompt version must exist."""
    if version is not None and version not in registry.versions(PROMPT_FOR_KIND["request"]):
        # Like any other reference in the body that points at nothing: 404.
        raise NotFound(f"Prompt version {version} of {PROMPT_FOR_KIND['request']} does not exist.")


def to_read(draft: Draft, revision: DraftRevision) -> DraftRead:
    return read_rows(
        {c.name: getattr(draft, c.name) for c in DRAFTS.columns},
        {c.name: getattr(revision, c.name) for c in REVISIONS.columns},
    )


def read_rows(draft: Mapping[str, Any], revision: Mapping[str, Any]) -> DraftRead:
    """The API's view of a draft, from its row's and its current revision's values."""
    return DraftRead(
        id=draft["id"],
        requester_id=draft["requester_id"],
        contact_id=draft["contact_id"],
        channel=draft["channel"],
        kind=draft["kind"],
        status=draft["status"],
        revision=draft["revision"],
        subject=revision["subject"],
        body=revision["body"],
        gate_report=GateReport.model_validate(revision["gate_report"]),
        research_version=draft["research_version"],
        provenance=draft["provenance"],
        attempts=draft["attempts"],
        lock_version=draft["lock_version"],
        follow_up_of=draft["follow_up_of"],
        batch_id=draft["batch_id"],
        sent_at=draft["sent_at"],
        outcome=draft["outcome"],
        outcome_at=draft["outcome_at"],
        follow_up_due_at=draft["follow_up_due_at"],
        created_at=draft["created_at"],
        updated_at=draft["updated_at"],
    )


def etag(draft_id: uuid.UUID, lock_version: int) -> str:
    """A strong ETag naming one state of one draft."""
    return f'"{draft_id.hex}.{lock_version}"'


def current_revision(session: Session, draft: Draft) -> DraftRevision:
    return session.exec(
        select(DraftRevision).where(
            DraftRevision.draft_id == draft.id, DraftRevision.number == draft.revision
        )
    ).one()


def get_draft(session: Session, *, tenant_id: uuid.UUID, draft_id: uuid.UUID) -> DraftRead:
    draft = get_owned(session, Draft, tenant_id=tenant_id, object_id=draft_id, label="Draft")
    return to_read(draft, current_revision(session, draft))


def list_drafts(
    session: Session,
    *,
    tenant_id: uuid.UUID,
    limit: int,
    cursor: str | None,
    status: str | None = None,
    requester_id: uuid.UUID | None = None,
    contact_id: uuid.UUID | None = None,
) -> Page[DraftRead]:
    statement = select(Draft).where(Draft.tenant_id == tenant_id)
    if status is not None:
        statement = statement.where(Draft.status == status)
    if requester_id is not None:
        statement = statement.where(Draft.requester_id == requester_id)
    if contact_id is not None:
        statement = statement.where(Draft.contact_id == contact_id)
    return page_of_drafts(
        session, statement, limit=limit, cursor=cursor, scope=f"{tenant_id}/drafts"
    )


def page_of_drafts(
    session: Session,
    statement: SelectOfScalar[Draft],
    *,
    limit: int,
    cursor: str | None,
    scope: str,
) -> Page[DraftRead]:
    """One page of `statement`, oldest first, each draft with its current revision."""
    page = paginate(
        session,
        statement,
        sort=col(Draft.created_at),
        id_column=col(Draft.id),
        key=lambda d: (d.created_at, d.id),
        to_read=lambda d: d,
        limit=limit,
        cursor=cursor,
        scope=scope,
    )
    revisions = {
        (r.draft_id, r.number): r
        for r in session.exec(
            select(DraftRevision).where(col(DraftRevision.draft_id).in_([d.id for d in page.items]))
        ).all()
    }
    return Page[DraftRead](
        items=[to_read(d, revisions[(d.id, d.revision)]) for d in page.items],
        next_cursor=page.next_cursor,
    )


def default_prompt_version(
    session: Session, *, tenant_id: uuid.UUID, registry: PromptRegistry, name: str
) -> int:
    """The tenant's configured version of `name` if it exists, else the latest."""
    pinned = stored_settings(get_tenant(session, tenant_id=tenant_id)).default_prompt_versions
    return pinned_or_latest(registry, name, pinned.get(name))


def pinned_or_latest(registry: PromptRegistry, name: str, pinned: int | None) -> int:
    versions = registry.versions(name)
    return pinned if pinned in versions else versions[-1]


def list_prompts(
    session: Session, *, tenant_id: uuid.UUID, registry: PromptRegistry
) -> list[PromptRead]:
    defaults = {
        name: default_prompt_version(session, tenant_id=tenant_id, registry=registry, name=name)
        for name in registry.names()
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
