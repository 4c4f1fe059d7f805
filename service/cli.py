"""The `askwell` command: run the service, migrate, manage tenants and keys, print the contract."""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import Awaitable, Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from service.batches.cli import batch_app
from service.core.config import get_settings
from service.tenants.models import Scope

app = typer.Typer(
    help="askwell: informational-interview requests, drafted and gated.",
    no_args_is_help=True,
    add_completion=False,
)
tenant_app = typer.Typer(help="Manage tenants.", no_args_is_help=True)
key_app = typer.Typer(help="Manage a tenant's API keys.", no_args_is_help=True)
llm_app = typer.Typer(help="The model server askwell drafts with.", no_args_is_help=True)
app.add_typer(tenant_app, name="tenant")
app.add_typer(key_app, name="key")
app.add_typer(llm_app, name="llm")
app.add_typer(batch_app, name="batch")
gate_app = typer.Typer(help="The checklist gate.", no_args_is_help=True)
app.add_typer(gate_app, name="gate")

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")
ALL_SCOPES = "admin,drafts:write,review,read"


def _echo_json(payload: object) -> None:
    typer.echo(json.dumps(payload, indent=2, default=str))


def _scopes(raw: str) -> list[Scope]:
    try:
        return [Scope(part.strip()) for part in raw.split(",") if part.strip()]
    except ValueError as exc:
        raise typer.BadParameter(f"{exc}; choose from {ALL_SCOPES}") from None


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Run the HTTP API (migrates the database first)."""
    import uvicorn

    from service.core import migrations

    settings = get_settings()
    migrations.upgrade(settings.database_url)
    if workers > 1 and settings.batch_embedded_worker:
        # One embedded runner per process would share one worker id; scale out with
        # `askwell worker` processes instead.
        os.environ["ASKWELL_BATCH_EMBEDDED_WORKER"] = "false"
        typer.echo("several API workers: batch items need `askwell worker` processes", err=True)
    uvicorn.run(
        "service.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=True,
    )


@app.command()
def worker(
    concurrency: Annotated[
        int | None,
        typer.Option(help="Items this process runs at once (ASKWELL_WORKER_CONCURRENCY)."),
    ] = None,
    worker_id: Annotated[
        str | None, typer.Option(help="Stable, unique id of this worker (ASKWELL_WORKER_ID).")
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Exit 0 if the worker with this id is running here and beat in the last "
            "30 s (its loop runs and its database answers), else 1: a health check.",
        ),
    ] = False,
) -> None:
    """Run batch items without the API (scale-out; migrates the database first)."""
    import asyncio
    import logging

    from service.batches.worker import check_heartbeat, run_worker
    from service.core import migrations

    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    settings = get_settings()
    overrides: dict[str, object] = {}
    if concurrency is not None:
        overrides["worker_concurrency"] = concurrency
    if worker_id is not None:
        overrides["worker_id"] = worker_id
    if overrides:
        settings = settings.model_copy(update=overrides)
    if check:
        problem = check_heartbeat(settings)
        if problem is not None:
            typer.echo(problem, err=True)
            raise typer.Exit(1)
        typer.echo(f"worker {settings.worker_id} is alive")
        return
    migrations.upgrade(settings.database_url)
    asyncio.run(run_worker(settings))


@app.command()
def migrate(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Bring the database schema to the newest revision (or REVISION)."""
    from service.core import migrations

    settings = get_settings()
    migrations.upgrade(settings.database_url, revision)
    if revision == "head":
        from service.batches.engine import migrate_engine

        migrate_engine(settings)
    typer.echo(f"database at {revision}")


@app.command()
def openapi() -> None:
    """Print the OpenAPI schema as JSON."""
    from service.main import create_app

    typer.echo(json.dumps(create_app().openapi(), indent=2, sort_keys=True))


@llm_app.command("check")
def llm_check(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    remember: Annotated[
        bool,
        typer.Option(
            help="Store the mode found for this endpoint and model (the service uses it)."
        ),
    ] = True,
) -> None:
    """Probe the configured model server: models, a chat, each output mode, max_tokens.

    Prints what works, the mode askwell will use, each probe's latency, and the settings
    to change; exits 1 when drafting cannot work."""
    from service.core import migrations
    from service.core.db import Database, sqlite_path
    from service.llm.check import check_llm, render
    from service.llm.client import from_settings
    from service.llm.modes import DatabaseModeStore

    settings = get_settings()

    async def run() -> object:
        database: Database | None = None
        path = sqlite_path(settings.database_url)
        if path is not None and not path.exists():
            # Not a second, empty database beside the real one: nothing is remembered.
            typer.echo(
                f"(no database at {path.resolve()}: the mode found is not remembered)", err=True
            )
        else:
            try:
                await migrations.upgrade_async(settings.database_url)
                database = Database.connect(settings.database_url, pool_size=1)
            except Exception as exc:  # the check is about the model server
                typer.echo(f"(database not available, nothing remembered: {exc})", err=True)
        client = (
            from_settings(settings, max_attempts=1, concurrency=None)
            if settings.llm_configured
            else None
        )
        try:
            return await check_llm(
                settings,
                client,
                store=DatabaseModeStore(database) if database is not None else None,
                remember=remember,
            )
        finally:
            if client is not None:
                await client.aclose()
            if database is not None:
                await database.dispose()

    check = asyncio.run(run())
    from service.llm.check import LLMCheck

    assert isinstance(check, LLMCheck)
    typer.echo(check.model_dump_json(indent=2) if as_json else render(check))
    if not check.drafting_works:
        raise typer.Exit(1)


