"""HTTP benchmark of askwell: a mix of six endpoints, each against a bare FastAPI endpoint.

    .venv/bin/python bench/api.py [--db sqlite|postgres|both] [--workers 1]
                                  [--compare-workers] [--duration 8] [--warmup 2]
                                  [--connections 64] [--only NAME,...]
                                  [--postgres-url URL] [--service-app MODULE:FACTORY]
                                  [--service-env KEY=VALUE] [--loader auto|wrk|python]
                                  [--profile DIR] [--show-pids]

    e.g. `--db both` (the figures for the issue), `--db postgres --compare-workers` (the
    scaling), `--only gate-check --duration 3 --warmup 1` (a quick look at one endpoint).

What it does, all on loopback:

1. Starts a bare FastAPI app (`create_bare_app` below: one async endpoint returning a
   constant JSON object) as its own uvicorn process, with the same worker count as the
   service, and loads `GET /bare`. That is the framework's ceiling here; every figure of
   the service is also given as a ratio to it, measured in the same run.
2. For each database (a fresh SQLite file in a temp dir; a fresh PostgreSQL database
   `askwell_bench_<random>` created on the admin URL and dropped `WITH (FORCE)` at the end):
   creates a tenant and key with `askwell tenant create`, starts the service with
   `uvicorn service.main:create_app --factory`, waits for `/readyz`, and seeds through the
   API only: 1,000 contacts (8 connections); one requester with a current role and a
   background; for 60 contacts a research version with two facts and a draft
   (`POST /v1/drafts`; no LLM is configured, so the offline drafter answers; 4 connections).
3. Checks every scenario once (status and shape of the answer; every rotated id), then
   loads each in turn, all through the normal stack:

       list-contacts   GET  /v1/contacts?limit=20
       get-contact     GET  /v1/contacts/{id}     rotating over 100 seeded contacts
       create-contact  POST /v1/contacts          a new e-mail each time (one per person)
       list-drafts     GET  /v1/drafts?limit=20
       get-draft       GET  /v1/drafts/{id}       rotating over the 60 seeded drafts
       gate-check      POST /v1/gate/check        a ~190-word email, no context

   After each scenario it waits until `/readyz` answers again (queued work drains) and, when
   a scenario got no response at all, prints where the server's threads are (py-spy dump).

Both apps run with the same uvicorn settings: `--workers N --log-level warning
--no-access-log` (`askwell serve` cannot turn the access log off, hence plain uvicorn;
the service's lifespan still migrates the database on start). The service otherwise keeps
its default settings, its own request log included (one JSON line per request, to a file);
`--service-env` changes one, e.g. `ASKWELL_LOG_LEVEL=WARNING` or
`ASKWELL_DATABASE_POOL_SIZE=20`.

`--compare-workers` runs all of the above with 1 and then with 2 uvicorn workers (the bare
app too, with 1 and with 2) and adds the mix's scaling: the geometric mean over the
endpoints of req/s with 2 workers divided by req/s with 1 (fresh database each time).

The load comes from a second process: `wrk` (keep-alive; a Lua script sets the method, body
and headers, rotates the paths or makes each e-mail unique with a `request` function, and
prints p50/p99) when it is on PATH, else `bench/_load.py`, an asyncio keep-alive loader that
costs the server CPU on a small machine, loads only the first id of a rotating scenario and
sends one e-mail for every create (the report says which loader ran). Each scenario gets a
warm-up that is not recorded.

Errors are non-2xx responses (wrk can only count status >= 400, which is the same thing
here since nothing redirects) plus socket errors and timeouts; after a scenario with
errors, a 2 s probe with `bench/_load.py` says which statuses they were. The CPU columns
cover the measured window only (100% = one core): the service's process group, the
PostgreSQL backends connected to the bench's database, the load generator, and whatever
else the machine did meanwhile ("other": other work skews the figures; the load average is
printed too). `--profile DIR` samples the service with py-spy during each measured window,
only the thread holding the GIL (it costs CPU, so a profiled run's figures are not the ones
to report), keeps the collapsed stacks in DIR and prints where the samples landed.

Targets (from issue 14), for one uvicorn worker at 64 connections on PostgreSQL: the
geometric mean of the six ratios to bare >= 0.10x (and no errors), p99 <= 200 ms on every
endpoint; with `--compare-workers`, the mix's scaling from 1 to 2 workers >= 1.6x. SQLite
figures are reported without a target. PASS/FAIL is printed, but the exit status is 0
whenever the benchmark itself ran: it is a report, not a gate.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import json
import math
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
HOST = "127.0.0.1"
DEFAULT_PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PEPPER = "askwell-bench-pepper-not-a-secret"

SEED_CONTACTS = 1000
SEED_CONTACT_CONNECTIONS = 8
ROTATED_CONTACTS = 100
SEED_DRAFTS = 60
SEED_DRAFT_CONNECTIONS = 4

TARGET_GEOMEAN = 0.10
TARGET_P99_MS = 200.0
TARGET_SCALING = 1.6

READY_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
RECOVER_TIMEOUT_S = 90.0
PROBE_S = 2.0

# Replaced by a value unique to each request: a contact's e-mail identifies the person, and
# a second contact with the same one is refused (409 contact-exists).
UNIQUE = "@UNIQUE@"
CONTACT_BODY = json.dumps(
    {
        "name": "Ada Benchmark",
        "title": "Staff Engineer",
        "organization": "Loopback Ltd",
        "seniority": "senior",
        "email": f"ada-{UNIQUE}@example.com",
        "how_found": "Conference talk on load testing",
    },
    separators=(",", ":"),
)
REQUESTER_BODY = json.dumps(
    {
        "name": "Sam Rivera",
        "email": "sam.rivera@example.com",
        "current_role": "Registered nurse in a hospital intensive care unit",
        "background": (
            "Eight years as an ICU nurse; finished a certificate in clinical data and health "
            "informatics; built a shift-handover dashboard in SQL for my unit."
        ),
        "interests": ["health informatics", "clinical decision support"],
        "learning_goals": "How clinicians move into informatics roles, and which skills matter.",
        "target_fields": ["health informatics"],
    }
)
GATE_TEXT = """Dear Dr. Okafor,

I'm a registered nurse who has spent the last eight years in intensive care, and over the \
past year I have been moving into health informatics: I finished a certificate program in \
clinical data and built a small shift-handover dashboard for my unit. I read your team's \
write-up on reducing alarm fatigue at Riverside Medical Center, and the part about tuning \
thresholds with bedside nurses rather than for them described exactly the problem I see on \
every night shift.

