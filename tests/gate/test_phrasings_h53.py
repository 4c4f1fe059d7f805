"""Kinds of phrasing the fifty-third pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the fifty-third pass's first measure:
- colleague_offer: "if another partner, or whomever you consider best placed, could speak
  to this instead" offers someone else;
- no_job_ask: "OH referrals" and "a referral back to the CMHT" are no referral asked for;
  "would you be open to flagging my profile internally?" and "put in a word" ask for one;
- specific_reason: "you left acute last year and you're now doing your SPQ" tells a move;
- preview_questions: "generally how it's all gone since" names no topic, and "how the
  rotations between acute and aged care are structured" is one topic;
- addressed_to_contact: "Hi Seun" greets Oluwaseun (the end of a long first name).
"""

from __future__ import annotations

from tests.gate.helpers import (
    PLANNED,
    STAFFED,
    assert_topics,
    grounded_context,
    letter,
    offer_check,
    run_check,
)


def test_whomever_they_consider_best_placed() -> None:
    check = offer_check(
        STAFFED,
        "If another director, or whomever you consider best placed, could speak to this "
        "instead, I would be equally grateful.",
    )
    assert check.passed, check.message


def test_referrals_of_a_service_are_no_job_ask() -> None:
    text = letter(
        "Could I ask 20 min on return-to-work plans and OH referrals? I'd also ask how your "
        "team decides between a home visit and a referral back to the community team."
    )
    check = run_check(text, "no_job_ask")
    assert check.passed, check.message


def test_flagging_my_profile_internally_is_a_job_ask() -> None:
    text = letter(
        PLANNED, "Also saw you're growing the data team. Would you be open to flagging my "
        "profile internally?"
    )  # fmt: skip
    check = run_check(text, "no_job_ask")
    assert not check.passed, check.message


def test_putting_in_a_word_is_a_job_ask() -> None:
    text = letter(
        PLANNED,
        "I'm also applying for your firm's vacation scheme, and I'd be grateful if you'd put "
        "in a word.",
    )
    check = run_check(text, "no_job_ask")
    assert not check.passed, check.message


def test_left_and_now_doing_is_a_move() -> None:
    text = letter(
        "A friend told me you left the ward last year and you're now doing your health "
        "visiting course. I've been on paediatrics three years and I'm thinking of the same "
        "move.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_how_it_has_all_gone_is_no_topic() -> None:
    text = letter(
        "Any chance of 20 minutes? I'd love to know how you got the pharmacists on board, and "
        "generally how it's all gone since."
    )
    assert_topics(text, 1)


def test_between_two_things_is_one_topic() -> None:
    text = letter(
        "Could you spare 20 minutes? I'd love to hear how the rotations between theatres and "
        "recovery are structured."
    )
    assert_topics(text, 1)


def test_the_end_of_a_long_first_name_greets() -> None:
    context = grounded_context(
        "Ward Manager", "Led the falls audit on Ward 7", name="Oluwaseun Bakare"
    )
    text = "Hi Seun,\n\nYour falls audit on Ward 7 is what my ward needs. " + PLANNED + "\n\nTemi"
    check = run_check(text, "addressed_to_contact", context=context)
    assert check.passed, check.message
