"""Kinds of phrasing the seventy-fifth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the seventy-fifth pass's first measure, all specific_reason:
- a newsroom's and an editorial board's pieces are their work: a recap, an editor's note,
  a data base, a dissent, an editorial; so is their part credited in someone else's book;
- "…is what got me to apply", "…is what made me want to cover farming myself" tie the hook
  to a step the requester took;
- praise said in the first person ("one of the sharpest explainers I've watched", "I have
  deep admiration for how you…") is no tie;
- the requester's own division ("I'm a planner working in the transport strategy division
  of Leeds City Council") is not the contact's team;
- grounded: another person a fact names by title ("…deputy to Dr. Alan Pryce") is nothing
  the contact did, and work done "under your predecessor" is not theirs; "the work you do in
  inventory software" is their employer's field; "the same nursing degree" is a connection;
  "your path from hospital pharmacy into market access" is their move.
"""

from __future__ import annotations

import pytest

from service.gate import GateContext
from service.gate.models import ContactProfile, ResearchFact
from tests.gate.helpers import PLANNED, grounded_context, letter, run_check

TIE = "I cover the county beat for a weekly paper and we are weighing the same change."


@pytest.mark.parametrize(
    "hook",
    [
        "Your Monday council recap is the first thing our newsroom reads.",
        "I read your editor's note in the spring issue about closing the print desk.",
        "Your rail-fares data base that ran in the Courier last year is still open on my desk.",
        "Your dissent on the licensing panel about the late-night permits was widely shared.",
        "Your editorial in the Lancet arguing for a sugar levy on school meals stayed with me.",
    ],
)
def test_newsroom_and_editorial_pieces_are_their_work(hook: str) -> None:
    check = run_check(letter(hook + " " + TIE, PLANNED), "specific_reason")
    assert check.passed, check.message


def test_their_part_credited_in_someone_elses_book() -> None:
    text = letter(
        "In the acknowledgements of Night Ferry the author thanks you for two years of line "
        "edits that cut the book by a third. I edit a small poetry press and have never "
        "worked on a novel that long.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


@pytest.mark.parametrize(
    ("hook", "passed"),
    [
        ("Your dispatch from the grain convoy is what got me to apply to the night course.", True),
        ("Your series on dairy closures is what made me want to cover farming myself.", True),
        ("Your series on dairy closures is what drew me to the field.", False),
    ],
)
def test_a_step_taken_because_of_the_hook(hook: str, passed: bool) -> None:
    check = run_check(letter(hook, PLANNED), "specific_reason")
    assert check.passed is passed, check.message


@pytest.mark.parametrize(
    "praise",
    [
        "Honestly one of the sharpest explainers I've watched and the graphics are great too.",
        "I have deep admiration for how calmly you took the questions afterwards.",
    ],
)
def test_praise_in_the_first_person_is_no_tie(praise: str) -> None:
    text = letter(
        "I watched your webinar on pricing annual contracts for hospital buyers. " + praise,
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.evidence


def test_the_requesters_own_division_is_not_their_team() -> None:
    text = letter(
        "I am a planner working in the transport strategy division of Leeds City Council. A "
        "colleague's study of bus lanes surprised me, because our council is now weighing one.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.evidence


def test_another_person_named_by_title_in_a_fact_is_not_their_deed() -> None:
    context = grounded_context(
        "Chief Executive",
        "Became chief executive in 2023 after serving as deputy to Dr. Alan Pryce",
    )
    text = letter(
        "I write about the discharge policy the trust adopted under your predecessor, "
        "Dr. Pryce. I run discharge planning at a smaller trust and we are revisiting ours.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.evidence


def test_work_under_their_predecessor_is_not_theirs() -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ruiz", title="Director", organization="the Institute"),
        facts=[
            ResearchFact(text="Became director in 2024", about="person"),
            ResearchFact(
                text="Under Dr. Pryce the institute issued 2022 guidance against ward closures "
                "during norovirus outbreaks",
                about="organization",
            ),
        ],
    )
    text = letter(
        "I write to you about the 2022 guidance against ward closures during norovirus "
        "outbreaks that the institute issued under your predecessor. I advise our hospital "
        "group on outbreaks and must revisit it this winter.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.evidence


def test_the_work_you_do_in_their_employers_field() -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ruiz", title="Account Manager", organization="Tillwise"),
        facts=[
            ResearchFact(text="Runs Tillwise's onboarding for grocery chains", about="person"),
            ResearchFact(text="Tillwise sells inventory software to grocers", about="organization"),
        ],
    )
    text = letter(
        "I manage three grocery stores and I'm moving into customer success; Tillwise keeps "
        "coming up because of the work you do in inventory software for grocers.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.evidence


def test_the_same_degree_however_qualified_is_a_connection() -> None:
    context = grounded_context("Ward Manager", "Completed the same adult nursing degree in 2019")
    text = letter(
        "I'm in the second year of adult nursing, the same degree you completed in 2019, and I "
        "want to learn how ward managers plan rotas.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.evidence


def test_your_path_from_one_field_into_another_is_their_move() -> None:
    context = grounded_context(
        "Market Access Manager",
        "Left a hospital pharmacy post in 2021 to join Medica's market access team",
        organization="Medica",
    )
    text = letter(
        "I'm a hospital pharmacist, and your path from our pharmacy into market access is "
        "exactly the one I'm hoping to follow.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message
