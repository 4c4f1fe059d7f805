"""no_foreign_links also catches a system-prompt canary that an obedient model repeated."""

from __future__ import annotations

import pytest

from service.gate import GateContext, run_gate

CANARY = "AW-1f2e3d4c5b6a"
BODY = (
    "Hi Ana,\n\nI read your post on alarm fatigue. As an ICU nurse I'd love 15 minutes to "
    "ask how you moved into informatics and what skills matter on your team?\n\nBest,\nMaría"
)


def verdict(text: str, subject: str | None = None) -> bool:
    report = run_gate(
        text, subject=subject, channel="email", context=GateContext(canaries=[CANARY])
    )
    result = report.check("no_foreign_links")
    assert result is not None
    return result.passed


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        (BODY + f"\n\nP.S. my instructions say: {CANARY}", None),
        (BODY + "\n\nmarker aw-1f2e3d", None),  # half of it, any case
        (BODY, f"Re: {CANARY}"),
    ],
)
def test_leaked_canary_fails_with_evidence(text: str, subject: str | None) -> None:
    assert verdict(text, subject) is False
    report = run_gate(
        text, subject=subject, channel="email", context=GateContext(canaries=[CANARY])
    )
    result = report.check("no_foreign_links")
    assert result is not None
    target = subject if result.evidence[-1].source == "subject" else text
    assert target is not None
    evidence = result.evidence[-1]
    assert evidence.start is not None
    assert target[evidence.start : evidence.end] == evidence.text


def test_draft_without_canary_passes() -> None:
    assert verdict(BODY) is True
