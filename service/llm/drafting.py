"""Drafting behind one small interface: an LLM drafter or the offline composer, then the gate.

`compose_gated()` runs the repair loop: draft, gate, and while the gate blocks, re-draft
with the failed checks' fix hints. Every attempt is recorded, failed ones included, with
its output mode, its HTTP calls (status, latency, tokens) and the tokens the server
reported even for rejected output; a body is only ever taken from an attempt that produced
well-formed output. A model error ends the loop: the client has already retried what can
be retried (an unusable answer once, on the same prompt), and repair hints cannot fix an
answer that is not a draft. When no attempt produced a draft because the model's answers
were unusable, the result is a `model_failed` draft with no text (the server answered;
saying "retry later" would not help); when the server could not be had at all,
`DraftingFailed`. Nothing here touches the database, so no transaction is open while a
model is being waited for.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Sequence
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from service.core.config import Settings
from service.gate import (
    Channel,
    ContactProfile,
    GateContext,
    GatePolicy,
    GateReport,
    RequesterProfile,
    ResearchFact,
    run_gate,
)
from service.llm.client import AttemptRecord, LLMClient, ModeStore
from service.llm.client import from_settings as client_from_settings
from service.llm.errors import LLMError, LLMOutputError, failure_cause
from service.llm.inputs import (
    ContactInput,
    DraftRequestVariables,
    EarlierRequestInput,
    FollowUpVariables,
    RequesterInput,
    ResearchFactInput,
    ResearchInput,
    channel_limits,
)
from service.llm.prompts import Prompt, PromptRegistry
from service.llm.schemas import TokenUsage

DrafterKind = Literal["llm", "offline"]
DraftKind = Literal["request", "follow_up"]
GatedStatus = Literal["needs_review", "gate_failed", "model_failed"]
PROMPT_FOR_KIND: dict[DraftKind, str] = {"request": "draft_request", "follow_up": "follow_up"}


class EarlierRequest(BaseModel):
    """The request a follow-up refers to."""

    model_config = ConfigDict(frozen=True)

    subject: str | None = None
    body: str
    sent_on: str | None = None
    # How long ago it was sent, as a person says it ("last month"): what a follow-up says,
    # never a date (which, for one forced early, would be today's).
    sent_ago: str | None = None


class DraftInputs(BaseModel):
    """Everything a drafter may use; the same for the LLM and the offline composer."""

    model_config = ConfigDict(frozen=True)

    requester: RequesterProfile
    contact: ContactProfile
    contact_how_found: str | None = None
    contact_notes: str | None = None
    facts: tuple[ResearchFact, ...] = ()
    research_notes: str | None = None
    channel: Channel
    kind: DraftKind = "request"
    earlier: EarlierRequest | None = None
    policy: GatePolicy = Field(default_factory=GatePolicy)
    other_drafts: tuple[str, ...] = ()

    def gate_context(self, *, canaries: Sequence[str] = ()) -> GateContext:
        """What the gate compares a draft with. Built without validating again: every part
        is already a validated model (or the stored drafts), and with a few hundred other
        drafts a validation costs more than some checks."""
        return GateContext.model_construct(
            requester=self.requester,
            contact=self.contact,
            facts=list(self.facts),
            research_notes=self.research_notes,
            other_drafts=list(self.other_drafts),
            kind=self.kind,
            canaries=list(canaries),
        )


class CallLog(BaseModel):
    """One HTTP request to the model server, whatever its outcome."""

    model_config = ConfigDict(frozen=True)

    number: int
    mode: str = Field(description="The structured-output mode it asked for.")
    outcome: str = Field(
        description="ok, output_error, mode_unsupported, server_error, rate_limited, timeout, "
        "connection_error, rejected..."
    )
    status_code: int | None = None
    latency_ms: float
    usage: TokenUsage | None = Field(
        default=None, description="Tokens the server reported, also for rejected output."
    )
    error: str | None = None

    @classmethod
    def of(cls, record: AttemptRecord) -> CallLog:
        return cls(
            number=record.number,
            mode=str(record.mode),
            outcome=record.outcome,
            status_code=record.status_code,
            latency_ms=round(record.latency_s * 1000, 1),
            usage=record.usage,
            error=record.error,
        )


def calls_of(records: Sequence[AttemptRecord]) -> list[CallLog]:
    return [CallLog.of(r).model_copy(update={"number": i}) for i, r in enumerate(records, 1)]


def usage_of(calls: Sequence[CallLog]) -> TokenUsage:
    """The tokens of every call that reported some."""
    total = TokenUsage()
    for call in calls:
        if call.usage is not None:
            total = total + call.usage
    return total


class Composition(BaseModel):
    """One drafter answer."""

    model_config = ConfigDict(frozen=True)

    subject: str | None
    body: str
    usage: TokenUsage = Field(default_factory=TokenUsage)
    http_attempts: int = 0
    model: str | None = None
    mode: str | None = None  # the structured-output mode of the answer (LLM drafters)
    calls: list[CallLog] = Field(default_factory=list)


class Drafter(Protocol):
    """Anything that turns inputs (and repair hints) into a draft."""

    kind: DrafterKind

    def describe(self, inputs: DraftInputs, *, prompt_version: int | None) -> dict[str, Any]:
        """Provenance of drafts this drafter makes: prompt, model, parameters."""
        ...

    async def compose(
        self,
        inputs: DraftInputs,
        *,
        prompt_version: int | None,
        repair_hints: Sequence[str],
        canary: str,
    ) -> Composition:
        """One draft; raises `LLMError` when no usable output could be had."""
        ...


class AttemptLog(BaseModel):
    """What one drafting attempt did; stored with the draft."""

    number: int
    outcome: Literal["passed", "gate_failed", "llm_error"]
    subject: str | None = None
    body: str | None = None
    gate_passed: bool | None = None
    blocking_failures: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    repair_hints: list[str] = Field(default_factory=list)
    error: str | None = None
    reason: str | None = Field(
        default=None,
        description="For an llm_error: model_output_invalid, model_output_truncated, "
        "model_server_error, model_server_unreachable, model_server_busy, model_auth, "
        "model_quota or model_request_refused.",
    )
    mode: str | None = Field(
        default=None, description="The structured-output mode of its last model call."
    )
    usage: TokenUsage = Field(
        default_factory=TokenUsage,
        description="Tokens the server reported for every call of the attempt, rejected "
        "output included.",
    )
    http_attempts: int = 0
    calls: list[CallLog] = Field(
        default_factory=list, description="The HTTP calls made to the model server."
    )
    latency_ms: float


class GatedDraft(BaseModel):
    """The loop's result: the last usable composition, its report, and every attempt.

    `model_failed`: no attempt produced a usable draft although the model server answered
    (the body is empty, the report the gate's verdict on nothing)."""

    subject: str | None
    body: str
    report: GateReport
    attempts: list[AttemptLog]
    provenance: dict[str, Any]
    model_failed: bool = False
    failure_reason: str | None = None
    failure_detail: str | None = None

    @property
    def status(self) -> GatedStatus:
        if self.model_failed:
            return "model_failed"
        return "needs_review" if self.report.passed else "gate_failed"


class DraftingFailed(Exception):
    """No attempt produced usable output and the model server could not be had (down,
    failing, refusing askwell); `cause` is the last attempt's error, `reason` and
    `detail` what it comes to (`failure_cause`)."""

    def __init__(
        self, message: str, attempts: list[AttemptLog], cause: LLMError | None = None
    ) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.cause = cause
        self.reason, self.detail = failure_cause(cause)


async def compose_gated(
    drafter: Drafter,
    inputs: DraftInputs,
    *,
    repair_attempts: int,
    prompt_version: int | None = None,
) -> GatedDraft:
    """Draft, gate, and repair up to `repair_attempts` times; see the module docstring."""
    canary = f"AW-{secrets.token_hex(6)}"
    # Built when the first answer is in: the call need not wait for it.
    context: GateContext | None = None
    attempts: list[AttemptLog] = []
    hints: list[str] = []
    best: tuple[Composition, GateReport] | None = None
    failure: LLMError | None = None
    for number in range(1, repair_attempts + 2):
        started = time.perf_counter()
        try:
            composition = await drafter.compose(
                inputs, prompt_version=prompt_version, repair_hints=hints, canary=canary
            )
        except LLMError as exc:
            failure = exc
            calls = calls_of(exc.attempts)
            attempts.append(
                AttemptLog(
                    number=number,
                    outcome="llm_error",
                    error=f"{type(exc).__name__}: {exc.message}",
                    reason=failure_cause(exc)[0],
                    mode=calls[-1].mode if calls else None,
                    repair_hints=hints,
                    usage=usage_of(calls),
                    http_attempts=len(calls),
                    calls=calls,
                    latency_ms=(time.perf_counter() - started) * 1000,
                )
            )
            # The client already retried what could be retried (output errors once, on
            # the same prompt); more turns of the loop would only repeat the failure.
            break
        # A turn of the loop between handling the model's answer and gating it: together
        # they would hold the loop for milliseconds, and with dozens of drafts in flight
        # everything else (new requests, the batch engine's dispatch) would queue behind.
        await asyncio.sleep(0)
        if context is None:
            # The gate's no_foreign_links fails a draft that repeats the system prompt's canary.
            context = inputs.gate_context(canaries=[canary])
        report = run_gate(
            composition.body,
            subject=composition.subject,
            channel=inputs.channel,
            context=context,
            policy=inputs.policy,
        )
        passed = report.passed
        attempts.append(
            AttemptLog(
                number=number,
                outcome="passed" if passed else "gate_failed",
                subject=composition.subject,
                body=composition.body,
                gate_passed=passed,
                blocking_failures=[c.id for c in report.blocking_failures],
                warnings=[c.id for c in report.warnings],
                repair_hints=hints,
                mode=composition.mode,
                usage=composition.usage,
                http_attempts=composition.http_attempts,
                calls=composition.calls,
                latency_ms=(time.perf_counter() - started) * 1000,
            )
        )
        best = (composition, report)
        if passed:
            break
        hints = [c.fix_hint for c in report.blocking_failures if c.fix_hint]
    provenance = {
        **drafter.describe(inputs, prompt_version=prompt_version),
        "drafter": drafter.kind,
    }
    reason, detail = failure_cause(failure) if failure is not None else (None, None)
    if best is None:
        if not isinstance(failure, LLMOutputError):
            raise DraftingFailed(
                detail or "the drafter produced no usable output", attempts, failure
            )
        # The server answered, with nothing usable: a draft that says so, for a person to
        # write or reject; asking again later would get the same.
        report = run_gate(
            "",
            subject=None,
            channel=inputs.channel,
            context=inputs.gate_context(canaries=[canary]),
            policy=inputs.policy,
        )
        last_mode = attempts[-1].mode if attempts else None
        return GatedDraft(
            subject=None,
            body="",
            report=report,
            attempts=attempts,
            provenance={**provenance, "output_mode": last_mode},
            model_failed=True,
            failure_reason=reason,
            failure_detail=detail,
        )
    composition, report = best
    if composition.mode is not None:
        provenance["output_mode"] = composition.mode
    return GatedDraft(
        subject=composition.subject,
        body=composition.body,
        report=report,
        attempts=attempts,
        provenance=provenance,
        failure_reason=reason,
        failure_detail=detail,
    )


def _requester_input(profile: RequesterProfile) -> RequesterInput:
    return RequesterInput(
        name=profile.name,
        current_role=profile.current_role,
        background=profile.background,
        interests=list(profile.interests),
        learning_goals=[profile.learning_goals] if profile.learning_goals else [],
        target_roles=list(profile.target_fields),
    )


def prompt_variables(
    inputs: DraftInputs, *, canary: str, repair_hints: Sequence[str]
) -> dict[str, Any]:
    """The prompt's variables, from the same inputs the gate sees."""
    requester = _requester_input(inputs.requester)
    contact = ContactInput(
        name=inputs.contact.name,
        title=inputs.contact.title,
        department=inputs.contact.department,
        organization=inputs.contact.organization,
        seniority=inputs.contact.seniority,
        how_found=inputs.contact_how_found,
        notes=inputs.contact_notes,
    )
    research = ResearchInput(
        facts=[ResearchFactInput(text=f.text, about=f.about) for f in inputs.facts],
        summary=inputs.research_notes,
    )
    limits = channel_limits(
        inputs.channel,
        connection_note_chars=inputs.policy.connection_note_limit,
        max_words=min(180, inputs.policy.word_budget - 10),
    )
    if inputs.kind == "follow_up":
        earlier = inputs.earlier or EarlierRequest(body="(the earlier request)")
        return FollowUpVariables(
            requester=requester,
            contact=contact,
            research=research,
            earlier_request=EarlierRequestInput(**earlier.model_dump()),
            channel=inputs.channel,
            limits=limits,
            canary=canary,
            repair_hints=list(repair_hints),
        ).as_variables()
    return DraftRequestVariables(
        requester=requester,
        contact=contact,
        research=research,
        channel=inputs.channel,
        limits=limits,
        canary=canary,
        repair_hints=list(repair_hints),
    ).as_variables()


class LLMDrafter:
    """Drafts with a versioned prompt through an OpenAI-compatible endpoint."""

    kind: DrafterKind = "llm"

    def __init__(self, client: LLMClient, registry: PromptRegistry) -> None:
        self.client = client
        self.registry = registry

    def prompt(self, inputs: DraftInputs, prompt_version: int | None) -> Prompt:
        return self.registry.get(PROMPT_FOR_KIND[inputs.kind], prompt_version)

    def describe(self, inputs: DraftInputs, *, prompt_version: int | None) -> dict[str, Any]:
        prompt = self.prompt(inputs, prompt_version)
        params = prompt.params.model_dump(exclude_none=True)
        params["max_tokens"] = min(
            params.get("max_tokens", self.client.max_output_tokens), self.client.max_output_tokens
        )
        return {
            "prompt": {"name": prompt.name, "version": prompt.version, "sha256": prompt.sha256},
            "model": self.client.model,
            "parameters": params,
        }

    async def compose(
        self,
        inputs: DraftInputs,
        *,
        prompt_version: int | None,
        repair_hints: Sequence[str],
        canary: str,
    ) -> Composition:
        prompt = self.prompt(inputs, prompt_version)
        messages = prompt.render(
            **prompt_variables(inputs, canary=canary, repair_hints=repair_hints)
        )
        result = await self.client.complete_json(
            messages=messages,
            schema=prompt.output_schema,
            schema_name=prompt.schema_name,
            params=prompt.params,
        )
        body = str(result.data.get("body") or "").strip()
        if not body:
            error = LLMOutputError("the model returned an empty body", problem="empty")
            error.attempts = result.attempts
            raise error
        subject = str(result.data.get("subject") or "").strip() or None
        return Composition(
            subject=subject if inputs.channel == "email" else None,
            body=body,
            usage=result.total_usage,
            http_attempts=result.attempt_count,
            model=result.model,
            mode=str(result.mode),
            calls=calls_of(result.attempts),
        )


def build_drafter(
    settings: Settings, registry: PromptRegistry, *, mode_store: ModeStore | None = None
) -> Drafter:
    """The LLM drafter when an endpoint is configured, else the offline composer.

    `mode_store` remembers the structured-output mode that works (see `LLMClient`)."""
    if settings.llm_configured:
        return LLMDrafter(client_from_settings(settings, mode_store=mode_store), registry)
    from service.llm.offline import OfflineDrafter

    return OfflineDrafter()
