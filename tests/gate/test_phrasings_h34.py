"""Kinds of phrasing the thirty-fourth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the thirty-fourth pass's first measure:
- preview_questions: "the question I'm stuck on" and "generally pick your brain on the
  profession" name nothing; "15 mins of your time on X and Y" names two things;
- no_job_ask: a name the requester put forward themselves ("I've put my name forward to
  help design it") and referrals a service pools are no job ask;
- specific_reason: "I read about your <work>" is a hook; a dotted abbreviation ("B.Ed")
  does not end the clause; the requester's own job told mid-clause ("…because I run our
  newsletter") grounds no fact; "I caught your session" perceives, it ties nothing; the
  draft's initials of the contact's title ("an SDR seat") stand for its words;
- addressed_to_contact: "Guten Tag Herr Brandt", "Gentile Dott.ssa Ferri".
"""

from __future__ import annotations

import pytest

from service.gate.models import ContactProfile, GateContext, ResearchFact
from tests.gate.helpers import ASK, assert_topics, grounded_context, letter, run_check


@pytest.mark.parametrize(
    "told",
    [
        "I found your conference talk on fare capping, and it's exactly the question I'm stuck on.",
        "I'd also like to generally pick your brain on the profession.",
    ],
)
def test_remarks_that_name_nothing(told: str) -> None:
    text = letter(told, ASK + " I'd mostly like to understand how you set the cap.")
    assert_topics(text, 1)


def test_minutes_of_your_time_on_two_things() -> None:
    text = (
        "Hi Sgt Obi, I'm a criminology student and admire the force's work. Could I ask 15 "
        "mins of your time on custody records and interview planning? Thanks"
    )
    assert_topics(text, 2, channel="linkedin_connection_note")


@pytest.mark.parametrize(
    ("told", "asks"),
    [
        ("Our station is setting up a crisis team, and I've put my name forward to help.", False),
        ("Could you put my name forward if your crisis team is hiring?", True),
        ("I read how your clinic pooled referrals across three surgeons.", False),
    ],
)
def test_names_and_referrals(told: str, asks: bool) -> None:
    text = letter(told, ASK + " I'd ask how you chose the staff and how you trained them.")
    check = run_check(text, "no_job_ask")
    assert check.passed is not asks, check.message


@pytest.mark.parametrize(
    ("hook", "tie"),
    [
        # "I read about your <work>" is a hook
        (
            "I read about your Year 6 river-restoration walks with the county rangers.",
            "I'm a PGCE student planning a similar unit",
        ),
        # a dotted abbreviation ("B.Ed") stays in its clause
        (
            "I read about your outdoor maths trails for Year 4.",
            "I'm a B.Ed student planning a similar unit",
        ),
    ],
)
def test_reading_about_their_work_is_a_hook(hook: str, tie: str) -> None:
    text = letter(
        f"{hook} {tie}.", ASK + " I'd ask how you plan the walks and how you assess them."
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message
    assert check.evidence[1].text == tie


def test_the_requester_job_told_mid_clause_grounds_nothing() -> None:
    context = grounded_context(
        "Director of Audience",
        "Discussed newsletter-led subscription growth on an industry podcast",
        "Led the paywall redesign across the group's local sites",
    )
    text = letter(
        "I caught your keynote on AI-written story summaries, and it stayed with me because I "
        "run our magazine's weekly newsletter.",
        ASK + " I'd ask how your audience team works with editors and what editors must learn.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


def test_catching_their_session_ties_nothing() -> None:
    context = grounded_context(
        "Head of Science", "Set up a Year 9 river-science unit co-designed with local farmers"
    )
    text = letter(
        "I caught your session on the Year 9 river-science unit you built with local farmers "
        "and thought it was brilliant. It really fits with what I care about.",
        ASK + " I'd ask how the co-design worked and how you assess the field days.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


def test_initials_of_their_title_stand_for_it() -> None:
    context = GateContext(
        contact=ContactProfile(
            name="Marta Gil", title="Business Development Representative", organization="Tillo"
        ),
        facts=[
            ResearchFact(
                text="Switched from audit to business development at Tillo in 2023",
                about="person",
            )
        ],
    )
    text = letter(
        "I saw that you went from the Big Four to a BDR seat at Tillo last year. I have been "
        "an auditor for six years and I'm weighing the same move.",
        ASK + " I'd ask what your first quarter looked like and which habits carried over.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


@pytest.mark.parametrize("greeting", ["Guten Tag Herr Brandt,", "Gentile Dott.ssa Ferri,"])
def test_more_greetings(greeting: str) -> None:
    text = greeting + "\n\n" + ASK + " I'd ask how you sized the radiators.\n\nJo"
    check = run_check(text, "addressed_to_contact")
    assert check.passed, check.message
