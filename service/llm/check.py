"""What the configured model server can do, found by asking it: `askwell llm check` and
`GET /v1/llm`.

The probes, each timed: the model list (is the configured model there?), a tiny chat,
one request in each structured-output mode (does the server accept it, and does the
answer parse?), and one with the configured output budget (`max_tokens`). From them: the
mode askwell will use, whether drafting can work at all, and the settings that fix what
does not.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Literal

import openai
from pydantic import BaseModel, Field

from service.core.config import Settings
from service.llm.client import LLMClient, ModeStore, OutputMode, Probe
from service.llm.schemas import ChatMessage

__all__ = ["LLMCheck", "ProbeResult", "check_llm", "render"]

log = logging.getLogger(__name__)

PROBE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"answer": {"type": "string"}, "ok": {"type": "boolean"}},
    "required": ["answer", "ok"],
    "additionalProperties": False,
}
PROBE_MESSAGES: list[ChatMessage] = [
    {"role": "system", "content": "You answer in JSON."},
    {
        "role": "user",
        "content": 'Return {"answer": "yes", "ok": true} and nothing else.',
    },
]
CHAT_MESSAGES: list[ChatMessage] = [{"role": "user", "content": "Say OK."}]
MODES = tuple(OutputMode)


class ProbeResult(BaseModel):
    """One probe: what was asked, whether it worked, how long it took, what was said."""

    name: str = Field(description="models, chat, mode:<mode> or max_tokens.")
    ok: bool
    latency_ms: float | None = None
    status_code: int | None = None
    detail: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


class ModeSupport(BaseModel):
    mode: OutputMode
    accepted: bool | None = Field(description="The server took the request (None: not probed).")
    output_valid: bool | None = Field(
        description="The answer parsed and matched the probe's schema (the model's part)."
    )


class LLMCheck(BaseModel):
    """What askwell found of its model server."""

    drafter: Literal["llm", "offline"]
    endpoint: str | None = None
    model: str | None = None
    models_listed: list[str] | None = Field(
        default=None, description="The ids the server lists (None: it lists none)."
    )
    output_mode_setting: str = Field(description="ASKWELL_LLM_OUTPUT_MODE.")
    remembered_mode: OutputMode | None = Field(
        default=None, description="The mode stored for this endpoint and model."
    )
    mode: OutputMode | None = Field(
        default=None, description="The mode askwell will use with this server."
    )
    modes: list[ModeSupport] = Field(default_factory=list)
    probes: list[ProbeResult] = Field(default_factory=list)
    drafting_works: bool | None = Field(
        description="Drafts can be made with these settings (None: the server was not asked)."
    )
    fixes: list[str] = Field(
        default_factory=list, description="Settings to change for what does not work."
    )


def _one_line(text: str | None, limit: int = 200) -> str | None:
    if text is None:
        return None
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _result(
    name: str, probe: Probe, *, ok: bool | None = None, answered: bool = False
) -> ProbeResult:
    """`answered`: a probe that only asks whether the server answers (not for JSON)."""
    usage = probe.usage
    detail = probe.detail
    if answered and probe.outcome in ("ok", "output_error"):
        detail = f"answered {probe.text or ''!r}"
    return ProbeResult(
        name=name,
        ok=probe.outcome == "ok" if ok is None else ok,
        latency_ms=round(probe.latency_s * 1000, 1),
        status_code=probe.status_code,
        detail=_one_line(detail),
        prompt_tokens=usage.prompt_tokens if usage else None,
        completion_tokens=usage.completion_tokens if usage else None,
    )


async def check_llm(
    settings: Settings,
    client: LLMClient | None,
    *,
    store: ModeStore | None = None,
    remember: bool = False,
) -> LLMCheck:
    """Probe the endpoint `client` talks to; with `remember`, store the mode to use."""
    if client is None:
        return LLMCheck(
            drafter="offline",
            output_mode_setting=settings.llm_output_mode,
            drafting_works=True,
            fixes=[
                "No model server is configured: drafts come from the offline composer. Set "
                "OPENAI_BASE_URL (and OPENAI_API_KEY, ASKWELL_LLM_MODEL) to use one."
            ],
        )
    check = LLMCheck(
        drafter="llm",
        endpoint=client.endpoint,
        model=client.model,
        output_mode_setting=settings.llm_output_mode,
        drafting_works=False,
    )
    fixes = check.fixes
    if store is not None:
        try:
            check.remembered_mode = await store.load(client.endpoint, client.model)
        except Exception:  # a database problem is not the model server's
            check.remembered_mode = None

    # The model list.
    started = time.monotonic()
    try:
        listed = await client.list_models()
    except openai.APIStatusError as exc:
        check.probes.append(
            ProbeResult(
                name="models",
                ok=False,
                latency_ms=round((time.monotonic() - started) * 1000, 1),
                status_code=exc.status_code,
                detail=str(exc.message)[:300],
            )
        )
    except Exception as exc:  # unreachable: the chat probe says so with its own words
        check.probes.append(
            ProbeResult(
                name="models",
                ok=False,
                latency_ms=round((time.monotonic() - started) * 1000, 1),
                detail=f"{type(exc).__name__}",
            )
        )
    else:
        check.models_listed = listed
        present = client.model in listed
        check.probes.append(
            ProbeResult(
                name="models",
                ok=present or not listed,
                latency_ms=round((time.monotonic() - started) * 1000, 1),
                status_code=200,
                detail=f"lists {', '.join(listed[:10]) or 'nothing'}"
                + ("" if present or not listed else f"; not {client.model}"),
            )
        )
        if listed and not present:
            fixes.append(
                f"ASKWELL_LLM_MODEL={listed[0]}: the server does not list {client.model!r} "
                f"(it lists {', '.join(listed[:5])}). For llama-cpp-python, start it with "
                "--model_alias to give the model a short name."
            )

    # A tiny chat, no structured output.
    chat = await client.probe(
        OutputMode.PROMPT, messages=CHAT_MESSAGES, schema={"type": "object"}, max_tokens=16
    )
    chat_ok = chat.outcome in ("ok", "output_error")  # the server answered
    check.probes.append(_result("chat", chat, ok=chat_ok, answered=True))
    if not chat_ok:
        if chat.outcome == "unreachable":
            fixes.append(
                f"OPENAI_BASE_URL: nothing answers at {client.endpoint} ({chat.detail}); "
                "point it at the server's /v1 address."
            )
        elif chat.outcome == "auth":
            fixes.append("OPENAI_API_KEY: the server refuses askwell's key.")
        elif chat.status_code == 404:
            fixes.append(
                "ASKWELL_LLM_MODEL or OPENAI_BASE_URL: the server answers 404 for a chat "
                f"with model {client.model!r} (does the base URL end in /v1?)."
            )
        else:
            fixes.append(
                f"The server refuses a plain chat: {chat.status_code} {_one_line(chat.detail)}"
            )
        check.fixes = fixes
        return check

    # Each structured-output mode.
    found: OutputMode | None = None
    accepted_first: OutputMode | None = None
    for mode in MODES:
        probe = await client.probe(
            mode, messages=PROBE_MESSAGES, schema=PROBE_SCHEMA, max_tokens=64
        )
        accepted = probe.outcome in ("ok", "output_error")
        check.modes.append(
            ModeSupport(
                mode=mode,
                accepted=accepted,
                output_valid=probe.outcome == "ok" if accepted else None,
            )
        )
        result = _result(f"mode:{mode}", probe, ok=accepted)
        if probe.outcome == "output_error":
            result.detail = _one_line(f"accepted; the model's answer: {probe.detail}")
        check.probes.append(result)
        if accepted and accepted_first is None:
            accepted_first = mode
        if probe.outcome == "ok" and found is None:
            found = mode
    chosen = found or accepted_first or OutputMode.PROMPT
    if settings.llm_output_mode != "auto":
        pinned = OutputMode(settings.llm_output_mode)
        support = next(m for m in check.modes if m.mode == pinned)
        check.mode = pinned
        if not support.accepted:
            fixes.append(
                f"ASKWELL_LLM_OUTPUT_MODE=auto (or {chosen}): the server refuses the pinned "
                f"mode {pinned}."
            )
    else:
        check.mode = chosen
        if remember and store is not None:
            try:
                await store.save(
                    client.endpoint, client.model, chosen, "found by askwell llm check"
                )
                check.remembered_mode = chosen
            except Exception:  # a database problem is not the model server's
                log.warning("could not remember the output mode", exc_info=True)

    # The configured output budget.
    budget = settings.llm_max_output_tokens
    limit = await client.probe(
        OutputMode.PROMPT, messages=CHAT_MESSAGES, schema={"type": "object"}, max_tokens=budget
    )
    limit_ok = limit.outcome in ("ok", "output_error")
    check.probes.append(_result(f"max_tokens={budget}", limit, ok=limit_ok, answered=True))
    if not limit_ok:
        fixes.append(
            f"ASKWELL_LLM_MAX_OUTPUT_TOKENS: the server refuses max_tokens={budget} "
            f"({limit.status_code} {_one_line(limit.detail)}); lower it, or give the server a larger "
            "context (llama.cpp: --n_ctx / -c)."
        )
    pinned_refused = settings.llm_output_mode != "auto" and not next(
        m.accepted for m in check.modes if m.mode == check.mode
    )
    check.drafting_works = bool(accepted_first) and limit_ok and not pinned_refused
    check.fixes = fixes
    return check


def render(check: LLMCheck) -> str:
    """`askwell llm check`'s report, for a terminal."""
    if check.drafter == "offline":
        return "\n".join(["drafter: offline (no model server configured)", *check.fixes])
    lines = [
        f"endpoint: {check.endpoint}",
        f"model:    {check.model}",
    ]
    for probe in check.probes:
        took = f"{probe.latency_ms:>8.0f} ms" if probe.latency_ms is not None else " " * 11
        status = str(probe.status_code) if probe.status_code is not None else "-"
        mark = "ok  " if probe.ok else "FAIL"
        lines.append(f"  {mark} {probe.name:<26} {status:>4} {took}  {probe.detail or ''}".rstrip())
    if check.modes:
        lines.append("output modes:")
        for support in check.modes:
            state = (
                "refused by the server"
                if not support.accepted
                else "accepted, answer valid"
                if support.output_valid
                else "accepted, answer not valid (the model's doing)"
            )
            lines.append(f"  {support.mode:<20} {state}")
    if check.mode is not None:
        how = "pinned by ASKWELL_LLM_OUTPUT_MODE" if check.output_mode_setting != "auto" else "auto"
        lines.append(f"askwell will use: {check.mode} ({how})")
    if check.remembered_mode is not None:
        lines.append(f"remembered for this endpoint and model: {check.remembered_mode}")
    works = {True: "yes", False: "NO", None: "not probed"}[check.drafting_works]
    lines.append(f"drafting works: {works}")
    if check.fixes:
        lines.append("to fix:")
        lines += [f"  - {fix}" for fix in check.fixes]
    return "\n".join(lines)
