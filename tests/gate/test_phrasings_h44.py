"""Kinds of phrasing the forty-fourth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the forty-fourth pass's first measure:
- addressed_to_contact: "Selamat pagi Bu Rina," (Indonesian) greets;
- preview_questions: sub-points indented under a heading are a list's items; "15 min re
  X + Y?" names two topics; the ask said after the reason, in the same sentence ("…my own
  board, and I'd be grateful for 15 minutes on how you…"), names its topics; "listened to
  you on <podcast> talking about X" tells what they talked about; "and of course any advice
  you can give me for my career" asks nothing named;
- specific_reason: "You said that on the <podcast>" after a quote of theirs tells of them;
  "Thank you again for the tour of…" is a prior meeting, and "for taking my question" is
  part of it, no tie; "I haven't stopped thinking about it" says the hook landed, not why;
  a sentence telling of the organization, whatever else it says to the contact ("so I
  think you are the right person"), places them nowhere in the organization's work;
- sentences: a closing quote ends the sentence it closes.
"""

from __future__ import annotations

import pytest

from service.gate import GateContext
from service.gate.models import ContactProfile, ResearchFact
from tests.gate.helpers import ASK, PLANNED, assert_topics, letter, run_check


def test_an_indonesian_greeting() -> None:
    text = "Selamat pagi Bu Rina,\n\nYour talk on flood maps fits my work. " + PLANNED
    check = run_check(text + "\n\nJo", "addressed_to_contact")
    assert check.passed, check.message


def test_sub_points_indented_under_headings_are_items() -> None:
    text = letter(
        ASK + " My questions:\n"
        "1. Scheduling\n"
        "   a) how you set the night rota for the two wards\n"
        "   b) what you do when agency cover falls through\n"
        "2. Training\n"
        "   • how long a new graduate shadows before taking patients"
    )
    check = run_check(text, "preview_questions")
    found = [e.text for e in check.evidence]
    for item in (
        "a) how you set the night rota for the two wards",
        "b) what you do when agency cover falls through",
        "• how long a new graduate shadows before taking patients",
    ):
        assert item in found, found


@pytest.mark.parametrize(
    ("ask", "topics"),
    [
        ("15 min re your pricing sheet + the supplier audit?", 2),
        (
            "Your essay is the case I'm making to my own trustees, and I'd be grateful for 15 "
            "minutes on how you handled the pushback and what reporting you still asked for.",
            2,
        ),
    ],
)
def test_more_asks_that_name_their_topics(ask: str, topics: int) -> None:
    assert_topics(letter(ask), topics)


def test_what_they_talked_about_and_advice_for_me_are_no_topics() -> None:
    assert_topics(
        letter(
            "I listened to you on the Shelf Talk podcast talking about pallet returns, and it "
            "sounded just like our depot.",
            ASK + " I'd like to understand how you priced the returns contract, and of course "
            "any advice you can give me for my career in warehousing.",
        ),
        1,
    )


def test_a_quote_of_theirs_then_where_they_said_it() -> None:
    text = letter(
        '"Most rotas fail on the weekend, not the week." You said that on the Night Shift '
        "podcast in May. I manage a ward of 30 beds and our weekend rota is where it breaks.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message
    hook = check.evidence[0].text
    assert hook.startswith("You said that on the Night Shift podcast"), hook


def test_a_tour_they_gave_thanked_for_is_a_prior_meeting() -> None:
    text = letter(
        "Thank you again for the tour of the seed bank during the open day, and for taking my "
        "question about drying rooms so seriously. Since then I've started a placement at a "
        "county herbarium and want to train in seed conservation.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message
    ties = [e.text for e in check.evidence]
    assert not any("my question" in tie for tie in ties[1:]), ties


def test_thanks_for_their_time_is_no_meeting() -> None:
    text = letter(
        "Thank you for your time and for reading this. I'm a herbarium volunteer hoping to "
        "train in seed conservation.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.message


def test_thinking_about_it_since_is_no_tie() -> None:
    text = letter(
        "You said on the Night Shift podcast that most rotas fail on the weekend, and I haven't "
        "stopped thinking about it.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, [e.text for e in check.evidence]


def test_the_organizations_work_told_of_it_places_them_nowhere() -> None:
    context = GateContext(
        contact=ContactProfile(
            name="Ana Ruiz", title="Quality Officer", organization="Borealis Foods",
            seniority="junior",
        ),
        facts=[
            ResearchFact(text="Trained farmers to use solar dryers in 2024", about="person"),
            ResearchFact(
                text="Borealis Foods received organic certification for its dried apricot line",
                about="organization",
            ),
        ],
    )  # fmt: skip
    text = letter(
        "I know Borealis Foods is one of the biggest exporters of dried apricots in the region, "
        "so I think you are the right person for my questions.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


def test_a_mutual_connection_in_the_research_is_no_fact_to_ground_on() -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ruiz", title="Negotiator", seniority="mid"),
        facts=[
            ResearchFact(text="Spoke on a podcast about pricing period homes", about="person"),
            ResearchFact(text="Mutual connection: Tom Becker", about="person"),
        ],
    )
    text = letter(
        "Tom Becker suggested I reach out to you; he said we both studied in Cork. I'm a "
        "lettings administrator keen to move into sales negotiation.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


def test_whom_to_ask_is_told_not_asked() -> None:
    assert_topics(
        letter(
            "Jonas said you're the person to ask about hotel risk, and then I found your "
            "survey checklist.",
            ASK + " I'd ask which checklist items surveyors flag most and how you present "
            "findings to an owner.",
        ),
        2,
    )
