"""`GET /v1/llm`: what the running service knows and finds of its model server."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from service.core.deps import Admin, SettingsDep
from service.core.errors import error_responses
from service.llm.check import LLMCheck, check_llm
from service.llm.client import LLMClient

router = APIRouter(prefix="/v1", tags=["tenant"], responses=error_responses(401, 403))


@router.get("/llm")
async def get_llm(
    request: Request,
    settings: SettingsDep,
    principal: Admin,
    probe: Annotated[
        bool, Query(description="Ask the model server (a few tiny requests); false: only settings.")
    ] = True,
) -> LLMCheck:
    """The model server this service drafts with: the models it lists, whether a chat and
    each structured-output mode work (with each probe's latency), the mode in use, and
    the settings to change for what does not work. Nothing is changed."""
    client = getattr(request.app.state.drafter, "client", None)
    store = getattr(request.app.state, "mode_store", None)
    if not isinstance(client, LLMClient):
        return await check_llm(settings, None)
    await client.load_remembered_mode(client.model)
    if not probe:
        remembered = await store.load(client.endpoint, client.model) if store else None
        return LLMCheck(
            drafter="llm",
            endpoint=client.endpoint,
            model=client.model,
            output_mode_setting=settings.llm_output_mode,
            remembered_mode=remembered,
            mode=client.mode,
            drafting_works=None,
        )
    check = await check_llm(settings, client, store=store, remember=False)
    if settings.llm_output_mode == "auto":
        check.mode = client.mode  # what the running client uses now
    return check
