"""Erasure tombstones: deleting a contact or requester leaves a count, not a person.

The database cascades do the erasing (drafts, revisions, decisions, outreach events, the
idempotent answers that made a draft); this hook, run by the ORM just before the DELETE,
records what went in a row without personal data, and scrubs the erased id from the other
idempotent answers kept for replays (an import's report lists the contacts it created).
It sits on the mapper so that every path that deletes a contact or requester gets it.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from sqlalchemy import Text, cast, delete, event, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import col

from service.contacts.models import Contact
from service.contacts.service import IMPORT_ENDPOINT
from service.core.db import new_id, utcnow
from service.core.idempotency import IdempotencyRecord
from service.drafts.models import Draft, DraftRevision
from service.requesters.models import Requester
from service.review.models import Erasure, OutreachEvent, ReviewDecision


def subject_digest(kind: str, subject_id: uuid.UUID) -> str:
    return hashlib.sha256(f"{kind}:{subject_id}".encode()).hexdigest()


def _count(
    connection: Connection, table: Any, column: Any, owner: Any, subject_id: uuid.UUID
) -> int:
    statement = (
        select(func.count())
        .select_from(table)
        .join(Draft, Draft.id == column)
        .where(owner == subject_id)
    )
    return int(connection.execute(statement).scalar_one())


def record_erasure(
    connection: Connection,
    *,
    kind: str,
    tenant_id: uuid.UUID,
    subject_id: uuid.UUID,
    owner: InstrumentedAttribute[Any],
) -> None:
    drafts = int(
        connection.execute(
            select(func.count()).select_from(Draft).where(owner == subject_id)
        ).scalar_one()
    )
    connection.execute(
        insert(Erasure).values(
            id=new_id(),
            tenant_id=tenant_id,
            kind=kind,
            subject_sha256=subject_digest(kind, subject_id),
            drafts=drafts,
            revisions=_count(connection, DraftRevision, DraftRevision.draft_id, owner, subject_id),
            decisions=_count(
                connection, ReviewDecision, ReviewDecision.draft_id, owner, subject_id
            ),
            outreach_events=_count(
                connection, OutreachEvent, OutreachEvent.draft_id, owner, subject_id
            ),
            erased_at=utcnow(),
        )
    )


_RECORDS = IdempotencyRecord.__table__  # type: ignore[attr-defined]


def scrub_stored_answers(
    connection: Connection, *, tenant_id: uuid.UUID, subject_id: uuid.UUID
) -> None:
    """Take the erased id out of the answers kept for idempotent replays.

    An import's report keeps its other rows: the erased contact's row moves from `created`
    to `erased` (a replay must not create the person again, nor name them). Any other
    answer that names the subject goes: a replay of it then finds nothing to act on.
    """
    mentions = connection.execute(
        select(_RECORDS.c.id, _RECORDS.c.endpoint, _RECORDS.c.response_body).where(
            _RECORDS.c.tenant_id == tenant_id,
            _RECORDS.c.response_body.is_not(None),
            cast(_RECORDS.c.response_body, Text).like(f"%{subject_id}%"),
        )
    ).all()
    for record_id, endpoint, body in mentions:
        if endpoint == IMPORT_ENDPOINT:
            connection.execute(
                update(_RECORDS)
                .where(_RECORDS.c.id == record_id)
                .values(response_body=_without_contact(body, str(subject_id)))
            )
        else:
            connection.execute(delete(_RECORDS).where(_RECORDS.c.id == record_id))


def _without_contact(report: dict[str, Any], contact_id: str) -> dict[str, Any]:
    created = report.get("created", [])
    gone = [row["row"] for row in created if row.get("contact_id") == contact_id]
    counts = dict(report.get("counts", {}))
    counts["created"] = counts.get("created", 0) - len(gone)
    return {
        **report,
        "created": [row for row in created if row.get("contact_id") != contact_id],
        "erased": sorted([*report.get("erased", []), *gone]),
        "counts": counts,
    }


@event.listens_for(Contact, "before_delete")
def _contact_erased(_mapper: Any, connection: Connection, target: Contact) -> None:
    connection.execute(
        update(Contact)
        .where(col(Contact.referred_by_contact_id) == target.id)
        .values(referred_by_contact_id=None)
    )
    record_erasure(
        connection,
        kind="contact",
        tenant_id=target.tenant_id,
        subject_id=target.id,
        owner=Draft.contact_id,  # type: ignore[arg-type]
    )
    scrub_stored_answers(connection, tenant_id=target.tenant_id, subject_id=target.id)


@event.listens_for(Requester, "before_delete")
def _requester_erased(_mapper: Any, connection: Connection, target: Requester) -> None:
    record_erasure(
        connection,
        kind="requester",
        tenant_id=target.tenant_id,
        subject_id=target.id,
        owner=Draft.requester_id,  # type: ignore[arg-type]
    )
    scrub_stored_answers(connection, tenant_id=target.tenant_id, subject_id=target.id)
