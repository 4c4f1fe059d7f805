"""Kinds of phrasing the sixty-ninth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the sixty-ninth pass's first measure:
- specific_reason, ties that are none: a verdict in -ing on the hook ("The jacking sequence
  was fascinating to see."), "I must say it is a very thorough report", "I have recommended
  it to my whole cohort", "thanks for stopping by my stand", "Kindly accept my request", a
  role "inspired by" the hook, and a bare "master's student in X";
- specific_reason, ties that are: "…is how I learned to tell pipistrelles apart";
- specific_reason, hooks: "your game jam entry", "your Skyrim mod";
- preview_questions: "how you made it" asks how they handled a move the message names ("you
  went from retail banking to wealth management"), a topic; with no move named, or as "how
  you made it in the industry", it restates the ask;
- specific_reason, grounding: the requester's own aim ("I'd like to move into flood
  modelling") or their own team's plan ("we're starting to move our renders to AWS") grounds
  no fact of the contact's, and one shared acronym places the contact in no fact about their
  organization.
"""

from __future__ import annotations

import pytest

from service.gate import GateContext
from service.gate.models import ContactProfile, ResearchFact
from tests.gate.helpers import (
    ASK,
    PLANNED,
    assert_topics,
    grounded_context,
    letter,
    run_check,
)


@pytest.mark.parametrize(
    "text",
    [
        letter("I watched your webinar on the Elm Street culvert replacement last month. The "
               "jacking sequence was fascinating to see.", PLANNED),
        letter("I read your report on rural pharmacy closures in Powys, and I must say it is a "
               "very thorough piece of research.", PLANNED),
        letter("Your postmortem on porting Saltmarsh to handhelds was a great read. It is "
               "clear and practical, and I have recommended it to my whole cohort.", PLANNED),
    ],
)  # fmt: skip
def test_remarks_on_the_hook_are_no_tie(text: str) -> None:
    check = run_check(text, "specific_reason")
    assert not check.passed, [e.text for e in check.evidence]


@pytest.mark.parametrize(
    "text",
    [
        letter("Your blog series on reading bat calls is how I learned to tell pipistrelles "
               "apart.", PLANNED),
        letter("I played your game jam entry Lantern Keeper last weekend, and its fog system is "
               "the thing I've been failing to build in my own Godot project.", PLANNED),
        letter("Your Skyrim mod that rebuilt the college quests is the reason I started "
               "scripting my own quests in Papyrus.", PLANNED),
    ],
)  # fmt: skip
def test_standalone_hooks_and_ties(text: str) -> None:
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_thanks_for_their_visit_and_a_bare_role() -> None:
    context = grounded_context(
        "Principal Engineer", "Judged the student design competition at RoadCon 2025"
    )
    text = letter(
        "It was good to meet you at RoadCon in May, and thanks again for stopping by my stand. "
        "I'm a master's student in transport planning.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


def test_a_role_inspired_by_the_hook_and_a_connection_request() -> None:
    context = grounded_context(
        "Chief Executive", "Became chief executive in 2022 after ten years as finance director"
    )
    text = (
        "Dear Ms Ruiz, I am an accounting graduate inspired by your rise from finance director "
        "to chief executive. Kindly accept my request; I would value 20 minutes to ask how "
        "you prepared for the board and which skills mattered most."
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


@pytest.mark.parametrize(
    "sentence",
    [
        "I heard your podcast on reservoir safety, and I'd like to move into flood modelling "
        "myself.",
        "I saw your talk on dam inspections, and we're starting to move our flood modelling "
        "onto the cloud.",
    ],
)
def test_the_requesters_own_aim_grounds_no_fact(sentence: str) -> None:
    context = grounded_context(
        "Senior Modeller", "Moved from hydrology into flood modelling in 2020"
    )
    check = run_check(letter(sentence, PLANNED), "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


def test_one_acronym_places_them_in_no_organization_fact() -> None:
    context = GateContext(
        contact=ContactProfile(
            name="Ana Ruiz", title="Lighting Supervisor", organization="Harbourlight Studio"
        ),
        facts=[
            ResearchFact(text="Led lighting on the feature Saltwind (2024)", about="person"),
            ResearchFact(text="Harbourlight moved its render farm to AWS in 2022",
                         about="organization"),
        ],
    )  # fmt: skip
    text = letter(
        "I came across your meetup talk on spot pricing for AWS, and it explained the bills "
        "that keep surprising my small studio.",
        ASK,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("Hi Ana, I heard you went from retail banking to wealth management at Corrin; I'm a "
         "teller weighing the same step. 15 minutes to ask how you made it and which exams "
         "you took first?", 2),
        (letter("Your switch from bedside nursing to infection control is the move I'm "
                "planning.", "Could we talk for 20 minutes? I'd ask how you did it and what "
                "your week looks like now."), 2),
        ("Hi Ana, I'm a teller hoping to move up. 15 minutes to ask how you made it and which "
         "exams you took first?", 1),
        ("Hi Ana, I heard you went from retail banking to wealth management; I'm a teller. 15 "
         "minutes to ask how you made it in the industry and which exams you took first?", 1),
    ],
)  # fmt: skip
def test_how_you_made_the_move_they_named(text: str, topics: int) -> None:
    assert_topics(text, topics)
