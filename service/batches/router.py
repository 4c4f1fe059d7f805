"""HTTP routes for batches."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from service.batches import service
from service.batches.models import BatchCreate, BatchItemRead, BatchRead, DryRunRead, ItemStatus
from service.core.contract import response_headers
from service.core.deps import (
    DEFAULT_LIMIT,
    Cursor,
    DraftingDep,
    IdempotencyKey,
    Limit,
    Reader,
    SessionDep,
    SubmitterDep,
    Writer,
)
from service.core.errors import error_responses
from service.core.schemas import Page, json_response

router = APIRouter(prefix="/v1/batches", tags=["batches"], responses=error_responses(401, 403))


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=BatchRead,
    responses={
        200: {"model": DryRunRead, "description": "`dry_run`: what would be drafted."},
        202: response_headers("Location"),
        **error_responses(400, 404, 409, 413, 415, 422, 429),
    },
)
async def create_batch(
    body: BatchCreate,
    session: SessionDep,
    principal: Writer,
    drafting: DraftingDep,
    submitter: SubmitterDep,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Draft for many contacts at once; items run in the background on the batch engine.

    Contacts that opted out, have no research, or already have a draft from this
    requester awaiting review (or approved) are skipped with the reason. `dry_run` answers
    which would be drafted and which skipped (200), with no model call and nothing stored.
    """
    if body.dry_run:
        dry = await service.dry_run(
            session, tenant_id=principal.tenant_id, data=body, registry=drafting.registry
        )
        return json_response(dry)
    if not submitter.migrated:
        # Creating the engine's tables (once per process) waits, on PostgreSQL, for every
        # open transaction to end: this request's own first.
        await session.commit()
        await run_in_threadpool(submitter.ensure_migrated)
    submitted = await service.submit(
        session,
        tenant_id=principal.tenant_id,
        data=body,
        registry=drafting.registry,
        quotas=drafting.quotas,
        key=idempotency_key,
    )
    # The items exist for the engine's workflows only once they are committed.
    await session.commit()
    headers = {"Location": f"/v1/batches/{submitted.batch_id}"}
    if submitted.replayed:
        headers["Idempotent-Replayed"] = "true"
    if submitted.queued:
        # After the answer, in chunks: the first items start within moments and a 5,000-item
        # batch is not held up for seconds. If this process dies first, a runner's sweep
        # enqueues whatever is still queued (the workflow ids are fixed, so nothing twice).
        submitter.enqueue_later(str(principal.tenant_id), submitted.batch_id, submitted.queued)
    return JSONResponse(submitted.body, status_code=status.HTTP_202_ACCEPTED, headers=headers)


@router.get("", responses=error_responses(404, 422), response_model=Page[BatchRead])
async def list_batches(
    session: SessionDep, principal: Reader, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    """The tenant's batches, newest first."""
    page = await service.list_batches(
        session, tenant_id=principal.tenant_id, limit=limit, cursor=cursor
    )
    return json_response(page)


@router.get("/{batch_id}", responses=error_responses(404, 422), response_model=BatchRead)
async def get_batch(batch_id: uuid.UUID, session: SessionDep, principal: Reader) -> Response:
    """Status, counts per item state and timings."""
    batch = await service.get_batch(session, tenant_id=principal.tenant_id, batch_id=batch_id)
    return json_response(batch)


@router.get(
    "/{batch_id}/items", responses=error_responses(404, 422), response_model=Page[BatchItemRead]
)
async def list_items(
    batch_id: uuid.UUID,
    session: SessionDep,
    principal: Reader,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    status: Annotated[ItemStatus | None, Query()] = None,
) -> Response:
    """The batch's items in submission order: status, reason, draft id."""
    page = await service.list_items(
        session,
        tenant_id=principal.tenant_id,
        batch_id=batch_id,
        limit=limit,
        cursor=cursor,
        status=status,
    )
    return json_response(page)


@router.post("/{batch_id}/cancel", responses=error_responses(404, 409, 422))
async def cancel_batch(batch_id: uuid.UUID, session: SessionDep, principal: Writer) -> BatchRead:
    """Queued items stop (skipped, `cancelled`); items already drafting finish and their
    drafts stay. Cancelling again answers the same; a completed batch → 409."""
    return await service.cancel(session, tenant_id=principal.tenant_id, batch_id=batch_id)


@router.post(
    "/{batch_id}/retry-failed",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(404, 409, 422, 429),
)
async def retry_failed_items(
    batch_id: uuid.UUID,
    session: SessionDep,
    principal: Writer,
    drafting: DraftingDep,
    submitter: SubmitterDep,
) -> Response:
    """Queue the batch's failed items again (each as a new run); the others stay as they
    are. With no failed item it answers the batch as it is."""
    batch, queued = await service.retry_failed(
        session, tenant_id=principal.tenant_id, batch_id=batch_id, quotas=drafting.quotas
    )
    await session.commit()
    if queued:
        submitter.enqueue_later(str(principal.tenant_id), batch_id, queued)
    return json_response(batch, status_code=status.HTTP_202_ACCEPTED)
