"""The structured-output mode that works, remembered per endpoint and model.

The client finds out by being refused (a `json_schema` request answered "not supported"):
that costs one request, and without memory it would be paid again after every restart,
by every process. `llm_output_modes` keeps what was found, whoever found it: the API, a
worker, or `askwell llm check` (which probes every mode and writes the one to use).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlalchemy import Column, String, select
from sqlmodel import Field, SQLModel

from service.core.db import Database, UTCDateTime, unit_of_work, upsert, utcnow
from service.llm.client import OutputMode

__all__ = ["DatabaseModeStore", "LLMOutputMode"]


class LLMOutputMode(SQLModel, table=True):
    """One endpoint and model, and the output mode askwell uses with it."""

    __tablename__: ClassVar[str] = "llm_output_modes"

    endpoint: str = Field(sa_column=Column(String(500), primary_key=True))
    model: str = Field(sa_column=Column(String(200), primary_key=True))
    mode: str = Field(sa_column=Column(String(32), nullable=False))
    # Why: the refusal that moved askwell off the stronger mode, or what a check found.
    detail: str | None = Field(default=None, sa_column=Column(String(500), nullable=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


TABLE = LLMOutputMode.__table__  # type: ignore[attr-defined]


class DatabaseModeStore:
    """`service.llm.client.ModeStore` on the service's database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def load(self, endpoint: str, model: str) -> OutputMode | None:
        async with self.database.sessions(bind=self.database.autocommit) as session:
            value = await session.scalar(
                select(TABLE.c.mode).where(TABLE.c.endpoint == endpoint, TABLE.c.model == model)
            )
        try:
            return OutputMode(value) if value is not None else None
        except ValueError:
            return None

    async def save(self, endpoint: str, model: str, mode: OutputMode, detail: str | None) -> None:
        values = {
            "endpoint": endpoint[:500],
            "model": model[:200],
            "mode": str(mode),
            "detail": detail[:500] if detail else None,
            "updated_at": utcnow(),
        }
        async with unit_of_work(self.database.sessions) as session:
            await session.execute(
                upsert(
                    session,
                    TABLE,
                    values,
                    index_elements=["endpoint", "model"],
                    update_columns=["mode", "detail", "updated_at"],
                )
            )

    async def all(self) -> list[LLMOutputMode]:
        async with self.database.sessions(bind=self.database.autocommit) as session:
            return list(await session.scalars(select(LLMOutputMode)))
