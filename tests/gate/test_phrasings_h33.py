"""Kinds of phrasing the thirty-third pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the thirty-third pass's first measure:
- specific_reason: the requester telling what they do for a living ("I run a small
  consultancy that…") grounds no fact, whatever words it shares with one; an apology is no
  tie; "your profile while looking into X" is the requester's search, not their work; "heard
  you on <show> re: <topic>" and "Congrats on the launch of <product>" are hooks;
- time_ask: "Would half an hour before the recess be possible?" asks for the time;
- preview_questions: "how you handled X and Y" asks of two things ("how you balanced X and
  Y" of one); "what actually worked for you" names nothing;
- addressed_to_contact: the first letters of the contact's first name greet them ("Hi
  Tolu" for Tolulope).
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, assert_topics, grounded_context, letter, run_check

QUESTIONS = ASK + " I'd ask how you scheduled the sessions and how you measured turnout."


@pytest.mark.parametrize(
    ("own", "fact"),
    [
        (
            "I run a logistics consultancy that helps hospitals redesign their supplier "
            "deliveries, and I enjoyed your article on cutting ward stockouts.",
            "Runs quarterly supplier-day workshops for small manufacturers",
        ),
        (
            "I manage the volunteer programme at a food bank in Leeds, and your podcast "
            "episode on retirement changed how I think about my own.",
            "Manages a volunteer mentoring programme for young offenders",
        ),
    ],
)
def test_what_the_requester_does_grounds_no_fact(own: str, fact: str) -> None:
    context = grounded_context("Director", fact, "Wrote a book on procurement law")
    check = run_check(letter(own, QUESTIONS), "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


def test_their_deed_still_grounds_next_to_the_requester_job() -> None:
    context = grounded_context(
        "Director", "Runs quarterly supplier-day workshops for small manufacturers"
    )
    text = letter(
        "I run procurement for a furniture maker, and the supplier-day workshops you run for "
        "small manufacturers are exactly what our buyers keep asking for.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_an_apology_is_no_tie() -> None:
    context = grounded_context(
        "Conservation Scientist", "Gave a lecture on dating medieval manuscripts with X-rays"
    )
    text = letter(
        "I'm terribly sorry to bother you. I went to your lecture on dating medieval "
        "manuscripts with X-rays, and it was wonderful.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


def test_a_profile_found_while_searching_is_no_hook() -> None:
    text = letter(
        "I found your profile while researching veterinary practice management and was "
        "impressed by all you have done at Fenwick Vets. I'm a practice manager in Hull.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, [e.text for e in check.evidence]


@pytest.mark.parametrize(
    "hook",
    [
        "heard you on ops hour re: moving your depots to night picking. i run a small "
        "warehouse and we're about to try it.",
        "Congrats on the launch of the Meadowlark soil sensor! I'm an agronomy student building "
        "a moisture model for my thesis, so your field data is exactly what I need.",
        "Congratulations on publishing the city's flood-ready housing guide. I'm a surveyor "
        "retraining in flood resilience, and the guide is now my main reference.",
    ],
)
def test_shows_and_launches_are_hooks(hook: str) -> None:
    check = run_check(letter(hook, QUESTIONS), "specific_reason")
    assert check.passed, check.message


def test_a_modal_duration_before_a_date_is_asked() -> None:
    text = letter(
        "Would half an hour before the end of term be possible? I'd ask how the bursary is "
        "assessed and how students hear about it."
    )
    check = run_check(text, "time_ask")
    assert check.passed, check.message


def test_two_things_handled_are_two_topics() -> None:
    text = (
        "Ms Grant, your talk on remote tribunals maps onto my courts project. Could I have "
        "15 min on how you handled document bundles and interpreters? Thanks for your time."
    )
    assert_topics(text, 2, channel="linkedin_connection_note")


def test_two_things_balanced_are_one_topic() -> None:
    text = letter(
        ASK + " I'd like to hear how you balanced the night rota and childcare.",
    )
    assert_topics(text, 1)


def test_what_worked_for_you_names_nothing() -> None:
    text = letter(
        "Our leakage is above 30%, so I'm trying to understand what actually worked for you.",
        ASK + " I'd mainly ask how you chose the first districts.",
    )
    assert_topics(text, 1)


@pytest.mark.parametrize(
    ("greeting", "name"), [("Tolu", "Tolulope Adeyemi"), ("Alex", "Alexandra Petrova")]
)
def test_a_short_first_name_greets(greeting: str, name: str) -> None:
    context = grounded_context("Pharmacist", "Set up a stewardship round", name=name)
    text = f"Hi {greeting},\n\n" + QUESTIONS + "\n\nJo"
    check = run_check(text, "addressed_to_contact", context=context)
    assert check.passed, check.message
