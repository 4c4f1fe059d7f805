"""Plain DB-API access for the hottest paths: authentication and list pages.

SQLAlchemy builds, compiles and post-processes every statement; on a request that reads one
key and twenty rows that costs several times the database's own work. The paths here run
fixed SQL on the pooled DB-API connection instead and convert values themselves, in the
same storage formats SQLAlchemy uses, so both views of the data stay one:

- SQLite keeps a UUID as 32 hex characters, a timestamp as `YYYY-MM-DD HH:MM:SS.ffffff`
  (UTC, no zone, see `service.db.UTCDateTime`), a boolean as 0/1 and JSON as text;
- PostgreSQL (psycopg) hands back `uuid.UUID`, aware `datetime`, `bool` and decoded JSONB.

SQL is written with `?` placeholders and no literal `%` or `?` characters; `sql()` turns
it into psycopg's `%s` style where needed.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, TypeVar

import orjson
import psycopg
from psycopg.types.json import Jsonb
from sqlalchemy import Table
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

T = TypeVar("T")


@lru_cache(maxsize=256)
def _pyformat(statement: str) -> str:
    return statement.replace("?", "%s")


class Dialect:
    """How one backend spells parameters and stores values."""

    __slots__ = ("sqlite",)

    def __init__(self, *, sqlite: bool) -> None:
        self.sqlite = sqlite

    def sql(self, statement: str) -> str:
        return statement if self.sqlite else _pyformat(statement)

    # Parameters -------------------------------------------------------------------------

    def uuid_param(self, value: uuid.UUID) -> Any:
        return value.hex if self.sqlite else value

    def json_param(self, value: Any) -> Any:
        # orjson: a draft's gate report and attempts are kilobytes, and the standard library
        # takes several times longer to write them.
        return json_text(value) if self.sqlite else Jsonb(value, dumps=json_text)

    def param(self, value: Any) -> Any:
        """A Python value as this backend stores it (by the value's type)."""
        if isinstance(value, uuid.UUID):
            return self.uuid_param(value)
        if isinstance(value, datetime):
            return self.time_param(value)
        if isinstance(value, dict | list):
            return self.json_param(value)
        return value

    def time_param(self, value: datetime) -> Any:
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        if self.sqlite:
            return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        return value

    # Values -----------------------------------------------------------------------------

    def uuid_value(self, value: Any) -> uuid.UUID:
        return uuid.UUID(hex=value) if self.sqlite else value

    def time_value(self, value: Any) -> datetime:
        if isinstance(value, str):
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

    def json_value(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str | bytes) else value

    # Values as JSON text, in the shapes pydantic writes ----------------------------------

    def json_time(self, value: Any) -> str | None:
        """`2026-01-02T03:04:05.123456Z` (no fraction when it is zero)."""
        if value is None:
            return None
        if isinstance(value, str) and len(value) == 26:
            date, _, rest = value.partition(" ")
            if rest.endswith(".000000"):
                rest = rest[:-7]
            return f"{date}T{rest}Z"
        text = self.time_value(value).replace(tzinfo=None).isoformat()
        return f"{text}Z"

    def json_uuid(self, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, str) and len(value) == 32:
            return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
        return str(value)

    # JSON built by the database: SQL expressions for `json_object_sql` -----------------
    # A list page can then be a join of ready-made objects, with no Python work per field
    # (the way PostgREST serves). Each expression writes what `json_uuid`/`json_time` write.

    def json_object_sql(self, fields: Sequence[tuple[str, str]]) -> str:
        """An SQL expression for a JSON object (as text) from `(key, expression)` pairs."""
        pairs = ", ".join(f"'{key}', {expression}" for key, expression in fields)
        return f"json_object({pairs})" if self.sqlite else f"json_build_object({pairs})::text"

    def uuid_json_sql(self, column: str) -> str:
        if not self.sqlite:
            return column
        # `NULL || ...` is NULL, so a missing id stays JSON null.
        parts = "||'-'||".join(
            f"substr({column},{start},{length})"
            for start, length in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
        )
        return f"({parts})"

    def time_json_sql(self, column: str) -> str:
        if self.sqlite:
            return (
                f"(substr({column},1,10)||'T'||CASE WHEN substr({column},20,7)='.000000'"
                f" THEN substr({column},12,8) ELSE substr({column},12,15) END||'Z')"
            )
        utc = f"({column} AT TIME ZONE 'UTC')"
        return (
            f"(to_char({utc},'YYYY-MM-DD\"T\"HH24:MI:SS')"
            f"||CASE WHEN to_char({utc},'US')='000000' THEN ''"
            f" ELSE to_char({utc},'.US') END||'Z')"
        )

    def bool_json_sql(self, column: str) -> str:
        return f"json(CASE WHEN {column} THEN 'true' ELSE 'false' END)" if self.sqlite else column


class Raw(Dialect):
    """One DB-API connection inside a transaction, with the dialect's value conversions."""

    __slots__ = ("connection",)

    def __init__(self, connection: Any, *, sqlite: bool) -> None:
        super().__init__(sqlite=sqlite)
        self.connection = connection

    def all(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(self.sql(statement), params)
            rows: list[tuple[Any, ...]] = cursor.fetchall()
        finally:
            cursor.close()
        return rows

    def one_or_none(self, statement: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        rows = self.all(statement, params)
        return rows[0] if rows else None

    def execute(self, statement: str, params: Sequence[Any] = ()) -> int:
        cursor = self.connection.cursor()
        try:
            cursor.execute(self.sql(statement), params)
            count: int = cursor.rowcount
        finally:
            cursor.close()
        return count


@lru_cache(maxsize=64)
def typed_marks(table: Table) -> str:
    """`?::type` for each column of `table`, in order (PostgreSQL).

    For values written by a `SELECT` (an INSERT made conditional in a CTE): there a
    parameter is not typed by the column it lands in. Lengths are left out, so a value too
    long for its column still fails as it would in a plain INSERT instead of being cut.
    """
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    names = (column.type.compile(dialect=dialect).split("(")[0] for column in table.columns)
    return ", ".join(f"?::{name}" for name in names)


@lru_cache(maxsize=64)
def column_names(table: Table) -> str:
    return ", ".join(column.name for column in table.columns)


@lru_cache(maxsize=64)
def insert_sql(table: Table) -> str:
    columns = column_names(table)
    marks = ", ".join("?" for _ in table.columns)
    return f"INSERT INTO {table.name} ({columns}) VALUES ({marks})"  # noqa: S608


def row_params(dialect: Dialect, table: Table, values: Mapping[str, Any]) -> list[Any]:
    """A value for every column of `table`, in order and as `dialect` stores it."""
    return [dialect.param(values.get(column.name)) for column in table.columns]


def insert_row(raw: Raw, table: Table, values: Mapping[str, Any]) -> None:
    """INSERT one row of `table` with a value for every column (missing ones are NULL).

    For rows written on a hot path: SQLAlchemy's insert costs several times the database's
    own work for a row of a dozen columns.
    """
    raw.execute(insert_sql(table), row_params(raw, table, values))


def json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


def dumps(document: Any) -> bytes:
    return orjson.dumps(document)


@contextmanager
def raw_transaction(engine: Engine) -> Iterator[Raw]:
    """A pooled connection for one transaction: committed on success, else rolled back."""
    connection = engine.raw_connection()
    try:
        yield Raw(connection, sqlite=engine.dialect.name == "sqlite")
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.close()


# A unique or foreign key refused a write, whether it went through SQLAlchemy or a raw cursor.
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (
    IntegrityError,
    sqlite3.IntegrityError,
    psycopg.IntegrityError,
)


def run_raw(engine: Engine, work: Callable[[Raw], T]) -> T:
    with raw_transaction(engine) as raw:
        return work(raw)


def session_raw(session: Session) -> Raw:
    """The session's own connection (and transaction), for raw statements beside the ORM;
    pending ORM changes are flushed first, so the statements see them."""
    session.flush()
    connection = session.connection()
    return Raw(connection.connection, sqlite=connection.dialect.name == "sqlite")
