"""Kinds of phrasing the sixtieth pass showed the gate misreading, probed with new sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the sixtieth pass's first measure:
- specific_reason: "your team in Turkana is the one that switched…" is their team's work;
  "the one on moving fuel by barge…" after a hook is more of it, and the requester's line
  after ties; "your title sequence for…" is their work; "Building something similar for a
  port client: …" tells the requester's situation, while "It's rare to see councils doing
  something like this" does not; "…got me pitching a brewery myself" ties; "the portal your
  team put out in '22" grounds on "in 2022"; "you built Glasshouse in one" grounds on
  "Founded Glasshouse Studios"; "(Leeds, 2024)" after a role adds nothing; "my dream
  employer" is no tie;
- preview_questions: "Topics on my mind:" over items set apart by slashes names them; "The
  two things on my mind are how…" names its topics; "ask your grain settings" names one;
  "Two things I can't work out from the outside: …" announces them; "the old and new
  numbers" and "paper and electronic in parallel" are one thing each; "your journey since
  leaving" restates;
- time_ask: "I would be glad of 30 minutes" asks;
- no_job_ask: "introduce me to your HR manager, in case there are openings", "be on your
  roster", "introduce me to whoever is staffing the team" and "I think I could be a strong
  fit." ask for a job.
"""

from __future__ import annotations

import pytest

from service.gate.models import GateContext, ResearchFact
from tests.gate.helpers import ASK, PLANNED, assert_topics, grounded_context, letter, run_check


@pytest.mark.parametrize(
    "text",
    [
        letter(
            "A colleague told me your team in Turkana is the one that switched water-point "
            "reporting to SMS. I run a WASH programme in Garissa and we still use paper.",
            PLANNED,
        ),
        "hi Ms Ali\nsaw ur talk at the logistics forum in Kisumu\nthe one on moving fuel by "
        "barge when the roads flooded\ni run the fleet for an ngo in Busia, same floods every "
        "year\n" + PLANNED,
        letter(
            "Your title sequence for the series 'Tide Line' is the reason I chose motion over "
            "print. I'm finishing my degree in motion design.",
            PLANNED,
        ),
        letter(
            "Saw your thread breaking down the Norsk Rail icon system. Building something "
            "similar for a port client: 60 icons, two vendors, and the strokes already drift.",
            PLANNED,
        ),
        letter("Your cider labels with three guest printmakers got me pitching a farm shop myself.",
               PLANNED),
    ],
)  # fmt: skip
def test_theirs_and_tied(text: str) -> None:
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_others_doing_something_like_this_is_no_tie() -> None:
    text = letter(
        "I came across the 10-week returnship you designed at Hale. It's so rare to see "
        "councils doing something like this.",
        PLANNED,
    )
    context = grounded_context("Programme Lead", "Designed Hale Council's 10-week returnship")
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.message


def test_a_year_said_short_grounds() -> None:
    text = letter(
        "I volunteer with a civic-tech group and we're pushing our council to publish its data; "
        "the open-data portal your team put out at Hale in '22 is the example we point at.",
        PLANNED,
    )
    context = grounded_context(
        "Head of Data", "Led the launch of Hale Council's open data portal in 2022."
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_founding_their_organization_grounds() -> None:
    text = (
        "Renee, I'm converting an old barn into a rehearsal space—you built Brightwater in one. "
        + PLANNED
    )
    context = grounded_context(
        "Founder",
        "Founded Brightwater Studios in 2011 in a converted mill in Halifax.",
        organization="Brightwater Studios",
        seniority="executive",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


@pytest.mark.parametrize(
    "tie",
    [
        "I'm a marketing graduate (Leeds, 2024).",
        "Hartley Foods has been my dream employer for a while now.",
    ],
)
def test_no_tie(tie: str) -> None:
    text = letter("I read that you ran the launch of Hartley Foods' oat range last spring. " + tie,
                  PLANNED)  # fmt: skip
    context = GateContext(
        contact=grounded_context("Brand Manager", "x", organization="Hartley Foods").contact,
        facts=[ResearchFact(text="Ran the launch of Hartley Foods' oat range in 2025", about="person")],
    )  # fmt: skip
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.message


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (letter(ASK + " Topics on my mind:\nborehole siting vs repair / water testing after "
                "floods / who pays when pumps are stolen"), 3),
        (letter(ASK + " The two things on my mind are how you handled the month when the old "
                "and new figures didn't match, and whether store staff post their own counts."), 2),
        (letter("15 min to ask your colour settings + how you test on venue screens?"), 2),
        (letter(ASK + " Two things I can't work out from the outside: how you found your first "
                "clients, and whether you charged by the day."), 2),
        (letter(ASK + " I'd ask how long you ran paper and electronic in parallel."), 1),
        (letter(ASK + " I'd love to hear about your journey since leaving."), 0),
    ],
)  # fmt: skip
def test_topics_named_or_not(text: str, topics: int) -> None:
    assert_topics(text, topics)


def test_glad_of_thirty_minutes_asks() -> None:
    check = run_check(letter("I would be glad of 30 minutes, at any time convenient to you."),
                      "time_ask")  # fmt: skip
    assert check.passed, check.message


@pytest.mark.parametrize(
    "sentence",
    [
        "If you are busy, could you introduce me to your HR manager, in case there are "
        "openings for technicians?",
        "also would love to be on your roster someday if you're taking new people",
        "Could you introduce me to whoever is staffing the new office? I think I could be a "
        "strong fit.",
    ],
)
def test_asks_for_work(sentence: str) -> None:
    check = run_check(letter(PLANNED, sentence), "no_job_ask")
    assert not check.passed, check.message
