"""Imports every table model so that the metadata knows them all (Alembic, tests)."""

from service.contacts.models import Contact
from service.drafts.models import Draft, DraftRevision
from service.idempotency import IdempotencyRecord
from service.requesters.models import Requester
from service.research.models import ResearchSummary
from service.tenants.models import ApiKey, Tenant

__all__ = [
    "ApiKey",
    "Contact",
    "Draft",
    "DraftRevision",
    "IdempotencyRecord",
    "Requester",
    "ResearchSummary",
    "Tenant",
]
