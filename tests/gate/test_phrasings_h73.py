"""Kinds of phrasing the seventy-third pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the seventy-third pass's first measure:
- preview_questions: "I would like to consult you how you…" asks (Spanish "consultarle");
  "(I want to ask) you 20 minutes to talk online" and "maybe 15 minutes by call" are the
  time, no topic; "your experience when working in X" restates the ask;
- time_ask: "Could you please spend for me 15 minutes…" and "20 minutes from your valuable
  time" ask for the time;
- specific_reason: "I have paid attention to the campaign you ran" and "I am very honored to
  write to you" tie nothing;
- colleague_offer: "I can also talk with some researcher of your group";
- no_job_ask: "have me in consideration", "if your team may have an opening…, remember my
  name", "recommend me to the HR of…", "I'd be interested in an advisory role", "sponsor a
  skilled worker visa for me", "happy to be referred"; but "how you negotiated with the
  county for referrals" asks about their practice.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, PLANNED, assert_topics, letter, offer_check, run_check


def test_consult_you_how_asks() -> None:
    text = letter(
        "Would you have 20 minutes for a videocall? I would like to consult you how you "
        "chose the irrigation sensors, and what spacing per hectare you found sufficient."
    )
    assert_topics(text, 2)


@pytest.mark.parametrize(
    "sentence",
    [
        "May I ask you 20 minutes to talk online next week?",
        "I would love to hear about your experience when working in the port authority.",
    ],
)
def test_the_time_and_their_experience_are_no_topic(sentence: str) -> None:
    assert_topics(letter(sentence), 0)


@pytest.mark.parametrize(
    "ask",
    [
        "Could you please spend for me 15 minutes for a video call?",
        "Would it be possible to give me 20 minutes from your valuable time, by phone?",
    ],
)
def test_literal_time_asks(ask: str) -> None:
    check = run_check(letter(ask), "time_ask")
    assert check.passed, check.message


def test_paying_attention_and_being_honoured_tie_nothing() -> None:
    text = letter(
        "I am very honored to write to you. I have paid attention to the Nordic Lights "
        "campaign you ran in 2024, which doubled the group bookings from Chengdu.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, [e.text for e in check.evidence]


def test_some_researcher_of_your_group() -> None:
    check = offer_check(
        ASK,
        "I know your agenda is very busy, so if it is easier, I can also talk with some "
        "engineer of your shift.",
    )
    assert check.passed, check.message


@pytest.mark.parametrize(
    "sentence",
    [
        "If in your company there is some vacancy, I would be grateful if you can have me in "
        "consideration.",
        "If your team may have an opening for a person like me, I would be happy if you could "
        "remember my name.",
        "If it is possible, I ask you to recommend me to the HR of your company.",
        "And if you ever need an adviser, I'd be interested in an advisory role.",
        "I'd also like to ask whether your firm could sponsor a skilled worker visa for me.",
        "Happy to be referred if you think I'd fit!",
    ],
)
def test_job_asks_in_other_words(sentence: str) -> None:
    assert not run_check(letter(PLANNED, sentence), "no_job_ask").passed


def test_their_practices_referrals_are_no_job_ask() -> None:
    text = letter(
        ASK,
        "I'd like to ask how you negotiated with the county for referrals in the first year, "
        "and how you recruited the first therapists.",
    )
    assert run_check(text, "no_job_ask").passed


def test_your_sharing_and_a_manager_greeted_by_title() -> None:
    text = (
        "Dear Manager Zhou,\n\nLast month I listened to your sharing at the port forum about "
        "cutting container dwell time, because our terminal will open a new yard next year and "
        "I will run its planning.\n\n" + PLANNED + "\n\nChen"
    )
    assert run_check(text, "specific_reason").passed
    assert run_check(text, "addressed_to_contact").passed
