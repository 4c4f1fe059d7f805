"""HTTP routes for batches."""

from __future__ import annotations

import logging
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from service.batches import service
from service.batches.engine import Submitter
from service.batches.models import BatchCreate, BatchItemRead, BatchRead, DryRunRead, ItemStatus
from service.db import unit_of_work
from service.deps import (
    DEFAULT_LIMIT,
    Cursor,
    IdempotencyKey,
    Limit,
    Reader,
    SessionDep,
    Writer,
)
from service.errors import error_responses
from service.hotdb import HotDatabase
from service.routing import CommittingRoute
from service.schemas import Page, json_response

log = logging.getLogger("askwell.batches")

router = APIRouter(
    route_class=CommittingRoute,
    prefix="/v1/batches",
    tags=["batches"],
    responses=error_responses(401, 403),
)


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=BatchRead,
    responses={
        200: {"model": DryRunRead, "description": "`dry_run`: what would be drafted."},
        **error_responses(400, 404, 409, 413, 415, 422),
    },
)
async def create_batch(
    body: BatchCreate,
    request: Request,
    principal: Writer,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Draft for many contacts at once; items run in the background on the batch engine.

    Contacts that opted out, have no research, or already have a draft from this
    requester awaiting review (or approved) are skipped with the reason. `dry_run` answers
    which would be drafted and which skipped (200), with no model call and nothing stored.
    """
    app = request.app

    submitter: Submitter = app.state.batch_submitter
    tenant = str(principal.tenant_id)

    def record() -> tuple[bool, dict[str, Any], uuid.UUID, list[str]] | DryRunRead:
        with unit_of_work(app.state.engine) as session:
            if body.dry_run:
                return service.dry_run(
                    session, tenant_id=principal.tenant_id, data=body, registry=app.state.prompts
                )
            return service.submit(
                session,
                tenant_id=principal.tenant_id,
                data=body,
                registry=app.state.prompts,
                key=idempotency_key,
            )

    if not body.dry_run:
        await run_in_threadpool(submitter.ensure_migrated)
    result = await app.state.db_slots.run(record)
    if isinstance(result, DryRunRead):
        return JSONResponse(result.model_dump(mode="json"), status_code=status.HTTP_200_OK)
    replayed, payload, batch_id, queued = result
    headers = {"Location": f"/v1/batches/{batch_id}"}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    if queued:
        # After the answer, in chunks: the first items start within moments and a 5,000-item
        # batch is not held up for seconds. If this process dies first, a runner's sweep
        # enqueues whatever is still queued (the workflow ids are fixed, so nothing twice).
        submitter.enqueue_later(tenant, batch_id, queued)
    return JSONResponse(payload, status_code=status.HTTP_202_ACCEPTED, headers=headers)


@router.get("", responses=error_responses(404, 422), response_model=Page[BatchRead])
def list_batches(
    session: SessionDep, principal: Reader, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    """The tenant's batches, newest first."""
    return json_response(
        service.list_batches(session, tenant_id=principal.tenant_id, limit=limit, cursor=cursor)
    )


@router.get("/{batch_id}", responses=error_responses(404, 422), response_model=BatchRead)
async def get_batch(batch_id: uuid.UUID, request: Request, principal: Reader) -> Response:
    """Status, counts per item state and timings."""
    # Polled while a batch runs (`askwell batch watch`): one statement on the event loop.
    hot: HotDatabase = request.app.state.hot_db
    async with hot.connection() as db:
        rows = await db.all(
            service.BATCH_STATUS, [db.uuid_param(batch_id), db.uuid_param(principal.tenant_id)]
        )
    return json_response(service.batch_from_rows(db, rows))


@router.get(
    "/{batch_id}/items", responses=error_responses(404, 422), response_model=Page[BatchItemRead]
)
def list_items(
    batch_id: uuid.UUID,
    session: SessionDep,
    principal: Reader,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    status: Annotated[ItemStatus | None, Query()] = None,
) -> Response:
    """The batch's items in submission order: status, reason, draft id."""
    return json_response(
        service.list_items(
            session,
            tenant_id=principal.tenant_id,
            batch_id=batch_id,
            limit=limit,
            cursor=cursor,
            status=status,
        )
    )


@router.post("/{batch_id}/cancel", responses=error_responses(404, 409, 422))
def cancel_batch(batch_id: uuid.UUID, session: SessionDep, principal: Writer) -> BatchRead:
    """Queued items stop (skipped, `cancelled`); items already drafting finish and their
    drafts stay. Cancelling again answers the same; a completed batch → 409."""
    return service.cancel(session, tenant_id=principal.tenant_id, batch_id=batch_id)
