"""A batch item's store: one transaction that ends the item and writes its draft, at most once.

A recovered or retried workflow may run an item again while (or after) another run stores
it. Here several runs race to store the same item: one draft, the others duplicates.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlmodel import select

from service.batches import service
from service.batches.models import BatchItem
from service.batches.runcache import RunCache
from service.core.db import Database
from service.drafts.models import Draft, DraftRevision
from service.llm.drafting import build_drafter, compose_gated
from service.main import create_app
from tests.batches.support import seed
from tests.conftest import TenantKey, make_settings
from tests.support.databases import sync_url, unit_of_work
from tests.support.llm_server import FLAVOURS, LLMServer, Reply


@pytest.fixture
def api(database_url: str) -> Iterator[TestClient]:
    # No runner: the test plays the runner's part itself.
    settings = make_settings(database_url, batch_embedded_worker=False)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def db(database_url: str) -> Iterator[Engine]:
    engine = create_engine(sync_url(database_url))
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


def test_racing_runs_of_one_item_store_one_draft(
    api: TestClient, db: Engine, database_url: str, tenant: TenantKey
) -> None:
    batch_id, item_id = one_item_batch(api, db, tenant)
    app = api.app
    registry = app.state.prompts  # type: ignore[attr-defined]
    drafter = build_drafter(app.state.settings, registry)  # type: ignore[attr-defined]
    cache = RunCache(registry)

    async def scenario() -> list[str]:
        database = Database.connect(database_url, pool_size=5)
        try:
            work = await service.begin_item(database.sessions, item_id, cache)
            assert work is not None
            gated = await compose_gated(
                drafter, work.inputs, repair_attempts=0, prompt_version=work.batch.prompt_version
            )
            runs = [
                service.store_item(database.sessions, item_id, work, gated, drafter.kind, cache)
                for _ in range(8)
            ]
            return list(await asyncio.gather(*runs))
        finally:
            await database.dispose()

    outcomes = Counter(asyncio.run(scenario()))
    assert outcomes["duplicate"] == 7, outcomes
    assert sum(outcomes.values()) == 8
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


def test_an_item_finished_meanwhile_is_not_marked_drafting(
    api: TestClient, db: Engine, database_url: str, tenant: TenantKey
) -> None:
    batch_id, item_id = one_item_batch(api, db, tenant)
    assert api.post(f"/v1/batches/{batch_id}/cancel", headers=tenant.headers).status_code == 200

    async def scenario() -> object:
        database = Database.connect(database_url, pool_size=1)
        try:
            cache = RunCache(api.app.state.prompts)  # type: ignore[attr-defined]
            return await service.begin_item(database.sessions, item_id, cache)
        finally:
            await database.dispose()

    assert asyncio.run(scenario()) is None
    with unit_of_work(db) as session:
        item = session.get(BatchItem, item_id)
    assert item is not None
    assert item.status == "skipped"
    assert item.reason == "cancelled"


def test_an_item_whose_model_answers_junk_ends_model_failed_with_the_reason(
    api: TestClient, db: Engine, database_url: str, tenant: TenantKey
) -> None:
    batch_id, item_id = one_item_batch(api, db, tenant)
    app = api.app
    registry = app.state.prompts  # type: ignore[attr-defined]
    # Started with a 4,096-token context, as the README says to: draft_request v2's prompt
    # and the default output budget do not fit the server's default 2,048.
    flavour = replace(FLAVOURS["llama_cpp_python"], context_tokens=4096)
    with LLMServer(flavour=flavour) as llm:
        llm.script(Reply.ok("Dear Ana,\nI would love to chat."), Reply.ok('{"subject": "Hi"}'))
        settings = make_settings(
            database_url, openai_base_url=llm.base_url, openai_api_key="x", llm_model=llm.model
        )
        drafter = build_drafter(settings, registry)

        async def scenario() -> str:
            database = Database.connect(database_url, pool_size=2)
            try:
                cache = RunCache(registry)
                work = await service.begin_item(database.sessions, item_id, cache)
                assert work is not None
                gated = await compose_gated(drafter, work.inputs, repair_attempts=2)
                return await service.store_item(
                    database.sessions, item_id, work, gated, drafter.kind, cache
                )
            finally:
                await database.dispose()
                await drafter.client.aclose()  # type: ignore[attr-defined]

        assert asyncio.run(scenario()) == "model_failed"
        # json_schema refused (a 500), then two answers in llama-cpp-python's form.
        assert len(llm.chat_requests) == 3
    with unit_of_work(db) as session:
        item = session.get(BatchItem, item_id)
        [draft] = session.exec(select(Draft).where(Draft.batch_id == batch_id)).all()
    assert item is not None
    assert item.status == "model_failed"
    assert item.reason == "model_output_invalid"
    assert item.detail is not None
    assert "missing required field body" in item.detail
    assert item.llm_attempts == 3
    assert draft.status == "model_failed"
    assert draft.failure_reason == "model_output_invalid"
    counts = api.get(f"/v1/batches/{batch_id}", headers=tenant.headers).json()["counts"]
    assert counts["model_failed"] == 1
    assert counts["failed"] == 0
