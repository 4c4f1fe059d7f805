"""Benchmark of `POST /v1/drafts` against a local OpenAI-compatible stand-in.

    .venv/bin/python bench/drafts.py [--db sqlite|postgres] [--sequential 200]
                                     [--concurrent 200] [--latency-ms 1000] [--py-spy]

All on loopback. The stand-in LLM is `python -m tests.support.llm_server --port P
--latency-ms N` in its own process (restarted on the same port to change its latency); the
service is `uvicorn service.main:create_app --factory` in its own process on a fresh
database (a SQLite file in a temp dir, or `--db postgres`: a database created next to
`--postgres-url` and dropped at the end), with OPENAI_BASE_URL pointing at the stand-in,
OPENAI_API_KEY=sk-local and ASKWELL_LLM_CONCURRENCY=256. A tenant is made with `askwell
tenant create`; one requester and `--contacts` contacts with 2-3 research facts each are
created through the API.

Figures:

(a) service overhead per draft, LLM answering at once (0 ms): p50/p99 of `--sequential`
    sequential `POST /v1/drafts` (one keep-alive connection), next to the stand-in's own
    time for the same prompt (raw HTTP, and through the service's `LLMClient`), so
    overhead = draft latency - LLM call.
(b) `--concurrent` concurrent `POST /v1/drafts` with the LLM taking `--latency-ms`: wall
    time from the first request to the last response and its ratio to the ideal (one LLM
    latency); target <= 1.5x. The load comes from asyncio tasks in this process (a bare
    HTTP/1.1 client, one connection each, opened before the clock starts; this process's
    garbage collector is off during the burst). The service's CPU use, the per-draft split
    (time inside the LLM attempt vs the rest) and when the stand-in received the calls
    (the spread of the burst's preparation) say where time went; with `--py-spy` the
    service's threads are dumped while the burst is in flight.
(c) prompt tokens per draft for a typical contact: what the server reported in the
    drafts' attempts (`usage.prompt_tokens`; the stand-in counts ~4 characters a token over
    the JSON-encoded messages), and rough counts of the same prompt rendered here (no
    tokenizer is installed: characters/4 and words*4/3).

It exits 0 whenever the benchmark itself ran: it is a report, not a gate.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import http.client
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))  # `service` and `tests.support` when run as a script

from api import (  # noqa: E402  (bench/api.py: the HTTP benchmark's process helpers)
    DEFAULT_PG_ADMIN_URL,
    HOST,
    Server,
    free_port,
    group_cpu_seconds,
    postgres_database,
    request,
    service_env,
    sqlite_database,
    start_server,
    stop_server,
    thread_summary,
    wait_ready,
)

TARGET_RATIO = 1.5
MODEL = "askwell-bench-model"

REQUESTER = {
    "name": "María Gómez",
    "current_role": "ICU nurse",
    "background": "Eight years of critical-care nursing; led our unit's EHR rollout.",
    "interests": ["clinical informatics", "patient safety"],
    "learning_goals": "How nurses move into informatics roles",
    "target_fields": ["health informatics"],
}
ORGS = [
    "Mercy Health",
    "Riverside Clinic",
    "Northwind Hospital",
    "St. Anne Medical",
    "Lakeside Care",
    "Harbor Health",
    "Summit Medical Group",
    "Valley Children's",
]
TITLES = [
    ("Director of Nursing Informatics", "executive"),
    ("Clinical Informatics Specialist", "mid"),
    ("Nurse Informaticist", "mid"),
    ("Senior Manager, Clinical Systems", "senior"),
    ("EHR Analyst", "junior"),
    ("Chief Nursing Information Officer", "executive"),
]
FIRST = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Grace", "Hugo", "Ines", "Jonas"]
LAST = ["Pérez", "Okafor", "Nguyen", "Schmidt", "Rossi", "Kowalski", "Haddad", "Silva"]
FACT_TEMPLATES = [
    ("person", "Spoke at HIMSS {year} about reducing alarm fatigue in ICUs"),
    ("role", "Leads the nurse informatics team at {org}"),
    ("organization", "{org} moved all {n} of its hospitals to a single EHR in {year}"),
    ("person", "Wrote a blog post on training bedside nurses as EHR super-users"),
    ("person", "Moved from bedside nursing into informatics after {n} years in critical care"),
    ("organization", "{org} runs a fellowship for nurses moving into clinical informatics"),
]


# --------------------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------------------


@dataclass
class LLMProcess:
    port: int
    latency_ms: float
    process: subprocess.Popen[bytes]
    log_path: Path


def start_llm(port: int, latency_ms: float, workdir: Path) -> LLMProcess:
    log_path = workdir / f"llm_{int(latency_ms)}ms.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.support.llm_server",
                "--port",
                str(port),
                "--latency-ms",
                str(latency_ms),
            ],
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"LLM stand-in exited: {log_path.read_text(errors='replace')}")
        try:
            status, _ = request(port, "GET", "/v1/models", timeout=2.0)
            if status == 200:
                return LLMProcess(port, latency_ms, process, log_path)
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("LLM stand-in did not start")
        time.sleep(0.05)


def stop_llm(llm: LLMProcess) -> None:
    if llm.process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(llm.process.pid, signal.SIGTERM)
        try:
            llm.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(llm.process.pid, signal.SIGKILL)
            llm.process.wait(timeout=10)


# --------------------------------------------------------------------------------------
# Seeding
# --------------------------------------------------------------------------------------


def create_tenant(env: dict[str, str], cwd: Path) -> str:
    script = Path(sys.executable).with_name("askwell")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "service.cli"]
    # Tenant commands use an existing database only: make it first, as an operator would.
    subprocess.run(
        [*command, "migrate"], cwd=cwd, env=env, capture_output=True, timeout=300, check=True
    )
    done = subprocess.run(
        [*command, "tenant", "create", "Drafts bench tenant"],
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


def contact_body(n: int) -> dict[str, Any]:
    title, seniority = TITLES[n % len(TITLES)]
    return {
        "name": f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]}",
        "title": title,
        "organization": ORGS[n % len(ORGS)],
        "seniority": seniority,
        "how_found": "Speaker list of a nursing informatics conference",
    }


def facts_for(n: int) -> list[dict[str, str]]:
    rng = random.Random(n)
    org = ORGS[n % len(ORGS)]
    # At least one fact about the person: with only their organization's facts there is
    # no specific reason to write, the draft fails the gate and is repaired, and one such
    # draft takes three model latencies, whatever the service does.
    person = [t for t in FACT_TEMPLATES if t[0] == "person"]
    first = rng.choice(person)
    chosen = [first, *rng.sample([t for t in FACT_TEMPLATES if t != first], 1 + n % 2)]
    rng.shuffle(chosen)
    return [
        {
            "about": about,
            "text": text.format(org=org, year=2020 + rng.randrange(6), n=3 + rng.randrange(9)),
        }
        for about, text in chosen
    ]


def _post(connection: http.client.HTTPConnection, path: str, body: Any, headers: Any) -> Any:
    connection.request("POST", path, body=json.dumps(body), headers=headers)
    response = connection.getresponse()
    payload = response.read()
    if response.status != 201:
        raise RuntimeError(f"POST {path}: {response.status} {payload[:300]!r}")
    return json.loads(payload)


def seed(port: int, headers: dict[str, str], contacts: int) -> tuple[str, list[str], float]:
    """One requester, `contacts` contacts with research; returns their ids and the time."""
    started = time.monotonic()
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        requester_id = _post(connection, "/v1/requesters", REQUESTER, headers)["id"]
    finally:
        connection.close()
    workers = 8

    def make(worker: int) -> list[tuple[int, str]]:
        made = []
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        try:
            for n in range(worker, contacts, workers):
                contact_id = _post(connection, "/v1/contacts", contact_body(n), headers)["id"]
                _post(
                    connection,
                    f"/v1/contacts/{contact_id}/research",
                    {"facts": facts_for(n)},
                    headers,
                )
                made.append((n, contact_id))
        finally:
            connection.close()
        return made

    with ThreadPoolExecutor(workers) as pool:
        made = sorted(pair for batch in pool.map(make, range(workers)) for pair in batch)
    return requester_id, [contact_id for _, contact_id in made], time.monotonic() - started


# --------------------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass
class Sequential:
    latencies_ms: list[float]
    statuses: Counter[int]
    drafts: list[dict[str, Any]]
    llm_raw_ms: list[float]
    llm_client_ms: list[float]


def sequential_drafts(
    port: int, headers: dict[str, str], bodies: list[dict[str, Any]]
) -> tuple[list[float], Counter[int], list[dict[str, Any]]]:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    drafts: list[dict[str, Any]] = []
    try:
        for body in bodies:
            payload = json.dumps(body)
            started = time.perf_counter()
            connection.request("POST", "/v1/drafts", body=payload, headers=headers)
            response = connection.getresponse()
            data = response.read()
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[response.status] += 1
            if response.status == 201:
                drafts.append(json.loads(data))
    finally:
        connection.close()
    return latencies, statuses, drafts


def typical_prompt() -> tuple[list[dict[str, str]], dict[str, Any]]:
    """The draft_request prompt for contact 0, rendered by the service's own prompt code."""
    from service.llm.prompts import load_registry

    registry = load_registry(REPO / "prompts")
    prompt = registry.get("draft_request")
    contact = contact_body(0)
    facts = [{"text": f["text"], "about": f["about"]} for f in facts_for(0)]
    variables: dict[str, Any] = {
        "requester": {
            "name": REQUESTER["name"],
            "current_role": REQUESTER["current_role"],
            "background": REQUESTER["background"],
            "interests": REQUESTER["interests"],
            "learning_goals": [REQUESTER["learning_goals"]],
            "target_roles": REQUESTER["target_fields"],
        },
        "contact": {**contact, "department": None, "notes": None},
        "research": {"facts": facts, "summary": None},
        "channel": "email",
        "limits": {"max_chars": None, "max_words": 180},
        "canary": "AW-0123456789ab",
        "repair_hints": [],
    }
    messages = [{"role": m["role"], "content": m["content"]} for m in prompt.render(**variables)]
    body: dict[str, Any] = {
        "model": MODEL,
        "messages": messages,
        "max_tokens": 700,
        "temperature": 0.4,
        "response_format": {
            "type": "json_schema",
            "json_schema": {
                "name": prompt.schema_name,
                "schema": dict(prompt.output_schema),
                "strict": True,
            },
        },
    }
    return messages, body


