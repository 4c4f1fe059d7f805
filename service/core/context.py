"""The request being served, as far as logs, metrics and problem documents need it."""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(slots=True)
class RequestRecord:
    """One request: its id (the client's `X-Request-ID` or one made here) and, once the
    API key is known, the tenant."""

    id: str
    tenant_id: uuid.UUID | None = None


_current: ContextVar[RequestRecord | None] = ContextVar("askwell_request", default=None)


def begin_request(request_id: str) -> RequestRecord:
    record = RequestRecord(request_id)
    _current.set(record)
    return record


def current_request_id() -> str | None:
    record = _current.get()
    return None if record is None else record.id


def note_tenant(tenant_id: uuid.UUID) -> None:
    """Say whose request this is (for its log line); nothing outside a request."""
    record = _current.get()
    if record is not None:
        record.tenant_id = tenant_id
