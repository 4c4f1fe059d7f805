"""Kinds of phrasing the twenty-eighth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the twenty-eighth pass's first measure:
- preview_questions: "My main question is how…", "My other question is whether…" put the
  topics as statements; "how you found the transition overall" and "more broadly about your
  experience working in X" restate the ask;
- addressed_to_contact: "Bonjour M. Tremblay," greets by name;
- specific_reason: the requester's own words that a fact shares ("I'm a support engineer
  aiming for the same jump to SRE you made") stay free for the tie; a role with its
  caseload ("a school nurse with asthma cases") tells the requester's situation;
- no_job_ask: referrals the contact's work makes or handles ("how referrals flow", "the
  model's referrals", "safeguarding referrals") are no job ask.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, assert_topics, grounded_context, letter, run_check


def test_questions_told_as_statements() -> None:
    text = letter(
        ASK,
        "My main question is how you chose which stalls to visit first. My other question is "
        "whether the traders kept using the scales once the pilot ended.",
    )
    assert_topics(text, 2)


@pytest.mark.parametrize(
    "topic",
    [
        "how you found the transition overall",
        "more broadly about your experience working in retail",
    ],
)
def test_restatements_of_the_ask(topic: str) -> None:
    text = letter(ASK + f" I'd like to ask how you costed the pilot, and {topic}.")
    assert_topics(text, 1)


def test_a_french_greeting_with_its_title() -> None:
    text = "Bonjour M. Lavoie,\n\nYour article on snow routes was useful.\n\n" + ASK + "\n\nJo"
    check = run_check(text, "addressed_to_contact")
    assert check.passed, check.message


def test_the_requesters_own_words_stay_free_for_the_tie() -> None:
    context = grounded_context(
        "Data Engineer",
        "Moved from customer support analyst to data engineer at Loomis in 2023",
        requester_role="Customer support analyst",
    )
    text = letter(
        "I'm a customer support analyst aiming for the same jump to data engineering you made "
        "at Loomis.",
        ASK + " I'd ask which skills mattered first and how the internal move worked.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_caseload_is_the_requesters_situation() -> None:
    context = grounded_context(
        "Director of School Health", "Led the county's asthma action-plan pilot in 2024"
    )
    text = letter(
        "I'm a new school nurse with asthma cases; your asthma action-plan pilot is the model I want.",
        ASK + " I'd ask how plans reached teachers and how you tracked inhaler use.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


@pytest.mark.parametrize(
    "sentence",
    [
        "I'd ask how referrals flow between the clinic and the school.",
        "I'd also ask how caseworkers treated the model's referrals at first.",
        "I'd ask which parts (intake, safeguarding referrals) new staff found hardest.",
    ],
)
def test_referrals_their_work_makes_are_no_job_ask(sentence: str) -> None:
    check = run_check(letter(ASK, sentence), "no_job_ask")
    assert check.passed, check.evidence


def test_a_referral_asked_for_is_still_a_job_ask() -> None:
    check = run_check(letter(ASK, "Also, would you be open to giving me a referral?"), "no_job_ask")
    assert not check.passed, check.message
