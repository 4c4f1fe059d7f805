"""Kinds of phrasing the seventy-seventh pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the seventy-seventh pass's first measure:
- time_ask: a note's "15m on X + Y?" or "15m for q's?" asks for fifteen minutes (money,
  "$15m", and "15m users" do not);
- specific_reason: "your e-I-9 rollout across 4 plants" is the fact "an electronic I-9
  system across four plants"; "I see in LinkedIn that you go from X to Y" tells their move;
  a hook that is a template slot ("your recent post about [TOPIC]", "I noticed [mention
  their class here]") names nothing; a unit they served in is a connection, as a school is,
  unless the fact tells them leaving it; "one of the best briefs I saw all week" is praise.
"""

from __future__ import annotations

import pytest

from tests.gate.helpers import PLANNED, grounded_context, letter, run_check

NOTE_HOOK = (
    "Hi Leo, your post on contract tests hit home, I'm a QA tester drowning in flaky suites."
)


@pytest.mark.parametrize(
    ("ask", "passed"),
    [
        ("15m on your Pact setup + getting dev buy-in?", True),
        ("15m for q's on Pact setup?", True),
        ("Congrats on the $15m round btw. Any chance of a chat?", False),
        ("How did you get to 15m users so fast?", False),
    ],
)
def test_minutes_written_as_m_in_a_note(ask: str, passed: bool) -> None:
    text = f"{NOTE_HOOK} {ask}"
    check = run_check(text, "time_ask", channel="linkedin_connection_note")
    assert check.passed is passed, check.message


def test_a_prefix_and_a_digit_name_the_fact() -> None:
    context = grounded_context(
        "HR Manager", "Put an electronic W-4 system in place across three depots in 2024"
    )
    text = letter(
        "I ran the paperwork for 600 new drivers, so your e-W-4 rollout across 3 depots is "
        "what I want to learn.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_a_move_told_in_the_present() -> None:
    text = letter(
        "I see in LinkedIn that you go from Army mechanic to fleet maintenance planner at a bus "
        "company. This is the same change I want to do, because I plan the services for our "
        "vehicles every month.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_template_slot_is_no_hook() -> None:
    text = letter(
        "I read your recent post about [SPECIFIC POST TOPIC] and it connected directly with "
        "what I did as a shift supervisor.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.evidence


def test_a_template_slot_grounds_no_fact() -> None:
    context = grounded_context("Broker", "Teaches a prep class for the customs broker exam")
    text = letter(
        "I noticed [mention their class/article here], and since I'm studying for the exam "
        "right now it would be great to hear from you.",
        PLANNED,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, check.evidence


@pytest.mark.parametrize(
    ("fact", "sentence", "passed"),
    [
        (
            "Served in 1st Battalion, 5th Marines from 2008 to 2012",
            "Saw you were with 1st Battalion, 5th Marines from '08 to '12. I was in Charlie "
            "Company there in 2011, so we probably crossed paths.",
            False,
        ),
        (
            "Served in the Royal Signals for six years before joining the telecoms regulator",
            "You went from the Royal Signals into the telecoms regulator, the move I'm planning "
            "after twelve years as a radio technician.",
            True,
        ),
    ],
)
def test_a_unit_they_served_in(fact: str, sentence: str, passed: bool) -> None:
    context = grounded_context("Project Manager", fact)
    check = run_check(letter(sentence, PLANNED), "specific_reason", context=context)
    assert check.passed is passed, check.evidence


def test_the_best_brief_i_saw_is_praise() -> None:
    text = letter(
        "I watched your keynote on forecasting spares for regional fleets, and the cut in "
        "grounded aircraft was an outstanding result, honestly one of the best briefs I saw "
        "all week.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert not check.passed, check.evidence
