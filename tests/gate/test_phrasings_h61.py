"""Kinds of phrasing the sixty-first pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the sixty-first pass's first measure:
- specific_reason: "Weighing the same." after a move told is the requester's tie; "I've seen
  that change from the ward side" is lived through, not perceived; "you went from the
  phones onto the grad scheme" is a move; "the model you and the analytical unit built" is
  their deed;
- colleague_offer: "sit down with whichever of your analysts built the logic" offers
  someone else;
- preview_questions: "I'd love to dig into how…, and what…" names topics;
- no_job_ask: "whether someone with my background might be a fit for an account role" asks.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import (
    ASK,
    PLANNED,
    assert_topics,
    grounded_context,
    letter,
    offer_check,
    run_check,
)


def test_weighing_the_same_after_their_move() -> None:
    text = (
        "Hi Ana, I teach Year 9 maths in Leeds, saw your move from Year 11 maths to learning "
        "design. Weighing the same. " + PLANNED
    )
    context = grounded_context(
        "Learning Designer", "Moved from teaching Year 11 maths in Leeds to learning design in 2023"
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_seen_from_the_ward_side_is_lived() -> None:
    text = letter(
        "At the staff conference in March you talked about moving discharge letters into the "
        "app. Ward 7 was a pilot ward, so I've seen that change from the ward side for three "
        "months, and it has made me consider a move into digital.",
        PLANNED,
    )
    context = grounded_context(
        "Director of Digital",
        "Spoke at the 2025 staff conference about moving discharge letters into the app",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_went_from_onto_is_a_move() -> None:
    text = letter(
        "My manager said you went from the phones onto the data grad scheme, and that's the "
        "thing I want to try for next year.",
        PLANNED,
    )
    context = grounded_context(
        "Graduate Data Analyst",
        "Joined the data graduate scheme in 2024 after two years in the Cardiff contact centre",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_built_with_another_unit() -> None:
    text = letter(
        "A colleague pointed me to the model you and the analytical unit built to forecast "
        "school places. I'm a policy officer and we quote its numbers without understanding "
        "them.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_whichever_of_your_analysts() -> None:
    check = offer_check(
        PLANNED,
        "If it's easier, I'd be equally happy to sit down with whichever of your analysts built "
        "the model.",
    )
    assert check.passed, check.message


def test_dig_into_names_topics() -> None:
    text = letter(
        ASK + " I'd love to dig into how you set trade prices without undercutting your shop, "
        "and what the grocer expected in the first year."
    )
    assert_topics(text, 2)


@pytest.mark.parametrize(
    "sentence",
    [
        "I'd also love to hear whether someone with my seller background might be a fit for an "
        "account role at your agency.",
    ],
)
def test_fit_for_an_account_role(sentence: str) -> None:
    check = run_check(letter(PLANNED, sentence), "no_job_ask")
    assert not check.passed, check.message
