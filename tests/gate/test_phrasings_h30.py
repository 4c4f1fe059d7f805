"""Kinds of phrasing the thirtieth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the thirtieth pass's first measure:
- preview_questions: the things a short ask is about are named one each ("Can we talk 15
  min about X and Y?", "a quick chat about X and Y"); "about your research" and "more
  broadly… your journey from A to B and any advice" restate the ask;
- time_ask: "a quarter of hour" is fifteen minutes;
- colleague_offer: "one of the engineers who work on the line", "one of the study
  co-authors from your team", "your team engineer";
- specific_reason: a title in quotes in a fact ("Wrote 'Float', a book…") is named by its
  title; "I finished Float last weekend" reads it, it ties nothing;
- no_job_ask: "which roles in your company are most important for…" asks how the company
  works; "remember about me" if their team is hiring, and "consider me" if they have an
  internship, ask for a job.
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


@pytest.mark.parametrize(
    "ask",
    [
        "Can we talk 15 min about grading rules and seed storage?",
        "Could we have a 20-minute chat about rota design and overtime?",
    ],
)
def test_the_things_a_short_ask_is_about(ask: str) -> None:
    assert_topics(letter("I run a seed library.", ask), 2)


def test_restatements_of_the_ask() -> None:
    text = letter(
        "Could we talk for 20 minutes about your research? I'd ask how you staffed the pilot, "
        "and more broadly about your journey from nurse to founder and any advice you'd give."
    )
    assert_topics(text, 1)


def test_a_quarter_of_hour() -> None:
    text = letter("If you could kindly spare a quarter of hour for a call, I would be grateful.")
    check = run_check(text, "time_ask")
    assert check.passed, check.message
    assert check.details["minutes_max"] == 15


@pytest.mark.parametrize(
    "offer",
    [
        "If it is more convenient, I would be also glad to speak with one of the nurses who work "
        "on the night shift.",
        "If you have no time, maybe one of the study co-authors from your team could talk with me.",
        "If busy, your team engineer is also great honour.",
    ],
)
def test_a_colleague_offered_in_learners_english(offer: str) -> None:
    check = offer_check(STAFFED, offer)
    assert check.passed, check.message


def test_a_title_in_quotes_is_named_by_its_title() -> None:
    context = grounded_context(
        "Founder", "Wrote 'Ledgerline', a 2024 book about running payments at small banks"
    )
    text = letter(
        "I finished Ledgerline last weekend. I manage the ledger team at a credit union and we are "
        "living its third chapter now.",
        ASK + " I'd ask when you stopped reconciling by hand and how you staffed disputes.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
    assert "credit union" in check.evidence[-1].text


def test_which_roles_matter_is_a_topic() -> None:
    text = letter(ASK, "I'd ask which roles in your company are most important for pharmacists.")
    check = run_check(text, "no_job_ask")
    assert check.passed, check.evidence


@pytest.mark.parametrize(
    "sentence",
    [
        "If your team will be hiring analysts next year, I would be grateful if you could "
        "remember about me.",
        "And if your clinic has any internship next summer, I would be grateful if you could "
        "consider me.",
    ],
)
def test_a_job_asked_in_learners_english(sentence: str) -> None:
    check = run_check(letter(ASK, sentence), "no_job_ask")
    assert not check.passed, check.message