def _refuse_a_second_database(url: str) -> None:
    """A SQLite file is relative to the working directory: run from elsewhere, a command
    would create a new, empty database beside the real one (and its key would get 401).
    Commands that manage tenants and keys use only a database that exists."""
    from service.core.db import sqlite_path

    path = sqlite_path(url)
    if path is not None and not path.exists():
        typer.echo(
            f"No database at {path.resolve()}. Run this command where the service runs "
            "(the directory you ran `askwell serve` in), or point ASKWELL_DATABASE_URL at "
            "its database; `askwell migrate` creates a new one there deliberately.",
            err=True,
        )
        raise typer.Exit(2)


def _in_database(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `work` in one committed transaction of a migrated database; domain errors
    become usage errors."""
    from service.core import migrations
    from service.core.db import Database, unit_of_work
    from service.core.errors import AppError

    settings = get_settings()
    _refuse_a_second_database(settings.database_url)

    async def run() -> T:
        await migrations.upgrade_async(settings.database_url)
        database = Database.connect(settings.database_url, pool_size=1)
        try:
            async with unit_of_work(database.sessions) as session:
                return await work(session)
        finally:
            await database.dispose()

    try:
        return asyncio.run(run())
    except AppError as exc:
        raise typer.BadParameter(exc.detail) from None


@tenant_app.command("create")
def tenant_create(
    name: Annotated[str, typer.Argument(help="The organization's name.")],
    scopes: Annotated[str, typer.Option(help="Scopes of the first key.")] = ALL_SCOPES,
) -> None:
    """Create a tenant and its first API key (printed once, never again)."""
    from service.tenants import service

    if not 1 <= len(name) <= 200:
        raise typer.BadParameter("NAME must be 1–200 characters")
    pepper = get_settings().api_key_pepper.get_secret_value()
    chosen = _scopes(scopes)

    async def create(session: AsyncSession) -> dict[str, object]:
        tenant = await service.create_tenant(session, name=name)
        key, api_key = await service.create_key(
            session, tenant_id=tenant.id, name="initial", scopes=chosen, pepper=pepper
        )
        return {
            "tenant_id": str(tenant.id),
            "name": tenant.name,
            "key_id": str(key.id),
            "key_prefix": key.prefix,
            "scopes": key.scopes,
            "api_key": api_key,
        }

    _echo_json(_in_database(create))


@tenant_app.command("quota")
def tenant_quota(
    tenant_id: Annotated[uuid.UUID, typer.Argument(help="Tenant id.")],
    drafts_per_day: Annotated[
        int | None,
        typer.Option(min=0, help="New drafts per 24 hours (0: the service default)."),
    ] = None,
    queued_batch_items: Annotated[
        int | None,
        typer.Option(min=0, help="Batch items waiting at once (0: the service default)."),
    ] = None,
) -> None:
    """Set a tenant's quotas (an operator's decision; tenants can only read theirs)."""
    from service.checking.service import set_quotas
    from service.drafts.quotas import Quotas

    settings = get_settings()
    defaults = Quotas(
        drafts_per_day=settings.quota_drafts_per_day,
        queued_batch_items=settings.quota_queued_batch_items,
    )

    async def update(session: AsyncSession) -> dict[str, object]:
        stored = await set_quotas(
            session,
            tenant_id=tenant_id,
            drafts_per_day=drafts_per_day,
            queued_batch_items=queued_batch_items,
        )
        effective = defaults.of(stored)
        return {
            "tenant_id": str(tenant_id),
            "drafts_per_day": effective.drafts_per_day,
            "queued_batch_items": effective.queued_batch_items,
        }

    _echo_json(_in_database(update))


@key_app.command("create")
def key_create(
    tenant_id: Annotated[uuid.UUID, typer.Argument(help="Tenant id.")],
    name: Annotated[str, typer.Option(help="What the key is for.")] = "cli",
    scopes: Annotated[str, typer.Option(help="Comma-separated scopes.")] = "read",
) -> None:
    """Create an API key for a tenant (printed once, never again)."""
    from service.tenants import service

    pepper = get_settings().api_key_pepper.get_secret_value()
    chosen = _scopes(scopes)

    async def create(session: AsyncSession) -> dict[str, object]:
        await service.get_tenant(session, tenant_id=tenant_id)
        key, api_key = await service.create_key(
            session, tenant_id=tenant_id, name=name, scopes=chosen, pepper=pepper
        )
        return {
            "key_id": str(key.id),
            "key_prefix": key.prefix,
            "scopes": key.scopes,
            "api_key": api_key,
        }

    _echo_json(_in_database(create))


@key_app.command("list")
def key_list(tenant_id: Annotated[uuid.UUID, typer.Argument(help="Tenant id.")]) -> None:
    """List a tenant's keys (prefix, name, scopes, created/last used, revoked)."""
    from service.tenants import service
    from service.tenants.models import ApiKeyRead

    async def keys(session: AsyncSession) -> list[dict[str, object]]:
        await service.get_tenant(session, tenant_id=tenant_id)
        return [
            ApiKeyRead.model_validate(k).model_dump(mode="json")
            for k in await service.list_keys(session, tenant_id=tenant_id)
        ]

    _echo_json(_in_database(keys))


