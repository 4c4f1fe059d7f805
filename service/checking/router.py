"""HTTP routes of the gate: check any text, describe the checks, tenant gate settings."""

from __future__ import annotations

from fastapi import APIRouter

from service.checking import service
from service.checking.schemas import (
    CheckDescription,
    GateCheckRequest,
    GateDescription,
    TenantSettingsRead,
    TenantSettingsUpdate,
)
from service.core.deps import Admin, DraftingDep, Reader, SessionDep, reads_only
from service.core.errors import error_responses
from service.gate import GATE_VERSION, GatePolicy, GateReport, describe_checks

router = APIRouter(prefix="/v1", responses=error_responses(401, 403))


@router.get("/gate", tags=["gate"])
async def describe_gate(principal: Reader) -> GateDescription:
    """The checks the gate runs, their versions, and the default policy."""
    return GateDescription(
        gate_version=GATE_VERSION,
        checks=[CheckDescription.model_validate(c) for c in describe_checks()],
        default_policy=GatePolicy(),
    )


@router.post("/gate/check", tags=["gate"], responses=error_responses(400, 404, 413, 415, 422))
@reads_only
async def check_text(body: GateCheckRequest, session: SessionDep, principal: Reader) -> GateReport:
    """Run the gate on any text; a failing draft is a normal answer (200), not an error."""
    return await service.check_text(
        session,
        tenant_id=principal.tenant_id,
        tenant_settings=principal.tenant_settings,
        request=body,
    )


@router.get("/tenant/settings", tags=["tenant"])
async def get_tenant_settings(
    session: SessionDep, principal: Reader, drafting: DraftingDep
) -> TenantSettingsRead:
    """The tenant's effective settings: gate policy, default prompt versions, follow-ups."""
    return await service.read_tenant_settings(
        session, tenant_id=principal.tenant_id, quotas=drafting.quotas
    )


@router.patch("/tenant/settings", tags=["tenant"], responses=error_responses(400, 413, 415, 422))
async def update_tenant_settings(
    body: TenantSettingsUpdate, session: SessionDep, principal: Admin, drafting: DraftingDep
) -> TenantSettingsRead:
    """Change tenant settings (admin keys only); `gate_policy` merges, `null` resets it."""
    return await service.update_tenant_settings(
        session, tenant_id=principal.tenant_id, update=body, quotas=drafting.quotas
    )
