"""Kinds of phrasing the fifty-fourth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the fifty-fourth pass's first measure:
- specific_reason: "You did the debrief on the M5 collision at training day" and "You came to
  the careers fair at Ridgeway School and talked to my Year 10s" are meetings; "one of your
  touch tours" is a piece of their work;
- colleague_offer: "Or happy to speak to your ops lead." offers someone else;
- no_job_ask: "Any intern spots going?" and "keep my name in mind" ask for a job;
- preview_questions: "And what you'd do differently." right after a sentence that asked is a
  topic; a trailing "honestly." or "mainly" is none.
"""

from __future__ import annotations

from tests.gate.helpers import PLANNED, STAFFED, assert_topics, letter, offer_check, run_check


def test_a_debrief_they_did() -> None:
    text = letter(
        "You did the debrief on the M5 collision at training day last month. I'm a response "
        "officer three years in and that debrief is what made me decide on roads policing.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_they_came_to_a_careers_fair() -> None:
    text = letter(
        "You came to the careers fair at Ridgeway School and talked to my Year 10s about "
        "being a tower controller. I'm the physics teacher who kept asking questions, and I "
        "was asking for myself.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_one_of_their_tours() -> None:
    text = letter(
        "My son and I came on one of your touch tours for blind visitors in May, and as a "
        "teaching assistant for visually impaired pupils I want to move into museum access "
        "work.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_or_happy_to_speak_to_their_lead() -> None:
    check = offer_check(STAFFED, "Or happy to speak to your ops lead.")
    assert check.passed, check.message


def test_intern_spots_going_is_a_job_ask() -> None:
    text = letter(PLANNED, "Any intern spots going?")
    check = run_check(text, "no_job_ask")
    assert not check.passed, check.message


def test_keep_my_name_in_mind_is_a_job_ask() -> None:
    text = letter(
        PLANNED, "If there's an intake coming up, I'd be grateful if you'd keep my name in mind."
    )
    check = run_check(text, "no_job_ask")
    assert not check.passed, check.message


def test_and_what_after_a_sentence_that_asked() -> None:
    text = letter(
        "Would you have 20 minutes? I'm trying to understand how you price retainers. And what "
        "you'd do differently if you started again."
    )
    assert_topics(text, 2)


def test_a_trailing_adverb_is_no_topic() -> None:
    text = letter(
        "Could I have 20 minutes? I'd love to ask how you plan sessions in the rain, honestly."
    )
    assert_topics(text, 1)
