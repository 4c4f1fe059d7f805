"""Contact rules: tenant-scoped create, bulk import, read, search, update and erase."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import and_, bindparam, case, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from service.contacts.identity import email_key, linkedin_key
from service.contacts.importing import ContactImportResult, ContactImportRow, ImportBatch
from service.contacts.models import (
    Contact,
    ContactCreate,
    ContactMerge,
    ContactRead,
    ContactUpdate,
    Seniority,
)
from service.core import idempotency
from service.core.crud import apply_update
from service.core.db import lock_names, new_id, utcnow
from service.core.errors import Conflict, ContactExists, NotFound
from service.core.pagination import paginate
from service.core.schemas import Page
from service.drafts.quotas import lock_tenant
from service.research.models import ResearchSummary
from service.tenants.models import Tenant

IMPORT_ENDPOINT = "POST /v1/contacts/import"
CONTACTS = Contact.__table__  # type: ignore[attr-defined]
TENANTS = Tenant.__table__  # type: ignore[attr-defined]
MERGES = ContactMerge.__table__  # type: ignore[attr-defined]
_CHUNK = 500  # keys per IN (...) list: under SQLite's bound-parameter limit


def identity_keys(data: ContactCreate | ContactUpdate | Contact) -> dict[str, str | None]:
    return {"email_key": email_key(data.email), "linkedin_key": linkedin_key(data.linkedin_url)}


async def find_person(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    keys: dict[str, str | None],
    other_than: uuid.UUID | None = None,
) -> uuid.UUID | None:
    """The tenant's contact who is the person these keys name, if any (the oldest)."""
    same = [CONTACTS.c[name] == value for name, value in keys.items() if value is not None]
    if not same:
        return None
    statement = select(CONTACTS.c.id).where(CONTACTS.c.tenant_id == tenant_id, or_(*same))
    if other_than is not None:
        statement = statement.where(CONTACTS.c.id != other_than)
    return await session.scalar(statement.order_by(CONTACTS.c.created_at, CONTACTS.c.id).limit(1))


# Who a tenant's people are is guarded by name: each identity key of a person, and the
# tenant's people as a whole. A create or an update that changes a key takes its person's
# keys alone, and the whole in shared mode; an import or a merge, which may touch anyone,
# takes the whole alone. (On SQLite every write waits for the one write lock anyway.)
def _everyone(tenant_id: uuid.UUID) -> str:
    return f"contacts:{tenant_id}"


async def _lock_person(
    session: AsyncSession, *, tenant_id: uuid.UUID, keys: dict[str, str | None]
) -> None:
    names = [f"{_everyone(tenant_id)}:{k}:{v}" for k, v in keys.items() if v is not None]
    await lock_names(
        session, exclusive=names, shared=[_everyone(tenant_id)], table=TENANTS, row_id=tenant_id
    )


async def _lock_everyone(session: AsyncSession, *, tenant_id: uuid.UUID) -> None:
    await lock_names(session, exclusive=[_everyone(tenant_id)], table=TENANTS, row_id=tenant_id)


def _exists(existing_id: uuid.UUID) -> ContactExists:
    return ContactExists(
        "The tenant already has this person (same e-mail or LinkedIn profile): use the "
        "existing contact, or create with `?on_duplicate=return` to be given it.",
        existing_id=str(existing_id),
    )


async def create_contact(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    data: ContactCreate,
    on_duplicate: str = "refuse",
) -> tuple[Contact, bool]:
    """Add a person to approach; (the contact, whether it was created). A person the tenant
    has already is refused (409 `contact-exists` naming them), or given back with
    `on_duplicate="return"`. Two requests for one person at the same moment take turns
    (`_lock_person`), so they cannot both create it; requests for different people do not
    wait for each other."""
    keys = identity_keys(data)
    if any(keys.values()):
        await _lock_person(session, tenant_id=tenant_id, keys=keys)
        existing = await find_person(session, tenant_id=tenant_id, keys=keys)
        if existing is not None:
            if on_duplicate != "return":
                raise _exists(existing)
            return await get_contact(session, tenant_id=tenant_id, contact_id=existing), False
    contact = Contact(
        tenant_id=tenant_id,
        email_key=keys["email_key"],
        linkedin_key=keys["linkedin_key"],
        **data.model_dump(),
    )
    session.add(contact)
    await session.flush()
    return contact, True


