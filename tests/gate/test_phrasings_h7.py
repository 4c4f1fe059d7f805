"""Kinds of phrasing the seventh pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the seventh pass's first measure, each table with both sides:
- specific_reason: an organization's work is a reason to write to the contact only where the
  message places them in it; a piece of theirs named by where it is published ("the page on
  your company site"); a template slot is no piece of their work; an empty tie ("the kind of
  work I find fascinating", "I've been thinking about it since"); what others say about their
  work ("the staff still talk about the drive you led") is the hook, not a question;
- preview_questions: "the two things I keep getting stuck on are…", "2 qs:", a heading above
  a numbered list of questions;
- addressed_to_contact: a pasted "Subject:" line above the greeting;
- colleague_offer: "I'd be as happy to meet one of the art leads".
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext, ResearchFact
from tests.gate.helpers import ASK, assert_topics, gate, grounded_context, letter, result, run_check

# --- specific_reason: whose work it is ------------------------------------------------------

_PHARMACIST = ContactProfile(
    name="Ines Vale", title="Clinical Pharmacist", organization="Harbor Hospital"
)
_ORGANIZATION_FACT = ResearchFact(
    text="Harbor Hospital's pharmacy launched an opioid tapering clinic in 2023",
    about="organization",
)


@pytest.mark.parametrize(
    ("paragraph", "passed"),
    [
        # the organization's work, told without them
        (
            "I read that Harbor Hospital launched an opioid tapering clinic in 2023. I run "
            "pain follow-ups at a rural practice, so tapering is my daily problem.",
            False,
        ),
        # the same work, with them placed in it
        (
            "I read that you helped launch Harbor Hospital's opioid tapering clinic in 2023. I "
            "run pain follow-ups at a rural practice, so tapering is my daily problem.",
            True,
        ),
    ],
)
def test_an_organizations_work_needs_them_placed_in_it(paragraph: str, passed: bool) -> None:
    context = GateContext(contact=_PHARMACIST, facts=[_ORGANIZATION_FACT])
    check = result(gate(letter(paragraph, ASK), context=context), "specific_reason")
    assert check.passed is passed, check.message


@pytest.mark.parametrize(
    ("paragraph", "passed"),
    [
        (
            "I found the 'Your first year as a plumber' page on your company site. I start "
            "the plumbing pre-apprenticeship at Lakeside College in May.",
            True,
        ),
        (
            "I came across your work on [specific project] and was really impressed. I'm a "
            "legal translator working from Arabic into English.",
            False,
        ),
        (
            "I just read your report on converting empty mills into flats. It's exactly the "
            "kind of work I find fascinating, and I've been thinking about it ever since.",
            False,
        ),
        # the same report, with a tie that says why it matters to the requester
        (
            "I just read your report on converting empty mills into flats. I'm costing the "
            "same kind of conversion for our housing trust, so it answered half my questions.",
            True,
        ),
    ],
)
def test_hooks_and_ties_in_these_shapes(paragraph: str, passed: bool) -> None:
    check = run_check(letter(paragraph, ASK), "specific_reason")
    assert check.passed is passed, check.message


def test_what_others_say_of_their_work_is_the_hook_not_a_question() -> None:
    context = grounded_context(
        "Executive Director",
        "Led a DOH-partnered measles catch-up campaign in Cebu City in 2022",
        name="Rey Cruz",
        seniority="executive",
    )
    text = letter(
        "At my rotation in Cebu City the midwives still talk about the measles catch-up "
        "campaign you led with the DOH, and it is why I chose public health.",
        ASK,
    )
    check = result(gate(text, context=context), "specific_reason")
    assert check.passed, check.message


# --- preview_questions: lists announced in other words --------------------------------------


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (
            letter(
                ASK + " The two things I keep getting stuck on are how you priced the first "
                "retrofit, and whether the council grant covered the survey."
            ),
            2,
        ),
        (letter(ASK + " 2 qs: how you staffed the night desk, and what the union asked for."), 2),
        (
            "Dear Ms Hale,\n\nWhat I'm asking\n20 minutes on a call in June.\n\n"
            "What I'd ask about\n1. How you chose which ledgers to scan first.\n"
            "2. The cataloguing standard you settled on, and whether you'd pick it again.\n\n"
            "Thanks,\nJo",
            2,
        ),
        # a heading that announces nothing to ask leaves a list of facts uncounted
        (
            "Dear Ms Hale,\n\nMy background\n1. Six years in records management.\n"
            "2. An MA in archives.\n\n" + ASK + "\n\nThanks,\nJo",
            0,
        ),
    ],
)
def test_lists_announced_in_other_words(text: str, topics: int) -> None:
    assert_topics(text, topics)


# --- addressed_to_contact and colleague_offer ----------------------------------------------


def test_a_subject_line_above_the_greeting() -> None:
    text = "Subject: 20 minutes about your ledger project\n\nDear Ms Hale,\n\nHello.\n\nJo"
    check = run_check(text, "addressed_to_contact")
    assert check.passed, check.message
    generic = "Subject: a question\n\nTo whom it may concern,\n\nHello.\n\nJo"
    assert not result(gate(generic), "addressed_to_contact").passed


def test_meeting_one_of_their_leads_instead_is_an_offer() -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ortiz", title="Studio Head", seniority="executive")
    )
    offer = "If you're too busy, I'd be just as happy to meet one of the art leads."
    assert result(gate(letter(ASK, offer), context=context), "colleague_offer").passed
    no_offer = "I'd be just as happy to meet you in person later in the year."
    assert not result(gate(letter(ASK, no_offer), context=context), "colleague_offer").passed
