"""Kinds of phrasing the sixteenth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the sixteenth pass's first measure:
- specific_reason: more pieces of theirs (a promo, grand rounds, "your board's decision");
  "…made me start thinking about becoming X"; the requester's "same decision", two sentences
  after the hook; "a leap" for a move; someone else "came home talking about" their work is
  no question; their employer's name (or its initials) grounds nothing by itself;
- time_ask: "twenty-ish minutes", "20ish mins";
- preview_questions: "the question you argued: whether…" tells of their work; "people in my
  field only talk about" is no cue; "15 min some evening on X & Y";
- no_sensitive_ask: "your pay-what-you-decide nights" is no question about their pay.
"""

from __future__ import annotations

import pytest

from service.gate import ContactProfile, GateContext, ResearchFact
from tests.gate.helpers import ASK, assert_topics, gate, grounded_context, letter, result


@pytest.mark.parametrize(
    "paragraph",
    [
        "Your Fish Friday promo for the Lugnuts is the reason I pitched a theme night to our "
        "club, and they said yes.",
        "I caught your grand rounds at St Luke's on Tuesday. I've just been handed our ward's "
        "teaching rota, and night staff are the ones we never reach.",
        "Your board's decision to bring payroll back in-house is the move we're weighing at "
        "the council right now.",
        "I read the audit guide you wrote for small kitchens, and it's what made me start "
        "thinking about becoming a food safety officer myself.",
    ],
)
def test_more_hooks_and_ties(paragraph: str) -> None:
    check = result(gate(letter(paragraph, ASK)), "specific_reason")
    assert check.passed, check.message


def test_the_same_decision_two_sentences_on() -> None:
    text = letter(
        "In the forum thread about slow builds, you explained why your team moved the monorepo "
        "from Maven to Bazel. I read it three times.",
        "I lead a small platform team at a logistics firm, and we now face the same decision "
        "with the same build times.",
        ASK,
    )
    check = result(gate(text), "specific_reason")
    assert check.passed, check.message


def test_a_leap_and_someone_elses_talk() -> None:
    context = grounded_context(
        "Chief Operating Officer",
        "Left a tenured readership in 2020 to become COO of a vertical-farming startup",
        "Introduced pay-what-you-can matinees, which tripled student attendance",
    )
    first = letter(
        "Walking away from a tenured readership for a startup is a leap most people in my "
        "department only talk about, and you did it. I'm a lecturer weighing the same move.",
        ASK,
    )
    assert result(gate(first, context=context), "specific_reason").passed
    second = letter(
        "Our director came home from Leeds talking about nothing but your pay-what-you-can "
        "matinees and the students they brought in, and our audience is ageing fast.",
        ASK,
    )
    report = gate(second, context=context)
    assert result(report, "specific_reason").passed
    assert result(report, "no_sensitive_ask").passed


def test_their_employers_name_grounds_nothing() -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ruiz", title="UX Designer", organization="Harbour Bank"),
        facts=[ResearchFact(text="Harbour Bank is a Scottish digital bank", about="organization")],
    )
    text = letter(
        "I'm so impressed by all the amazing work you do at Harbour Bank. I'm a print designer "
        "retraining in UX.",
        ASK,
    )
    assert not result(gate(text, context=context), "specific_reason").passed


@pytest.mark.parametrize("ask", ["Could I steal twenty-ish minutes?", "Got 20ish mins?"])
def test_about_so_many_minutes(ask: str) -> None:
    assert result(gate(letter(ask)), "time_ask").passed


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (
            letter(
                "My dissertation is on the question you argued last year: whether a landlord "
                "answers for a tenant's guests. " + ASK + " I'd ask how you prepared the "
                "appeal and what junior barristers do on such a case."
            ),
            2,
        ),
        (letter("Hi! 15 min some evening on feed costs & whether the grant covers it?"), 2),
    ],
)
def test_what_counts_as_a_topic(text: str, topics: int) -> None:
    assert_topics(text, topics)
