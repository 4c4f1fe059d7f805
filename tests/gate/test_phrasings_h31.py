"""Kinds of phrasing the thirty-first pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the thirty-first pass's first measure:
- specific_reason: things they made are their work ("your reclaimed-timber kitchen for the
  lake house", "your zero-waste collection"); in "I read your article on X, and it's the
  most practical thing I've found for the paper I'm writing on Y" the hook is the article
  and the paper the requester is writing is the tie; a tie after an aside between dashes
  ("The portal you oversaw - 400 datasets in two years - is the example I keep pointing
  them to");
- preview_questions: "what your experience as a school nurse has been like" and "your
  experience and career in agronomy" restate the ask.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, assert_topics, grounded_context, letter, run_check


@pytest.mark.parametrize(
    "hook",
    [
        "Your reclaimed-timber kitchen for the lake house is why I'm retraining in joinery.",
        "Your zero-waste collection at Oslo Runway is the reason I switched my final project to "
        "zero-waste cutting.",
    ],
)
def test_things_they_made(hook: str) -> None:
    text = letter(hook, ASK + " I'd ask how you source old timber and which oils you trust.")
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_the_paper_the_requester_is_writing_is_the_tie() -> None:
    context = grounded_context(
        "General Counsel", "Wrote an article on preparing lenders for the new consumer duty rules"
    )
    text = letter(
        "I read your article on getting lenders ready for the consumer duty rules, and it's the "
        "clearest thing I've found for the dissertation I'm writing on how the rules reach "
        "buy-now-pay-later firms.",
        ASK + " I'd ask how legal and compliance split the work and how you tested the new "
        "disclosures.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
    assert check.evidence[0].text.startswith("I read your article")


def test_a_tie_after_an_aside_between_dashes() -> None:
    context = grounded_context(
        "Chief Data Officer", "Oversaw the launch of the city's open-data portal in 2023"
    )
    text = letter(
        "I help run reporting for a small county. The Riverton portal you oversaw - 300 "
        "datasets in a year - is the example I keep pointing our board to.",
        ASK + " I'd ask which datasets went first and how privacy review worked.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


@pytest.mark.parametrize(
    "topic",
    [
        "more generally what your experience as a school nurse has been like",
        "more generally about your experience and career in agronomy",
    ],
)
def test_restatements_of_the_ask(topic: str) -> None:
    text = letter(ASK + f" I'd ask how you recruited the first farms, and {topic}.")
    assert_topics(text, 1)
