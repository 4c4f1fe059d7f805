"""At the default log level, the service's output never holds what people wrote: names,
e-mails, research, message text. A full scenario runs in a real `askwell serve` with
canary strings in every such field, and its whole output is searched for them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.batches.support import Runner, engine_database, runner_env
from tests.conftest import MakeTenant
from tests.support.llm_server import LLMServer

CANARIES = {
    "name": "Zorblatt Quixano",
    "email": "zq.canary@example.org",
    "organization": "Canaryworks Hospital",
    "research": "canaryfact glimmerwing telemetry",
    "notes": "canarynote velvetpike",
    "edit": "canaryedit marrowlight",
    "gate": "canarygate tessellon",
    "requester": "Ysolde Brannagh",
}


@pytest.fixture
def serve(database_url: str, tmp_path: Path) -> Iterator[tuple[Runner, LLMServer]]:
    with LLMServer() as llm, engine_database(tmp_path) as system_url:
        env = runner_env(database_url, system_url, llm.base_url, log_level="INFO")
        runner = Runner("serve", env, tmp_path / "serve.log").start()
        try:
            yield runner, llm
        finally:
            runner.stop()


def test_no_personal_text_reaches_the_log(
    serve: tuple[Runner, LLMServer], make_tenant: MakeTenant
) -> None:
    runner, llm = serve
    tenant = make_tenant()
    with httpx.Client(base_url=runner.base_url, headers=tenant.headers, timeout=30) as api:
        requester = api.post(
            "/v1/requesters",
            json={
                "name": CANARIES["requester"],
                "current_role": "ICU nurse",
                "learning_goals": "How nurses move into informatics",
            },
        ).json()["id"]
        contact = api.post(
            "/v1/contacts",
            json={
                "name": CANARIES["name"],
                "email": CANARIES["email"],
                "organization": CANARIES["organization"],
                "title": "Director of Nursing Informatics",
                "seniority": "senior",
            },
        ).json()["id"]
        research = api.post(
            f"/v1/contacts/{contact}/research",
            json={
                "facts": [{"text": f"Spoke about {CANARIES['research']}", "about": "person"}],
                "notes": CANARIES["notes"],
            },
        )
        assert research.status_code == 201, research.text
        draft = api.post(
            "/v1/drafts",
            json={"requester_id": requester, "contact_id": contact, "channel": "email"},
        )
        assert draft.status_code == 201, draft.text
        edited = api.post(
            f"/v1/drafts/{draft.json()['id']}/revisions",
            json={"body": f"Hi there, {CANARIES['edit']}"},
            headers={"If-Match": draft.headers["ETag"]},
        )
        assert edited.status_code < 500, edited.text
        gate = api.post("/v1/gate/check", json={"text": CANARIES["gate"], "channel": "email"})
        assert gate.status_code == 200, gate.text
        # Bad input that quotes itself back in the problem: not in the log either.
        bad = api.post("/v1/contacts", json={"name": CANARIES["name"], "email": 42})
        assert bad.status_code == 422
        batch = api.post(
            "/v1/batches",
            json={"requester_id": requester, "contact_ids": [contact], "channel": "email"},
        )
        assert batch.status_code in (202, 409), batch.text
    assert llm.chat_requests, "the model was called"

    output = runner.output()
    lines = [line for line in output.splitlines() if line.strip()]
    requests = [json.loads(line) for line in lines if '"event":"request"' in line]
    assert len(requests) >= 8, output[-2000:]
    assert all("request_id" in line and "route" in line for line in requests)
    # Drafts and model calls are logged by their ids and outcomes.
    events = [json.loads(line) for line in lines if line.startswith("{")]
    drafted = [e for e in events if e["event"] == "draft"]
    calls = [e for e in events if e["event"] == "model_call"]
    assert any(e["draft_id"] == draft.json()["id"] for e in drafted), output[-2000:]
    assert calls
    assert all(e["draft_id"] and e["outcome"] and "latency_ms" in e for e in calls)
    leaked = {
        field: canary
        for field, canary in CANARIES.items()
        for variant in (canary, canary.lower(), json.dumps(canary)[1:-1])
        if variant in output
    }
    assert not leaked, leaked