def llm_reference(port: int, body: dict[str, Any], count: int) -> tuple[list[float], list[float]]:
    """The stand-in's own time for one draft prompt: raw HTTP, and via the service's client."""
    payload = json.dumps(body)
    raw: list[float] = []
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        for _ in range(count):
            started = time.perf_counter()
            connection.request(
                "POST",
                "/v1/chat/completions",
                body=payload,
                headers={"Content-Type": "application/json", "Authorization": "Bearer sk-local"},
            )
            response = connection.getresponse()
            response.read()
            raw.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                raise RuntimeError(f"LLM stand-in answered {response.status}")
    finally:
        connection.close()

    from service.llm.client import LLMClient
    from service.llm.schemas import ModelParams

    async def via_client() -> list[float]:
        times: list[float] = []
        async with LLMClient(
            model=MODEL, base_url=f"http://{HOST}:{port}/v1", api_key="sk-local"
        ) as client:
            for _ in range(count):
                started = time.perf_counter()
                await client.complete_json(
                    messages=body["messages"],
                    schema=body["response_format"]["json_schema"]["schema"],
                    schema_name=body["response_format"]["json_schema"]["name"],
                    params=ModelParams(temperature=0.4, max_tokens=700),
                )
                times.append((time.perf_counter() - started) * 1000)
        return times

    return raw, asyncio.run(via_client())


