"""`askwell llm check` and `GET /v1/llm` against the stand-in server in each flavour."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service.cli import app as cli
from service.core.config import Settings
from service.llm.check import LLMCheck, check_llm, render
from service.llm.client import LLMClient, OutputMode, from_settings
from service.main import create_app
from tests.conftest import MakeTenant, make_settings
from tests.llm.test_client import MemoryModeStore
from tests.support.llm_server import FLAVOURS, LLMServer


@pytest.fixture
def server() -> Iterator[LLMServer]:
    with LLMServer() as stand_in:
        yield stand_in


def settings_for(server: LLMServer, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "openai_base_url": server.base_url,
        "openai_api_key": "x",
        "llm_model": server.model,
        "llm_timeout_s": 5,
    }
    values.update(overrides)
    return make_settings("sqlite://", **values)


def check(settings: Settings, store: MemoryModeStore | None = None) -> LLMCheck:
    async def run() -> LLMCheck:
        client: LLMClient | None = (
            from_settings(settings, max_attempts=1) if settings.llm_configured else None
        )
        try:
            return await check_llm(settings, client, store=store, remember=store is not None)
        finally:
            if client is not None:
                await client.aclose()

    return asyncio.run(run())


def test_llama_cpp_python_refuses_json_schema_and_takes_its_own_form(server: LLMServer) -> None:
    server.flavour = FLAVOURS["llama_cpp_python"]
    store = MemoryModeStore()

    found = check(settings_for(server), store)

    accepted = {m.mode: m.accepted for m in found.modes}
    assert accepted == {
        OutputMode.JSON_SCHEMA: False,
        OutputMode.JSON_OBJECT_SCHEMA: True,
        OutputMode.JSON_OBJECT: True,
        OutputMode.PROMPT: True,
    }
    assert found.mode is OutputMode.JSON_OBJECT_SCHEMA
    assert found.drafting_works is True
    assert found.models_listed == [server.model]
    assert store.modes == {(server.base_url, server.model): OutputMode.JSON_OBJECT_SCHEMA}
    names = [p.name for p in found.probes]
    assert names[:2] == ["models", "chat"]
    assert names[-1] == "max_tokens=800"
    assert all(p.latency_ms is not None for p in found.probes)
    [refused] = [p for p in found.probes if p.name == "mode:json_schema"]
    assert refused.status_code == 500
    assert "response_format" in (refused.detail or "")
    text = render(found)
    assert "askwell will use: json_object_schema (auto)" in text
    assert "json_schema          refused by the server" in text


def test_a_pinned_mode_the_server_refuses_is_a_fix_and_a_failure(server: LLMServer) -> None:
    server.flavour = FLAVOURS["llama_cpp_python"]

    found = check(settings_for(server, llm_output_mode="json_schema"))

    assert found.drafting_works is False
    assert any(f.startswith("ASKWELL_LLM_OUTPUT_MODE=auto") for f in found.fixes)


def test_a_model_the_server_does_not_list_is_named(server: LLMServer) -> None:
    server.flavour = FLAVOURS["ollama"]

    found = check(settings_for(server, llm_model="llama3.2"))

    assert found.drafting_works is False
    assert any(f.startswith(f"ASKWELL_LLM_MODEL={server.model}") for f in found.fixes)


def test_a_context_too_small_for_the_output_budget_is_named(server: LLMServer) -> None:
    server.flavour = FLAVOURS["vllm"]

    found = check(settings_for(server, llm_max_output_tokens=8000))

    assert found.modes[0].accepted is False  # vLLM's grammar backend refused the schema
    assert found.drafting_works is False
    assert any(f.startswith("ASKWELL_LLM_MAX_OUTPUT_TOKENS") for f in found.fixes)


def test_nothing_listening_is_named_with_the_setting_to_fix() -> None:
    with LLMServer() as gone:
        url = gone.base_url
    settings = make_settings("sqlite://", openai_base_url=url, llm_timeout_s=2)

    found = check(settings)

    assert found.drafting_works is False
    assert any(f.startswith("OPENAI_BASE_URL") for f in found.fixes)


def test_the_command_prints_the_report_and_exits_by_the_verdict(
    server: LLMServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from service.core.config import get_settings

    server.flavour = FLAVOURS["llama_cpp_python"]
    for name, value in {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "x",
        "ASKWELL_LLM_MODEL": server.model,
        "ASKWELL_DATABASE_URL": f"sqlite:///{tmp_path / 'check.db'}",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        alone = CliRunner().invoke(cli, ["llm", "check"])
        assert alone.exit_code == 0, alone.output
        assert "the mode found is not remembered" in alone.output  # no second database
        assert CliRunner().invoke(cli, ["migrate"]).exit_code == 0
        result = CliRunner().invoke(cli, ["llm", "check"])
        assert result.exit_code == 0, result.output
        assert "askwell will use: json_object_schema (auto)" in result.output
        assert "remembered for this endpoint and model: json_object_schema" in result.output

        monkeypatch.setenv("ASKWELL_LLM_MODEL", "not-served")
        server.flavour = FLAVOURS["ollama"]
        get_settings.cache_clear()
        failed = CliRunner().invoke(cli, ["llm", "check", "--json"])
        assert failed.exit_code == 1
        assert LLMCheck.model_validate_json(failed.output).drafting_works is False
    finally:
        get_settings.cache_clear()


def test_get_llm_is_for_admins_and_tells_the_running_service_s_facts(
    server: LLMServer, database_url: str, make_tenant: MakeTenant
) -> None:
    server.flavour = FLAVOURS["llama_cpp_python"]
    settings = make_settings(
        database_url,
        openai_base_url=server.base_url,
        openai_api_key="x",
        llm_model=server.model,
        llm_timeout_s=5,
    )
    admin = make_tenant()
    reader = make_tenant(scopes=("read",))
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.get("/v1/llm", headers=reader.headers).status_code == 403
        quick = client.get("/v1/llm", params={"probe": "false"}, headers=admin.headers)
        assert quick.status_code == 200, quick.text
        assert quick.json()["drafting_works"] is None
        assert quick.json()["endpoint"] == server.base_url
        probed = client.get("/v1/llm", headers=admin.headers).json()
        assert probed["drafting_works"] is True
        assert [m["accepted"] for m in probed["modes"]] == [False, True, True, True]


def test_get_llm_with_the_offline_drafter(client: TestClient, make_tenant: MakeTenant) -> None:
    body = client.get("/v1/llm", headers=make_tenant().headers).json()
    assert body["drafter"] == "offline"
    assert body["drafting_works"] is True
