"""The checklist gate: a pure, deterministic verdict on an informational-interview draft.

`run_gate(text, channel=..., context=..., policy=...)` returns a `GateReport` listing every
enabled check with its verdict, evidence and a fix hint. No I/O, clock or randomness: the
same input always gives the same report. Imports only the standard library and pydantic.
"""

from service.gate.catalog import CHECK_IDS, GATE_VERSION, CheckMode, describe_checks
from service.gate.engine import run_gate
from service.gate.models import (
    Channel,
    CheckResult,
    ContactProfile,
    Evidence,
    FactAbout,
    GateContext,
    GatePolicy,
    GateReport,
    RequesterProfile,
    ResearchFact,
    Seniority,
)

__all__ = [
    "CHECK_IDS",
    "GATE_VERSION",
    "Channel",
    "CheckMode",
    "CheckResult",
    "ContactProfile",
    "Evidence",
    "FactAbout",
    "GateContext",
    "GatePolicy",
    "GateReport",
    "RequesterProfile",
    "ResearchFact",
    "Seniority",
    "describe_checks",
    "run_gate",
]
