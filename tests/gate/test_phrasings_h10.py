"""Kinds of phrasing the tenth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the tenth pass's first measure, each table with both sides:
- preview_questions: topics joined by "+" or "&" in a terse note; a list announced as "the
  matters on which…:" or "the points on which…:"; a colon after the minutes asked for;
- addressed_to_contact: "Dear Madam Wambui", a lowercase name after a title ("hi ms
  okafor", "hey dr. byrne!");
- specific_reason: how they split their working week;
- colleague_offer: "Or a colleague if easier."
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext
from tests.gate.helpers import ASK, assert_topics, gate, letter, result, run_check

# --- preview_questions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (letter("20 min to ask how you price a survey + how you find clients?"), 2),
        (letter("Could I ask about your apprentice tests & day rates?"), 2),
        (
            letter(
                ASK + " There are two matters on which your advice would help me a great deal: "
                "how the bar course assesses advocacy, and how pupils choose a practice area."
            ),
            2,
        ),
        (
            letter(
                ASK + " The points on which I would value your view are these: how the pilot "
                "sites were chosen, and what the board required of them."
            ),
            2,
        ),
        (letter("15 min for the rest: grant budgets + audit trails?"), 2),
        # a plus inside one topic of a sentence that lists nothing else is still one topic
        (letter(ASK + " I'd like to ask how you run the C+ exams."), 1),
    ],
)
def test_terse_and_announced_topics(text: str, topics: int) -> None:
    assert_topics(text, topics)


# --- addressed_to_contact -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "contact", "passed"),
    [
        ("Dear Madam Njeri,\n\nHello.\n\nJo", "Wanjiku Njeri", True),
        ("Dear Madam Njeri,\n\nHello.\n\nJo", None, True),
        ("Dear Sir or Madam,\n\nHello.\n\nJo", None, False),
        ("hi ms okafor, read your post. i'm a trainee. thanks!", None, True),
        ("hey dr. byrne! saw your post. i'm a vet tech. thanks!", "Aoife Byrne", True),
    ],
)
def test_greetings_by_name(text: str, contact: str | None, passed: bool) -> None:
    context = GateContext(contact=ContactProfile(name=contact)) if contact else None
    check = run_check(text, "addressed_to_contact", context=context)
    assert check.passed is passed, check.message


# --- specific_reason and colleague_offer ----------------------------------------------------


def test_how_they_split_their_week_is_a_hook() -> None:
    text = letter(
        "I read on your practice's page that you split your week between a school clinic and "
        "a stroke unit. I'm choosing between paediatric and adult speech therapy placements.",
        ASK,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_or_a_colleague_is_an_offer() -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ortiz", title="Partner", seniority="senior")
    )
    offer = letter("15 min on how you scope a first audit? Or a colleague if easier.")
    assert result(gate(offer, context=context), "colleague_offer").passed
    no_offer = letter("15 min on how you scope a first audit? Or a call next month if easier.")
    assert not result(gate(no_offer, context=context), "colleague_offer").passed
