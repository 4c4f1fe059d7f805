"""Throw-away databases for tests (a SQLite file, or a fresh PostgreSQL database), and the
tests' own synchronous engine on them, for seeding and inspecting what the service stored."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

TEST_DATABASE_ENV = "ASKWELL_TEST_DATABASE_URL"


def configured_url() -> str | None:
    """The database the suite was asked to run on (None: a SQLite file)."""
    return os.environ.get(TEST_DATABASE_ENV) or None


def is_postgres(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def create_database(base_url: str | None, directory: Path, label: str) -> str:
    """Create an empty database next to `base_url` (or a SQLite file in `directory`)."""
    suffix = f"{label}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    if base_url is None or not is_postgres(base_url):
        return f"sqlite:///{directory / f'askwell_{suffix}.db'}"
    name = f"askwell_t_{suffix}".lower()
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str, base_url: str | None) -> None:
    if base_url is None or not is_postgres(url):
        Path(make_url(url).database or "").unlink(missing_ok=True)
        return
    name = make_url(url).database
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def sync_url(url: str) -> str:
    """The same database for the tests' own synchronous engine (seeding and inspecting)."""
    parsed = make_url(url)
    driver = "sqlite" if parsed.get_backend_name() == "sqlite" else "postgresql+psycopg"
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One transaction of the tests' synchronous engine: committed on success."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
