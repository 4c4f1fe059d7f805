"""Kinds of phrasing the fifty-seventh pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the fifty-seventh pass's first measure:
- preview_questions: fragments that follow a list line on the same line ("…hardest. How you
  chose X. Whether Y.") are topics; so are lines under "mostly wondering" on a line of its
  own, "The two things we can't settle are how…, and whether…" and "My questions concern A,
  B and C"; "ask you for a call of 15 minutes" and "Why you specifically: …" name none;
  "once fees and travel were included" is one thing; fancy restatements ("the arc of your
  professional trajectory", "what a career in X really looks like", "any tips for a
  first-time grant writer") name none;
- specific_reason: "your textbook" is their work; "We're both Leeds chemistry people" is a
  connection, no tie;
- colleague_offer: "talk instead with one of the technicians who maintain the rig",
  "whichever of the unit's nurses ran the pilot would be a great person to talk to
  instead" and "if I spoke with your deputy instead?" offer someone else; "a sergeant on
  the fraud unit, so that was rather a striking thing" offers no one;
- time_ask: "only 30 minutes from your office" is a distance; "I'd really like 20 minutes
  with you" asks;
- no_job_ask: "as I'd love to apply for a place in the lab" asks for one; "the referral
  campaign" is marketing.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, PLANNED, assert_topics, letter, offer_check, run_check


def test_fragments_after_a_list_line() -> None:
    text = letter(
        "Could we do 20 minutes by video? Things I'd ask:\n"
        "what the nurses pushed back on first. How you picked the pilot ward. Whether the "
        "night staff were trained separately."
    )
    assert_topics(text, 3)


def test_lines_under_a_short_heading_line() -> None:
    text = letter(
        "would you be up for a 15 min call? mostly wondering\n"
        "how you kept ammonia down during the move,\n"
        "what you make new volunteers learn first,\n"
        "and whether the vendor did the install."
    )
    assert_topics(text, 3)


@pytest.mark.parametrize(
    ("sentence", "topics"),
    [
        ("The two things we can't settle are how to stop bidders pooling, and whether to show "
         "the number of bidders left.", 2),
        ("My questions concern the dosing set points, the audit the regulator asked for, and "
         "the payback time.", 3),
    ],
)  # fmt: skip
def test_what_we_cannot_settle_names_topics(sentence: str, topics: int) -> None:
    assert_topics(letter(ASK, sentence), topics)


def test_asking_for_a_call_is_no_topic() -> None:
    text = letter(
        "I would like to ask you for a telephone call of 15 minutes. I'd ask how you set the "
        "dosing and what the inspector wanted."
    )
    assert_topics(text, 2)


def test_why_you_specifically_is_no_topic() -> None:
    text = letter(
        PLANNED,
        "Why you specifically: you made the jump from the classroom to the studio in 2022.",
    )
    assert_topics(text, 2)


def test_two_things_one_verb_takes_are_one_topic() -> None:
    text = letter(ASK + " I'd ask how you priced the tour once fees and travel were included.")
    assert_topics(text, 1)


@pytest.mark.parametrize(
    "item",
    [
        "the arc of your professional trajectory",
        "what a career in applied linguistics really looks like",
        "any tips you have for a first-time grant writer",
    ],
)
def test_fancy_restatements(item: str) -> None:
    text = letter(ASK + " I'd love to cover:\n- " + item + "\n- how you coded the interviews")
    assert_topics(text, 1)


def test_their_textbook_is_their_work() -> None:
    text = letter(
        "Our debating society borrowed the scoring rubric from chapter 4 of your rhetoric "
        "textbook, and we run the county schools league with it now.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_both_from_one_department_is_no_tie() -> None:
    text = letter(
        "I read your paper on recovering cobalt from old batteries. We're both Leeds "
        "chemistry people.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.message


@pytest.mark.parametrize(
    "sentence",
    [
        "If it's simpler, I'd be glad to talk instead with one of the technicians who "
        "maintain the rig.",
        "Of course, whichever of the unit's nurses ran the pilot would be a great person to "
        "talk to instead.",
        "Would it be easier if I spoke with your deputy instead?",
    ],
)
def test_someone_else_offered(sentence: str) -> None:
    check = offer_check(PLANNED, sentence)
    assert check.passed, check.message


@pytest.mark.parametrize(
    ("sentence", "asks"),
    [
        ("I'm only 30 minutes from your office, so I could come by whenever suits.", False),
        ("We face the same choice, so I'd really like 20 minutes with you.", True),
    ],
)
def test_a_distance_or_an_ask(sentence: str, asks: bool) -> None:
    check = run_check(letter(sentence), "time_ask")
    assert check.passed is asks, check.message


@pytest.mark.parametrize(
    ("sentence", "asks"),
    [
        ("Could you introduce me to your lab manager, as I'd love to apply for a place in the "
         "lab this summer?", True),
        ("I read your write-up on the bring-a-friend referral campaign.", False),
    ],
)  # fmt: skip
def test_a_place_in_the_lab_or_a_referral_campaign(sentence: str, asks: bool) -> None:
    check = run_check(letter(PLANNED, sentence), "no_job_ask")
    assert check.passed is not asks, check.message


def test_rather_a_striking_thing_offers_no_one() -> None:
    check = offer_check(
        "I was a sergeant on the fraud unit for nine years, so that was rather a striking "
        "thing to hear.",
        PLANNED,
    )
    assert not check.passed, check.message
