"""Kinds of phrasing the fifty-second pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the fifty-second pass's first measure:
- specific_reason: something the contact said to the requester or in front of them is a
  hook ("At the regional huddle you said…", "You told me at the school fair that…", "the
  training where you showed how…", "You did the fire-safety stand-up on our shift…"); a
  product named by its own coined name ("FloodCast's…") after the requester's own clause is
  theirs; "your afterword to the English edition" is a piece of theirs; "…is basically
  ch. 3 of my thesis" ties it;
- time_ask: "If you ever have 15 minutes" asks;
- preview_questions: "one coffee's worth of your time on X and Y?" names its topics;
- no_job_ask: "you pushed through two permanent posts in your department" tells their deed,
  and "what happens to a teller referral after it leaves the branch" asks how work flows.
"""

from __future__ import annotations

from service.gate import GateContext
from service.gate.models import ContactProfile, ResearchFact
from tests.gate.helpers import ASK, PLANNED, assert_topics, letter, run_check


def test_something_they_said_at_an_event() -> None:
    text = letter(
        "At the regional huddle in May you said dispatch is where you learn the whole "
        "network. I'm a driver of six years aiming for a dispatch desk.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_something_they_told_the_requester() -> None:
    text = letter(
        "You told me at the school fair that you got into payroll because you were the one "
        "everyone asked about their hours. That's me now, nine years on the tills and doing "
        "all the rotas.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_the_training_where_they_showed_something() -> None:
    text = letter(
        "I'm a returns clerk on the day shift, and I was in the training where you showed how "
        "your team found that a third of our returns were sizing errors. I process those "
        "returns every day and never saw them as data.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_stand_up_they_did() -> None:
    text = letter(
        "You did the fire-safety stand-up on our shift in March, the one about blocked exits. "
        "Two weeks later I found a blocked exit in aisle 4 and reported it the way you showed "
        "us. I'd like to move into health and safety.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_coined_product_name_after_the_requesters_clause() -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ruiz", title="Head of Research", organization="Hydra"),
        facts=[
            ResearchFact(
                text="Led the team that built 'FloodCast', which cut river-level forecast "
                "error by 22%.",
                about="person",
            )
        ],
    )
    text = letter(
        "I'm a hydrology postdoc working on ensemble river models, and FloodCast's 22% error "
        "cut is the result my group keeps arguing about.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_an_afterword_of_theirs() -> None:
    text = letter(
        "Your afterword to the English edition of the Little Fox books, on keeping the rhymes, "
        "is the reason I think I can move from technical manuals into picture books.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_chapter_of_my_thesis_ties_it() -> None:
    text = (
        "Hi Ana, your paper on Bayesian stopping rules in rare-disease trials is basically ch. 2 "
        "of my thesis. Could we have 15 minutes? I'd ask how you chose the priors and how the "
        "regulators reacted."
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_if_you_ever_have_fifteen_minutes() -> None:
    text = letter("If you ever have 15 minutes, two things I'd ask: how you got started and why.")
    check = run_check(text, "time_ask")
    assert check.passed, check.message


def test_a_coffees_worth_on_two_things() -> None:
    text = letter("One coffee's worth of your time on glazing and firing?")
    assert_topics(text, 2)


def test_posts_they_created_are_no_job_ask() -> None:
    text = letter(
        "A colleague told me that in 2022 you pushed through two permanent data-steward "
        "positions in your department.",
        PLANNED,
    )
    check = run_check(text, "no_job_ask")
    assert check.passed, check.message


def test_a_teller_referral_is_no_job_ask() -> None:
    text = letter(
        ASK + " I'd ask:\n"
        "• what happens to a teller referral after it leaves the branch\n"
        "• how the mortgage team follows it up"
    )
    check = run_check(text, "no_job_ask")
    assert check.passed, check.message
