"""Deployment files say true things: compose runs real commands with real settings, the
README's commands are the ones CI runs, and production refuses unsafe settings."""

from __future__ import annotations

import re
import socket
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError
from typer.main import get_command

from service.cli import app as cli_app
from service.core.config import Settings
from service.llm.prompts import PromptError
from service.main import create_app
from tests.conftest import REPO_ROOT, make_settings


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
    return loaded


def cli_commands() -> set[str]:
    group = get_command(cli_app)
    names: set[str] = set()
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        names.add(name)
        for sub in getattr(command, "commands", {}):
            names.add(f"{name} {sub}")
    return names


def test_compose_has_api_worker_and_postgres() -> None:
    services = compose()["services"]
    assert {"api", "worker", "postgres"} <= set(services)
    assert services["api"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    # The workers run batch items, so the API must not. No fixed worker id: scaled replicas
    # take their own host names (the setting's default).
    assert services["api"]["environment"]["ASKWELL_BATCH_EMBEDDED_WORKER"] == "false"
    assert services["worker"]["command"] == ["askwell", "worker"]
    assert "ASKWELL_WORKER_ID" not in services["worker"]["environment"]
    assert Settings(_env_file=None).worker_id == socket.gethostname()  # type: ignore[call-arg]


def test_compose_restarts_checks_health_and_passes_every_setting() -> None:
    services = compose()["services"]
    for name in ("postgres", "api", "worker"):
        assert services[name]["restart"] == "unless-stopped", name
        assert services[name]["healthcheck"]["test"], name
    assert services["worker"]["healthcheck"]["test"] == ["CMD", "askwell", "worker", "--check"]
    for name in ("api", "worker"):
        # Every ASKWELL_ setting in .env (ASKWELL_LLM_RPM...) reaches the processes.
        assert {"path": ".env", "required": False} in services[name]["env_file"], name


def test_the_image_installs_the_lock_file_and_checks_its_health() -> None:
    dockerfile = (REPO_ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert "pip install --no-deps ." in dockerfile
    assert re.search(r"^HEALTHCHECK .*\n.*readyz", dockerfile, re.M), dockerfile
    lock = (REPO_ROOT / "requirements.lock").read_text()
    pinned = {
        m.group(1).lower().replace("_", "-")
        for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==\S+ \\$", lock, re.M)
    }
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        name = re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        assert name in pinned, f"{name} is not in requirements.lock: regenerate it"


def test_compose_commands_are_real_cli_entry_points() -> None:
    commands = cli_commands()
    for name, service in compose()["services"].items():
        command = service.get("command")
        if not command or command[0] != "askwell":
            continue
        words = [w for w in command[1:] if not w.startswith("-")]
        assert words[0] in commands or " ".join(words[:2]) in commands, (name, command)


def test_compose_env_names_real_settings() -> None:
    fields = {
        alias.upper()
        for name, field in Settings.model_fields.items()
        for alias in [f"ASKWELL_{name}", *(getattr(field.validation_alias, "choices", None) or [])]
    }
    for name, service in compose()["services"].items():
        if name == "postgres":
            continue
        for key in service.get("environment", {}):
            assert key.upper() in fields, (name, key)


def test_compose_carries_no_secrets() -> None:
    text = (REPO_ROOT / "docker-compose.yml").read_text()
    for value in re.findall(r"(?:PASSWORD|PEPPER|API_KEY):\s*(\S+)", text):
        assert value.startswith("${"), value


def readme_commands() -> list[str]:
    text = (REPO_ROOT / "README.md").read_text()
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_readme_opens_with_serve_and_test_commands() -> None:
    serve, test = readme_commands()
    assert serve.endswith("askwell serve")
    assert test.endswith("pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text()
    assert f"README_TEST_COMMAND='{readme_commands()[1]}'" in ci
    assert "ASKWELL_TEST_DATABASE_URL" in ci


def test_readme_documents_every_setting() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    for name, field in Settings.model_fields.items():
        choices = getattr(field.validation_alias, "choices", None)
        env = choices[0] if choices else f"ASKWELL_{name.upper()}"
        assert f"`{env}`" in readme, env


@pytest.mark.parametrize(
    "overrides",
    [
        {"database_url": "sqlite:///data/x.db", "api_key_pepper": "a-long-enough-secret-value"},
        {"database_url": "postgresql+psycopg://u@h/db"},
        {"database_url": "postgresql+psycopg://u@h/db", "api_key_pepper": "short"},
    ],
)
def test_production_refuses_unsafe_settings(overrides: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="unsafe production settings"):
        Settings(_env_file=None, environment="production", **overrides)  # type: ignore[arg-type]


def test_production_accepts_safe_settings() -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="production",
        database_url="postgresql+psycopg://u@h/db",
        api_key_pepper="a-long-enough-secret-value",  # type: ignore[arg-type]
    )
    assert not settings.is_sqlite


def test_a_bad_prompt_file_stops_start_up_with_a_clear_message(tmp_path: Path) -> None:
    broken = tmp_path / "prompts" / "draft_request"
    broken.mkdir(parents=True)
    (broken / "v1.yaml").write_text("name: draft_request\nversion: 1\nsurprise: true\n")
    settings = make_settings("sqlite://", prompts_dir=tmp_path / "prompts")
    with pytest.raises(PromptError) as error:
        create_app(settings)
    assert "v1.yaml" in str(error.value)
