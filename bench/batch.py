"""Benchmark of batch drafting (`POST /v1/batches`) on the DBOS runner, against a local LLM.

    .venv/bin/python bench/batch.py [--scenarios sqlite,pg1,pg2,rss] [--items 1000]
                                    [--latency-ms 500] [--concurrency 50]
                                    [--poll-interval 0.05] [--rss-items 5000]
                                    [--rss-latency-ms 50] [--rss-db postgres|sqlite]
                                    [--postgres-url URL] [--env NAME=VALUE ...]

All on loopback. Each scenario gets a fresh database (a SQLite file in a temp dir, or a
PostgreSQL database `askwell_bench_<random>` created next to `--postgres-url` and dropped
`WITH (FORCE)` at the end), migrated from this process, and its own LLM stand-in
(`python -m tests.support.llm_server --latency-ms N`, OpenAI-compatible; its drafts pass
the gate). A tenant and key are made through the service's own functions, and one
requester plus N contacts with two research facts each are inserted in bulk
(`tests.batches.support.seed`). Then the runner processes are started
(`tests.batches.support.Runner`: `python -m service.cli serve|worker`) and ONE batch of
all N contacts is submitted with `POST /v1/batches`. The clock runs from just before the
POST until `GET /v1/batches/{id}` (polled every `--status-poll` s, default 0.05) says
`completed`; a scenario that takes longer than `--timeout-factor` x its ideal (at least
`--min-timeout` s; for rss at least `--rss-timeout` s, since its figure is memory, not
speed) is stopped and reported as timed out.

Scenarios (default: all four):

  sqlite  one `askwell serve` process with its embedded runner on a SQLite file;
          ASKWELL_LLM_CONCURRENCY=C.
  pg1     PostgreSQL: an API process (`askwell serve`, ASKWELL_BATCH_EMBEDDED_WORKER=false)
          and one `askwell worker`; ASKWELL_LLM_CONCURRENCY=C, ASKWELL_WORKER_CONCURRENCY=C.
  pg2     as pg1 with two workers (distinct ASKWELL_WORKER_ID); ASKWELL_LLM_CONCURRENCY=2C is
          the global limit, ASKWELL_WORKER_CONCURRENCY=C per worker. Its throughput is
          compared with pg1's (run both for the ratio).
  rss     `--rss-items` items on one runner process at `--rss-latency-ms` (short, to keep
          the run short): PostgreSQL (API process + one `askwell worker`, the worker's RSS)
          or `--rss-db sqlite` (one `askwell serve` with the embedded runner, that
          process's RSS). VmRSS is read from /proc/PID/status every 100 ms: idle is the
          reading just before the POST (after start-up and `--settle` s), peak the highest
          one until the batch completed (VmHWM, the kernel's own high-water mark, is shown
          next to it).

C is `--concurrency` (default 50); the ideal wall time is items x latency / total
concurrency (1,000 x 0.5 s / 50 = 10 s). Every service process gets
ASKWELL_BATCH_POLL_INTERVAL_S=`--poll-interval` and any `--env NAME=VALUE`. Printed per
scenario: wall time, ideal, ratio, items/s, item counts per state, the time from the POST
to the first item starting and the batch's own created->finished span, CPU seconds of each
service process and of the LLM stand-in during the measured window (from /proc), and the
machine's CPU use in that window (PostgreSQL's own processes included there).

Targets (from the issue): wall <= 1.3x ideal on SQLite and on PostgreSQL (one worker); two
workers >= 1.7x one worker's throughput; the worker's peak RSS <= idle + 150 MB. And the
limit itself: the most model calls the stand-in answered at once (it counts them, served
at GET /askwell/stats) must not exceed the total concurrency. A target
also fails when any item ended failed or skipped. PASS/FAIL is printed, but the exit status
is 0 whenever the benchmark itself ran: it is a report, not a gate.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))  # `service` and `tests` when run as a script

from api import (  # noqa: E402  (bench/api.py: process and database helpers)
    HOST,
    PEPPER,
    free_port,
    postgres_database,
    request,
    service_env,
    sqlite_database,
)
from drafts import MODEL, LLMProcess, start_llm, stop_llm  # noqa: E402

from tests.batches.support import Runner, seed  # noqa: E402

DEFAULT_PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SCENARIOS = ("sqlite", "pg1", "pg2", "rss")
TARGET_IDEAL_RATIO = 1.3
TARGET_SCALE_OUT = 1.7
TARGET_RSS_GROWTH_MB = 150.0
RSS_SAMPLE_S = 0.1
DONE = ("completed", "cancelled")
STATES = ("queued", "drafting", "needs_review", "gate_failed", "skipped", "failed")


# --------------------------------------------------------------------------------------
# /proc readings
# --------------------------------------------------------------------------------------


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system, all threads) used so far by one live process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return float("nan")
    fields = stat[stat.rfind(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    total = sum(values[:8])  # user nice system idle iowait irq softirq steal
    return total - values[3] - values[4], total


def rss_kib(pid: int, key: str = "VmRSS") -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


class RssSampler:
    """VmRSS of one process every `interval` s on a daemon thread."""

    def __init__(self, pid: int, interval: float = RSS_SAMPLE_S) -> None:
        self.pid = pid
        self.interval = interval
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            value = rss_kib(self.pid)
            if value is not None:
                self.samples.append((time.monotonic(), value))
            if self._stop.wait(self.interval):
                return

    def peak_since(self, since: float) -> int | None:
        values = [kib for at, kib in self.samples if at >= since]
        return max(values) if values else None


# --------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    db: str  # "sqlite" or "postgres"
    workers: int  # 0: one `askwell serve` with the embedded runner
    items: int
    latency_ms: float
    concurrency: int  # per runner process
    rss: bool = False

    @property
    def total_concurrency(self) -> int:
        return self.concurrency * max(1, self.workers)

    @property
    def ideal_s(self) -> float:
        return self.items * self.latency_ms / 1000 / self.total_concurrency


@dataclass
class RssFigures:
    process: str
    idle_kib: int
    peak_kib: int
    hwm_kib: int | None
    samples: int

    @property
    def growth_mb(self) -> float:
        return (self.peak_kib - self.idle_kib) / 1024


@dataclass
class Outcome:
    scenario: Scenario
    wall_s: float | None = None
    timed_out: bool = False
    status: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    first_start_s: float | None = None
    server_span_s: float | None = None
    post_s: float | None = None
    cpu_s: dict[str, float] = field(default_factory=dict)
    machine_cpu_pct: float | None = None
    rss: RssFigures | None = None
    notes: list[str] = field(default_factory=list)
    item_spans: dict[str, tuple[float, float]] = field(default_factory=dict)
    llm_peak: int | None = None  # most model calls the stand-in answered at once
    error: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.wall_s is None:
            return None
        return self.wall_s / self.scenario.ideal_s

    @property
    def items_per_s(self) -> float | None:
        if self.wall_s is None or self.timed_out:
            return None
        return self.scenario.items / self.wall_s

    @property
    def undrafted(self) -> int:
        return sum(self.counts.get(s, 0) for s in ("skipped", "failed"))


def scenarios(args: argparse.Namespace) -> list[Scenario]:
    c, n, latency = args.concurrency, args.items, args.latency_ms
    table = {
        "sqlite": Scenario(
            "sqlite", "SQLite, one process (askwell serve)", "sqlite", 0, n, latency, c
        ),
        "pg1": Scenario("pg1", "PostgreSQL, API + one worker", "postgres", 1, n, latency, c),
        "pg2": Scenario("pg2", "PostgreSQL, API + two workers", "postgres", 2, n, latency, c),
        "rss": Scenario(
            "rss",
            "worker RSS, "
            + (
                "PostgreSQL, API + one worker"
                if args.rss_db == "postgres"
                else "SQLite, one process"
            ),
            args.rss_db,
            1 if args.rss_db == "postgres" else 0,
            args.rss_items,
            args.rss_latency_ms,
            c,
            rss=True,
        ),
    }
    return [table[name] for name in args.scenarios]


def prepare(url: str, items: int) -> tuple[str, str, list[str]]:
    """Migrate; a tenant with a key, a requester and `items` researched contacts, in bulk.

    Returns (API key, requester id, contact ids)."""
    import asyncio

    from sqlalchemy import create_engine

    from service.core import migrations
    from service.core.db import Database, unit_of_work
    from service.tenants import service as tenants
    from service.tenants.models import Scope
    from tests.support.databases import sync_url

    async def tenant_and_key() -> tuple[Any, str]:
        database = Database.connect(url, pool_size=1)
        try:
            async with unit_of_work(database.sessions) as session:
                tenant = await tenants.create_tenant(session, name="Batch bench tenant")
                _, key = await tenants.create_key(
                    session, tenant_id=tenant.id, name="bench", scopes=list(Scope), pepper=PEPPER
                )
                return tenant.id, key
        finally:
            await database.dispose()

    migrations.upgrade(url)
    tenant_id, api_key = asyncio.run(tenant_and_key())
    engine = create_engine(sync_url(url))
    try:
        requester_id, contact_ids = seed(engine, tenant_id, items)
    finally:
        engine.dispose()
    return api_key, requester_id, contact_ids


@contextlib.contextmanager
def database(scenario: Scenario, args: argparse.Namespace, workdir: Path) -> Iterator[str]:
    if scenario.db == "sqlite":
        with sqlite_database(workdir) as (url, _name):
            yield url
    else:
        with postgres_database(args.postgres_url) as (url, _name):
            yield url


def _tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.splitlines()[-lines:])


def run_scenario(scenario: Scenario, args: argparse.Namespace, tmp: Path) -> Outcome:
    outcome = Outcome(scenario)
    workdir = tmp / scenario.name
    workdir.mkdir()
    say = _announcer(scenario.name)
    processes: list[tuple[str, Runner]] = []
    try:
        with contextlib.ExitStack() as stack:
            url = stack.enter_context(database(scenario, args, workdir))
            started = time.monotonic()
            api_key, requester_id, contact_ids = prepare(url, scenario.items)
            outcome.notes.append(
                f"seeded 1 requester and {len(contact_ids)} contacts with 2 facts each "
                f"in {time.monotonic() - started:.1f} s"
            )

            llm_port = free_port()
            llm: LLMProcess = start_llm(llm_port, scenario.latency_ms, workdir)
            stack.callback(stop_llm, llm)

            env = service_env(url)
            env.update(
                OPENAI_BASE_URL=f"http://{HOST}:{llm_port}/v1",
                OPENAI_API_KEY="sk-local",
                ASKWELL_LLM_MODEL=MODEL,
                ASKWELL_LLM_CONCURRENCY=str(scenario.total_concurrency),
                ASKWELL_WORKER_CONCURRENCY=str(scenario.concurrency),
                ASKWELL_BATCH_POLL_INTERVAL_S=str(args.poll_interval),
            )
            env.update(args.env)

            say("starting the service ...")
            if scenario.workers == 0:
                api = Runner("serve", env, workdir / "serve.log")
                processes.append(("serve", api))
                stack.callback(api.stop)
                api.start()
                runners = [("serve", api)]
            else:
                api = Runner(
                    "serve", {**env, "ASKWELL_BATCH_EMBEDDED_WORKER": "false"}, workdir / "api.log"
                )
                processes.append(("api", api))
                stack.callback(api.stop)
                api.start()
                runners = []
                for n in range(1, scenario.workers + 1):
                    worker = Runner(
                        "worker",
                        {**env, "ASKWELL_WORKER_ID": f"bench-w{n}"},
                        workdir / f"worker{n}.log",
                    )
                    processes.append((f"worker{n}", worker))
                    stack.callback(worker.stop)
                    worker.start()  # one after the other: each waits for its "running" line
                    runners.append((f"worker{n}", worker))
            assert api.port is not None

            # Runs first on the way out (before the processes are stopped): who died early.
            stack.callback(_note_exits, processes, outcome)
            watched_name, watched = runners[0]
            assert watched.process is not None
            sampler = stack.enter_context(RssSampler(watched.process.pid)) if scenario.rss else None
            if args.settle > 0:
                time.sleep(args.settle)
            measure(
                scenario,
                args,
                outcome,
                api,
                processes,
                llm,
                requester_id,
                contact_ids,
                api_key,
                sampler,
                watched_name,
            )
            outcome.llm_peak = _llm_peak(llm_port)
            if outcome.item_spans:
                outcome.notes.append(engine_timeline(url, outcome.item_spans))
            if outcome.counts.get("failed"):
                for name, runner in processes:
                    trace = first_traceback(runner.output())
                    if trace:
                        outcome.notes.append(f"first traceback in {name}'s log:\n{trace}")
                        break
    except Exception as exc:  # a failed scenario is reported; the others still run
        outcome.error = _tail(f"{type(exc).__name__}: {exc}", 40)
        for name, runner in processes:
            log = runner.output()
            if log.strip():
                outcome.notes.append(f"{name} log (tail):\n{_tail(log)}")
    return outcome


def first_traceback(log: str, lines: int = 14) -> str | None:
    """The end of the first Python traceback in a log (its innermost frames and error)."""
    text = log.splitlines()
    for start, line in enumerate(text):
        if line.startswith("Traceback (most recent call last):"):
            end = start + 1
            while end < len(text) and (text[end].startswith(" ") or not text[end].strip()):
                end += 1
            return "\n".join(text[max(start, end + 1 - lines) : end + 1])
    return None


def _note_exits(processes: list[tuple[str, Runner]], outcome: Outcome) -> None:
    for name, runner in processes:
        if runner.process is not None and runner.process.poll() is not None:
            outcome.notes.append(f"{name} exited early, with {runner.process.returncode}")


def measure(
    scenario: Scenario,
    args: argparse.Namespace,
    outcome: Outcome,
    api: Runner,
    processes: list[tuple[str, Runner]],
    llm: LLMProcess,
    requester_id: str,
    contact_ids: list[str],
    api_key: str,
    sampler: RssSampler | None,
    watched_name: str,
) -> None:
    assert api.port is not None
    say = _announcer(scenario.name)
    auth = {"Authorization": f"Bearer {api_key}"}
    body = json.dumps(
        {"requester_id": requester_id, "contact_ids": contact_ids, "channel": "email"}
    )
    pids = {name: r.process.pid for name, r in processes if r.process is not None}
    pids["llm"] = llm.process.pid
    timeout = max(args.timeout_factor * scenario.ideal_s, args.min_timeout)
    if scenario.rss:
        timeout = max(timeout, args.rss_timeout)  # the figure is memory, not speed

    idle = None
    if sampler is not None:
        idle = rss_kib(sampler.pid)
    cpu_before = {name: process_cpu_seconds(pid) for name, pid in pids.items()}
    busy_before, total_before = machine_cpu_ticks()
    say(
        f"POST /v1/batches with {scenario.items} contacts, LLM {scenario.latency_ms:g} ms, "
        f"ideal {scenario.ideal_s:.1f} s (timeout {timeout:.0f} s) ..."
    )
    started = time.monotonic()
    status, payload = request(
        api.port,
        "POST",
        "/v1/batches",
        body=body,
        headers={**auth, "Content-Type": "application/json"},
        timeout=max(60.0, timeout),
    )
    outcome.post_s = time.monotonic() - started
    if status != 202:
        raise RuntimeError(f"POST /v1/batches answered {status}: {payload[:300]!r}")
    batch_id = json.loads(payload)["id"]

    batch: dict[str, Any] = {}
    path = f"/v1/batches/{batch_id}"
    while True:
        status, payload = request(api.port, "GET", path, headers=auth, timeout=30)
        now = time.monotonic()
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}: {payload[:300]!r}")
        batch = json.loads(payload)
        if batch["status"] in DONE:
            outcome.wall_s = now - started
            break
        if now - started > timeout:
            outcome.timed_out = True
            outcome.wall_s = now - started
            break
        for name, runner in processes:
            if runner.process is not None and runner.process.poll() is not None:
                raise RuntimeError(f"{name} exited with {runner.process.returncode} mid-batch")
        time.sleep(args.status_poll)

    outcome.cpu_s = {
        name: process_cpu_seconds(pid) - cpu_before[name] for name, pid in pids.items()
    }
    busy_after, total_after = machine_cpu_ticks()
    if total_after > total_before:
        outcome.machine_cpu_pct = (
            100 * (os.cpu_count() or 1) * (busy_after - busy_before) / (total_after - total_before)
        )
    outcome.status = batch["status"]
    outcome.counts = {s: int(batch["counts"].get(s, 0)) for s in STATES}
    created = _timestamp(batch.get("created_at"))
    first = _timestamp(batch.get("started_at"))
    finished = _timestamp(batch.get("finished_at"))
    if created is not None and first is not None:
        outcome.first_start_s = first - created
    if created is not None and finished is not None:
        outcome.server_span_s = finished - created
    if sampler is not None and idle is not None:
        peak = sampler.peak_since(started)
        if peak is not None:
            outcome.rss = RssFigures(
                process=f"{watched_name} (pid {sampler.pid})",
                idle_kib=idle,
                peak_kib=max(peak, idle),
                hwm_kib=rss_kib(sampler.pid, "VmHWM"),
                samples=len([1 for at, _ in sampler.samples if at >= started]),
            )
    if outcome.undrafted:
        outcome.notes.extend(undrafted_reasons(api.port, path, auth))
    if not scenario.rss:
        outcome.notes.append(
            item_timeline(api.port, path, auth, scenario.latency_ms / 1000, outcome.item_spans)
        )
    verdict = "TIMED OUT" if outcome.timed_out else batch["status"]
    say(f"{verdict} after {outcome.wall_s:.2f} s")


def item_timeline(
    port: int,
    path: str,
    auth: dict[str, str],
    latency_s: float,
    spans_by_id: dict[str, tuple[float, float]],
) -> str:
    """Where the time went: how long items took from start to end, and how many ran at once.

    An item's span well over the model's latency means the runner was slow to get back to
    it (CPU); fewer at once than the concurrency means items were not dispatched fast enough.
    """
    spans: list[tuple[float, float]] = []
    cursor = None
    while True:
        query = "?limit=100" + (f"&cursor={cursor}" if cursor else "")
        status, payload = request(port, "GET", f"{path}/items{query}", headers=auth, timeout=30)
        if status != 200:
            return f"items not read ({status})"
        page = json.loads(payload)
        for item in page["items"]:
            start, end = _timestamp(item["started_at"]), _timestamp(item["finished_at"])
            if start is not None and end is not None:
                spans.append((start, end))
                spans_by_id[item["id"]] = (start, end)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    if not spans:
        return "no item timings"
    durations = sorted(end - start for start, end in spans)
    events = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans])
    running = peak = 0
    busy = 0.0
    last = events[0][0]
    for at, change in events:
        busy += running * (at - last)
        last = at
        running += change
        peak = max(peak, running)
    window = max(e for _, e in spans) - min(s for s, _ in spans)
    return (
        f"item span start->end: p50 {statistics.median(durations) * 1000:.0f} ms, "
        f"p95 {durations[int(0.95 * (len(durations) - 1))] * 1000:.0f} ms "
        f"(model {latency_s * 1000:.0f} ms); items at once: peak {peak}, "
        f"mean {busy / window:.1f}"
        if window > 0
        else "one instant"
    )


def engine_timeline(url: str, spans_by_id: dict[str, tuple[float, float]]) -> str:
    """The engine's side of each item: claimed (dequeued) -> the item's start, the item's
    end -> the workflow recorded done, and how many workflows held a queue slot on average.

    Slots held but idle (claimed, not started; finished, not yet released) plus slots not
    held at all (waiting for the next poll) are what keeps a run above its ideal when the
    model is the only thing that should take time.
    """
    from types import SimpleNamespace

    from sqlalchemy import create_engine, text

    from service.batches.engine import ITEM_WORKFLOW, system_database_url

    settings = SimpleNamespace(batch_system_database_url=None, database_url=url)
    engine_url = system_database_url(settings)  # type: ignore[arg-type]
    if engine_url.startswith("sqlite") and sys.version_info < (3, 12):
        # The engine stamps SQLite rows with strftime('%s'): whole seconds before 3.12.
        return "engine timeline: only on PostgreSQL here (SQLite stamps whole seconds)"
    table = "workflow_status" if engine_url.startswith("sqlite") else "dbos.workflow_status"
    engine = create_engine(engine_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    f"SELECT workflow_uuid, started_at_epoch_ms, updated_at FROM {table} "
                    "WHERE name = :name"
                ),
                {"name": ITEM_WORKFLOW},
            ).all()
    finally:
        engine.dispose()
    claim_to_start: list[float] = []
    end_to_done: list[float] = []
    held: list[tuple[float, float]] = []
    for workflow_id, claimed_ms, updated_ms in rows:
        item_id = workflow_id.removeprefix("askwell-item-")
        if item_id not in spans_by_id or claimed_ms is None or updated_ms is None:
            continue
        start, end = spans_by_id[item_id]
        claimed, done = claimed_ms / 1000, updated_ms / 1000
        claim_to_start.append(start - claimed)
        end_to_done.append(done - end)
        held.append((claimed, done))
    if not held:
        return "engine timeline: no workflow rows matched the items"
    claim_to_start.sort()
    end_to_done.sort()
    window = max(d for _, d in held) - min(c for c, _ in held)
    mean_held = sum(d - c for c, d in held) / window if window > 0 else float("nan")

    def ms(values: list[float], q: float) -> str:
        return f"{values[int(q * (len(values) - 1))] * 1000:.0f}"

    return (
        f"engine: claim->item start p50 {ms(claim_to_start, 0.5)} ms, p95 "
        f"{ms(claim_to_start, 0.95)} ms; item end->workflow done p50 {ms(end_to_done, 0.5)} ms, "
        f"p95 {ms(end_to_done, 0.95)} ms; queue slots held on average {mean_held:.1f}"
    )


def undrafted_reasons(port: int, path: str, auth: dict[str, str]) -> list[str]:
    """Why items failed or were skipped: counts per reason and one detail of each."""
    lines = []
    for state in ("failed", "skipped"):
        status, payload = request(
            port, "GET", f"{path}/items?status={state}&limit=100", headers=auth, timeout=30
        )
        if status != 200:
            lines.append(f"GET {path}/items?status={state} answered {status}")
            continue
        details: dict[str, tuple[int, str]] = {}
        for item in json.loads(payload)["items"]:
            n, _ = details.get(item["reason"], (0, ""))
            details[item["reason"]] = (n + 1, item["detail"] or "")
        for reason, (n, detail) in details.items():
            lines.append(f"{state} items (of the first 100): {n} x {reason}: {detail[:300]}")
    return lines


def _timestamp(value: str | None) -> float | None:
    from datetime import datetime

    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def _announcer(name: str) -> Any:
    def say(message: str) -> None:
        print(f"  [{name}] {message}", flush=True)

    return say


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def _fmt(value: float | None, spec: str, unit: str = "") -> str:
    return "n/a" if value is None else f"{value:{spec}}{unit}"


def _llm_peak(port: int) -> int | None:
    """The stand-in's own count of the most calls it answered at once."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/askwell/stats", timeout=5) as answer:
            return int(json.load(answer)["peak_in_flight"])
    except (OSError, ValueError, KeyError):
        return None


