"""Kinds of phrasing the forty-second pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the forty-second pass's first measure:
- addressed_to_contact: "Ing. Ramírez:" (a titled name before a colon), "Kính gửi chị Lan,"
  (Vietnamese), "Sayın Prof. Dr. Aydın," (Turkish) greet by name; "Quick question:" does not;
- specific_reason: "Paramedic here, weighing an MSc." says the requester's aim; "…said you'd
  fought to keep the old market hall" tells something they did;
- time_ask: "the most useful twenty minutes of my year" tells of the requester's time;
- preview_questions: a statement before a semicolon is no topic of the ask after it.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, assert_topics, letter, run_check

QUESTIONS = ASK + " I'd ask how you planned it and what you would change."
BODY = (
    "Your talk on pressure sensors for leak detection fits my pilot at the water utility. "
    + QUESTIONS
)


@pytest.mark.parametrize(
    "text",
    [
        "Ing. Ramírez: " + BODY,
        "Kính gửi chị Lan,\n\n" + BODY + "\n\nMinh",
        "Sayın Prof. Dr. Aydın,\n\n" + BODY + "\n\nSelin",
    ],
)
def test_more_greetings_by_name(text: str) -> None:
    check = run_check(text, "addressed_to_contact")
    assert check.passed, check.message


def test_a_question_announced_with_a_colon_greets_nobody() -> None:
    check = run_check("Quick question: " + BODY, "addressed_to_contact")
    assert not check.passed, check.message


def test_a_terse_aim_ties() -> None:
    text = (
        "Hi Dr. Ruiz, your op-ed on ambulance handover delays hit home. Paramedic here, "
        "weighing an MSc. 15 min to ask how handover targets get enforced and which policy "
        "skills matter most?"
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_what_they_fought_for_is_something_they_did() -> None:
    text = letter(
        "At the reopening I got talking to the caretaker, who said you'd fought to keep the old "
        "market hall's iron roof rather than replace it. I'm writing my dissertation on reusing "
        "Victorian market buildings, so that decision is exactly what I'm trying to understand.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_the_requesters_own_minutes_are_no_ask() -> None:
    text = letter(
        "Your talk on supplier audits at the conference was the most useful twenty minutes of my year.",
        "Could you spare a few minutes on the phone? I'd ask how you scope an audit and how "
        "you report it.",
    )
    check = run_check(text, "time_ask")
    assert not check.passed, check.message


def test_a_statement_before_the_semicolon_is_no_topic() -> None:
    text = letter(
        "I'm a boat builder considering a conservation course; could we talk for 15 min about "
        "training routes?"
    )
    assert_topics(text, 1)
