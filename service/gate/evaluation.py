"""How often the gate agrees with people: the gate run on labelled messages, measured.

A labelled record (one JSON object per line, as in `shared/docs/GATE_RUBRIC.md`) holds a
message, its channel, an optional context and what a careful reader decided for each check.
`evaluate()` runs the gate on every record exactly as the service does (`run_gate` with the
record's channel, context and the policy) and counts, per check and per mode, agreement,
false blocks (the reader says the message does what the check asks, the gate says it does
not) and false passes (the reverse), keeping the record id, the gate's message and evidence
for each disagreement. It also compares the verdict: a message whose labels pass every
blocking check is *good*; a good message the gate refuses is a false block of the verdict.

Modes: a record whose context holds research facts is *grounded*; any other is *standalone*.
Pure and deterministic like the gate itself: no I/O; the caller reads the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from service.gate.catalog import CHECK_IDS, GATE_VERSION
from service.gate.engine import run_gate
from service.gate.models import Channel, CheckResult, GateContext, GatePolicy, GateReport

Mode = Literal["standalone", "grounded"]
MODES: tuple[Mode, ...] = ("standalone", "grounded")
Scope = Literal["all", "standalone", "grounded"]
SCOPES: tuple[Scope, ...] = ("all", "standalone", "grounded")
# The rubric labels no_job_ask as "the message asks for a job" (true is the problem); every
# other label says "the message does what the check asks".
_INVERTED = frozenset({"no_job_ask"})
_COUNT_LABEL = "concrete_topics"


class EvalRecord(BaseModel):
    """One labelled message of an evaluation set."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, max_length=200)
    source_url: str | None = None
    channel: Channel
    subject: str | None = None
    context: GateContext | None = None
    text: str = Field(min_length=1, max_length=20000)
    labels: dict[str, bool | int | None]
    notes: str = ""

    @field_validator("labels")
    @classmethod
    def _known_labels(cls, value: dict[str, bool | int | None]) -> dict[str, bool | int | None]:
        for key, label in value.items():
            if key == _COUNT_LABEL:
                if label is not None and (isinstance(label, bool) or label < 0):
                    raise ValueError(f"{_COUNT_LABEL} must be a count")
            elif key not in CHECK_IDS:
                raise ValueError(f"unknown check id in labels: {key}")
            elif label is not None and not isinstance(label, bool):
                raise ValueError(f"label {key} must be true, false or null")
        return value

    @property
    def mode(self) -> Mode:
        return "grounded" if self.context is not None and self.context.facts else "standalone"


class RecordError(ValueError):
    """A line of an evaluation file that is not a valid record."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


def parse_records(lines: Iterable[str]) -> list[EvalRecord]:
    """Records from JSON lines (blank lines skipped); ids must be unique."""
    records: list[EvalRecord] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = EvalRecord.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise RecordError(number, f"not JSON: {exc.msg}") from None
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(part) for part in error['loc']) or 'record'}: {error['msg']}"
                for error in exc.errors()
            )
            raise RecordError(number, problems) from None
        if record.id in seen:
            raise RecordError(number, f"duplicate id {record.id}")
        seen.add(record.id)
        records.append(record)
    return records


def expected_pass(record: EvalRecord, check_id: str, policy: GatePolicy) -> bool | None:
    """Whether a careful reader expects `check_id` to pass on the record (None: no label).

    colleague_offer labelled null means "not required" (the contact is not senior): that is
    not a judgement on an offer, so it is left out of the check's agreement.
    """
    if check_id == "preview_questions" and record.labels.get(_COUNT_LABEL) is not None:
        count = record.labels[_COUNT_LABEL]
        assert isinstance(count, int)
        return count >= policy.min_questions
    label = record.labels.get(check_id)
    if not isinstance(label, bool):
        return None
    return not label if check_id in _INVERTED else label


def _expected_verdict(record: EvalRecord, policy: GatePolicy) -> bool:
    """Good (True) when no labelled blocking check is expected to fail."""
    for check_id in CHECK_IDS:
        if policy.mode(check_id) != "block":
            continue
        if expected_pass(record, check_id, policy) is False:
            return False
    return True


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One record on which the gate and the reader differ about one check (or the verdict)."""

    record_id: str
    mode: Mode
    check: str  # a check id, or "verdict"
    kind: Literal["false_block", "false_pass"]
    message: str
    evidence: tuple[str, ...]
    failed_checks: tuple[str, ...] = ()  # for the verdict: the blocking checks that failed


