"""Imports every table model so that the metadata knows them all (Alembic, tests)."""

from service.batches.models import Batch, BatchItem, ModelOutage
from service.contacts.models import Contact, ContactMerge
from service.core.idempotency import IdempotencyRecord
from service.drafts.models import Draft, DraftRevision
from service.llm.modes import LLMOutputMode
from service.requesters.models import Requester
from service.research.models import ResearchSummary
from service.review import erasure  # noqa: F401  (tombstones on erasure)
from service.review.models import Erasure, OutreachEvent, ReviewDecision
from service.tenants.models import ApiKey, Tenant
from service.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = [
    "ApiKey",
    "Batch",
    "BatchItem",
    "Contact",
    "ContactMerge",
    "Draft",
    "DraftRevision",
    "Erasure",
    "IdempotencyRecord",
    "LLMOutputMode",
    "ModelOutage",
    "OutreachEvent",
    "Requester",
    "ResearchSummary",
    "ReviewDecision",
    "Tenant",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