async def add_imported(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    rows: Sequence[tuple[int, ContactImportRow]],
    dry_run: bool = False,
) -> tuple[list[tuple[int, uuid.UUID]], list[tuple[int, uuid.UUID]]]:
    """Add each row's contact (with its first research version, if the row has research),
    unless it is a person the tenant already has or an earlier row is; (created, matched)
    as (row, contact id). A dry run writes nothing."""
    await _lock_everyone(session, tenant_id=tenant_id)
    await lock_tenant(session, tenant_id=tenant_id)
    keyed = [(row, identity_keys(data)) for row, data in rows]
    known = await _known_people(session, tenant_id, [keys for _, keys in keyed])
    # A microsecond apart, so that a list (oldest first) shows them in the rows' order.
    start = utcnow()
    created: list[tuple[int, uuid.UUID]] = []
    matched: list[tuple[int, uuid.UUID]] = []
    contacts = []
    summaries = []
    for offset, ((number, data), (_, keys)) in enumerate(zip(rows, keyed, strict=True)):
        person = next(
            (known[(k, v)] for k, v in keys.items() if v is not None and (k, v) in known), None
        )
        if person is not None:
            matched.append((number, person))
            continue
        moment = start + timedelta(microseconds=offset)
        contact_id = new_id()
        created.append((number, contact_id))
        known.update({(k, v): contact_id for k, v in keys.items() if v is not None})
        contacts.append(
            {
                **data.model_dump(exclude={"research"}),
                **keys,
                "id": contact_id,
                "tenant_id": tenant_id,
                "do_not_contact": False,
                "opted_out_at": None,
                "referred_by_contact_id": None,
                "created_at": moment,
                "updated_at": moment,
            }
        )
        if data.research is not None:
            summaries.append(
                {
                    "id": new_id(),
                    "tenant_id": tenant_id,
                    "contact_id": contact_id,
                    "version": 1,
                    "facts": [fact.model_dump() for fact in data.research.facts],
                    "notes": data.research.notes,
                    "created_at": moment,
                }
            )
    if not dry_run:
        if contacts:
            await session.execute(insert(CONTACTS), contacts)
        if summaries:
            await session.execute(insert(ResearchSummary.__table__), summaries)  # type: ignore[attr-defined]
    return created, matched


async def _known_people(
    session: AsyncSession, tenant_id: uuid.UUID, keys: Sequence[dict[str, str | None]]
) -> dict[tuple[str, str], uuid.UUID]:
    """(key name, value) → the tenant's oldest contact with it, for the keys given."""
    wanted: dict[str, set[str]] = {"email_key": set(), "linkedin_key": set()}
    for row in keys:
        for name, value in row.items():
            if value is not None:
                wanted[name].add(value)
    known: dict[tuple[str, str], uuid.UUID] = {}
    for name, values in wanted.items():
        ordered = sorted(values)
        for start in range(0, len(ordered), _CHUNK):
            rows = await session.execute(
                select(CONTACTS.c[name], CONTACTS.c.id)
                .where(
                    CONTACTS.c.tenant_id == tenant_id,
                    CONTACTS.c[name].in_(ordered[start : start + _CHUNK]),
                )
                .order_by(CONTACTS.c.created_at.desc(), CONTACTS.c.id.desc())
            )
            for value, contact_id in rows:
                known[(name, value)] = contact_id  # the oldest comes last and stays
    return known