@dataclass
class Burst:
    wall_s: float
    latencies_s: list[float]
    statuses: Counter[str]
    drafts: list[dict[str, Any]]
    server_cpu_pct: float
    dumps: list[tuple[float, list[str]]] = field(default_factory=list)
    # When the stand-in received the burst's model calls, in s after the first request.
    calls_received_s: list[float] = field(default_factory=list)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
        elif name.strip().lower() == "transfer-encoding":
            raise RuntimeError("chunked responses are not expected from the service")
    return status, await reader.readexactly(length)


def burst(
    server: Server,
    headers: dict[str, str],
    bodies: list[dict[str, Any]],
    *,
    py_spy: bool,
    llm_port: int,
) -> Burst:
    """Every body POSTed at once, one connection each (opened before the clock starts).

    A bare asyncio HTTP/1.1 client: an httpx.AsyncClient with 200 connections spent seconds
    of this process's CPU just sending and receiving, which the first version of this
    benchmark mistook for service time.
    """
    dumps: list[tuple[float, list[str]]] = []
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items() if k.lower() != "content-type")
    requests = []
    for body in bodies:
        payload = json.dumps(body).encode()
        requests.append(
            (
                f"POST /v1/drafts HTTP/1.1\r\nHost: {HOST}:{server.port}\r\n{head}"
                f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
            ).encode("latin-1")
            + payload
        )

    async def run() -> tuple[float, list[float], Counter[str], list[bytes]]:
        connections = await asyncio.gather(
            *(asyncio.open_connection(HOST, server.port) for _ in requests)
        )
        latencies: list[float] = []
        statuses: Counter[str] = Counter()
        payloads: list[bytes] = []
        all_done = asyncio.Event()

        async def one(index: int) -> None:
            reader, writer = connections[index]
            started = time.perf_counter()
            try:
                writer.write(requests[index])
                await writer.drain()
                status, payload = await asyncio.wait_for(_read_response(reader), 120)
            except (OSError, asyncio.IncompleteReadError, TimeoutError) as exc:
                statuses[type(exc).__name__] += 1
                return
            latencies.append(time.perf_counter() - started)
            statuses[str(status)] += 1
            if status == 201:
                payloads.append(payload)

        async def spy() -> None:
            loop = asyncio.get_running_loop()
            for at in (0.3, 0.9, 1.5, 2.5):
                await asyncio.sleep(max(0.0, at - (time.perf_counter() - t0)))
                if all_done.is_set():
                    return
                lines = await loop.run_in_executor(None, thread_summary, server.process.pid)
                dumps.append((at, lines))

        t0 = time.perf_counter()
        spy_task = asyncio.create_task(spy()) if py_spy else None
        await asyncio.gather(*(one(i) for i in range(len(requests))))
        wall = time.perf_counter() - t0
        all_done.set()
        if spy_task is not None:
            await spy_task
        for _, writer in connections:
            writer.close()
        return wall, latencies, statuses, payloads

    cpu_before = group_cpu_seconds(server.process.pid)
    # This process's own collections would count as the service's time: none in the burst.
    gc.collect()
    gc.disable()
    started = time.monotonic()
    try:
        wall, latencies, statuses, payloads = asyncio.run(run())
    finally:
        gc.enable()
    elapsed = time.monotonic() - started
    cpu = 100 * (group_cpu_seconds(server.process.pid) - cpu_before) / elapsed
    drafts = [json.loads(p) for p in payloads]
    received = [at - started for at in stand_in_received(llm_port) if at >= started]
    return Burst(wall, latencies, statuses, drafts, cpu, dumps, sorted(received))


