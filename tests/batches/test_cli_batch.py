"""`askwell batch submit` / `watch` against the real API over HTTP.

Two `askwell serve` processes share the suite's database, each with its own throw-away
engine database: one drafts batch items itself with the offline drafter (no OPENAI_* in its
environment), the other runs no items at all, so that its batches stay queued until they are
cancelled. The CLI runs in this process (typer's runner: not a terminal, so progress comes as
plain lines) or, where a signal or an environment variable matters, in a subprocess.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from typer.testing import CliRunner, Result

from service.batches.cli import ContactIds, ContactRows, read_contacts
from service.cli import app as cli
from service.contacts.importing import read_import
from tests.batches.support import REQUESTER, Runner, engine_database, runner_env, seed, wait_until
from tests.conftest import REPO_ROOT, MakeTenant, TenantKey


@dataclass
class Servers:
    drafting: Runner  # runs batch items (embedded runner, offline drafter)
    idle: Runner  # runs none: its batches stay queued


@pytest.fixture(scope="module")
def servers(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    directory = tmp_path_factory.mktemp("cli_batch")
    with ExitStack() as stack:
        runners = {}
        for name, embedded in (("drafting", "true"), ("idle", "false")):
            engine_url = stack.enter_context(engine_database(directory))
            env = runner_env(database_url, engine_url, "", batch_embedded_worker=embedded)
            del env["OPENAI_BASE_URL"], env["OPENAI_API_KEY"]  # the offline drafter
            runner = Runner("serve", env, directory / f"{name}.log").start(wait=False)
            stack.callback(runner.stop)
            runners[name] = runner
        for runner in runners.values():
            runner.wait_ready()
        yield Servers(**runners)


def askwell(server: Runner, tenant: TenantKey | str, *args: str) -> Result:
    key = tenant if isinstance(tenant, str) else tenant.api_key
    return CliRunner().invoke(
        cli, ["batch", *args, "--url", server.base_url, "--api-key", key, "--interval", "0.1"]
    )


def api(server: Runner, tenant: TenantKey) -> httpx.Client:
    return httpx.Client(base_url=server.base_url, headers=tenant.headers, timeout=30)


def make_requester(server: Runner, tenant: TenantKey) -> str:
    with api(server, tenant) as client:
        response = client.post("/v1/requesters", json=REQUESTER)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def plain(text: str) -> str:
    """A usage error's text without rich's panel and line breaks."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def counts_in(summary: str) -> dict[str, int]:
    return {m[1]: int(m[2]) for m in re.finditer(r"^  ([a-z_]+) +(\d+)$", summary, re.M)}


CSV = (
    "name,title,organization,fact_1,fact_1_about,fact_2,fact_2_about\n"
    "Ana Pérez,Director of Nursing Informatics,Mercy Health,"
    "Spoke at HIMSS 2026 about alarm fatigue,person,Leads the EHR rollout,role\n"
    ",Chief Nursing Officer,Mercy Health,Wrote on staffing ratios,person,,\n"
    'Dana Li,CNIO,St. Luke\'s,"Built the sepsis alert, 2024",person,Runs informatics,role\n'
    "Sam Roe,Nurse Manager,Mercy Health,,,,\n"
)


def test_submit_from_csv_imports_drafts_and_summarizes(
    servers: Servers, make_tenant: MakeTenant, tmp_path: Path
) -> None:
    tenant = make_tenant()
    requester = make_requester(servers.drafting, tenant)
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(CSV, encoding="utf-8")

    result = askwell(
        servers.drafting, tenant, "submit", "--requester", requester, "--contacts", str(contacts)
    )

    assert result.exit_code == 0, result.output
    # Row 2 has no name: reported by row and column, and left out.
    assert re.search(r"^row 2: name: ", result.stderr, re.M), result.stderr
    assert "imported 3 of 4 contacts; left out 1 row with errors" in result.stderr
    assert "\x1b" not in result.output  # not a terminal: plain lines, no control codes
    progress = [line for line in result.stderr.splitlines() if re.match(r"\[ *\d", line)]
    assert progress
    assert progress[-1].split("] ", 1)[1].startswith("completed 3/3 ")
    summary = result.stdout
    batch_id = re.match(r"batch (\S+) completed: 3 of 3 items done in ", summary)
    assert batch_id, summary
    counts = counts_in(summary)
    assert counts["needs_review"] + counts["gate_failed"] == 2, result.output
    assert counts["skipped"] == 1
    assert counts["queued"] == counts["drafting"] == counts["failed"] == 0
    # Sam Roe has no research: the summary names the skipped contact and why.
    assert re.search(r"^skipped \(1\):\n  contact \S+: no_research", summary, re.M), summary
    with api(servers.drafting, tenant) as client:
        batch = client.get(f"/v1/batches/{batch_id[1]}").json()
    assert batch["status"] == "completed"
    assert batch["counts"] == counts