async def import_contacts(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    batch: ImportBatch,
    key: str | None,
    dry_run: bool = False,
) -> ContactImportResult | dict[str, Any]:
    """Store the batch's valid rows; a replay returns the first report (as stored).

    One transaction: the key's reservation commits with the rows, and a concurrent request
    with the same key waits for it, then replays its answer. A dry run stores nothing (and
    reserves no key): it says which rows would be imported and which matched.
    """
    if dry_run:
        created, matched = await add_imported(
            session, tenant_id=tenant_id, rows=batch.valid, dry_run=True
        )
        return batch.report(created, matched, dry_run=True)
    if key is not None:
        earlier = await idempotency.reserve(
            session,
            tenant_id=tenant_id,
            endpoint=IMPORT_ENDPOINT,
            key=key,
            fingerprint=batch.fingerprint,
        )
        if earlier is not None:
            assert earlier.response_body is not None
            return earlier.response_body
    created, matched = await add_imported(session, tenant_id=tenant_id, rows=batch.valid)
    report = batch.report(created, matched)
    if key is not None:
        await idempotency.complete(
            session,
            tenant_id=tenant_id,
            endpoint=IMPORT_ENDPOINT,
            key=key,
            status=200,
            body=report.model_dump(mode="json"),
        )
    return report


async def get_contact(
    session: AsyncSession, *, tenant_id: uuid.UUID, contact_id: uuid.UUID, for_update: bool = False
) -> Contact:
    """The tenant's contact, to change; 404 for anyone else's or a missing one, and for one
    merged into another (then the problem says which: `merged_into`)."""
    contact: Contact | None = await session.get(
        Contact, contact_id, with_for_update=for_update or None
    )
    if contact is not None and contact.tenant_id == tenant_id:
        return contact
    raise await _missing(session, tenant_id=tenant_id, contact_id=contact_id)


# Built once: a statement object caches its compiled form's key, so each request only binds.
_CONTACT_BY_ID = select(CONTACTS).where(
    CONTACTS.c.id == bindparam("contact_id"), CONTACTS.c.tenant_id == bindparam("tenant_id")
)


async def read_contact(
    session: AsyncSession, *, tenant_id: uuid.UUID, contact_id: uuid.UUID
) -> ContactRead:
    """The API's view of the tenant's contact; 404 as `get_contact`. A Core row, not an ORM
    object: nothing is changed, so nothing needs tracking."""
    row = (
        await session.execute(_CONTACT_BY_ID, {"contact_id": contact_id, "tenant_id": tenant_id})
    ).one_or_none()
    if row is None:
        raise await _missing(session, tenant_id=tenant_id, contact_id=contact_id)
    return ContactRead.model_validate(row._mapping)


async def _missing(
    session: AsyncSession, *, tenant_id: uuid.UUID, contact_id: uuid.UUID
) -> NotFound:
    """The 404 for a contact the tenant does not have: naming the one it was merged into."""
    merged_into = await session.scalar(
        select(MERGES.c.into_id)
        .where(MERGES.c.tenant_id == tenant_id, MERGES.c.from_id == contact_id)
        .order_by(MERGES.c.merged_at.desc())
        .limit(1)
    )
    if merged_into is not None:
        return NotFound(
            "This contact was merged into another; use that one.", merged_into=str(merged_into)
        )
    return NotFound("Contact not found.")