def stand_in_received(port: int) -> list[float]:
    """When the stand-in received each model call (its clock is this process's monotonic)."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/askwell/stats", timeout=5) as answer:
            return [float(at) for at in json.load(answer)["received"]]
    except (OSError, ValueError, KeyError):
        return []


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def _attempt_ms(drafts: list[dict[str, Any]]) -> list[float]:
    return [a["latency_ms"] for d in drafts for a in d["attempts"]]


def _line(label: str, values: list[float], unit: str = "ms") -> str:
    if not values:
        return f"    {label:<46} n/a"
    return (
        f"    {label:<46} p50 {pct(values, 50):8.1f} {unit}   p99 {pct(values, 99):8.1f} {unit}"
        f"   (n={len(values)})"
    )


def report(
    args: argparse.Namespace,
    notes: list[str],
    seq: Sequential,
    load: Burst,
    messages: list[dict[str, str]],
    body: dict[str, Any],
) -> None:
    print()
    print("askwell drafts benchmark")
    print(
        f"  db: {args.db}; uvicorn --workers {args.workers}; LLM stand-in: tests.support.llm_server in its "
        f"own process; ASKWELL_LLM_CONCURRENCY=256; CPUs: {os.cpu_count()}; "
        f"python {sys.version.split()[0]}"
    )
    print(f"  load average before the run: {args.loadavg_before}")
    if args.service_app != "service.main:create_app":
        print(f"  service app: {args.service_app} (not the stock factory)")
    for note in notes:
        print(f"  {note}")

    print()
    print(f"(a) service overhead per draft, LLM at 0 ms ({len(seq.latencies_ms)} sequential)")
    print(f"    statuses: {dict(seq.statuses)}")
    attempts = Counter(len(d["attempts"]) for d in seq.drafts)
    outcome = Counter(d["status"] for d in seq.drafts)
    print(f"    draft status: {dict(outcome)}; attempts per draft: {dict(attempts)}")
    print(_line("POST /v1/drafts (client-measured)", seq.latencies_ms))
    quarter = max(1, len(seq.latencies_ms) // 4)
    print(_line("  first quarter (few earlier drafts)", seq.latencies_ms[:quarter]))
    print(_line("  last quarter (~200 earlier drafts to compare)", seq.latencies_ms[-quarter:]))
    print(_line("  of which inside the drafting attempt", _attempt_ms(seq.drafts)))
    print(_line("LLM stand-in alone, raw HTTP keep-alive", seq.llm_raw_ms))
    print(_line("LLM stand-in via the service's LLMClient", seq.llm_client_ms))
    overhead = [lat - pct(seq.llm_client_ms, 50) for lat in seq.latencies_ms]
    print(_line("service overhead = draft - LLMClient call p50", overhead))

    print()
    n = len(load.latencies_s) + sum(v for k, v in load.statuses.items() if not k.isdigit())
    ideal = args.latency_ms / 1000
    ratio = load.wall_s / ideal
    print(f"(b) {n} concurrent POST /v1/drafts, LLM at {args.latency_ms:g} ms")
    print(f"    statuses: {dict(load.statuses)}")
    attempts = Counter(len(d["attempts"]) for d in load.drafts)
    outcome = Counter(d["status"] for d in load.drafts)
    print(f"    draft status: {dict(outcome)}; attempts per draft: {dict(attempts)}")
    print(f"    wall time, first request to last response:  {load.wall_s:8.2f} s")
    print(f"    ideal (one LLM latency):                    {ideal:8.2f} s")
    print(
        f"    ratio:                                      {ratio:8.2f}x   target <= "
        f"{TARGET_RATIO:g}x   {'PASS' if ratio <= TARGET_RATIO else 'FAIL'}"
    )
    print(_line("request latency", [s * 1000 for s in load.latencies_s]))
    print(_line("  of which inside the drafting attempt", _attempt_ms(load.drafts)))
    print(f"    service CPU during the burst (100% = one core): {load.server_cpu_pct:5.0f}%")
    sent = load.calls_received_s
    if sent:
        print(
            f"    model calls reached the stand-in from {sent[0] * 1000:.0f} ms to "
            f"{sent[-1] * 1000:.0f} ms after the first request (half by "
            f"{sent[len(sent) // 2] * 1000:.0f} ms): the burst's preparation"
        )
    for at, lines in load.dumps:
        print(f"    py-spy dump at t+{at:.1f} s:")
        for line in lines:
            print(f"      {line}")

    print()
    print("(c) prompt tokens per draft, typical contact (email, 2-3 facts, no repair)")
    first = [
        d["attempts"][0]["usage"]["prompt_tokens"]
        for d in seq.drafts
        if len(d["attempts"]) == 1 and d["attempts"][0]["usage"]["prompt_tokens"]
    ]
    if first:
        print(
            f"    server-reported usage.prompt_tokens:  median {statistics.median(first):.0f}, "
            f"min {min(first)}, max {max(first)} (n={len(first)})"
        )
        completion = [d["attempts"][0]["usage"]["completion_tokens"] for d in seq.drafts]
        print(
            f"    server-reported completion_tokens:    median {statistics.median(completion):.0f}"
        )
    text = "\n".join(m["content"] for m in messages)
    system = messages[0]["content"]
    user = messages[1]["content"]
    print(
        f"    rendered here for contact 0: system {len(system)} chars, user {len(user)} chars, "
        f"{len(text.split())} words"
    )
    print(f"      chars/4 over the message texts:       {len(text) / 4:6.0f} tokens")
    print(f"      words*4/3:                            {len(text.split()) * 4 / 3:6.0f} tokens")
    print(
        f"      the stand-in's rule (JSON-encoded messages/4): "
        f"{(len(json.dumps(messages)) + 3) // 4:6d} tokens"
    )
    print(
        "    (no tokenizer is installed; the stand-in's count is inflated by JSON escapes:"
        " non-ASCII characters count 6 characters each)"
    )
    print(
        f"    response_format JSON schema sent too: {len(json.dumps(body['response_format']))} "
        "chars (providers count it separately, or not at all)"
    )


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--contacts", type=int, default=200)
    parser.add_argument("--sequential", type=int, default=200, help="Drafts for (a).")
    parser.add_argument("--concurrent", type=int, default=200, help="Drafts for (b).")
    parser.add_argument("--latency-ms", type=float, default=1000.0, help="LLM latency in (b).")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("ASKWELL_BENCH_POSTGRES_URL", DEFAULT_PG_ADMIN_URL),
        help="Admin URL; the bench creates and drops its own database next to it.",
    )
    parser.add_argument(
        "--py-spy", action="store_true", help="Dump the service's threads during (b)."
    )
    parser.add_argument("--pool-size", type=int, default=None, help="ASKWELL_DATABASE_POOL_SIZE.")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes.")
    parser.add_argument(
        "--service-app",
        default="service.main:create_app",
        help="uvicorn factory of the service (to measure a candidate change without editing).",
    )
    parser.add_argument("--service-app-dir", type=Path, default=None, help="uvicorn --app-dir.")
    args = parser.parse_args(argv)
    if (
        min(args.contacts, args.sequential, args.concurrent, args.workers) < 1
        or args.latency_ms <= 0
    ):
        parser.error("counts must be >= 1 and --latency-ms > 0")
    return args


def _raise_on_sigterm(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def database(args: argparse.Namespace, workdir: Path) -> Iterator[str]:
    if args.db == "sqlite":
        with sqlite_database(workdir) as (url, _name):
            yield url
    else:
        with postgres_database(args.postgres_url) as (url, _name):
            yield url


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.loadavg_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    signal.signal(signal.SIGTERM, _raise_on_sigterm)
    tmp = Path(tempfile.mkdtemp(prefix="askwell-bench-drafts-"))
    notes: list[str] = []
    try:
        with contextlib.ExitStack() as stack:
            llm_port = free_port()
            llm = start_llm(llm_port, 0, tmp)
            stack.callback(lambda: stop_llm(llm))
            url = stack.enter_context(database(args, tmp))
            env = service_env(url)
            env.update(
                OPENAI_BASE_URL=f"http://{HOST}:{llm_port}/v1",
                OPENAI_API_KEY="sk-local",
                ASKWELL_LLM_MODEL=MODEL,
                ASKWELL_LLM_CONCURRENCY="256",
            )
            if args.pool_size is not None:
                env["ASKWELL_DATABASE_POOL_SIZE"] = str(args.pool_size)
            api_key = create_tenant(env, tmp)
            auth = {"Authorization": f"Bearer {api_key}"}
            headers = {**auth, "Content-Type": "application/json"}
            server = start_server(
                "askwell-drafts",
                args.service_app,
                workers=args.workers,
                env=env,
                cwd=tmp,
                app_dir=args.service_app_dir,
            )
            stack.callback(stop_server, server)
            wait_ready(server)
            print(f"service pid {server.process.pid}, LLM stand-in on :{llm_port}", flush=True)

            requester_id, contacts, seconds = seed(server.port, headers, args.contacts)
            notes.append(
                f"seeded 1 requester, {len(contacts)} contacts with 2-3 facts each via the API "
                f"in {seconds:.1f} s"
            )

            def bodies(count: int, offset: int = 0) -> list[dict[str, Any]]:
                return [
                    {
                        "requester_id": requester_id,
                        "contact_id": contacts[(offset + i) % len(contacts)],
                        "channel": "email",
                    }
                    for i in range(count)
                ]

            print(f"(a) {args.sequential} sequential drafts, LLM 0 ms ...", flush=True)
            latencies, statuses, drafts = sequential_drafts(
                server.port, headers, bodies(args.sequential)
            )
            messages, body = typical_prompt()
            raw, via_client = llm_reference(llm_port, body, args.sequential)
            seq = Sequential(latencies, statuses, drafts, raw, via_client)

            stop_llm(llm)
            llm = start_llm(llm_port, args.latency_ms, tmp)
            print(
                f"(b) {args.concurrent} concurrent drafts, LLM {args.latency_ms:g} ms ...",
                flush=True,
            )
            wait_ready(server)
            load = burst(
                server, headers, bodies(args.concurrent), py_spy=args.py_spy, llm_port=llm_port
            )
            if server.process.poll() is not None:
                raise RuntimeError(f"service died:\n{server.log_tail()}")
            report(args, notes, seq, load, messages, body)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