@pytest.mark.parametrize("layout", ["lines", "json"])
def test_submit_from_a_list_of_contact_ids(
    engine: Engine,
    servers: Servers,
    app: FastAPI,
    make_tenant: MakeTenant,
    tmp_path: Path,
    layout: str,
) -> None:
    tenant = make_tenant()
    requester, contacts = seed(engine, tenant.tenant_id, 4)
    ids = tmp_path / "ids"
    if layout == "lines":
        ids.write_text("# this week's contacts\n\n" + "\n".join(contacts) + "\n")
    else:
        ids.write_text(json.dumps(contacts))

    result = askwell(
        servers.drafting,
        tenant,
        "submit",
        "--requester",
        requester,
        "--contacts",
        str(ids),
        "--json",
    )

    assert result.exit_code == 0, result.output
    assert "imported" not in result.stderr  # existing contacts: nothing to import
    batch = json.loads(result.stdout)  # only the JSON on stdout; the summary went to stderr
    assert batch["status"] == "completed"
    assert batch["total"] == 4
    assert batch["counts"]["needs_review"] + batch["counts"]["gate_failed"] == 4
    assert f"batch {batch['id']} completed" in result.stderr
    with api(servers.drafting, tenant) as client:
        items = client.get(f"/v1/batches/{batch['id']}/items").json()["items"]
    assert [item["contact_id"] for item in items] == contacts


def test_dry_run_prints_what_would_be_drafted_and_submits_nothing(
    engine: Engine, servers: Servers, app: FastAPI, make_tenant: MakeTenant, tmp_path: Path
) -> None:
    tenant = make_tenant()
    requester, researched = seed(engine, tenant.tenant_id, 2)
    _, bare = seed(engine, tenant.tenant_id, 1, research=False)
    ids = tmp_path / "ids.txt"
    ids.write_text("\n".join([*researched, *bare]))
    args = ("submit", "--requester", requester, "--contacts", str(ids), "--dry-run")

    result = askwell(servers.drafting, tenant, *args)
    as_json = askwell(servers.drafting, tenant, *args, "--json")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "dry run: would draft 2 of 3 contacts, skip 1 (channel email)"
    assert lines[1].startswith(f"  contact {bare[0]}: no_research: ")
    assert as_json.exit_code == 0, as_json.output
    answer = json.loads(as_json.stdout)
    assert answer["would_draft"] == researched
    assert [s["contact_id"] for s in answer["skipped"]] == bare
    with api(servers.drafting, tenant) as client:
        assert client.get("/v1/batches").json()["items"] == []


def test_watch_of_an_unknown_batch_fails_with_the_problem_detail(
    servers: Servers, make_tenant: MakeTenant
) -> None:
    tenant = make_tenant()
    batch_id = str(uuid.uuid4())
    with api(servers.drafting, tenant) as client:
        problem = client.get(f"/v1/batches/{batch_id}").json()

    result = askwell(servers.drafting, tenant, "watch", batch_id)

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"error: 404 Not Found: {problem['detail']}"
    assert result.stdout == ""


def test_a_bad_api_key_fails_with_a_clear_message(servers: Servers, tmp_path: Path) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text(f"{uuid.uuid4()}\n")
    bad_key = "askw_" + "x" * 40

    watched = askwell(servers.drafting, bad_key, "watch", str(uuid.uuid4()))
    submitted = askwell(
        servers.drafting,
        bad_key,
        "submit",
        "--requester",
        str(uuid.uuid4()),
        "--contacts",
        str(ids),
    )
    missing = CliRunner().invoke(cli, ["batch", "watch", str(uuid.uuid4())], env={})

    for result in (watched, submitted):
        assert result.exit_code == 1
        first = result.stderr.splitlines()[0]
        assert re.fullmatch(
            r"error: 401 Unauthorized: The API key is \w+\. \(check --api-key or "
            r"ASKWELL_API_KEY\)",
            first,
        ), first
        assert bad_key not in result.output
    assert missing.exit_code == 2
    assert (
        "Invalid value for --api-key: none given: pass --api-key or set ASKWELL_API_KEY"
        in plain(missing.stderr)
    )


