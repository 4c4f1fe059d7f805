"""Kinds of phrasing the seventy-second pass (and a few older `dev` records it led to) showed
the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the seventy-second pass's first measure:
- preview_questions: list items marked with the Japanese middle dot ("・how you…"), written
  with no space after it; "If possible, could I have 15 minutes online with you?" is the ask,
  not a topic; "the team atmosphere" restates what it's like there; after the ask, "also what
  tools u rate for X" is a topic written as a fragment;
- time_ask: "I'm 8 hours ahead of you, so would a 20-minute call…" asks for 20 minutes;
- specific_reason, ties: "…so I'm about a year behind where you were" is on the road they
  told of; "I am a student of X at Y, in 8th semester" and "as someone who is deeply
  passionate about X" are no tie; "you and I both started out in X before switching to Y" is
  their move and the requester's;
- specific_reason, grounding: "you grew the team from two people to twenty-five" tells that
  they built it from 2 to 25;
- addressed_to_contact: a first name alone on the first line greets them;
- no_job_ask: a parent's "keep him in mind" for the trials, and "if there is any possibility
  to join your team…, I would be happy if you could consider me".
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, PLANNED, assert_topics, grounded_context, letter, run_check


def test_japanese_list_dots_mark_the_topics() -> None:
    text = letter(
        "If possible, could I have 15 minutes online with you? I would like to ask:\n"
        "・how you chose the cell supplier for the first pack\n"
        "・which test you run first on a new module"
    )
    assert_topics(text, 2)


def test_the_team_atmosphere_is_no_topic() -> None:
    assert_topics(letter("Could I ask you about the team atmosphere and the release process?"), 1)


def test_a_fragment_with_a_noun_after_the_question_word() -> None:
    text = letter(
        "could u spare 15 mins on the phone. what id ask is how u price a rewire per room. "
        "also what meters u rate for testing."
    )
    assert_topics(text, 2)


def test_hours_ahead_is_no_duration() -> None:
    text = letter(
        "I'm 8 hours ahead of you, so would a 20-minute call at 8am your time work, any weekday?"
    )
    check = run_check(text, "time_ask")
    assert check.passed, check.message


@pytest.mark.parametrize(
    "sentences",
    [
        (
            "I heard your interview on the Backcourt podcast about retiring at 31 and ending up "
            "in physiotherapy. Honestly, it was the most useful thing I've heard all year. I'm "
            "29, my knee won't take another season, and I've just started the prerequisites, so "
            "I'm about two years behind where you were."
        ),
        (
            "I saw that you and I both started out in graphic design before switching to "
            "product management."
        ),
    ],
)
def test_ties_told_as_the_same_road(sentences: str) -> None:
    check = run_check(letter(sentences, PLANNED), "specific_reason")
    assert check.passed, check.message


@pytest.mark.parametrize(
    "role",
    [
        "I am a student of civil engineering at the Technical University of Querétaro, in 6th "
        "semester.",
        "As someone who is deeply passionate about public health communication, I admire it.",
    ],
)
def test_no_tie_beside_a_grounded_hook(role: str) -> None:
    context = grounded_context(
        "Project Engineer", "Led the retrofit of the Río Blanco bridge in 2024"
    )
    text = letter(f"I read that you led the retrofit of the Río Blanco bridge. {role}", PLANNED)
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


def test_grew_the_team_from_two_to_twenty_five() -> None:
    context = grounded_context(
        "Head of Data",
        "Built the company's data engineering team from 2 to 25 people between 2020 and 2024",
    )
    text = letter(
        "You grew the data engineering team from two people to twenty-five in four years. A "
        "client has just asked me to help them set up their first data team.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_first_name_alone_on_the_first_line() -> None:
    text = "Priya\n\n" + PLANNED + "\n\nJo"
    check = run_check(text, "addressed_to_contact")
    assert check.passed, check.message


@pytest.mark.parametrize(
    "sentence",
    [
        "And if you thought Sam might be worth a look at your academy trials, we'd be grateful "
        "if you'd keep him in mind.",
        "If there is any possibility to join your team as intern, I would be very happy if you "
        "could consider me.",
    ],
)
def test_asks_for_a_place(sentence: str) -> None:
    assert not run_check(letter(ASK, sentence), "no_job_ask").passed
