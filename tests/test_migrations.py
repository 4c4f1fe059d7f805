"""Migrations: up, down, up again on a fresh database; and no drift from the models."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

import service.models  # noqa: F401  (all tables on the metadata)
from service.core import migrations
from service.core.db import make_engine, metadata
from tests.support.databases import configured_url, create_database, drop_database, sync_url


@pytest.fixture
def fresh_url(tmp_path: Path) -> Iterator[str]:
    base = configured_url()
    url = create_database(base, tmp_path, "mig")
    yield url
    drop_database(url, base)


def table_names(url: str) -> set[str]:
    engine = create_engine(sync_url(url))
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(fresh_url: str) -> None:
    expected = set(metadata.tables)
    migrations.upgrade(fresh_url)
    assert table_names(fresh_url) == expected
    migrations.downgrade(fresh_url, "base")
    assert table_names(fresh_url) == set()
    migrations.upgrade(fresh_url)
    assert table_names(fresh_url) == expected


def test_models_and_migrations_do_not_drift(fresh_url: str) -> None:
    migrations.upgrade(fresh_url)
    engine = create_engine(sync_url(fresh_url))
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            diff = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    assert diff == [], f"run `make revision`: {diff}"


def test_the_services_sqlite_connections_enforce_foreign_keys(tmp_path: Path) -> None:
    async def pragmas() -> tuple[int, str]:
        engine = make_engine(f"sqlite:///{tmp_path / 'fk.db'}", pool_size=1)
        try:
            async with engine.connect() as connection:
                keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar_one()
                mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar_one()
                return keys, mode
        finally:
            await engine.dispose()

    assert asyncio.run(pragmas()) == (1, "wal")


def test_migration_files_are_date_stamped() -> None:
    versions = Path(migrations.ROOT, "alembic", "versions").glob("*.py")
    names = [p.name for p in versions]
    assert names
    for name in names:
        assert re.match(r"^\d{4}_\d{2}_\d{2}_\d{4}-", name), name