@dataclass(slots=True)
class Tally:
    """Counts for one check (or the verdict) over one scope."""

    total: int = 0
    agreed: int = 0
    false_blocks: int = 0
    false_passes: int = 0
    expected_pass: int = 0  # records the reader says pass (good messages, for the verdict)

    @property
    def agreement(self) -> float | None:
        return self.agreed / self.total if self.total else None

    @property
    def false_block_rate(self) -> float | None:
        """Share of the records the reader passes that the gate fails."""
        return self.false_blocks / self.expected_pass if self.expected_pass else None

    def add(self, *, expected: bool, actual: bool) -> None:
        self.total += 1
        self.expected_pass += expected
        if expected == actual:
            self.agreed += 1
        elif expected:
            self.false_blocks += 1
        else:
            self.false_passes += 1

    def as_dict(self) -> dict[str, int | float | None]:
        return {
            "n": self.total,
            "agreed": self.agreed,
            "agreement": _round(self.agreement),
            "false_blocks": self.false_blocks,
            "false_passes": self.false_passes,
            "labelled_pass": self.expected_pass,
            "false_block_rate": _round(self.false_block_rate),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _tallies() -> dict[Scope, Tally]:
    return {scope: Tally() for scope in SCOPES}


@dataclass(slots=True)
class Evaluation:
    """Everything measured on one set under one policy."""

    gate_version: str
    records: dict[Scope, int] = field(default_factory=lambda: dict.fromkeys(SCOPES, 0))
    checks: dict[str, dict[Scope, Tally]] = field(default_factory=dict)
    verdict: dict[Scope, Tally] = field(default_factory=_tallies)
    disagreements: list[Disagreement] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "gate_version": self.gate_version,
            "records": dict(self.records),
            "checks": {
                check: {scope: tally.as_dict() for scope, tally in scopes.items()}
                for check, scopes in self.checks.items()
            },
            "verdict": {scope: tally.as_dict() for scope, tally in self.verdict.items()},
            "disagreements": [
                {
                    "id": d.record_id,
                    "mode": d.mode,
                    "check": d.check,
                    "kind": d.kind,
                    "message": d.message,
                    "evidence": list(d.evidence),
                    "failed_checks": list(d.failed_checks),
                }
                for d in self.disagreements
            ],
        }


def _evidence(result: CheckResult) -> tuple[str, ...]:
    return tuple(" ".join(e.text.split()) for e in result.evidence)


def _verdict_disagreement(
    record: EvalRecord, report: GateReport, policy: GatePolicy, *, expected: bool
) -> Disagreement:
    failed = report.blocking_failures
    if expected:  # a good message refused: show what refused it
        message = "; ".join(f"{c.id}: {c.message}" for c in failed)
        evidence = tuple(text for c in failed for text in _evidence(c))
        return Disagreement(
            record.id,
            record.mode,
            "verdict",
            "false_block",
            message,
            evidence,
            tuple(c.id for c in failed),
        )
    labelled_fail = [
        c
        for c in CHECK_IDS
        if policy.mode(c) == "block" and expected_pass(record, c, policy) is False
    ]
    message = "passed; labelled to fail " + ", ".join(labelled_fail)
    return Disagreement(record.id, record.mode, "verdict", "false_pass", message, ())


def evaluate(records: Sequence[EvalRecord], policy: GatePolicy | None = None) -> Evaluation:
    """Run the gate on every record and compare it with the labels."""
    policy = policy if policy is not None else GatePolicy()
    evaluation = Evaluation(gate_version=GATE_VERSION)
    for record in records:
        report = run_gate(
            record.text,
            subject=record.subject,
            channel=record.channel,
            context=record.context,
            policy=policy,
        )
        scopes: tuple[Scope, ...] = ("all", record.mode)
        for scope in scopes:
            evaluation.records[scope] += 1
        for result in report.checks:
            expected = expected_pass(record, result.id, policy)
            if expected is None:
                continue
            tallies = evaluation.checks.setdefault(result.id, _tallies())
            for scope in scopes:
                tallies[scope].add(expected=expected, actual=result.passed)
            if expected != result.passed:
                evaluation.disagreements.append(
                    Disagreement(
                        record.id,
                        record.mode,
                        result.id,
                        "false_block" if expected else "false_pass",
                        result.message,
                        _evidence(result),
                    )
                )
        good = _expected_verdict(record, policy)
        for scope in scopes:
            evaluation.verdict[scope].add(expected=good, actual=report.passed)
        if good != report.passed:
            evaluation.disagreements.append(
                _verdict_disagreement(record, report, policy, expected=good)
            )
    evaluation.checks = {c: evaluation.checks[c] for c in CHECK_IDS if c in evaluation.checks}
    return evaluation


@dataclass(frozen=True, slots=True)
class Target:
    """A threshold CI can hold the gate to, checked in each mode that has records."""

    check: str  # a check id, or "verdict"
    metric: Literal["min_agreement", "max_false_block_rate"]
    value: float

    def describe(self) -> str:
        if self.metric == "min_agreement":
            return f"{self.check} agreement ≥ {self.value:.0%}"
        return f"{self.check} false blocks ≤ {self.value:.0%} of messages labelled to pass"


