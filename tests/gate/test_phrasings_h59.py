"""Kinds of phrasing the fifty-ninth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the fifty-ninth pass's first measure:
- specific_reason: "Heard your briefing to the…", "the interview you did with…", "your
  triage forms", "your CRISPR screen" and "caught you and Sam on the … podcast" are theirs;
  "saw you made almost the same move, retail into running sales at Brightly" grounds; "The
  reason I am writing to you specifically is the framework you developed…" ties to the task
  told earlier; "I hold a CPL and have been flying for six years" is a bare role; "your name
  comes up whenever…" is praise;
- preview_questions: "have been trying to work out whether…" is the writer's own
  deliberation; lines under "I'd like to ask you" on a line of its own are a list; "how you
  designed and scored the test" is one topic; "how you came into trial coordination", "what
  a safety department is like at a port" and "your experience on the trial" restate;
- colleague_offer: "one of the nurses who ran the pilot would be just as valuable",
  "If your deputy had a spare 20 minutes instead", and the hiring manager offered for "the
  same questions, I'm not applying for anything" offer someone else;
- no_job_ask: "whether someone with my sea time would be a fit for your next intake" asks.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import (
    ASK,
    PLANNED,
    assert_topics,
    grounded_context,
    letter,
    offer_check,
    run_check,
)

_TIE = "I run the night shift at a regional airport and we face the same problem."


@pytest.mark.parametrize(
    "hook",
    [
        "Heard your briefing to the controllers' union forum on the runway incursion report.",
        "A friend sent me the interview you did with Ward Notes about going from theatre "
        "nurse to recruiter.",
        "My old mentor told me about your bilingual discharge forms at Clínica Luz.",
        "My supervisor pointed me to your zebrafish CRISPR screen for fin regeneration.",
        "Caught you and Sam on the Small Batch podcast talking about moving to a co-packer.",
    ],
)
def test_their_briefing_interview_forms_screen_or_episode(hook: str) -> None:
    text = letter(hook + " " + _TIE, PLANNED)
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_almost_the_same_move_grounds() -> None:
    text = letter(
        "I'm a store manager trying to move into software sales, then saw you made almost the "
        "same move, retail into running sales at Brightly.",
        PLANNED,
    )
    context = grounded_context(
        "VP Sales", "Moved from retail management into running sales at Brightly in 2021"
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_the_reason_i_am_writing_ties_to_the_task_told_before() -> None:
    text = letter(
        "After two of our cleaning contractors failed, the council asked my team to score "
        "every supplier for risk, and I own the method.",
        ASK + " I'd ask how you weighted the risks and how you treated small suppliers.",
        "The reason I am writing to you specifically is the supplier risk model you developed "
        "with Ian Reid at the Procurement Institute.",
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_licence_and_years_is_a_bare_role() -> None:
    text = letter(
        "I read your article on fatigue modelling for long-haul rosters. I hold a CPL and have "
        "been flying for six years.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.message


def test_your_name_comes_up_is_praise() -> None:
    text = letter(
        "Your name comes up whenever people talk about how a ward ought to be run. I'm a "
        "charge nurse moving into management.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.message


def test_working_out_whether_is_the_writers_own() -> None:
    text = letter(
        "I'm a field engineer and have been trying to work out whether the move to product is "
        "realistic.",
        PLANNED,
    )
    assert_topics(text, 2)


def test_lines_under_i_would_like_to_ask_you() -> None:
    text = letter(
        "Could we have a 20 minute call? I'd like to ask you\n"
        "how you test for judgement in a support hire,\n"
        "and which skills your ex-support managers built first."
    )
    assert_topics(text, 2)


@pytest.mark.parametrize(
    ("item", "topics"),
    [
        ("how you designed and scored the work test", 1),
        ("how you came into trial coordination", 0),
        ("what a safety department is like at a port", 0),
        ("your experience on the trial", 0),
    ],
)
def test_one_thing_or_a_restatement(item: str, topics: int) -> None:
    assert_topics(letter(ASK + " I'd ask " + item + "."), topics)


@pytest.mark.parametrize(
    "sentence",
    [
        "If it's simpler, one of the nurses who ran the pilot would be just as valuable to "
        "speak with.",
        "If your deputy had a spare 20 minutes instead, that would be every bit as welcome.",
        "If the hiring manager for one of your wards would find it easier, I'd gladly take 20 "
        "minutes with them instead, same questions, I'm not applying for anything.",
    ],
)
def test_someone_else_offered(sentence: str) -> None:
    check = offer_check(PLANNED, sentence)
    assert check.passed, check.message


def test_someone_with_my_sea_time_is_a_job_ask() -> None:
    text = letter(
        PLANNED, "I'd also like to hear whether someone with my sea time would be a fit for "
        "your next intake."
    )  # fmt: skip
    check = run_check(text, "no_job_ask")
    assert not check.passed, check.message