Would you be open to a 15-20 minute call in the next few weeks? I would like to ask three \
things: how you decided which alarms to change first, what skills turned out to matter most \
when you moved from clinical work into informatics, and whether you would recommend a formal \
degree or project experience for someone in my position.

I know your time is limited, so I will come prepared and keep to the time. If someone on \
your team would be a better person to ask, I would be grateful for the pointer.

Thank you for considering it.

Best regards,
Sam Rivera"""
GATE_BODY = json.dumps(
    {
        "text": GATE_TEXT,
        "subject": "A question about your alarm-fatigue work",
        "channel": "email",
    }
)
_TITLES = (
    "Director of Clinical Informatics",
    "Staff Engineer",
    "Product Manager",
    "Head of Data",
    "UX Research Lead",
    "Nurse Informaticist",
    "Engineering Manager",
    "Chief Medical Information Officer",
)


# --------------------------------------------------------------------------------------
# The bare app: the framework's ceiling. Imported by its own uvicorn process as
# `api:create_bare_app` (with `--app-dir bench`), so keep this module's imports light.
# --------------------------------------------------------------------------------------

BARE_PAYLOAD = {"status": "ok", "service": "bare", "version": 1}


def create_bare_app() -> FastAPI:
    from fastapi import FastAPI

    app = FastAPI(title="bare", openapi_url=None, docs_url=None, redoc_url=None)

    @app.get("/bare")
    async def bare() -> dict[str, Any]:
        return BARE_PAYLOAD

    @app.get("/readyz")
    async def readyz() -> dict[str, str]:
        return {"status": "ready"}

    return app


# --------------------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    database: str | None = None  # PostgreSQL database name, to find its backends

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def start_server(
    name: str,
    target: str,
    *,
    workers: int,
    env: dict[str, str],
    cwd: Path,
    app_dir: Path | None = None,
) -> Server:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        target,
        "--factory",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    if app_dir is not None:
        command += ["--app-dir", str(app_dir)]
    log_path = cwd / f"{name}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: workers die with it
        )
    return Server(name, process, port, log_path)


def stop_server(server: Server) -> None:
    process = server.process
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_TIMEOUT_S)
    # Whatever is left in the group (a stuck worker, or the leader itself) is killed.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=STOP_TIMEOUT_S)


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_ready(server: Server, timeout: float = READY_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"{server.name} exited with {server.process.returncode} before it was ready:\n"
                + server.log_tail()
            )
        try:
            status, payload = request(server.port, "GET", "/readyz", timeout=2.0)
            if status == 200:
                return
            last = f"{status} {payload[:200]!r}"
        except OSError as exc:
            last = repr(exc)
        time.sleep(0.1)
    raise RuntimeError(
        f"{server.name} not ready after {timeout:.0f} s ({last}):\n{server.log_tail()}"
    )


# --------------------------------------------------------------------------------------
# CPU accounting (Linux /proc)
# --------------------------------------------------------------------------------------

_TICKS = os.sysconf("SC_CLK_TCK")


def _proc_stats() -> Iterator[tuple[int, list[str]]]:
    """(pid, fields after "pid (comm) ") of every live process."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        yield int(entry.name), stat[stat.rfind(")") + 2 :].split()


