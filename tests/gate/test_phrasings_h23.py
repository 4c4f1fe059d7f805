"""Kinds of phrasing the twenty-third pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the twenty-third pass's first measure:
- specific_reason: a move told as "you came to X from Y"; short forms ("pharma"); a piece
  told as a story, then "your name was on it"; a piece "on how your school…"; praise of all
  they have built or of the reputation they built; an empty tie ("the kind of thing I care
  about, in line with where I see myself going");
- colleague_offer: "or with a captain who ran it?", "if your club manager would be a better
  person to talk with"; an introduction asked for after the call is no alternative;
- preview_questions: a reason given in passing between two questions; advice for anyone in
  the requester's shoes;
- time_ask: "twenty-odd minutes"; "argued about for an hour" times something else;
- addressed_to_contact: "Bea, loved your thread…"; a question set above the greeting;
- no_job_ask: "the nurse role on your team looks like…" asks about the work; "she thought of
  me" tells who passed the message on.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, assert_topics, grounded_context, letter, run_check

QUESTIONS = "I'd like to ask how you plan the season, and which permits took longest to get."


def test_a_move_told_as_coming_to_it_from_elsewhere() -> None:
    context = grounded_context(
        "Planned Giving Officer",
        "Moved into planned giving after eight years in pharmaceutical marketing",
    )
    text = letter(
        "A trustee of yours mentioned that you came to planned giving from pharma marketing, "
        "which is about as close to my situation as I've found.",
        ASK + " " + QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_piece_told_as_a_story_then_said_to_be_theirs() -> None:
    context = grounded_context(
        "Policy Analyst", "Wrote the evaluation of the city's summer jobs programme"
    )
    text = letter(
        "My manager circulated an evaluation of the city's summer jobs programme that was "
        "honest about which placements led nowhere. At the bottom I saw your name on it. I run "
        "a youth employment scheme and we are about to be evaluated the same way.",
        ASK + " " + QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_piece_on_how_their_school_did_something() -> None:
    text = letter(
        "I teach Year 8 maths, and the Courier article on how your school dropped setting in "
        "Year 7 is the case study I keep coming back to for my dissertation.",
        ASK + " " + QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


@pytest.mark.parametrize(
    "paragraph",
    [
        "Huge fan of everything you've built in the cycling world. I race for my club and want "
        "to work in team operations.",
        "I've long admired the reputation you've built in equine surgery. I'm a second-year vet "
        "student hoping to specialise.",
        "I read about how you rebuilt the apprentice scheme at the shipyard, and it's the kind "
        "of thing I really care about and in line with where I see myself going in welding.",
    ],
)
def test_praise_and_empty_ties(paragraph: str) -> None:
    check = run_check(letter(paragraph, ASK + " " + QUESTIONS), "specific_reason")
    assert not check.passed, check.evidence


@pytest.mark.parametrize(
    "ask",
    [
        "15 min, or with a ranger who ran the survey?",
        "Could I have 20 minutes? If your harvest or cellar manager would be a better person "
        "to talk with, I'd be just as grateful.",
    ],
)
def test_colleague_offers_in_few_words(ask: str) -> None:
    context = grounded_context("Director", "Led the county's wetland survey", seniority="executive")
    text = letter("I'm a field technician; your wetland survey is my model.", ask)
    assert run_check(text, "colleague_offer", context=context).passed


def test_an_introduction_after_the_call_is_no_alternative() -> None:
    context = grounded_context("Director", "Led the county's wetland survey", seniority="executive")
    text = letter(
        "I'm a field technician; your wetland survey is my model.",
        ASK + " I'd also be grateful if, after we talk, you could introduce me to one of the "
        "rangers on your team.",
    )
    assert not run_check(text, "colleague_offer", context=context).passed


def test_a_reason_in_passing_between_two_questions() -> None:
    text = letter(
        ASK + " I only want to ask two things: how you practiced valuation questions for "
        "utilities, since my firm covers a lot of those, and what you had to do in your first "
        "year after qualifying."
    )
    assert_topics(text, 2)


def test_advice_for_anyone_in_the_requesters_shoes_is_no_topic() -> None:
    text = letter(
        ASK + " I'd love to hear any advice you'd have for a driver trying to make the switch, and "
        "how long it took you to learn the scheduling software."
    )
    assert_topics(text, 1)


def test_twenty_odd_minutes() -> None:
    text = letter("If you could spare twenty-odd minutes on a video call, I'd be grateful.")
    check = run_check(text, "time_ask")
    assert check.passed, check.message


def test_minutes_that_time_something_else() -> None:
    text = letter(
        "Your talk on style guides was set in my seminar, and my study group debated it for an "
        "hour.",
        ASK,
    )
    check = run_check(text, "time_ask")
    assert check.passed, check.message
    assert check.details["minutes_max"] == 20, check.details


@pytest.mark.parametrize(
    "text",
    [
        "Bea, loved your thread on closing the books in three days. Half-hour call?\nJo",
        "Quick question from someone leaving the Navy: how much of a deferral call is the "
        "controller's?\n\nHi Curtis - that's the situation your post described.\n\nJo",
    ],
)
def test_a_greeting_by_name_however_it_comes(text: str) -> None:
    check = run_check(text, "addressed_to_contact")
    assert check.passed, check.message


@pytest.mark.parametrize("word", ["Honestly", "Thanks", "Quick"])
def test_an_opening_word_is_no_name(word: str) -> None:
    check = run_check(
        f"{word}, loved your thread on closing the books. Half-hour call?", "addressed_to_contact"
    )
    assert not check.passed, check.evidence


@pytest.mark.parametrize(
    "sentence",
    [
        "2. What the informatics nurse role on your team looks like day to day.",
        "A neighbour heard your talk at the field day and thought of me immediately.",
    ],
)
def test_no_job_ask_here(sentence: str) -> None:
    check = run_check(letter(sentence, ASK), "no_job_ask")
    assert check.passed, check.message
