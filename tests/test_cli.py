"""The `askwell` command as an operator uses it, in a subprocess against a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.main import create_app
from tests.conftest import make_settings
from tests.support.databases import configured_url, create_database, drop_database


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory: pytest.TempPathFactory) -> Any:
    base = configured_url()
    url = create_database(base, tmp_path_factory.mktemp("cli"), "cli")
    env = {
        **os.environ,
        "ASKWELL_DATABASE_URL": url,
        "ASKWELL_API_KEY_PEPPER": "cli-test-pepper-0123456789",
    }
    # Tenant and key commands use an existing database only; an operator makes it so.
    askwell(env, "migrate")
    yield env
    drop_database(url, base)


def askwell(
    env: dict[str, str], *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=60,
    )


def test_tenant_create_prints_id_and_key_that_works(cli_env: dict[str, str]) -> None:
    created = json.loads(askwell(cli_env, "tenant", "create", "Acme Careers").stdout)
    assert set(created) >= {"tenant_id", "api_key"}
    settings = make_settings(
        cli_env["ASKWELL_DATABASE_URL"], api_key_pepper=cli_env["ASKWELL_API_KEY_PEPPER"]
    )
    with TestClient(create_app(settings)) as client:
        response = client.get(
            "/v1/tenant", headers={"Authorization": f"Bearer {created['api_key']}"}
        )
    assert response.status_code == 200
    assert response.json()["id"] == created["tenant_id"]


def test_key_create_list_revoke(cli_env: dict[str, str]) -> None:
    tenant_id = json.loads(askwell(cli_env, "tenant", "create", "T").stdout)["tenant_id"]
    made = json.loads(
        askwell(
            cli_env, "key", "create", tenant_id, "--name", "batch", "--scopes", "drafts:write"
        ).stdout
    )
    assert made["scopes"] == ["drafts:write"]
    listed = json.loads(askwell(cli_env, "key", "list", tenant_id).stdout)
    assert {k["name"] for k in listed} == {"initial", "batch"}
    assert made["api_key"] not in json.dumps(listed)
    revoked = json.loads(askwell(cli_env, "key", "revoke", tenant_id, made["key_id"]).stdout)
    assert revoked["revoked_at"] is not None


def test_unknown_scope_and_tenant_are_usage_errors(cli_env: dict[str, str]) -> None:
    tenant_id = json.loads(askwell(cli_env, "tenant", "create", "T").stdout)["tenant_id"]
    bad_scope = askwell(cli_env, "key", "create", tenant_id, "--scopes", "root", check=False)
    assert bad_scope.returncode == 2
    missing = askwell(cli_env, "key", "list", "00000000-0000-4000-8000-000000000000", check=False)
    assert missing.returncode == 2
    assert "not found" in missing.stderr.lower()


def test_openapi_command_prints_the_committed_contract(cli_env: dict[str, str]) -> None:
    printed = json.loads(askwell(cli_env, "openapi").stdout)
    committed = json.loads(
        Path(__file__).parent.parent.joinpath("openapi/openapi.json").read_text()
    )
    assert printed == committed


def test_migrate_command(cli_env: dict[str, str]) -> None:
    result = askwell(cli_env, "migrate")
    assert "head" in result.stdout


def test_a_command_run_elsewhere_refuses_to_create_a_second_database(tmp_path: Path) -> None:
    """The default database is `./data/askwell.db`: from another directory, `tenant create`
    would make a new empty one whose key the running service refuses."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASKWELL_")}
    result = subprocess.run(
        [sys.executable, "-m", "service.cli", "tenant", "create", "Acme Careers"],
        env={**env, "ASKWELL_API_KEY_PEPPER": "cli-test-pepper-0123456789"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert f"No database at {tmp_path.resolve() / 'data' / 'askwell.db'}" in result.stderr
    assert "ASKWELL_DATABASE_URL" in result.stderr
    assert not (tmp_path / "data").exists()
    assert not result.stdout


def test_worker_check_reports_the_heartbeat(cli_env: dict[str, str]) -> None:
    from service.batches.worker import HEARTBEAT_STALE_S, heartbeat_file
    from service.core.config import Settings

    worker_id = f"check-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    env = {**cli_env, "ASKWELL_WORKER_ID": worker_id}
    beat = heartbeat_file(Settings(_env_file=None, worker_id=worker_id))  # type: ignore[call-arg]
    try:
        missing = askwell(env, "worker", "--check", check=False)
        assert missing.returncode == 1
        assert worker_id in missing.stderr
        beat.touch()
        alive = askwell(env, "worker", "--check", check=False)
        assert alive.returncode == 0, alive.stderr
        old = time.time() - HEARTBEAT_STALE_S - 5
        os.utime(beat, (old, old))
        stale = askwell(env, "worker", "--check", check=False)
        assert stale.returncode == 1
        assert "last heartbeat" in stale.stderr
    finally:
        beat.unlink(missing_ok=True)