def group_pids(pgid: int) -> list[int]:
    # fields: state(0) ppid(1) pgrp(2) ...
    return sorted(pid for pid, fields in _proc_stats() if int(fields[2]) == pgid)


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) used so far by the live processes of a process group."""
    total = 0
    for _pid, fields in _proc_stats():
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _TICKS


def postgres_backends(database: str | None) -> dict[int, float]:
    """pid -> CPU seconds so far of the PostgreSQL backends connected to `database` (when
    they run on this machine: their title is `postgres: <cluster>: <user> <database> ...`)."""
    if database is None:
        return {}
    needle = f" {database} ".encode()
    backends = {}
    for pid, fields in _proc_stats():
        try:
            title = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if title.startswith(b"postgres:") and needle in title:
            backends[pid] = (int(fields[11]) + int(fields[12])) / _TICKS
    return backends


def machine_busy_seconds() -> float:
    """CPU time all cores spent not idle so far (from the `cpu` line of /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    # user nice system idle iowait irq softirq steal guest guest_nice; guest is in user.
    return (sum(values[:8]) - values[3] - values[4]) / _TICKS


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --------------------------------------------------------------------------------------
# Scenarios and load generation
# --------------------------------------------------------------------------------------

Check = Callable[[int, Any], str | None]  # (status, parsed JSON) -> problem or None


@dataclass
class Scenario:
    name: str  # short name, also what --only takes
    method: str
    paths: list[str]  # one path, or several that the load rotates over
    label: str
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    check: Check | None = None


SCENARIO_NAMES = (
    "list-contacts",
    "get-contact",
    "create-contact",
    "list-drafts",
    "get-draft",
    "gate-check",
)


@dataclass
class LoadResult:
    requests: int
    duration_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    detail: str = ""
    server_cpu_pct: float | None = None
    db_cpu_pct: float | None = None
    loader_cpu_pct: float | None = None
    other_cpu_pct: float | None = None
    db_connections_opened: int = 0  # PostgreSQL backends started during the window
    db_connections_closed: int = 0

    @property
    def stalled(self) -> bool:
        return self.requests == 0

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s > 0 else 0.0


@dataclass
class Loader:
    kind: str  # "wrk" or "python"
    connections: int
    duration: float
    warmup: float
    wrk_threads: int
    workdir: Path
    description: str = field(init=False)

    def __post_init__(self) -> None:
        if self.kind == "wrk":
            version = subprocess.run(
                ["wrk", "-v"], capture_output=True, text=True, check=False
            ).stdout.split("\n", 1)[0]
            self.description = (
                f"{version.split(' [')[0].strip() or 'wrk'} "
                f"({self.wrk_threads} thread{'s' if self.wrk_threads > 1 else ''})"
            )
        else:
            reason = "wrk not found" if shutil.which("wrk") is None else "--loader python"
            self.description = (
                f"python asyncio loader (bench/_load.py; {reason}; rotating scenarios load "
                "their first id only; create-contact repeats one e-mail, so 409 after the "
                "first)"
            )

    def run(self, port: int, scenario: Scenario, seconds: float) -> LoadResult:
        if self.kind == "wrk":
            return self._wrk(port, scenario, seconds)
        return self._python(port, scenario, seconds)

    # wrk ------------------------------------------------------------------------------

    def _wrk_script(self, scenario: Scenario) -> Path:
        unique = scenario.body is not None and UNIQUE in scenario.body
        if unique and len(scenario.paths) > 1:
            raise ValueError("a scenario either rotates paths or makes unique bodies")
        lines = [f"wrk.method = {_lua_string(scenario.method)}"]
        if scenario.body is not None:
            lines.append(f"wrk.body = {_lua_string(scenario.body)}")
        for name, value in scenario.headers.items():
            lines.append(f"wrk.headers[ {_lua_string(name)} ] = {_lua_string(value)}")
        if len(scenario.paths) > 1:
            # Each wrk thread has its own Lua state: it formats the requests once in `init`,
            # then hands them out in turn.
            lines.append("paths = {")
            lines.extend(f"  {_lua_string(path)}," for path in scenario.paths)
            lines.append("}")
            lines.append(
                """
local prepared = {}
local next_index = 0

init = function(args)
  for i, path in ipairs(paths) do
    prepared[i] = wrk.format(nil, path)
  end
end

request = function()
  next_index = next_index % #prepared + 1
  return prepared[next_index]
end
"""
            )
        if unique:
            # Each request gets its own value for UNIQUE: the run's nonce (the script's
            # argument), the thread's number and a counter.
            lines.append(f"unique = {_lua_string(UNIQUE)}")
            lines.append(
                """
local thread_count = 0
local counter = 0

setup = function(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end

init = function(args)
  prefix = args[1] .. "-" .. tostring(thread_id) .. "-"
end

request = function()
  counter = counter + 1
  local body = string.gsub(wrk.body, unique, prefix .. counter)
  return wrk.format(nil, nil, nil, body)
end
"""
            )
        lines.append(
            """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%.0f,"duration_us":%.0f,"p50_us":%.3f,"p99_us":%.3f,'
    .. '"status":%.0f,"connect":%.0f,"read":%.0f,"write":%.0f,"timeout":%.0f}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
"""
        )
        text = "\n".join(lines)
        # Named by content: a later round (another key, other ids) gets its own script.
        script = self.workdir / f"wrk_{hashlib.sha1(text.encode()).hexdigest()[:12]}.lua"
        if not script.exists():
            script.write_text(text)
        return script

    def _wrk(self, port: int, scenario: Scenario, seconds: float) -> LoadResult:
        command = [
            "wrk",
            "-t",
            str(min(self.wrk_threads, self.connections)),
            "-c",
            str(self.connections),
            "-d",
            f"{max(1, round(seconds))}s",
            "--timeout",
            "5s",
            "-s",
            str(self._wrk_script(scenario)),
            f"http://{HOST}:{port}{scenario.paths[0]}",
            uuid.uuid4().hex[:10],  # the script's argument: this run's nonce
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 60, check=False
        )
        raw: dict[str, Any] | None = None
        for line in done.stdout.splitlines():
            if line.startswith("BENCH_JSON "):
                raw = json.loads(line.removeprefix("BENCH_JSON "))
        if raw is None:
            raise RuntimeError(
                f"wrk gave no result ({done.returncode}):\n{done.stdout}{done.stderr}"
            )
        sockets = raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
        detail = f"status>=400: {raw['status']:.0f}"
        if sockets:
            detail += (
                f", socket connect/read/write/timeout: {raw['connect']:.0f}/{raw['read']:.0f}/"
                f"{raw['write']:.0f}/{raw['timeout']:.0f}"
            )
        return LoadResult(
            requests=int(raw["requests"]),
            duration_s=raw["duration_us"] / 1e6,
            p50_ms=raw["p50_us"] / 1000,
            p99_ms=raw["p99_us"] / 1000,
            errors=int(raw["status"] + sockets),
            detail=detail,
        )

    # python ---------------------------------------------------------------------------

    def _python(self, port: int, scenario: Scenario, seconds: float) -> LoadResult:
        command = [
            sys.executable,
            str(BENCH_DIR / "_load.py"),
            "--url",
            f"http://{HOST}:{port}{scenario.paths[0]}",
            "--method",
            scenario.method,
            "--connections",
            str(self.connections),
            "--duration",
            str(seconds),
        ]
        if scenario.body is not None:
            command += ["--body", scenario.body.replace(UNIQUE, uuid.uuid4().hex[:10])]
        for name, value in scenario.headers.items():
            command += ["--header", f"{name}: {value}"]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 60, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"loader failed ({done.returncode}):\n{done.stderr}")
        raw = json.loads(done.stdout.strip().splitlines()[-1])
        return LoadResult(
            requests=raw["requests"],
            duration_s=raw["duration_s"],
            p50_ms=raw["p50_ms"],
            p99_ms=raw["p99_ms"],
            errors=raw["non_2xx"] + raw["socket_errors"],
            detail=f"statuses {raw['statuses']}, socket errors {raw['socket_errors']}",
        )


def _lua_string(value: str) -> str:
    level = "="
    while f"]{level}]" in value:
        level += "="
    return f"[{level}[{value}]{level}]"


def measure(
    loader: Loader, server: Server, scenario: Scenario, *, profile: Path | None = None
) -> tuple[LoadResult, list[str]]:
    """Warm up (not recorded), then load for `loader.duration` and account the CPU of that
    window; with `profile`, py-spy samples the server meanwhile. Returns the result and the
    profile's summary lines."""
    if loader.warmup > 0:
        loader.run(server.port, scenario, loader.warmup)
    pgid = server.process.pid
    server_before = group_cpu_seconds(pgid)
    db_before = postgres_backends(server.database)
    loader_before = children_cpu_seconds()
    machine_before = machine_busy_seconds()
    wall_before = time.monotonic()
    sampler = start_profile(pgid, loader.duration, profile) if profile is not None else None
    result = loader.run(server.port, scenario, loader.duration)
    wall = time.monotonic() - wall_before
    machine = machine_busy_seconds() - machine_before
    server_cpu = group_cpu_seconds(pgid) - server_before
    db_after = postgres_backends(server.database)
    # A backend that exited meanwhile takes its CPU with it (an undercount); one that
    # started meanwhile is a new database connection.
    db_cpu = sum(cpu - db_before.get(pid, 0.0) for pid, cpu in db_after.items())
    result.db_connections_opened = len(db_after.keys() - db_before.keys())
    result.db_connections_closed = len(db_before.keys() - db_after.keys())
    loader_cpu = children_cpu_seconds() - loader_before
    summary = (
        finish_profile(sampler, profile, loader.duration) if sampler is not None and profile else []
    )
    if wall > 0:
        result.server_cpu_pct = 100 * server_cpu / wall
        result.db_cpu_pct = 100 * db_cpu / wall if server.database else None
        result.loader_cpu_pct = 100 * loader_cpu / wall
        result.other_cpu_pct = max(0.0, 100 * (machine - server_cpu - db_cpu - loader_cpu) / wall)
    if server.process.poll() is not None:
        raise RuntimeError(f"{server.name} died under load:\n{server.log_tail()}")
    return result, summary


