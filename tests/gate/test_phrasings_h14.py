"""Kinds of phrasing the fourteenth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the fourteenth pass's first measure:
- colleague_offer: someone put in the contact's place without "instead" or "too" ("any
  attorney in your unit would be a generous substitute", "one of the associates who followed
  the project would be a great help", "…who was there early would be great to talk to as
  well"); a thing in their week or a job opening is no such person;
- time_ask: a terse note's duration standing alone ("30 min, any week that suits.");
  "could you please spend 20 minutes";
- preview_questions: "I'd like to ask you how…" with "busy" in the topic; questions put as
  assumptions to check ("two assumptions I have: if…, and if…"); "how did you get started",
  "what's it like working at X", "your experience with X", "what the X culture at Y is
  like" are the ask restated; "since I'm…" after a topic tells, it asks nothing;
- specific_reason: "I can't picture it working here" tells of the requester; being handed a
  task before the hook; a role said with two places ("a data analyst at a bank in Lagos")
  or "I work in X too, at Y" is still a bare role; an earned degree is a connection;
- addressed_to_contact: "Chef Okafor," and "Marta, hi!" greet by name;
- no_job_ask: "would ever be considered for your team", "delighted to be considered", "if
  your crew needs another pair of hands", "passing my CV".
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext
from tests.gate.helpers import ASK, assert_topics, gate, grounded_context, letter, result, run_check

_SENIOR = GateContext(
    contact=ContactProfile(name="Ana Ruiz", title="Managing Partner", seniority="senior")
)


@pytest.mark.parametrize(
    "offer",
    [
        "If your diary is full, any paralegal in your unit would be a generous substitute.",
        "If your time is short, also one of the surveyors who walked the site would be a great "
        "help.",
        "I'd understand if that's hard to fit into your week; a site manager who was there from "
        "the start would be great to speak with as well.",
    ],
)
def test_someone_in_their_place(offer: str) -> None:
    check = run_check(letter(ASK, offer), "colleague_offer", context=_SENIOR)
    assert check.passed, check.message


@pytest.mark.parametrize(
    "sentence",
    [
        "If your schedule allows, any morning in your week would be great.",
        "If you have time, one of the things that would help most is your pricing sheet.",
        "If you're busy, a few lines by email would be a great help.",
        "If you can, any openings in your team would be good to hear about.",
    ],
)
def test_a_thing_is_no_one_in_their_place(sentence: str) -> None:
    check = result(gate(letter(ASK, sentence), context=_SENIOR), "colleague_offer")
    assert not check.passed, check.evidence


@pytest.mark.parametrize(
    ("ask", "passed"),
    [
        ("25 min, whichever week suits you.", True),
        ("Twenty minutes, your pick of day.", True),
        ("Could you please spend 15 minutes with me on the phone?", True),
        ("20 minutes later I had rewritten our whole rota.", False),
    ],
)
def test_a_duration_standing_alone(ask: str, passed: bool) -> None:
    check = result(gate(letter(ask)), "time_ask")
    assert check.passed is passed, check.message


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (
            letter(
                ASK + " I would like to ask you how the ward plans staffing during the busy "
                "flu weeks, and how the rota app decides who gets overtime."
            ),
            2,
        ),
        (
            letter(
                ASK + " There are two assumptions I have that I want to test: if night shifts "
                "really pay more in your trust, and if the preceptorship lasts a full year."
            ),
            2,
        ),
        (
            letter(
                "Would you have 15 minutes? My questions:\n"
                "1. How did you get started in surveying?\n"
                "2. What's it like working at the council?\n"
                "3. How do you price a boundary survey for a small plot?"
            ),
            1,
        ),
        (
            letter(
                ASK + " I'd love to hear about your experience with tenders, and how you "
                "priced the first framework bid."
            ),
            1,
        ),
        (
            letter(
                ASK + " I'm curious what the engineering culture at Monzo is like, and which "
                "side projects a hiring panel reads closely, since I'm in a bootcamp now."
            ),
            1,
        ),
    ],
)
def test_what_counts_as_a_topic(text: str, topics: int) -> None:
    assert_topics(text, topics)


def test_what_the_requester_cannot_picture_ties_the_hook() -> None:
    context = grounded_context(
        "Regeneration Officer",
        "Ran the scheme that put 22 makers into empty units on Dover's Castle Street",
    )
    text = letter(
        "I'm a housing officer in Folkestone and I've just been handed a list of nine empty "
        "units on our seafront. Searching for examples, I read how you put 22 makers into the "
        "empty units on Dover's Castle Street.",
        "The rent-free first quarter is the part I can't picture working here yet. " + ASK,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


@pytest.mark.parametrize(
    "paragraph",
    [
        "I read your blog post on pricing loft conversions. I'm a site manager at a builder "
        "in Leeds.",
        "I read your blog post on pricing loft conversions. I work in construction too, at "
        "Harlow Homes.",
    ],
)
def test_a_role_with_its_places_is_still_bare(paragraph: str) -> None:
    check = result(gate(letter(paragraph, ASK)), "specific_reason")
    assert not check.passed, check.evidence


def test_an_earned_degree_is_a_connection() -> None:
    context = grounded_context("Transport Planner", "Earned her MSc in transport planning at Leeds")
    text = letter(
        "I'm doing the MSc in transport planning at Leeds, the course you did, and it's great "
        "to find an alumna in the field.",
        ASK,
    )
    assert not result(gate(text, context=context), "specific_reason").passed


@pytest.mark.parametrize("opening", ["Chef Okafor, hello!", "Marta, hi!"])
def test_a_name_then_a_greeting_word(opening: str) -> None:
    text = opening + " I saw your talk on kitchen waste audits. " + ASK
    check = result(gate(text), "addressed_to_contact")
    assert check.passed, check.message


@pytest.mark.parametrize(
    "sentence",
    [
        "I'd also like to know whether someone with a retail CV would ever be considered for "
        "your team.",
        "If you ever need help on a contract basis, I'd be delighted to be considered.",
        "If your crew ever needs an extra pair of hands, I'd jump at it.",
        "Would you be open to passing my CV to your manager?",
    ],
)
def test_indirect_job_asks(sentence: str) -> None:
    assert not result(gate(letter(ASK, sentence)), "no_job_ask").passed


def test_a_clients_need_for_hands_is_no_job_ask() -> None:
    text = letter(
        ASK,
        "I'd ask whether you partner with a bigger firm when a client needs "
        "more hands than you have.",
    )
    assert result(gate(text), "no_job_ask").passed


@pytest.mark.parametrize(
    ("greeting", "contact", "passed"),
    [
        ("Dear Bill,", "William Osei", True),
        ("Hi Kate,", "Katherine Moss", True),
        ("Hello Robert,", "Bob Tran", True),
        ("Dear Bill,", "Robert Hale", False),
    ],
)
def test_a_first_name_in_its_short_or_long_form(greeting: str, contact: str, passed: bool) -> None:
    text = greeting + "\n\nI saw your talk on kitchen waste audits. " + ASK + "\n\nJo"
    context = GateContext(contact=ContactProfile(name=contact, title="Head Chef"))
    check = result(gate(text, context=context), "addressed_to_contact")
    assert check.passed is passed, check.message


def test_a_subject_line_pasted_without_its_label() -> None:
    text = "Loved your post on sourdough margins\n\nHello Priya,\n\n" + ASK + "\n\nJo"
    check = result(gate(text), "addressed_to_contact")
    assert check.passed, check.message
    assert [e.text for e in check.evidence] == ["Hello Priya"]


def test_handling_a_programme_for_people_trained_abroad_grounds_it() -> None:
    context = grounded_context(
        "Teacher Educator",
        "Coordinates the council's induction scheme for internationally trained teachers",
        organization="Leeds",
    )
    text = letter(
        "I qualified as a maths teacher in Lagos and moved here in May. A colleague told me "
        "you are the one handling the support for new teachers from abroad, which is "
        "exactly the step I'm facing now.",
        ASK,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
