"""Shared fixtures: a migrated database per test run, the app, and tenants with keys.

Tests do not share state: each one makes its own tenants, and tenants see only their own
data, so no test needs to clean up after another (nor may one see another's rows).
"""

from __future__ import annotations

import fcntl
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from service.core import migrations
from service.core.config import Settings
from service.main import create_app
from service.tenants.models import ApiKey, Scope, Tenant
from service.tenants.service import hash_key, mint_key
from tests.support.databases import (
    configured_url,
    create_database,
    drop_database,
    is_postgres,
    sync_url,
    unit_of_work,
)

PEPPER = "test-pepper-not-secret"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    url = configured_url()
    if url is not None and is_postgres(url):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set ASKWELL_TEST_DATABASE_URL")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def fleet_alone(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """A test marked `fleet` (it starts API processes and batch workers) runs while no other
    such test runs on another xdist worker: side by side, fleets starve each other of CPU
    and of PostgreSQL connections, and their timings would measure that. (Per test, not per
    module: a worker never holds the lock while it waits for its next test.)"""
    if request.node.get_closest_marker("fleet") is None:
        yield
        return
    root = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        root = root.parent  # shared by the workers of this run
    with (root / "fleet.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh, migrated database for this test run (and this xdist worker)."""
    base = configured_url()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = create_database(base, tmp_path_factory.mktemp("db"), worker)
    migrations.upgrade(url)
    yield url
    drop_database(url, base)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """The tests' own synchronous engine on the test database (seeding, inspecting)."""
    sync = create_engine(sync_url(database_url))
    yield sync
    sync.dispose()


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "environment": "test",
        "migrate_on_start": False,
        "api_key_pepper": PEPPER,
        "openai_api_key": None,
        "openai_base_url": None,
        # Batch items run in the worker processes the batch tests start, not in every app.
        "batch_embedded_worker": False,
        # The suite fails sign-ins on purpose, from one address; tests/tenants/test_limits.py
        # turns the limit on where it is the subject.
        "auth_failures_per_minute": None,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@dataclass
class TenantKey:
    """A tenant and one of its keys, ready to call the API with."""

    tenant_id: uuid.UUID
    key_id: uuid.UUID
    api_key: str
    scopes: tuple[str, ...]
    headers: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.headers = {"Authorization": f"Bearer {self.api_key}"}


MakeTenant = Callable[..., TenantKey]


def add_key(
    engine: Engine, tenant_id: uuid.UUID, scopes: tuple[str, ...], name: str = "test"
) -> TenantKey:
    """A new key of the tenant, written as the service writes it (`create_key`)."""
    prefix, api_key = mint_key()
    with unit_of_work(engine) as session:
        key = ApiKey(
            tenant_id=tenant_id,
            name=name,
            prefix=prefix,
            key_hash=hash_key(api_key, pepper=PEPPER),
            scopes=sorted({Scope(s).value for s in scopes}),
        )
        session.add(key)
        session.flush()
        return TenantKey(tenant_id, key.id, api_key, scopes)


@pytest.fixture
def make_tenant(engine: Engine) -> MakeTenant:
    def make(scopes: tuple[str, ...] = ("admin",), name: str = "Test tenant") -> TenantKey:
        with unit_of_work(engine) as session:
            tenant = Tenant(name=name)
            session.add(tenant)
            session.flush()
            tenant_id = tenant.id
        return add_key(engine, tenant_id, scopes)

    return make


@pytest.fixture
def tenant(make_tenant: MakeTenant) -> TenantKey:
    return make_tenant()


@pytest.fixture
def other_tenant(make_tenant: MakeTenant) -> TenantKey:
    return make_tenant(name="Other tenant")


@pytest.fixture
def key_with(engine: Engine, tenant: TenantKey) -> Callable[..., TenantKey]:
    """Another key of `tenant` with the given scopes."""

    def make(*scopes: str) -> TenantKey:
        return add_key(engine, tenant.tenant_id, scopes, name="scoped")

    return make


REPO_ROOT = Path(__file__).resolve().parent.parent
