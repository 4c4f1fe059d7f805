"""Soak: the failure modes of a bad afternoon, all at once, on PostgreSQL.

Two API processes and two batch workers share the database. Three tenants submit a batch
each (400, 120 and 20 contacts) while clients hammer `POST /v1/drafts` with shared
`Idempotency-Key`s across both API processes. The model server fails some calls (429 with
`Retry-After`, 500, calls that hang past the client's timeout), goes away for 10 s, and
one worker is SIGKILLed and started again. At the end:

- every batch item is terminal, exactly once, and every drafted item has exactly one
  draft (and no draft is without its item);
- each idempotency key made exactly one draft;
- the small tenant's batch finished within 2x the time it takes alone.

Bounded to a few minutes; run by CI on PostgreSQL with the rest of the suite.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, func, update
from sqlalchemy.engine import Engine
from sqlmodel import select

from service.batches.models import TERMINAL, BatchItem
from service.core.db import utcnow
from service.drafts.models import Draft
from tests.batches.support import Runner, engine_database, runner_env, seed, wait_until
from tests.conftest import MakeTenant, TenantKey
from tests.drafts.conftest import ANA, FACTS, MARIA
from tests.support.databases import sync_url, unit_of_work
from tests.support.llm_server import LLMServer, RecordedRequest, Reply, default_responder

pytestmark = [pytest.mark.postgres, pytest.mark.fleet]  # apart from other fleets

LATENCY_S = 0.1
FAULT_RATE = 0.15
BIG, MEDIUM, SMALL = 400, 120, 20
KEY_ROUNDS, KEY_BURST = 4, 20


def faulty_responder(seed: int) -> Any:
    rng = random.Random(seed)
    lock = threading.Lock()

    def respond(request: RecordedRequest) -> Reply:
        with lock:
            roll = rng.random()
        if roll < FAULT_RATE / 3:
            return Reply.rate_limited(retry_after="1")
        if roll < 2 * FAULT_RATE / 3:
            return Reply.error_reply(503, "overloaded")
        if roll < FAULT_RATE:
            return Reply.hang(3.0)  # past the client's 2 s timeout
        return default_responder(request)

    return respond


@pytest.fixture
def db(database_url: str) -> Iterator[Engine]:
    """The suite's database, with no queued item left by earlier tests (a worker's start-up
    sweep would run them here)."""
    engine = create_engine(sync_url(database_url))
    with unit_of_work(engine) as session:
        session.execute(
            update(BatchItem)
            .where(BatchItem.status == "queued")  # type: ignore[arg-type]
            .values(status="skipped", reason="cancelled", finished_at=utcnow())
        )
    yield engine
    engine.dispose()


class Fleet:
    """Two API processes and two workers against one database and one model server."""

    def __init__(self, database_url: str, system_url: str, llm: LLMServer, logs: Path) -> None:
        common = {
            "llm_timeout_s": "2",
            "llm_max_attempts": "3",
            "llm_retry_after_cap_s": "2",
            "llm_concurrency": "24",
            "worker_concurrency": "12",
        }
        env = runner_env(database_url, system_url, llm.base_url, **common)
        api_env = {**env, "ASKWELL_BATCH_EMBEDDED_WORKER": "false"}
        self.apis = [Runner("serve", api_env, logs / f"api-{n}.log") for n in (1, 2)]
        self.workers = [
            Runner("worker", {**env, "ASKWELL_WORKER_ID": f"soak-w{n}"}, logs / f"w{n}.log")
            for n in (1, 2)
        ]

    def start(self) -> None:
        for runner in (*self.apis, *self.workers):
            runner.start()

    def stop(self) -> None:
        for runner in (*self.apis, *self.workers):
            runner.stop()

    def output(self) -> str:
        return "\n".join(runner.output()[-3000:] for runner in (*self.apis, *self.workers))


def submit(api: Runner, tenant: TenantKey, requester: str, contacts: list[str]) -> str:
    response = httpx.post(
        f"{api.base_url}/v1/batches",
        json={"requester_id": requester, "contact_ids": contacts, "channel": "email"},
        headers=tenant.headers,
        timeout=60,
    )
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


def states(db: Engine, batch_id: str) -> Counter[str]:
    with db.connect() as connection:
        rows = connection.execute(
            select(BatchItem.status, func.count())  # type: ignore[call-overload]
            .where(BatchItem.batch_id == uuid.UUID(batch_id))
            .group_by(BatchItem.status)
        ).all()
    return Counter({str(status): int(count) for status, count in rows})


def finished(db: Engine, batch_id: str, total: int) -> bool:
    counts = states(db, batch_id)
    return sum(counts[s] for s in TERMINAL) == total


def time_to_finish(db: Engine, batch_id: str, total: int, started: float) -> float:
    assert wait_until(lambda: finished(db, batch_id, total), timeout=300, interval=0.05)
    return time.monotonic() - started


async def keyed_bursts(
    apis: list[Runner], tenant: TenantKey, body: dict[str, Any]
) -> list[set[str]]:
    """KEY_ROUNDS rounds of KEY_BURST simultaneous drafts with one key each, spread over
    both API processes, retried while the first is still running (409): per round, the
    ids of the drafts its 201s named."""
    rounds = []
    clients = [
        httpx.AsyncClient(base_url=api.base_url, headers=tenant.headers, timeout=60) for api in apis
    ]
    try:
        for _ in range(KEY_ROUNDS):
            key = f"soak-{uuid.uuid4()}"

            async def one(n: int, key: str = key) -> httpx.Response:
                for _ in range(60):
                    response = await clients[n % 2].post(
                        "/v1/drafts", json=body, headers={"Idempotency-Key": key}
                    )
                    if response.status_code != 409:
                        return response
                    await asyncio.sleep(0.5)
                return response

            answers = await asyncio.gather(*(one(n) for n in range(KEY_BURST)))
            codes = Counter(answer.status_code for answer in answers)
            # 502: the model failed that request for good (its key is freed for a retry).
            assert set(codes) <= {201, 502}, codes
            rounds.append({a.json()["id"] for a in answers if a.status_code == 201})
    finally:
        for client in clients:
            await client.aclose()
    return rounds


def test_a_bad_afternoon_loses_nothing_and_duplicates_nothing(
    database_url: str, make_tenant: MakeTenant, db: Engine, tmp_path: Path
) -> None:
    big, medium, small, keyed = (make_tenant(name=n) for n in ("big", "medium", "small", "keyed"))
    with (
        LLMServer(latency_s=LATENCY_S, responder=faulty_responder(11)) as llm,
        engine_database(tmp_path) as system_url,
    ):
        fleet = Fleet(database_url, system_url, llm, tmp_path)
        fleet.start()
        try:
            small_requester, small_contacts = seed(db, small.tenant_id, SMALL * 2)
            # The small tenant's batch alone first: the time to beat.
            solo_started = time.monotonic()
            solo = submit(fleet.apis[0], small, small_requester, small_contacts[:SMALL])
            solo_s = time_to_finish(db, solo, SMALL, solo_started)

            batches: dict[str, tuple[str, int]] = {"solo": (solo, SMALL)}
            for name, tenant, count in (("big", big, BIG), ("medium", medium, MEDIUM)):
                requester, contacts = seed(db, tenant.tenant_id, count)
                batches[name] = (submit(fleet.apis[1], tenant, requester, contacts), count)
            time.sleep(1.0)  # the big batches have the queue's slots
            mixed_started = time.monotonic()
            mixed = submit(fleet.apis[0], small, small_requester, small_contacts[SMALL:])
            batches["mixed"] = (mixed, SMALL)
            mixed_s = time_to_finish(db, mixed, SMALL, mixed_started)

            # Idempotent bursts across both API processes, while the batches run.
            with httpx.Client(base_url=fleet.apis[0].base_url, headers=keyed.headers) as client:
                requester = client.post("/v1/requesters", json=MARIA).json()["id"]
                contact = client.post("/v1/contacts", json=ANA).json()["id"]
                client.post(f"/v1/contacts/{contact}/research", json={"facts": FACTS})
            body = {"requester_id": requester, "contact_id": contact, "channel": "email"}
            rounds = asyncio.run(keyed_bursts(fleet.apis, keyed, body))

            # A worker killed mid-batch, started again under its id; then a 10 s outage.
            fleet.workers[1].kill()
            time.sleep(2)
            fleet.workers[1].start()
            llm.stop()
            time.sleep(10)
            llm.start()

            for batch_id, total in batches.values():
                assert wait_until(lambda b=batch_id, t=total: finished(db, b, t), timeout=300), (
                    fleet.output()
                )
        finally:
            fleet.stop()

    # Every item terminal exactly once; one draft per drafted item, none without its item.
    with unit_of_work(db) as session:
        for batch_id, total in batches.values():
            items = session.exec(
                select(BatchItem).where(BatchItem.batch_id == uuid.UUID(batch_id))
            ).all()
            assert len(items) == total
            assert all(item.status in TERMINAL for item in items), Counter(i.status for i in items)
            drafted = [i for i in items if i.status in ("needs_review", "gate_failed")]
            drafts = session.exec(select(Draft).where(Draft.batch_id == uuid.UUID(batch_id))).all()
            assert {d.id for d in drafts} == {i.draft_id for i in drafted}
            assert len(drafts) == len(drafted)
            per_contact = Counter(d.contact_id for d in drafts)
            assert max(per_contact.values(), default=1) == 1
            # Waited out the outage and the faults: (almost) every item is drafted.
            assert len(drafted) >= 0.95 * total, Counter(i.status for i in items)
        keyed_drafts = {
            str(d.id) for d in session.exec(select(Draft).where(Draft.tenant_id == keyed.tenant_id))
        }
    # Each key made at most one draft, the one every 201 of its round named.
    assert all(len(ids) <= 1 for ids in rounds), rounds
    assert keyed_drafts == set().union(*rounds)
    # The small tenant was not starved by the big ones.
    print(f"soak: small batch {solo_s:.2f} s alone, {mixed_s:.2f} s beside the others")
    # Issue 15: within 2x. (CI runs saw up to 10.5 s against 2.8 s while other fleets of
    # processes could run beside the soak on the other xdist worker; fleets now run apart.)
    assert mixed_s <= 2 * solo_s, f"small batch: {solo_s:.2f} s alone, {mixed_s:.2f} s mixed"
