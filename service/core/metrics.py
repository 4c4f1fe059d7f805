"""Prometheus metrics, `askwell_`-prefixed, with the standard client library.

Counters and histograms live in the process and move where things happen (the request
middleware, drafting, the model client, batch items, idempotency, rate limits). What is a
state of the database, not an event of this process (batch items waiting, by state), is
counted when `/metrics` is scraped, so every API process reports the same figure.

Several API processes on one host (`askwell serve --workers N`) report together when
`PROMETHEUS_MULTIPROC_DIR` names a directory they share (the client library's
multiprocess mode); otherwise each process reports its own.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import structlog
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

# A `_created` series per counter doubles the scrape for a figure nobody graphs.
disable_created_metrics()  # type: ignore[no-untyped-call]

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
MODEL_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0, 120.0)

HTTP_REQUESTS = Counter(
    "askwell_http_requests",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "askwell_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route template.",
    ["method", "route"],
    buckets=LATENCY_BUCKETS,
)
DRAFTS = Counter(
    "askwell_drafts",
    "Drafts made, by status, channel, prompt version and source (offline or llm).",
    ["status", "channel", "prompt_version", "source"],
)
GATE_FAILURES = Counter(
    "askwell_gate_failures",
    "Failing gate checks on the drafts made and the revisions edited, by check.",
    ["check"],
)
REPAIR_ATTEMPTS = Counter(
    "askwell_repair_attempts",
    "Repair calls: a draft failed the gate and the model was asked to fix it.",
)
MODEL_CALLS = Counter(
    "askwell_model_calls",
    "HTTP calls to the model server, by model and outcome (ok, or why it failed).",
    ["model", "outcome"],
)
MODEL_DURATION = Histogram(
    "askwell_model_call_duration_seconds",
    "Time a model server took to answer one call, by model.",
    ["model"],
    buckets=MODEL_BUCKETS,
)
MODEL_TOKENS = Counter(
    "askwell_model_tokens",
    "Tokens the model server reported, by tenant, model and kind (prompt or completion).",
    ["tenant", "model", "kind"],
)
BATCH_ITEMS_FINISHED = Counter(
    "askwell_batch_items_finished",
    "Batch items this process finished, by outcome (needs_review, gate_failed, failed...).",
    ["state"],
)
BATCH_ITEM_DURATION = Histogram(
    "askwell_batch_item_duration_seconds",
    "Time from an item's start to its end in a runner, model calls included.",
    buckets=MODEL_BUCKETS,
)
IDEMPOTENT_REPLAYS = Counter(
    "askwell_idempotent_replays",
    "Requests answered from an earlier response with the same Idempotency-Key.",
)
RATE_LIMITED = Counter(
    "askwell_rate_limited",
    "Requests refused with 429 (a key's rate, sign-ins, a quota, a daily cap), by route "
    "template; the problem body says which limit.",
    ["route"],
)
REPLAYED_HEADER = "Idempotent-Replayed"


# -- observed when the transaction that stored them commits ----------------------------------

_PENDING = "askwell_metrics_pending"
_events = structlog.get_logger("askwell.drafts")


def after_commit(session: AsyncSession, observe: Callable[[], None]) -> None:
    """Run `observe` once the session's transaction commits; never if it rolls back (a
    draft refused by the daily cap after it was written is not a draft made)."""
    session.info.setdefault(_PENDING, []).append(observe)


@event.listens_for(Session, "after_commit")
def _observe_committed(session: Session) -> None:
    for observe in session.info.pop(_PENDING, ()):
        observe()


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)


def observe_draft(
    *,
    draft_id: str,
    tenant_id: str,
    status: str,
    channel: str,
    provenance: dict[str, Any],
    gate_report: dict[str, Any],
    attempts: list[dict[str, Any]],
) -> None:
    """A stored draft: its status, its failing checks, and the model calls behind it, in
    the metrics and as log lines (ids, outcomes and figures; never its text)."""
    prompt = provenance.get("prompt") or {}
    source = provenance.get("drafter", "unknown")
    model = str(provenance.get("model") or "unknown")
    DRAFTS.labels(status, channel, str(prompt.get("version", "none")), source).inc()
    failing = [
        c.get("id", "unknown") for c in gate_report.get("checks", ()) if not c.get("passed", True)
    ]
    for check in failing:
        GATE_FAILURES.labels(check).inc()
    _events.info(
        "draft",
        draft_id=draft_id,
        tenant_id=tenant_id,
        status=status,
        channel=channel,
        source=source,
        failing_checks=failing,
        attempts=len(attempts),
    )
    if source != "llm":
        return
    for number, attempt in enumerate(attempts):
        if number:
            REPAIR_ATTEMPTS.inc()
        outcome = attempt.get("outcome", "unknown")
        latency_ms = float(attempt.get("latency_ms", 0.0))
        MODEL_CALLS.labels(model, outcome).inc()
        MODEL_DURATION.labels(model).observe(latency_ms / 1000)
        usage = attempt.get("usage") or {}
        tokens = {kind: int(usage.get(f"{kind}_tokens") or 0) for kind in ("prompt", "completion")}
        for kind, count in tokens.items():
            if count:
                MODEL_TOKENS.labels(tenant_id, model, kind).inc(count)
        _events.info(
            "model_call",
            draft_id=draft_id,
            tenant_id=tenant_id,
            model=model,
            attempt=number + 1,
            outcome=outcome,
            http_attempts=attempt.get("http_attempts"),
            latency_ms=round(latency_ms, 1),
            prompt_tokens=tokens["prompt"],
            completion_tokens=tokens["completion"],
        )


def observe_request(
    method: str, route: str, status: int, seconds: float, *, replayed: bool = False
) -> None:
    HTTP_REQUESTS.labels(method, route, str(status)).inc()
    HTTP_DURATION.labels(method, route).observe(seconds)
    if status == 429:
        RATE_LIMITED.labels(route).inc()
    if replayed:
        IDEMPOTENT_REPLAYS.inc()


class _Snapshot(Collector):
    """Gauges read from the database at scrape time."""

    def __init__(self, batch_items: dict[str, int]) -> None:
        self.batch_items = batch_items

    def collect(self) -> list[GaugeMetricFamily]:
        items = GaugeMetricFamily(
            "askwell_batch_items",
            "Batch items of every tenant by state, now (queued items are the queue's depth).",
            labels=["state"],
        )
        for state, count in sorted(self.batch_items.items()):
            items.add_metric([state], count)
        depth = GaugeMetricFamily(
            "askwell_batch_queue_depth", "Batch items waiting to be drafted, now."
        )
        depth.add_metric([], self.batch_items.get("queued", 0))
        return [items, depth]


def exposition(batch_items: dict[str, int]) -> tuple[bytes, str]:
    """The text format for a scrape: this process's (or every process's) metrics and the
    database's gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    snapshot = CollectorRegistry()
    snapshot.register(_Snapshot(batch_items))
    return body + generate_latest(snapshot), CONTENT_TYPE_LATEST
