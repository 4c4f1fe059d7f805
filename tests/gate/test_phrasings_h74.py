"""Kinds of phrasing the seventy-fourth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the seventy-fourth pass's first measure:
- preview_questions: an agenda line with a time box for its label ("- 15 min: my questions,
  mainly how you…") names its topics; "My questions centre on how you…" asks; "how full a
  planner's calendar gets" and "how much is on your plate" are courtesy, no topic;
- time_ask: "Would you be up for a 20-minute walk around the lake?" asks for the time (a
  "20-minute walk from the station" does not);
- specific_reason: "You were the project architect on the X building" is their role on a
  project; "call centre" and "call center" are one place.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, PLANNED, assert_topics, grounded_context, letter, run_check


def test_a_time_boxed_agenda_names_its_topics() -> None:
    text = letter(
        "Would you be up for a short call? A rough plan:\n"
        "- 5 min: where our depot is now\n"
        "- 15 min: my questions, mainly how you staffed the night shift, and which scanners "
        "you chose",
        "I know how full a depot manager's calendar gets, so thank you.",
    )
    assert_topics(text, 2)


def test_questions_centre_on() -> None:
    text = letter(
        ASK,
        "My questions centre on how you trained the first crews, and how you priced the "
        "pilot. I know how much is on your plate.",
    )
    assert_topics(text, 2)


@pytest.mark.parametrize(
    ("text", "passed"),
    [
        (letter("Would you be up for a 20-minute walk around the harbour some lunchtime?"), True),
        (letter("I live a 20-minute walk from your office, if a coffee ever suits."), False),
    ],
)
def test_a_walk_as_the_meeting(text: str, passed: bool) -> None:
    assert run_check(text, "time_ask").passed is passed


def test_their_role_on_a_named_project() -> None:
    text = letter(
        "You were the lead engineer on the Millbrook footbridge retrofit, and I'm a graduate "
        "engineer at a firm that has just won our first footbridge retrofit.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_british_and_american_spellings_meet() -> None:
    context = grounded_context(
        "Field Technician", "Moved from the company's call centre to a field fibre role in 2024"
    )
    text = letter(
        "Saw you went from the call center to fiber work last year, which is the move I'm "
        "trying to make from our outage desk.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
