"""Kinds of phrasing the twenty-fifth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the twenty-fifth pass's first measure (short notes, everyday emails and
grounded messages whose hook is far from the fact's words):
- colleague_offer in few words: "An associate on it works too.", "with you or a staff
  member?", "someone on your recruiting team" (their team, no job ask);
- preview_questions: "Keen on: how…"; "Two qs:" over a numbered list; topics named first
  and then called "my two big unknowns";
- specific_reason: two-letter initials spelled out in a fact ("DC" for "distribution
  center"); "since you made partner" for a promotion to partner; a terse situation before a
  hook that "hit home".
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, assert_topics, grounded_context, letter, run_check

QUESTIONS = "I'd like to ask how you staffed the pilot, and which permits took longest to get."


@pytest.mark.parametrize(
    "ask",
    [
        "20 min on intake & triage? A paralegal on it works too.",
        "15 min with you or a staff member? Asking about rosters & overtime.",
        "Could I have 20 minutes? If someone on your recruiting team has more room in their "
        "diary, I'd be very happy to talk with them instead.",
    ],
)
def test_offers_in_few_words(ask: str) -> None:
    context = grounded_context("Partner", "Argued a housing appeal pro bono", seniority="senior")
    text = letter("2L in a housing clinic; your pro bono housing appeal is why I'm writing.", ask)
    check = run_check(text, "colleague_offer", context=context)
    assert check.passed, check.message


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (
            letter(
                "20 min next week? Keen on: how you price spares, and what a depot audit covers."
            ),
            2,
        ),
        (
            letter(
                "15 min call? Two qs:\n1. pallet wrapping vs. strapping\n2. how you train pickers"
            ),
            2,
        ),
        (
            letter(
                "I'm piloting electric vans at a bakery chain. 15 min? Winter range & overnight "
                "charging at the depot are my two big unknowns."
            ),
            2,
        ),
    ],
)
def test_topics_in_terse_forms(text: str, topics: int) -> None:
    assert_topics(text, topics)


def test_initials_of_two_letters_spelled_out_in_the_fact() -> None:
    context = grounded_context(
        "Operations Director",
        "Cut dock-to-stock time from two days to half a day at the Reno distribution center",
    )
    text = letter(
        "A lecturer of mine said that under you the Reno DC got freight put away in half a "
        "day. My thesis is on receiving bottlenecks, and a real case like yours would help me.",
        ASK + " " + QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
    assert check.details.get("fact_index") == 0


def test_making_partner_is_the_promotion_a_fact_names() -> None:
    context = grounded_context("Partner", "Promoted to partner in 2024", seniority="senior")
    text = letter(
        "I'm a senior associate in tax, two years from the partner vote. Since you made "
        "partner last year, the climb is fresh for you, and I'd value your view of it.",
        ASK + " " + QUESTIONS + " If a recently promoted colleague is easier to reach, I'd be "
        "glad to talk with them instead.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_terse_situation_before_a_hook_that_hit_home() -> None:
    context = grounded_context(
        "Staff Engineer", "Wrote a post on moving Fernpay's billing from a monolith to events"
    )
    text = (
        "Priya, ops engineer at a lender mid-billing-rewrite. Your post on moving Fernpay "
        "billing to events hit home. 15 min on retries & replay?\nJo"
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
