"""Kinds of phrasing the fifty-sixth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the fifty-sixth pass's first measure:
- preview_questions: items marked "1/", "a-", "»" or "~" are a list; a job ask in a list is
  no topic; "your career path in hotel finance" and "how is it working in a big law firm"
  restate the ask; "what it's like at Byrne & Kale these days" is one clause; "Would Friday
  suit, or is next week better?" asks when, not what; "I'm unsure how pitches to your desk
  get triaged" and "…is a mystery to me" name topics; so do "Kindly spare some minutes on A
  and B" and "What I'd value is a short conversation, about 20 minutes, about how…";
- specific_reason: "Are you the Mira Sato who spoke on…?" and "you're the person who
  turned…, right?" tell of them and ask nothing; "I'm opening a bakery in Leith, as you did
  with Crumb" and "nurse going into informatics like you did in 2019" tie; "The figure
  that… stayed with me." is how the hook landed, no tie; "at Harlow" spells no "AH";
- colleague_offer: "Would you, or your deputy if that's easier, have…" offers someone else;
- no_job_ask: "I have a story on the floods I'd love to pitch." asks for work; "the plan I'd
  like to pitch to my manager" does not.
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


def test_items_marked_with_a_slash_are_a_list() -> None:
    text = letter(
        ASK + " I'd like to ask:\n"
        "1/ which parts of ward work best prepared you for theatre\n"
        "2/ how the new recovery bay changed your staffing\n"
        "3/ whether someone with my profile might be a fit for your trainee intake"
    )
    assert_topics(text, 2)


@pytest.mark.parametrize("marker", ["a-", "»", "~"])
def test_other_markers_start_items(marker: str) -> None:
    other = "b-" if marker == "a-" else marker
    text = letter(
        ASK + " Things I'd ask:\n"
        f"{marker} how you priced the first retrofit\n"
        f"{other} which surveys the insurer asked for"
    )
    assert_topics(text, 2)


@pytest.mark.parametrize(
    "item",
    ["your career path in hotel finance", "how is it working in a big law firm"],
)
def test_restatements_in_a_list(item: str) -> None:
    text = letter(ASK + " I'd like to ask:\n- " + item + "\n- how you priced your first audit")
    assert_topics(text, 1)


def test_a_firm_named_with_an_ampersand_is_one_clause() -> None:
    text = letter(
        ASK + " I'd love to hear what it's like at Byrne & Kale these days, and how you "
        "sold your first translated novel."
    )
    assert_topics(text, 1)


def test_an_ampersand_before_a_question_word_still_splits() -> None:
    text = letter(
        ASK + " I'd like to ask how you documented your hours for the board & whether the "
        "prep course helped."
    )
    assert_topics(text, 2)


def test_asking_when_is_no_topic() -> None:
    text = letter("Could we talk for 15 min? Would Friday suit, or is next week better?")
    assert_topics(text, 0)


def test_what_the_writer_does_not_know_names_topics() -> None:
    text = letter(
        "I'm unsure how pitches to your desk get sorted once they arrive. And the way day "
        "rates are set at the station is a mystery to me.",
        ASK,
    )
    assert_topics(text, 2)


def test_kindly_spare_some_minutes_on_two_things() -> None:
    text = letter("Kindly spare some minutes on batch release and deviation trending.")
    assert_topics(text, 2)


def test_what_i_would_value_is_a_conversation_about() -> None:
    text = letter(
        "What I'd value is a short conversation, about 20 minutes, about how you buy "
        "rights: whether you go through agents, and how long a sample you need."
    )
    check = run_check(text, "preview_questions")
    assert check.passed, check.message


@pytest.mark.parametrize(
    "opening",
    [
        "Are you the Mira Sato who spoke on the small-clinics panel in Derby about moving "
        "patients onto text reminders?",
        "You're the person who moved the Derby clinics onto text reminders, right?",
    ],
)
def test_who_they_are_asked_to_be_sure(opening: str) -> None:
    text = letter(
        opening,
        "I run a two-chair dental practice and our no-show rate is 14%. Could we talk for 20 "
        "minutes? How did you word the texts? What did patients complain about?",
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_as_you_did_leaves_the_requester_their_clause() -> None:
    text = "Hi Ana—I'm opening a bakery in Leith, as you did with Crumb. " + PLANNED + " Jo"
    context = grounded_context("Owner", "Opened the Crumb bakery in Portobello in 2020")
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_going_into_it_like_you_did() -> None:
    text = "Hi Ana, ward nurse going into informatics like you did in 2019. " + PLANNED
    context = grounded_context(
        "Informatics Lead", "Moved from ward nursing into informatics in 2019"
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_what_stayed_with_me_is_no_tie() -> None:
    text = letter(
        "Your survey of night-bus drivers for the council was the first to ask them about "
        "fatigue. The figure that half had nodded off at the wheel stayed with me.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.message


def test_small_words_spell_no_initials() -> None:
    text = letter(
        "I saw your talk on automating AH claims. We still process all of ours by hand!",
        PLANNED,
    )
    context = grounded_context(
        "Finance Director", "Moved from audit to Finance Director at Harlow in 2021"
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.message


def test_or_your_deputy_in_the_ask() -> None:
    check = offer_check(
        "Would you, or your deputy if that's easier, have 20 minutes for a call? I'd ask how "
        "you staffed it and what you'd change."
    )
    assert check.passed, check.message


@pytest.mark.parametrize(
    ("sentence", "asks"),
    [
        ("I have a story on the floods I'd love to pitch.", True),
        ("Your rota model is the plan I'd like to pitch to my manager.", False),
    ],
)
def test_pitching_to_them_or_to_my_manager(sentence: str, asks: bool) -> None:
    check = run_check(letter(PLANNED, sentence), "no_job_ask")
    assert check.passed is not asks, check.message
