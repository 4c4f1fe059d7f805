"""Every hand-written corpus case gets the verdicts it expects."""

from __future__ import annotations

import pytest

from service.gate import run_gate
from tests.gate.corpus_loader import CorpusCase, load_cases

CASES = load_cases()


def test_corpus_is_large_and_covers_every_check_both_ways() -> None:
    assert len(CASES) >= 170
    seen: dict[str, set[str]] = {}
    for case in CASES:
        for check_id, verdict in case.expect.items():
            seen.setdefault(check_id, set()).add(verdict)
    from service.gate import CHECK_IDS

    for check_id in CHECK_IDS:
        assert seen.get(check_id) == {"pass", "fail"}, check_id


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus_case(case: CorpusCase) -> None:
    report = run_gate(
        case.text,
        subject=case.subject,
        channel=case.channel,
        context=case.context,
        policy=case.gate_policy(),
    )
    failures = []
    for check_id, verdict in case.expect.items():
        result = report.check(check_id)
        assert result is not None, f"{check_id} missing from report"
        if result.passed != (verdict == "pass"):
            evidence = [(e.source, e.text[:80]) for e in result.evidence]
            failures.append(
                f"{check_id}: expected {verdict}, got "
                f"{'pass' if result.passed else 'fail'} - {result.message} {evidence}"
            )
    if case.expect_passed is not None and report.passed != case.expect_passed:
        blocking = [f"{c.id}: {c.message}" for c in report.blocking_failures]
        failures.append(f"expect_passed={case.expect_passed}, blocking: {blocking}")
    assert not failures, f"[{case.file}] " + "\n".join(failures)
