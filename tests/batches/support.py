"""Batch test helpers: bulk seeding, runner processes (`askwell serve` / `askwell worker`)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert
from sqlalchemy.engine import Engine

from service.contacts.models import Contact
from service.core.db import utcnow
from service.requesters.models import Requester
from service.research.models import ResearchSummary
from tests.conftest import PEPPER, REPO_ROOT
from tests.support.databases import (
    configured_url,
    create_database,
    drop_database,
    unit_of_work,
)

REQUESTER: dict[str, Any] = {
    "name": "María Gómez",
    "current_role": "ICU nurse",
    "background": "Eight years of critical-care nursing; led our unit's EHR rollout.",
    "interests": ["clinical informatics"],
    "learning_goals": "How nurses move into informatics roles",
    "target_fields": ["health informatics"],
}


def seed(
    engine: Engine,
    tenant_id: uuid.UUID,
    count: int,
    *,
    research: bool = True,
    organization: str = "Mercy Health",
) -> tuple[str, list[str]]:
    """A requester and `count` contacts (each with two research facts), in bulk."""
    now = utcnow()
    with unit_of_work(engine) as session:
        requester = Requester(tenant_id=tenant_id, **REQUESTER)
        session.add(requester)
        session.flush()
        contacts = []
        summaries = []
        for i in range(count):
            contact_id = uuid.uuid4()
            contacts.append(
                {
                    "id": contact_id,
                    "tenant_id": tenant_id,
                    "name": f"Ana Pérez {i}",
                    "title": "Director of Nursing Informatics",
                    "organization": organization,
                    "seniority": "executive",
                    "do_not_contact": False,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if research:
                summaries.append(
                    {
                        "id": uuid.uuid4(),
                        "tenant_id": tenant_id,
                        "contact_id": contact_id,
                        "version": 1,
                        "facts": [
                            {
                                "text": f"Spoke at HIMSS 2026 about alarm fatigue in ICU ward {i}",
                                "about": "person",
                            },
                            {
                                "text": f"Leads the nurse informatics team of region {i}",
                                "about": "role",
                            },
                        ],
                        "created_at": now,
                    }
                )
        if contacts:
            session.execute(insert(Contact), contacts)
        if summaries:
            session.execute(insert(ResearchSummary), summaries)
        return str(requester.id), [str(c["id"]) for c in contacts]


@contextmanager
def engine_database(directory: Path) -> Iterator[str]:
    """A throw-away database for the batch engine's own state (one per test)."""
    base = configured_url()
    url = create_database(base, directory, "engine")
    try:
        yield url
    finally:
        drop_database(url, base)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def runner_env(
    database_url: str, system_url: str, llm_base_url: str, **settings: object
) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ASKWELL_", "OPENAI_")) and k != "PYTHONPATH"
    }
    env.update(
        ASKWELL_DATABASE_URL=database_url,
        ASKWELL_BATCH_SYSTEM_DATABASE_URL=system_url,
        ASKWELL_ENVIRONMENT="test",
        ASKWELL_MIGRATE_ON_START="false",
        ASKWELL_API_KEY_PEPPER=PEPPER,
        ASKWELL_PROMPTS_DIR=str(REPO_ROOT / "prompts"),
        ASKWELL_LLM_MODEL="askwell-test-model",
        ASKWELL_LLM_TIMEOUT_S="5",
        ASKWELL_LLM_MAX_ATTEMPTS="3",
        ASKWELL_LLM_RETRY_AFTER_CAP_S="0.2",
        ASKWELL_BATCH_POLL_INTERVAL_S="0.05",
        OPENAI_BASE_URL=llm_base_url,
        OPENAI_API_KEY="sk-test-local",
        PYTHONUNBUFFERED="1",
    )
    env.update({f"ASKWELL_{k.upper()}": str(v) for k, v in settings.items()})
    return env


class Runner:
    """`askwell worker` or `askwell serve` (embedded runner) in its own process."""

    def __init__(self, kind: str, env: dict[str, str], log: Path) -> None:
        self.kind = kind
        self.env = env
        self.log = log
        self.port = free_port() if kind == "serve" else None
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, wait: bool = True) -> Runner:
        command = [sys.executable, "-m", "service.cli", self.kind]
        if self.kind == "serve":
            command += ["--port", str(self.port), "--log-level", "warning"]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=REPO_ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        self.starts += 1
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        marker = f"worker {self.env.get('ASKWELL_WORKER_ID', socket.gethostname())} running"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"{self.kind} exited with {self.process.returncode}:\n{self.output()}"
                )
            if self.kind == "serve":
                try:
                    if httpx.get(f"{self.base_url}/readyz", timeout=1).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
            elif self.output().count(marker) >= self.starts:
                return
            time.sleep(0.05)
        raise AssertionError(f"{self.kind} did not become ready:\n{self.output()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def wait_until(predicate: Callable[[], bool], *, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
