"""Kinds of phrasing the sixty-third pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the sixty-third pass's first measure:
- no_job_ask: "what happens to a referral today when a family moves" asks about the work;
  "In your interview for the nurse role, did they…" asks how hiring works; "If your
  schedule doesn't allow it, could you introduce me to the hiring manager?" asks for a job
  (the negation belongs to the condition); "felt ready to apply" tells, asks nothing;
- colleague_offer: "which is why I am writing to you rather than anyone else" offers no one;
- preview_questions: items marked ①②③ are a list; "how you started in data engineering"
  and "any advice or tips you'd pass on to someone just starting out" restate the ask; a
  "Half-hour call sometime next week?" is the ask, no topic;
- addressed_to_contact: "Prezado Dr. Kowalski," and "Prezada Dra. Farias," greet by name.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, PLANNED, assert_topics, letter, offer_check, run_check


@pytest.mark.parametrize(
    ("sentence", "asks"),
    [
        ("I'd ask what happens to a referral today when a family moves across a boundary.",
         False),
        ("In your interview for the nurse role, did they give you a written test?", False),
        ("If your schedule doesn't allow it, could you introduce me to the hiring manager for "
         "your team instead?", True),
        ("I'd also ask how long you studied before you felt ready to apply.", False),
    ],
)  # fmt: skip
def test_job_asks_or_not(sentence: str, asks: bool) -> None:
    check = run_check(letter(PLANNED, sentence), "no_job_ask")
    assert check.passed is not asks, check.message


def test_writing_to_you_rather_than_anyone_else_offers_no_one() -> None:
    check = offer_check(
        "Your port has long struck me as one of the best-run in the region, which is why I am "
        "writing to you rather than anyone else.",
        PLANNED,
    )
    assert not check.passed, check.message


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (letter(ASK + " I would like to ask you three things:\n① how you handled the extra "
                "load\n② where you placed the skid on deck\n③ the fuel saving in service"), 3),
        (letter(ASK + " I'd ask:\n- how you started in data engineering\n- any advice or tips "
                "you'd pass on to someone just starting out\n- how you priced the first "
                "contract"), 1),
        (letter("Half-hour call sometime next week? I'd ask how you priced the low-income tier "
                "and which grants you used."), 2),
    ],
)  # fmt: skip
def test_topics(text: str, topics: int) -> None:
    assert_topics(text, topics)


@pytest.mark.parametrize("greeting", ["Prezado Dr. Kowalski,", "Prezada Dra. Farias,"])
def test_portuguese_greetings_and_titles(greeting: str) -> None:
    check = run_check(greeting + "\n\n" + PLANNED, "addressed_to_contact")
    assert check.passed, check.message