# --------------------------------------------------------------------------------------
# py-spy: a stall's thread summary, and an optional profile of each measured window
# --------------------------------------------------------------------------------------


def py_spy() -> str | None:
    local = Path(sys.executable).with_name("py-spy")
    return str(local) if local.exists() else shutil.which("py-spy")


def thread_summary(pid: int) -> list[str]:
    """Group the server's threads by where they are (py-spy dump), most common first."""
    command = py_spy()
    if command is None:
        return ["(install py-spy into the venv to see where the threads are stuck)"]
    done = subprocess.run(
        [command, "dump", "--subprocesses", "--pid", str(pid)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        return [f"(py-spy dump failed: {done.stderr.strip()[:200]})"]
    places: dict[str, int] = {}
    for block in done.stdout.split("\nThread ")[1:]:
        frames = [line.strip() for line in block.splitlines()[1:] if line.strip()]
        if not frames:
            continue
        ours = [f for f in frames if "(service/" in f]
        where = f"{frames[0]}" + (f" <- {ours[0]}" if ours else "")
        places[where] = places.get(where, 0) + 1
    ranked = sorted(places.items(), key=lambda item: -item[1])
    return [f"{n:3d} thread(s) in {where}" for where, n in ranked[:5]]


PROFILE_RATE = 100  # samples per second


def start_profile(pgid: int, seconds: float, output: Path) -> subprocess.Popen[bytes] | None:
    command = py_spy()
    if command is None:
        return None
    return subprocess.Popen(
        [
            command,
            "record",
            "--pid",
            str(pgid),
            "--subprocesses",  # the workers, when uvicorn runs several
            "--nonblocking",  # never pause the server
            "--gil",  # only the thread holding the GIL: where the interpreter's time goes
            "--rate",
            str(PROFILE_RATE),
            "--duration",
            str(max(1, math.floor(seconds))),
            "--format",
            "raw",
            "--output",
            str(output),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def finish_profile(sampler: subprocess.Popen[bytes], output: Path, seconds: float) -> list[str]:
    """Where the GIL-holding samples landed: by package of the innermost frame, in
    background threads or not, and the top functions."""
    try:
        _, stderr = sampler.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        sampler.kill()
        return ["(py-spy record did not finish)"]
    if not output.exists():
        return [f"(py-spy record failed: {stderr.decode(errors='replace').strip()[-200:]})"]
    by_package: dict[str, int] = {}
    by_function: dict[str, int] = {}
    threads = dbos = total = 0
    for line in output.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        while stack.startswith("process "):  # `process 12:"<command line>";[process..;]frame`
            stack = stack.partition('";')[2]
        frames = stack.split(";") if stack else []
        if not frames:
            continue
        leaf = frames[-1]
        package = _frame_package(leaf)
        by_package[package] = by_package.get(package, 0) + count
        by_function[leaf] = by_function.get(leaf, 0) + count
        if frames[0].startswith("Thread._bootstrap"):
            threads += count
        if any("(dbos/" in f for f in frames):
            dbos += count
        total += count
    if not total:
        return ["(py-spy recorded no samples)"]

    def share(n: int) -> str:
        return f"{100 * n / total:.0f}%"

    packages = ", ".join(
        f"{name} {share(n)}" for name, n in sorted(by_package.items(), key=lambda kv: -kv[1])[:9]
    )
    busy = 100 * total / (PROFILE_RATE * max(1, math.floor(seconds)))
    lines = [
        f"profile: GIL held {busy:.0f}% of the window ({total} samples); background threads "
        f"{share(threads)} (DBOS {share(dbos)}); by innermost frame: {packages}"
    ]
    for function, n in sorted(by_function.items(), key=lambda kv: -kv[1])[:6]:
        lines.append(f"  {100 * n / total:4.1f}%  {function}")
    lines.append(f"  (collapsed stacks: {output})")
    return lines


def _frame_package(frame: str) -> str:
    """`name (path/to/file.py:12)` -> the path's first part: `sqlalchemy`, `service`, ..."""
    where = frame.rpartition(" (")[2].rstrip(")").rsplit(":", 1)[0]
    if where.startswith("<"):
        return "builtin"
    return where.split("/", 1)[0].removesuffix(".py") or "?"


# --------------------------------------------------------------------------------------
# Databases and the service
# --------------------------------------------------------------------------------------


@contextlib.contextmanager
def sqlite_database(tmp: Path) -> Iterator[tuple[str, str | None]]:
    path = tmp / f"askwell_bench_{uuid.uuid4().hex[:8]}.db"
    try:
        yield f"sqlite:///{path}", None
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextlib.contextmanager
def postgres_database(admin_url: str) -> Iterator[tuple[str, str | None]]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"askwell_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
            yield url, name
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def service_env(database_url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The parent's environment without any askwell/LLM settings, plus the bench's own
    (and `extra`, from --service-env)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ASKWELL_", "OPENAI_")) and k != "PYTHONPATH"
    }
    env.update(
        ASKWELL_DATABASE_URL=database_url,
        ASKWELL_API_KEY_PEPPER=PEPPER,
        ASKWELL_PROMPTS_DIR=str(REPO / "prompts"),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra or {})
    return env


def askwell_command() -> list[str]:
    script = Path(sys.executable).with_name("askwell")
    return [str(script)] if script.exists() else [sys.executable, "-m", "service.cli"]


def create_tenant(env: dict[str, str], cwd: Path) -> str:
    # Tenant commands use an existing database only: make it first, as an operator would.
    subprocess.run(
        [*askwell_command(), "migrate"],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=300,
        check=True,
    )
    done = subprocess.run(
        [*askwell_command(), "tenant", "create", "Bench tenant"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"askwell tenant create failed:\n{done.stdout}{done.stderr}")
    api_key: str = json.loads(done.stdout)["api_key"]
    return api_key


def _post_each(
    port: int,
    headers: dict[str, str],
    jobs: list[Any],
    send: Callable[[http.client.HTTPConnection, Any], Any],
    connections: int,
) -> list[Any]:
    """Run `send(connection, job)` for every job over `connections` keep-alive connections;
    the results in the order of `jobs`. The first failure is raised."""

    def worker(offset: int) -> list[tuple[int, Any]]:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        try:
            return [(i, send(connection, jobs[i])) for i in range(offset, len(jobs), connections)]
        finally:
            connection.close()

    results: list[Any] = [None] * len(jobs)
    with ThreadPoolExecutor(connections) as pool:
        for batch in pool.map(worker, range(connections)):
            for i, value in batch:
                results[i] = value
    return results


def _post_json(
    connection: http.client.HTTPConnection, path: str, body: Any, headers: dict[str, str]
) -> dict[str, Any]:
    connection.request("POST", path, body=json.dumps(body), headers=headers)
    response = connection.getresponse()
    payload = response.read()
    if response.status != 201:
        raise RuntimeError(f"seeding: POST {path} answered {response.status} {payload[:300]!r}")
    parsed: dict[str, Any] = json.loads(payload)
    return parsed


@dataclass
class Seeded:
    contact_ids: list[str]
    draft_ids: list[str]
    notes: list[str]


def seed(port: int, headers: dict[str, str]) -> Seeded:
    """Through the API: contacts; a requester; research and a draft for some contacts."""
    notes = []
    started = time.monotonic()

    def contact(connection: http.client.HTTPConnection, n: int) -> str:
        body = {
            "name": f"Seed Contact {n:04d}",
            "title": _TITLES[n % len(_TITLES)],
            "organization": f"Org {n % 37}",
            "seniority": ("junior", "mid", "senior", "executive")[n % 4],
            "email": f"seed{n}@example.com",
        }
        return str(_post_json(connection, "/v1/contacts", body, headers)["id"])

    contact_ids = _post_each(
        port, headers, list(range(SEED_CONTACTS)), contact, SEED_CONTACT_CONNECTIONS
    )
    notes.append(
        f"seeded {SEED_CONTACTS} contacts in {time.monotonic() - started:.1f} s "
        f"({SEED_CONTACT_CONNECTIONS} connections)"
    )

    started = time.monotonic()
    status, payload = request(port, "POST", "/v1/requesters", body=REQUESTER_BODY, headers=headers)
    if status != 201:
        raise RuntimeError(f"seeding: POST /v1/requesters answered {status} {payload[:300]!r}")
    requester_id = json.loads(payload)["id"]

    def research_and_draft(connection: http.client.HTTPConnection, n: int) -> tuple[str, str]:
        contact_id = contact_ids[n]
        organization = f"Org {n % 37}"
        facts = [
            {
                "text": f"Led the move of {organization}'s clinical systems to one shared "
                f"patient record in {2015 + n % 9}",
                "about": "person",
            },
            {
                "text": f"{organization} runs a fellowship for clinicians moving into "
                "informatics and data roles",
                "about": "organization",
            },
        ]
        _post_json(connection, f"/v1/contacts/{contact_id}/research", {"facts": facts}, headers)
        body = {"requester_id": requester_id, "contact_id": contact_id, "channel": "email"}
        draft = _post_json(connection, "/v1/drafts", body, headers)
        return str(draft["id"]), f"{draft['status']}/{draft['provenance'].get('drafter')}"

    drafts = _post_each(
        port, headers, list(range(SEED_DRAFTS)), research_and_draft, SEED_DRAFT_CONNECTIONS
    )
    kinds: dict[str, int] = {}
    for _, kind in drafts:
        kinds[kind] = kinds.get(kind, 0) + 1
    notes.append(
        f"seeded 1 requester, {SEED_DRAFTS} research versions and {SEED_DRAFTS} drafts in "
        f"{time.monotonic() - started:.1f} s ({SEED_DRAFT_CONNECTIONS} connections; drafts "
        "by status/drafter: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + ")"
    )
    return Seeded(contact_ids, [draft_id for draft_id, _ in drafts], notes)


# --------------------------------------------------------------------------------------
# The mix
# --------------------------------------------------------------------------------------


def _page_of(count: int) -> Check:
    def check(status: int, data: Any) -> str | None:
        if status != 200:
            return f"status {status}"
        if len(data.get("items", [])) != count or not data.get("next_cursor"):
            return f"expected {count} items and a next_cursor"
        return None

    return check


def _one(expect_status: int, *keys: str) -> Check:
    def check(status: int, data: Any) -> str | None:
        if status != expect_status:
            return f"status {status}"
        missing = [key for key in ("id", *keys) if not data.get(key)]
        return f"missing {missing}" if missing else None

    return check


def _gate_report(status: int, data: Any) -> str | None:
    if status != 200:
        return f"status {status}"
    checks = data.get("checks")
    if not data.get("gate_version") or not isinstance(data.get("passed"), bool) or not checks:
        return "expected gate_version, passed and checks"
    return None


def build_scenarios(api_key: str, seeded: Seeded) -> list[Scenario]:
    auth = {"Authorization": f"Bearer {api_key}"}
    json_headers = {**auth, "Content-Type": "application/json"}
    contacts = [f"/v1/contacts/{i}" for i in seeded.contact_ids[:ROTATED_CONTACTS]]
    drafts = [f"/v1/drafts/{i}" for i in seeded.draft_ids]
    words = len(GATE_TEXT.split())
    return [
        Scenario(
            "list-contacts",
            "GET",
            ["/v1/contacts?limit=20"],
            "GET /v1/contacts?limit=20",
            headers=auth,
            check=_page_of(20),
        ),
        Scenario(
            "get-contact",
            "GET",
            contacts,
            f"GET /v1/contacts/{{id}} ({len(contacts)} ids)",
            headers=auth,
            check=_one(200, "name"),
        ),
        Scenario(
            "create-contact",
            "POST",
            ["/v1/contacts"],
            "POST /v1/contacts",
            body=CONTACT_BODY,
            headers=json_headers,
            check=_one(201, "name"),
        ),
        Scenario(
            "list-drafts",
            "GET",
            ["/v1/drafts?limit=20"],
            "GET /v1/drafts?limit=20",
            headers=auth,
            check=_page_of(20),
        ),
        Scenario(
            "get-draft",
            "GET",
            drafts,
            f"GET /v1/drafts/{{id}} ({len(drafts)} ids)",
            headers=auth,
            check=_one(200, "body", "gate_report"),
        ),
        Scenario(
            "gate-check",
            "POST",
            ["/v1/gate/check"],
            f"POST /v1/gate/check ({words} words)",
            body=GATE_BODY,
            headers=json_headers,
            check=_gate_report,
        ),
    ]


def sanity_check(port: int, scenario: Scenario) -> list[str]:
    """Send each of the scenario's requests once (every rotated path); raise on a bad answer."""
    notes = []
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        body = scenario.body
        if body is not None:
            body = body.replace(UNIQUE, f"check-{uuid.uuid4().hex[:10]}")
        for path in scenario.paths:
            connection.request(scenario.method, path, body=body, headers=scenario.headers)
            response = connection.getresponse()
            payload = response.read()
            try:
                data = json.loads(payload)
            except ValueError:
                data = {}
            problem = scenario.check(response.status, data) if scenario.check else None
            if problem is not None:
                raise RuntimeError(
                    f"{scenario.name} check failed on {scenario.method} {path}: {problem}: "
                    f"{payload[:300]!r}"
                )
            if scenario.name == "gate-check":
                failed = [c["id"] for c in data["checks"] if not c["passed"]]
                notes.append(
                    f"gate check text: passed={data['passed']}, {len(data['checks'])} checks"
                    + (f", failing: {', '.join(failed)}" if failed else "")
                )
    finally:
        connection.close()
    return notes


@dataclass
class Round:
    db: str
    workers: int
    results: dict[str, LoadResult] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    notes: list[str] = field(default_factory=list)


def run_round(
    db: str,
    workers: int,
    args: argparse.Namespace,
    loader: Loader,
    tmp: Path,
    result: Round,
    on_started: Callable[[Server], None] | None = None,
) -> None:
    """Fill `result` (partly, when something fails on the way: then it raises)."""
    workdir = tmp / f"{db}-w{workers}"
    workdir.mkdir()
    with contextlib.ExitStack() as stack:
        database = (
            sqlite_database(workdir) if db == "sqlite" else postgres_database(args.postgres_url)
        )
        url, database_name = stack.enter_context(database)
        env = service_env(url, args.service_env)
        api_key = create_tenant(env, workdir)
        json_headers = {"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"}

        server = start_server(
            f"askwell-{db}",
            args.service_app,
            workers=workers,
            env=env,
            cwd=workdir,
            app_dir=args.service_app_dir,
        )
        server.database = database_name
        stack.callback(stop_server, server)
        wait_ready(server)
        if on_started is not None:
            on_started(server)

        seeded = seed(server.port, json_headers)
        result.notes.extend(seeded.notes)
        scenarios = [s for s in build_scenarios(api_key, seeded) if s.name in args.only]
        for scenario in scenarios:
            result.notes.extend(sanity_check(server.port, scenario))
            result.labels[scenario.name] = scenario.label
        wait_ready(server)

        for scenario in scenarios:
            print(f"  [{db}, {workers}w] {scenario.label} ...", flush=True)
            profile = (
                args.profile / f"{db}-w{workers}-{scenario.name}.txt" if args.profile else None
            )
            load, summary = measure(loader, server, scenario, profile=profile)
            result.results[scenario.name] = load
            result.notes.extend(f"{scenario.name}: {line}" for line in summary)
            _after_scenario(server, result, scenario, load, loader)
        result.notes.extend(server_log_problems(server))
        result.notes.append(f"load average after the round: {loadavg()}")


def _after_scenario(
    server: Server, result: Round, scenario: Scenario, load: LoadResult, loader: Loader
) -> None:
    """Explain a stall (thread stacks, if py-spy is at hand); let queued work drain; say
    which statuses the errors were."""
    name = scenario.name
    if load.stalled:
        result.notes.append(f"{name}: STALLED, no response at all during the measured window")
        result.notes.extend(f"{name}: {line}" for line in thread_summary(server.process.pid))
    started = time.monotonic()
    try:
        wait_ready(server, timeout=RECOVER_TIMEOUT_S)
    except RuntimeError:
        result.notes.append(
            f"{name}: /readyz still unanswered {RECOVER_TIMEOUT_S:.0f} s after the load stopped"
        )
        return
    waited = time.monotonic() - started
    if waited > 1:
        result.notes.append(
            f"{name}: /readyz answered only {waited:.1f} s after the load stopped "
            "(requests were still queued in the server)"
        )
    if load.errors and not load.stalled:
        # wrk counts errors without their status; the python loader tallies statuses.
        probe_loader = Loader(
            "python", loader.connections, PROBE_S, 0, loader.wrk_threads, loader.workdir
        )
        try:
            probe = probe_loader.run(server.port, scenario, PROBE_S)
            result.notes.append(f"{name}: errors probed for {PROBE_S:g} s: {probe.detail}")
        except RuntimeError as exc:
            result.notes.append(f"{name}: error probe failed: {str(exc)[:200]}")
        with contextlib.suppress(RuntimeError):
            wait_ready(server, timeout=RECOVER_TIMEOUT_S)


def server_log_problems(server: Server) -> list[str]:
    """How much the service logged, by level (its JSON lines; other lines, such as
    tracebacks, count as "text"), the first lines that are warnings or worse, and the
    service's own view of each route's time (its `request` lines' `duration_ms`, warm-up
    included): next to the client's figures, it tells time spent inside the app from time
    spent queued before it (in the kernel, uvicorn, the event loop)."""
    try:
        lines = server.log_path.read_text(errors="replace").splitlines()
    except OSError:
        return []
    levels: dict[str, int] = {}
    worrying = []
    durations: dict[str, list[float]] = {}
    for line in lines:
        try:
            event = json.loads(line)
            level = str(event.get("level", "?")).lower()
        except (ValueError, AttributeError):
            level = "text"
            event = {}
        if event.get("event") == "request" and isinstance(event.get("duration_ms"), float):
            route = f"{event.get('method')} {event.get('route')}"
            durations.setdefault(route, []).append(event["duration_ms"])
        levels[level] = levels.get(level, 0) + 1
        if level not in ("debug", "info"):
            worrying.append(line)
    if not lines:
        return []
    counts = ", ".join(f"{n} {level}" for level, n in sorted(levels.items()))
    notes = [f"server log: {len(lines)} lines ({counts})"]
    notes.extend(f"  | {line[:160]}" for line in worrying[:5])
    for route, times in sorted(durations.items(), key=lambda item: -len(item[1])):
        if len(times) >= 100:
            times.sort()
            notes.append(
                f"in-app time of {route} ({len(times)} requests): "
                f"p50 {times[len(times) // 2]:.1f} ms, p99 {times[int(len(times) * 0.99)]:.1f} ms"
            )
    return notes


def run_bare(args: argparse.Namespace, loader: Loader, tmp: Path, workers: int) -> LoadResult:
    print(f"  [bare, {workers}w] GET /bare ...", flush=True)
    workdir = tmp / f"bare-w{workers}"
    workdir.mkdir()
    server = start_server(
        f"bare-w{workers}",
        "api:create_bare_app",
        workers=workers,
        env=service_env(f"sqlite:///{workdir / 'unused.db'}"),
        cwd=workdir,
        app_dir=BENCH_DIR,
    )
    try:
        wait_ready(server)
        scenario = Scenario("bare", "GET", ["/bare"], "GET /bare")
        result, _ = measure(loader, server, scenario)
        return result
    finally:
        stop_server(server)


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def geomean(values: list[float]) -> float:
    if not values or any(v <= 0 for v in values):
        return 0.0
    return math.exp(sum(math.log(v) for v in values) / len(values))


def _pct(value: float | None) -> str:
    return f"{value:7.0f}%" if value is not None else "       -"


def _row(db: str, scenario: str, r: LoadResult, bare_rps: float) -> str:
    if r.stalled:
        return f"{db:<9}{scenario:<36}  STALLED: 0 responses in {r.duration_s:.0f} s"
    ratio = r.rps / bare_rps if bare_rps else float("nan")
    return (
        f"{db:<9}{scenario:<36}{r.rps:>9.1f}{r.p50_ms:>8.1f}{r.p99_ms:>8.1f}"
        f"{r.errors:>7d}{ratio:>8.3f}x"
        f"{_pct(r.server_cpu_pct)}{_pct(r.db_cpu_pct)}{_pct(r.loader_cpu_pct)}"
        f"{_pct(r.other_cpu_pct)}"
    )


def ratios(r: Round, bare: LoadResult) -> list[float]:
    return [load.rps / bare.rps if bare.rps else 0.0 for load in r.results.values()]


def report_table(workers: int, bare: LoadResult, rounds: list[Round]) -> None:
    header = (
        f"{'db':<9}{'endpoint':<36}{'req/s':>9}{'p50 ms':>8}{'p99 ms':>8}{'errors':>7}"
        f"{'vs bare':>9}{'srv CPU':>8}{'db CPU':>8}{'loader':>8}{'other':>8}"
    )
    print(f"uvicorn --workers {workers}")
    print(header)
    print("-" * len(header))
    print(_row("-", "bare GET /bare", bare, bare.rps))
    for r in rounds:
        for name, load in r.results.items():
            print(_row(r.db, r.labels[name], load, bare.rps))
        if r.error is not None:
            print(f"{r.db:<9}FAILED: {r.error.splitlines()[0][:100]}")
            continue
        count = len(r.results)
        print(
            f"{r.db:<9}{f'geometric mean of the {count} ratios':<36}"
            f"{'':>32}{geomean(ratios(r, bare)):>8.3f}x"
        )
    print()


def report(
    args: argparse.Namespace,
    loader: Loader,
    bares: dict[int, LoadResult],
    rounds: list[Round],
) -> None:
    print()
    print("askwell HTTP benchmark: endpoint mix vs a bare FastAPI endpoint")
    print(
        f"  loader: {loader.description}; {args.connections} keep-alive connections; "
        f"{args.duration:g} s measured after {args.warmup:g} s warm-up per scenario"
    )
    print(
        "  uvicorn: --workers "
        + " and ".join(str(w) for w in bares)
        + f" --log-level warning --no-access-log (both apps); CPUs: {os.cpu_count()}; "
        f"python {sys.version.split()[0]}"
    )
    if args.service_app != "service.main:create_app":
        print(f"  service app: {args.service_app} (not the stock factory)")
    for key, value in args.service_env.items():
        print(f"  service setting: {key}={value}")
    if args.profile:
        print(f"  PROFILED with py-spy (costs CPU): figures are not comparable; {args.profile}")
    print(f"  load average (1/5/15 min): {args.loadavg_before} before, {loadavg()} after")
    print()
    for workers, bare in bares.items():
        report_table(workers, bare, [r for r in rounds if r.workers == workers])
    print("  errors = non-2xx responses + socket errors/timeouts. CPU columns, measured window")
    print("  only, 100% = one core: srv = the service's process group; db = PostgreSQL")
    print("  backends of the bench's database (less whatever a backend that exited during the")
    print("  window had used); loader = the load generator; other = the rest of the machine")
    print("  (other work on it skews the figures). The bare app is measured once per worker")
    print("  count, before the databases.")
    for r in rounds:
        tag = f"[{r.db}, {r.workers}w]"
        for note in r.notes:
            print(f"  {tag} {note}")
        for name, load in r.results.items():
            if load.errors:
                print(f"  {tag} {name} errors: {load.detail}")
            if load.db_connections_opened or load.db_connections_closed:
                print(
                    f"  {tag} {name}: the service opened at least {load.db_connections_opened} "
                    f"and closed {load.db_connections_closed} PostgreSQL connections during the "
                    "measured window"
                )
        if r.error is not None:
            print(f"  {tag} error:\n" + "\n".join(f"    {x}" for x in r.error.splitlines()))
    print()
    report_targets(args, bares, rounds)


def report_targets(
    args: argparse.Namespace, bares: dict[int, LoadResult], rounds: list[Round]
) -> None:
    complete = set(args.only) == set(SCENARIO_NAMES)
    base_workers = min(bares)
    print(
        f"Targets (PostgreSQL, {base_workers} uvicorn worker"
        f"{'s' if base_workers > 1 else ''}, {args.connections} connections): geometric mean "
        f"of the six ratios >= {TARGET_GEOMEAN:.2f}x bare with no errors; p99 <= "
        f"{TARGET_P99_MS:g} ms on every endpoint"
        + (f"; 2 workers / 1 worker >= {TARGET_SCALING:g}x" if len(bares) > 1 else "")
    )
    if base_workers != 1:
        print("  (the targets are set for one worker; this run used more)")
    if not complete:
        print(f"  (only {', '.join(args.only)} measured: no verdict on the mix)")
    for r in rounds:
        if r.workers != base_workers:
            continue
        verdict = r.db == "postgres" and complete
        if r.error is not None or not r.results:
            print(f"  {r.db:<9} round failed" + ("                        FAIL" if verdict else ""))
            continue
        bare = bares[r.workers]
        mean = geomean(ratios(r, bare))
        errors = sum(load.errors for load in r.results.values())
        worst = max(r.results, key=lambda name: r.results[name].p99_ms)
        worst_p99 = r.results[worst].p99_ms
        stalled = any(load.stalled for load in r.results.values())
        over = [name for name, load in r.results.items() if load.p99_ms > TARGET_P99_MS]
        ok_mean = mean >= TARGET_GEOMEAN and errors == 0
        ok_p99 = not over and not stalled
        error_text = f", {errors} errors" if errors else ""
        line_mean = f"  {r.db:<9} geomean vs bare {mean:7.3f}x{error_text}"
        line_p99 = f"  {r.db:<9} worst p99      {worst_p99:8.1f} ms ({worst})"
        over_text = f"  over {TARGET_P99_MS:g} ms: {', '.join(over)}" if over else ""
        print(f"{line_mean:<62}{_verdict(ok_mean) if verdict else '(no target)'}")
        print(f"{line_p99:<62}{_verdict(ok_p99) if verdict else '(no target)'}{over_text}")
    if len(bares) > 1:
        report_scaling(bares, rounds, complete)


def report_scaling(bares: dict[int, LoadResult], rounds: list[Round], complete: bool) -> None:
    low, high = sorted(bares)[:2]
    print()
    print(f"Scaling, req/s with {high} workers / req/s with {low} (target >= {TARGET_SCALING:g}x)")
    bare_low, bare_high = bares[low], bares[high]
    bare_scaling = bare_high.rps / bare_low.rps if bare_low.rps else 0.0
    print(
        f"  {'-':<9}{'bare GET /bare':<36}{bare_low.rps:>9.1f} -> {bare_high.rps:>9.1f}"
        f"{bare_scaling:>8.2f}x"
    )
    by_key = {(r.db, r.workers): r for r in rounds}
    for db in dict.fromkeys(r.db for r in rounds):
        one, two = by_key.get((db, low)), by_key.get((db, high))
        if one is None or two is None or one.error or two.error:
            print(f"  {db:<9}a round failed: no scaling" + ("  FAIL" if complete else ""))
            continue
        factors = []
        for name, load in one.results.items():
            other = two.results.get(name)
            if other is None:
                continue
            factor = other.rps / load.rps if load.rps else 0.0
            factors.append(factor)
            print(
                f"  {db:<9}{one.labels[name]:<36}{load.rps:>9.1f} -> {other.rps:>9.1f}"
                f"{factor:>8.2f}x"
            )
        mean = geomean(factors)
        errors = sum(load.errors for r in (one, two) for load in r.results.values())
        verdict = _verdict(mean >= TARGET_SCALING and errors == 0) if complete else "(subset)"
        print(
            f"  {db:<9}{'mix scaling (geometric mean)':<36}{'':>22}{mean:>8.2f}x  {verdict}"
            + (f" ({errors} errors in these rounds)" if errors else "")
        )


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Load a mix of six askwell endpoints and a bare FastAPI endpoint; "
        "print a report (see the module docstring)."
    )
    parser.add_argument("--duration", type=float, default=8.0, help="Seconds per scenario.")
    parser.add_argument("--warmup", type=float, default=2.0, help="Unrecorded seconds before.")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes.")
    parser.add_argument(
        "--compare-workers",
        action="store_true",
        help="Run everything with 1 and then 2 workers and report the scaling.",
    )
    parser.add_argument(
        "--only",
        default=",".join(SCENARIO_NAMES),
        help="Comma-separated scenarios to load (no verdict on the mix unless all six): "
        + ", ".join(SCENARIO_NAMES),
    )
    parser.add_argument("--loader", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument(
        "--wrk-threads", type=int, default=1, help="wrk threads (1 leaves the CPU to the server)."
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("ASKWELL_BENCH_POSTGRES_URL", DEFAULT_PG_ADMIN_URL),
        help="Admin URL; the bench creates and drops its own database next to it.",
    )
    parser.add_argument(
        "--service-app",
        default="service.main:create_app",
        help="uvicorn factory of the service (to measure a candidate change without editing).",
    )
    parser.add_argument("--service-app-dir", type=Path, default=None, help="uvicorn --app-dir.")
    parser.add_argument(
        "--service-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="A setting for the service, e.g. ASKWELL_LOG_LEVEL=WARNING (repeatable; the "
        "parent's ASKWELL_* variables are not passed on).",
    )
    parser.add_argument(
        "--show-pids",
        action="store_true",
        help="Print each service's pids once it is up (to attach py-spy).",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        metavar="DIR",
        help="Sample the service with py-spy during each measured window; keep the collapsed "
        "stacks in DIR and summarise them (distorts the figures).",
    )
    args = parser.parse_args(argv)
    if args.duration <= 0 or args.warmup < 0 or args.connections < 1 or args.workers < 1:
        parser.error("--duration > 0, --warmup >= 0, --connections >= 1, --workers >= 1")
    if args.compare_workers and args.workers != 1:
        parser.error("--compare-workers runs 1 and 2 workers; leave --workers out")
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(args.only) - set(SCENARIO_NAMES))
    if unknown or not args.only:
        parser.error(f"--only takes some of {', '.join(SCENARIO_NAMES)} (got {unknown})")
    args.only = [name for name in SCENARIO_NAMES if name in args.only]
    pairs = [item.partition("=") for item in args.service_env]
    if any(not key or not equals for key, equals, _ in pairs):
        parser.error("--service-env takes KEY=VALUE")
    args.service_env = {key: value for key, _, value in pairs}
    if args.profile is not None:
        if py_spy() is None:
            parser.error("--profile needs py-spy (.venv/bin/pip install py-spy)")
        args.profile = args.profile.resolve()
        args.profile.mkdir(parents=True, exist_ok=True)
    return args


def _raise_on_sigterm(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.loadavg_before = loadavg()
    if float(args.loadavg_before.split()[0]) > 0.5:
        print(
            f"warning: load average {args.loadavg_before} before the run: other work on this "
            "machine will skew the figures",
            flush=True,
        )
    signal.signal(signal.SIGTERM, _raise_on_sigterm)  # so the finally blocks still run
    if args.loader == "wrk" and shutil.which("wrk") is None:
        print("wrk is not on PATH (apt-get install -y wrk)", file=sys.stderr)
        return 2
    kind = "wrk" if args.loader != "python" and shutil.which("wrk") else "python"
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    worker_counts = [1, 2] if args.compare_workers else [args.workers]

    tmp = Path(tempfile.mkdtemp(prefix="askwell-bench-"))
    try:
        loader = Loader(kind, args.connections, args.duration, args.warmup, args.wrk_threads, tmp)
        print(f"loader: {loader.description}", flush=True)

        def announce(server: Server) -> None:
            if args.show_pids:
                leader = server.process.pid
                workers = [pid for pid in group_pids(leader) if pid != leader]
                print(
                    f"  [{server.name}] uvicorn pid {leader}"
                    + (f", workers {' '.join(map(str, workers))}" if workers else ""),
                    flush=True,
                )

        bares: dict[int, LoadResult] = {}
        rounds: list[Round] = []
        for workers in worker_counts:
            bares[workers] = run_bare(args, loader, tmp, workers)
            for db in dbs:
                rounds.append(Round(db, workers))
                try:
                    run_round(db, workers, args, loader, tmp, rounds[-1], on_started=announce)
                except Exception as exc:  # a failed round is reported, the others still run
                    rounds[-1].error = f"{type(exc).__name__}: {exc}"
        report(args, loader, bares, rounds)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
