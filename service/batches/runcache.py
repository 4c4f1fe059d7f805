"""What a runner keeps between items: each batch's fixed inputs and the requester's drafts.

Every item of a batch shares its requester, tenant policy and prompt version, so a runner
loads them once per batch and again after `TTL_S` (an edit made meanwhile reaches the
batch's later items). The requester's recent drafts feed the gate's `not_generic` check
(`service.drafts.recent`, shared with the API's drafting in the same process).
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from service.batches.models import Batch
from service.checking.service import policy_of, requester_profile, stored_settings
from service.drafts.recent import RecentDrafts
from service.drafts.service import pinned_or_latest
from service.gate import GatePolicy, RequesterProfile
from service.llm.drafting import PROMPT_FOR_KIND
from service.llm.prompts import PromptRegistry
from service.requesters.models import Requester
from service.tenants.models import Tenant

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
    """Used from one event loop: no locks needed."""

    def __init__(
        self, registry: PromptRegistry, ttl_s: float = TTL_S, recent: RecentDrafts | None = None
    ) -> None:
        self._registry = registry
        self._ttl_s = ttl_s
        self._batches: dict[uuid.UUID, BatchInputs] = {}
        self.recent = recent or RecentDrafts(ttl_s)

    async def batch(self, session: AsyncSession, batch_id: uuid.UUID) -> BatchInputs | None:
        """The batch's inputs, loaded in `session` unless fresh ones are kept; None when the
        batch is gone."""
        cached = self._batches.get(batch_id)
        now = time.monotonic()
        if cached is not None and now - cached.loaded_at < self._ttl_s:
            return cached
        batch = await session.get(Batch, batch_id)
        requester = await session.get(Requester, batch.requester_id) if batch else None
        tenant = await session.get(Tenant, batch.tenant_id) if batch else None
        if batch is None or requester is None or tenant is None:
            self._batches.pop(batch_id, None)
            return None
        settings = stored_settings(tenant)
        name = PROMPT_FOR_KIND["request"]
        loaded = BatchInputs(
            batch_id=batch.id,
            tenant_id=batch.tenant_id,
            requester_id=batch.requester_id,
            channel=batch.channel,
            requester=requester_profile(requester),
            policy=policy_of(settings),
            prompt_version=batch.prompt_version
            or pinned_or_latest(self._registry, name, settings.default_prompt_versions.get(name)),
            loaded_at=now,
        )
        if len(self._batches) > 1000:
            self._batches.clear()
        self._batches[batch_id] = loaded
        return loaded
