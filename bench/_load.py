"""Fallback HTTP/1.1 load generator for `bench/api.py`, used when `wrk` is not installed.

Run as its own process (never inside the benchmark's process, so that it does not share
an interpreter with anything else):

    python bench/_load.py --url http://127.0.0.1:8000/v1/contacts?limit=20 \
        --connections 64 --duration 10 [--method POST --body '{...}'] [--header 'K: V']

Each connection is one keep-alive socket driven by one coroutine that sends a request,
reads the whole response (Content-Length or chunked) and sends the next one, until the
deadline. It prints one JSON object: requests, duration_s, latency percentiles (ms),
status counts and socket errors. Standard library only (uses uvloop when importable).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from urllib.parse import urlsplit


class _Stats:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.statuses: Counter[int] = Counter()
        self.socket_errors = 0


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; return (status, server keeps the connection open)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = None
    chunked = False
    keep_alive = True
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        value = value.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value:
            chunked = True
        elif name == b"connection" and value == b"close":
            keep_alive = False
    if chunked:
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";", 1)[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, keep_alive


async def _connection(
    host: str, port: int, request: bytes, deadline: float, record_after: float, stats: _Stats
) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    while time.perf_counter() < deadline:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            assert reader is not None
            started = time.perf_counter()
            writer.write(request)
            status, keep_alive = await _read_response(reader)
            finished = time.perf_counter()
            if started >= record_after:
                stats.latencies.append(finished - started)
                stats.statuses[status] += 1
            if not keep_alive:
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            if time.perf_counter() >= record_after:
                stats.socket_errors += 1
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


async def run(args: argparse.Namespace) -> dict[str, object]:
    parts = urlsplit(args.url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or 80
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    body = args.body.encode() if args.body is not None else b""
    headers = [f"Host: {host}:{port}", "Connection: keep-alive", *args.header]
    if args.body is not None:
        headers.append(f"Content-Length: {len(body)}")
    request = (
        f"{args.method} {target} HTTP/1.1\r\n" + "".join(f"{h}\r\n" for h in headers) + "\r\n"
    ).encode() + body

    stats = _Stats()
    start = time.perf_counter()
    record_after = start + args.warmup
    deadline = record_after + args.duration
    await asyncio.gather(
        *(
            _connection(host, port, request, deadline, record_after, stats)
            for _ in range(args.connections)
        )
    )
    elapsed = time.perf_counter() - record_after
    latencies = sorted(stats.latencies)
    non_2xx = sum(n for code, n in stats.statuses.items() if not 200 <= code < 300)
    return {
        "loader": "python-asyncio",
        "requests": len(latencies),
        "duration_s": elapsed,
        "p50_ms": _percentile(latencies, 0.50) * 1000,
        "p99_ms": _percentile(latencies, 0.99) * 1000,
        "non_2xx": non_2xx,
        "socket_errors": stats.socket_errors,
        "statuses": {str(code): n for code, n in sorted(stats.statuses.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--method", default="GET")
    parser.add_argument("--body", default=None)
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=0.0, help="Seconds not recorded.")
    args = parser.parse_args(argv)
    try:
        import uvloop  # type: ignore[import-not-found]
    except ImportError:
        result = asyncio.run(run(args))
    else:
        result = uvloop.run(run(args))
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
