"""Kinds of phrasing the sixty-seventh pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the sixty-seventh pass's first measure:
- time_ask: a hard wrap inside the ask ("Could I have 15\\nminutes", "half an\\nhour") still
  asks for the time;
- colleague_offer: "one of the nurses who runs the referrals instead", "sit down with
  whichever planner is working on the scheme" and "Your caseworker who has been handling the
  appeals would be a great person to speak to" offer someone; "anyone from your office is
  welcome to join us as well" adds people, it offers no one instead;
- specific_reason: "I run our CI" ties by a field in two capitals, "I recently finished an MA"
  does not; "the checklist you give your new starters" is something they made; "your written
  question" and "your motion" are what an elected member put to the house, and "your written
  question on how many…" names their question, not the requester's;
- addressed_to_contact: "Cllr Osei," greets by name;
- preview_questions: "walk you through our revised layout" and "whether you'd be willing to
  raise it with the board" are the requester presenting and asking for action, no topics.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import ASK, PLANNED, assert_topics, letter, offer_check, run_check


@pytest.mark.parametrize(
    ("ask", "minutes"),
    [
        ("Could I have 15\nminutes of your time next week?", 15),
        ("Would you be open to half an\nhour on a call this month?", 30),
    ],
)
def test_a_hard_wrap_inside_the_ask(ask: str, minutes: int) -> None:
    check = run_check(letter(ask + " I'd ask how you staffed the pilot."), "time_ask")
    assert check.passed, check.message
    assert check.details["minutes_max"] == minutes


@pytest.mark.parametrize(
    ("sentence", "offers"),
    [
        ("If it's easier, I'd be glad to speak to one of the nurses who runs the referrals "
         "instead.", True),
        ("If that suits better, I'd happily sit down with whichever planner is working on the "
         "scheme.", True),
        ("Your caseworker who has been handling the appeals would be a great person to speak to "
         "if that's simpler.", True),
        ("Anyone from your office is welcome to join us as well.", False),
    ],
)  # fmt: skip
def test_offers(sentence: str, offers: bool) -> None:
    check = offer_check(PLANNED, sentence)
    assert check.passed is offers, check.message


@pytest.mark.parametrize(
    ("paragraph", "tied"),
    [
        ("Your post on splitting slow test suites hit home - I run our CI.", True),
        ("I read your essay on co-producing exhibitions with local groups. I recently finished "
         "an MA.", False),
        ("A colleague showed me the checklist you give your new starters on the ward. I start "
         "as a newly qualified nurse in March and nobody has laid the first weeks out so "
         "clearly.", True),
        ("I saw your written question to the transport minister about rural bus cuts. I chair "
         "the users' group for the 52, which lost its evening runs in May.", True),
        ("Your motion to keep the library open late mattered to me as a night-shift worker who "
         "studies there.", True),
    ],
)  # fmt: skip
def test_reasons(paragraph: str, tied: bool) -> None:
    check = run_check(letter(paragraph, PLANNED), "specific_reason")
    assert check.passed is tied, check.message


def test_their_written_question_is_not_the_requesters() -> None:
    text = letter(
        "Your written question on how many schools have lost their crossing patrols is the "
        "question my dissertation keeps circling.",
        PLANNED,
    )
    check = assert_topics(text, 2)
    assert all("crossing" not in e.text for e in check.evidence)


def test_a_councillor_greeted_by_title() -> None:
    check = run_check("Cllr Osei,\n\n" + PLANNED + "\n\nJo", "addressed_to_contact")
    assert check.passed, check.message


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (letter(ASK + " I'd like to hear what the council decided, and also to walk you through "
                "our revised layout for the yard."), 1),
        (letter(ASK + " I'd ask what happened to the crossing proposal, and whether you'd be "
                "willing to raise it with the board."), 1),
    ],
)  # fmt: skip
def test_topics(text: str, topics: int) -> None:
    assert_topics(text, topics)