def report_scenario(outcome: Outcome, pg1: Outcome | None) -> None:
    sc = outcome.scenario
    print()
    print(f"== {sc.name}: {sc.title}")
    runners = "embedded runner" if sc.workers == 0 else f"{sc.workers} worker(s)"
    print(
        f"   {sc.items} items, LLM latency {sc.latency_ms:g} ms, {runners}, concurrency "
        f"{sc.concurrency} per process / {sc.total_concurrency} total"
    )
    if outcome.error is not None:
        print(f"   FAILED: {outcome.error}")
    if outcome.wall_s is not None:
        wall = f"{outcome.wall_s:.2f} s" + (
            " (TIMED OUT, batch unfinished)" if outcome.timed_out else ""
        )
        print(f"   wall time          {wall}")
        print(
            f"   ideal              {sc.ideal_s:.2f} s  (items x latency / {sc.total_concurrency})"
        )
        print(f"   ratio to ideal     {_fmt(outcome.ratio, '.2f', 'x')}")
        print(f"   throughput         {_fmt(outcome.items_per_s, '.1f', ' items/s')}")
        print(
            f"   model calls at once peak {_fmt(outcome.llm_peak, 'd', '')} (limit "
            f"{outcome.scenario.total_concurrency}, counted by the stand-in)"
        )
        if sc.name == "pg2":
            print(
                f"   two/one workers    {_fmt(scale_out(outcome, pg1), '.2f', 'x')} (items/s vs pg1)"
            )
        print(f"   batch status       {outcome.status}")
        print("   items per state    " + ", ".join(f"{s} {n}" for s, n in outcome.counts.items()))
        print(f"   POST answered in   {_fmt(outcome.post_s, '.2f', ' s')}")
        print(
            f"   first item started {_fmt(outcome.first_start_s, '.2f', ' s')} after the batch was created"
        )
        print(
            f"   created->finished  {_fmt(outcome.server_span_s, '.2f', ' s')} (the batch's own timestamps)"
        )
        cpu = ", ".join(f"{name} {seconds:.1f}" for name, seconds in outcome.cpu_s.items())
        print(f"   CPU seconds        {cpu}")
        print(
            f"   machine CPU        {_fmt(outcome.machine_cpu_pct, '.0f', '%')} of "
            f"{(os.cpu_count() or 1) * 100}% (all processes, PostgreSQL included)"
        )
    if outcome.rss is not None:
        r = outcome.rss
        print(
            f"   RSS of {r.process}, sampled every {RSS_SAMPLE_S * 1000:.0f} ms ({r.samples} samples):"
        )
        print(f"     idle (before POST)  {r.idle_kib / 1024:8.1f} MB")
        print(f"     peak                {r.peak_kib / 1024:8.1f} MB")
        print(f"     growth              {r.growth_mb:+8.1f} MB")
        if r.hwm_kib is not None:
            print(f"     VmHWM at the end    {r.hwm_kib / 1024:8.1f} MB (kernel high-water mark)")
    for note in outcome.notes:
        lines = note.splitlines()
        print(f"   note: {lines[0]}")
        for line in lines[1:]:
            print(f"         {line}")


