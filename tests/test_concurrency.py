"""Writes that must happen once, or a bounded number of times, under real concurrency: two
API processes and 20 requests at once.

The model answers slowly, so every request arrives while the first ones are still drafting:
the window in which a broken reservation (an `Idempotency-Key`, the daily cap) lets a
request through is wide.

- One `Idempotency-Key`: each request is the one that does the work (201), or waits and
  retries (409 with `Retry-After`), or, once the first has finished, replays its
  response. The database holds exactly one draft (or batch) for the key, however many
  rounds are run.
- The daily cap: 20 drafts at once for one requester with a cap of 5 store exactly 5; the
  others answer 429 with `Retry-After`.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine

from service.batches.models import Batch
from service.contacts.models import Contact
from service.drafts.models import Draft
from tests.batches.support import Runner, engine_database, runner_env
from tests.conftest import MakeTenant, TenantKey
from tests.drafts.conftest import ANA, FACTS, MARIA
from tests.support.databases import sync_url
from tests.support.llm_server import LLMServer

pytestmark = pytest.mark.fleet  # runs apart from the other fleets (tests/conftest.py)

CONCURRENT = 20
ROUNDS = 3


@pytest.fixture(scope="module")
def apis(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Runner, Runner]]:
    directory = tmp_path_factory.mktemp("idempotency")
    with LLMServer(latency_s=0.4) as llm, engine_database(directory) as system_url:
        env = runner_env(
            database_url,
            system_url,
            llm.base_url,
            batch_embedded_worker="false",
            llm_max_attempts="1",
        )
        first = Runner("serve", env, directory / "api-1.log").start()
        second = Runner("serve", env, directory / "api-2.log").start()
        try:
            yield first, second
        finally:
            first.stop()
            second.stop()


@pytest.fixture(scope="module")
def db(database_url: str) -> Iterator[Engine]:
    engine = create_engine(sync_url(database_url))
    yield engine
    engine.dispose()


def _scene(api: Runner, tenant: TenantKey) -> tuple[str, str]:
    with httpx.Client(base_url=api.base_url, headers=tenant.headers, timeout=10) as client:
        requester = client.post("/v1/requesters", json=MARIA)
        contact = client.post("/v1/contacts", json=ANA)
        assert requester.status_code == contact.status_code == 201
        contact_id = contact.json()["id"]
        research = client.post(f"/v1/contacts/{contact_id}/research", json={"facts": FACTS})
        assert research.status_code == 201
        return requester.json()["id"], contact_id


def _send(
    apis: tuple[Runner, Runner],
    headers: dict[str, str],
    calls: list[tuple[str, dict[str, object] | None]],
) -> list[httpx.Response]:
    """Every (path, body) at once, alternating between the two processes: a POST with a
    body, a GET without."""

    async def run() -> list[httpx.Response]:
        clients = [
            httpx.AsyncClient(base_url=api.base_url, headers=headers, timeout=30) for api in apis
        ]
        try:
            return await asyncio.gather(
                *(
                    clients[i % 2].post(path, json=body)
                    if body is not None
                    else clients[i % 2].get(path)
                    for i, (path, body) in enumerate(calls)
                )
            )
        finally:
            for client in clients:
                await client.aclose()

    return asyncio.run(run())


def _burst(
    apis: tuple[Runner, Runner], tenant: TenantKey, path: str, body: dict[str, object], key: str
) -> list[httpx.Response]:
    """One request, sent CONCURRENT times at once with one Idempotency-Key."""
    headers = {**tenant.headers, "Idempotency-Key": key}
    return _send(apis, headers, [(path, body)] * CONCURRENT)


def _assert_one_winner(responses: list[httpx.Response]) -> None:
    statuses = Counter(response.status_code for response in responses)
    assert set(statuses) <= {201, 202, 409}, statuses
    assert statuses[201] + statuses[202] >= 1, statuses
    created = {response.json()["id"] for response in responses if response.status_code < 300}
    assert len(created) == 1, f"{len(created)} different objects for one key: {statuses}"
    for response in responses:
        if response.status_code == 409:
            assert response.headers.get("Retry-After"), response.text


def test_one_person_sent_from_two_processes_at_once_is_stored_once(
    apis: tuple[Runner, Runner], make_tenant: MakeTenant, db: Engine
) -> None:
    """The same person, written a little differently each time (the case of the e-mail, the
    LinkedIn URL's form), by 20 requests at once: one creates it, the others are told it
    exists and which contact it is; people sent beside them are created, each once."""
    tenant = make_tenant()
    for round_ in range(ROUNDS):
        urls = [
            f"https://www.linkedin.com/in/rosa-vidal-{round_}/",
            f"http://linkedin.com/in/Rosa-Vidal-{round_}",
        ]
        same = [
            {
                "name": "Rosa Vidal",
                "email": f"Rosa.Vidal{round_}@{'Example' if i % 2 else 'EXAMPLE'}.org",
            }
            if i % 3
            else {
                "name": "Rosa Vidal",
                "email": f"rosa.vidal{round_}@example.org",
                "linkedin_url": urls[i % 2],
            }
            for i in range(CONCURRENT)
        ]
        others = [
            {"name": f"Person {round_}-{i}", "email": f"p{round_}-{i}@example.org"}
            for i in range(CONCURRENT)
        ]
        responses = _send(
            apis,
            tenant.headers,
            [("/v1/contacts", b) for pair in zip(same, others, strict=True) for b in pair],
        )
        mine, theirs = responses[0::2], responses[1::2]
        statuses = Counter(r.status_code for r in mine)
        assert statuses[201] == 1, statuses
        assert statuses[409] == CONCURRENT - 1, statuses
        created = next(r.json()["id"] for r in mine if r.status_code == 201)
        assert {r.json()["existing_id"] for r in mine if r.status_code == 409} == {created}
        assert [r.status_code for r in theirs] == [201] * CONCURRENT
    with db.connect() as connection:
        stored = Counter(
            connection.execute(
                select(Contact.email_key).where(Contact.tenant_id == tenant.tenant_id)
            ).scalars()
        )
    assert len(stored) == ROUNDS * (CONCURRENT + 1)
    assert set(stored.values()) == {1}


def test_simultaneous_drafts_with_one_key_store_one_draft(
    apis: tuple[Runner, Runner], make_tenant: MakeTenant, db: Engine
) -> None:
    tenant = make_tenant()
    requester_id, contact_id = _scene(apis[0], tenant)
    body = {"requester_id": requester_id, "contact_id": contact_id, "channel": "email"}
    for _ in range(ROUNDS):
        key = f"draft-{uuid.uuid4()}"
        _assert_one_winner(_burst(apis, tenant, "/v1/drafts", body, key))
        # Once the first request has finished, the key replays its response from either process.
        replay = httpx.post(
            f"{apis[1].base_url}/v1/drafts",
            json=body,
            headers={**tenant.headers, "Idempotency-Key": key},
            timeout=30,
        )
        assert replay.status_code == 201
    with db.connect() as connection:
        stored = connection.execute(
            select(func.count()).select_from(Draft).where(Draft.tenant_id == tenant.tenant_id)
        ).scalar_one()
    assert stored == ROUNDS


def test_simultaneous_batches_with_one_key_store_one_batch(
    apis: tuple[Runner, Runner], make_tenant: MakeTenant, db: Engine
) -> None:
    tenant = make_tenant()
    requester_id, contact_id = _scene(apis[0], tenant)
    body = {"requester_id": requester_id, "contact_ids": [contact_id], "channel": "email"}
    for _ in range(ROUNDS):
        key = f"batch-{uuid.uuid4()}"
        _assert_one_winner(_burst(apis, tenant, "/v1/batches", body, key))
    with db.connect() as connection:
        stored = connection.execute(
            select(func.count()).select_from(Batch).where(Batch.tenant_id == tenant.tenant_id)
        ).scalar_one()
    assert stored == ROUNDS


def test_the_daily_cap_holds_exactly_under_concurrency(
    apis: tuple[Runner, Runner], make_tenant: MakeTenant, db: Engine
) -> None:
    tenant = make_tenant()
    cap = 5
    with httpx.Client(base_url=apis[0].base_url, headers=tenant.headers, timeout=10) as client:
        assert client.patch("/v1/tenant/settings", json={"daily_draft_cap": cap}).status_code == 200
        requester = client.post("/v1/requesters", json=MARIA).json()["id"]
        contacts = []
        for n in range(CONCURRENT):
            contact = client.post("/v1/contacts", json={**ANA, "name": f"Ana Pérez {n}"}).json()
            research = client.post(f"/v1/contacts/{contact['id']}/research", json={"facts": FACTS})
            assert research.status_code == 201
            contacts.append(contact["id"])

    body = {"requester_id": requester, "channel": "email"}
    responses = _send(
        apis, tenant.headers, [("/v1/drafts", {**body, "contact_id": c}) for c in contacts]
    )
    statuses = Counter(response.status_code for response in responses)
    assert statuses == {201: cap, 429: CONCURRENT - cap}, statuses
    assert all(r.headers.get("Retry-After") for r in responses if r.status_code == 429)
    with db.connect() as connection:
        stored = connection.execute(
            select(func.count()).select_from(Draft).where(Draft.tenant_id == tenant.tenant_id)
        ).scalar_one()
    assert stored == cap


def test_a_tenants_queued_items_quota_holds_exactly_under_concurrency(
    apis: tuple[Runner, Runner], make_tenant: MakeTenant, engine: Engine, db: Engine
) -> None:
    from tests.batches.support import seed
    from tests.tenants.test_limits import set_quotas

    tenant = make_tenant()
    quota = 5
    set_quotas(engine, tenant, quota_queued_batch_items=quota)
    requester, contacts = seed(engine, tenant.tenant_id, CONCURRENT)

    body = {"requester_id": requester, "channel": "email"}
    calls: list[tuple[str, dict[str, object] | None]] = [
        ("/v1/batches", {**body, "contact_ids": [c]}) for c in contacts
    ]
    statuses = Counter(response.status_code for response in _send(apis, tenant.headers, calls))
    assert statuses == {202: quota, 429: CONCURRENT - quota}, statuses
    with db.connect() as connection:
        stored = connection.execute(
            select(func.count()).select_from(Batch).where(Batch.tenant_id == tenant.tenant_id)
        ).scalar_one()
    assert stored == quota


REDIS_URL = os.environ.get("ASKWELL_TEST_REDIS_URL")


@pytest.fixture(scope="module")
def limited_apis(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Runner, Runner]]:
    if REDIS_URL is None:
        pytest.skip("needs Redis: set ASKWELL_TEST_REDIS_URL")
    directory = tmp_path_factory.mktemp("limits")
    with LLMServer() as llm, engine_database(directory) as system_url:
        env = runner_env(
            database_url,
            system_url,
            llm.base_url,
            batch_embedded_worker="false",
            rate_limit_per_minute="10",
            rate_limit_storage_url=REDIS_URL,
        )
        first = Runner("serve", env, directory / "api-1.log").start()
        second = Runner("serve", env, directory / "api-2.log").start()
        try:
            yield first, second
        finally:
            first.stop()
            second.stop()


def test_a_keys_rate_limit_is_shared_by_every_process(
    limited_apis: tuple[Runner, Runner], make_tenant: MakeTenant
) -> None:
    tenant = make_tenant()

    responses = _send(limited_apis, tenant.headers, [("/v1/contacts", None)] * 30)
    statuses = Counter(response.status_code for response in responses)
    # A 503 is the database refusing (too many connections on a busy machine, say): say what
    # the processes logged, since it is no answer of the rate limiter's.
    assert 503 not in statuses, [runner.output()[-2000:] for runner in limited_apis]
    # Ten a minute for the key, whichever process answers (the window may roll over once
    # during the burst, letting at most another ten through).
    assert statuses[200] in (10, 20), statuses
    assert statuses[200] + statuses[429] == 30, statuses
    assert all(r.headers.get("Retry-After") for r in responses if r.status_code == 429)
