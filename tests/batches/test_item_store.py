"""A batch item's store on PostgreSQL's event-loop connections: one statement, at most once.

The runner begins and stores an item with statements on `service.hotdb`'s lanes, outside
any transaction; the store is a single statement that ends the item and writes its draft
only if the item was not finished. Here several runs race to store the same item.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from service.batches import service
from service.batches.models import BatchItem
from service.batches.runcache import RunCache
from service.db import make_engine, unit_of_work
from service.drafts.models import Draft, DraftRevision
from service.hotdb import HotDatabase
from service.llm.drafting import build_drafter, compose_gated
from service.main import create_app
from tests.batches.support import seed
from tests.conftest import TenantKey, make_settings


@pytest.fixture
def api(database_url: str) -> Iterator[TestClient]:
    # No runner: the test plays the runner's part itself.
    settings = make_settings(database_url, batch_embedded_worker=False)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def db(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def one_item_batch(api: TestClient, db: Engine, tenant: TenantKey) -> tuple[uuid.UUID, uuid.UUID]:
    """A submitted batch of one researched contact, and its item: (batch id, item id)."""
    requester, [contact] = seed(db, tenant.tenant_id, 1)
    response = api.post(
        "/v1/batches",
        json={"requester_id": requester, "contact_ids": [contact], "channel": "email"},
        headers=tenant.headers,
    )
    assert response.status_code == 202, response.text
    batch_id = uuid.UUID(response.json()["id"])
    with unit_of_work(db) as session:
        item_id = session.exec(select(BatchItem.id).where(BatchItem.batch_id == batch_id)).one()
    return batch_id, item_id


@pytest.mark.postgres
def test_racing_runs_of_one_item_store_one_draft(
    api: TestClient, db: Engine, tenant: TenantKey
) -> None:
    batch_id, item_id = one_item_batch(api, db, tenant)
    app = api.app
    registry = app.state.prompts  # type: ignore[attr-defined]
    drafter = build_drafter(app.state.settings, registry)  # type: ignore[attr-defined]
    cache = RunCache(registry)
    hot = HotDatabase(db, pool_size=3)

    async def scenario() -> list[str]:
        db_hot = hot.postgres
        assert db_hot is not None
        try:
            work = await service.begin_item_hot(db_hot, db, item_id, cache, asyncio.to_thread)
            assert work is not None
            gated = await compose_gated(
                drafter, work.inputs, repair_attempts=0, prompt_version=work.batch.prompt_version
            )
            hot_runs = [
                service.store_item_hot(db_hot, item_id, work, gated, drafter.kind, cache)
                for _ in range(8)
            ]
            engine_runs = [
                asyncio.to_thread(service.store_item, db, item_id, work, gated, drafter.kind, cache)
                for _ in range(2)
            ]
            return list(await asyncio.gather(*hot_runs, *engine_runs))
        finally:
            await hot.close()

    outcomes = Counter(asyncio.run(scenario()))
    assert outcomes["duplicate"] == 9, outcomes
    assert sum(outcomes.values()) == 10
    with unit_of_work(db) as session:
        item = session.get(BatchItem, item_id)
        drafts = session.exec(select(Draft).where(Draft.batch_id == batch_id)).all()
        revisions = session.exec(
            select(DraftRevision).where(DraftRevision.draft_id == drafts[0].id)
        ).all()
    assert item is not None
    assert len(drafts) == 1
    assert len(revisions) == 1
    assert item.draft_id == drafts[0].id
    assert item.status == drafts[0].status
    [stored] = set(outcomes) - {"duplicate"}
    assert stored == item.status in ("needs_review", "gate_failed")
    assert item.finished_at is not None


@pytest.mark.postgres
def test_an_item_finished_meanwhile_is_not_marked_drafting(
    api: TestClient, db: Engine, tenant: TenantKey
) -> None:
    batch_id, item_id = one_item_batch(api, db, tenant)
    assert api.post(f"/v1/batches/{batch_id}/cancel", headers=tenant.headers).status_code == 200
    hot = HotDatabase(db, pool_size=1)

    async def scenario() -> object:
        db_hot = hot.postgres
        assert db_hot is not None
        try:
            cache = RunCache(api.app.state.prompts)  # type: ignore[attr-defined]
            return await service.begin_item_hot(db_hot, db, item_id, cache, asyncio.to_thread)
        finally:
            await hot.close()

    assert asyncio.run(scenario()) is None
    with unit_of_work(db) as session:
        item = session.get(BatchItem, item_id)
    assert item is not None
    assert item.status == "skipped"
    assert item.reason == "cancelled"
