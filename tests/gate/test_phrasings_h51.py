"""Kinds of phrasing the fifty-first pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the fifty-first pass's first measure:
- specific_reason: "This aligns perfectly with my passion for X and my commitment to making a
  meaningful impact" is an empty tie, however many words it has; a postscript that tells the
  requester's situation and points back at the hook ties it; "eyeing informatics like your
  2022 move" weighs the move they made; "a band 5 physio currently on rotation in Leeds" is a
  bare role; "congratulations on the X award" is a hook, and "I saw announced last night"
  beside it ties nothing;
- no_job_ask: "put me in touch with someone on your team who handles hiring" asks for a
  job; "patients who still needed a community referral" asks for none;
- preview_questions: "your experience of the specialty so far", "gain any insights you
  could share about the fintech space", "advice for MBA students interested in climate VC"
  and "I was inspired to learn about your journey" name no topic.
"""

from __future__ import annotations

from tests.gate.helpers import (
    ASK,
    PLANNED,
    assert_topics,
    grounded_context,
    letter,
    run_check,
)


def test_a_passion_aligned_with_is_an_empty_tie() -> None:
    context = grounded_context(
        "Epidemiologist", "Co-authored the city's 2024 report on asthma admissions in schools"
    )
    text = letter(
        "I recently read the city's 2024 report on asthma admissions in schools, which you "
        "co-authored, and found it insightful. This aligns perfectly with my passion for child "
        "health and my commitment to making a meaningful impact in underserved neighbourhoods.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.message


def test_a_postscript_that_points_back_ties_the_hook() -> None:
    text = letter(
        "Thanks for your webinar on falls prevention in care homes - the exercise ladder was "
        "brilliant. " + PLANNED,
        "Thanks so much, I know you're busy.",
        "PS I'm a community physio about to start a falls clinic for two care homes, which is "
        "why it hit home.",
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_eyeing_the_move_they_made() -> None:
    context = grounded_context(
        "Data Engineer", "Moved from lab chemistry into data engineering in 2021"
    )
    text = (
        "Hi Ana, lab chemist here, eyeing data engineering like your 2021 move. Could I have 15 "
        "min to ask how you learned SQL at scale and how you got your first pipeline role?"
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_role_on_rotation_is_bare() -> None:
    text = letter(
        "I read your piece on setting up first contact physio roles, really interesting. I'm a "
        "band 5 physio currently on rotation in York.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.message


def test_an_award_congratulated_is_a_hook() -> None:
    text = letter(
        "Congratulations on the community pharmacy innovation award. I run a minor ailments "
        "service in a rural pharmacy and want to build the same kind of service.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_an_award_seen_announced_has_no_tie() -> None:
    text = (
        "Hi Ana, congratulations on the Engineer of the Year award I saw announced on the news "
        "last night! Such an inspiration. Would love to connect."
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.message


def test_someone_on_the_team_who_handles_hiring_is_a_job_ask() -> None:
    text = letter(
        PLANNED,
        "Also, could you put me in touch with someone on your team who handles hiring for the "
        "avionics group?",
    )
    check = run_check(text, "no_job_ask")
    assert not check.passed, check.message


def test_a_community_referral_the_patients_needed_is_no_job_ask() -> None:
    text = letter(
        ASK + " I'd ask how you triaged calls and how you handled patients who still needed a "
        "same-day GP or community referral once the crew had left."
    )
    check = run_check(text, "no_job_ask")
    assert check.passed, check.message


def test_experience_of_a_whole_specialty_is_no_topic() -> None:
    text = letter(
        "Would you have 20 minutes? I'd love to hear about your experience of the specialty so "
        "far, and whether you think a foundation post first was worth it."
    )
    assert_topics(text, 1)


def test_insights_about_a_whole_space_are_no_topic() -> None:
    text = letter(
        "I would love a 20-minute call to learn more about your role and gain any insights you "
        "could share about the fintech space. Specifically:\n"
        "1. Your career journey\n"
        "2. How your team prices chargeback risk\n"
        "3. Advice for MBA students interested in payments"
    )
    assert_topics(text, 1)


def test_inspired_to_learn_about_their_journey_is_no_topic() -> None:
    text = letter(
        "I was truly inspired to learn about your journey from nurse to chief nursing "
        "information officer, a role with 4,000 staff. " + ASK
    )
    assert_topics(text, 0)
