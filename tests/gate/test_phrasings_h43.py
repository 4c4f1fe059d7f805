"""Kinds of phrasing the forty-third pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the forty-third pass's first measure:
- addressed_to_contact: "Maayong buntag, Ma'am Liza!", "Magandang hapon po, Sir Ramon,";
- preview_questions: a question mark inside brackets ends no sentence; "after hearing about
  the pantry you started" tells what happened; "any advice you'd pass on" and "anything you
  wish you'd known early on" are general ("what you wish you'd known about the business
  side" is not);
- specific_reason: "heard you on <station> saying…" and "<magazine> ran a profile of you…"
  tell of them; "I actually listened to it twice on the train" ties nothing;
- no_job_ask: "the chance to be considered", "a place on your team for someone like me",
  "if you're taking people on", "send on my CV" ask for a job; "referral agreements" and
  "referral notes" do not;
- colleague_offer: "a clinic were hardest to learn coming from the ward" names no one.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import (
    ASK,
    STAFFED,
    assert_topics,
    grounded_context,
    letter,
    offer_check,
    run_check,
)

QUESTIONS = ASK + " I'd ask how you planned it and what you would change."


@pytest.mark.parametrize(
    "greeting", ["Maayong buntag, Ma'am Liza!", "Magandang hapon po, Sir Ramon,"]
)
def test_more_greetings(greeting: str) -> None:
    text = greeting + "\n\nYour talk on flood maps fits my barangay work. " + QUESTIONS + "\n\nJo"
    check = run_check(text, "addressed_to_contact")
    assert check.passed, check.message


def test_a_question_mark_in_brackets_ends_no_sentence() -> None:
    text = letter(
        ASK + " I'd ask which tools you learned first (Python? R?), how you built a portfolio "
        "from public data, and what you would change about your first year."
    )
    assert_topics(text, 3)


def test_after_hearing_about_tells_what_happened() -> None:
    context = grounded_context(
        "Executive Director",
        "Launched a school-holiday meals programme in 2021 that feeds 900 children a week",
        seniority="executive",
    )
    text = letter(
        "Our headteacher suggested I write to you after hearing about the school-holiday meals "
        "programme you launched in 2021, which now feeds 900 children a week. I run the "
        "breakfast club at a primary school where the holidays are the hardest weeks.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


@pytest.mark.parametrize(
    "hook",
    [
        "I heard you on Radio Kerry last week saying that small harbours lose their young "
        "skippers first.",
        "Fishing News ran a profile of you last month on rebuilding the harbour co-op.",
    ],
)
def test_what_the_media_told_of_them_is_a_hook(hook: str) -> None:
    text = letter(
        hook + " I skipper a crab boat out of Dingle and our co-op is shrinking every year.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_taking_the_hook_in_twice_ties_nothing() -> None:
    text = letter(
        "I listened to your episode of the Makers podcast on reselling deadstock yarn from the "
        "mills. Brilliant episode - I actually listened to it twice on the bus.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.message


@pytest.mark.parametrize(
    "ask",
    [
        "I'd welcome the chance to be considered if you expand.",
        "If there's a place on your team for someone with my background, I'd love to discuss it.",
        "If you're taking people on for the summer crews, let me know.",
        "I'd be glad to send on my CV.",
    ],
)
def test_more_job_asks(ask: str) -> None:
    check = run_check(letter(QUESTIONS, ask), "no_job_ask")
    assert not check.passed, ask


@pytest.mark.parametrize(
    "topic",
    [
        "how you set up referral agreements with the district hospitals",
        "why referral notes arrive late",
    ],
)
def test_referrals_as_the_work_are_no_job_ask(topic: str) -> None:
    text = letter(ASK + f" I'd ask {topic}, and how you trained the staff.")
    check = run_check(text, "no_job_ask")
    assert check.passed, check.message


def test_general_advice_and_hindsight_are_no_topics() -> None:
    assert_topics(
        letter(
            ASK + " I'd love to hear how you costed the pilot, any advice you'd pass on to a "
            "CFO starting out, and whether there's anything you wish you'd known early on."
        ),
        1,
    )
    assert_topics(
        letter(
            ASK + " I'd love to ask what you wish you'd known about the business side, and how "
            "you costed the pilot."
        ),
        2,
    )


def test_a_place_hard_to_learn_names_no_one() -> None:
    check = offer_check(
        STAFFED + " I'd also ask which parts of running a port were hardest to learn coming "
        "from the ships, and whether you'd recommend a logistics course."
    )
    assert not check.passed, check.message