def scale_out(pg2: Outcome, pg1: Outcome | None) -> float | None:
    if pg1 is None or pg1.items_per_s is None or pg2.items_per_s is None:
        return None
    return pg2.items_per_s / pg1.items_per_s


def _verdict(outcome: Outcome | None, ok: bool | None) -> str:
    if outcome is None:
        return "not run"
    if outcome.error is not None:
        return "FAIL (error)"
    if outcome.timed_out:
        return "FAIL (timed out)"
    if outcome.undrafted:
        return f"FAIL ({outcome.undrafted} items failed/skipped)"
    if ok is None:
        return "n/a"
    return "PASS" if ok else "FAIL"


def summary(outcomes: dict[str, Outcome]) -> None:
    print()
    print("Summary")
    header = f"  {'target':<52}{'measured':>16}   verdict"
    print(header)
    print("  " + "-" * (len(header) - 2))

    def row(target: str, measured: str, verdict: str) -> None:
        print(f"  {target:<52}{measured:>16}   {verdict}")

    for name, label in (("sqlite", "SQLite"), ("pg1", "PostgreSQL, 1 worker")):
        o = outcomes.get(name)
        ratio = o.ratio if o is not None else None
        ok = None if ratio is None else ratio <= TARGET_IDEAL_RATIO
        row(
            f"{label}: wall <= {TARGET_IDEAL_RATIO:g}x ideal",
            _fmt(ratio, ".2f", "x"),
            _verdict(o, ok),
        )
    pg1, pg2 = outcomes.get("pg1"), outcomes.get("pg2")
    ratio = scale_out(pg2, pg1) if pg2 is not None else None
    ok = None if ratio is None else ratio >= TARGET_SCALE_OUT
    verdict = _verdict(pg2, ok)
    if pg2 is not None and verdict in ("PASS", "n/a"):  # pg2 itself went well; and pg1?
        if pg1 is None:
            verdict = "n/a (pg1 not run)"
        elif _verdict(pg1, True) != "PASS":
            verdict = f"n/a (pg1: {_verdict(pg1, True)})"
    row(
        f"PostgreSQL: 2 workers >= {TARGET_SCALE_OUT:g}x 1 worker's items/s",
        _fmt(ratio, ".2f", "x"),
        verdict,
    )
    peaks = [o for o in outcomes.values() if o.llm_peak is not None]
    over = [o for o in peaks if (o.llm_peak or 0) > o.scenario.total_concurrency]
    row(
        "model calls at once <= the limit, every scenario",
        ", ".join(f"{o.scenario.name} {o.llm_peak}" for o in peaks) or "n/a",
        "n/a" if not peaks else "FAIL" if over else "PASS",
    )
    rss = outcomes.get("rss")
    growth = rss.rss.growth_mb if rss is not None and rss.rss is not None else None
    ok = None if growth is None else growth <= TARGET_RSS_GROWTH_MB
    label = "worker" if rss is None or rss.scenario.workers else "serve process"
    row(
        f"{label} peak RSS <= idle + {TARGET_RSS_GROWTH_MB:g} MB",
        _fmt(growth, "+.1f", " MB"),
        _verdict(rss, ok),
    )


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def _scenario_list(value: str) -> list[str]:
    names = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"choose from {','.join(SCENARIOS)}")
    return [n for n in SCENARIOS if n in names]  # in the canonical order: pg1 before pg2