def _like_contains(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with `/` as the escape character."""
    escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def matching(
    tenant_id: uuid.UUID,
    *,
    organization: str | None = None,
    seniority: Seniority | None = None,
    q: str | None = None,
) -> list[Any]:
    """The conditions of a contact search (the list's filters, a batch's filter)."""
    conditions = [CONTACTS.c.tenant_id == tenant_id]
    if organization is not None:
        conditions.append(func.lower(CONTACTS.c.organization) == organization.strip().lower())
    if seniority is not None:
        conditions.append(CONTACTS.c.seniority == seniority)
    if q:
        pattern = _like_contains(q.strip().lower())
        conditions.append(func.lower(CONTACTS.c.name).like(pattern, escape="/"))
    return conditions


async def list_contacts(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    limit: int,
    cursor: str | None,
    organization: str | None = None,
    seniority: Seniority | None = None,
    q: str | None = None,
) -> Page[ContactRead]:
    """A page of the tenant's contacts, oldest first."""
    conditions = matching(tenant_id, organization=organization, seniority=seniority, q=q)
    return await paginate(
        session,
        select(CONTACTS).where(*conditions),
        sort=CONTACTS.c.created_at,
        id_column=CONTACTS.c.id,
        key=lambda row: (row.created_at, row.id),
        to_read=lambda row: ContactRead.model_validate(row._mapping),
        limit=limit,
        cursor=cursor,
        scope=f"{tenant_id}/contacts",
        scalars=False,
    )


async def update_contact(
    session: AsyncSession, *, tenant_id: uuid.UUID, contact_id: uuid.UUID, data: ContactUpdate
) -> Contact:
    contact = await get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    apply_update(contact, data)
    keys = identity_keys(contact)
    if keys != {"email_key": contact.email_key, "linkedin_key": contact.linkedin_key}:
        await _lock_person(session, tenant_id=tenant_id, keys=keys)
        existing = await find_person(session, tenant_id=tenant_id, keys=keys, other_than=contact.id)
        if existing is not None:
            raise _exists(existing)
        contact.email_key, contact.linkedin_key = keys["email_key"], keys["linkedin_key"]
    await session.flush()
    return contact


async def delete_contact(
    session: AsyncSession, *, tenant_id: uuid.UUID, contact_id: uuid.UUID
) -> None:
    """Erase the contact and everything about it (research cascades in the database; the
    erasure hook leaves a tombstone, `service.review.erasure`)."""
    contact = await get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    await session.delete(contact)
    await session.flush()


async def opt_out(session: AsyncSession, *, tenant_id: uuid.UUID, contact_id: uuid.UUID) -> Contact:
    """The person asked not to be contacted: no requester of the tenant drafts to them
    again (recording it twice keeps the first moment)."""
    contact = await get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    if not contact.do_not_contact:
        now = utcnow()
        contact.do_not_contact = True
        contact.opted_out_at = now
        contact.updated_at = now
        await session.flush()
    return contact


class DuplicatePair(BaseModel):
    """Two contacts that may be one person, and why they look alike."""

    contact_id: uuid.UUID
    duplicate_id: uuid.UUID = Field(description="The newer of the two.")
    reason: Literal["same_email", "same_linkedin_profile", "same_name_and_organization"]


async def list_duplicates(
    session: AsyncSession, *, tenant_id: uuid.UUID, limit: int
) -> list[DuplicatePair]:
    """Pairs of the tenant's contacts that may be one person, oldest first: the same
    e-mail or LinkedIn profile (stored before matching existed, or changed since), or the
    same name and organisation (for a person to judge). Merge with `merge_contacts`."""
    older, newer = CONTACTS.alias("older"), CONTACTS.alias("newer")
    same_name = and_(
        func.lower(older.c.name) == func.lower(newer.c.name),
        func.lower(older.c.organization) == func.lower(newer.c.organization),
    )
    rows = await session.execute(
        select(
            older.c.id.label("contact_id"),
            newer.c.id.label("duplicate_id"),
            case(
                (older.c.email_key == newer.c.email_key, "same_email"),
                (older.c.linkedin_key == newer.c.linkedin_key, "same_linkedin_profile"),
                else_="same_name_and_organization",
            ).label("reason"),
        )
        .select_from(older)
        .join(
            newer,
            and_(
                newer.c.tenant_id == older.c.tenant_id,
                or_(
                    newer.c.created_at > older.c.created_at,
                    and_(newer.c.created_at == older.c.created_at, newer.c.id > older.c.id),
                ),
                or_(
                    older.c.email_key == newer.c.email_key,
                    older.c.linkedin_key == newer.c.linkedin_key,
                    same_name,
                ),
            ),
        )
        .where(older.c.tenant_id == tenant_id)
        .order_by(older.c.created_at, older.c.id, newer.c.created_at, newer.c.id)
        .limit(limit)
    )
    return [DuplicatePair.model_validate(row._mapping) for row in rows]


_COPIED_IF_MISSING = (
    "title",
    "department",
    "organization",
    "seniority",
    "email",
    "linkedin_url",
    "how_found",
    "notes",
)


async def merge_contacts(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    contact_id: uuid.UUID,
    duplicate_id: uuid.UUID,
    api_key_id: uuid.UUID,
) -> Contact:
    """Fold the duplicate into the contact: its research versions (numbered after the
    contact's), drafts, batch items, referrals and opt-out move over, empty fields are
    filled from it, and it goes (`duplicate_id` then answers 404 naming the contact)."""
    await _lock_everyone(session, tenant_id=tenant_id)
    await lock_tenant(session, tenant_id=tenant_id)
    contact = await get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
    duplicate = await get_contact(session, tenant_id=tenant_id, contact_id=duplicate_id)
    if contact.id == duplicate.id:
        raise Conflict("A contact cannot be merged into itself.")
    for name in _COPIED_IF_MISSING:
        if getattr(contact, name) is None and getattr(duplicate, name) is not None:
            setattr(contact, name, getattr(duplicate, name))
    contact.email_key, contact.linkedin_key = (
        identity_keys(contact)["email_key"],
        identity_keys(contact)["linkedin_key"],
    )
    if duplicate.do_not_contact:
        contact.do_not_contact = True
        moments = [m for m in (contact.opted_out_at, duplicate.opted_out_at) if m is not None]
        contact.opted_out_at = min(moments) if moments else utcnow()
    contact.updated_at = utcnow()
    await _move_references(session, tenant_id=tenant_id, into=contact.id, away=duplicate.id)
    session.add(
        ContactMerge(
            tenant_id=tenant_id, from_id=duplicate.id, into_id=contact.id, api_key_id=api_key_id
        )
    )
    await session.flush()
    # Everything of the duplicate has moved: a plain DELETE, not the erasure of a person.
    session.expunge(duplicate)
    await session.execute(delete(CONTACTS).where(CONTACTS.c.id == duplicate.id))
    await session.flush()
    return contact


async def _move_references(
    session: AsyncSession, *, tenant_id: uuid.UUID, into: uuid.UUID, away: uuid.UUID
) -> None:
    # Imported here: these domains build on contacts, not the other way round.
    from service.batches.models import BatchItem
    from service.drafts.models import Draft
    from service.review.models import OutreachEvent

    summaries = ResearchSummary.__table__  # type: ignore[attr-defined]
    items = BatchItem.__table__  # type: ignore[attr-defined]
    drafts = Draft.__table__  # type: ignore[attr-defined]
    events = OutreachEvent.__table__  # type: ignore[attr-defined]
    latest = await session.scalar(
        select(func.max(summaries.c.version)).where(summaries.c.contact_id == into)
    )
    await session.execute(
        update(summaries)
        .where(summaries.c.contact_id == away)
        .values(contact_id=into, version=summaries.c.version + (latest or 0))
    )
    await session.execute(update(drafts).where(drafts.c.contact_id == away).values(contact_id=into))
    # A batch that has both keeps the contact's item; the duplicate's goes with it.
    both = select(items.c.batch_id).where(items.c.contact_id == into).scalar_subquery()
    await session.execute(
        update(items)
        .where(items.c.contact_id == away, items.c.batch_id.not_in(both))
        .values(contact_id=into)
    )
    await session.execute(
        update(CONTACTS)
        .where(CONTACTS.c.referred_by_contact_id == away)
        .values(referred_by_contact_id=into)
    )
    await session.execute(
        update(events).where(events.c.referred_contact_id == away).values(referred_contact_id=into)
    )
    await session.execute(
        update(MERGES)
        .where(MERGES.c.tenant_id == tenant_id, MERGES.c.into_id == away)
        .values(into_id=into)
    )
