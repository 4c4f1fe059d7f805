"""askwell against llama-cpp-python's server running SmolLM2-135M-Instruct.

The tiny model writes poor requests and most drafts end `gate_failed` (or `model_failed`):
that is expected. What must hold is that askwell talks to the server correctly (the
output mode that works, found and recorded), every draft is answered 201 and says what
happened, and no batch item fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine

from tests.batches.support import Runner, engine_database, runner_env, seed, wait_until
from tests.conftest import REPO_ROOT, MakeTenant, TenantKey
from tests.interop.conftest import MODEL_ALIAS, LlamaServer

pytestmark = pytest.mark.interop

CHANNELS = ("email", "linkedin_message", "linkedin_connection_note")
# Generous: two slow cores, shared with the build and the tests.
TIMEOUT_S = 300


@pytest.fixture(scope="module")
def env(
    llama_server: LlamaServer, database_url: str, tmp_path_factory: Any
) -> Iterator[dict[str, str]]:
    with engine_database(tmp_path_factory.mktemp("engine")) as engine_url:
        yield runner_env(
            database_url,
            engine_url,
            llama_server.base_url,
            llm_model=MODEL_ALIAS,
            llm_timeout_s=TIMEOUT_S,
            llm_max_output_tokens=400,
            # One repair: enough to see the loop work, and half the time of two on a slow
            # machine.
            llm_repair_attempts=1,
            # llama-cpp-python answers one request at a time.
            llm_concurrency=1,
            worker_concurrency=1,
        ) | {"OPENAI_API_KEY": "x"}  # what people set for a local server


@pytest.fixture(scope="module")
def service(env: dict[str, str], tmp_path_factory: Any) -> Iterator[Runner]:
    """`askwell serve` pointed at the server, with its embedded batch runner."""
    runner = Runner("serve", env, tmp_path_factory.mktemp("serve") / "serve.log")
    runner.start()
    try:
        yield runner
    finally:
        runner.stop()


@pytest.fixture(scope="module")
def api(service: Runner) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.base_url, timeout=TIMEOUT_S * 4) as client:
        yield client


@pytest.fixture
def tenant(make_tenant: MakeTenant) -> TenantKey:
    return make_tenant(scopes=("admin", "drafts:write", "review", "read"))


def test_askwell_llm_check_reports_the_server_s_real_capabilities(
    env: dict[str, str], report: list[str]
) -> None:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "llm", "check"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S * 3,
        check=False,
    )
    report.append(
        f"askwell llm check (exit {done.returncode}, {time.monotonic() - started:.1f} s):"
    )
    report.extend(f"    {line}" for line in done.stdout.splitlines())
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert f"model:    {MODEL_ALIAS}" in out
    # llama-cpp-python refuses `json_schema` (a 500 naming response_format) and takes its
    # own `json_object` + `schema` form, which enforces the schema by grammar.
    assert "json_schema          refused by the server" in out
    assert "json_object_schema   accepted" in out
    assert "askwell will use: json_object_schema (auto)" in out
    assert "drafting works: yes" in out


def make_scene(api: httpx.Client, tenant: TenantKey) -> tuple[str, str]:
    headers = tenant.headers
    requester = api.post(
        "/v1/requesters",
        json={
            "name": "María Gómez",
            "current_role": "ICU nurse",
            "background": "Eight years of critical-care nursing; led our unit's EHR rollout.",
            "interests": ["clinical informatics"],
            "learning_goals": "How nurses move into informatics roles",
            "target_fields": ["health informatics"],
        },
        headers=headers,
    )
    assert requester.status_code == 201, requester.text
    contact = api.post(
        "/v1/contacts",
        json={
            "name": "Ana Pérez",
            "title": "Director of Nursing Informatics",
            "organization": "Mercy Health",
            "seniority": "executive",
        },
        headers=headers,
    )
    assert contact.status_code == 201, contact.text
    research = api.post(
        f"/v1/contacts/{contact.json()['id']}/research",
        json={
            "facts": [
                {"text": "Spoke at HIMSS 2026 about alarm fatigue in ICUs", "about": "person"},
                {"text": "Leads the nurse informatics team at Mercy Health", "about": "role"},
            ]
        },
        headers=headers,
    )
    assert research.status_code == 201, research.text
    return requester.json()["id"], contact.json()["id"]


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_draft_on_every_channel_is_answered_201_with_its_mode(
    api: httpx.Client, tenant: TenantKey, channel: str, report: list[str]
) -> None:
    requester, contact = make_scene(api, tenant)
    started = time.monotonic()
    response = api.post(
        "/v1/drafts",
        json={"requester_id": requester, "contact_id": contact, "channel": channel},
        headers=tenant.headers,
    )
    took = time.monotonic() - started
    assert response.status_code == 201, response.text
    draft = response.json()
    assert draft["status"] in ("needs_review", "gate_failed", "model_failed")
    assert draft["provenance"]["model"] == MODEL_ALIAS
    assert draft["provenance"]["output_mode"] == "json_object_schema"
    calls = [c for a in draft["attempts"] for c in a["calls"]]
    assert calls
    assert all(a["mode"] == "json_object_schema" for a in draft["attempts"])
    # The mode was remembered (by the check above, or found on the first call): nothing
    # is asked in a mode the server refuses.
    assert all(c["outcome"] != "mode_unsupported" for c in calls)
    assert all(
        c["usage"] and c["usage"]["total_tokens"] > 0 for c in calls if c["status_code"] == 200
    )
    if draft["status"] == "model_failed":
        assert draft["failure_reason"] in ("model_output_invalid", "model_output_truncated")
    report.append(
        f"draft {channel}: {draft['status']} in {took:.1f} s, mode "
        f"{draft['provenance']['output_mode']}, {len(draft['attempts'])} attempt(s): "
        + "; ".join(
            f"#{a['number']} {a['outcome']}"
            + (f" ({a['reason']})" if a.get("reason") else "")
            + (f" blocked by {','.join(a['blocking_failures'])}" if a["blocking_failures"] else "")
            + " calls "
            + ", ".join(
                f"{c['status_code']} {c['outcome']} {c['latency_ms'] / 1000:.1f}s "
                f"{(c['usage'] or {}).get('total_tokens', 0)}tok"
                for c in a["calls"]
            )
            for a in draft["attempts"]
        )
    )
    if os.environ.get("ASKWELL_INTEROP_SHOW_DRAFTS"):
        report.append(json.dumps({"subject": draft["subject"], "body": draft["body"]}))


def test_a_4_item_batch_ends_with_every_item_terminal_and_none_failed(
    api: httpx.Client, tenant: TenantKey, engine: Engine, report: list[str]
) -> None:
    requester, contacts = seed(engine, tenant.tenant_id, 4)
    started = time.monotonic()
    submitted = api.post(
        "/v1/batches",
        json={"requester_id": requester, "contact_ids": contacts, "channel": "email"},
        headers=tenant.headers,
    )
    assert submitted.status_code == 202, submitted.text
    batch_id = submitted.json()["id"]

    def batch() -> dict[str, Any]:
        body: dict[str, Any] = api.get(f"/v1/batches/{batch_id}", headers=tenant.headers).json()
        return body

    assert wait_until(lambda: batch()["status"] == "completed", timeout=TIMEOUT_S * 8, interval=1)
    took = time.monotonic() - started
    items = api.get(f"/v1/batches/{batch_id}/items", headers=tenant.headers).json()["items"]
    states = Counter(item["status"] for item in items)
    report.append(
        f"batch of 4 (email): completed in {took:.1f} s: "
        + ", ".join(f"{k} {v}" for k, v in sorted(states.items()))
        + "; "
        + "; ".join(
            f"{item['status']}"
            + (f" ({item['reason']})" if item["reason"] else "")
            + f" {item['llm_attempts']} calls"
            for item in items
        )
    )
    assert len(items) == 4
    assert states["failed"] == 0, items
    assert all(item["status"] in ("needs_review", "gate_failed", "model_failed") for item in items)
    assert all(item["draft_id"] for item in items)


def test_get_llm_tells_the_same_facts_from_the_running_service(
    api: httpx.Client, tenant: TenantKey, report: list[str]
) -> None:
    started = time.monotonic()
    body = api.get("/v1/llm", headers=tenant.headers).json()
    report.append(
        f"GET /v1/llm in {time.monotonic() - started:.1f} s: mode {body['mode']}, modes "
        + ", ".join(f"{m['mode']}={'yes' if m['accepted'] else 'no'}" for m in body["modes"])
        + f", drafting works {body['drafting_works']}"
    )
    assert body["model"] == MODEL_ALIAS
    assert body["mode"] == "json_object_schema"
    assert body["remembered_mode"] == "json_object_schema"
    assert [m["accepted"] for m in body["modes"]] == [False, True, True, True]
    assert body["drafting_works"] is True