@key_app.command("revoke")
def key_revoke(
    tenant_id: Annotated[uuid.UUID, typer.Argument(help="Tenant id.")],
    key_id: Annotated[uuid.UUID, typer.Argument(help="Key id.")],
) -> None:
    """Revoke a key; it is refused from the next request on."""
    from service.tenants import service
    from service.tenants.models import ApiKeyRead

    async def revoke(session: AsyncSession) -> dict[str, object]:
        key = await service.revoke_key(session, tenant_id=tenant_id, key_id=key_id)
        return ApiKeyRead.model_validate(key).model_dump(mode="json")

    _echo_json(_in_database(revoke))


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


def _policy_overrides(raw: str | None) -> dict[str, object] | None:
    """--policy: a JSON object, or the path of a file holding one."""
    if raw is None:
        return None
    text = raw if raw.lstrip().startswith("{") else _read_text(Path(raw), "--policy")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise typer.BadParameter(f"--policy is not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise typer.BadParameter("--policy must be a JSON object")
    return value


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise typer.BadParameter(f"{what}: cannot read {path}: {exc.strerror}") from None


@gate_app.command("eval")
def gate_eval(
    file: Annotated[Path, typer.Argument(help="Labelled records, one JSON object per line.")],
    policy: Annotated[
        str | None,
        typer.Option(help="Gate policy overrides: a JSON object or a file holding one."),
    ] = None,
    output: Annotated[
        EvalFormat, typer.Option("--format", help="table for people, json for machines.")
    ] = EvalFormat.table,
    min_agreement: Annotated[
        list[str] | None,
        typer.Option(
            help="CHECK=RATE (or verdict=RATE): fail unless agreement reaches RATE in each "
            "mode; repeatable. RATE as 0.92 or 92%."
        ),
    ] = None,
    max_false_blocks: Annotated[
        list[str] | None,
        typer.Option(
            help="RATE or CHECK=RATE: fail if more than RATE of the messages labelled to pass "
            "are blocked (by the verdict, or by CHECK) in a mode; repeatable."
        ),
    ] = None,
    details: Annotated[
        bool, typer.Option(help="List every disagreement with the gate's message and evidence.")
    ] = True,
) -> None:
    """Measure the gate on labelled messages: agreement per check and mode, false blocks and
    false passes. Exits 1 when a target is missed."""
    from pydantic import ValidationError

    from service.gate import evaluation

    try:
        targets = [evaluation.parse_min_agreement(raw) for raw in min_agreement or []]
        targets += [evaluation.parse_max_false_blocks(raw) for raw in max_false_blocks or []]
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    try:
        gate_policy = evaluation.policy_from(_policy_overrides(policy))
    except ValidationError as exc:
        raise typer.BadParameter(f"--policy is not a valid gate policy: {exc}") from None
    try:
        records = evaluation.parse_records(_read_text(file, "FILE").splitlines())
    except evaluation.RecordError as exc:
        raise typer.BadParameter(f"{file}: {exc}") from None
    if not records:
        raise typer.BadParameter(f"{file}: no records")
    result = evaluation.evaluate(records, gate_policy)
    checked = evaluation.check_targets(result, targets)
    met = all(r.met for r in checked)
    if output is EvalFormat.json:
        payload = result.as_dict()
        if not details:
            payload.pop("disagreements")
        payload["source"] = str(file)
        payload["targets"] = [
            {
                "check": r.target.check,
                "metric": r.target.metric,
                "value": r.target.value,
                "mode": r.scope,
                "measured": r.measured,
                "met": r.met,
            }
            for r in checked
        ]
        payload["targets_met"] = met
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        typer.echo(evaluation.render_table(result, checked, source=str(file), details=details))
    if not met:
        raise typer.Exit(1)


if __name__ == "__main__":
    app()
