"""Kinds of phrasing the thirty-second pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the thirty-second pass's first measure:
- specific_reason: an experiment, a trial and a pilot are the same kind of thing ("the
  compressed-hours experiment you pushed through" for "championed a trial of a four-day
  week"); "your remark that…"; "your re:publica talk"; "…is what my estates need" ties;
- preview_questions: "Would love your take on:" over a list; "Tudo bem?" asks nothing;
- colleague_offer: "at a time that works for you" offers no one;
- no_job_ask: referrals their work handles ("when referrals spiked", "behaviour
  referrals") are no job ask;
- an em dash between two words ("the blog—we cut over") breaks the clause, and a name
  before it still greets ("Dr. Ali—your preprint…").
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import (
    ASK,
    assert_topics,
    grounded_context,
    letter,
    offer_check,
    run_check,
)


def test_an_experiment_is_a_trial() -> None:
    context = grounded_context(
        "Chief Executive", "Championed a year-long trial of a four-day week for office staff"
    )
    text = letter(
        "The compressed-hours experiment you pushed through for your office teams keeps coming "
        "up in our wellbeing review, which I am drafting.",
        ASK + " I'd ask how you measured service standards and how members were briefed.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


@pytest.mark.parametrize(
    "hook",
    [
        "I read the report on your school's phone ban, and your remark that the first term was "
        "the hardest. Our governors have asked me for a proposal by Easter.",
        "Your re:publica talk on bike-lane data shaped my thesis on cycling crashes.",
    ],
)
def test_more_pieces_of_their_work(hook: str) -> None:
    text = letter(hook, ASK + " I'd ask how you consulted parents and how staff enforced it.")
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_what_my_team_needs_is_a_tie() -> None:
    context = grounded_context(
        "Head of Housing", "Set up a taskforce that inspected every council home for damp in 2023"
    )
    text = letter(
        "Your team getting into every council home for damp checks in a year is what my estates "
        "need.",
        ASK + " I'd ask how you triaged homes and how you found contractors.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_your_take_on_a_list() -> None:
    text = letter(
        "Would you have 20 minutes next week?\n\nWould love your take on:\n"
        "- the cutover window you reached\n- connection pooling after the move"
    )
    assert_topics(text, 2)


def test_a_greetings_question_asks_nothing() -> None:
    text = "Oi Ana! Tudo bem? " + ASK + " I'd ask how you tested the app with older users."
    assert_topics(text, 1)


def test_a_time_that_works_for_you_offers_no_one() -> None:
    check = offer_check(
        "Would you be open to a 20-minute call at a time that works for you? I'd ask how you "
        "staffed it and what you'd change."
    )
    assert not check.passed, check.evidence


@pytest.mark.parametrize(
    "sentence",
    [
        "I'd ask how you protected the caseload cap when referrals spiked over the winter.",
        "I'd also ask whether behaviour referrals have changed since.",
    ],
)
def test_referrals_their_work_handles(sentence: str) -> None:
    check = run_check(letter(ASK, sentence), "no_job_ask")
    assert check.passed, check.evidence


def test_an_em_dash_between_words_breaks_the_clause() -> None:
    text = (
        "Hi Ken, loved your go-live postmortem on the Plant Ops blog\u2014we cut over to the new "
        "ERP in May. 20 min to ask about hypercare staffing and cycle counts?"
    )
    check = run_check(text, "specific_reason", channel="linkedin_message")
    assert check.passed, check.message
    assert check.evidence[-1].text == "we cut over to the new ERP in May"


def test_a_name_then_an_em_dash_still_greets() -> None:
    text = "Dr. Ali\u2014your survey-weighting preprint solved our bias problem.\n\n" + ASK
    check = run_check(text, "addressed_to_contact")
    assert check.passed, check.message
