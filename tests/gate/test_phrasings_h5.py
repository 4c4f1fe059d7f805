"""Kinds of phrasing the fifth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md, preview_questions and no_job_ask) and
the eval README's label conventions after the fifth pass's first measure, one table per kind
of reading failure rather than per record: a job asked for indirectly (an opening *for me*,
a spot for someone in their lab, whether someone with my background would fit their next
cohort), which is neither a topic nor allowed; referrals as a part of the contact's business
rather than one asked for; and generic requests or restatements counted as topics (any
advice or insights with no subject, breaking into a field, a journey into a field, the
requester's own goals, a sentence about the requester that names their talk). Each table
holds both sides: the same words put as a real topic still count.
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext
from tests.gate.helpers import ASK, assert_topics, gate, grounded_context, letter, result

# --- no_job_ask: a job asked for indirectly; referrals that are their business ---------------


@pytest.mark.parametrize(
    ("sentence", "passed"),
    [
        # an opening, spot or role for the requester, named or described
        ("I'd also like to ask if there could be a role for me in your studio next summer.", False),
        ("Is there any chance of a position for me on the platform team once I finish?", False),
        ("I'd like to know whether there is a spot for a junior welder in your shop.", False),
        ("And is there a spot for a summer intern in your group this year?", False),
        ("I also wonder if there is a place for a first-year student in your lab.", False),
        ("I'd also ask whether there's an opening for a trainee on your team in June.", False),
        # the requester judged against their next intake
        ("I'd ask whether someone with my training would be a fit for the next fellowship.", False),
        ("Would someone like me be a strong candidate for your upcoming apprentice intake?", False),
        ("Could a career-changer like me be a good match for your team?", False),
        # fit for a field, or an opportunity to learn: no job ask
        ("I'd ask whether someone with my background is a good fit for this field.", True),
        ("Your webinar was a great opportunity for me to learn about cold-chain audits.", True),
        ("I'd like to hear how you decide whether a new hire is a good fit for the team.", True),
    ],
)
def test_a_job_asked_for_indirectly_is_a_job_ask(sentence: str, passed: bool) -> None:
    check = result(gate(letter(sentence, ASK)), "no_job_ask")
    assert check.passed is passed, check.message


@pytest.mark.parametrize(
    ("sentence", "passed"),
    [
        ("I'd like to ask how your practice grew once you started getting referrals.", True),
        ("I'm curious whether most of your clients came from word-of-mouth referrals.", True),
        ("I'd love to know how long it took before clients sent you steady referrals.", True),
        ("How did your studio survive the first year before it had any referrals?", True),
        # a referral asked for, whoever gives it
        ("Could you give me a referral to your hiring manager?", False),
        ("Would you be open to a referral for the analyst opening?", False),
        ("If it went well, could you get me a referral?", False),
    ],
)
def test_referrals_their_business_had_are_a_topic(sentence: str, passed: bool) -> None:
    check = result(gate(letter(sentence, ASK)), "no_job_ask")
    assert check.passed is passed, check.message


# --- preview_questions: job asks and generic requests are no topics ------------------------


@pytest.mark.parametrize(
    ("sentence", "topics"),
    [
        # a job ask beside a real topic: one topic
        (
            "I'd love to hear how you plan the winter rota, and whether there might be a role "
            "for me in your kitchen next year.",
            1,
        ),
        (
            "I'd like to ask how your team scores grant proposals, and whether someone with my "
            "experience would be a good fit for the next fellowship cohort.",
            1,
        ),
        # a job-focused topic still counts
        (
            "I'd like to ask how your team scores grant proposals, and what you look for in a "
            "first-year fellow.",
            2,
        ),
        # generic requests and restatements beside a real topic
        (
            "I'd love to hear how you price retrofit surveys, and any wisdom you'd pass on to "
            "people just starting out.",
            1,
        ),
        ("I'd like to ask how you price retrofit surveys, and I'd really appreciate any tips.", 1),
        (
            "I'd like to discuss how you price retrofit surveys and your thoughts on my own plans.",
            1,
        ),
        ("I'd love to hear about getting into energy auditing and how you price surveys.", 1),
        ("I'd love to hear about your path into building science and how you price surveys.", 1),
        # advice on something named still counts
        (
            "I'd love to hear how you price retrofit surveys, and any advice on training "
            "blower-door technicians.",
            2,
        ),
    ],
)
def test_job_asks_and_generic_requests_are_no_topics(sentence: str, topics: int) -> None:
    assert_topics(letter(ASK, sentence), topics)


@pytest.mark.parametrize(
    ("sentence", "topics"),
    [
        # a sentence about the requester that names their talk: no cue of inquiry
        (
            "Your webinar talk about tuning heat pumps for old houses is why I retrained this "
            "spring.",
            0,
        ),
        ("Her keynote chat about reef surveys got me into diving.", 0),
        # the ask itself still puts topics: "a chat about", "to talk about"
        (
            "Would you have 20 minutes for a chat about how you tune heat pumps and which "
            "refrigerants your crews prefer?",
            2,
        ),
    ],
)
def test_a_talk_they_gave_is_no_cue(sentence: str, topics: int) -> None:
    assert_topics(letter(sentence), topics)


# --- preview_questions: topics named by what the time is spent on, or after an announcement --


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        # what the minutes are spent on names the topics, one each
        ("Hi Ana, could we spend 20 minutes on grant budgeting and site selection? Jo", 2),
        ("Hi Ana, would a 15-min call on kiln firing schedules and glaze testing work? Jo", 2),
        # where or when the minutes are spent names nothing
        ("Hi Ana, could we do 20 minutes on a call next Tuesday? Jo", 0),
        ("Hi Ana, could we do 20 minutes on Zoom or on Thursday? Jo", 0),
    ],
)
def test_topics_named_by_what_the_time_is_spent_on(text: str, topics: int) -> None:
    assert_topics(text, topics, channel="linkedin_message")


@pytest.mark.parametrize(
    ("sentence", "topics"),
    [
        (
            "Mostly: which sensors you trust on old bridges, and how you schedule inspections "
            "around traffic.",
            2,
        ),
        (
            "What I'd raise: salt-marsh planting densities, monitoring after storms, and "
            "permits for living shorelines.",
            3,
        ),
        # an announcement of the requester's own things, not questions
        ("What I bring: six years of bridge inspections and a drone licence.", 0),
        ("Mostly I spend my days on bridge inspections and drone surveys.", 0),
    ],
)
def test_topics_after_an_announcement_following_the_ask(sentence: str, topics: int) -> None:
    assert_topics(letter(ASK + " " + sentence), topics)


# --- colleague_offer: one of the people who did the work, instead -------------------------


@pytest.mark.parametrize(
    ("sentence", "passed"),
    [
        (
            "If easier, I'd gladly speak with one of the nurses who staffed the pilot ward instead.",
            True,
        ),
        (
            "I'd be happy to talk to one of the surveyors who mapped the east-side parcels instead.",
            True,
        ),
        # no alternative to their time
        ("One of the nurses who staffed the pilot ward told me about your work.", False),
        ("I'd rather hear it from you than from one of the trade magazines.", False),
    ],
)
def test_one_of_the_people_who_did_the_work_instead(sentence: str, passed: bool) -> None:
    context = GateContext(
        contact=ContactProfile(
            name="Ana Ortiz", title="Chief Nursing Officer", seniority="executive"
        )
    )
    check = result(gate(letter(ASK, sentence), context=context), "colleague_offer")
    assert check.passed is passed, check.message


# --- specific_reason: what they said, and an employer whose name holds "Club" ---------------


@pytest.mark.parametrize(
    ("paragraph", "passed"),
    [
        (
            "On the Grid Talk podcast you said that most battery pilots stall at the permit "
            "stage. I'm a planner drafting our county's storage permit rules, so that is the "
            "problem I have to solve.",
            True,
        ),
        # said that, about nothing of theirs
        (
            "You said that you are busy this month. I'm a planner drafting our county's "
            "storage permit rules.",
            False,
        ),
    ],
)
def test_what_they_said_is_a_hook(paragraph: str, passed: bool) -> None:
    text = letter(paragraph, ASK + " I'd love to hear how you price site surveys and permits.")
    check = result(gate(text), "specific_reason")
    assert check.passed is passed, check.message


def test_a_fact_naming_a_club_employer_is_no_club_membership() -> None:
    context = grounded_context(
        "Coach",
        "Runs the youth racing programme at Harbour Sailing Club",
        name="Ana Ortiz",
        organization="Harbour Sailing Club",
    )
    text = letter(
        "As the coach who runs Harbour's youth racing programme, you're doing what I hope to "
        "set up at our lake, where I teach dinghy sailing to teenagers.",
        ASK + " I'd love to hear how you pick boats for beginners and how you fund regattas.",
    )
    assert result(gate(text, context=context), "specific_reason").passed
    # a fact that is a club membership still grounds nothing
    member = grounded_context(
        "Coach",
        "Member of the Harbour Sailing Club racing team",
        name="Ana Ortiz",
        organization="Harbour Marine",
    )
    other = letter(
        "You're a member of the Harbour Sailing Club racing team, and I teach dinghy sailing "
        "to teenagers at our lake.",
        ASK + " I'd love to hear how you pick boats for beginners and how you fund regattas.",
    )
    assert not result(gate(other, context=member), "specific_reason").passed