def test_nothing_imported_means_nothing_submitted(
    servers: Servers, make_tenant: MakeTenant, tmp_path: Path
) -> None:
    tenant = make_tenant()
    requester = make_requester(servers.drafting, tenant)
    contacts = tmp_path / "contacts.json"
    contacts.write_text(json.dumps({"contacts": [{"title": "No name"}]}))

    result = askwell(
        servers.drafting, tenant, "submit", "--requester", requester, "--contacts", str(contacts)
    )

    assert result.exit_code == 1
    assert re.search(r"^row 1: name: ", result.stderr, re.M), result.stderr
    assert "error: no contact was imported, so no batch was submitted" in result.stderr
    with api(servers.drafting, tenant) as client:
        assert client.get("/v1/batches").json()["items"] == []


def test_more_contacts_than_a_batch_takes_is_a_usage_error(tmp_path: Path) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text("\n".join(str(uuid.uuid4()) for _ in range(5001)))

    result = CliRunner().invoke(
        cli,
        ["batch", "submit", "--requester", str(uuid.uuid4()), "--contacts", str(ids)],
        env={"ASKWELL_API_KEY": "askw_unused"},
    )

    assert result.exit_code == 2
    assert "has 5,001 contacts; a batch takes at most 5,000" in plain(result.stderr)


IDS = [str(uuid.uuid4()) for _ in range(3)]


@pytest.mark.parametrize(
    ("content", "kind", "count"),
    [
        (CSV, ContactRows, 4),
        ('{"contacts": [{"name": "Ana"}, {"name": "Dana"}]}', ContactRows, 2),
        ('[{"name": "Ana"}]', ContactRows, 1),
        (json.dumps(IDS), ContactIds, 3),
        ("\ufeff# ids\n\n" + "\r\n".join(IDS) + "\n", ContactIds, 3),
        ("\n".join([*IDS, IDS[0]]), ContactIds, 3),  # a repeat is left out
    ],
)
def test_the_contacts_file_is_told_apart_by_its_content(
    tmp_path: Path, content: str, kind: type, count: int
) -> None:
    path = tmp_path / "contacts"
    path.write_text(content, encoding="utf-8")

    contacts = read_contacts(path)

    assert isinstance(contacts, kind)
    if isinstance(contacts, ContactIds):
        assert [str(i) for i in contacts.ids] == IDS
    else:
        assert contacts.rows == count


def test_a_long_csv_is_imported_in_parts_that_keep_the_files_row_numbers(
    tmp_path: Path,
) -> None:
    records = [f'Person {n},"Leads ward {n},\nnights",person' for n in range(1, 1203)]
    records[4] = ""  # a blank line: no row, but it keeps its number
    records[1100] = ",no name,person"
    path = tmp_path / "long.csv"
    path.write_text("name,fact_1,fact_1_about\r\n" + "\r\n".join(records) + "\r\n")

    contacts = read_contacts(path)

    assert isinstance(contacts, ContactRows)
    assert contacts.rows == 1201
    assert len(contacts.requests) == 2
    names: dict[int, str | None] = {}
    for before, body in contacts.requests:
        part = read_import(body, content_type="text/csv")  # as the service reads each part
        names |= {before + row: contact.name for row, contact in part.valid}
        names |= {before + e.row: None for e in part.invalid}
    expected = {n: f"Person {n}" for n in range(1, 1203) if n != 5}
    expected[1101] = None
    assert names == expected


# -- a batch that stays queued: cancelled, or watched and left ------------------------------


@pytest.fixture
def queued(
    engine: Engine, servers: Servers, app: FastAPI, make_tenant: MakeTenant
) -> Iterator[tuple[TenantKey, str]]:
    """A tenant and its batch of 3 on the idle server, cancelled afterwards: left queued, it
    would be run by the next runner that sweeps the suite's database."""
    tenant = make_tenant()
    requester, contacts = seed(engine, tenant.tenant_id, 3)
    with api(servers.idle, tenant) as client:
        response = client.post(
            "/v1/batches",
            json={"requester_id": requester, "contact_ids": contacts, "channel": "email"},
        )
        assert response.status_code == 202, response.text
        batch_id = str(response.json()["id"])
        yield tenant, batch_id
        client.post(f"/v1/batches/{batch_id}/cancel")


