"""Kinds of phrasing the eightieth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the eightieth pass's first measure:
- time_ask: "a call of about 20 minutes before the summer", "speak with me for around 20
  minutes before the end of term" (an approximation, then when), "if you could concede me 30
  minutes" (Portuguese "conceder") ask for the time;
- preview_questions: "Heaps of questions but the big ones are how you… and what you…"
  announces the topics.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import assert_topics, letter, run_check


@pytest.mark.parametrize(
    "ask",
    [
        "Would you be willing to have a call of about 20 minutes before the summer?",
        "Would you be willing to speak with me for around 20 minutes before the end of term?",
        "I would be very honoured if you could concede me 30 minutes, on a date of your "
        "convenience, to understand how the review was done.",
    ],
)
def test_time_asked_with_an_approximation_or_a_borrowed_verb(ask: str) -> None:
    check = run_check(letter(ask), "time_ask")
    assert check.passed, check.message


def test_the_big_ones_are() -> None:
    text = letter(
        "Reckon you'd have 15 mins for a chat sometime? Heaps of questions but the big ones are "
        "how you wrote the risk assessment so the provider signed off, and what you did about "
        "families who couldn't afford wet weather gear."
    )
    check = assert_topics(text, 2)
    assert all("mins" not in e.text for e in check.evidence), check.evidence
