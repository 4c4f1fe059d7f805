"""Erasure tombstones: deleting a contact or requester leaves a count, not a person.

The database cascades do the erasing (drafts, revisions, decisions, outreach events); this
hook, run by the ORM just before the DELETE, records what went in a row without personal
data. It sits on the mapper so that every path that deletes a contact or requester gets it.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from sqlalchemy import event, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import col

from service.contacts.models import Contact
from service.core.db import new_id, utcnow
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


@event.listens_for(Requester, "before_delete")
def _requester_erased(_mapper: Any, connection: Connection, target: Requester) -> None:
    record_erasure(
        connection,
        kind="requester",
        tenant_id=target.tenant_id,
        subject_id=target.id,
        owner=Draft.requester_id,  # type: ignore[arg-type]
    )
