"""One conversation per requester and person: one request, one follow-up when it is due.

The advice askwell encodes: write one thoughtful request, follow up once about a month
later, and never write again to someone who answered or asked not to be contacted. So a
requester who sent a request to a person does not draft them another first request (unless
the caller says why, and it is recorded), and the follow-up waits for its day.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.drafts.models import Draft

_DRAFTS = Draft.__table__  # type: ignore[attr-defined]
REPLIED = ("replied_positive", "replied_negative", "referred")

Standing = Literal["already_contacted", "replied"]


@dataclass(frozen=True)
class Earlier:
    """Where the requester stands with the person: what they did before, and the request."""

    standing: Standing
    draft_id: uuid.UUID


def _sent_requests(tenant_id: uuid.UUID, requester_id: uuid.UUID) -> object:
    return and_(
        _DRAFTS.c.tenant_id == tenant_id,
        _DRAFTS.c.requester_id == requester_id,
        _DRAFTS.c.kind == "request",
        _DRAFTS.c.status == "sent",
    )


def _standing(outcome: str | None) -> Standing:
    return "replied" if outcome in REPLIED else "already_contacted"


async def earlier_requests(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    requester_id: uuid.UUID,
    contact_ids: Iterable[uuid.UUID],
) -> dict[uuid.UUID, Earlier]:
    """The people among `contact_ids` the requester already sent a request to (a reply or
    a referral counts as having replied), with that request."""
    ids = list(contact_ids)
    found: dict[uuid.UUID, Earlier] = {}
    for start in range(0, len(ids), 500):
        rows = await session.execute(
            select(_DRAFTS.c.contact_id, _DRAFTS.c.id, _DRAFTS.c.outcome)
            .where(
                _sent_requests(tenant_id, requester_id),  # type: ignore[arg-type]
                _DRAFTS.c.contact_id.in_(ids[start : start + 500]),
            )
            .order_by(_DRAFTS.c.sent_at)
        )
        for contact_id, draft_id, outcome in rows:
            earlier = found.get(contact_id)
            # A reply anywhere in the conversation is what the person did last.
            if earlier is None or _standing(outcome) == "replied":
                found[contact_id] = Earlier(_standing(outcome), draft_id)
    return found


def how_long_ago(then: datetime, now: datetime) -> str:
    """When something happened, as a person writing a follow-up says it."""
    days = (now - then).days
    if days < 1:
        return "earlier today"
    if days < 2:
        return "yesterday"
    if days < 7:
        return "a few days ago"
    if days < 14:
        return "last week"
    if days < 25:
        return f"{'two' if days < 18 else 'three'} weeks ago"
    if days < 50:
        return "about a month ago"
    if days < 75:
        return "a couple of months ago"
    return f"back in {then.strftime('%B')}"
