"""The gate applied to stored data: effective tenant policy and context from the database."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from service.checking.schemas import (
    GateCheckRequest,
    QuotasRead,
    TenantSettingsRead,
    TenantSettingsUpdate,
)
from service.contacts.models import Contact
from service.contacts.service import get_contact
from service.core.errors import Unprocessable
from service.drafts.quotas import Quotas
from service.gate import (
    ContactProfile,
    GateContext,
    GatePolicy,
    GateReport,
    RequesterProfile,
    ResearchFact,
    run_gate,
)
from service.requesters.models import Requester
from service.requesters.service import get_requester
from service.research.models import ResearchSummary
from service.research.service import newest_research
from service.tenants.models import StoredTenantSettings, Tenant
from service.tenants.service import get_tenant


def stored_settings(tenant: Tenant | Mapping[str, Any]) -> StoredTenantSettings:
    """The tenant's settings, from its row or from the mapping it stores."""
    stored = tenant.settings if isinstance(tenant, Tenant) else tenant
    return StoredTenantSettings.model_validate(stored or {})


def merge_policy(base: GatePolicy, overrides: Mapping[str, Any] | None) -> GatePolicy:
    """`base` with `overrides` applied; an invalid combination is the client's error (422)."""
    if not overrides:
        return base
    try:
        return base.with_overrides(overrides)
    except ValidationError as exc:
        raise Unprocessable(
            "The gate policy is not valid.",
            errors=[
                {"loc": ["body", "policy", *err["loc"]], "msg": err["msg"], "type": err["type"]}
                for err in exc.errors()
            ],
        ) from None


def policy_of(settings: StoredTenantSettings) -> GatePolicy:
    """Defaults, overridden by what the tenant stored."""
    return merge_policy(GatePolicy(), settings.gate_policy)


def requester_profile(requester: Requester) -> RequesterProfile:
    return RequesterProfile(
        name=requester.name,
        background=requester.background,
        current_role=requester.current_role,
        interests=list(requester.interests),
        learning_goals=requester.learning_goals,
        target_fields=list(requester.target_fields),
        email=requester.email,
        linkedin_url=requester.linkedin_url,
    )


def contact_profile(contact: Contact) -> ContactProfile:
    return ContactProfile(
        name=contact.name,
        title=contact.title,
        department=contact.department,
        organization=contact.organization,
        seniority=contact.seniority,
        email=contact.email,
        linkedin_url=contact.linkedin_url,
    )


def research_facts(summary: ResearchSummary | None) -> list[ResearchFact]:
    return [ResearchFact.model_validate(fact) for fact in summary.facts] if summary else []


async def load_context(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    inline: GateContext | None,
    requester_id: uuid.UUID | None,
    contact_id: uuid.UUID | None,
) -> GateContext | None:
    """Inline context, completed from the referenced requester, contact and latest research."""
    if requester_id is None and contact_id is None:
        return inline
    loaded: dict[str, Any] = {}
    if requester_id is not None:
        requester = await get_requester(session, tenant_id=tenant_id, requester_id=requester_id)
        loaded["requester"] = requester_profile(requester)
    if contact_id is not None:
        contact = await get_contact(session, tenant_id=tenant_id, contact_id=contact_id)
        summary = await newest_research(session, contact_id=contact_id)
        loaded["contact"] = contact_profile(contact)
        loaded["facts"] = research_facts(summary)
        loaded["research_notes"] = summary.notes if summary else None
    if inline is not None:
        loaded.update({name: getattr(inline, name) for name in inline.model_fields_set})
    return GateContext(**loaded)


async def check_text(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    tenant_settings: Mapping[str, Any],
    request: GateCheckRequest,
) -> GateReport:
    """The gate's verdict on `request.text` under the tenant's policy (from its stored
    `tenant_settings`) and any overrides."""
    context = await load_context(
        session,
        tenant_id=tenant_id,
        inline=request.context,
        requester_id=request.requester_id,
        contact_id=request.contact_id,
    )
    policy = policy_of(stored_settings(tenant_settings))
    if request.policy is not None:
        policy = merge_policy(policy, request.policy.model_dump(exclude_none=True))
    return run_gate(
        request.text,
        subject=request.subject,
        channel=request.channel,
        context=context,
        policy=policy,
    )


async def read_tenant_settings(
    session: AsyncSession, *, tenant_id: uuid.UUID, quotas: Quotas
) -> TenantSettingsRead:
    stored = stored_settings(await get_tenant(session, tenant_id=tenant_id))
    return settings_read(stored, quotas)


def settings_read(stored: StoredTenantSettings, quotas: Quotas) -> TenantSettingsRead:
    return TenantSettingsRead(
        gate_policy=merge_policy(GatePolicy(), stored.gate_policy),
        default_prompt_versions=stored.default_prompt_versions,
        follow_up_delay_days=stored.follow_up_delay_days,
        daily_draft_cap=stored.daily_draft_cap,
        quotas=QuotasRead(**asdict(quotas.of(stored))),
    )


async def update_tenant_settings(
    session: AsyncSession, *, tenant_id: uuid.UUID, update: TenantSettingsUpdate, quotas: Quotas
) -> TenantSettingsRead:
    tenant = await get_tenant(session, tenant_id=tenant_id)
    stored = stored_settings(tenant)
    changes: dict[str, Any] = {}
    if "gate_policy" in update.model_fields_set:
        merged: dict[str, Any] = {}
        if update.gate_policy is not None:
            # A field set to null goes back to the default; others replace the stored value.
            overrides = update.gate_policy.model_dump(exclude_unset=True)
            merged = {**stored.gate_policy, **overrides}
            if overrides.get("checks"):
                merged["checks"] = {**stored.gate_policy.get("checks", {}), **overrides["checks"]}
            merged = {key: value for key, value in merged.items() if value is not None}
            merge_policy(GatePolicy(), merged)  # refuse what would not validate
        changes["gate_policy"] = merged
    if update.default_prompt_versions is not None:
        changes["default_prompt_versions"] = update.default_prompt_versions
    if update.follow_up_delay_days is not None:
        changes["follow_up_delay_days"] = update.follow_up_delay_days
    if "daily_draft_cap" in update.model_fields_set:
        changes["daily_draft_cap"] = update.daily_draft_cap
    tenant.settings = StoredTenantSettings.model_validate(
        {**stored.model_dump(), **changes}
    ).model_dump()
    await session.flush()
    return settings_read(stored_settings(tenant), quotas)


async def set_quotas(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    drafts_per_day: int | None,
    queued_batch_items: int | None,
) -> StoredTenantSettings:
    """The operator's quotas for one tenant (`askwell tenant quota`); 0 restores the
    service's default, None leaves a quota as it is."""
    tenant = await get_tenant(session, tenant_id=tenant_id)
    stored = stored_settings(tenant).model_dump()
    if drafts_per_day is not None:
        stored["quota_drafts_per_day"] = drafts_per_day or None
    if queued_batch_items is not None:
        stored["quota_queued_batch_items"] = queued_batch_items or None
    tenant.settings = StoredTenantSettings.model_validate(stored).model_dump()
    await session.flush()
    return StoredTenantSettings.model_validate(tenant.settings)
