"""Kinds of phrasing the forty-eighth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the forty-eighth pass's first measure:
- addressed_to_contact: "Sawasdee ka Khun Arisa," (Thai) greets;
- time_ask: "15 minuets" is the autocorrect slip for minutes;
- specific_reason: "your career day talk on ER night shifts" is a talk (a career is no hook,
  a career day is an event); "the Eater video where you break down the focaccia" tells of
  them; a research fact of an interview they gave ("Told Health Club Management that…") is
  theirs, though the magazine's name holds "Club"; a hook that "helped me a lot" or "stuck
  with me", with the requester's own words beside it, is tied; a title written in lowercase
  ("cooking out of fire & saltbush") names their book;
- no_job_ask: "your talk was very eye-opening for me" asks for no opening.
"""

from __future__ import annotations

from service.gate import GateContext
from service.gate.models import ContactProfile, ResearchFact
from tests.gate.helpers import PLANNED, grounded_context, letter, run_check


def test_a_thai_greeting() -> None:
    text = "Sawasdee ka Khun Malee,\n\nYour post on tax forms fits my work. " + PLANNED
    check = run_check(text + "\n\nPloy", "addressed_to_contact")
    assert check.passed, check.message


def test_minuets_are_minutes() -> None:
    check = run_check(letter("Would you have 15 minuets for a call next week?"), "time_ask")
    assert check.passed, check.message


def test_a_career_day_talk_and_a_goal_beside_it() -> None:
    text = (
        "Hi Ms. Diaz! Your Eastside High career day talk on ICU night shifts stuck with me. I "
        "want to be an ICU nurse. Could we do a 15-min call on triage & clinical placements? "
        "Thanks for your time!"
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_video_where_they_work() -> None:
    text = letter(
        "I watched the Eater video where you break down the three-day sourdough at Pane Nero. "
        "I'm finishing culinary school and bread is where I want to specialise.",
        PLANNED,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_an_interview_they_gave_to_a_club_titled_magazine() -> None:
    context = GateContext(
        contact=ContactProfile(
            name="Ana Ruiz", title="CEO", organization="Pulse Gyms", seniority="executive"
        ),
        facts=[
            ResearchFact(
                text="Told Leisure Club Weekly that opening women-only strength floors in all "
                "9 gyms raised female membership by 15%",
                about="person",
            )
        ],
    )
    text = letter(
        "I read your Leisure Club Weekly interview about opening women-only strength floors "
        "across all 9 gyms. I'm a PT pitching a similar zone to my gym's owner.",
        PLANNED + " If a manager who set one up would be easier, I'd gladly talk to them.",
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_helped_me_a_lot_with_the_requester_beside_it() -> None:
    text = (
        "Dear Mr. Tran, I ship frozen seafood out of Hai Phong. Your post on reefer plug "
        "shortages there helped me a lot. May I ask 15 min on reefer booking & cold-chain "
        "audits? Thank you for your time"
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


def test_a_title_in_lowercase() -> None:
    context = grounded_context("Sous Chef", "Co-wrote the cookbook 'Ember & Quandong' (2023)")
    text = (
        "hey ana, been cooking out of ember & quandong for months now. i'm a line cook and just "
        "got moved onto our wood grill. any chance of 15 min for a call? would love to ask how "
        "you manage coals across a service and where you source quandong. cheers, jo"
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_eye_opening_is_no_opening() -> None:
    text = letter("Your talk on level layouts was very eye-opening for me.", PLANNED)
    assert run_check(text, "no_job_ask").passed
    asked = letter(PLANNED, "Is there an opening for me on your team?")
    assert not run_check(asked, "no_job_ask").passed
