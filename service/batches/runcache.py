"""What a runner keeps between items: each batch's fixed inputs and the requester's drafts.

Every item of a batch shares its requester, tenant policy and prompt version, so a runner
loads them once per batch and again after `TTL_S` (an edit made meanwhile reaches the
batch's later items). The requester's recent drafts feed the gate's `not_generic` check;
they are reloaded after `TTL_S` too, and every draft this process stores is added at once,
so drafts of the same batch are compared with each other as they are made.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from service.batches.models import Batch
from service.checking.service import requester_profile, tenant_policy
from service.db import unit_of_work
from service.drafts.models import Draft, DraftRevision
from service.drafts.recent import OTHER_DRAFTS_LIMIT, RecentDrafts
from service.drafts.service import default_prompt_version
from service.gate import GatePolicy, RequesterProfile
from service.llm.drafting import PROMPT_FOR_KIND
from service.llm.prompts import PromptRegistry
from service.requesters.models import Requester

TTL_S = 5.0


@dataclass(frozen=True)
class BatchInputs:
    batch_id: uuid.UUID
    tenant_id: uuid.UUID
    requester_id: uuid.UUID
    channel: str
    requester: RequesterProfile
    policy: GatePolicy
    prompt_version: int
    loaded_at: float


class RunCache:
    def __init__(
        self,
        registry: PromptRegistry,
        ttl_s: float = TTL_S,
        recent: RecentDrafts | None = None,
    ) -> None:
        self._registry = registry
        self._ttl_s = ttl_s
        self._lock = threading.Lock()
        self._batches: dict[uuid.UUID, BatchInputs] = {}
        # Shared with the API's drafting in the same process (`service.drafts.recent`).
        self.recent = recent or RecentDrafts(ttl_s)

    def cached_batch(self, batch_id: uuid.UUID) -> BatchInputs | None:
        """The batch's inputs if they are loaded and fresh; None when `batch` must load."""
        with self._lock:
            cached = self._batches.get(batch_id)
        if cached is not None and time.monotonic() - cached.loaded_at < self._ttl_s:
            return cached
        return None

    def batch(self, engine: Engine, batch_id: uuid.UUID) -> BatchInputs | None:
        cached = self.cached_batch(batch_id)
        if cached is not None:
            return cached
        now = time.monotonic()
        with unit_of_work(engine) as session:
            loaded = self._load_batch(session, batch_id, now)
        if loaded is not None:
            with self._lock:
                self._batches[batch_id] = loaded
        return loaded

    def _load_batch(self, session: Session, batch_id: uuid.UUID, now: float) -> BatchInputs | None:
        batch = session.get(Batch, batch_id)
        requester = session.get(Requester, batch.requester_id) if batch else None
        if batch is None or requester is None:
            return None
        return BatchInputs(
            batch_id=batch.id,
            tenant_id=batch.tenant_id,
            requester_id=batch.requester_id,
            channel=batch.channel,
            requester=requester_profile(requester),
            policy=tenant_policy(session, tenant_id=batch.tenant_id),
            prompt_version=batch.prompt_version
            or default_prompt_version(
                session,
                tenant_id=batch.tenant_id,
                registry=self._registry,
                name=PROMPT_FOR_KIND["request"],
            ),
            loaded_at=now,
        )

    def other_drafts(
        self, engine: Engine, inputs: BatchInputs, *, contact_id: uuid.UUID
    ) -> tuple[str, ...]:
        """The requester's most recent drafts to other contacts (current revisions)."""
        key = (inputs.tenant_id, inputs.requester_id)
        bodies = self.recent.bodies(key, contact_id=contact_id)
        if bodies is None:
            with unit_of_work(engine) as session:
                rows = self._recent_drafts(session, inputs)
            bodies = self.recent.put(key, rows, contact_id=contact_id)
        return bodies

    def cached_other_drafts(
        self, inputs: BatchInputs, *, contact_id: uuid.UUID
    ) -> tuple[str, ...] | None:
        """`other_drafts` if the requester's drafts are loaded and fresh; else None."""
        return self.recent.bodies((inputs.tenant_id, inputs.requester_id), contact_id=contact_id)

    @staticmethod
    def _recent_drafts(session: Session, inputs: BatchInputs) -> list[tuple[uuid.UUID, str]]:
        return list(
            session.exec(
                select(Draft.contact_id, DraftRevision.body)
                .join(Draft, col(Draft.id) == col(DraftRevision.draft_id))
                .where(
                    Draft.tenant_id == inputs.tenant_id,
                    Draft.requester_id == inputs.requester_id,
                    col(DraftRevision.number) == col(Draft.revision),
                )
                .order_by(col(Draft.created_at).desc())
                .limit(OTHER_DRAFTS_LIMIT + 1)
            ).all()
        )

    def add_draft(self, inputs: BatchInputs, *, contact_id: uuid.UUID, body: str) -> None:
        self.recent.add((inputs.tenant_id, inputs.requester_id), contact_id=contact_id, body=body)
