"""Kinds of phrasing the eighty-first pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the eighty-first pass's first measure, all specific_reason:
- "your open-source Prometheus exporter", "your stream breaking down the final" and "you're
  speaking at the meetup next week about…" are their work;
- "we both went through the CodeBridge bootcamp" is a shared past, a connection;
- "Great to see you've ended up as a physio at a pro club" is where they are, no deed.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import PLANNED, grounded_context, letter, run_check

TIE = "I'm on the small team at work doing exactly that migration."


@pytest.mark.parametrize(
    "hook",
    [
        "I came across your open-source Prometheus exporter for Modbus meters.",
        "Your stream breaking down the league final's draft phase was excellent.",
        "I saw you're speaking at the DevOps meetup next week about moving off Zabbix.",
    ],
)
def test_pieces_of_theirs_in_ops_and_streaming(hook: str) -> None:
    check = run_check(letter(hook + " " + TIE, PLANNED), "specific_reason")
    assert check.passed, check.message


def test_a_bootcamp_both_went_through_is_a_connection() -> None:
    context = grounded_context(
        "Platform Engineer", "Completed the CodeBridge cloud bootcamp in 2023"
    )
    text = letter(
        "I saw we both went through the CodeBridge cloud bootcamp; I'm in this spring's cohort "
        "after eight years repairing laptops.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.evidence


def test_where_they_ended_up_is_no_deed() -> None:
    text = letter(
        "We played in the same under-15 squad years ago. Great to see you've ended up as a "
        "physio at a pro club. I'm in my second year of a sport rehabilitation degree.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.evidence
