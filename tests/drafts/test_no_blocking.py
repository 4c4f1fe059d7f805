"""While a draft waits on the model, the service keeps serving and holds no transaction.

The real app runs under uvicorn (its own process, on 127.0.0.1) against the local
OpenAI-compatible server (a thread of the test process), which answers after LLM_LATENCY_S. A `POST /v1/drafts` is
started; once the model has received its request (the service is now waiting on it):

* reads (`GET /v1/contacts`, `GET /healthz`) and a write (`POST /v1/contacts`) complete
  quickly, long before the model answers: neither the event loop nor the database is held;
* on PostgreSQL, `pg_stat_activity` shows no session of the app inside a transaction that
  has lasted longer than HELD_S (`xact_start` set, whatever its state: `idle in
  transaction` or `active`) while only the draft is in flight. A transaction held across
  the model call would be seconds old by the last sample; the app's background pollers
  (webhook delivery) run transactions of a few milliseconds, which a sample may catch
  as they begin. The app's connections carry their own `application_name`, so other
  tests' connections to the same database cannot be mistaken for them.

Then the draft completes with 201.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import PEPPER, REPO_ROOT, MakeTenant, TenantKey
from tests.drafts.conftest import ANA, FACTS, MARIA
from tests.support.databases import is_postgres
from tests.support.llm_server import LLMServer

LLM_LATENCY_S = 4.0  # long enough that 41 calls on a slow, loaded two-core box stay well under it
QUICK_S = LLM_LATENCY_S / 2  # "well under the LLM latency", with room for a loaded CI box
READS = 20
HELD_S = 1.0  # a transaction older than this while the model is awaited is held across it
APP_NAME = "askwell_no_blocking"


@dataclass
class Running:
    base_url: str
    llm: LLMServer
    database_url: str  # the app's URL, with its application_name


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def running(database_url: str) -> Iterator[Running]:
    """The service under uvicorn in its own process (its own GIL), the LLM in a thread here."""
    url = database_url
    if is_postgres(url):
        url = (
            make_url(url)
            .update_query_dict({"application_name": APP_NAME})
            .render_as_string(hide_password=False)
        )
    with LLMServer(latency_s=LLM_LATENCY_S) as llm:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("ASKWELL_", "OPENAI_")) and k != "PYTHONPATH"
        }
        env.update(
            ASKWELL_DATABASE_URL=url,
            ASKWELL_ENVIRONMENT="test",
            ASKWELL_MIGRATE_ON_START="false",  # the session fixture migrated it
            # Drafts only: batch items left queued by other tests must not run in here.
            ASKWELL_BATCH_EMBEDDED_WORKER="false",
            ASKWELL_API_KEY_PEPPER=PEPPER,  # keys made by `make_tenant` must verify
            ASKWELL_PROMPTS_DIR=str(REPO_ROOT / "prompts"),
            ASKWELL_LLM_MODEL="askwell-test-model",
            ASKWELL_LLM_TIMEOUT_S="10",
            ASKWELL_LLM_MAX_ATTEMPTS="1",
            OPENAI_BASE_URL=llm.base_url,
            OPENAI_API_KEY="sk-test-local",
            PYTHONUNBUFFERED="1",
        )
        port = _free_port()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "service.main:create_app",
                "--factory",
                "--app-dir",
                str(REPO_ROOT),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                if process.poll() is not None:
                    output = (
                        process.stdout.read().decode(errors="replace") if process.stdout else ""
                    )
                    pytest.fail(f"uvicorn exited with {process.returncode}:\n{output}")
                try:
                    if httpx.get(f"{base_url}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "uvicorn did not become ready"
                time.sleep(0.05)
            yield Running(base_url, llm, url)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)
            if process.stdout is not None:
                process.stdout.close()


def _seed(base_url: str, tenant: TenantKey) -> dict[str, str]:
    with httpx.Client(base_url=base_url, headers=tenant.headers, timeout=10) as client:
        requester = client.post("/v1/requesters", json=MARIA)
        assert requester.status_code == 201, requester.text
        contact = client.post("/v1/contacts", json=ANA)
        assert contact.status_code == 201, contact.text
        research = client.post(
            f"/v1/contacts/{contact.json()['id']}/research", json={"facts": FACTS}
        )
        assert research.status_code == 201, research.text
        for n in range(5):
            extra = client.post("/v1/contacts", json={**ANA, "name": f"Extra Contact {n}"})
            assert extra.status_code == 201, extra.text
    return {
        "requester_id": requester.json()["id"],
        "contact_id": contact.json()["id"],
        "channel": "email",
    }


async def _wait_for_model_call(llm: LLMServer, before: int, draft: asyncio.Task[Any]) -> float:
    """Return once the service has sent its chat request (it is now waiting on the model)."""
    deadline = time.monotonic() + 10
    while len(llm.chat_requests) <= before:
        assert not draft.done(), f"the draft finished before calling the model: {draft.result()}"
        assert time.monotonic() < deadline, "the model was never called"
        await asyncio.sleep(0.005)
    return time.monotonic()


async def _timed(client: httpx.AsyncClient, method: str, path: str, **kw: Any) -> tuple[int, float]:
    started = time.monotonic()
    response = await client.request(method, path, **kw)
    return response.status_code, time.monotonic() - started


def test_reads_and_writes_are_served_while_a_draft_waits(
    running: Running, make_tenant: MakeTenant
) -> None:
    tenant = make_tenant()
    body = _seed(running.base_url, tenant)

    async def scenario() -> None:
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
        async with httpx.AsyncClient(
            base_url=running.base_url, headers=tenant.headers, timeout=30, limits=limits
        ) as client:
            # Warm up: connections (client and database pool) are opened before measuring.
            warm = [client.get("/v1/contacts?limit=20") for _ in range(READS)]
            assert all(r.status_code == 200 for r in await asyncio.gather(*warm))
            before = len(running.llm.chat_requests)
            started = time.monotonic()
            draft = asyncio.create_task(client.post("/v1/drafts", json=body))
            called = await _wait_for_model_call(running.llm, before, draft)

            calls = [_timed(client, "GET", "/v1/contacts?limit=20") for _ in range(READS)]
            calls += [_timed(client, "GET", "/healthz") for _ in range(READS)]
            calls.append(
                _timed(client, "POST", "/v1/contacts", json={**ANA, "name": "Written Meanwhile"})
            )
            results = await asyncio.gather(*calls)
            finished = time.monotonic()
            assert not draft.done(), "the model answered before the concurrent calls ended"

            statuses = [status for status, _ in results]
            assert statuses == [200] * (2 * READS) + [201], statuses
            slowest = {
                "GET /v1/contacts": max(seconds for _, seconds in results[:READS]),
                "GET /healthz": max(seconds for _, seconds in results[READS : 2 * READS]),
                "POST /v1/contacts": results[-1][1],
            }
            assert max(slowest.values()) < QUICK_S, f"slowest concurrent calls (s): {slowest}"
            assert finished - called < QUICK_S, f"all calls took {finished - called:.3f} s"

            response = await draft
            elapsed = time.monotonic() - started
            assert response.status_code == 201, response.text
            assert response.json()["status"] == "needs_review", response.json()["attempts"]
            assert elapsed >= LLM_LATENCY_S

            listed = await client.get("/v1/contacts", params={"q": "Written Meanwhile"})
            assert [c["name"] for c in listed.json()["items"]] == ["Written Meanwhile"]

    asyncio.run(scenario())


@pytest.mark.postgres
def test_no_transaction_is_open_while_the_model_is_awaited(
    running: Running, make_tenant: MakeTenant
) -> None:
    tenant = make_tenant()
    body = _seed(running.base_url, tenant)
    monitor = create_engine(
        make_url(running.database_url).update_query_dict({"application_name": "askwell_monitor"}),
        isolation_level="AUTOCOMMIT",
    )
    query = text(
        "SELECT pid, state, extract(epoch FROM clock_timestamp() - xact_start) AS xact_age_s,"
        " left(query, 120) AS query"
        " FROM pg_stat_activity"
        " WHERE datname = current_database() AND application_name = :app"
    )

    def sample() -> list[dict[str, Any]]:
        with monitor.connect() as connection:
            rows = connection.execute(query, {"app": APP_NAME}).mappings().all()
        return [dict(row) for row in rows]

    samples: list[list[dict[str, Any]]] = []
    try:

        async def scenario() -> None:
            async with httpx.AsyncClient(
                base_url=running.base_url, headers=tenant.headers, timeout=30
            ) as client:
                before = len(running.llm.chat_requests)
                draft = asyncio.create_task(client.post("/v1/drafts", json=body))
                called = await _wait_for_model_call(running.llm, before, draft)
                # Sample for most of the wait, leaving a margin before the model answers.
                while time.monotonic() - called < LLM_LATENCY_S * 0.8:
                    samples.append(await asyncio.to_thread(sample))
                    await asyncio.sleep(0.05)
                assert not draft.done()
                response = await draft
                assert response.status_code == 201, response.text

        asyncio.run(scenario())
    finally:
        monitor.dispose()

    assert len(samples) >= 5
    # The app did connect (for authentication and to load the inputs): the filter works.
    assert any(samples), "no session of the app seen in pg_stat_activity"
    holding = [
        row
        for rows in samples
        for row in rows
        if row["xact_age_s"] is not None and float(row["xact_age_s"]) > HELD_S
    ]
    assert not holding, f"app sessions inside a transaction while the model was awaited: {holding}"
