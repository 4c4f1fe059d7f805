"""Kinds of phrasing the fifty-eighth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the fifty-eighth pass's first measure:
- specific_reason: an exchange online is a prior conversation ("you answered my question in
  the Grants Slack…", "you replied to my comment on…", "thanks for the review on my PR…",
  "In your AMA I asked… and you replied…", "You helped me last week in the Revit
  Discord…"); so is "your CPD evening" attended; "the oak frame your crew raised" is their
  team's work; "I liked your post the other day" names no piece; "My question about X got
  read out on your Space" is the meeting, no topic; following them on LinkedIn grounds no
  LinkedIn post; "Congratulations to Riverside on its award" praises the organization;
- preview_questions: "if you can spare 15 mins for a call" is the ask, no topic;
- no_job_ask / colleague_offer: "if there is a vacancy in your team, I am very willing to
  apply" asks for a job and offers no one; "I'd take a call with whoever set the system up"
  offers someone else.
"""

from __future__ import annotations

import pytest

from service.gate.models import GateContext, ResearchFact
from tests.gate.helpers import (
    ASK,
    PLANNED,
    assert_topics,
    grounded_context,
    letter,
    offer_check,
    run_check,
)


@pytest.mark.parametrize(
    "hook",
    [
        "You answered my question in the Grants Slack about matched funding for school gardens.",
        "You replied to my comment on your post about rota software for small surgeries.",
        "Thanks again for the review on my PR to the tidy-csv library.",
        "In your AMA last spring I asked how you price commissions, and you replied at length.",
        "You helped me last week in the Revit Discord when my families kept breaking.",
        "I attended your CPD evening at the Bristol branch on fire-stopping in old buildings.",
        "I saw the photos of the oak frame your crew raised in Hereford last month.",
    ],
)
def test_an_exchange_or_their_work(hook: str) -> None:
    text = letter(hook + " I run a small team doing exactly that and we're stuck.", PLANNED)
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_post_placed_only_in_time_names_nothing() -> None:
    text = letter(
        "I liked your post the other day and figured I'd reach out. I'm a baker moving into "
        "food product development.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.message


def test_my_question_read_out_on_their_show() -> None:
    text = letter(
        "My question about heat-pump grants got read out on your housing podcast in May. I "
        "run the retrofit desk at a housing association.",
        PLANNED,
    )
    assert_topics(text, 2)
    context = grounded_context(
        "Retrofit Lead", "Co-hosts a monthly housing podcast on heat-pump grants and retrofit"
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_following_them_grounds_no_post() -> None:
    text = letter(
        "I've been following you on LinkedIn for a while. I'm seriously looking at medical "
        "affairs.",
        PLANNED,
    )
    context = grounded_context(
        "Medical Science Liaison",
        "Wrote a LinkedIn post in 2025 about leaving hospital pharmacy for medical affairs",
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.message


def test_congratulating_the_organization() -> None:
    text = letter(
        "Congratulations to Riverside Health on the digital maturity award this year, it is "
        "the reason I am writing to you. I am a coder in Cebu moving into informatics.",
        PLANNED,
    )
    contact = grounded_context("CMIO", "x", organization="Riverside Health").contact
    context = GateContext(
        contact=contact,
        facts=[
            ResearchFact(
                text="Riverside Health received a digital maturity award in 2025",
                about="organization",
            )
        ],
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.message


def test_sparing_minutes_is_the_ask() -> None:
    text = letter(
        "Would like to ask if you can spare 15 mins for a call? Would like to know how you "
        "trained the porters."
    )
    assert_topics(text, 1)


def test_willing_to_apply_is_a_job_ask_and_no_offer() -> None:
    sentence = "Also if there is a vacancy in your team, I am very willing to apply and relocate."
    assert not run_check(letter(PLANNED, sentence), "no_job_ask").passed
    assert not offer_check(PLANNED, sentence).passed


def test_a_call_with_whoever_set_it_up() -> None:
    check = offer_check(
        ASK + " I'd ask how you set the levels and what broke first.",
        "And if this is more of a stores question, I'd take a call with whoever set the system up.",
    )
    assert check.passed, check.message
