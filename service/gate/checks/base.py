"""What every check receives and returns, plus small helpers for building evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from service.gate.models import Channel, DraftKind, Evidence, GateContext, GatePolicy
from service.gate.text import Draft, trim_span


@dataclass(frozen=True, slots=True)
class CheckInput:
    """The prepared draft with everything a check may consult."""

    draft: Draft
    channel: Channel
    context: GateContext
    policy: GatePolicy
    kind: DraftKind


@dataclass(frozen=True, slots=True)
class Outcome:
    """A check's verdict before the engine adds id, version and severity."""

    passed: bool
    message: str
    evidence: tuple[Evidence, ...] = ()
    fix_hint: str | None = None
    details: Mapping[str, int | float | str] = field(default_factory=dict)


def span(draft: Draft, start: int, end: int, *, trim: bool = True) -> Evidence:
    """Evidence for body[start:end] (trimmed of surrounding blanks and separators)."""
    if trim:
        start, end = trim_span(draft.body, start, end)
    return Evidence(text=draft.body[start:end], start=start, end=end, source="draft")


def subject_span(draft: Draft, start: int, end: int) -> Evidence:
    """Evidence for subject[start:end]."""
    return Evidence(text=draft.subject[start:end], start=start, end=end, source="subject")


def clip(text: str, limit: int = 160) -> str:
    """`text` shortened for a message, on a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
