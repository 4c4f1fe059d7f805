"""Run Alembic migrations from code (CLI, start-up, tests), one process at a time."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection

from service.core.db import make_engine

ROOT = Path(__file__).resolve().parent.parent.parent
# An arbitrary constant: concurrent API processes take turns to migrate on PostgreSQL.
_MIGRATION_LOCK = 0x61736B77


def alembic_config(database_url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    config.attributes["database_url"] = database_url
    return config


def _run(connection: Connection, database_url: str, revision: str, *, down: bool) -> None:
    config = alembic_config(database_url)
    config.attributes["connection"] = connection
    if down:
        command.downgrade(config, revision)
    else:
        command.upgrade(config, revision)


async def _migrate(database_url: str, revision: str, *, down: bool) -> None:
    engine = make_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            is_postgres = connection.dialect.name == "postgresql"
            if is_postgres:
                await connection.execute(
                    text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK}
                )
                await connection.commit()
            try:
                await connection.run_sync(_run, database_url, revision, down=down)
                await connection.commit()
            finally:
                if is_postgres:
                    await connection.execute(
                        text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK}
                    )
                    await connection.commit()
    finally:
        await engine.dispose()


async def upgrade_async(database_url: str, revision: str = "head") -> None:
    await _migrate(database_url, revision, down=False)


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database to `revision` (from code that runs no event loop)."""
    asyncio.run(upgrade_async(database_url, revision))


def downgrade(database_url: str, revision: str = "base") -> None:
    asyncio.run(_migrate(database_url, revision, down=True))
