"""Kinds of phrasing the thirty-sixth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the thirty-sixth pass's first measure:
- specific_reason: a talk they gave at an alumni evening is a talk, not a shared school; a
  comparison with "instead of" offers no one, so it stays part of the reason; the
  requester's situation set apart from the ask by a dash ties ("I fish pots off
  Rossaveal—could we talk…"); the requester's own plan or trade ("we plan to open satellite
  clinics", "I teach young students") grounds no fact;
- addressed_to_contact: "Bună ziua, domnule Popescu", "Dober dan Ms. Novak".
"""

from __future__ import annotations

import pytest

from service.gate.models import ContactProfile, GateContext, ResearchFact
from tests.gate.helpers import ASK, grounded_context, letter, run_check

QUESTIONS = ASK + " I'd ask how you planned it and what you would change."


def test_a_talk_at_an_alumni_evening_is_a_talk() -> None:
    context = grounded_context(
        "Senior Manager, Mine Planning",
        "Spoke at a Curtin alumni evening on dust control in open-pit mines",
        seniority="senior",
    )
    text = (
        "Hi Ana, I heard your Curtin alumni talk on dust control in open pits - my honours "
        "project models haul-road dust. Could I ask 20 min about your suppression trials and "
        "how you train grads?"
    )
    check = run_check(text, "specific_reason", channel="linkedin_connection_note", context=context)
    assert check.passed, check.message


def test_instead_of_compares_and_offers_no_one() -> None:
    context = grounded_context(
        "Dispatch Coordinator",
        "Coordinated a rollout of GPS dispatch that sends the nearest fire engine rather than "
        "the one from the nearest station",
    )
    text = letter(
        "I read about the GPS dispatch you helped bring in, where the engine closest on the map "
        "gets the call instead of the one from the nearest station. I'm a firefighter in Cork, "
        "and we lose minutes to station boundaries every week.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_situation_before_a_dashed_ask_ties() -> None:
    text = (
        "Hi Dr. Quinn, I read the Kerryman piece on your crab escape-gap study. I fish pots off "
        "Dingle—could we talk 15 min about the catch data and how buyers reacted? Thanks for "
        "your time."
    )
    check = run_check(text, "specific_reason", channel="linkedin_connection_note")
    assert check.passed, check.message


@pytest.mark.parametrize(
    ("told", "fact"),
    [
        (
            "I have long admired your leadership. I direct a hospital in Pune, and next year we "
            "plan to open outpatient satellite clinics around the city.",
            "Expanded the group into a network of outpatient satellite clinics around one hospital",
        ),
        (
            "My friend told me to write to you. I play the violin and teach young students in "
            "Porto, and I repair their instruments myself.",
            "Teaches a weekend course in violin setup for young students' teachers",
        ),
    ],
)
def test_the_requester_plan_or_trade_grounds_no_fact(told: str, fact: str) -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ruiz", title="Director", organization="Afya"),
        facts=[ResearchFact(text=fact, about="person")],
    )
    check = run_check(letter(told, QUESTIONS), "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


@pytest.mark.parametrize("greeting", ["Bună ziua, domnule Popescu,", "Dober dan Ms. Novak,"])
def test_more_greetings(greeting: str) -> None:
    text = greeting + "\n\n" + QUESTIONS + "\n\nJo"
    check = run_check(text, "addressed_to_contact")
    assert check.passed, check.message
