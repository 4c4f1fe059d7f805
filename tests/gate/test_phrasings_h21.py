"""Kinds of phrasing the twenty-first pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the twenty-first pass's first measure:
- time_ask: "a quarter hour" is fifteen minutes;
- preview_questions: topics numbered in words ("One, whether…. Two, how…");
- no_job_ask: "the natural place for me" is the requester's own fit, and a "referral program"
  is their work; neither asks for a job.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, assert_topics, gate, letter, result

HOOK = "Your extension bulletin on cover-crop timing is why I planted rye for the first time."


def test_a_quarter_hour() -> None:
    text = letter(HOOK, "Could you spare a quarter hour on a call? I'd ask how you plan and hire.")
    check = result(gate(text), "time_ask")
    assert check.passed, check.message


def test_topics_numbered_in_words() -> None:
    text = letter(
        HOOK,
        ASK + " One, whether you'd terminate earlier on heavy ground. Two, how you'd adjust "
        "the nitrogen rate after rye.",
    )
    assert_topics(text, 2)


@pytest.mark.parametrize(
    "sentence",
    [
        "Before library school I was a lab technician, so science librarianship feels like the "
        "natural place for me.",
        "A colleague told me you built the eviction-diversion referral program with the court.",
    ],
)
def test_no_job_ask(sentence: str) -> None:
    assert result(gate(letter(sentence, ASK)), "no_job_ask").passed
