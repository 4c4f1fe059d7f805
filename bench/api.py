"""HTTP benchmark of askwell against the framework's own ceiling on this machine.

    .venv/bin/python bench/api.py [--duration 10] [--warmup 2] [--connections 64]
                                  [--db sqlite|postgres|both] [--workers 1]
                                  [--loader auto|wrk|python]

What it does, all on loopback:

1. Starts a bare FastAPI app (`create_bare_app` below: one async endpoint returning a
   constant JSON object) as its own uvicorn process and loads `GET /bare`. That is the
   framework's ceiling here; every other figure is also given as a ratio to it.
2. For each database (a fresh SQLite file in a temp dir; a fresh PostgreSQL database
   `askwell_bench_<random>` created on the admin URL and dropped `WITH (FORCE)` at the end):
   creates a tenant and key with `askwell tenant create`, starts the service with
   `uvicorn service.main:create_app --factory`, waits for `/readyz`, seeds 1,000 contacts
   through the API, then loads `GET /v1/contacts?limit=20` and `POST /v1/contacts`.

Both apps run with the same uvicorn settings: `--workers N --log-level warning
--no-access-log` (`askwell serve` cannot turn the access log off, hence plain uvicorn;
the service's lifespan still migrates the database on start).

The load comes from a second process: `wrk` (keep-alive, Lua script for the method, body,
headers and the p50/p99 read-out) when it is on PATH, else `bench/_load.py`, an asyncio
keep-alive loader (which costs the server CPU on a small machine; the report says which
loader ran). Each scenario gets a warm-up that is not recorded.

Errors are non-2xx responses (wrk can only count status >= 400, which is the same thing
here since nothing redirects) plus socket errors and timeouts.

Targets (from the issue): list >= 0.3x the bare endpoint's requests/s, list p99 <= 100 ms.
PASS/FAIL is printed, but the exit status is 0 whenever the benchmark itself ran: it is a
report, not a gate.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
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
LIST_PATH = "/v1/contacts?limit=20"
CREATE_PATH = "/v1/contacts"
CREATE_BODY = json.dumps(
    {
        "name": "Ada Benchmark",
        "title": "Staff Engineer",
        "organization": "Loopback Ltd",
        "seniority": "senior",
        "email": "ada@example.com",
        "how_found": "Conference talk on load testing",
    },
    separators=(",", ":"),
)
TARGET_RATIO = 0.3
TARGET_P99_MS = 100.0
READY_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
RECOVER_TIMEOUT_S = 90.0


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


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) used so far by the live processes of a process group."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        # After "pid (comm) ": state ppid pgrp session ... utime(11) stime(12)
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


# --------------------------------------------------------------------------------------
# Load generation
# --------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    requests: int
    duration_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    detail: str = ""
    server_cpu_pct: float | None = None

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
            self.description = f"python asyncio loader (bench/_load.py; {reason})"

    def run(
        self, port: int, method: str, path: str, *, body: str | None, headers: dict[str, str]
    ) -> LoadResult:
        if self.kind == "wrk":
            return self._wrk(port, method, path, body=body, headers=headers)
        return self._python(port, method, path, body=body, headers=headers)

    # wrk ------------------------------------------------------------------------------

    def _wrk(
        self, port: int, method: str, path: str, *, body: str | None, headers: dict[str, str]
    ) -> LoadResult:
        script = self.workdir / f"wrk_{uuid.uuid4().hex[:8]}.lua"
        lines = [f"wrk.method = {_lua_string(method)}"]
        if body is not None:
            lines.append(f"wrk.body = {_lua_string(body)}")
        for name, value in headers.items():
            lines.append(f"wrk.headers[ {_lua_string(name)} ] = {_lua_string(value)}")
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
        script.write_text("\n".join(lines))
        url = f"http://{HOST}:{port}{path}"

        def wrk(seconds: float) -> dict[str, Any]:
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
                str(script),
                url,
            ]
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=seconds + 60, check=False
            )
            for line in done.stdout.splitlines():
                if line.startswith("BENCH_JSON "):
                    parsed: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
                    return parsed
            raise RuntimeError(
                f"wrk gave no result ({done.returncode}):\n{done.stdout}{done.stderr}"
            )

        if self.warmup > 0:
            wrk(self.warmup)
        raw = wrk(self.duration)
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

    def _python(
        self, port: int, method: str, path: str, *, body: str | None, headers: dict[str, str]
    ) -> LoadResult:
        command = [
            sys.executable,
            str(BENCH_DIR / "_load.py"),
            "--url",
            f"http://{HOST}:{port}{path}",
            "--method",
            method,
            "--connections",
            str(self.connections),
            "--duration",
            str(self.duration),
            "--warmup",
            str(self.warmup),
        ]
        if body is not None:
            command += ["--body", body]
        for name, value in headers.items():
            command += ["--header", f"{name}: {value}"]
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=self.duration + self.warmup + 60,
            check=False,
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
    loader: Loader,
    server: Server,
    method: str,
    path: str,
    *,
    body: str | None = None,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    pgid = server.process.pid
    cpu_before = group_cpu_seconds(pgid)
    wall_before = time.monotonic()
    result = loader.run(server.port, method, path, body=body, headers=headers or {})
    wall = time.monotonic() - wall_before
    if wall > 0:
        # Includes the warm-up; a rough "is the server CPU-bound" figure (100% = one core).
        result.server_cpu_pct = 100 * (group_cpu_seconds(pgid) - cpu_before) / wall
    if server.process.poll() is not None:
        raise RuntimeError(f"{server.name} died under load:\n{server.log_tail()}")
    return result


# --------------------------------------------------------------------------------------
# Databases and the service
# --------------------------------------------------------------------------------------


@contextlib.contextmanager
def sqlite_database(tmp: Path) -> Iterator[str]:
    path = tmp / f"askwell_bench_{uuid.uuid4().hex[:8]}.db"
    try:
        yield f"sqlite:///{path}"
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextlib.contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"askwell_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def service_env(database_url: str) -> dict[str, str]:
    """The parent's environment without any askwell/LLM settings, plus the bench's own."""
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
    return env


def askwell_command() -> list[str]:
    script = Path(sys.executable).with_name("askwell")
    return [str(script)] if script.exists() else [sys.executable, "-m", "service.cli"]


def create_tenant(env: dict[str, str], cwd: Path) -> str:
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


def seed_contacts(port: int, headers: dict[str, str], count: int = SEED_CONTACTS) -> float:
    """POST `count` contacts over 8 keep-alive connections; return the seconds it took."""
    started = time.monotonic()
    workers = 8

    def post_many(worker: int) -> list[str]:
        failures: list[str] = []
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        try:
            for n in range(worker, count, workers):
                body = json.dumps(
                    {
                        "name": f"Seed Contact {n:04d}",
                        "title": "Engineer",
                        "organization": f"Org {n % 37}",
                        "seniority": ("junior", "mid", "senior", "executive")[n % 4],
                        "email": f"seed{n}@example.com",
                    }
                )
                connection.request("POST", CREATE_PATH, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                if response.status != 201:
                    failures.append(f"{response.status} {payload[:200]!r}")
        finally:
            connection.close()
        return failures

    with ThreadPoolExecutor(workers) as pool:
        failures = [f for batch in pool.map(post_many, range(workers)) for f in batch]
    if failures:
        raise RuntimeError(f"seeding: {len(failures)} of {count} POSTs failed, e.g. {failures[0]}")
    return time.monotonic() - started


@dataclass
class Round:
    db: str
    list_result: LoadResult | None = None
    create_result: LoadResult | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)


def run_round(
    db: str, args: argparse.Namespace, loader: Loader, tmp: Path, on_started: Any = None
) -> Round:
    result = Round(db)
    workdir = tmp / db
    workdir.mkdir()
    with contextlib.ExitStack() as stack:
        database = (
            sqlite_database(workdir) if db == "sqlite" else postgres_database(args.postgres_url)
        )
        url = stack.enter_context(database)
        env = service_env(url)
        api_key = create_tenant(env, workdir)
        auth = {"Authorization": f"Bearer {api_key}"}
        json_headers = {**auth, "Content-Type": "application/json"}

        server = start_server(
            f"askwell-{db}",
            args.service_app,
            workers=args.workers,
            env=env,
            cwd=workdir,
            app_dir=args.service_app_dir,
        )
        stack.callback(stop_server, server)
        wait_ready(server)
        if on_started is not None:
            on_started(server)

        seconds = seed_contacts(server.port, json_headers)
        result.notes.append(f"seeded {SEED_CONTACTS} contacts via the API in {seconds:.1f} s")

        status, payload = request(server.port, "GET", LIST_PATH, headers=auth)
        page = json.loads(payload) if status == 200 else {}
        if status != 200 or len(page.get("items", [])) != 20 or not page.get("next_cursor"):
            raise RuntimeError(f"list sanity check failed: {status} {payload[:300]!r}")
        status, payload = request(
            server.port, "POST", CREATE_PATH, body=CREATE_BODY, headers=json_headers
        )
        if status != 201:
            raise RuntimeError(f"create sanity check failed: {status} {payload[:300]!r}")

        print(f"  [{db}] GET {LIST_PATH} ...", flush=True)
        result.list_result = measure(loader, server, "GET", LIST_PATH, headers=auth)
        _after_scenario(server, result, "list", result.list_result)
        print(f"  [{db}] POST {CREATE_PATH} ...", flush=True)
        result.create_result = measure(
            loader, server, "POST", CREATE_PATH, body=CREATE_BODY, headers=json_headers
        )
        _after_scenario(server, result, "create", result.create_result)
    return result


def _after_scenario(server: Server, result: Round, name: str, load: LoadResult) -> None:
    """Explain a stall (thread stacks, if py-spy is at hand); let queued work drain."""
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


def thread_summary(pid: int) -> list[str]:
    """Group the server's threads by where they are (py-spy dump), most common first."""
    py_spy = Path(sys.executable).with_name("py-spy")
    command = str(py_spy) if py_spy.exists() else shutil.which("py-spy")
    if command is None:
        return ["(install py-spy into the venv to see where the threads are stuck)"]
    done = subprocess.run(
        [command, "dump", "--pid", str(pid)],
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


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def _row(db: str, scenario: str, r: LoadResult, bare_rps: float) -> str:
    if r.stalled:
        return f"{db:<9}{scenario:<29}  STALLED: 0 responses in {r.duration_s:.0f} s"
    ratio = r.rps / bare_rps if bare_rps else float("nan")
    cpu = f"{r.server_cpu_pct:5.0f}%" if r.server_cpu_pct is not None else "     -"
    return (
        f"{db:<9}{scenario:<29}{r.rps:>10.1f}{r.p50_ms:>10.1f}{r.p99_ms:>10.1f}"
        f"{r.errors:>8d}{ratio:>8.2f}x{cpu:>9}"
    )


def report(args: argparse.Namespace, loader: Loader, bare: LoadResult, rounds: list[Round]) -> None:
    print()
    print("askwell HTTP benchmark")
    print(
        f"  loader: {loader.description}; {args.connections} keep-alive connections; "
        f"{args.duration:g} s measured after {args.warmup:g} s warm-up per scenario"
    )
    print(
        f"  uvicorn: --workers {args.workers} --log-level warning --no-access-log "
        f"(both apps); CPUs: {os.cpu_count()}; python {sys.version.split()[0]}"
    )
    if args.service_app != "service.main:create_app":
        print(f"  service app: {args.service_app} (not the stock factory)")
    print(f"  load average before the run: {args.loadavg_before}")
    print()
    header = (
        f"{'db':<9}{'scenario':<29}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}"
        f"{'errors':>8}{'vs bare':>9}{'srv CPU':>9}"
    )
    print(header)
    print("-" * len(header))
    print(_row("-", "bare GET /bare", bare, bare.rps))
    for r in rounds:
        if r.error is not None:
            print(f"{r.db:<9}FAILED: {r.error.splitlines()[0]}")
            continue
        assert r.list_result is not None
        assert r.create_result is not None
        print(_row(r.db, f"GET {LIST_PATH}", r.list_result, bare.rps))
        print(_row(r.db, f"POST {CREATE_PATH}", r.create_result, bare.rps))
    print()
    print("  errors = non-2xx responses + socket errors/timeouts; srv CPU = server process")
    print("  group CPU during the scenario incl. warm-up (100% = one core; the database")
    print("  server's own CPU is not included).")
    for r in rounds:
        for note in r.notes:
            print(f"  [{r.db}] {note}")
        for result, name in ((r.list_result, "list"), (r.create_result, "create")):
            if result is not None and result.errors:
                print(f"  [{r.db}] {name} errors: {result.detail}")
        if r.error is not None:
            print(f"  [{r.db}] error:\n" + "\n".join(f"    {x}" for x in r.error.splitlines()))
    print()
    print(
        f"Targets: list req/s >= {TARGET_RATIO:g}x bare ({TARGET_RATIO * bare.rps:.0f} req/s), "
        f"list p99 <= {TARGET_P99_MS:g} ms"
    )
    for r in rounds:
        if r.list_result is None:
            print(f"  {r.db:<9} list throughput  n/a                  FAIL (round failed)")
            print(f"  {r.db:<9} list p99         n/a                  FAIL (round failed)")
            continue
        ratio = r.list_result.rps / bare.rps if bare.rps else 0.0
        p99 = r.list_result.p99_ms
        ok_ratio = ratio >= TARGET_RATIO and r.list_result.errors == 0
        ok_p99 = p99 <= TARGET_P99_MS and not r.list_result.stalled
        print(f"  {r.db:<9} list throughput  {ratio:6.2f}x bare         {_verdict(ok_ratio)}")
        print(f"  {r.db:<9} list p99         {p99:8.1f} ms           {_verdict(ok_p99)}")


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Load askwell (list + create) and a bare FastAPI endpoint; print a report."
    )
    parser.add_argument("--duration", type=float, default=10.0, help="Seconds per scenario.")
    parser.add_argument("--warmup", type=float, default=2.0, help="Unrecorded seconds before.")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes.")
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
        "--show-pids",
        action="store_true",
        help="Print each service pid once it is up (to attach py-spy).",
    )
    args = parser.parse_args(argv)
    if args.duration <= 0 or args.warmup < 0 or args.connections < 1 or args.workers < 1:
        parser.error("--duration > 0, --warmup >= 0, --connections >= 1, --workers >= 1")
    return args


def _raise_on_sigterm(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.loadavg_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
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

    tmp = Path(tempfile.mkdtemp(prefix="askwell-bench-"))
    try:
        loader = Loader(kind, args.connections, args.duration, args.warmup, args.wrk_threads, tmp)
        print(f"loader: {loader.description}", flush=True)

        print("  [bare] GET /bare ...", flush=True)
        bare_env = service_env(f"sqlite:///{tmp / 'unused.db'}")
        bare_server = start_server(
            "bare",
            "api:create_bare_app",
            workers=args.workers,
            env=bare_env,
            cwd=tmp,
            app_dir=BENCH_DIR,
        )
        try:
            wait_ready(bare_server)
            bare = measure(loader, bare_server, "GET", "/bare")
        finally:
            stop_server(bare_server)

        def announce(server: Server) -> None:
            if args.show_pids:
                print(f"  [{server.name}] uvicorn pid {server.process.pid}", flush=True)

        rounds: list[Round] = []
        for db in dbs:
            try:
                rounds.append(run_round(db, args, loader, tmp, on_started=announce))
            except Exception as exc:  # a failed round is reported, the others still run
                rounds.append(Round(db, error=f"{type(exc).__name__}: {exc}"))
        report(args, loader, bare, rounds)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
