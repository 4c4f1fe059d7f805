"""Deliveries end to end: `askwell serve` with its embedded runner (the durable engine),
a receiver on loopback, signatures checked with the Standard Webhooks library."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from standardwebhooks import Webhook

from service.core import migrations
from service.tenants.models import Tenant
from tests.batches.support import Runner, engine_database, runner_env, seed, wait_until
from tests.conftest import MakeTenant, TenantKey, add_key
from tests.support.databases import (
    configured_url,
    create_database,
    drop_database,
    sync_url,
    unit_of_work,
)
from tests.webhooks.support import Receiver, receiver

RETRY_BASE_S = 0.4


def serve(database_url: str, system_url: str, log: Path, **settings: object) -> Runner:
    values: dict[str, object] = {
        "batch_embedded_worker": "true",
        "webhooks_allow_loopback": "true",
        "webhooks_poll_interval_s": "0.05",
        "webhooks_retry_base_s": str(RETRY_BASE_S),
        "webhooks_max_attempts": "3",
        "worker_id": f"webhooks-{uuid.uuid4().hex[:8]}",
        **settings,
    }
    env = runner_env(database_url, system_url, "http://127.0.0.1:9/v1", **values)
    # The offline drafter: batches need no model server here.
    env.pop("OPENAI_BASE_URL")
    env.pop("OPENAI_API_KEY")
    return Runner("serve", env, log)


@pytest.fixture(scope="module")
def hooks() -> Iterator[Receiver]:
    with receiver() as r:
        yield r


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runner]:
    directory = tmp_path_factory.mktemp("webhooks-runner")
    with engine_database(directory) as system_url:
        runner = serve(database_url, system_url, directory / "serve.log").start()
        try:
            yield runner
        finally:
            runner.stop()


def api(runner: Runner, tenant: TenantKey, method: str, path: str, **kwargs: Any) -> Any:
    response = httpx.request(
        method, f"{runner.base_url}{path}", headers=tenant.headers, timeout=30, **kwargs
    )
    assert response.status_code < 300, response.text
    return response.json() if response.content else None


def register(runner: Runner, tenant: TenantKey, url: str, *events: str) -> dict[str, Any]:
    body = {"url": url, "event_types": list(events or ["draft.needs_review"])}
    created: dict[str, Any] = api(runner, tenant, "POST", "/v1/webhooks", json=body)
    return created


def delivery(runner: Runner, tenant: TenantKey, endpoint: str, delivery_id: str) -> Any:
    return api(runner, tenant, "GET", f"/v1/webhooks/{endpoint}/deliveries/{delivery_id}")


def settled(runner: Runner, tenant: TenantKey, endpoint: str, delivery_id: str) -> Any:
    found: dict[str, Any] = {}

    def done() -> bool:
        found.update(delivery(runner, tenant, endpoint, delivery_id))
        return found["status"] != "pending"

    assert wait_until(done, timeout=30), found
    return found


def test_retries_back_off_then_succeed_and_each_attempt_is_signed(
    server: Runner, hooks: Receiver, tenant: TenantKey
) -> None:
    hooks.script["/flaky"] = [500, 500]
    endpoint = register(server, tenant, hooks.url("/flaky"))
    ping = api(server, tenant, "POST", f"/v1/webhooks/{endpoint['id']}/test")
    received = hooks.wait_for("/flaky", 3)
    done = settled(server, tenant, endpoint["id"], ping["id"])
    assert done["status"] == "succeeded"
    assert [
        (a["number"], a["status_code"], a["error"], a["succeeded"]) for a in done["attempts"]
    ] == [
        (1, 500, "http_error", False),
        (2, 500, "http_error", False),
        (3, 200, None, True),
    ]
    # Exponential: the second wait is four times the first.
    first_wait = received[1].at - received[0].at
    second_wait = received[2].at - received[1].at
    assert first_wait >= RETRY_BASE_S * 0.9
    assert second_wait >= 4 * RETRY_BASE_S * 0.9
    assert second_wait > first_wait
    # One message: the same webhook-id every time, each attempt signed afresh.
    assert {r.headers["webhook-id"] for r in received} == {done["message_id"]}
    for r in received:
        body = Webhook(endpoint["secret"]).verify(r.body, r.headers)
        assert body["type"] == "webhook.test"
        assert body["data"] == {"endpoint_id": endpoint["id"]}


def test_a_delivery_fails_after_its_attempts_and_a_replay_delivers_it(
    server: Runner, hooks: Receiver, tenant: TenantKey
) -> None:
    hooks.script["/down"] = [503, 503, 503]
    endpoint = register(server, tenant, hooks.url("/down"))
    ping = api(server, tenant, "POST", f"/v1/webhooks/{endpoint['id']}/test")
    failed = settled(server, tenant, endpoint["id"], ping["id"])
    assert failed["status"] == "failed"
    assert [a["status_code"] for a in failed["attempts"]] == [503, 503, 503]
    replayed = api(
        server,
        tenant,
        "POST",
        f"/v1/webhooks/{endpoint['id']}/deliveries/{ping['id']}/replay",
    )
    assert replayed["status"] == "pending"
    done = settled(server, tenant, endpoint["id"], ping["id"])
    assert done["status"] == "succeeded"
    assert [(a["number"], a["run"], a["status_code"]) for a in done["attempts"]] == [
        (1, 0, 503),
        (2, 0, 503),
        (3, 0, 503),
        (4, 1, 200),
    ]
    received = hooks.at("/down")
    assert len(received) == 4
    assert len({r.headers["webhook-id"] for r in received}) == 1
    listed = api(server, tenant, "GET", f"/v1/webhooks/{endpoint['id']}/deliveries")
    assert [d["id"] for d in listed["items"]] == [ping["id"]]
    assert len(listed["items"][0]["attempts"]) == 4


def test_batch_completed_fires_when_the_batch_finishes(
    server: Runner, hooks: Receiver, make_tenant: MakeTenant, engine: Engine
) -> None:
    tenant = make_tenant()
    endpoint = register(
        server,
        tenant,
        hooks.url("/batches"),
        "batch.completed",
        "draft.needs_review",
        "draft.gate_failed",
    )
    requester, contacts = seed(engine, tenant.tenant_id, 3)
    batch = api(
        server,
        tenant,
        "POST",
        "/v1/batches",
        json={"requester_id": requester, "contact_ids": contacts, "channel": "email"},
    )
    received = hooks.wait_for("/batches", 4)
    bodies = [Webhook(endpoint["secret"]).verify(r.body, r.headers) for r in received]
    completed = [b for b in bodies if b["type"] == "batch.completed"]
    assert len(completed) == 1
    data = completed[0]["data"]
    assert data["batch_id"] == batch["id"]
    assert data["status"] == "completed"
    assert sum(data["counts"].values()) == data["total"] == 3
    drafts = [b["data"] for b in bodies if b["type"].startswith("draft.")]
    assert len(drafts) == 3
    assert {d["batch_id"] for d in drafts} == {batch["id"]}
    final = api(server, tenant, "GET", f"/v1/batches/{batch['id']}")
    assert final["status"] == "completed"
    # Never a second one for the same completion.
    assert not wait_until(lambda: len(hooks.at("/batches")) > 4, timeout=1.5)


@pytest.fixture
def own_database(tmp_path: Path) -> Iterator[str]:
    """An app database no other runner of the suite watches (they would take the
    deliveries this test is about)."""
    base = configured_url()
    url = create_database(base, tmp_path, "restart")
    migrations.upgrade(url)
    yield url
    drop_database(url, base)


def test_a_delivery_survives_a_killed_runner(
    own_database: str, tmp_path: Path, hooks: Receiver
) -> None:
    """Killed while it waits for its next attempt: the restarted runner (same worker id)
    recovers the workflow, and the wait it had left, from the engine's database."""
    database_url = own_database
    engine = create_engine(sync_url(database_url))
    try:
        with unit_of_work(engine) as session:
            owner = Tenant(name="Restarted")
            session.add(owner)
            session.flush()
            tenant_id = owner.id
        tenant = add_key(engine, tenant_id, ("admin",))
    finally:
        engine.dispose()
    with engine_database(tmp_path) as system_url:
        runner = serve(
            database_url, system_url, tmp_path / "serve.log", webhooks_retry_base_s="3"
        ).start()
        try:
            hooks.script["/restart"] = [500]
            endpoint = register(runner, tenant, hooks.url("/restart"))
            ping = api(runner, tenant, "POST", f"/v1/webhooks/{endpoint['id']}/test")
            hooks.wait_for("/restart", 1)
            assert wait_until(
                lambda: len(delivery(runner, tenant, endpoint["id"], ping["id"])["attempts"]) == 1,
                timeout=10,
            )
            # The engine records the attempt's step just after the attempt's own row: give it
            # a moment, so that the kill falls in the wait (a kill in between makes the
            # attempt again at once: at least once).
            time.sleep(1)
            runner.kill()
            runner.start()
            received = hooks.wait_for("/restart", 2, timeout=60)
            done = settled(runner, tenant, endpoint["id"], ping["id"])
        finally:
            runner.stop()
    assert done["status"] == "succeeded"
    assert [a["status_code"] for a in done["attempts"]] == [500, 200]
    assert len(received) == 2
    assert received[1].at - received[0].at >= 3 * 0.9
    Webhook(endpoint["secret"]).verify(received[1].body, received[1].headers)
