"""Kinds of phrasing the thirty-fifth pass showed the gate misreading, probed with new
sentences.

Written from the rubric (shared docs, GATE_RUBRIC.md) and the eval README's label
conventions after the thirty-fifth pass's first measure:
- specific_reason: their tool, changelog or judgment is their work ("your open-source
  pain/pacs parser"); the work their team or office did, named first or after ("the network
  meetings your team held", "your academy replaced its boilers"); a channel or posts in
  general name no piece of theirs; what the requester read or learned of them is about them
  ("I learned that Eastpoint introduced…"); the requester's own team's change ("we are
  moving from fixed locations to dynamic slotting") grounds no fact; a paper is a report;
  a goal the requester would like ("I'd like to spend the next decade designing…") or that
  the hook made them want ("made me want to become a physio") ties; a plan told before a
  hook that "made me think it's realistic" ties;
- preview_questions: "any other lessons you'd pass on", "any general advice for a small team
  like ours" name nothing;
- time_ask: "Could we take 20 mins on…?" asks;
- no_job_ask: "would someone with my background be a fit?";
- colleague_offer: "a current placement student" is a person, not a placement sought;
- addressed_to_contact: a vocative ("Pani Magdaleno" for Magdalena).
"""

from __future__ import annotations

import pytest

from service.gate.models import ContactProfile, GateContext, ResearchFact
from tests.gate.helpers import (
    ASK,
    STAFFED,
    assert_topics,
    grounded_context,
    letter,
    offer_check,
    run_check,
)

QUESTIONS = ASK + " I'd ask how you staffed it and how you measured the results."


@pytest.mark.parametrize(
    "hook",
    [
        "We must choose between your open-source MT940/CAMT parser and writing our own before "
        "the bank's cut-over in March.",
        "The mediation sessions your team held with tenants before any eviction hearing are the "
        "model my housing office is weighing.",
        "I read in the trust newsletter that your academy replaced its oil boilers with ground-"
        "source heat pumps; our school's boiler fails every winter.",
    ],
)
def test_their_tools_and_their_team_deeds_are_hooks(hook: str) -> None:
    check = run_check(letter(hook, QUESTIONS), "specific_reason")
    assert check.passed, check.message


@pytest.mark.parametrize(
    "praise",
    [
        "I've been following your YouTube channel for a while now and I'm inspired by your "
        "passion. I'm a chemistry teacher in Cebu.",
        "I've come across a few of your posts and have always admired the work you do at "
        "Harrow Civil. I'm a drainage engineer in Leeds.",
    ],
)
def test_a_channel_or_posts_in_general_are_no_hook(praise: str) -> None:
    check = run_check(letter(praise, QUESTIONS), "specific_reason")
    assert not check.passed, [e.text for e in check.evidence]


def test_what_they_read_of_them_is_about_them() -> None:
    context = grounded_context(
        "Chief Nursing Officer",
        "Introduced a self-rostering system with shift-preference bidding for ward nurses",
        organization="Harbourside Hospital",
    )
    text = letter(
        "I learned that Harbourside introduced self-rostering in which ward nurses bid for "
        "their preferred shifts. I manage a surgical ward where the rota is still built by hand.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


def test_the_requester_team_change_grounds_no_fact() -> None:
    context = grounded_context(
        "Warehouse Manager",
        "Moved the chilled warehouse from fixed pick locations to dynamic slotting",
        "Spoke at a logistics conference about slotting across temperature zones",
    )
    text = letter(
        "I have long admired your company, and next year we are moving from fixed pick "
        "locations to dynamic slotting in our chilled warehouse.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert not check.passed, [e.text for e in check.evidence]


def test_a_paper_is_a_report() -> None:
    context = GateContext(
        contact=ContactProfile(name="Ana Ruiz", title="Head of Policy", organization="Tilde"),
        facts=[
            ResearchFact(
                text="Authored the think tank's 2024 report on zero-hours contracts in retail",
                about="person",
            )
        ],
    )
    text = letter(
        "Your paper on zero-hours contracts in retail put into words what I see in my "
        "employment caseload every week.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason", context=context)
    assert check.passed, check.message


@pytest.mark.parametrize(
    "told",
    [
        "I'd like to spend the next decade designing flood-resilient housing, and the "
        "raised-floor homes your team built in Carlisle are exactly the work I picture myself on.",
        "Two years of rehab made me want to become a podiatrist, and then I heard you on a "
        "running podcast talking about going from elite cycling to a podiatry practice.",
    ],
)
def test_goals_tie(told: str) -> None:
    check = run_check(letter(told, QUESTIONS), "specific_reason")
    assert check.passed, check.message


def test_a_plan_then_a_hook_that_made_it_seem_possible() -> None:
    text = letter(
        "I'm a process chemist, and at 38 I may be late to be thinking about becoming a "
        "patent examiner. But your talk at the chemists' society, about leaving a pharma lab "
        "for the patent office at 40, made me think it's realistic.",
        QUESTIONS,
    )
    check = run_check(text, "specific_reason")
    assert check.passed, check.message


@pytest.mark.parametrize(
    "generic",
    [
        "and any other lessons you'd pass on to someone starting out.",
        "and of course any general advice you have for a small team like ours.",
    ],
)
def test_advice_in_general_names_nothing(generic: str) -> None:
    text = letter(ASK + " I'd mainly like to hear how you sealed the cases, " + generic)
    assert_topics(text, 1)


def test_could_we_take_minutes_asks() -> None:
    text = "Hi Ana, your report on respite grants is the model my team is weighing. Could we take 20 mins on eligibility and take-up?"
    check = run_check(text, "time_ask", channel="linkedin_connection_note")
    assert check.passed, check.message


def test_would_someone_like_me_be_a_fit() -> None:
    text = letter(
        QUESTIONS,
        "Also, is the team hiring in Lisbon, and would someone with my background be a fit?",
    )
    check = run_check(text, "no_job_ask")
    assert not check.passed, check.message


def test_a_placement_student_is_someone_else() -> None:
    check = offer_check(
        STAFFED,
        "If it's easier, I'd be glad to speak with one of your nurses or a current placement "
        "student instead.",
    )
    assert check.passed, check.message


def test_a_vocative_greets() -> None:
    context = grounded_context(
        "Policy Officer", "Wrote the city's school phone policy", name="Magdalena Nowak"
    )
    text = "Dzień dobry, Pani Magdaleno,\n\n" + QUESTIONS + "\n\nJo"
    check = run_check(text, "addressed_to_contact", context=context)
    assert check.passed, check.message
