"""Kinds of phrasing the thirty-ninth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the thirty-ninth pass's first measure:
- addressed_to_contact: "Poštovana gospođo Jovanović", "Yth. Bapak Wijaya";
- colleague_offer: "or speak with a team member?";
- preview_questions and specific_reason: "Two things about your path stood out: you
  moved…" tells of them; it announces no questions.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, grounded_context, letter, offer_check, run_check

QUESTIONS = ASK + " I'd ask how you planned it and what you would change."


@pytest.mark.parametrize(
    "greeting", ["Poštovana gospođo Jovanović,", "Yth. Bapak Wijaya,", "Poštovani gospodine Ilić,"]
)
def test_more_greetings(greeting: str) -> None:
    check = run_check(greeting + "\n\n" + QUESTIONS + "\n\nJo", "addressed_to_contact")
    assert check.passed, check.message


def test_speak_with_a_team_member_offers() -> None:
    check = offer_check(
        "Your night-shift rota is the focus of my thesis. Might I have 20 min on staffing and "
        "handovers, or speak with a team member? Thank you."
    )
    assert check.passed, check.message


def test_things_that_stood_out_are_no_questions() -> None:
    context = grounded_context(
        "Chief Medical Information Officer",
        "Led the rollout of an AI triage tool in the emergency department that cut waits",
    )
    text = letter(
        "I'm an emergency medicine resident moving into informatics. Two things about your "
        "path stood out: you moved from the ED into the CMIO role, and you then led the AI "
        "triage rollout in your emergency department, exactly the kind of project I'd like to "
        "work on.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