def _env_pair(value: str) -> tuple[str, str]:
    name, sep, setting = value.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError("expected NAME=VALUE")
    return name, setting


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--scenarios",
        type=_scenario_list,
        default=list(SCENARIOS),
        help="Comma-separated, from sqlite,pg1,pg2,rss (default: all).",
    )
    parser.add_argument("--items", type=int, default=1000, help="Items of sqlite/pg1/pg2.")
    parser.add_argument("--latency-ms", type=float, default=500.0, help="LLM latency, sqlite/pg*.")
    parser.add_argument(
        "--concurrency", type=int, default=50, help="Items per runner process at once."
    )
    parser.add_argument(
        "--poll-interval",
        type=float,
        default=0.05,
        help="ASKWELL_BATCH_POLL_INTERVAL_S of the service processes.",
    )
    parser.add_argument(
        "--status-poll", type=float, default=0.05, help="Seconds between GET /v1/batches/{id}."
    )
    parser.add_argument("--rss-items", type=int, default=5000)
    parser.add_argument("--rss-latency-ms", type=float, default=50.0)
    parser.add_argument("--rss-db", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument(
        "--settle", type=float, default=2.0, help="Seconds to idle after start-up, before POST."
    )
    parser.add_argument("--timeout-factor", type=float, default=10.0, help="x the ideal.")
    parser.add_argument("--min-timeout", type=float, default=60.0, help="Seconds.")
    parser.add_argument(
        "--rss-timeout", type=float, default=600.0, help="Seconds, at least, for rss."
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("ASKWELL_BENCH_POSTGRES_URL", DEFAULT_PG_ADMIN_URL),
        help="Admin URL; the bench creates and drops its own databases next to it.",
    )
    parser.add_argument(
        "--env",
        type=_env_pair,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="Extra environment for every service process (repeatable), e.g. "
        "ASKWELL_DATABASE_POOL_SIZE=20.",
    )
    args = parser.parse_args(argv)
    if min(args.items, args.rss_items, args.concurrency) < 1:
        parser.error("--items, --rss-items and --concurrency must be >= 1")
    if max(args.items, args.rss_items) > 5000:
        parser.error("a batch holds at most 5,000 contacts")
    if min(args.latency_ms, args.rss_latency_ms, args.poll_interval, args.status_poll) <= 0:
        parser.error("latencies and poll intervals must be > 0")
    args.env = dict(args.env)
    return args


def _raise_on_sigterm(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    signal.signal(signal.SIGTERM, _raise_on_sigterm)  # so the clean-up below still runs
    print(
        f"askwell batch benchmark: scenarios {','.join(args.scenarios)}; {os.cpu_count()} CPUs; "
        f"load average {loadavg}; python {sys.version.split()[0]}",
        flush=True,
    )
    if float(loadavg.split()[0]) > 0.5:
        print("warning: the machine is busy; other work will skew the figures", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="askwell-bench-batch-"))
    outcomes: dict[str, Outcome] = {}
    try:
        for scenario in scenarios(args):
            outcomes[scenario.name] = run_scenario(scenario, args, tmp)
    except KeyboardInterrupt:
        print("\ninterrupted: the service processes and databases were cleaned up", flush=True)
        return 130
    except SystemExit:
        print("\nterminated: the service processes and databases were cleaned up", flush=True)
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print()
    print(f"load average after the run: {loadavg}")
    print(
        f"Settings: ASKWELL_BATCH_POLL_INTERVAL_S={args.poll_interval:g}; status polled every "
        f"{args.status_poll:g} s (the wall time includes up to one poll); "
        f"extra env: {args.env or 'none'}"
    )
    for outcome in outcomes.values():
        report_scenario(outcome, outcomes.get("pg1"))
    summary(outcomes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
