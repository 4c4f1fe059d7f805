"""Kinds of phrasing the fortieth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the fortieth pass's first measure:
- addressed_to_contact: "Alright Priya," greets her (British English);
- no_job_ask: asking whether trainees are paid or unpaid asks how the work goes;
- specific_reason: the requester's own trade told with "I drive…" grounds no fact; a bare
  role with its place and years ("I'm a paramedic at a rural station, been doing it six
  years") is no tie; "you mentioned that your team…" tells something they said; a number
  written in words stands for its digits; a two-letter acronym alone ("AI") grounds no
  fact; "X is where I'd like to go next" is a goal;
- preview_questions: what was talked about at an event, what "was invaluable" and "any
  general advice" are no topics;
- colleague_offer: "Or a features editor if easier."
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import (
    ASK,
    STAFFED,
    assert_topics,
    grounded_context,
    letter,
    offer_check,
    run_check,
)

QUESTIONS = ASK + " I'd ask how you planned it and what you would change."


@pytest.mark.parametrize("greeting", ["Alright Priya,", "Alright Tom."])
def test_alright_greets(greeting: str) -> None:
    text = greeting + " Brickie for twelve years, knees going. " + QUESTIONS + " Cheers, Dev"
    check = run_check(text, "addressed_to_contact")
    assert check.passed, check.message


def test_asking_whether_trainees_are_paid_is_no_job_ask() -> None:
    text = letter(
        "I'm a pastry cook hoping to move into food styling for cookbooks.",
        ASK + " I'd ask how assisting on a shoot works, whether assistants are usually paid "
        "or unpaid at the start, and how you built a portfolio.",
    )
    assert run_check(text, "no_job_ask").passed
    offer = letter("I'd happily assist on your next shoot, paid or unpaid.", ASK)
    assert not run_check(offer, "no_job_ask").passed


def test_i_drive_tells_the_requesters_trade() -> None:
    context = grounded_context(
        "Implementation Consultant",
        "Led a scanner rollout at a cold store, including training forklift drivers on handhelds",
        organization="Scanwise",
        seniority="mid",
    )
    text = letter(
        "I write to you because I drive forklift at a cold store in Leeds for 6 years. Our old "
        "system crashes all the time, sorry for my English.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.message


def test_a_role_with_its_place_and_years_is_no_tie() -> None:
    context = grounded_context(
        "Dispatch Supervisor", "Won the state dispatcher of the year award in 2021"
    )
    text = letter(
        "Congratulations on winning the state dispatcher of the year award in 2021! I'm a "
        "paramedic at a rural station, been doing it six years.",
        QUESTIONS,
    )
    assert not run_check(text, "specific_reason", context=context).passed
    tied = text.replace("six years.", "six years, and dispatch training is my next step.")
    assert run_check(tied, "specific_reason", context=context).passed


def test_you_mentioned_that_your_team_is_a_hook() -> None:
    text = letter(
        "At the fintech meetup last week you mentioned that your team moved card disputes "
        "into a single queue after the second audit. I'm an operations analyst, and our "
        "dispute backlog is my main project this year.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_number_in_words_grounds_its_digits() -> None:
    context = grounded_context(
        "Head of Customer Support",
        "Grew the in-house support team from 3 to 14 agents, 2019-2023",
        organization="Parcelly",
    )
    text = letter(
        "You took Parcelly's support desk from a handful of people to fourteen agents, which "
        "is what my director has asked me to plan for our own helpdesk next year.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_two_letter_acronym_alone_grounds_no_fact() -> None:
    context = grounded_context(
        "Head of Pricing",
        "Cut delivery times from 5 to 2 days with route planning",
        "Spoke at Retail Tech Week 2024 on customer-facing AI",
    )
    text = letter(
        "Your AI pricing engine, which I hear doubled margins in a year, is exactly the kind "
        "of result my board keeps asking me about.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.message


def test_where_i_would_like_to_go_next_is_a_goal() -> None:
    text = letter(
        "I listened to your podcast episode on moving from bedside nursing into a clinical "
        "educator role at a teaching hospital. I'm a ward nurse with five years in "
        "cardiology, and education is where I'd like to go next.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_what_was_talked_about_and_general_advice_are_no_topics() -> None:
    text = letter(
        "Thank you for staying after your panel to talk about the archive digitisation at "
        "your library. Hearing how your team actually did it was invaluable.",
        ASK + " I'd love to hear how you chose the scanning vendor, along with any general "
        "advice you have for someone early in their archives career.",
    )
    assert_topics(text, 1)


@pytest.mark.parametrize(
    "offer", ["Or a features editor if easier.", "Or one of your curators if easier?"]
)
def test_or_a_role_if_easier_offers(offer: str) -> None:
    check = offer_check(STAFFED + " " + offer)
    assert check.passed, check.message


def test_the_question_asked_at_their_event_is_no_topic() -> None:
    text = letter(
        "I asked the question about night-shift rostering at your webinar on Tuesday, and you "
        "said your ward moved to self-rostering after a staff survey. I'm a charge nurse, and "
        "our rota is the problem my manager has asked me to fix this year.",
        QUESTIONS,
    )
    assert_topics(text, 2)
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_the_tools_we_use_ground_no_fact() -> None:
    context = grounded_context(
        "Implementation Consultant",
        "Wrote a blog post on why warehouse pickers make good trainers",
        organization="Routeline",
    )
    text = letter(
        "I saw Routeline makes warehouse software and I think this is so interesting, we use a "
        "very old system at my work and it crashes and then we write everything on paper.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.message
