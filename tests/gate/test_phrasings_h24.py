"""Kinds of phrasing the twenty-fourth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the twenty-fourth pass's first measure:
- addressed_to_contact: "Good afternoon po, Dr. Reyes!" greets Dr. Reyes (a Filipino
  honorific, no name);
- specific_reason: what their team did ("your grants team rejected our application"); "I have
  a reason to care:" two sentences on; no tie in a name and a home town, in "X is my
  passion", in goosebumps or in being obsessed;
- preview_questions: the ask said without a question mark ("Grateful for a 20-min call on A
  and B."); restatements ("how you ended up in this line of work", "your perspective on the
  whole thing", "any lessons you'd pass on", "how you started to work with X", "some advices
  for someone in my position");
- colleague_offer: an introduction asked for as well ("could you also put me in touch…") is
  no alternative.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, assert_topics, grounded_context, letter, run_check

QUESTIONS = "I'd like to ask how you priced the pilot, and which permits took longest to get."


def test_an_honorific_before_the_name() -> None:
    context = grounded_context(
        "Chief Nurse", "Led the ward's move to electronic charting", name="Dr. Liza Reyes"
    )
    text = "Good afternoon po, Dr. Reyes!\n\nI hope you are well po. " + ASK + "\n\nMarites"
    check = run_check(text, "addressed_to_contact", context=context)
    assert check.passed, check.message


def test_what_their_team_did() -> None:
    text = letter(
        "Your review panel at the Harbour Trust turned down our bid in March, but the notes your "
        "assessors sent changed how we plan. I now coordinate six community gardens and must "
        "write the next bid by June.",
        ASK + " " + QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_reason_to_care_said_outright_two_sentences_on() -> None:
    context = grounded_context(
        "CEO", "Gave an interview about the shortage of cobalt refiners", seniority="executive"
    )
    text = letter(
        "I read your interview on the shortage of cobalt refiners. You said the problem is not "
        "price but the few refiners. Here's my reason to care: I have bought nickel and cobalt "
        "for a battery maker for twenty years.",
        ASK + " " + QUESTIONS + " If your head of supply would be better placed, I'd be glad "
        "to talk with them instead.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


@pytest.mark.parametrize(
    "paragraph",
    [
        "I am Olu Adeyemi from Ibadan, Nigeria. I watched your webinar on the new cocoa "
        "traceability rules. I am very interested in this subject and sustainability is my "
        "passion.",
        "Your talk on redesigning triage for children gave me goosebumps. I'm obsessed with "
        "this stuff.",
    ],
)
def test_no_tie_in_a_name_a_passion_or_goosebumps(paragraph: str) -> None:
    check = run_check(letter(paragraph, ASK + " " + QUESTIONS), "specific_reason")
    assert not check.passed, check.evidence


def test_the_ask_said_without_a_question_mark() -> None:
    text = letter(
        "Your flood-grant scheme is my model. Grateful for a 20-min call on grant size and repair order."
    )
    assert_topics(text, 2)


@pytest.mark.parametrize(
    "sentence",
    [
        "I'd love to hear how you ended up in this line of work, and any lessons you'd pass on to "
        "someone just starting out.",
        "I'd love your perspective on the whole thing, and any insights you'd want to pass on.",
        "I want to ask how you started to work with supply chain traceability and also some "
        "advices for someone in my position.",
    ],
)
def test_restatements(sentence: str) -> None:
    assert_topics(letter(ASK + " " + sentence), 0)


def test_an_introduction_asked_for_as_well_is_no_alternative() -> None:
    context = grounded_context(
        "Director", "Led the city's bus network redesign", seniority="executive"
    )
    text = letter(
        "I'm a transit planner; your network redesign is my model.",
        ASK + " " + QUESTIONS + " If possible, could you also put me in touch with someone in "
        "your scheduling team?",
    )
    assert not run_check(text, "colleague_offer", context=context).passed
