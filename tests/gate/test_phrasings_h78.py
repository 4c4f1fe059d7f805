"""Kinds of phrasing the seventy-eighth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the seventy-eighth pass's first measure:
- time_ask: "Would you give her 20 minutes?", "spare him 15 minutes", asked for the student,
  client or child the message speaks for ("her 20 minutes at the lectern" is no ask);
  "15 minutitos" are minutes;
- specific_reason: "I heard you both on the … podcast talking about how you…" is their
  work, told to two people; a book of someone else's they recommended is not theirs; "since
  you've built your career in internal audit" names a field; "which is rare in our trade
  press" and "which I heard was a big piece of work" are praise, no tie.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import PLANNED, grounded_context, letter, run_check


@pytest.mark.parametrize(
    ("ask", "passed"),
    [
        ("Would you be willing to give her 20 minutes on a video call?", True),
        ("Could you spare him 15 minutes one afternoon?", True),
        ("Tienes 15 minutitos for a call next week?", True),
        ("Her 20 minutes at the lectern were the best part of the day.", False),
    ],
)
def test_time_asked_for_someone_else(ask: str, passed: bool) -> None:
    text = letter(
        "I'm writing to introduce my student, who is modelling sludge emissions.",
        ask + " She'd ask how you placed the hoods and how operations reacted.",
    )
    check = run_check(text, "time_ask")
    assert check.passed is passed, check.message


def test_heard_you_both_on_a_podcast() -> None:
    text = letter(
        "I heard you both on the Main Street Rebuilt podcast talking about how you turned the "
        "old Ridgeway mill into 40 flats. I look after a chapel trust that owns a mill just "
        "like it, and our trustees are split on doing the same.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_book_they_recommended_is_not_their_work() -> None:
    text = letter(
        "At the planners' conference you recommended Jane Jacobs's Death and Life from the "
        "floor, and I read it that weekend. I'm a housing officer and it changed how I see "
        "our estates.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.evidence


def test_a_fact_of_a_book_they_recommended_grounds_nothing() -> None:
    context = grounded_context(
        "Developer", "Posted on LinkedIn recommending the book Walkable City by Jeff Speck"
    )
    text = letter(
        "I saw your post recommending Walkable City; I picked it up on your suggestion and it "
        "changed how I see my town's high street, where I'm a credit analyst hoping to build.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.evidence


def test_a_career_built_in_a_field_is_no_hook() -> None:
    text = letter(
        "I've spent four years in external audit and I'm moving into internal audit next "
        "year, and since you've built your career in internal audit I thought you'd be a "
        "great person to ask.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.evidence


@pytest.mark.parametrize(
    "praise",
    [
        "Really impressive work, and clearly written, which is rare in our trade press.",
        "It was a huge piece of work, which I heard was a big deal for the whole region.",
    ],
)
def test_praise_with_a_first_person_word_is_no_tie(praise: str) -> None:
    text = letter(
        "I came across your article on charge limits for propane heat pumps. " + praise, PLANNED
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.evidence
