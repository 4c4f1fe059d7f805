"""Drafting fixtures: the app pointed at a real local OpenAI-compatible server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.main import create_app
from tests.conftest import TenantKey, make_settings
from tests.support.llm_server import LLMServer


@pytest.fixture(scope="module")
def llm_server() -> Iterator[LLMServer]:
    with LLMServer() as server:
        yield server


@pytest.fixture
def llm(llm_server: LLMServer) -> LLMServer:
    llm_server.reset()
    return llm_server


@pytest.fixture(scope="module")
def llm_client(database_url: str, llm_server: LLMServer) -> Iterator[TestClient]:
    settings = make_settings(
        database_url,
        openai_base_url=llm_server.base_url,
        openai_api_key="sk-test-local",
        llm_model="askwell-test-model",
        llm_timeout_s=5,
        llm_max_attempts=2,
        llm_retry_after_cap_s=0.2,
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


MARIA: dict[str, Any] = {
    "name": "María Gómez",
    "current_role": "ICU nurse",
    "background": "Eight years of critical-care nursing; led our unit's EHR rollout.",
    "interests": ["clinical informatics"],
    "learning_goals": "How nurses move into informatics roles",
    "target_fields": ["health informatics"],
}
ANA: dict[str, Any] = {
    "name": "Ana Pérez",
    "title": "Director of Nursing Informatics",
    "organization": "Mercy Health",
    "seniority": "executive",
}
FACTS = [
    {"text": "Spoke at HIMSS 2026 about reducing alarm fatigue in ICUs", "about": "person"},
    {"text": "Leads the nurse informatics team at Mercy Health", "about": "role"},
]


@dataclass
class Scene:
    """A requester and a researched contact of one tenant."""

    tenant: TenantKey
    requester_id: str
    contact_id: str

    def body(self, channel: str = "email", **extra: Any) -> dict[str, Any]:
        return {
            "requester_id": self.requester_id,
            "contact_id": self.contact_id,
            "channel": channel,
            **extra,
        }


def make_scene(
    client: TestClient,
    tenant: TenantKey,
    *,
    facts: list[dict[str, Any]] | None = None,
    contact: dict[str, Any] | None = None,
) -> Scene:
    h = tenant.headers
    requester = client.post("/v1/requesters", json=MARIA, headers=h).json()["id"]
    contact_id = client.post("/v1/contacts", json=contact or ANA, headers=h).json()["id"]
    chosen = FACTS if facts is None else facts
    if chosen:
        response = client.post(
            f"/v1/contacts/{contact_id}/research", json={"facts": chosen}, headers=h
        )
        assert response.status_code == 201, response.text
    return Scene(tenant, requester, contact_id)
