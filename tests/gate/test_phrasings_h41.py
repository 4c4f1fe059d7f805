"""Kinds of phrasing the forty-first pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the forty-first pass's first measure:
- no_foreign_links: "DOT" in capitals is a Department of Transportation, not a dot;
- no_job_ask: "an introduction to your recruiting team", "pass my portfolio to…";
- preview_questions: "I'd like to go through X, Y and Z" announces topics; "any advice you'd
  have for a veteran…" is advice in general;
- specific_reason: a club that a deal was about is no membership; "dept. 15 min?" ends a
  sentence; a breakdown they wrote is their work; "thinking the same", "w/ the same itch"
  say the requester's aim; the requester's situation after "That stuck with me." ties;
  "your clinic's…" names the employer's work, which places a contact below the executive
  level nowhere in it.
"""

from __future__ import annotations

from tests.gate.helpers import ASK, assert_topics, grounded_context, letter, run_check

QUESTIONS = ASK + " I'd ask how you planned it and what you would change."


def test_dot_in_capitals_is_no_spelled_address() -> None:
    text = letter(
        "I'm a pavement engineer with nine years of county DOT work, moving into transit "
        "planning after reading your study on bus lanes.",
        QUESTIONS,
    )
    assert run_check(text, "no_foreign_links").passed
    spelled = letter("You can see my maps at janeplans dot com.", QUESTIONS)
    assert not run_check(spelled, "no_foreign_links").passed


def test_introductions_to_recruiters_and_passing_work_on_are_job_asks() -> None:
    for ask in (
        "I'd welcome an introduction to your recruiting team.",
        "Could you pass my portfolio to your studio's art director?",
    ):
        check = run_check(letter(QUESTIONS, ask), "no_job_ask")
        assert not check.passed, ask


def test_go_through_announces_topics() -> None:
    text = letter(
        ASK + " I'd like to go through grant budgeting, how you report outcomes to funders, "
        "and what you dropped from the first year."
    )
    assert_topics(text, 3)


def test_advice_for_someone_like_me_is_no_topic() -> None:
    text = letter(
        ASK + " I'd be interested in how you handled the licensing exam, and more broadly in "
        "any advice you'd have for a nurse making the move."
    )
    assert_topics(text, 1)


def test_a_club_their_deal_was_about_is_no_membership() -> None:
    context = grounded_context(
        "Director, Sports Finance",
        "Advised a fan trust on its 2022 takeover of a League One rugby club",
    )
    text = letter(
        "I read that you advised the fan trust on its takeover of a League One rugby club in "
        "2022. I run the accounts for a supporters' trust that is weighing the same step.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_an_abbreviation_before_a_number_ends_the_sentence() -> None:
    text = (
        "Hi Ana - your post on cleaning bus-stop data = my weekly chore at the city transport "
        "dept. 15 min? Q's: how you flag duplicate stops + how you handle missing GPS."
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_breakdown_they_wrote_is_their_work() -> None:
    text = letter(
        "Your breakdown of the lighting on that harbour documentary is the clearest I've read. "
        "I'm a gaffer's assistant trying to move into cinematography.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_the_same_aim_in_a_few_words_ties() -> None:
    for text in (
        "Hi Ana, your thread on leaving clinical pharmacy for health policy hit home, hospital "
        "pharmacist w/ the same itch. 20 min? How you found the first role; did you do an MPH?",
        "Hi Ana, saw your videos on going from plumber to running a plumbing firm. 8-yr plumber, "
        "thinking the same. 20 min? Q's: how you priced jobs; first hire - plumber or admin?",
    ):
        check = run_check(text, "specific_reason")
        assert check.passed, (text, check.message)


def test_past_a_short_aside_the_situation_ties() -> None:
    context = grounded_context(
        "Head of Operations",
        "Spoke at the 2024 Ports Forum about hiring ex-navy staff straight into shift lead roles",
    )
    text = letter(
        "I heard your Ports Forum talk on hiring ex-navy staff straight into shift lead roles. "
        "That stuck with me. I leave the navy in March after twelve years running a ship's "
        "stores, and I'm working out where that lands in a container terminal.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_their_employers_work_places_a_coordinator_nowhere() -> None:
    context = grounded_context(
        "Outreach Coordinator",
        "The clinic's outreach van screens 5,000 people a year",
        "Wrote a guide to recruiting weekend volunteers",
        organization="Riverside Clinic",
        seniority="mid",
    )
    context = context.model_copy(
        update={
            "facts": [
                context.facts[0].model_copy(update={"about": "organization"}),
                context.facts[1],
            ]
        }
    )
    text = letter(
        "Your clinic's outreach van screening 5,000 people a year is amazing. I coordinate "
        "volunteers at a food bank.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.message


def test_a_judgment_of_the_hook_passes_nothing_on() -> None:
    text = letter(
        "I read your post on moving a payroll system to the cloud. It was very well written. "
        "I am a second-year accounting student at a state university.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.message
