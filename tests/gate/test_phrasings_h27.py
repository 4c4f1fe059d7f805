"""Kinds of phrasing the twenty-seventh pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the twenty-seventh pass's first measure:
- preview_questions: topics joined by a slash between spaces; a list right under the time
  ask ("15-min call next week?"); "What I keep wondering is how…"; "go through:", "would
  ask:" and "mainly:" over the questions; things named in a terse line right after the ask;
  "separately" is no topic; lessons gathered along the way, wider reflections on a path and
  where the field is heading restate the ask;
- colleague_offer: "or your ops lead if easier.", "w/ your deputy instead", "Or a PM on your
  team?";
- specific_reason: "licence" meets "licensed"; "a dispatcher drowning in call volume" tells
  the requester's problem; "close to my heart" and "what I care about" tie nothing;
  "admired your career in X" is praise; "As I mentioned" links nothing;
- no_job_ask: a place in an industry, an application the requester plans, "referrals vs
  cold outreach" are no job asks; a name to remember when their team is short of people,
  and a background that "could fit in one of your clinics", are;
- time_ask: "pick your brain for 20 minutes" asks for twenty minutes.
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
        "Could we do 15 minutes on crew rotas / fuel hedging?",
        "Happy to keep it to 20 min: tasting-menu costing / supplier contracts.",
    ],
)
def test_a_slash_between_spaces_joins_two_topics(ask: str) -> None:
    assert_topics(letter("I run a small ferry line.", ask), 2)


def test_a_list_right_under_the_time_ask() -> None:
    text = letter(
        "Would a 20-min call next month work?\n"
        "- the intake forms you cut\n"
        "- the volunteers who kept the pantry open in winter"
    )
    assert_topics(text, 2)


@pytest.mark.parametrize(
    "sentence",
    [
        "What I keep wondering is how you priced the first season, and how you found growers.",
        "The part I keep turning over is whether you priced the first season by weight, and "
        "how you found growers.",
    ],
)
def test_the_open_question_told_as_a_wondering(sentence: str) -> None:
    assert_topics(letter(ASK, sentence), 2)


def test_separately_is_no_topic() -> None:
    text = letter(
        ASK + " I'd like to ask how you staffed the night desk, and, separately, how long the "
        "trial ran."
    )
    assert_topics(text, 2)


@pytest.mark.parametrize(
    "ask",
    [
        "Could we do 20 minutes? I'd like to go through: how you costed the pilot / what the "
        "council asked for.",
        "20 min call sometime? would ask: (1) how you costed the pilot (2) what the council "
        "asked for",
        "20 min call? mainly: the pilot's costing, and what the council asked for.",
    ],
)
def test_cues_over_the_questions_in_a_terse_note(ask: str) -> None:
    assert_topics(letter(ask), 2)


def test_things_named_in_a_terse_line_after_the_ask() -> None:
    assert_topics(letter("Would you have 15 minutes? Grant budgets + volunteer rotas."), 2)


def test_days_named_after_the_ask_are_no_topics() -> None:
    text = letter("Would you have 15 minutes? Monday + Tuesday work best for me.")
    assert_topics(text, 0)


@pytest.mark.parametrize(
    "topic",
    [
        "the lessons you've gathered along the way",
        "any wider reflections on your path",
        "where you think the industry is heading",
    ],
)
def test_restatements_of_the_ask(topic: str) -> None:
    text = letter(ASK + f" I'd love to hear how you priced the first season, and {topic}.")
    assert_topics(text, 1)


@pytest.mark.parametrize(
    "offer",
    [
        "or your ops lead if easier.",
        "happy to talk w/ your deputy instead if that's easier.",
        "Or a PM on your team?",
    ],
)
def test_a_colleague_offered_in_few_words(offer: str) -> None:
    check = offer_check(STAFFED, offer)
    assert check.passed, check.message
    assert check.evidence[0].text.rstrip(".?") in offer


def test_british_and_american_spellings_meet() -> None:
    context = grounded_context(
        "Harbour Pilot",
        "Moved from ferry mate to a licensed harbour pilot in 2021",
        name="Ana Ruiz",
    )
    text = letter(
        "A skipper told me you crewed ferries before you got your pilot's licence. That is the "
        "exact path I'm on.",
        ASK + " I'd ask how long you crewed, and how you studied for the exam.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_problem_told_after_the_role_is_a_tie() -> None:
    text = letter(
        "Read your post on cutting 911 call transfers in half; I'm a dispatcher drowning in "
        "transferred calls.",
        ASK + " I'd ask how you rewrote the triage script and how supervisors took it.",
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_topic_close_to_the_heart_ties_nothing() -> None:
    context = grounded_context("Agronomist", "Led trials of drip irrigation on 300 onion farms")
    text = letter(
        "I read about your drip irrigation trials on onion farms. This topic is very close to "
        "my heart and fits what I care about in farming.",
        ASK + " I'd ask how you chose the farms and how you paid for the pipes.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.evidence


def test_a_career_admired_is_praise() -> None:
    text = letter(
        "As I mentioned, I have long admired your career in housing policy and the work you've "
        "done across government.",
        ASK + " I'd ask how your team briefs ministers and how you plan a consultation.",
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.evidence


@pytest.mark.parametrize(
    "sentence",
    [
        "Your talk made me feel there is a place for me in this industry after all.",
        "I may apply for a coordinator post next year, once I finish the course.",
        "I'd also ask about finding clients: referrals vs cold outreach.",
    ],
)
def test_no_job_asked(sentence: str) -> None:
    check = run_check(letter(ASK, sentence), "no_job_ask")
    assert check.passed, check.evidence


@pytest.mark.parametrize(
    "sentence",
    [
        "If your kitchen is ever short of hands in summer, I'd be glad if you remember my name.",
        "I'd also like to ask whether a background like mine could fit in one of your clinics.",
    ],
)
def test_a_job_asked_in_passing(sentence: str) -> None:
    check = run_check(letter(ASK, sentence), "no_job_ask")
    assert not check.passed, check.message


def test_picking_their_brain_for_minutes_asks_for_time() -> None:
    text = letter(
        "I'd really value the chance to pick your brain for 20 minutes, about how you set the "
        "rota and which shifts you cut."
    )
    check = run_check(text, "time_ask")
    assert check.passed, check.message
    assert check.details["minutes_max"] == 20
