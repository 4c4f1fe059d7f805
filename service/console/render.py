"""What the console's pages show, worked out from the API's own records: the gate's
evidence as marked spans of the text, a verdict in words, a word diff of two revisions.

Pure functions; the templates only lay their results out.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass, field

from service.gate import GateReport
from service.gate.models import CheckResult


def check_label(check_id: str) -> str:
    """`time_ask` -> `time ask`: what a reviewer reads."""
    return check_id.replace("_", " ")


@dataclass(frozen=True, slots=True)
class Span:
    """One piece of evidence in the text: which check, and whether it is a problem."""

    check_id: str
    start: int
    end: int
    problem: bool

    @property
    def label(self) -> str:
        return f"{'problem: ' if self.problem else ''}{check_label(self.check_id)}"


@dataclass(slots=True)
class Segment:
    """A run of text covered by the same spans; `ending` are the spans that end here (the
    page names them after the run, so a mark is never told by its colour alone)."""

    text: str
    spans: list[Span] = field(default_factory=list)
    ending: list[Span] = field(default_factory=list)

    @property
    def problem(self) -> bool:
        return any(span.problem for span in self.spans)


def evidence_spans(report: GateReport, source: str) -> list[Span]:
    """The report's spans in `source` ("draft" for the body, "subject")."""
    spans = []
    for check in report.checks:
        for evidence in check.evidence:
            if evidence.source != source or evidence.start is None or evidence.end is None:
                continue
            if evidence.end > evidence.start:
                spans.append(Span(check.id, evidence.start, evidence.end, not check.passed))
    return spans


def highlight(text: str, spans: list[Span]) -> list[Segment]:
    """`text` cut at every span's edges; each piece knows the spans that cover it."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    segments = []
    for start, end in itertools.pairwise(cuts):
        covering = [s for s in spans if s.start <= start and end <= s.end]
        ending = [s for s in covering if s.end == end]
        segments.append(Segment(text[start:end], covering, ending))
    return segments


def grounding(report: GateReport) -> dict[int, list[str]]:
    """Research fact index -> the checks that grounded on it."""
    grounded: dict[int, list[str]] = {}
    for check in report.checks:
        for evidence in check.evidence:
            if evidence.source == "fact" and evidence.fact_index is not None:
                grounded.setdefault(evidence.fact_index, []).append(check.id)
    return grounded


@dataclass(frozen=True, slots=True)
class Verdict:
    """The gate's verdict in a few words, with a symbol and a word (never colour alone)."""

    kind: str  # pass | warn | fail
    symbol: str
    text: str


def verdict(report: GateReport) -> Verdict:
    failing = report.blocking_failures
    warnings = report.warnings
    if failing:
        return Verdict("fail", "✗", "Fails: " + ", ".join(check_label(c.id) for c in failing))
    if warnings:
        return Verdict(
            "warn", "⚠", "Passes, with warnings: " + ", ".join(check_label(c.id) for c in warnings)
        )
    return Verdict("pass", "✓", "Passes every check")


def check_state(check: CheckResult) -> Verdict:
    if check.passed:
        return Verdict("pass", "✓", "passed")
    if check.severity == "block":
        return Verdict("fail", "✗", "failed (blocks approval)")
    return Verdict("warn", "⚠", "warning")


@dataclass(frozen=True, slots=True)
class DiffPiece:
    kind: str  # same | removed | added
    text: str


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[DiffPiece]:
    """What changed from `old` to `new`, word by word (whitespace kept)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(DiffPiece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(DiffPiece("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(DiffPiece("added", "".join(b[j1:j2])))
    return pieces
