"""run_gate(): prepares the draft once, runs every enabled check, assembles the report."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from types import MappingProxyType

from service.gate.catalog import CHECK_SPECS, GATE_VERSION, CheckMode
from service.gate.checks.base import CheckInput, Outcome
from service.gate.checks.colleague import check_colleague_offer
from service.gate.checks.courtesy import check_respects_time
from service.gate.checks.follow_up import check_refers_to_earlier
from service.gate.checks.generic import check_not_generic
from service.gate.checks.greeting import check_addressed_to_contact
from service.gate.checks.job_ask import check_no_job_ask
from service.gate.checks.length import check_channel_length
from service.gate.checks.links import check_no_foreign_links
from service.gate.checks.placeholders import check_no_placeholders
from service.gate.checks.questions import check_preview_questions
from service.gate.checks.reason import check_specific_reason
from service.gate.checks.sensitive import check_no_sensitive_ask
from service.gate.checks.time_ask import check_time_ask
from service.gate.models import (
    Channel,
    CheckResult,
    GateContext,
    GatePolicy,
    GateReport,
    Severity,
)
from service.gate.text import Expanded, expand_shorthand, prepare

CheckFunction = Callable[[CheckInput], Outcome]

CHECK_FUNCTIONS: Mapping[str, CheckFunction] = MappingProxyType(
    {
        "specific_reason": check_specific_reason,
        "time_ask": check_time_ask,
        "preview_questions": check_preview_questions,
        "colleague_offer": check_colleague_offer,
        "no_placeholders": check_no_placeholders,
        "addressed_to_contact": check_addressed_to_contact,
        "no_job_ask": check_no_job_ask,
        "channel_length": check_channel_length,
        "no_foreign_links": check_no_foreign_links,
        "no_sensitive_ask": check_no_sensitive_ask,
        "not_generic": check_not_generic,
        "respects_time": check_respects_time,
        "refers_to_earlier": check_refers_to_earlier,
    }
)
# In a follow-up the reason and the questions were already given in the first message;
# repeating them is welcome but not required, so they can at most warn.
_FOLLOW_UP_WARN_ONLY = frozenset({"specific_reason", "preview_questions"})
# Checks of the draft's form read it as written; the others read what it means, with texting
# shorthand expanded ("saw ur talk" is "saw your talk"; a connection note's characters are
# still counted as sent).
_AS_WRITTEN = frozenset(
    {"no_placeholders", "addressed_to_contact", "channel_length", "no_foreign_links", "not_generic"}
)
_DEFAULT_POLICY = GatePolicy()
_EMPTY_CONTEXT = GateContext()


def _severity(check_id: str, mode: CheckMode, kind: str) -> Severity | None:
    if mode == "off":
        return None
    if kind == "follow_up" and check_id in _FOLLOW_UP_WARN_ONLY:
        return "warn"
    return "block" if mode == "block" else "warn"


def run_gate(
    text: str,
    *,
    subject: str | None = None,
    channel: Channel,
    context: GateContext | None = None,
    policy: GatePolicy | None = None,
) -> GateReport:
    """Check one draft; the same arguments always give the same report."""
    context = context if context is not None else _EMPTY_CONTEXT
    policy = policy if policy is not None else _DEFAULT_POLICY
    data = CheckInput(
        draft=prepare(text, subject),
        channel=channel,
        context=context,
        policy=policy,
        kind=context.kind,
    )
    expanded = expand_shorthand(text)
    read = (
        data
        if expanded is None
        else CheckInput(
            draft=prepare(expanded.text, subject),
            channel=channel,
            context=context,
            policy=policy,
            kind=context.kind,
        )
    )
    results: list[CheckResult] = []
    for spec in CHECK_SPECS:
        if context.kind not in spec.applies_to:
            continue
        severity = _severity(spec.id, policy.mode(spec.id), context.kind)
        if severity is None:
            continue
        if expanded is None or spec.id in _AS_WRITTEN:
            outcome = CHECK_FUNCTIONS[spec.id](data)
        else:
            outcome = _as_written(CHECK_FUNCTIONS[spec.id](read), text, expanded)
        # Validated, not model_construct: pydantic-core validates these few typed fields
        # (the evidence are Evidence models already, passed through) in fewer instructions
        # than model_construct's Python loop over the fields.
        results.append(
            CheckResult(
                id=spec.id,
                version=spec.version,
                passed=outcome.passed,
                severity=severity,
                message=outcome.message,
                evidence=list(outcome.evidence),
                fix_hint=None if outcome.passed else outcome.fix_hint,
                details=dict(outcome.details),
            )
        )
    passed = not any(not r.passed and r.severity == "block" for r in results)
    return GateReport(gate_version=GATE_VERSION, passed=passed, checks=results)


def _as_written(outcome: Outcome, text: str, expanded: Expanded) -> Outcome:
    """The outcome of a check that read the expanded text, its evidence pointing at the
    words as written."""
    evidence = []
    for item in outcome.evidence:
        if item.source == "draft" and item.start is not None and item.end is not None:
            start, end = expanded.original(item.start), expanded.original(item.end)
            item = item.model_copy(update={"text": text[start:end], "start": start, "end": end})
        evidence.append(item)
    return replace(outcome, evidence=tuple(evidence))
