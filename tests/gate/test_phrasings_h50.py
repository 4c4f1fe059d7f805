"""Kinds of phrasing the fiftieth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the fiftieth pass's first measure:
- colleague_offer: "whomever you may designate in your office", "a member of your
  cabinet would also be a great honour", "if you are not available, your programme quality
  manager would also be a good person for me" offer someone else;
- no_job_ask: "does your agency ever take on freelancers?" and "any possibility of a
  secondment to your unit" ask for work;
- preview_questions: items under "I wish to seek your guidance on the following:" are its
  topics; "if things are hectic" names no topic; "what id ask is how…" asks; a hook told
  before a dash ("…your video on how you built the rig - any chance of 15 mins?") is no
  topic of the ask;
- specific_reason: a piece named by its title ("your short 'Low Tide'", "your 'First year
  freelance' thread") is theirs; "saw your stand at the county show" is a hook; "after
  coming across from dairy" tells a move; praise of "your impressive career between Lagos
  and Geneva" names no work of theirs, places and all; "I'm a 2D animator too, working in
  Toon Boom" is a bare role.
"""

from __future__ import annotations

from service.gate import GateContext
from service.gate.models import ContactProfile, ResearchFact
from tests.gate.helpers import (
    PLANNED,
    STAFFED,
    assert_topics,
    grounded_context,
    letter,
    offer_check,
    run_check,
)


def test_whomever_they_designate() -> None:
    check = offer_check(
        STAFFED,
        "Mindful of your diary, I would equally welcome a conversation with whomever you may "
        "designate in your office.",
    )
    assert check.passed, check.message


def test_a_member_of_their_cabinet_as_an_honour() -> None:
    check = offer_check(
        STAFFED,
        "I know your time is precious; a conversation with a member of your cabinet would also "
        "be a great honour for me.",
    )
    assert check.passed, check.message


def test_their_deputy_as_a_good_person_if_not_available() -> None:
    check = offer_check(
        STAFFED,
        "If you are not available, your programme quality manager would also be a good person "
        "for me.",
    )
    assert check.passed, check.message


def test_freelancers_asked_about_is_a_job_ask() -> None:
    text = letter(PLANNED, "Also - does your agency ever take on freelancers for packaging work?")
    check = run_check(text, "no_job_ask")
    assert not check.passed, check.message


def test_how_they_use_freelancers_is_a_topic_not_a_job_ask() -> None:
    text = letter(PLANNED, "I'd also like to ask how you decide which projects need freelancers.")
    check = run_check(text, "no_job_ask")
    assert check.passed, check.message


def test_a_secondment_asked_for_is_a_job_ask() -> None:
    text = letter(
        PLANNED, "Kindly let me know whether there is any possibility of a secondment to your unit."
    )
    check = run_check(text, "no_job_ask")
    assert not check.passed, check.message


def test_items_under_the_following() -> None:
    text = letter(
        "Would you spare 30 minutes for a call? I wish to seek your guidance on the following:\n"
        "1) the audit trail kept for rejected claims;\n"
        "2) the manner in which duplicate beneficiaries were found."
    )
    assert_topics(text, 2)


def test_hectic_things_are_no_topic() -> None:
    text = letter(
        "Would you have 15 minutes next week? I'd like to ask how you staffed the night desk.",
        "Totally understand if things are hectic with the budget round.",
    )
    assert_topics(text, 1)


def test_what_id_ask_is() -> None:
    text = (
        "hi sam heard u on the radio about the hedge grants. could u spare 15 mins on the phone. "
        "what id ask is how do u price the work per metre and whether the grants run all year"
    )
    assert_topics(text, 2)


def test_a_hook_before_a_dash_is_no_topic_of_the_ask() -> None:
    text = (
        "hi Ana ok so i found your video on how you rigged the crane arm for the harbour scene "
        "and i've watched it like 5 times, i'm a 2nd year student rigging a robot arm for my "
        "grad film and it keeps flipping - any chance you'd have 15 mins for a call?? i'd love "
        "to ask how you stopped the flips and whether you'd use maya or blender today"
    )
    reason = run_check(text, "specific_reason")
    assert reason.passed, reason.message
    assert_topics(text, 2)


def test_a_short_named_by_its_title() -> None:
    text = letter(
        "Your short 'Low Tide' is a big part of why I want to work in stop-motion.", PLANNED
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_thread_named_by_its_title() -> None:
    text = letter(
        "Your 'First year as a freelance editor' thread was painfully honest. I'm an assistant "
        "editor at a post house planning to go freelance in the spring.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_their_stand_at_a_show() -> None:
    text = (
        "hi tom saw ur stand at the county show with the soil sensors, im 25 yrs on a dairy farm "
        "lookin to get into agronomy sales now. could u spare 15 mins on the phone to ask how u "
        "price the sensors and what training the sales team gets"
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_coming_across_from_another_field_is_a_move() -> None:
    context = grounded_context(
        "Graduate Surveyor", "Moved from a dairy apprenticeship to a surveying degree in 2022"
    )
    text = letter(
        "I'm starting the same degree this autumn at 58. I see you did it only recently, after "
        "coming across from dairy, so you'll remember what the first year takes.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_career_praised_between_two_cities_is_no_hook() -> None:
    context = GateContext(
        contact=ContactProfile(
            name="Ana Ruiz",
            title="Director-General",
            organization="Ministry of Trade",
            seniority="executive",
        ),
        facts=[
            ResearchFact(text="Served as trade envoy in Geneva from 2015 to 2020.", about="person")
        ],
    )
    text = letter(
        "I am very admiring of your impressive career between Lagos and Geneva, which is a "
        "model for those of us who want to serve in trade policy.",
        PLANNED + " A conversation with one of your advisers would also be an honour.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.message


def test_the_same_trade_with_its_tools_is_a_bare_role() -> None:
    context = grounded_context(
        "Animation Director", "Moved the studio's productions from Flash to Blender in 2021"
    )
    text = letter(
        "I saw that you moved the whole studio over to Blender in 2021. I'm a 2D animator too, "
        "working in Toon Boom.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.message