@dataclass(frozen=True, slots=True)
class TargetResult:
    target: Target
    scope: Scope
    measured: float | None
    met: bool


def parse_min_agreement(raw: str) -> Target:
    """`CHECK=RATE` (RATE as 0.92 or 92%) into a target."""
    check, sep, value = raw.partition("=")
    check = check.strip()
    if not sep or (check not in CHECK_IDS and check != "verdict"):
        raise ValueError(f"expected CHECK=RATE with a known check id or 'verdict', got {raw!r}")
    return Target(check, "min_agreement", _rate(value))


def parse_max_false_blocks(raw: str) -> Target:
    """`RATE` (verdict) or `CHECK=RATE` into a false-block-rate target."""
    check, sep, value = raw.rpartition("=")
    check = check.strip() if sep else "verdict"
    if check not in CHECK_IDS and check != "verdict":
        raise ValueError(f"unknown check id {check!r}")
    return Target(check, "max_false_block_rate", _rate(value))


def _rate(raw: str) -> float:
    text = raw.strip()
    try:
        value = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise ValueError(f"not a rate: {raw!r}") from None
    if not 0 <= value <= 1:
        raise ValueError(f"a rate is between 0 and 1 (or 0% and 100%): {raw!r}")
    return value


def check_targets(evaluation: Evaluation, targets: Iterable[Target]) -> list[TargetResult]:
    """Each target in each mode where its check was measured.

    A mode without a labelled record for the check is not judged (standalone records rarely
    name a senior contact); a check measured in no mode at all misses its target, so a set
    that silently lost its labels cannot pass CI.
    """
    results: list[TargetResult] = []
    for target in targets:
        tallies = (
            evaluation.verdict if target.check == "verdict" else evaluation.checks.get(target.check)
        )
        measured_somewhere = False
        for scope in MODES:
            tally = tallies.get(scope) if tallies is not None else None
            if tally is None or not tally.total:
                continue
            measured_somewhere = True
            if target.metric == "min_agreement":
                measured = tally.agreement
                met = measured is not None and measured >= target.value
            else:
                measured = tally.false_block_rate
                # No message labelled to pass in this mode: nothing was wrongly blocked.
                met = measured is None or measured <= target.value
            results.append(TargetResult(target, scope, measured, met))
        if not measured_somewhere:
            results.append(TargetResult(target, "all", None, False))
    return results


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def render_table(
    evaluation: Evaluation,
    targets: Sequence[TargetResult] = (),
    *,
    source: str = "",
    details: bool = True,
) -> str:
    """The evaluation as text for a person: summary per check and mode, then disagreements."""
    records = evaluation.records
    lines = [
        f"gate {evaluation.gate_version}"
        + (f" on {source}" if source else "")
        + f": {records['all']} records ({records['standalone']} standalone, "
        + f"{records['grounded']} grounded)",
        "",
        f"{'check':<22}{'mode':<12}{'n':>5}{'agreement':>11}{'false blocks':>14}"
        f"{'false passes':>14}",
    ]
    rows: list[tuple[str, dict[Scope, Tally]]] = [*evaluation.checks.items()]
    rows.append(("verdict", evaluation.verdict))
    for name, scopes in rows:
        for index, scope in enumerate(SCOPES):
            tally = scopes[scope]
            if scope != "all" and not tally.total:
                continue
            blocks = f"{tally.false_blocks}/{tally.expected_pass}"
            passes = f"{tally.false_passes}/{tally.total - tally.expected_pass}"
            lines.append(
                f"{name if index == 0 else '':<22}{scope:<12}{tally.total:>5}"
                f"{_pct(tally.agreement):>11}{blocks:>14}{passes:>14}"
            )
    lines.append("")
    lines.append("false blocks: labelled to pass, failed by the gate (x/labelled to pass);")
    lines.append("false passes: labelled to fail, passed by the gate (x/labelled to fail).")
    if targets:
        lines.append("")
        lines.append("targets")
        for result in targets:
            mark = "ok  " if result.met else "MISS"
            lines.append(
                f"  {mark} {result.target.describe()} [{result.scope}]: {_pct(result.measured)}"
            )
    if details and evaluation.disagreements:
        lines.append("")
        lines.append("disagreements")
        for d in sorted(evaluation.disagreements, key=lambda d: (d.check, d.kind, d.record_id)):
            label = "false block" if d.kind == "false_block" else "false pass"
            lines.append(f"  {d.check} · {label} · {d.record_id} [{d.mode}]")
            if d.message:
                lines.append(f"      gate: {d.message}")
            for text in d.evidence:
                lines.append(f"      evidence: “{_shorten(text)}”")
    return "\n".join(lines) + "\n"


def _shorten(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def policy_from(overrides: Mapping[str, object] | None) -> GatePolicy:
    """The default policy with `overrides` merged in, as a tenant's stored policy is."""
    return GatePolicy().with_overrides(overrides) if overrides else GatePolicy()
