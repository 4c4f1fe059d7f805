"""Kinds of phrasing the thirteenth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the thirteenth pass's first measure:
- specific_reason: the hook said to be the requester's own ("your survey is my template",
  "…is what I want to learn"); wanting to make their move ("hoping to make your move from
  X to Y"); "im" typed without its apostrophe; "your account in <journal> of how…"; a fact
  about "the club's" work is no club membership;
- preview_questions: "I'd like to go through how…"; items of an unmarked list that end in
  semicolons; "what id ask:"; a question they answered once ("you answered my question
  about…") is no topic;
- colleague_offer: "or of anyone on your side who…"; "a quick word with Priya in payroll";
- time_ask: "a ~20m call".
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext
from tests.gate.helpers import ASK, assert_topics, gate, grounded_context, letter, result, run_check


@pytest.mark.parametrize(
    "paragraph",
    [
        "Wetland ecologist, two years out of my MSc; your saltmarsh carbon survey is my template "
        "for the estuary work I'm planning.",
        "Physio here moving into equine rehab; your tendon-loading work with event horses is "
        "what I want to learn.",
        "Your account in the Canal Society Journal of how the lock gates were rebuilt in oak is "
        "exactly the job our volunteer group is about to take on.",
        "im a line cook and i read your piece on moving from restaurant kitchens to recipe "
        "testing. im trying to make that same switch next year.",
    ],
)
def test_the_hook_said_to_be_the_requesters_own(paragraph: str) -> None:
    check = run_check(letter(paragraph, ASK), "specific_reason")
    assert check.passed, check.message


def test_hoping_to_make_their_move_grounds_it() -> None:
    context = grounded_context(
        "Revenue Manager", "Moved from reservations agent to revenue manager"
    )
    text = letter(
        "Hi Ana, reservations agent here hoping to make your reservations to revenue move. " + ASK
    )
    check = result(gate(text, context=context), "specific_reason")
    assert check.passed, check.message


def test_the_clubs_own_work_is_no_membership() -> None:
    context = grounded_context(
        "Performance Analyst", "Built the club's video tagging workflow for the women's team"
    )
    text = letter(
        "I saw the video tagging workflow you built for the women's team, and it is exactly "
        "the kind of thing I want to do for my own county side.",
        ASK,
    )
    check = result(gate(text, context=context), "specific_reason")
    assert check.passed, check.message


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (
            letter(
                ASK + " I'd like to go through how you priced the first contracts and what the "
                "auditors asked for."
            ),
            2,
        ),
        (
            letter(
                "Could I ask for 20 minutes on the phone? Roughly:\n"
                "sourcing the reclaimed timber (who, how far);\n"
                "getting building control to sign off the frame;\n"
                "whether you take on apprentices from outside the county."
            ),
            3,
        ),
        (
            letter(
                "would you have 15 min some evening? what id ask: how you scheduled the night "
                "audits, and whether you trained the auditors yourself."
            ),
            2,
        ),
        # a question of theirs answered once is no preview
        (letter("You answered my question about rota software on the forum last year. " + ASK), 0),
    ],
)
def test_more_ways_of_listing_the_questions(text: str, topics: int) -> None:
    assert_topics(text, topics)


@pytest.mark.parametrize(
    "offer",
    [
        "Could I have 20 minutes of your time, or of anyone on your side who ran the pilot?",
        "If you're swamped, even a quick word with Priya in payroll would help.",
    ],
)
def test_more_offers(offer: str) -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ruiz", title="Finance Director", seniority="executive")
    )
    assert result(gate(letter(ASK, offer), context=context), "colleague_offer").passed


@pytest.mark.parametrize(
    ("ask", "passed"),
    [
        ("Would you be open to a ~20m call next week?", True),
        ("We raised a $20m fund. Could we chat sometime?", False),
    ],
)
def test_minutes_as_one_letter(ask: str, passed: bool) -> None:
    check = result(gate(letter(ask)), "time_ask")
    assert check.passed is passed, check.message
