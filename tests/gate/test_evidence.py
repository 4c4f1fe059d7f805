"""The gate's evidence is the words that decided, on every message of the evaluation set.

A report a person cannot check is not trusted even when its verdict is right, so for each
record (tests/gate/eval/*.jsonl) and each check that points into the draft: the evidence
slices back to the draft, stays within one sentence or bullet, and is the kind of words the
verdict is about (the question, the hook and its fact, the offer, the duration).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from service.gate import CheckResult, GateContext, run_gate

_EVAL = Path(__file__).parent / "eval"
_RECORDS = [
    json.loads(line)
    for path in sorted(_EVAL.glob("*.jsonl"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
]
_DURATION = re.compile(
    r"\d|minute|min\b|mins\b|hour|quarter|half|ten|fifteen|twenty|thirty|forty", re.IGNORECASE
)
_SOMEONE_ELSE = re.compile(
    r"\b(?:your|yours|who|whoever|whichever|them|him|her|instead|colleagues?|teammates?|someone|somebody|anyone|anybody|team"
    r"|staff|associates?|members?|partners?|peers?|another|one of)\b"
    # someone by their role: "if a lead tech would be easier to talk to"
    r"|\b(?:a|an|any) (?:[\w-]+ )?(?:tech|technician|engineer|nurse|planner|analyst|designer"
    r"|reporter|registrar|officer|manager|specialist|coordinator|postdoc|researcher|associate"
    r"|fellow|editor|producer|curator|consultant)s?\b"
    # a colleague named: "a quick word with Denise in billing"
    r"|(?-i:\bwith [A-Z][a-z]+ (?:in|on|from|at)\b)",
    re.IGNORECASE,
)


def _draft_spans(check: CheckResult) -> list[Any]:
    return [e for e in check.evidence if e.source == "draft"]


def _single_sentence(text: str) -> bool:
    return "\n\n" not in text.strip() and len(text) <= 400


@pytest.mark.skipif(not _RECORDS, reason="no evaluation records yet")
@pytest.mark.parametrize("record", _RECORDS, ids=[r["id"] for r in _RECORDS])
def test_evidence_points_at_the_words_that_decided(record: dict[str, Any]) -> None:
    context = GateContext.model_validate(record["context"]) if record.get("context") else None
    body = record["text"]
    report = run_gate(body, channel=record["channel"], context=context)
    for check in report.checks:
        for evidence in _draft_spans(check):
            assert body[evidence.start : evidence.end] == evidence.text, (check.id, evidence)
    questions = report.check("preview_questions")
    assert questions is not None
    spans = _draft_spans(questions)
    assert len(spans) == min(int(questions.details["questions"]), 10)
    for evidence in spans:
        assert _single_sentence(evidence.text), evidence.text
    reason = report.check("specific_reason")
    assert reason is not None
    if reason.passed:
        hook = _draft_spans(reason)[0]
        assert _single_sentence(hook.text), hook.text
        facts = [e for e in reason.evidence if e.source == "fact"]
        if context is not None and context.facts:
            assert [e.fact_index for e in facts] == [reason.details["fact_index"]]
            assert facts[0].text == context.facts[int(reason.details["fact_index"])].text
        else:
            assert facts == []
    offer = report.check("colleague_offer")
    if offer is not None and offer.passed and offer.details.get("required") == 1:
        (evidence,) = offer.evidence
        assert _single_sentence(evidence.text)
        assert _SOMEONE_ELSE.search(evidence.text), evidence.text
    time_ask = report.check("time_ask")
    if time_ask is not None and time_ask.passed:
        assert any(_DURATION.search(e.text) for e in time_ask.evidence)
    job = report.check("no_job_ask")
    if job is not None and not job.passed:
        (evidence,) = job.evidence
        assert _single_sentence(evidence.text)
