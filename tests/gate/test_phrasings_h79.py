"""Kinds of phrasing the seventy-ninth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the seventy-ninth pass's first measure:
- addressed_to_contact: "¡Hola Inés!" and "はじめまして、Kenji-san." greet by name;
- no_sensitive_ask: "the head of your health records unit" is a department;
- no_job_ask: "referral follow-up" is the patients' referrals;
- specific_reason: "the presentation you did at the … webinar", "your name as orchestrator
  in the end credits of …", "your Vimeo BTS from the car rig" are their work; "…fits the
  unit I'm redesigning" ties it; "…hoping to move into rugby as you did in 2021" tells their
  move; "I am doing my dissertation on…" grounds no fact of theirs; "I didn't expect a
  policy document to be a page-turner" is praise;
- preview_questions: "the story behind your journey into…", "how you found your way to where
  you are now", "what your experience of X has been like" restate the ask; "I'd be happy to
  speak with someone on your team instead" is the offer, no topic.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import PLANNED, assert_topics, grounded_context, letter, run_check

BODY = (
    "Your case study on hand-lettering the festival posters is why I'm learning brush script. "
    "Would you have 15 minutes for a call? I'd ask which brushes you use and how you handle "
    "client briefs. Thanks for your time."
)


@pytest.mark.parametrize(
    ("opening", "name"), [("¡Hola Inés!", "Inés"), ("はじめまして、Kenji-san.", "Kenji-san")]
)
def test_greetings_in_other_scripts_and_marks(opening: str, name: str) -> None:
    check = run_check(f"{opening}\n\n{BODY}", "addressed_to_contact")
    assert check.passed, check.message
    assert name in check.message


@pytest.mark.parametrize(
    ("sentence", "passed"),
    [
        ("If you are busy, I'd gladly speak with the head of your health records unit.", True),
        ("Could you also share your health records from last year?", False),
    ],
)
def test_a_records_department_is_not_their_records(sentence: str, passed: bool) -> None:
    assert run_check(letter(PLANNED, sentence), "no_sensitive_ask").passed is passed


@pytest.mark.parametrize(
    ("sentence", "passed"),
    [
        ("15 min to ask how you handle no-signal days and referral follow-up?", True),
        ("15 min, and could you give me a referral for the coordinator post?", False),
    ],
)
def test_referral_follow_up_is_the_patients(sentence: str, passed: bool) -> None:
    text = letter("Your talk on telehealth triage matched my work supervising CHWs. " + sentence)
    assert run_check(text, "no_job_ask").passed is passed


@pytest.mark.parametrize(
    "hook",
    [
        "I saw the presentation you did at the hospital managers' webinar, about putting a "
        "triage nurse at reception.",
        "I noticed your name as orchestrator in the end credits of 'The Quiet Hours'.",
        "I saw your Vimeo BTS from the car rig on 'Dry Season', pulling focus at night.",
    ],
)
def test_pieces_named_other_ways(hook: str) -> None:
    text = letter(
        hook + " I run the outpatient desk at a small hospital and want to learn it.", PLANNED
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_hook_that_fits_the_requesters_work() -> None:
    text = "Hi Dr Kim, your talk on retrieval quizzes fits the Year 9 unit I'm redesigning. " + (
        "20 min call? I'd ask about quiz spacing and how you track results. Thanks!"
    )
    check = run_check(text, "specific_reason", channel="linkedin_connection_note")
    assert check.passed, check.message


def test_a_move_told_in_the_requesters_words_as_you_did() -> None:
    context = grounded_context(
        "Physiotherapist",
        "Moved from NHS outpatient physio to club hockey in 2020",
        requester_role="NHS Physiotherapist",
    )
    text = (
        "Hi Ana, I'm an NHS physio hoping to move into hockey as you did in 2020. Could we talk "
        "for 15 min? I'd ask about your return-to-play protocol and match-day workload. Thanks!"
    )
    check = run_check(text, "specific_reason", context=context, channel="linkedin_connection_note")
    assert check.passed, check.message


def test_the_requesters_dissertation_grounds_no_fact() -> None:
    context = grounded_context("Records Manager", "Led the digitisation of the maternity registers")
    text = letter(
        "I am very interested in your work in records management at the hospital, because I "
        "am doing my dissertation on the quality of maternity registers.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.evidence


def test_surprise_at_the_hook_is_praise() -> None:
    text = letter(
        "I have just read the housing strategy you drafted for the county. I didn't expect a "
        "policy document to be a page-turner.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.evidence


def test_restatements_of_the_journey_and_the_offer() -> None:
    text = letter(
        "Would you have 20 minutes for a call? I'd love to hear the story behind your journey "
        "into pricing, how you found your way to where you are now, and what your experience "
        "of Marlowe has been like.",
        "If it's easier, I'd be very happy to speak with someone on your pricing team instead.",
    )
    assert_topics(text, 0)