class Watch:
    """`askwell batch watch` in its own process, configured by environment variables."""

    def __init__(self, server: Runner, tenant: TenantKey, batch_id: str, log: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASKWELL_")}
        env.update(ASKWELL_URL=server.base_url, ASKWELL_API_KEY=tenant.api_key)
        self.stderr = log
        with log.open("wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "service.cli", "batch", "watch", batch_id],
                cwd=REPO_ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )

    def wait_for(self, text: str) -> None:
        assert wait_until(lambda: text in self.stderr.read_text(), timeout=30), self.output()

    def finish(self) -> tuple[int, str, str]:
        stdout, _ = self.process.communicate(timeout=30)
        return self.process.returncode, stdout, self.stderr.read_text()

    def output(self) -> str:
        self.process.kill()
        return self.stderr.read_text()


def test_watch_follows_a_batch_until_it_is_cancelled(
    servers: Servers, queued: tuple[TenantKey, str], tmp_path: Path
) -> None:
    tenant, batch_id = queued
    watch = Watch(servers.idle, tenant, batch_id, tmp_path / "watch.err")
    watch.wait_for("queued 0/3 (queued 3)")

    with api(servers.idle, tenant) as client:
        assert client.post(f"/v1/batches/{batch_id}/cancel").status_code == 200
    code, stdout, stderr = watch.finish()

    assert code == 3, stderr
    assert stdout.startswith(f"batch {batch_id} cancelled: 3 of 3 items done in "), stdout
    assert counts_in(stdout)["skipped"] == 3
    assert re.search(r"^skipped \(3\):\n(  contact \S+: cancelled.*\n){3}", stdout, re.M), stdout


def test_ctrl_c_stops_watching_but_not_the_batch(
    servers: Servers, queued: tuple[TenantKey, str], tmp_path: Path
) -> None:
    tenant, batch_id = queued
    watch = Watch(servers.idle, tenant, batch_id, tmp_path / "watch.err")
    watch.wait_for("queued 0/3")

    watch.process.send_signal(signal.SIGINT)
    code, _, stderr = watch.finish()

    assert code == 130, stderr
    resume = f"Resume with: askwell batch watch --url {servers.idle.base_url} {batch_id}"
    assert resume in stderr
    assert "Traceback" not in stderr
    with api(servers.idle, tenant) as client:
        assert client.get(f"/v1/batches/{batch_id}").json()["status"] == "queued"


def test_a_dry_run_with_contacts_as_data_writes_nothing(
    engine: Engine, servers: Servers, make_tenant: MakeTenant, tmp_path: Path
) -> None:
    from sqlalchemy import func, select

    from service.contacts.models import Contact
    from service.research.models import ResearchSummary

    tenant = make_tenant()
    requester = make_requester(servers.drafting, tenant)
    with api(servers.drafting, tenant) as client:
        known = client.post(
            "/v1/contacts", json={"name": "Known Person", "email": "known@example.org"}
        ).json()["id"]
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "name,email,fact_1\n"
        "Known Again,KNOWN@example.org,Led the 2025 EHR rollout\n"
        "New Person,new@example.org,Spoke at HIMSS 2026\n",
        encoding="utf-8",
    )

    def rows() -> tuple[int, int]:
        with engine.connect() as connection:
            return tuple(  # type: ignore[return-value]
                connection.execute(
                    select(func.count())
                    .select_from(table)
                    .where(table.tenant_id == tenant.tenant_id)
                ).scalar_one()
                for table in (Contact, ResearchSummary)
            )

    before = rows()
    args = ("submit", "--requester", requester, "--contacts", str(contacts), "--dry-run")
    result = askwell(servers.drafting, tenant, *args)
    as_json = askwell(servers.drafting, tenant, *args, "--json")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("dry run: would import 1 new contact (rows 2)"), result.stdout
    answer = json.loads(as_json.stdout)
    assert answer["would_import"] == [2]
    assert answer["would_match"] == [known]
    assert rows() == before
    with api(servers.drafting, tenant) as client:
        assert client.get("/v1/batches").json()["items"] == []
