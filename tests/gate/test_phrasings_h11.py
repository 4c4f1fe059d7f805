"""Kinds of phrasing the eleventh pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the eleventh pass's first measure:
- no_foreign_links: degrees written like domains ("B.Tech", "M.Sc") are no URLs;
- addressed_to_contact: "Yo", "Gidday", "Halo Mas …";
- preview_questions: questions listed below the sign-off ("Questions I'd bring: …"); "I hope
  to ask: how…" is no "I hope you're well";
- specific_reason: four words describing their piece ("your open-source CAN bus fuzzing
  dataset") but not across a clause ("your name for our course"); attending their training
  day; "that's the lane I want"; a built work of theirs; coming back as a return;
- colleague_offer: "whoever coordinates the returner cohort".
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext
from tests.gate.helpers import ASK, assert_topics, gate, grounded_context, letter, result, run_check


def test_degrees_are_no_links() -> None:
    text = letter("I'm a final-year B.Tech student and plan an M.Sc next year.", ASK)
    assert result(gate(text), "no_foreign_links").passed
    assert not result(gate(letter("See example.tech for my work.", ASK)), "no_foreign_links").passed


@pytest.mark.parametrize("greeting", ["yo Sam!!", "Gidday Sam,", "Halo Mas Sam,"])
def test_more_greetings(greeting: str) -> None:
    check = run_check(f"{greeting}\n\nHello.\n\nJo", "addressed_to_contact")
    assert check.passed, check.message


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (
            "Dear Ms Hale,\n\nCould I have 20 minutes by phone?\n\nThanks,\nJo\n\n"
            "Questions I'd bring: how the archive picks what to digitise first, and what the "
            "volunteers are trained to do.",
            2,
        ),
        (
            letter(
                "May I have 20 minutes? I hope to ask: how do you value a herd before a sale, "
                "and which records do buyers ask to see?"
            ),
            2,
        ),
        # the courtesy line is still no topic
        (letter(ASK + " I hope you are keeping well after the show season."), 0),
    ],
)
def test_questions_after_the_sign_off_and_hoping_to_ask(text: str, topics: int) -> None:
    assert_topics(text, topics)


@pytest.mark.parametrize(
    ("paragraph", "passed"),
    [
        (
            "I used your open-source tide gauge cleaning toolkit for my dissertation. I'm "
            "choosing between coastal and river modelling, and it is a big reason coastal is "
            "winning.",
            True,
        ),
        (
            "I came to your museum-handling training day at the Horniman last spring. I run a "
            "tiny heritage centre and I'm building handling boxes for our schools.",
            True,
        ),
        (
            "Saw your post about going from army signaller to network engineer at a wind farm; "
            "that's the lane I want.",
            True,
        ),
        (
            "I saw your timber pavilion in Aarhus on Dezeen. My final project is a timber "
            "bus shelter, so I want to learn how joints like yours are detailed.",
            True,
        ),
        # a teacher gave the class their name: no piece of theirs across "for our"
        ("Our teacher gave us your name for our architecture course. I'm in seventh grade.", False),
    ],
)
def test_hooks_and_ties(paragraph: str, passed: bool) -> None:
    check = run_check(letter(paragraph, ASK), "specific_reason")
    assert check.passed is passed, check.message


def test_coming_back_grounds_a_return() -> None:
    context = grounded_context(
        "Freelance Editor", "Returned to editing as a freelancer in 2018 after eight years at home"
    )
    text = letter(
        "Your story of coming back as a freelancer after eight years out is the route I'm "
        "considering after my own break.",
        ASK,
    )
    check = result(gate(text, context=context), "specific_reason")
    assert check.passed, check.message


def test_whoever_coordinates_the_cohort_is_an_offer() -> None:
    context = GateContext(
        contact=ContactProfile(
            name="Ana Ruiz", title="Chief Financial Officer", seniority="executive"
        )
    )
    offer = "Should your diary not allow it, perhaps whoever coordinates the returner cohort could spare the time instead."
    assert result(gate(letter(ASK, offer), context=context), "colleague_offer").passed
